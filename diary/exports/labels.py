"""Clinical words for every code a clinician may meet: the summary, its screen, the
PDF and the FHIR export print these, never the codes (docs/screening.md, Wording).

The patient's app words the same codes in plain language (diary/choices.py);
these are for clinicians. A code missing here falls back to its plain label, then
to the code in words, so a new code never shows up raw.
"""

from diary.choices import (
    EntryRedFlag,
    MedicationKind,
    NeckTrigger,
    OnsetRegion,
    Posture,
    Quality,
    Relief,
    Side,
    Symptom,
)

CLINICAL = {
    # Levels of the screening report.
    "urgent_review": "urgent review (red flag not yet reviewed)",
    "insufficient_data": "not enough diary to judge",
    "probable": "probable cervicogenic pattern",
    "possible": "possible cervicogenic pattern",
    "none": "no cervicogenic pattern",
    # Reasons behind insufficient_data.
    "too_few_days": "fewer logged days than needed",
    "too_few_episodes": "fewer headaches than needed",
    "neck_questions_unanswered": "the neck questions were mostly left unanswered",
    # Signals.
    "side_locked": "side-locked",
    "mechanical_trigger": "mechanical neck trigger",
    "neck_onset": "onset in the neck or occiput",
    "ipsilateral_neck_arm_pain": "ipsilateral neck, shoulder or arm pain",
    "clinical_exam": "positive clinical examination",
    "frt": "Flexion-Rotation Test",
    "single_block": "diagnostic block",
    "comparative_blocks": "comparative diagnostic blocks",
    # Caps.
    "side_shift": "side shift",
    "migraine_features": "migraine features",
    "migraine_predominant": "migraine-predominant (better accounted for by migraine, ICHD-3 11.2.1 D)",
    "cluster_like": "cluster-like attacks",
    "hemicrania_continua_like": "hemicrania continua-like pattern",
    "bilateral": "bilateral headaches",
    "triptan_response": "response to triptans",
    "medication_overuse": "medication overuse",
    "neuralgic": "neuralgic (shooting) pain",
    # Differentials and their statuses and bands.
    "migraine": "migraine",
    "chronic_migraine": "chronic migraine",
    "tension_type": "tension-type headache",
    "cluster": "cluster headache",
    "hemicrania_continua": "hemicrania continua",
    "occipital_neuralgia": "occipital neuralgia",
    "post_traumatic": "post-traumatic headache",
    "temporomandibular": "temporomandibular disorder",
    "met": "criteria met",
    "at_risk": "at risk (criteria met over this window, not yet over 3 months)",
    "infrequent": "infrequent",
    "frequent": "frequent",
    "chronic": "chronic",
    "acute": "acute",
    "persistent": "persistent",
    # Red flags (SNNOOP10), entry-, diary- and profile-level.
    "thunderclap": "thunderclap onset",
    "worst_ever": "worst headache ever",
    "neuro_deficit": "neurological deficit",
    "fever_stiff_neck": "fever with neck stiffness",
    "after_injury_or_manipulation": "onset after head or neck injury or manipulation",
    "painful_red_eye_vision": "painful red eye with visual disturbance",
    "worse_standing_better_lying": "orthostatic (worse upright, better lying)",
    "cough_exertion_triggered": "precipitated by cough, Valsalva or exertion",
    "radicular_or_cord_signs": "radicular or cord signs",
    "giant_cell_arteritis_signs": "signs of giant cell arteritis",
    "raised_pressure_signs": "signs of raised intracranial pressure",
    "new_after_50": "new headache after 50",
    "systemic_risk": "new headache with systemic risk (cancer, immunosuppression, pregnancy)",
    "pattern_change": "change in pattern (headache days doubled)",
    "new_side_locked": "new side-locked headache",
    "emergency": "emergency",
    "urgent": "urgent",
    "soon": "soon (a doctor within a few days)",
    # Diary answers, in clinical words.
    "left": "left",
    "right": "right",
    "both": "bilateral",
    "occiput": "occiput",
    "vertex": "vertex",
    "diffuse": "diffuse",
    "eye": "periorbital",
    "movement": "neck movement",
    "sustained_posture": "sustained posture",
    "pressure": "pressure on the neck",
    "jaw_movement": "jaw movement",
    "unsure": "unsure",
    "shooting": "shooting (brief electric stabs)",
    "photophobia": "photophobia",
    "phonophobia": "phonophobia",
    "neck_stiffness": "neck stiffness",
    "reduced_neck_motion": "reduced neck motion",
    "shoulder_arm_pain": "ipsilateral shoulder or arm pain",
    "tearing_red_eye": "lacrimation or conjunctival injection",
    "nasal_symptoms": "nasal congestion or rhinorrhoea",
    "eyelid_droop_swelling": "ptosis or eyelid oedema",
    "restlessness": "restlessness or agitation",
    "simple_analgesic": "simple analgesic",
    "nsaid": "NSAID",
    "triptan": "triptan",
    "ergot": "ergot",
    "opioid": "opioid",
    "combination_analgesic": "combination analgesic",
    "gepant": "gepant",
}

# Where a code means different things in two fields, the field decides.
BY_FIELD = {
    ("neck_trigger", "none"): "none noticed",
    ("neck_trigger", "unsure"): "unsure (counted as unanswered)",
    ("posture", "other"): "other posture",
    ("quality", "other"): "other quality",
    ("medication", "other"): "other medication",
    ("relief", "none"): "no relief",
    ("relief", "partial"): "partial relief",
    ("relief", "complete"): "complete relief",
    ("relief", "unknown"): "relief not known",
    # A differential's status: "possible" is not the level's "possible cervicogenic pattern".
    ("differential_status", "possible"): "possible (from cranial autonomic features alone)",
}

# The questions a share left unnamed waits for (docs/screening.md, Evaluable), in clinical words.
QUESTIONS = {
    "symptoms": "the accompanying symptoms",
    "quality": "the pain quality",
    "worse_with_activity": "aggravation by activity",
}

_PLAIN = {}
for choices in (Side, OnsetRegion, Quality, NeckTrigger, Posture, Symptom, MedicationKind, Relief, EntryRedFlag):
    for value, text in choices.choices:
        _PLAIN.setdefault(value, text)


def label(code: str | None, field: str | None = None) -> str:
    """The clinician's words for a code (lower case, to sit inside a sentence)."""
    if code is None:
        return "not answered"
    if (field, code) in BY_FIELD:
        return BY_FIELD[(field, code)]
    if code in CLINICAL:
        return CLINICAL[code]
    if code in _PLAIN:
        return _PLAIN[code][0].lower() + _PLAIN[code][1:]
    return code.replace("_", " ")


def capitalised(code: str | None, field: str | None = None) -> str:
    text = label(code, field)
    return text[0].upper() + text[1:]


def not_evaluable_words(item: dict) -> str:
    """Why a report's share is not named (its `not_evaluable` item), e.g. "tension-type
    headache: not evaluable, the accompanying symptoms and the pain quality mostly
    unanswered"."""
    questions = " and ".join(QUESTIONS.get(question, question.replace("_", " ")) for question in item["questions"])
    return f"{label(item['code'])}: not evaluable, {questions} mostly unanswered"


FIELDS = {
    "side": Side,
    "onset_region": OnsetRegion,
    "quality": Quality,
    "neck_trigger": NeckTrigger,
    "posture": Posture,
    "symptoms": Symptom,
    "medication": MedicationKind,
    "relief": Relief,
}


def label_tables() -> dict[str, dict[str, str]]:
    """The words a client shows for each code: per diary field (where "none" or
    "other" mean different things), and `screening` for the report's codes
    (levels, reasons, signals, caps, differentials, statuses, red flags)."""
    tables = {field: {code: label(code, field) for code in choices.values} for field, choices in FIELDS.items()}
    diary_only = {code for choices in FIELDS.values() for code in choices.values} - {"none"}
    tables["screening"] = {code: text for code, text in CLINICAL.items() if code not in diary_only}
    for code in EntryRedFlag.values:
        tables["screening"].setdefault(code, label(code))
    return tables
