"""Treatments in clinical words, one line each, for the clinician's PDF (and any
plain-text summary). Decision support: figures and their limits, never a verdict."""

from diary.treatments.prompt_times import BASELINE


def _minutes(value: int) -> str:
    return f"{value} min" if value < 60 else f"{value / 60:.1f} h".replace(".0 h", " h")


def _date(value) -> str:
    return value.strftime("%-d %b %Y")


def block_line(procedure: dict) -> str:
    """One procedure and its result, e.g. "Medial branch block C2-C3 right, lidocaine
    (diagnostic), 21 Nov 2026: max relief 90%; >= 80% for 1.5 h (expected 1-2 h:
    concordant); 10/10 prompts answered"."""
    where = " ".join(filter(None, [", ".join(procedure["levels"]), procedure["side"]]))
    head = f"{procedure['kind_label']} {where}".strip()
    if procedure["anaesthetic"]:
        head += f", {procedure['anaesthetic']}"
    head += f" ({procedure['purpose']}), {_date(procedure['performed_at'])}"
    if procedure["recorded_elsewhere"]:
        relief = procedure["entered_relief_percent"]
        return f"{head}: done elsewhere; relief as entered {relief if relief is not None else 'not given'}%"
    diary = procedure["diary"]
    if not diary:
        return head
    answered = f"{diary['answered']}/{diary['due']} timed prompts answered"
    if diary["result"] is None:
        reasons = {
            "too_few_answers": "too few answers",
            "no_baseline": "no baseline pain score",
            "baseline_without_pain": "baseline pain 0",
        }
        return f"{head}: no result ({reasons.get(diary['reason'], diary['reason'])}; {answered})"
    result = diary["result"]
    text = (
        f"{head}: baseline pain {diary['baseline_pain']}/10; max relief {result['max_relief_percent']}%; "
        f">= 50% for {_minutes(result['minutes_relief_50'])}; >= 80% for {_minutes(result['minutes_relief_80'])}"
    )
    if result["relief_80_ended_by"] == "missing":
        text += " (then a missing answer)"
    if result["concordance"] and diary["expected_minutes"]:
        low, high = diary["expected_minutes"]
        text += f" (expected {_minutes(low)}-{_minutes(high)}: {result['concordance']})"
    pair = procedure.get("comparative")
    if pair and pair["both_relieved"] is not None:
        text += (
            "; comparative pair: longer-acting agent gave longer relief"
            if pair["longer_acting_longer"]
            else "; comparative pair: longer-acting agent did not give longer relief"
        )
    missing = [p["slot"] for p in diary["prompts"] if p["status"] == "missing" and p["slot"] != BASELINE]
    text += f"; {answered}" + (f" (missing: {', '.join(missing)})" if missing else "")
    return text


def comparison_line(event: dict) -> str:
    """One timeline event and its before/after figures, or why there are none."""
    head = f"{_date(event['date'])} {event['title'] or event['kind_label']} ({event['kind_label'].lower()})"
    comparison = event["comparison"]
    before, after = comparison["before"], comparison["after"]
    if not comparison["enough_diary"]:
        return (
            f"{head}: not enough diary ({', '.join(r.replace('_', ' ') for r in comparison['reasons'])}; "
            f"logged days {before['logged_days']} before, {after['logged_days']} after)"
        )
    text = (
        f"{head}: headache days/30 {before['headache_days_per_30']} -> {after['headache_days_per_30']}; "
        f"median severity {before['median_severity']} -> {after['median_severity']}; "
        f"acute medication days/30 {before['acute_medication_days_per_30']} -> "
        f"{after['acute_medication_days_per_30']} (logged days {before['logged_days']} vs {after['logged_days']})"
    )
    benefit = event.get("benefit")
    if benefit and benefit["status"] == "waned":
        text += f"; benefit lasted about {benefit['lasted_days']} days, headache days back to >= 50% of baseline"
    elif benefit and benefit["status"] == "lasting":
        text += f"; benefit continuing at {benefit['lasted_days']} days"
    return text


def clinician_lines(summary: dict) -> list[str]:
    """The PDF's "Procedures and treatments" section from treatment_summary_for()."""
    lines = [block_line(procedure) for procedure in summary["procedures"]]
    lines += [comparison_line(event) for event in summary["events"]]
    return lines
