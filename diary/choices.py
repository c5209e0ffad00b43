"""The vocabulary of the diary, shared by the models, the API and the screening engine.

The codes are part of the HTTP contract (docs/api.md): never rename one.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PATIENT = "patient", _("Patient")
    CLINICIAN = "clinician", _("Clinician")


class Side(models.TextChoices):
    LEFT = "left", _("Left")
    RIGHT = "right", _("Right")
    BOTH = "both", _("Both")


class OnsetRegion(models.TextChoices):
    NECK = "neck", _("Neck")
    OCCIPUT = "occiput", _("Back of the head")
    TEMPLE = "temple", _("Temple")
    FOREHEAD = "forehead", _("Forehead")
    EYE = "eye", _("Around the eye")
    VERTEX = "vertex", _("Top of the head")
    DIFFUSE = "diffuse", _("All over")


class Quality(models.TextChoices):
    PRESSING = "pressing", _("Pressing or tight")
    THROBBING = "throbbing", _("Throbbing")
    STABBING = "stabbing", _("Stabbing")
    SHOOTING = "shooting", _("Brief electric or shooting stabs")
    OTHER = "other", _("Other")


class NeckTrigger(models.TextChoices):
    MOVEMENT = "movement", _("Neck movement")
    SUSTAINED_POSTURE = "sustained_posture", _("Holding one posture")
    PRESSURE = "pressure", _("Pressure on the neck")
    JAW_MOVEMENT = "jaw_movement", _("Chewing, yawning or clenching the jaw")
    NONE = "none", _("Nothing I noticed")
    UNSURE = "unsure", _("Not sure")


class Posture(models.TextChoices):
    DESK_SCREEN = "desk_screen", _("Desk or screen")
    PHONE_LOOKING_DOWN = "phone_looking_down", _("Looking down at a phone")
    DRIVING = "driving", _("Driving")
    OVERHEAD_WORK = "overhead_work", _("Working overhead")
    LYING_SLEEP = "lying_sleep", _("Lying down or asleep")
    SITTING = "sitting", _("Sitting")
    STANDING = "standing", _("Standing")
    OTHER = "other", _("Other")


class Symptom(models.TextChoices):
    NAUSEA = "nausea", _("Nausea")
    VOMITING = "vomiting", _("Vomiting")
    PHOTOPHOBIA = "photophobia", _("Bothered by light")
    PHONOPHOBIA = "phonophobia", _("Bothered by sound")
    AURA = "aura", _("Aura")
    NECK_STIFFNESS = "neck_stiffness", _("Stiff neck")
    REDUCED_NECK_MOTION = "reduced_neck_motion", _("Less neck movement")
    SHOULDER_ARM_PAIN = "shoulder_arm_pain", _("Shoulder or arm pain, same side")
    DIZZINESS = "dizziness", _("Dizziness")
    TEARING_RED_EYE = "tearing_red_eye", _("Watery or red eye")
    NASAL_SYMPTOMS = "nasal_symptoms", _("Blocked or runny nose")
    EYELID_DROOP_SWELLING = "eyelid_droop_swelling", _("Drooping or swollen eyelid")
    RESTLESSNESS = "restlessness", _("Restless, cannot keep still")


class MedicationKind(models.TextChoices):
    SIMPLE_ANALGESIC = "simple_analgesic", _("Simple painkiller (paracetamol, aspirin)")
    NSAID = "nsaid", _("Anti-inflammatory (ibuprofen, naproxen)")
    TRIPTAN = "triptan", _("Triptan")
    ERGOT = "ergot", _("Ergot")
    OPIOID = "opioid", _("Opioid")
    COMBINATION_ANALGESIC = "combination_analgesic", _("Combination painkiller")
    GEPANT = "gepant", _("Gepant")
    OTHER = "other", _("Other")


class Relief(models.TextChoices):
    NONE = "none", _("No relief")
    PARTIAL = "partial", _("Some relief")
    COMPLETE = "complete", _("Complete relief")
    UNKNOWN = "unknown", _("Not sure yet")


class EntryRedFlag(models.TextChoices):
    """The entry-level red flags of docs/screening.md (SNNOOP10), asked directly.

    The labels are what a frightened patient reads on the Log screen: plain words
    for what they notice, never the name of a condition.
    """

    THUNDERCLAP = "thunderclap", _("It reached its worst within a minute")
    WORST_EVER = "worst_ever", _("The worst headache of my life")
    NEURO_DEFICIT = (
        "neuro_deficit",
        _("Weakness, numbness, trouble speaking, loss of sight, double vision, confusion or a fit (seizure)"),
    )
    FEVER_STIFF_NECK = "fever_stiff_neck", _("A fever and a stiff neck")
    AFTER_INJURY_OR_MANIPULATION = (
        "after_injury_or_manipulation",
        _("It began after a blow to the head or neck, a fall, or neck manipulation"),
    )
    PAINFUL_RED_EYE_VISION = "painful_red_eye_vision", _("A painful red eye with blurred sight")
    WORSE_STANDING_BETTER_LYING = "worse_standing_better_lying", _("Worse when I stand up, better when I lie down")
    COUGH_EXERTION_TRIGGERED = "cough_exertion_triggered", _("Brought on by coughing, straining or effort")
    RADICULAR_OR_CORD_SIGNS = (
        "radicular_or_cord_signs",
        _("Numbness, tingling or weakness in an arm, clumsy hands, or a change in how I walk"),
    )
    GIANT_CELL_ARTERITIS_SIGNS = (
        "giant_cell_arteritis_signs",
        _("Jaw pain when chewing, a tender scalp, or changes in my sight"),
    )
    RAISED_PRESSURE_SIGNS = (
        "raised_pressure_signs",
        _("A whooshing in my ears in time with my pulse, or my sight greying out for a few seconds"),
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
