"""Advice for the entry-level red flags of screening.md (SNNOOP10).

The save response carries this at once, so the app can show it before anything
else. The wording tells the patient what to do now, plainly, without a diagnosis.
"""

from diary.choices import EntryRedFlag

EMERGENCY = "emergency"
URGENT = "urgent"

URGENCY = {
    EntryRedFlag.THUNDERCLAP: EMERGENCY,
    EntryRedFlag.NEURO_DEFICIT: EMERGENCY,
    EntryRedFlag.FEVER_STIFF_NECK: EMERGENCY,
    EntryRedFlag.AFTER_INJURY_OR_MANIPULATION: EMERGENCY,
    EntryRedFlag.PAINFUL_RED_EYE_VISION: EMERGENCY,
    EntryRedFlag.WORSE_STANDING_BETTER_LYING: URGENT,
    EntryRedFlag.COUGH_EXERTION_TRIGGERED: URGENT,
    # Pattern-level flags, raised by the screening engine rather than an entry.
    "new_after_50": URGENT,
    "pattern_change": URGENT,
    "new_side_locked": URGENT,
}

MESSAGES = {
    EMERGENCY: (
        "This needs medical help now. Call your local emergency number (112 in Europe, 911 in the US) "
        "or go to the nearest emergency department. Do not drive yourself."
    ),
    URGENT: (
        "Please see a doctor soon, today or tomorrow, and tell them about this headache. "
        "If it gets suddenly worse, or new symptoms appear, call your local emergency number."
    ),
}


def advice_for(codes: list[str]) -> dict | None:
    """The most urgent advice that the given red-flag codes call for, or None."""
    flagged = [code for code in codes if code in URGENCY]
    if not flagged:
        return None
    urgency = EMERGENCY if any(URGENCY[code] == EMERGENCY for code in flagged) else URGENT
    return {"urgency": urgency, "codes": flagged, "message": MESSAGES[urgency]}
