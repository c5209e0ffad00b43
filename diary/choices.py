"""The vocabulary of the diary, shared by the models, the API and the screening engine.

The codes are part of the HTTP contract (docs/api.md): never rename one.
"""

from django.db import models


class Role(models.TextChoices):
    PATIENT = "patient", "Patient"
    CLINICIAN = "clinician", "Clinician"


class Side(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both"


class OnsetRegion(models.TextChoices):
    NECK = "neck", "Neck"
    OCCIPUT = "occiput", "Back of the head"
    TEMPLE = "temple", "Temple"
    FOREHEAD = "forehead", "Forehead"
    EYE = "eye", "Around the eye"
    VERTEX = "vertex", "Top of the head"
    DIFFUSE = "diffuse", "All over"


class Quality(models.TextChoices):
    PRESSING = "pressing", "Pressing or tight"
    THROBBING = "throbbing", "Throbbing"
    STABBING = "stabbing", "Stabbing"
    SHOOTING = "shooting", "Brief electric or shooting stabs"
    OTHER = "other", "Other"


class NeckTrigger(models.TextChoices):
    MOVEMENT = "movement", "Neck movement"
    SUSTAINED_POSTURE = "sustained_posture", "Holding one posture"
    PRESSURE = "pressure", "Pressure on the neck"
    JAW_MOVEMENT = "jaw_movement", "Chewing, yawning or clenching the jaw"
    NONE = "none", "Nothing I noticed"
    UNSURE = "unsure", "Not sure"


class Posture(models.TextChoices):
    DESK_SCREEN = "desk_screen", "Desk or screen"
    PHONE_LOOKING_DOWN = "phone_looking_down", "Looking down at a phone"
    DRIVING = "driving", "Driving"
    OVERHEAD_WORK = "overhead_work", "Working overhead"
    LYING_SLEEP = "lying_sleep", "Lying down or asleep"
    SITTING = "sitting", "Sitting"
    STANDING = "standing", "Standing"
    OTHER = "other", "Other"


class Symptom(models.TextChoices):
    NAUSEA = "nausea", "Nausea"
    VOMITING = "vomiting", "Vomiting"
    PHOTOPHOBIA = "photophobia", "Bothered by light"
    PHONOPHOBIA = "phonophobia", "Bothered by sound"
    AURA = "aura", "Aura"
    NECK_STIFFNESS = "neck_stiffness", "Stiff neck"
    REDUCED_NECK_MOTION = "reduced_neck_motion", "Less neck movement"
    SHOULDER_ARM_PAIN = "shoulder_arm_pain", "Shoulder or arm pain, same side"
    DIZZINESS = "dizziness", "Dizziness"
    TEARING_RED_EYE = "tearing_red_eye", "Watery or red eye"
    NASAL_SYMPTOMS = "nasal_symptoms", "Blocked or runny nose"
    EYELID_DROOP_SWELLING = "eyelid_droop_swelling", "Drooping or swollen eyelid"
    RESTLESSNESS = "restlessness", "Restless, cannot keep still"


class MedicationKind(models.TextChoices):
    SIMPLE_ANALGESIC = "simple_analgesic", "Simple painkiller (paracetamol, aspirin)"
    NSAID = "nsaid", "Anti-inflammatory (ibuprofen, naproxen)"
    TRIPTAN = "triptan", "Triptan"
    ERGOT = "ergot", "Ergot"
    OPIOID = "opioid", "Opioid"
    COMBINATION_ANALGESIC = "combination_analgesic", "Combination painkiller"
    GEPANT = "gepant", "Gepant"
    OTHER = "other", "Other"


class Relief(models.TextChoices):
    NONE = "none", "No relief"
    PARTIAL = "partial", "Some relief"
    COMPLETE = "complete", "Complete relief"
    UNKNOWN = "unknown", "Not sure yet"


class EntryRedFlag(models.TextChoices):
    """The entry-level red flags of docs/screening.md (SNNOOP10), asked directly.

    The labels are what a frightened patient reads on the Log screen: plain words
    for what they notice, never the name of a condition.
    """

    THUNDERCLAP = "thunderclap", "It reached its worst within a minute"
    WORST_EVER = "worst_ever", "The worst headache of my life"
    NEURO_DEFICIT = (
        "neuro_deficit",
        "Weakness, numbness, trouble speaking, loss of sight, double vision, confusion or a fit (seizure)",
    )
    FEVER_STIFF_NECK = "fever_stiff_neck", "A fever and a stiff neck"
    AFTER_INJURY_OR_MANIPULATION = (
        "after_injury_or_manipulation",
        "It began after a blow to the head or neck, a fall, or neck manipulation",
    )
    PAINFUL_RED_EYE_VISION = "painful_red_eye_vision", "A painful red eye with blurred sight"
    WORSE_STANDING_BETTER_LYING = "worse_standing_better_lying", "Worse when I stand up, better when I lie down"
    COUGH_EXERTION_TRIGGERED = "cough_exertion_triggered", "Brought on by coughing, straining or effort"
    RADICULAR_OR_CORD_SIGNS = (
        "radicular_or_cord_signs",
        "Numbness, tingling or weakness in an arm, clumsy hands, or a change in how I walk",
    )
    GIANT_CELL_ARTERITIS_SIGNS = (
        "giant_cell_arteritis_signs",
        "Jaw pain when chewing, a tender scalp, or changes in my sight",
    )
    RAISED_PRESSURE_SIGNS = (
        "raised_pressure_signs",
        "A whooshing in my ears in time with my pulse, or my sight greying out for a few seconds",
    )


# The red flags a headache-free check-in may carry too (docs/screening.md, *any
# entry*): signs that matter with or without a headache, such as vision loss.
ANY_ENTRY_RED_FLAGS = frozenset(
    {
        EntryRedFlag.NEURO_DEFICIT,
        EntryRedFlag.PAINFUL_RED_EYE_VISION,
        EntryRedFlag.RADICULAR_OR_CORD_SIGNS,
        EntryRedFlag.GIANT_CELL_ARTERITIS_SIGNS,
        EntryRedFlag.RAISED_PRESSURE_SIGNS,
    }
)
