"""Treatments in clinical words, one line each, for the clinician's PDF (and any
plain-text summary), in the reader's language (the active one: the PDF's). Decision
support: figures and their limits, never a verdict."""

from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from diary.treatments.prompt_times import BASELINE


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0").replace(".", get_format("DECIMAL_SEPARATOR"))


def _minutes(value: int) -> str:
    if value < 60:
        return _("{minutes} min").format(minutes=value)
    return _("{hours} h").format(hours=_number(value / 60))


def _date(value) -> str:
    return date_format(value, "j M Y")


def _side(code: str | None) -> str:
    sides = {
        "left": pgettext("the side of a block", "left"),
        "right": pgettext("the side of a block", "right"),
        "both": pgettext("the side of a block", "both"),
        "midline": pgettext("the side of a block", "midline"),
    }
    return sides.get(code, code or "")


def _purpose(code: str) -> str:
    purposes = {"diagnostic": _("diagnostic"), "treatment": pgettext("a block's purpose", "treatment")}
    return purposes.get(code, code)


def _concordance(code: str) -> str:
    words = {
        "concordant": _("concordant"),
        "discordant": _("discordant"),
        "unknown": pgettext("a block's concordance", "unknown"),
    }
    return words.get(code, code)


def block_line(procedure: dict) -> str:
    """One procedure and its result, e.g. "Medial branch block C2-C3 right, lidocaine
    (diagnostic), 21 Nov 2026: max relief 90%; >= 80% for 1.5 h (expected 1-2 h:
    concordant); 10/10 prompts answered"."""
    where = " ".join(filter(None, [", ".join(procedure["levels"]), _side(procedure["side"])]))
    head = f"{procedure['kind_label']} {where}".strip()
    if procedure["anaesthetic"]:
        head += f", {procedure['anaesthetic']}"
    head += f" ({_purpose(procedure['purpose'])}), {_date(procedure['performed_at'])}"
    if procedure["recorded_elsewhere"]:
        relief = procedure["entered_relief_percent"]
        if relief is None:
            return _("{block}: done elsewhere; relief as entered not given").format(block=head)
        return _("{block}: done elsewhere; relief as entered {percent}%").format(block=head, percent=relief)
    diary = procedure["diary"]
    if not diary:
        return head
    answered = _("{answered}/{due} timed prompts answered").format(answered=diary["answered"], due=diary["due"])
    if diary["result"] is None:
        reasons = {
            "too_few_answers": _("too few answers"),
            "no_baseline": _("no baseline pain score"),
            "baseline_without_pain": _("baseline pain 0"),
        }
        return _("{block}: no result ({reason}; {answered})").format(
            block=head, reason=reasons.get(diary["reason"], diary["reason"]), answered=answered
        )
    result = diary["result"]
    text = _(
        "{block}: baseline pain {baseline}/10; max relief {percent}%; >= 50% for {relief_50}; >= 80% for {relief_80}"
    ).format(
        block=head,
        baseline=diary["baseline_pain"],
        percent=result["max_relief_percent"],
        relief_50=_minutes(result["minutes_relief_50"]),
        relief_80=_minutes(result["minutes_relief_80"]),
    )
    if result["relief_80_ended_by"] == "missing":
        text += " " + _("(then a missing answer)")
    if result["concordance"] and diary["expected_minutes"]:
        low, high = diary["expected_minutes"]
        text += " " + _("(expected {low}-{high}: {concordance})").format(
            low=_minutes(low), high=_minutes(high), concordance=_concordance(result["concordance"])
        )
    pair = procedure.get("comparative")
    if pair and pair["both_relieved"] is not None:
        text += "; " + (
            _("comparative pair: longer-acting agent gave longer relief")
            if pair["longer_acting_longer"]
            else _("comparative pair: longer-acting agent did not give longer relief")
        )
    missing = [p["slot"] for p in diary["prompts"] if p["status"] == "missing" and p["slot"] != BASELINE]
    text += f"; {answered}"
    if missing:
        text += " " + _("(missing: {slots})").format(slots=", ".join(missing))
    return text


def comparison_line(event: dict) -> str:
    """One timeline event and its before/after figures, or why there are none."""
    head = f"{_date(event['date'])} {event['title'] or event['kind_label']} ({event['kind_label'].lower()})"
    comparison = event["comparison"]
    before, after = comparison["before"], comparison["after"]
    if not comparison["enough_diary"]:
        reasons = {
            "not_enough_diary_before": _("not enough diary before"),
            "after_window_not_reached": _("after window not reached"),
            "not_enough_diary_after": _("not enough diary after"),
        }
        return _("{event}: not enough diary ({reasons}; logged days {before} before, {after} after)").format(
            event=head,
            reasons=", ".join(reasons.get(r, r.replace("_", " ")) for r in comparison["reasons"]),
            before=before["logged_days"],
            after=after["logged_days"],
        )
    text = _(
        "{event}: headache days/30 {days_before} -> {days_after}; median severity {severity_before} -> "
        "{severity_after}; acute medication days/30 {medication_before} -> {medication_after} "
        "(logged days {logged_before} vs {logged_after})"
    ).format(
        event=head,
        days_before=before["headache_days_per_30"],
        days_after=after["headache_days_per_30"],
        severity_before=before["median_severity"],
        severity_after=after["median_severity"],
        medication_before=before["acute_medication_days_per_30"],
        medication_after=after["acute_medication_days_per_30"],
        logged_before=before["logged_days"],
        logged_after=after["logged_days"],
    )
    benefit = event.get("benefit")
    if benefit and benefit["status"] == "waned":
        text += "; " + _("benefit lasted about {days} days, headache days back to >= 50% of baseline").format(
            days=benefit["lasted_days"]
        )
    elif benefit and benefit["status"] == "lasting":
        text += "; " + _("benefit continuing at {days} days").format(days=benefit["lasted_days"])
    return text


def clinician_lines(summary: dict) -> list[str]:
    """The PDF's "Procedures and treatments" section from treatment_summary_for()."""
    lines = [block_line(procedure) for procedure in summary["procedures"]]
    lines += [comparison_line(event) for event in summary["events"]]
    return lines
