"""The red flags of docs/screening.md (SNNOOP10): their urgency and the advice.

The save response carries the advice at once, so the app can show it before
anything else. The wording tells the patient what to do, plainly, without a
diagnosis; a flag logged days later says so, and a flag found in the diary or
the profile speaks of "your diary", never of "this headache".
"""

import datetime as dt
from collections.abc import Collection, Iterable

from diary.choices import ANY_ENTRY_RED_FLAGS, EntryRedFlag
from diary.timezones import local_today

EMERGENCY = "emergency"
URGENT = "urgent"

# The urgency of each flag on its own; `flag_urgency` raises some by combination or age.
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
    "new_after_50": URGENT,
    "systemic_risk": URGENT,
    "pattern_change": URGENT,
    "new_side_locked": URGENT,
}
PATTERN_FLAGS = frozenset({"new_after_50", "systemic_risk", "pattern_change", "new_side_locked"})

# Symptoms that, after an injury or neck manipulation, may mean a torn neck artery.
ARTERY_INJURY_SYMPTOMS = frozenset({"dizziness", "eyelid_droop_swelling"})

MESSAGES = {
    EMERGENCY: (
        "This needs medical help now. Call your local emergency number (112 in Europe, 911 in the US) "
        "or go to the nearest emergency department. Do not drive yourself."
    ),
    URGENT: (
        "Please see a doctor today or tomorrow and tell them what you noticed. "
        "If it gets suddenly worse, or new symptoms appear, call your local emergency number."
    ),
}
# For an entry dated before yesterday: the moment may have passed, or may not.
PAST_MESSAGE = (
    "You logged this for {day}. If a doctor did not check it at the time, please see a doctor today and "
    "tell them about it. If it is happening now, get help now: call your local emergency number "
    "(112 in Europe, 911 in the US)."
)
PATTERN_MESSAGE = "Your diary shows that {why}. Please see a doctor soon, today or tomorrow, and show them your diary."
PATTERN_TEXT = {
    "new_after_50": "your headaches began in the last year, after the age of 50",
    "systemic_risk": "your headaches began in the last year, and your profile says you have had cancer, have a "
    "weakened immune system, or are pregnant or had a baby recently",
    "pattern_change": "you had many more headache days in the last 30 days than in the two months before",
    "new_side_locked": "your headaches began in the last few months and always stay on the same side",
}


def refused_on_checkin(codes: Iterable[str]) -> list[str]:
    """The codes a headache-free check-in may not carry (not *any entry* flags)."""
    return [code for code in codes if code not in ANY_ENTRY_RED_FLAGS]


def flag_urgency(
    code: str,
    *,
    codes: Collection[str] = (),
    symptoms: Collection[str] = (),
    age: int | None = None,
    gca_emergency_age: int | None = None,
) -> str:
    """The urgency of one flag of an entry, given the entry's other flags and
    symptoms and the patient's age (None when unknown)."""
    if gca_emergency_age is None:
        from diary.screening.thresholds import current_thresholds  # the one place for thresholds

        gca_emergency_age = current_thresholds().giant_cell_arteritis_emergency_age
    if code == EntryRedFlag.WORST_EVER and EntryRedFlag.THUNDERCLAP in codes:
        return EMERGENCY
    if code == EntryRedFlag.AFTER_INJURY_OR_MANIPULATION and (
        EntryRedFlag.NEURO_DEFICIT in codes or ARTERY_INJURY_SYMPTOMS & set(symptoms)
    ):
        return EMERGENCY
    if code == EntryRedFlag.GIANT_CELL_ARTERITIS_SIGNS and age is not None and age >= gca_emergency_age:
        return EMERGENCY
    return URGENCY[code]


def is_past(date: dt.date, today: dt.date) -> bool:
    """Older than yesterday, in the patient's local dates."""
    return date < today - dt.timedelta(days=1)


def _day(date: dt.date) -> str:
    return f"{date:%A} {date.day} {date:%B} {date.year}"


def message_for(urgency: str, *, date: dt.date | None = None, past: bool = False) -> str:
    """What to do: now, by urgency; or, for a flag logged for a day before
    yesterday, the advice for a moment that may have passed."""
    return PAST_MESSAGE.format(day=_day(date)) if past and date is not None else MESSAGES[urgency]


def advice_for(
    codes: Iterable[str],
    *,
    symptoms: Collection[str] = (),
    age: int | None = None,
    date: dt.date | None = None,
    today: dt.date | None = None,
) -> dict | None:
    """The most urgent advice that an entry's red-flag codes call for, or None.

    `date` and `today` (the patient's local today) decide `past`; without them
    the advice speaks of now.
    """
    codes = [code for code in codes if code in URGENCY and code not in PATTERN_FLAGS]
    if not codes:
        return None
    urgencies = {flag_urgency(code, codes=codes, symptoms=symptoms, age=age) for code in codes}
    urgency = EMERGENCY if EMERGENCY in urgencies else URGENT
    past = date is not None and today is not None and is_past(date, today)
    return {"urgency": urgency, "codes": codes, "message": message_for(urgency, date=date, past=past), "past": past}


def entry_advice(entry, *, patient=None) -> dict | None:
    """The advice of the save response for a stored Entry (its patient's age and
    local today decide the urgency by age and `past`). Pass the patient when it
    is at hand, to save a query."""
    if not entry.red_flags:
        return None
    patient = patient or entry.patient
    today = local_today(patient)
    age = None if patient.birth_year is None else today.year - patient.birth_year
    return advice_for(entry.red_flags, symptoms=entry.symptoms or (), age=age, date=entry.date, today=today)


def pattern_advice(codes: Iterable[str]) -> dict | None:
    """Advice for diary- and profile-level flags: "your diary shows ..."."""
    codes = [code for code in codes if code in PATTERN_FLAGS]
    if not codes:
        return None
    why = "; and ".join(PATTERN_TEXT[code] for code in codes)
    return {"urgency": URGENT, "codes": codes, "message": PATTERN_MESSAGE.format(why=why), "past": False}
