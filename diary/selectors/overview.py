"""The summary's `overview`: the few sentences a clinician reads first (docs/api.md).

Open red flags, headache days per 30 with a trend only where it can be compared,
acute medication days against the overuse thresholds, the neck signals met with
their counts, the screening level and the latest exam. Built from the summary's
own figures, so the words can never say more or less than the numbers beside
them; clinical words from diary/exports/labels.py, never codes. Every percentage
is computed from the two counts printed beside it.
"""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from diary.exports.labels import label
from diary.screening import current_thresholds
from diary.screening.summaries import percent

NECK_SIGNALS = ("side_locked", "mechanical_trigger", "neck_onset", "ipsilateral_neck_arm_pain")
# The question each neck signal's episodes answered.
QUESTION = {
    "side_locked": "the side",
    "mechanical_trigger": "what brought it on",
    "neck_onset": "where it began",
    "ipsilateral_neck_arm_pain": "the symptoms",
}


def day(value: str | dt.date) -> str:
    date = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return date_format(date, "j M Y")  # the month in the reader's language


def number(value: float) -> str:
    return f"{value:.1f}"


def signal_counts(signal: dict) -> tuple[int, int]:
    """(episodes that show it, episodes that answered its question), as the report gives them."""
    return signal["count"], signal["n"]


def by_code(flags: list[dict]) -> dict[str, list[dict]]:
    """Flags grouped by code, each group newest first: one line per kind, however many entries carry it."""
    groups: dict[str, list[dict]] = {}
    for flag in flags:
        groups.setdefault(flag["code"], []).append(flag)
    return {code: sorted(group, key=lambda flag: flag["date"], reverse=True) for code, group in groups.items()}


def flagged_what(code: str, group: list[dict]) -> str:
    """A flag kind in words: with its date when there is one, else how many days."""
    return f"{label(code)} of {day(group[0]['date'])}" if len(group) == 1 else f"{label(code)} ({len(group)} days)"


def checked_day(review: dict) -> str:
    """The day of the patient's reported check (the day it was recorded, if the report has no date)."""
    return str(review.get("checked_on") or review["at"])[:10]


def red_flag_sentences(flags: list[dict]) -> list[str]:
    open_flags = [flag for flag in flags if not flag.get("reviewed")]
    reviewed = [flag for flag in flags if flag.get("reviewed")]
    sentences = []
    if open_flags:
        parts = []
        for code, group in by_code(open_flags).items():
            latest = group[0]
            where = (
                f" (entry at {latest['entry_time']})"
                if latest.get("entry_time")
                else ("" if latest.get("entry") else " (from the diary pattern or the profile)")
            )
            when = (
                f"on {day(latest['date'])}"
                if len(group) == 1
                else (f"on {len(group)} days, latest {day(latest['date'])}")
            )
            parts.append(f"{label(code)}, {label(latest['urgency'])}, {when}{where}")
        noun = "red flag" if len(open_flags) == 1 else "red flags"
        sentences.append(f"{len(open_flags)} open {noun} to review first: {'; '.join(parts)}.")
    else:
        sentences.append("No open red flags.")
    # The patient's own "a doctor has checked this" is their report, never a clinician's review.
    reports = [flag for flag in reviewed if flag["reviewed"].get("role") == "patient"]
    reviewed = [flag for flag in reviewed if flag["reviewed"].get("role") != "patient"]
    if reviewed:
        parts = []
        for code, group in by_code(reviewed).items():
            latest = max(group, key=lambda flag: str(flag["reviewed"]["at"]))
            who = latest["reviewed"].get("by") or "a clinician"
            parts.append(f"{flagged_what(code, group)}, by {who} on {day(str(latest['reviewed']['at'])[:10])}")
        sentences.append(f"Reviewed: {'; '.join(parts)}.")
    for code, group in by_code(reports).items():
        latest = max(group, key=lambda flag: str(flag["reviewed"]["at"]))
        sentences.append(
            _("The patient reports a doctor checked %(what)s on %(day)s.")
            % {"what": flagged_what(code, group), "day": day(checked_day(latest["reviewed"]))}
        )
    return sentences


def frequency_sentences(summary: dict) -> list[str]:
    observed = summary["observed_days"]
    if not observed:
        return [f"No entries in the {summary['window']['days']} days of this summary."]
    since = ""
    if summary["diary_began"] and summary["diary_began"] > summary["window"]["from"]:
        since = f", since the diary began on {day(summary['diary_began'])}"
    migraine_like = summary["migraine_like_days"]
    rate = summary["headache_days_per_30"]
    rate = (
        _("no rate per 30 days from fewer than %(n)s days observed")
        % {"n": current_thresholds().min_observed_days_for_rate}
        if rate is None
        else f"{number(rate)} headache days per 30 days"
    )
    sentences = [
        f"Headache on {summary['headache_days']} of {observed} days observed{since}: {rate} "
        f"({summary['logged_days']} of the {observed} days logged; "
        f"{migraine_like} {'day' if migraine_like == 1 else 'days'} with a migraine-like headache)."
    ]
    trend = summary["trend"]
    previous = trend["previous"]
    if trend["comparable"]:
        before = number(previous["headache_days_per_30"])
        direction = {"up": f"Up from {before}", "down": f"Down from {before}", "same": f"Unchanged from {before}"}
        sentences.append(f"{direction[trend['direction']]} per 30 days in the previous {previous['days']} days.")
    elif trend["reason"] == "diary_began_in_window":
        sentences.append("No trend: there is no diary from the period before to compare with.")
    else:
        sentences.append(
            f"No trend: only {previous['logged_days']} of the previous {previous['days']} days were logged, "
            "too few to compare."
        )
    return sentences


def medication_sentences(summary: dict) -> list[str]:
    overuse = summary["medication_overuse"]
    used = [(kind, figures) for kind, figures in overuse["classes"].items() if figures["days"]]
    if not used:
        return ["No acute medication logged."]
    parts = []
    for kind, figures in used:
        text = f"{label(kind, 'medication')} on {figures['days']} days ({number(figures['days_per_30'])} per 30"
        if figures["threshold_per_30"] is None:
            text += ", no overuse threshold)"
        else:
            reached = "threshold reached" if figures["reached"] else "below"
            text += f"; overuse threshold {figures['threshold_per_30']:g}: {reached})"
        parts.append(text)
    sentences = [f"Acute medication: {'; '.join(parts)}."]
    combined = overuse["any_acute"]
    if combined["classes_used"] >= 2:
        reached = "threshold reached" if combined["reached"] else "below"
        sentences.append(
            f"Any acute medication, {combined['classes_used']} classes together: {combined['days']} days "
            f"({number(combined['days_per_30'])} per 30; threshold {combined['threshold_per_30']:g}: {reached})."
        )
    headache = "reached" if overuse["headache_days_threshold_reached"] else "not reached"
    if overuse["status"] == "met":
        verdict = "Medication overuse (ICHD-3 8.2): criteria met in every 30 days; reassess after withdrawal."
    elif overuse["status"] == "at_risk":
        verdict = (
            "Medication overuse (ICHD-3 8.2): threshold reached over this window (at risk; "
            "criteria need 3 months); reassess the pattern after withdrawal."
        )
    else:
        verdict = "Medication overuse (ICHD-3 8.2): thresholds not reached."
    sentences.append(
        f"Headache days against the overuse threshold of "
        f"{overuse['headache_days_threshold_per_30']:g} per 30: {headache}. {verdict}"
    )
    return sentences


def neck_sentences(report: dict) -> list[str]:
    signals = {signal["code"]: signal for signal in report["signals"]}
    met, not_met, unanswered = [], [], []
    for code in NECK_SIGNALS:
        signal = signals.get(code)
        if signal is None:
            continue
        positive, answered = signal_counts(signal)
        counted = f"{positive} of {answered} headaches that answered"
        if answered:
            counted += f" ({percent(positive, answered)}%)"
        (met if signal["met"] else not_met).append(f"{label(code)}, {counted}")
        if signal.get("unanswered"):
            count = signal["unanswered"]
            unanswered.append(f"{QUESTION[code]} ({count} {'headache' if count == 1 else 'headaches'})")
    sentences = [f"Neck signals met: {'; '.join(met)}." if met else "No neck signal met."]
    if not_met:
        sentences.append(f"Not met: {'; '.join(not_met)}.")
    if unanswered:
        sentences.append(f"Left unanswered: {'; '.join(unanswered)}.")
    exam = signals.get("clinical_exam")
    if exam and exam["met"]:
        sentences.append("Clinical examination: positive.")
    level = label(report["level"])
    mixed = " (a neck component beside another headache type)" if report.get("mixed") else ""
    sentences.append(f"Diary screening: {level}{mixed}; decision support, not a diagnosis.")
    return sentences


def exam_sentence(exams: list[dict]) -> str:
    if not exams:
        return "No examination recorded."
    exam = exams[0]
    findings = [
        f"FRT left {exam['frt_left_deg']}°" if exam["frt_left_deg"] is not None else "",
        f"FRT right {exam['frt_right_deg']}°" if exam["frt_right_deg"] is not None else "",
        f"block relief {exam['block_relief_percent']}%" if exam["block_relief_percent"] is not None else "",
    ]
    found = ", ".join(finding for finding in findings if finding) or "a note only"
    return f"Latest examination on {day(exam['date'])}: {found}."


def leading_pattern_sentences(report: dict, episodes: int) -> list[str]:
    """docs/screening.md, Wording: when migraine_predominant or cluster_like applies,
    the pattern that explains the diary comes before any neck signal."""
    applied = {cap["code"]: cap for cap in report.get("caps") or () if cap.get("applied")}
    sentences = []
    if "cluster_like" in applied:
        cap = applied["cluster_like"]
        count = len(cap.get("evidence") or ())
        sentences.append(
            _(
                "Leading pattern: %(count)s attacks with cranial autonomic features (cluster-like); "
                "a doctor should assess them before any neck finding."
            )
            % {"count": count}
        )
    if "migraine_predominant" in applied:
        cap = applied["migraine_predominant"]
        count = len(cap.get("evidence") or ())
        whole = cap.get("n") or episodes
        sentences.append(
            _(
                "Leading pattern: %(count)s of %(whole)s headaches were migraine-like (%(share)s%%); "
                "neck pain is common in migraine."
            )
            % {"count": count, "whole": whole, "share": percent(count, whole)}
        )
    return sentences


def overview_sentences(summary: dict) -> list[str]:
    return [
        *red_flag_sentences(summary["red_flags"]),
        *frequency_sentences(summary),
        *medication_sentences(summary),
        *leading_pattern_sentences(summary["screening"], summary["episodes"]),
        *neck_sentences(summary["screening"]),
        exam_sentence(summary["exams"]),
    ]
