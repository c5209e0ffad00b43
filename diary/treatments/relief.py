"""A block's result from its post-block ratings: computed, never typed.

Missing answers stay missing: a relief run stops at the first prompt that came due
unanswered, and a duration that a missing answer cut short is never called
concordant. Plain data in, a JSON-ready dict out.
"""

import dataclasses
import datetime as dt

from diary.treatments.config import TreatmentSettings
from diary.treatments.prompt_times import BASELINE


@dataclasses.dataclass(frozen=True)
class RatingData:
    slot: str
    answered_at: dt.datetime
    pain: int
    movement_provokes: bool | None = None


@dataclasses.dataclass(frozen=True)
class BlockData:
    id: int
    performed_at: dt.datetime
    anaesthetic: str
    expected_minutes: tuple[int, int] | None
    due: dict  # {slot: due moment}, in schedule order (diary.treatments.prompt_times.due_times)
    ratings: tuple[RatingData, ...]
    ended_at: dt.datetime | None = None  # the patient ended the diary early


def _minutes(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 60)


def relief_percent(baseline: int, pain: int) -> int:
    return round((baseline - pain) * 100 / baseline)


def _duration(post: list, threshold: int) -> tuple[int, str]:
    """Minutes from the block to the last rating of the unbroken run at or above the
    threshold, and what ended the run: `below`, `missing` (a prompt came due and was
    not answered) or `diary_end` (still relieved at the last prompt)."""
    minutes = 0
    for row in post:
        if row["status"] != "answered":
            return minutes, "missing"
        if row["relief_percent"] < threshold:
            return minutes, "below"
        minutes = max(minutes, row["minutes_after"])
    return minutes, "diary_end"


def concordance(minutes: int, ended_by: str, expected: tuple[int, int] | None) -> str | None:
    """Does complete relief last as long as the anaesthetic is expected to act?
    `concordant`, `discordant`, or `unknown` where missing answers leave it open."""
    if expected is None:
        return None
    low, high = expected
    if minutes > high:
        return "discordant"  # lasted longer than the anaesthetic acts: known even with gaps
    if ended_by in ("missing", "diary_end"):
        return "concordant" if ended_by == "diary_end" and minutes >= low else "unknown"
    return "concordant" if minutes >= low else "discordant"


def block_result(block: BlockData, now: dt.datetime, t: TreatmentSettings) -> dict:
    """Each prompt (answered, missing or upcoming) and, when the answers allow, the result."""
    by_slot = {rating.slot: rating for rating in block.ratings}
    cutoff = min(now, block.ended_at) if block.ended_at else now
    baseline = by_slot.get(BASELINE)
    rows = []
    for slot, due_at in block.due.items():
        rating = by_slot.get(slot)
        row = {
            "slot": slot,
            "due_at": due_at,
            "status": "upcoming",
            "answered_at": None,
            "pain": None,
            "movement_provokes": None,
            "relief_percent": None,
            "minutes_after": None,
        }
        if rating is not None:
            row.update(
                status="answered",
                answered_at=rating.answered_at,
                pain=rating.pain,
                movement_provokes=rating.movement_provokes,
                minutes_after=_minutes(rating.answered_at - block.performed_at),
            )
            if slot != BASELINE and baseline is not None and baseline.pain > 0:
                row["relief_percent"] = relief_percent(baseline.pain, rating.pain)
        elif block.ended_at is not None and due_at > block.ended_at:
            row["status"] = "ended"  # the patient ended the diary before this prompt
        elif due_at <= cutoff:
            row["status"] = "missing"
        rows.append(row)

    post = [row for row in rows if row["slot"] != BASELINE and row["status"] in ("answered", "missing")]
    answered = [row for row in post if row["status"] == "answered"]
    expected = tuple(block.expected_minutes) if block.expected_minutes else None
    complete = block.ended_at is not None or all(row["status"] != "upcoming" for row in rows)
    summary = {
        "prompts": rows,
        "answered": len(answered),
        "due": len(post),
        "complete": complete,
        "expected_minutes": list(expected) if expected else None,
        "baseline_pain": baseline.pain if baseline else None,
    }

    reason = None
    if baseline is None:
        reason = "no_baseline"
    elif baseline.pain == 0:
        reason = "baseline_without_pain"
    elif not answered or len(answered) < t.min_answered_share * len(post):
        reason = "too_few_answers"
    if reason:
        return {**summary, "result": None, "reason": reason}

    partial_minutes, partial_end = _duration(post, t.partial_relief_percent)
    full_minutes, full_end = _duration(post, t.complete_relief_percent)
    max_relief = max(row["relief_percent"] for row in answered)
    fits = concordance(full_minutes, full_end, expected) if max_relief >= t.complete_relief_percent else None
    result = {
        "max_relief_percent": max_relief,
        "minutes_relief_50": partial_minutes,
        "relief_50_ended_by": partial_end,
        "minutes_relief_80": full_minutes,
        "relief_80_ended_by": full_end,
        "concordance": fits,
        # A single block counts toward the screening when it relieved >= 80% for as
        # long as its anaesthetic acts: a discordant one is not counted.
        "positive": max_relief >= t.complete_relief_percent and fits == "concordant",
    }
    return {**summary, "result": result, "reason": None}


def comparative_result(
    first: dict, second: dict, first_block: BlockData, second_block: BlockData, t: TreatmentSettings
) -> dict:
    """Two blocks of one structure with different anaesthetics (Barnsley et al. 1993):
    positive when both relieved >= 80% and the longer-acting one relieved longer."""
    out = {
        "first": first_block.id,
        "second": second_block.id,
        "positive": False,
        "reason": None,
        "both_relieved": None,
        "longer_acting_longer": None,
    }
    if first["result"] is None or second["result"] is None:
        return {**out, "reason": "a_block_without_result"}
    if first_block.anaesthetic == second_block.anaesthetic or not (
        first_block.expected_minutes and second_block.expected_minutes
    ):
        return {**out, "reason": "same_anaesthetic"}
    pairs = [(first_block, first["result"]), (second_block, second["result"])]
    (_, short), (_, long) = sorted(pairs, key=lambda pair: pair[0].expected_minutes[1])
    both = all(result["max_relief_percent"] >= t.complete_relief_percent for _, result in pairs)
    out["both_relieved"] = both
    if not both:
        return out
    if "missing" in (short["relief_80_ended_by"], long["relief_80_ended_by"]):
        return {**out, "reason": "missing_answers"}
    out["longer_acting_longer"] = long["minutes_relief_80"] > short["minutes_relief_80"]
    out["positive"] = out["longer_acting_longer"]
    return out
