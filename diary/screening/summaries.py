"""Plain-language text for a screening report.

The patient's text is calm, leads with any red flag and what to do now, and
never names a condition as theirs; the clinician's is terse, with the figures
and the criteria names. Neither calls anything a diagnosis.
"""

from diary.choices import EntryRedFlag
from diary.red_flags import advice_for
from diary.screening.engine import INSUFFICIENT_DATA, NONE, POSSIBLE, PROBABLE, URGENT_REVIEW, Report
from diary.screening.thresholds import Thresholds, current_thresholds

PATTERN_FLAG_TEXT = {
    "new_after_50": "your headaches began in the last year, after the age of 50",
    "pattern_change": "you had many more headache days in the last 30 days than in the two months before",
    "new_side_locked": "your headaches began in the last few months and always stay on the same side",
}

SIGNAL_TEXT = {
    "side_locked": "they stay on the same side",
    "mechanical_trigger": "they often follow neck movement, holding one posture, or pressure on the neck",
    "neck_onset": "they often begin in the neck or the back of the head",
    "ipsilateral_neck_arm_pain": "they often come with neck, shoulder or arm pain on the same side",
    "clinical_exam": "a clinician's neck examination found a sign that fits",
}

DIFFERENTIAL_TEXT = {
    "migraine": "Some of your headaches have features that are also common in migraine.",
    "chronic_migraine": "You had headaches on many days, several with features that are also common in migraine.",
    "tension_type": "Many of your headaches have features that are also common in tension-type headache.",
    "cluster": "Some headaches were short, severe and around one eye, with eye or nose symptoms: "
    "please tell a clinician about these.",
    "hemicrania_continua": "Your headache is on one side almost every day, with eye or nose symptoms: "
    "please tell a clinician about this.",
    "medication_overuse": "You took painkillers on many days. Taking them this often can itself keep headaches "
    "going; talk to a clinician before you change how you take them.",
}

NOT_A_DIAGNOSIS = (
    "This is not a diagnosis: only a clinician who examines you can say where headaches come from."
)


def _day(date) -> str:
    return f"{date.day} {date:%B}"


def _red_flag_text(report: Report) -> str:
    advice = advice_for([flag.code for flag in report.red_flags])
    noted = []
    for flag in report.red_flags:
        if flag.entry is None:
            noted.append(PATTERN_FLAG_TEXT[flag.code])
        else:
            noted.append(f"on {_day(flag.date)}: {EntryRedFlag(flag.code).label.lower()}")
    return (
        f"{advice['message']} Your diary shows: {'; '.join(noted)}. "
        "Until a clinician has looked at this, this page makes no comment on the pattern of your headaches."
    )


def patient_summary(report: Report, t: Thresholds | None = None) -> str:
    t = t or current_thresholds()
    w = report.window
    if report.level == URGENT_REVIEW:
        return _red_flag_text(report)
    if report.level == INSUFFICIENT_DATA:
        return (
            f"There is not enough diary yet to see a pattern. In the last {w.days} days you logged "
            f"{w.logged_days} days and {w.episodes} headaches; a pattern needs at least {t.min_logged_days} "
            f"logged days and {t.min_episodes} headaches. Headache-free days count too, so keep logging them."
        )

    parts = []
    if report.level in (PROBABLE, POSSIBLE):
        features = [SIGNAL_TEXT[s.code] for s in report.signals if s.met]
        how_many = "several features" if report.level == PROBABLE else "some features"
        parts.append(
            f"Your diary shows {how_many} that are often seen when headaches start in the neck: "
            f"{'; '.join(features)}."
        )
        if report.mixed:
            parts.append("This is true of the headaches brought on by your neck; others look different.")
        parts.append("It is worth showing this diary to your doctor or a physiotherapist and talking it through.")
    else:
        parts.append("Your diary does not show a clear pattern of headaches that start in the neck.")
    parts.extend(DIFFERENTIAL_TEXT[d.code] for d in report.differentials)
    if report.level == NONE and report.differentials:
        parts.append("A clinician can help you make sense of this.")
    parts.append(NOT_A_DIAGNOSIS)
    return " ".join(parts)


def clinician_summary(report: Report) -> str:
    w = report.window
    lines = [
        f"Level: {report.level}{' (mixed: neck component beside another type)' if report.mixed else ''}. "
        f"Window {w.date_from}..{w.date_to} ({w.days} d): {w.logged_days} logged days, "
        f"{w.headache_days} headache days ({w.headache_days_per_30:.1f}/30 d), {w.episodes} episodes."
    ]
    if report.red_flags:
        flags = ", ".join(f"{f.code} ({f.urgency}, {f.date})" for f in report.red_flags)
        lines.append(f"Red flags (SNNOOP10): {flags}. Cervicogenic assessment withheld pending review.")
    signals = []
    for s in report.signals:
        figure = f" {s.value:.2f} vs {s.threshold:.2f}" if s.value is not None and s.threshold is not None else ""
        signals.append(f"{s.code} {'met' if s.met else 'not met'}{figure} (n={s.n}/{s.of})")
    lines.append("Signals: " + "; ".join(signals) + ".")
    applied = [c.code for c in report.caps if c.applied]
    lines.append("Caps applied: " + (", ".join(applied) if applied else "none") + ".")
    if report.differentials:
        differentials = [f"{d.code} {d.status}{f' ({d.band})' if d.band else ''}" for d in report.differentials]
        lines.append("Differentials: " + ", ".join(differentials) + ".")
    if report.differential("medication_overuse"):
        lines.append("ICHD-3 8.2 criteria: reassess the pattern after withdrawal of the overused medication.")
    lines.append(
        "Decision support from diary data only; ICHD-3 11.2.1 criterion B (clinical or imaging evidence of a "
        "cervical disorder) needs examination."
    )
    return "\n".join(lines)


def level_notice_text() -> tuple[str, str]:
    """(title, body) of the notice when the level first rises to possible or probable.
    The patient reads the same words for either: the clinician sees the code."""
    return (
        "Your diary shows a pattern worth discussing",
        "Your headache diary shows features that are often seen when headaches start in the neck. "
        f"{NOT_A_DIAGNOSIS} It is worth showing your diary to your doctor or a physiotherapist.",
    )


def red_flag_notice_text(flag) -> tuple[str, str]:
    """(title, body) of the notice for a red flag: what to do now, first."""
    advice = advice_for([flag.code])
    if flag.entry is None:
        why = PATTERN_FLAG_TEXT[flag.code]
        return "Your headache pattern needs a doctor's look", f"{advice['message']} Why: {why}."
    return "A headache in your diary needs attention", advice["message"]
