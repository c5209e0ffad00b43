"""Clinical words for every code a clinician may meet: the summary, its screen, the
PDF and the FHIR export print these, never the codes (docs/screening.md, Wording).

The patient's app words the same codes in plain language (diary/choices.py);
these are for clinicians. A code missing here falls back to its plain label, then
to the code in words, so a new code never shows up raw.
"""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

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
    "urgent_review": _("urgent review (red flag not yet reviewed)"),
    "insufficient_data": _("not enough diary to judge"),
    "probable": _("probable cervicogenic pattern"),
    "possible": _("possible cervicogenic pattern"),
    "none": _("no cervicogenic pattern"),
    # Reasons behind insufficient_data.
    "too_few_days": _("fewer logged days than needed"),
    "too_few_episodes": _("fewer headaches than needed"),
    "neck_questions_unanswered": _("the neck questions were mostly left unanswered"),
    # Signals.
    "side_locked": _("side-locked"),
    "mechanical_trigger": _("mechanical neck trigger"),
    "neck_onset": _("onset in the neck or occiput"),
    "ipsilateral_neck_arm_pain": _("ipsilateral neck, shoulder or arm pain"),
    "clinical_exam": _("positive clinical examination"),
    "frt": _("Flexion-Rotation Test"),
    "single_block": _("diagnostic block"),
    "comparative_blocks": _("comparative diagnostic blocks"),
    # Caps.
    "side_shift": _("side shift"),
    "migraine_features": _("migraine features"),
    "migraine_predominant": _("migraine-predominant (better accounted for by migraine, ICHD-3 11.2.1 D)"),
    "cluster_like": _("cluster-like attacks"),
    "hemicrania_continua_like": _("hemicrania continua-like pattern"),
    "bilateral": _("bilateral headaches"),
    "triptan_response": _("response to triptans"),
    "medication_overuse": _("medication overuse"),
    "neuralgic": _("neuralgic (shooting) pain"),
    # Differentials and their statuses and bands.
    "migraine": _("migraine"),
    "chronic_migraine": _("chronic migraine"),
    "tension_type": _("tension-type headache"),
    "cluster": _("cluster headache"),
    "hemicrania_continua": _("hemicrania continua"),
    "occipital_neuralgia": _("occipital neuralgia"),
    "post_traumatic": _("post-traumatic headache"),
    "temporomandibular": _("temporomandibular disorder"),
    "met": _("criteria met"),
    "at_risk": _("at risk (criteria met over this window, not yet over 3 months)"),
    "infrequent": _("infrequent"),
    "frequent": _("frequent"),
    "chronic": _("chronic"),
    "acute": _("acute"),
    "persistent": _("persistent"),
    # Red flags (SNNOOP10), entry-, diary- and profile-level.
    "thunderclap": _("thunderclap onset"),
    "worst_ever": _("worst headache ever"),
    "neuro_deficit": _("neurological deficit"),
    "fever_stiff_neck": _("fever with neck stiffness"),
    "after_injury_or_manipulation": _("onset after head or neck injury or manipulation"),
    "painful_red_eye_vision": _("painful red eye with visual disturbance"),
    "worse_standing_better_lying": _("orthostatic (worse upright, better lying)"),
    "cough_exertion_triggered": _("precipitated by cough, Valsalva or exertion"),
    "radicular_or_cord_signs": _("radicular or cord signs"),
    "giant_cell_arteritis_signs": _("signs of giant cell arteritis"),
    "raised_pressure_signs": _("signs of raised intracranial pressure"),
    "new_after_50": _("new headache after 50"),
    "systemic_risk": _("new headache with systemic risk (cancer, immunosuppression, pregnancy)"),
    "pattern_change": _("change in pattern (headache days doubled)"),
    "new_side_locked": _("new side-locked headache"),
    "emergency": _("emergency"),
    "urgent": _("urgent"),
    "soon": _("soon (a doctor within a few days)"),
    # Diary answers, in clinical words.
    "left": _("left"),
    "right": _("right"),
    "both": _("bilateral"),
    "occiput": _("occiput"),
    "vertex": _("vertex"),
    "diffuse": _("diffuse"),
    "eye": _("periorbital"),
    "movement": _("neck movement"),
    "sustained_posture": _("sustained posture"),
    "pressure": _("pressure on the neck"),
    "jaw_movement": _("jaw movement"),
    "unsure": _("unsure"),
    "shooting": _("shooting (brief electric stabs)"),
    "photophobia": _("photophobia"),
    "phonophobia": _("phonophobia"),
    "neck_stiffness": _("neck stiffness"),
    "reduced_neck_motion": _("reduced neck motion"),
    "shoulder_arm_pain": _("ipsilateral shoulder or arm pain"),
    "tearing_red_eye": _("lacrimation or conjunctival injection"),
    "nasal_symptoms": _("nasal congestion or rhinorrhoea"),
    "eyelid_droop_swelling": _("ptosis or eyelid oedema"),
    "restlessness": _("restlessness or agitation"),
    "simple_analgesic": _("simple analgesic"),
    "nsaid": _("NSAID"),
    "triptan": _("triptan"),
    "ergot": _("ergot"),
    "opioid": _("opioid"),
    "combination_analgesic": _("combination analgesic"),
    "gepant": _("gepant"),
}

# Where a code means different things in two fields, the field decides.
BY_FIELD = {
    ("neck_trigger", "none"): _("none noticed"),
    ("neck_trigger", "unsure"): _("unsure (counted as unanswered)"),
    ("posture", "other"): _("other posture"),
    ("quality", "other"): _("other quality"),
    ("medication", "other"): _("other medication"),
    ("relief", "none"): _("no relief"),
    ("relief", "partial"): _("partial relief"),
    ("relief", "complete"): _("complete relief"),
    ("relief", "unknown"): _("relief not known"),
    # A differential's status: "possible" is not the level's "possible cervicogenic pattern".
    ("differential_status", "possible"): _("possible (from cranial autonomic features alone)"),
}

# The questions a share left unnamed waits for (docs/screening.md, Evaluable), in clinical words.
QUESTIONS = {
    "symptoms": _("the accompanying symptoms"),
    "quality": _("the pain quality"),
    "worse_with_activity": _("aggravation by activity"),
}

_PLAIN = {}
for choices in (Side, OnsetRegion, Quality, NeckTrigger, Posture, Symptom, MedicationKind, Relief, EntryRedFlag):
    for value, text in choices.choices:
        _PLAIN.setdefault(value, text)


def label(code: str | None, field: str | None = None) -> str:
    """The clinician's words for a code (lower case, to sit inside a sentence)."""
    if code is None:
        return str(_("not answered"))
    if (field, code) in BY_FIELD:
        return str(BY_FIELD[(field, code)])
    if code in CLINICAL:
        return str(CLINICAL[code])
    if code in _PLAIN:
        plain = str(_PLAIN[code])
        # German nouns keep their capital inside a sentence.
        return plain if (get_language() or "en").startswith("de") else plain[0].lower() + plain[1:]
    return code.replace("_", " ")


def capitalised(code: str | None, field: str | None = None) -> str:
    text = label(code, field)
    return text[0].upper() + text[1:]


def not_evaluable_words(item: dict) -> str:
    """Why a report's share is not named (its `not_evaluable` item), e.g. "tension-type
    headache: not evaluable, the accompanying symptoms and the pain quality mostly
    unanswered"."""
    questions = [str(QUESTIONS.get(question, question.replace("_", " "))) for question in item["questions"]]
    return _("{share}: not evaluable, {questions} mostly unanswered").format(
        share=label(item["code"]), questions=_(" and ").join(questions)
    )


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
    tables["screening"] = {code: str(text) for code, text in CLINICAL.items() if code not in diary_only}
    for code in EntryRedFlag.values:
        tables["screening"].setdefault(code, label(code))
    return tables
