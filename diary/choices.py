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
    OTHER = "other", "Other"


class NeckTrigger(models.TextChoices):
    MOVEMENT = "movement", "Neck movement"
    SUSTAINED_POSTURE = "sustained_posture", "Holding one posture"
    PRESSURE = "pressure", "Pressure on the neck"
    NONE = "none", "None"
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
    """The entry-level red flags of screening.md (SNNOOP10), asked directly."""

    THUNDERCLAP = "thunderclap", "Peaked within a minute, or the worst ever"
    NEURO_DEFICIT = "neuro_deficit", "Weakness, numbness, speech or vision loss, double vision, confusion or a seizure"
    FEVER_STIFF_NECK = "fever_stiff_neck", "Fever with a stiff neck"
    AFTER_INJURY_OR_MANIPULATION = (
        "after_injury_or_manipulation",
        "After an injury or neck manipulation, with dizziness, double vision or slurred speech",
    )
    PAINFUL_RED_EYE_VISION = "painful_red_eye_vision", "Painful red eye with blurred vision"
    WORSE_STANDING_BETTER_LYING = "worse_standing_better_lying", "Worse standing up, better lying down"
    COUGH_EXERTION_TRIGGERED = "cough_exertion_triggered", "Brought on by coughing, straining or exertion"
