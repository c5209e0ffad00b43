"""The red flags of docs/screening.md (SNNOOP10): their urgency and the advice.

The save response carries the advice at once, so the app can show it before
anything else. The wording tells the patient what to do, plainly, without a
diagnosis; a flag logged days later says so, and a flag found in the diary or
the profile speaks of "your diary", never of "this headache".
"""

import datetime as dt
from collections.abc import Collection, Iterable, Sequence

from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from diary.choices import ANY_ENTRY_RED_FLAGS, EntryRedFlag, NeckTrigger, PatternRedFlag, Urgency
from diary.timezones import emergency_number, local_today

EMERGENCY = Urgency.EMERGENCY.value
URGENT = Urgency.URGENT.value
SOON = Urgency.SOON.value
# Most urgent first: the order of every flag list (docs/screening.md, Order).
URGENCY_ORDER = tuple(Urgency.values)

# The urgency of each flag on its own; `flag_urgency` raises some by combination.
URGENCY = {
    EntryRedFlag.THUNDERCLAP: EMERGENCY,
    EntryRedFlag.WORST_EVER: URGENT,
    EntryRedFlag.NEURO_DEFICIT: EMERGENCY,
    EntryRedFlag.FEVER_STIFF_NECK: EMERGENCY,
    EntryRedFlag.AFTER_INJURY_OR_MANIPULATION: URGENT,
    EntryRedFlag.PAINFUL_RED_EYE_VISION: EMERGENCY,
    EntryRedFlag.WORSE_STANDING_BETTER_LYING: URGENT,
    EntryRedFlag.COUGH_EXERTION_TRIGGERED: URGENT,
    EntryRedFlag.RADICULAR_OR_CORD_SIGNS: URGENT,
    EntryRedFlag.GIANT_CELL_ARTERITIS_SIGNS: URGENT,
    EntryRedFlag.RAISED_PRESSURE_SIGNS: URGENT,
    # Diary- and profile-level flags, raised by the screening engine rather than an entry.
    # Not emergencies of the moment: a doctor within a few days, except a new headache
    # with a systemic risk, which stays a doctor today (docs/screening.md, Red flags).
    PatternRedFlag.NEW_AFTER_50: SOON,
    PatternRedFlag.SYSTEMIC_RISK: URGENT,
    PatternRedFlag.PATTERN_CHANGE: SOON,
    PatternRedFlag.NEW_SIDE_LOCKED: SOON,
}
PATTERN_FLAGS = frozenset(PatternRedFlag.values)

# Symptoms that, after an injury or neck manipulation, may mean an injured neck artery.
ARTERY_INJURY_SYMPTOMS = frozenset({"dizziness", "eyelid_droop_swelling"})
# Sight at risk: giant cell arteritis signs with these on the same entry are an emergency.
SIGHT_AT_RISK = frozenset({EntryRedFlag.NEURO_DEFICIT, EntryRedFlag.PAINFUL_RED_EYE_VISION})

# The wording is reviewed sentence by sentence in every language (docs/glossary.md). "{call}"
# is `call_emergency()`: the number where the patient lives, when their timezone tells.
MESSAGES = {
    EMERGENCY: gettext_lazy(
        "This needs medical help now. {call} or go to the nearest emergency department. Do not drive yourself."
    ),
    URGENT: gettext_lazy(
        "Please see a doctor today or tomorrow and tell them what you noticed. "
        "If it gets suddenly worse, or new symptoms appear, {call_lower}."
    ),
    SOON: gettext_lazy(
        "Please see a doctor within the next few days and tell them what you noticed. "
        "If it gets suddenly worse, or new symptoms appear, {call_lower}."
    ),
}
# For an entry dated before yesterday: the moment may have passed, or may not.
PAST_MESSAGE = gettext_lazy(
    "You logged this for {day}. If a doctor did not check it at the time, please see a doctor today and "
    "tell them about it. If it is happening now, get help now: {call_lower}."
)
# The later entry of a possible neck artery injury names the earlier one.
RELATED_INJURY_MESSAGE = gettext_lazy(
    "You logged a head or neck injury, a fall or neck manipulation for {day}: together with what you logged "
    "after it, this needs a doctor's look now."
)
PATTERN_MESSAGE = {
    URGENT: gettext_lazy(
        "Your diary shows that {why}. Please see a doctor soon, today or tomorrow, and show them your diary."
    ),
    SOON: gettext_lazy(
        "Your diary shows that {why}. Please see a doctor within the next few days and show them your diary."
    ),
}
PATTERN_TEXT = {
    "new_after_50": gettext_lazy("your headaches began in the last year, after the age of 50"),
    "systemic_risk": gettext_lazy(
        "your headaches began in the last year, and your profile says you have had cancer, have a "
        "weakened immune system, or are pregnant or had a baby recently"
    ),
    "pattern_change": gettext_lazy("you had many more headache days in the last 30 days than in the two months before"),
    "new_side_locked": gettext_lazy("your headaches began in the last few months and always stay on the same side"),
}


def call_emergency(number: str | None = None, *, lower: bool = False) -> str:
    """ "Call the emergency number 112" where the patient's number is known
    (diary/timezones.py, emergency_number), else "Call your local emergency number";
    `lower` for the middle of a sentence."""
    if number:
        text = gettext("call the emergency number {number}") if lower else gettext("Call the emergency number {number}")
        return text.format(number=number)
    return gettext("call your local emergency number") if lower else gettext("Call your local emergency number")


def refused_on_checkin(codes: Iterable[str]) -> list[str]:
    """The codes a headache-free check-in may not carry (not *any entry* flags)."""
    return [code for code in codes if code not in ANY_ENTRY_RED_FLAGS]


# --- Which flags an entry carries, and how urgent --------------------------------------------


def raises_artery_alarm(codes: Collection[str], symptoms: Collection[str] | None) -> bool:
    """After an injury or manipulation: a neurological symptom, dizziness or a
    drooping eyelid (a possible neck artery injury), in whichever entry."""
    return EntryRedFlag.NEURO_DEFICIT in codes or bool(ARTERY_INJURY_SYMPTOMS & set(symptoms or ()))


def jaw_means_arteritis(*, headache: bool, neck_trigger: str | None, age: int | None, gca_age: int) -> bool:
    """A headache brought on by jaw movement at 50 or over, or at an unknown age,
    is a possible giant cell arteritis before it is a jaw joint."""
    return headache and neck_trigger == NeckTrigger.JAW_MOVEMENT and (age is None or age >= gca_age)


def entry_flag_codes(
    codes: Iterable[str], *, headache: bool = True, neck_trigger: str | None = None, age: int | None, gca_age: int
) -> list[str]:
    """The entry-level flags of one entry: the ticked ones, and giant cell
    arteritis signs from a jaw-movement trigger at 50 or over (or unknown age)."""
    found = [code for code in codes if code in URGENCY and code not in PATTERN_FLAGS]
    if EntryRedFlag.GIANT_CELL_ARTERITIS_SIGNS not in found and jaw_means_arteritis(
        headache=headache, neck_trigger=neck_trigger, age=age, gca_age=gca_age
    ):
        found.append(EntryRedFlag.GIANT_CELL_ARTERITIS_SIGNS.value)
    return found


def flag_urgency(
    code: str, *, codes: Collection[str] = (), symptoms: Collection[str] | None = (), related: bool = False
) -> str:
    """The urgency of one flag of an entry, given the entry's other flags and
    symptoms; `related` when another entry within 14 days completes a possible
    neck artery injury with it."""
    if code == EntryRedFlag.WORST_EVER and EntryRedFlag.THUNDERCLAP in codes:
        return EMERGENCY
    if code == EntryRedFlag.AFTER_INJURY_OR_MANIPULATION and (related or raises_artery_alarm(codes, symptoms)):
        return EMERGENCY
    if code == EntryRedFlag.GIANT_CELL_ARTERITIS_SIGNS and SIGHT_AT_RISK & set(codes):
        return EMERGENCY
    return URGENCY[code]


def highest_urgency(urgencies: Iterable[str]) -> str | None:
    found = set(urgencies)
    return next((urgency for urgency in URGENCY_ORDER if urgency in found), None)


def urgency_rank(urgency: str | None) -> int:
    """0 for an emergency, then urgent, soon; after them, no urgency at all (or
    one not known here). The one ranking of urgencies: every list sorts by it."""
    return URGENCY_ORDER.index(urgency) if urgency in URGENCY_ORDER else len(URGENCY_ORDER)


def triage_key(open_flags: Iterable) -> tuple[int, int, int]:
    """THE order of docs/screening.md, Order, for a flagged patient (their open
    flags) or one flag (given alone): the highest open urgency, then the latest
    flag date, then the number of open flags; no open flag sorts after any.
    Anything with `urgency` and `date` (the engine's RedFlag). The report
    (diary.screening.rules.flag_order) and the clinician's patient list
    (diary.selectors.sharing) both sort by it."""
    flags = list(open_flags)
    if not flags:
        return (len(URGENCY_ORDER), 0, 0)
    latest = max(flag.date for flag in flags)
    return (min(urgency_rank(flag.urgency) for flag in flags), -latest.toordinal(), -len(flags))


# --- Advice ---------------------------------------------------------------------------------


def is_past(date: dt.date, today: dt.date) -> bool:
    """Older than yesterday, in the patient's local dates."""
    return date < today - dt.timedelta(days=1)


def _day(date: dt.date) -> str:
    # "Sunday 6 December 2026", the weekday and month in the language of the sentence.
    return date_format(date, gettext("l j F Y"))


def message_for(
    urgency: str, *, date: dt.date | None = None, past: bool = False, emergency_number: str | None = None
) -> str:
    """What to do: now, by urgency; or, for a flag logged for a day before
    yesterday, the advice for a moment that may have passed. In the active language."""
    call = {"call": call_emergency(emergency_number), "call_lower": call_emergency(emergency_number, lower=True)}
    if past and date is not None:
        return str(PAST_MESSAGE).format(day=_day(date), **call)
    return str(MESSAGES[urgency]).format(**call)


def advice_for(
    codes: Iterable[str],
    *,
    symptoms: Collection[str] | None = (),
    headache: bool = True,
    neck_trigger: str | None = None,
    age: int | None = None,
    gca_age: int | None = None,
    date: dt.date | None = None,
    today: dt.date | None = None,
    related: Sequence[tuple[str, dt.date]] = (),
    emergency_number: str | None = None,
) -> dict | None:
    """The most urgent advice an entry calls for, or None: its red-flag codes,
    a jaw-movement headache at 50 or over, and `related`, the (id, date) of other
    entries that complete a possible neck artery injury with it (the injury
    before, or the symptoms after).

    `date` and `today` (the patient's local today) decide `past`; without them
    the advice speaks of now. `emergency_number` where the patient's is known.
    """
    if gca_age is None:
        from diary.screening.thresholds import current_thresholds  # the one place for thresholds

        gca_age = current_thresholds().giant_cell_arteritis_age
    codes = entry_flag_codes(codes, headache=headache, neck_trigger=neck_trigger, age=age, gca_age=gca_age)
    if related and EntryRedFlag.AFTER_INJURY_OR_MANIPULATION not in codes:
        codes.append(EntryRedFlag.AFTER_INJURY_OR_MANIPULATION.value)
    if not codes:
        return None
    urgency = highest_urgency(
        flag_urgency(code, codes=codes, symptoms=symptoms, related=bool(related)) for code in codes
    )
    past = date is not None and today is not None and is_past(date, today)
    message = message_for(urgency, date=date, past=past, emergency_number=emergency_number)
    if related:
        earliest = min(day for _, day in related)
        injury_day = min(earliest, date) if date is not None else earliest
        message = f"{message} {str(RELATED_INJURY_MESSAGE).format(day=_day(injury_day))}"
    return {
        "urgency": urgency,
        "codes": [str(code) for code in codes],
        "message": message,
        "past": past,
        "related": [entry_id for entry_id, _ in related],
    }


def _is_injury(codes: Collection[str] | None) -> bool:
    return EntryRedFlag.AFTER_INJURY_OR_MANIPULATION in (codes or ())


def _related_among(entry: dict, others: Iterable[tuple], days: int) -> list[tuple[str, dt.date]]:
    """Of `others`, (id, date, red_flags, symptoms) rows in date order, the (id,
    date) of those that complete a possible neck artery injury with `entry` (a
    dict of id, date, red_flags, symptoms): for an injury or manipulation, the
    entries of the `days` after it with dizziness, a drooping eyelid or a
    neurological symptom; for an entry with those, the injuries of the `days`
    before it."""
    injury = _is_injury(entry["red_flags"])
    alarm = raises_artery_alarm(entry["red_flags"] or (), entry["symptoms"])
    span = dt.timedelta(days=days)
    related = []
    for pk, date, codes, symptoms in others:
        if str(pk) == str(entry["id"]) or abs(date - entry["date"]) > span:
            continue
        after_injury = injury and date >= entry["date"] and raises_artery_alarm(codes or (), symptoms)
        before_alarm = alarm and date <= entry["date"] and _is_injury(codes)
        if after_injury or before_alarm:
            related.append((str(pk), date))
    return related


def _artery_injury_days() -> int:
    from diary.screening.thresholds import current_thresholds  # the one place for thresholds

    return current_thresholds().artery_injury_days


def artery_injury_related(entry, *, days: int | None = None) -> list[tuple[str, dt.date]]:
    """The (id, date) of the patient's other entries that complete a possible neck
    artery injury with this one (`_related_among`). At most one query, and none
    for most entries."""
    from diary.models import Entry  # the models import this module's choices

    days = _artery_injury_days() if days is None else days
    injury = _is_injury(entry.red_flags)
    alarm = raises_artery_alarm(entry.red_flags or (), entry.symptoms)
    if not injury and not alarm:
        return []
    span = dt.timedelta(days=days)
    rows = (
        Entry.objects.filter(
            patient_id=entry.patient_id,
            date__gte=entry.date - span if alarm else entry.date,
            date__lte=entry.date + span if injury else entry.date,
        )
        .exclude(pk=entry.pk)
        .order_by("date", "pk")
        .values_list("id", "date", "red_flags", "symptoms")
    )
    row = {"id": entry.pk, "date": entry.date, "red_flags": entry.red_flags, "symptoms": entry.symptoms}
    return _related_among(row, rows, days)


def artery_injury_related_rows(*, patient_id, rows: Sequence[dict]) -> dict[str, list[tuple[str, dt.date]]]:
    """The same for a list of entries (dicts of id, date, red_flags, symptoms),
    by entry id: what a page of GET /api/v1/entries/ shows beside each entry, as
    its single GET and its save response do. One query when the list holds an
    injury or one of its alarms, none otherwise."""
    from diary.models import Entry

    involved = [
        row
        for row in rows
        if _is_injury(row["red_flags"]) or raises_artery_alarm(row["red_flags"] or (), row["symptoms"])
    ]
    if not involved:
        return {}
    days = _artery_injury_days()
    span = dt.timedelta(days=days)
    # Only rows that ticked a flag or answered the symptoms can be an injury or an alarm.
    others = [
        (pk, date, codes, symptoms)
        for pk, date, codes, symptoms in Entry.objects.filter(
            patient_id=patient_id,
            date__gte=min(row["date"] for row in involved) - span,
            date__lte=max(row["date"] for row in involved) + span,
        )
        .exclude(red_flags=[], symptoms__isnull=True)
        .order_by("date", "pk")
        .values_list("id", "date", "red_flags", "symptoms")
        if _is_injury(codes) or raises_artery_alarm(codes or (), symptoms)
    ]
    found = {str(row["id"]): _related_among(row, others, days) for row in involved}
    return {entry_id: related for entry_id, related in found.items() if related}


def entry_advice(entry, *, patient=None) -> dict | None:
    """THE advice of one stored Entry (the save response, one entry read, and
    GET /api/v1/advice/): its flags, a jaw-movement headache at 50 or over, and
    a possible neck artery injury across its entries of 14 days around it. The
    patient's age and local today decide the urgency by age and `past`. Pass
    the patient when it is at hand, to save a query."""
    patient = patient or entry.patient
    today = local_today(patient)
    age = None if patient.birth_year is None else today.year - patient.birth_year
    return advice_for(
        entry.red_flags or (),
        symptoms=entry.symptoms,
        headache=entry.headache,
        neck_trigger=entry.neck_trigger,
        age=age,
        date=entry.date,
        today=today,
        related=artery_injury_related(entry),
        emergency_number=emergency_number(patient.timezone),
    )


def pattern_advice(codes: Iterable[str]) -> dict | None:
    """Advice for diary- and profile-level flags: "your diary shows ..."."""
    codes = [code for code in codes if code in PATTERN_FLAGS]
    if not codes:
        return None
    urgency = highest_urgency(URGENCY[code] for code in codes)
    why = gettext("; and ").join(str(PATTERN_TEXT[code]) for code in codes)
    message = str(PATTERN_MESSAGE[urgency]).format(why=why)
    return {"urgency": urgency, "codes": codes, "message": message, "past": False, "related": []}
