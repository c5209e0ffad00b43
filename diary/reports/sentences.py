"""The summary's `overview`: the few sentences a clinician reads first (docs/api.md).

Open red flags, headache days per 30 with a trend only where it can be compared,
acute medication days against the overuse thresholds, the neck signals met with
their counts, the screening level and the latest exam. Built from the summary's
own figures, so the words can never say more or less than the numbers beside
them; clinical words from diary/reports/labels.py, never codes. Every percentage
is computed from the two counts printed beside it.
"""

import datetime as dt

from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from diary.reports.labels import label
from diary.screening import current_thresholds
from diary.screening.summaries import percent
from diary.selectors.imported import format_label

NECK_SIGNALS = ("side_locked", "mechanical_trigger", "neck_onset", "ipsilateral_neck_arm_pain")
# The question each neck signal's episodes answered.
QUESTION = {
    "side_locked": gettext_lazy("the side"),
    "mechanical_trigger": gettext_lazy("what brought it on"),
    "neck_onset": gettext_lazy("where it began"),
    "ipsilateral_neck_arm_pain": gettext_lazy("the symptoms"),
}


def day(value: str | dt.date) -> str:
    date = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return date_format(date, "j M Y")  # the month in the reader's language


def number(value: float, spec: str = ".1f") -> str:
    # 3.2 as "3,2" in German, French, Italian and Spanish.
    return format(value, spec).replace(".", get_format("DECIMAL_SEPARATOR"))


def signal_counts(signal: dict) -> tuple[int, int]:
    """(episodes that show it, episodes that answered its question), as the report gives them."""
    return signal["count"], signal["n"]


def answered_share(positive: int, answered: int) -> str:
    """ "3 of 8 headaches that answered (38%)": a signal's evidence, in the overview and the PDF."""
    counted = ngettext(
        "{positive} of {answered} headache that answered",
        "{positive} of {answered} headaches that answered",
        answered,
    ).format(positive=positive, answered=answered)
    if answered:
        counted += f" ({percent(positive, answered)}%)"
    return counted


def by_code(flags: list[dict]) -> dict[str, list[dict]]:
    """Flags grouped by code, each group newest first: one line per kind, however many entries carry it."""
    groups: dict[str, list[dict]] = {}
    for flag in flags:
        groups.setdefault(flag["code"], []).append(flag)
    return {code: sorted(group, key=lambda flag: flag["date"], reverse=True) for code, group in groups.items()}


def flagged_what(code: str, group: list[dict]) -> str:
    """A flag kind in words: with its date when there is one, else how many days."""
    if len(group) == 1:
        return _("{flag} of {day}").format(flag=label(code), day=day(group[0]["date"]))
    return ngettext("{flag} ({count} day)", "{flag} ({count} days)", len(group)).format(
        flag=label(code), count=len(group)
    )


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
                _(" (entry at {time})").format(time=latest["entry_time"])
                if latest.get("entry_time")
                else ("" if latest.get("entry") else _(" (from the diary pattern or the profile)"))
            )
            when = (
                _("on {day}").format(day=day(latest["date"]))
                if len(group) == 1
                else _("on {count} days, latest {day}").format(count=len(group), day=day(latest["date"]))
            )
            parts.append(f"{label(code)}, {label(latest['urgency'])}, {when}{where}")
        sentences.append(
            ngettext(
                "{count} open red flag to review first: {flags}.",
                "{count} open red flags to review first: {flags}.",
                len(open_flags),
            ).format(count=len(open_flags), flags="; ".join(parts))
        )
    else:
        sentences.append(_("No open red flags."))
    # The patient's own "a doctor has checked this" is their report, never a clinician's review.
    reports = [flag for flag in reviewed if flag["reviewed"].get("role") == "patient"]
    reviewed = [flag for flag in reviewed if flag["reviewed"].get("role") != "patient"]
    if reviewed:
        parts = []
        for code, group in by_code(reviewed).items():
            latest = max(group, key=lambda flag: str(flag["reviewed"]["at"]))
            who = latest["reviewed"].get("by") or _("a clinician")
            parts.append(
                _("{flag}, by {who} on {day}").format(
                    flag=flagged_what(code, group), who=who, day=day(str(latest["reviewed"]["at"])[:10])
                )
            )
        sentences.append(_("Reviewed: {flags}.").format(flags="; ".join(parts)))
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
        return [_("No entries in the {days} days of this summary.").format(days=summary["window"]["days"])]
    since = ""
    if summary["diary_began"] and summary["diary_began"] > summary["window"]["from"]:
        since = _(", since the diary began on {day}").format(day=day(summary["diary_began"]))
    migraine_like = summary["migraine_like_days"]
    rate = summary["headache_days_per_30"]
    rate = (
        _("no rate per 30 days from fewer than %(n)s days observed")
        % {"n": current_thresholds().min_observed_days_for_rate}
        if rate is None
        else _("{rate} headache days per 30 days").format(rate=number(rate))
    )
    migraine_days = ngettext(
        "{count} day with a migraine-like headache", "{count} days with a migraine-like headache", migraine_like
    ).format(count=migraine_like)
    sentences = [
        ngettext(
            "Headache on {headache_days} of {observed} day observed{since}: {rate} ({logged} of the {observed} day "
            "logged; {migraine_days}).",
            "Headache on {headache_days} of {observed} days observed{since}: {rate} ({logged} of the {observed} days "
            "logged; {migraine_days}).",
            observed,
        ).format(
            headache_days=summary["headache_days"],
            observed=observed,
            since=since,
            rate=rate,
            logged=summary["logged_days"],
            migraine_days=migraine_days,
        )
    ]
    trend = summary["trend"]
    previous = trend["previous"]
    if trend["comparable"]:
        before = number(previous["headache_days_per_30"])
        direction = {
            "up": _("Up from {before} per 30 days in the previous {days} days."),
            "down": _("Down from {before} per 30 days in the previous {days} days."),
            "same": _("Unchanged from {before} per 30 days in the previous {days} days."),
        }
        sentences.append(direction[trend["direction"]].format(before=before, days=previous["days"]))
    elif trend["reason"] == "diary_began_in_window":
        sentences.append(_("No trend: there is no diary from the period before to compare with."))
    else:
        sentences.append(
            _("No trend: only {logged} of the previous {days} days were logged, too few to compare.").format(
                logged=previous["logged_days"], days=previous["days"]
            )
        )
    return sentences


def medication_sentences(summary: dict) -> list[str]:
    overuse = summary["medication_overuse"]
    used = [(kind, figures) for kind, figures in overuse["classes"].items() if figures["days"]]
    if not used:
        return [_("No acute medication logged.")]
    parts = []
    for kind, figures in used:
        if figures["threshold_per_30"] is None:
            text = ngettext(
                "{medication} on {count} day ({per_30} per 30, no overuse threshold)",
                "{medication} on {count} days ({per_30} per 30, no overuse threshold)",
                figures["days"],
            )
        else:
            text = ngettext(
                "{medication} on {count} day ({per_30} per 30; overuse threshold {threshold}: {reached})",
                "{medication} on {count} days ({per_30} per 30; overuse threshold {threshold}: {reached})",
                figures["days"],
            )
        parts.append(
            text.format(
                medication=label(kind, "medication"),
                count=figures["days"],
                per_30=number(figures["days_per_30"]),
                threshold=number(figures["threshold_per_30"] or 0, "g"),
                reached=_("threshold reached") if figures["reached"] else _("below"),
            )
        )
    sentences = [_("Acute medication: {parts}.").format(parts="; ".join(parts))]
    combined = overuse["any_acute"]
    if combined["classes_used"] >= 2:
        sentences.append(
            ngettext(
                "Any acute medication, {classes} classes together: {count} day ({per_30} per 30; threshold "
                "{threshold}: {reached}).",
                "Any acute medication, {classes} classes together: {count} days ({per_30} per 30; threshold "
                "{threshold}: {reached}).",
                combined["days"],
            ).format(
                classes=combined["classes_used"],
                count=combined["days"],
                per_30=number(combined["days_per_30"]),
                threshold=number(combined["threshold_per_30"], "g"),
                reached=_("threshold reached") if combined["reached"] else _("below"),
            )
        )
    headache = _("reached") if overuse["headache_days_threshold_reached"] else _("not reached")
    if overuse["status"] == "met":
        verdict = _("Medication overuse (ICHD-3 8.2): criteria met in every 30 days; reassess after withdrawal.")
    elif overuse["status"] == "at_risk":
        verdict = _(
            "Medication overuse (ICHD-3 8.2): threshold reached over this window (at risk; "
            "criteria need 3 months); reassess the pattern after withdrawal."
        )
    else:
        verdict = _("Medication overuse (ICHD-3 8.2): thresholds not reached.")
    sentences.append(
        _("Headache days against the overuse threshold of {threshold} per 30: {headache}. {verdict}").format(
            threshold=number(overuse["headache_days_threshold_per_30"], "g"), headache=headache, verdict=verdict
        )
    )
    return sentences


def neck_sentences(report: dict) -> list[str]:
    signals = {signal["code"]: signal for signal in report["signals"]}
    met, not_met, unanswered = [], [], []
    for code in NECK_SIGNALS:
        signal = signals.get(code)
        if signal is None:
            continue
        counted = answered_share(*signal_counts(signal))
        (met if signal["met"] else not_met).append(f"{label(code)}, {counted}")
        if signal.get("unanswered"):
            count = signal["unanswered"]
            unanswered.append(
                ngettext("{question} ({count} headache)", "{question} ({count} headaches)", count).format(
                    question=QUESTION[code], count=count
                )
            )
    sentences = [_("Neck signals met: {signals}.").format(signals="; ".join(met)) if met else _("No neck signal met.")]
    if not_met:
        sentences.append(_("Not met: {signals}.").format(signals="; ".join(not_met)))
    if unanswered:
        sentences.append(_("Left unanswered: {questions}.").format(questions="; ".join(unanswered)))
    exam = signals.get("clinical_exam")
    if exam and exam["met"]:
        sentences.append(_("Clinical examination: positive."))
    level = label(report["level"])
    mixed = _(" (a neck component beside another headache type)") if report.get("mixed") else ""
    sentences.append(
        _("Diary screening: {level}{mixed}; decision support, not a diagnosis.").format(level=level, mixed=mixed)
    )
    return sentences


def exam_sentence(exams: list[dict]) -> str:
    if not exams:
        return _("No examination recorded.")
    exam = exams[0]
    findings = [
        _("FRT left {degrees}°").format(degrees=exam["frt_left_deg"]) if exam["frt_left_deg"] is not None else "",
        _("FRT right {degrees}°").format(degrees=exam["frt_right_deg"]) if exam["frt_right_deg"] is not None else "",
        # xgettext:no-python-format
        _("block relief {percent}%").format(percent=exam["block_relief_percent"])
        if exam["block_relief_percent"] is not None
        else "",
    ]
    found = ", ".join(finding for finding in findings if finding) or _("a note only")
    return _("Latest examination on {day}: {findings}.").format(day=day(exam["date"]), findings=found)


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
        *imported_sentences(summary.get("imported") or {}),
    ]


def imported_sentences(imported: dict[str, int]) -> list[str]:
    """Entries the patient brought from another app (issue 26): kept in that app, not
    logged here, so they may answer fewer of the questions the screening reads."""
    if not imported:
        return []
    sources = ", ".join(f"{format_label(kind)}: {count}" for kind, count in imported.items())
    count = sum(imported.values())
    return [
        ngettext(
            "%(count)s entry of this window was imported from another diary (%(sources)s).",
            "%(count)s entries of this window were imported from another diary (%(sources)s).",
            count,
        )
        % {"count": count, "sources": sources}
    ]
