"""Text for a screening report, in the Wording of docs/screening.md.

The patient's text is calm and plain, leads with any red flag and what to do
now, sends them to a doctor first (a physiotherapist only as part of the care a
doctor plans; never neck manipulation) and says the diary shows a pattern, not a
cause. The clinician's text is terse and in clinical words, never engine codes.
Every figure in words is computed from the same counts the report shows beside it.
"""

import datetime as dt

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from diary.choices import EntryRedFlag
from diary.red_flags import EMERGENCY, PATTERN_FLAGS, PATTERN_TEXT, URGENT, message_for, pattern_advice
from diary.screening.engine import (
    INSUFFICIENT_DATA,
    NECK_QUESTIONS_UNANSWERED,
    NONE,
    POSSIBLE,
    PROBABLE,
    TOO_FEW_DAYS,
    TOO_FEW_EPISODES,
    URGENT_REVIEW,
    Report,
)
from diary.screening.rules import Signal
from diary.screening.thresholds import Thresholds, current_thresholds

# Kept for callers of version 1 (notices): the diary-level flags in plain words.
PATTERN_FLAG_TEXT = PATTERN_TEXT

DIFFERENTIAL_TEXT = {
    "migraine": gettext_lazy("Some of your headaches have features that are also common in migraine."),
    "chronic_migraine": gettext_lazy(
        "You had headaches on many days, several with features that are also common in migraine."
    ),
    "tension_type": gettext_lazy("Many of your headaches have features that are also common in tension-type headache."),
    "cluster": gettext_lazy(
        "Some headaches were short, severe and around one eye, with eye or nose symptoms: "
        "please tell a doctor about these."
    ),
    "hemicrania_continua": gettext_lazy(
        "Your headache is on one side almost every day, with eye or nose symptoms: please tell a doctor about this."
    ),
    "medication_overuse": gettext_lazy(
        "You took painkillers on many days. Taking them this often can itself keep headaches "
        "going; talk to a doctor before you change how you take them. The pattern is best looked at again once "
        "you take them less often."
    ),
    "occipital_neuralgia": gettext_lazy(
        "Several headaches were brief shooting or electric pains from the back of the head or "
        "the neck: please tell a doctor about these."
    ),
    "post_traumatic": gettext_lazy(
        "You said your headaches began soon after an injury to the head or neck: a doctor should "
        "look at headaches that follow an injury."
    ),
    "temporomandibular": gettext_lazy(
        "Many of your headaches came on with chewing, yawning or clenching the jaw: a doctor or "
        "dentist can check the jaw joint."
    ),
}
# Look-alikes that call for a doctor, not a physiotherapist (docs/screening.md, Wording).
DOCTOR_ONLY = frozenset({"hemicrania_continua", "cluster", "occipital_neuralgia", "post_traumatic"})
DOCTOR_ONLY_CAPS = ("migraine_predominant", "cluster_like", "triptan_response")

NOT_A_DIAGNOSIS = gettext_lazy(
    "This is a pattern in your diary, not a cause and not a diagnosis: only a doctor who examines you can say "
    "where headaches come from."
)
DOCTOR_FIRST = gettext_lazy(
    "It is worth showing this diary to a doctor first and talking it through; a physiotherapist can be part of "
    "the care your doctor plans."
)
DOCTOR_ONLY_ADVICE = gettext_lazy("It is worth showing this diary to a doctor and talking it through.")

# --- Clinical words (never engine codes) ----------------------------------------------

LEVEL_TERMS = {
    URGENT_REVIEW: gettext_lazy("urgent review"),
    INSUFFICIENT_DATA: gettext_lazy("insufficient data"),
    PROBABLE: gettext_lazy("probable cervicogenic pattern"),
    POSSIBLE: gettext_lazy("possible cervicogenic pattern"),
    NONE: gettext_lazy("no cervicogenic pattern"),
}
REASON_TERMS = {
    TOO_FEW_DAYS: gettext_lazy("too few logged days"),
    TOO_FEW_EPISODES: gettext_lazy("too few episodes"),
    NECK_QUESTIONS_UNANSWERED: gettext_lazy(
        "site of onset or precipitating factor not answered or “not sure” in most episodes"
    ),
}
SIGNAL_TERMS = {
    "side_locked": gettext_lazy("side-locked"),
    "mechanical_trigger": gettext_lazy(
        "mechanical precipitation (neck movement, sustained posture or external pressure)"
    ),
    "neck_onset": gettext_lazy("onset in the neck or occiput"),
    "ipsilateral_neck_arm_pain": gettext_lazy("ipsilateral neck, shoulder or arm pain"),
    "clinical_exam": gettext_lazy("positive clinical examination"),
}
EXAM_SOURCE_TERMS = {
    "frt": gettext_lazy("Flexion-Rotation Test on the headache side"),
    # xgettext:no-python-format
    "single_block": gettext_lazy("single diagnostic block, >= 80% relief"),
    "comparative_blocks": gettext_lazy("concordant comparative blocks"),
}
CAP_TERMS = {
    "side_shift": gettext_lazy("side shift"),
    "migraine_features": gettext_lazy("migrainous features"),
    "migraine_predominant": gettext_lazy("predominantly migrainous episodes"),
    "cluster_like": gettext_lazy("trigeminal autonomic (cluster-like) episodes"),
    "hemicrania_continua_like": gettext_lazy("hemicrania continua-like pattern"),
    "bilateral": gettext_lazy("predominantly bilateral headache"),
    "triptan_response": gettext_lazy("triptan response"),
    "medication_overuse": gettext_lazy("medication overuse"),
    "neuralgic": gettext_lazy("neuralgic (occipital) episodes"),
}
DIFFERENTIAL_TERMS = {
    "migraine": gettext_lazy("migraine (ICHD-3 1.1)"),
    "chronic_migraine": gettext_lazy("chronic migraine (ICHD-3 1.3)"),
    "tension_type": gettext_lazy("tension-type headache (ICHD-3 2)"),
    "cluster": gettext_lazy("cluster headache (ICHD-3 3.1)"),
    "hemicrania_continua": gettext_lazy("hemicrania continua (ICHD-3 3.4)"),
    "medication_overuse": gettext_lazy("medication-overuse headache (ICHD-3 8.2)"),
    "occipital_neuralgia": gettext_lazy("occipital neuralgia (ICHD-3 13.4.1)"),
    "post_traumatic": gettext_lazy("post-traumatic headache (ICHD-3 5.1/5.2)"),
    "temporomandibular": gettext_lazy("headache attributed to temporomandibular disorder (ICHD-3 11.7)"),
}
STATUS_TERMS = {
    "met": gettext_lazy("criteria met"),
    "at_risk": gettext_lazy("at risk"),
    "possible": gettext_lazy("possible"),
}
BAND_TERMS = {
    "infrequent": gettext_lazy("infrequent episodic"),
    "frequent": gettext_lazy("frequent episodic"),
    "chronic": gettext_lazy("chronic"),
    "acute": gettext_lazy("acute"),
    "persistent": gettext_lazy("persistent"),
}
RED_FLAG_TERMS = {
    "thunderclap": gettext_lazy("thunderclap onset"),
    "worst_ever": gettext_lazy("worst-ever headache"),
    "neuro_deficit": gettext_lazy("focal neurological deficit"),
    "fever_stiff_neck": gettext_lazy("fever with neck stiffness"),
    "after_injury_or_manipulation": gettext_lazy("onset after head or neck trauma or cervical manipulation"),
    "painful_red_eye_vision": gettext_lazy("painful red eye with visual disturbance"),
    "worse_standing_better_lying": gettext_lazy("orthostatic headache"),
    "cough_exertion_triggered": gettext_lazy("precipitated by cough, Valsalva or exertion"),
    "radicular_or_cord_signs": gettext_lazy("radicular or myelopathic symptoms"),
    "giant_cell_arteritis_signs": gettext_lazy("symptoms suggestive of giant cell arteritis"),
    "raised_pressure_signs": gettext_lazy("symptoms of raised intracranial pressure"),
    "new_after_50": gettext_lazy("new headache after age 50"),
    "systemic_risk": gettext_lazy(
        "new headache with systemic risk (malignancy, immunosuppression, pregnancy or postpartum)"
    ),
    "pattern_change": gettext_lazy("change in headache pattern"),
    "new_side_locked": gettext_lazy("new side-locked headache"),
}
URGENCY_TERMS = {
    "emergency": gettext_lazy("emergency"),
    "urgent": gettext_lazy("urgent"),
    "soon": gettext_lazy("see a doctor within days"),
}


def percent(part: int, whole: int) -> int:
    """THE one rounding of every share put in words, half up (docs/screening.md,
    Percentages): 22 of 29 is 76%, 5 of 8 is 63%. Integer arithmetic, so no
    binary fraction and no banker's rounding moves a half."""
    return (200 * part + whole) // (2 * whole) if whole else 0


def _day(date) -> str:
    # "6 December", the month in the language of the sentence around it.
    return date_format(date, _("j F"))


def _of(count: int, n: int) -> str:
    return ngettext("{count} of {n} headache ({percent}%)", "{count} of {n} headaches ({percent}%)", n).format(
        count=count, n=n, percent=percent(count, n)
    )


def _episodes_of(count: int, n: int) -> str:
    return ngettext("{count} of {n} episode ({percent}%)", "{count} of {n} episodes ({percent}%)", n).format(
        count=count, n=n, percent=percent(count, n)
    )


def _lower_first(label: str) -> str:
    # A label inside a sentence: "Thunderclap" becomes "thunderclap"; German nouns keep their capital.
    return label if (get_language() or "en").startswith("de") else label[:1].lower() + label[1:]


# --- The patient's text ---------------------------------------------------------------


def _signal_text(s: Signal) -> str:
    if s.code == "side_locked":
        sides = {
            "left": ngettext(
                "they stay on the left side ({count} of {n} headache)",
                "they stay on the left side ({count} of {n} headaches)",
                s.n,
            ),
            "right": ngettext(
                "they stay on the right side ({count} of {n} headache)",
                "they stay on the right side ({count} of {n} headaches)",
                s.n,
            ),
        }
        same = ngettext(
            "they stay on the same side ({count} of {n} headache)",
            "they stay on the same side ({count} of {n} headaches)",
            s.n,
        )
        return sides.get(s.side, same).format(count=s.count, n=s.n)
    if s.code == "mechanical_trigger":
        return _(
            "they often follow neck movement, holding one posture, or pressure on the neck "
            "({share} where you said what brought it on)"
        ).format(share=_of(s.count, s.n))
    if s.code == "neck_onset":
        return _(
            "they often begin in the neck or the back of the head ({share} where you said where it started)"
        ).format(share=_of(s.count, s.n))
    if s.code == "ipsilateral_neck_arm_pain":
        return _("they often come with neck, shoulder or arm pain on the same side ({share})").format(
            share=_of(s.count, s.n)
        )
    return _("a clinician's neck examination or a diagnostic injection found a sign that fits")


def _noted(entry_flags) -> list[str]:
    """Each warning sign once, with its day, or its number of days and the latest
    (one injury ticked on ten entries is one sign, not ten)."""
    by_code: dict[str, list] = {}
    for flag in entry_flags:
        by_code.setdefault(flag.code, []).append(flag.date)
    noted = []
    for code, dates in by_code.items():
        what = _lower_first(str(EntryRedFlag(code).label))
        days = sorted(set(dates))
        if len(days) == 1:
            noted.append(_("on {day}: {sign}").format(day=_day(days[0]), sign=what))
        else:
            noted.append(
                ngettext(
                    "on {count} day, the latest {day}: {what}", "on {count} days, the latest {day}: {what}", len(days)
                ).format(count=len(days), day=_day(days[-1]), what=what)
            )
    return noted


def _red_flag_text(report: Report) -> str:
    flags = report.open_red_flags
    entry_flags = [f for f in flags if f.entry is not None]
    pattern_flags = [f for f in flags if f.entry is None]
    parts = []
    if entry_flags:
        recent = [f for f in entry_flags if not f.past]
        if recent:
            urgency = EMERGENCY if any(f.urgency == EMERGENCY for f in recent) else URGENT
            parts.append(message_for(urgency))
        else:
            latest = max(entry_flags, key=lambda f: f.date)
            parts.append(message_for(latest.urgency, date=latest.date, past=True))
        parts.append(_("You logged these warning signs: {signs}.").format(signs="; ".join(_noted(entry_flags))))
    if pattern_flags:
        parts.append(pattern_advice([f.code for f in pattern_flags])["message"])
    parts.append(_("Until a doctor has looked at this, this page makes no comment on the pattern of your headaches."))
    return " ".join(parts)


def _reviewed_text(report: Report) -> str | None:
    reviewed = [f for f in report.red_flags if f.reviewed is not None]
    if not reviewed:
        return None
    texts = []
    # The patient's own report of a doctor's check is theirs, never a clinician's review.
    sentences = {  # (without days, with days): whole sentences, for the translators
        "clinician": (
            _("A clinician has looked at the warning signs in your diary."),
            _("A clinician has looked at the warning signs from {days} in your diary."),
        ),
        "patient": (
            _("You said a doctor has checked the warning signs in your diary."),
            _("You said a doctor has checked the warning signs from {days} in your diary."),
        ),
    }
    for role, (without_days, with_days) in sentences.items():
        flags = [f for f in reviewed if (f.reviewed.role == "patient") == (role == "patient")]
        if flags:
            days = sorted({f.date for f in flags if f.entry is not None})
            texts.append(with_days.format(days=", ".join(_day(day) for day in days)) if days else without_days)
    return " ".join(texts) or None


def _insufficient_text(report: Report, t: Thresholds) -> str:
    w = report.window
    if NECK_QUESTIONS_UNANSWERED in report.reasons:
        trigger = next(s for s in report.signals if s.code == "mechanical_trigger")
        onset = next(s for s in report.signals if s.code == "neck_onset")
        return _(
            "Most of your {episodes} headaches do not say where they started or what brought them on "
            '("Where did it start?" answered for {onset}, "What brought it on?" for {trigger}). '
            "Until these are answered, your diary cannot show whether your neck is involved. Next time you log a "
            'headache, please answer "Where did it start?" and "What brought it on?"; "Not sure" is fine '
            "when you do not know."
        ).format(episodes=w.episodes, onset=onset.n, trigger=trigger.n)
    logged = ngettext("{count} day", "{count} days", w.logged_days).format(count=w.logged_days)
    headaches = ngettext("{count} headache", "{count} headaches", w.episodes).format(count=w.episodes)
    return _(
        "There is not enough diary yet to see a pattern. In the last {days} days you logged "
        "{logged} and {headaches}; a pattern needs at least {min_days} "
        "logged days and {min_episodes} headaches. Headache-free days count too, so keep logging them."
    ).format(days=w.days, logged=logged, headaches=headaches, min_days=t.min_logged_days, min_episodes=t.min_episodes)


def is_doctor_only(report: Report) -> bool:
    """A doctor, not a physiotherapist (docs/screening.md, Wording): the report's
    summary, and every notice and push about it, follow this one rule."""
    codes = {d.code for d in report.differentials}
    return bool(codes & DOCTOR_ONLY) or any(report.cap_applies(code) for code in DOCTOR_ONLY_CAPS)


def _leading_pattern(report: Report) -> list[str]:
    """The leading pattern, named before any neck signal (docs/screening.md, Wording)."""
    lines = []
    episodes = report.window.episodes
    if report.cap_applies("cluster_like"):
        shown = len(report.cap("cluster_like").evidence)
        lines.append(
            _(
                "{shown} of {episodes} headaches were severe, on one side, with a watering or red eye, a blocked or "
                "runny nose, a drooping eyelid or restlessness: please show these to a doctor."
            ).format(shown=shown, episodes=episodes)
        )
    if report.cap_applies("migraine_predominant"):
        shown = len(report.cap("migraine_predominant").evidence)
        lines.append(
            _("{shown} of {episodes} headaches were migraine-like; neck pain is common in migraine.").format(
                shown=shown, episodes=episodes
            )
        )
    return lines


def patient_summary(report: Report, t: Thresholds | None = None) -> str:
    t = t or current_thresholds()
    if report.level == URGENT_REVIEW:
        return _red_flag_text(report)
    parts = [text] if (text := _reviewed_text(report)) else []
    if report.level == INSUFFICIENT_DATA:
        parts.append(_insufficient_text(report, t))
        parts.append(str(NOT_A_DIAGNOSIS))
        return " ".join(parts)

    doctor_only = is_doctor_only(report)
    parts.extend(_leading_pattern(report))
    if report.level in (PROBABLE, POSSIBLE):
        signals = report.mixed_signals if report.mixed else report.signals
        features = [_signal_text(s) for s in signals if s.met]
        if report.mixed:
            mechanical = next(s for s in report.signals if s.code == "mechanical_trigger")
            parts.append(
                ngettext(
                    "{count} of your headaches came on with neck movement, holding one posture, or pressure on the "
                    "neck, and it shows features that are often seen when headaches start in the neck: {features}. "
                    "Your other headaches look different.",
                    "{count} of your headaches came on with neck movement, holding one posture, or pressure on the "
                    "neck, and these show features that are often seen when headaches start in the neck: "
                    "{features}. Your other headaches look different.",
                    mechanical.count,
                ).format(count=mechanical.count, features="; ".join(features))
            )
        elif report.level == PROBABLE:
            parts.append(
                _(
                    "Your diary shows several features that are often seen when headaches start in the neck: "
                    "{features}."
                ).format(features="; ".join(features))
            )
        else:
            parts.append(
                _(
                    "Your diary shows some features that are often seen when headaches start in the neck: {features}."
                ).format(features="; ".join(features))
            )
        parts.append(str(DOCTOR_ONLY_ADVICE if doctor_only else DOCTOR_FIRST))
    else:
        parts.append(_("Your diary does not show a clear pattern of headaches that start in the neck."))
    parts.extend(str(DIFFERENTIAL_TEXT[d.code]) for d in report.differentials)
    if report.level == NONE and report.differentials:
        parts.append(_("A doctor can help you make sense of this."))
    parts.append(str(NOT_A_DIAGNOSIS))
    return " ".join(parts)


# --- The clinician's text -------------------------------------------------------------


def _signal_clinical(s: Signal) -> str:
    state = _("present") if s.met else _("absent")
    if s.code == "clinical_exam":
        source = f" ({EXAM_SOURCE_TERMS[s.source]})" if s.source else ""
        return ngettext(
            "{signal} {state}{source}: {count} of {n} exam record or block",
            "{signal} {state}{source}: {count} of {n} exam records or blocks",
            s.n,
        ).format(signal=SIGNAL_TERMS[s.code], state=state, source=source, count=s.count, n=s.n)
    text = _("{signal} {state}: {share}").format(
        signal=SIGNAL_TERMS[s.code], state=state, share=_episodes_of(s.count, s.n)
    )
    if s.unanswered:
        text += _(", {count} not answered or “not sure”").format(count=s.unanswered)
    return text


def _full_date(day: dt.date) -> str:
    """ "6 December 2026" in the active language: the month in words, never 2026-12-06 or 12/6/2026."""
    return date_format(day, "j F Y")


def _flag_clinical(flag) -> str:
    text = f"{RED_FLAG_TERMS[flag.code]} ({URGENCY_TERMS[flag.urgency]}, {_full_date(flag.date)})"
    review = flag.reviewed
    if review is not None and review.role == "patient":  # the patient's report, never a clinician's review
        checked = _full_date(review.checked_on or review.at.date())
        text += ", " + _("the patient reports a doctor checked it on {day}").format(day=checked)
    elif review is not None:
        text += _(", reviewed by {who} on {day}").format(who=review.by, day=_full_date(review.at.date()))
    return text


def clinician_summary(report: Report, t: Thresholds | None = None) -> str:
    t = t or current_thresholds()
    w = report.window
    level = str(LEVEL_TERMS[report.level])
    if report.reasons:
        level += " (" + "; ".join(str(REASON_TERMS[r]) for r in report.reasons) + ")"
    if report.mixed:
        level += _(", mixed: cervicogenic component beside another headache type")
    # One rate everywhere: none from fewer observed days than the key figures show one for.
    if w.observed_days >= t.min_observed_days_for_rate:
        rate = _("{rate} per 30 days").format(rate=number_format(w.headache_days_per_30, 1))
    else:
        rate = _("too few days observed for a rate")
    lines = [
        _(
            "Level: {level}. Over the {days} days from {start} to {end} ({observed} of them observed): "
            "{logged} logged days, {headache} headache days ({rate}), {episodes} episodes."
        ).format(
            level=level,
            days=w.days,
            start=_full_date(w.date_from),
            end=_full_date(w.date_to),
            observed=w.observed_days,
            logged=w.logged_days,
            headache=w.headache_days,
            rate=rate,
            episodes=w.episodes,
        )
    ]
    open_flags = report.open_red_flags
    if open_flags:
        lines.append(
            _("Red flags (SNNOOP10): {flags}. Cervicogenic assessment withheld pending review.").format(
                flags="; ".join(_flag_clinical(f) for f in open_flags)
            )
        )
    reviewed = [f for f in report.red_flags if f.reviewed is not None and f.reviewed.role != "patient"]
    if reviewed:
        lines.append(_("Reviewed red flags: {flags}.").format(flags="; ".join(_flag_clinical(f) for f in reviewed)))
    reported = [f for f in report.red_flags if f.reviewed is not None and f.reviewed.role == "patient"]
    if reported:
        lines.append(
            _("Checked by a doctor, as the patient reports: ") + "; ".join(map(_flag_clinical, reported)) + "."
        )
    leading = [
        ngettext("{pattern} ({count} of {n} episode)", "{pattern} ({count} of {n} episodes)", w.episodes).format(
            pattern=CAP_TERMS[code], count=len(report.cap(code).evidence), n=w.episodes
        )
        for code in ("migraine_predominant", "cluster_like")
        if report.cap_applies(code)
    ]
    if leading:  # named before any neck signal (docs/screening.md, Wording)
        lines.append(
            _("Leading pattern: {patterns}; neck pain is common in primary headaches (ICHD-3 11.2.1 D).").format(
                patterns="; ".join(leading)
            )
        )
    lines.append(_("Signals: {signals}.").format(signals="; ".join(_signal_clinical(s) for s in report.signals)))
    if report.mixed:
        lines.append(
            _("Over the mechanically precipitated episodes: {signals}.").format(
                signals="; ".join(_signal_clinical(s) for s in report.mixed_signals)
            )
        )
    applied = [str(CAP_TERMS[c.code]) for c in report.caps if c.applied]
    lines.append(
        _("Features lowering suspicion: {features}.").format(features=", ".join(applied) if applied else _("none"))
    )
    if report.differentials:
        differentials = [
            f"{DIFFERENTIAL_TERMS[d.code]} {STATUS_TERMS[d.status]}{f' ({BAND_TERMS[d.band]})' if d.band else ''}"
            for d in report.differentials
        ]
        lines.append(_("Differentials: {differentials}.").format(differentials=", ".join(differentials)))
    if report.differential("medication_overuse"):
        lines.append(_("ICHD-3 8.2 criteria: reassess the pattern after withdrawal of the overused medication."))
    lines.append(
        _(
            "Decision support from diary data only; ICHD-3 11.2.1 criterion B (clinical or imaging evidence of a "
            "cervical disorder) needs examination."
        )
    )
    return "\n".join(lines)


# --- Notices --------------------------------------------------------------------------


def level_notice_text(report: Report | None = None) -> tuple[str, str]:
    """(title, body) of the notice when the level first rises to possible or probable.
    The patient reads the same words for either: the clinician sees the level.
    It follows the report's doctor-only rule: no physiotherapist where the report says a doctor only."""
    advice = DOCTOR_ONLY_ADVICE if report is not None and is_doctor_only(report) else DOCTOR_FIRST
    body = _("Your headache diary shows features that are often seen when headaches start in the neck.")
    return _("Your diary shows a pattern worth discussing"), f"{body} {NOT_A_DIAGNOSIS} {advice}"


def red_flag_notice_text(flag) -> tuple[str, str]:
    """(title, body) of the notice for a red flag: what to do, first."""
    if flag.code in PATTERN_FLAGS:
        return _("Your headache diary needs a doctor's look"), pattern_advice([flag.code])["message"]
    return _("A warning sign in your diary needs attention"), message_for(flag.urgency, date=flag.date, past=flag.past)
