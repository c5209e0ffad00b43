"""The vocabulary of the diary, shared by the models, the API and the screening engine.

The codes are part of the HTTP contract (docs/api.md): never rename one.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


# --- Treatments (diary/models/treatments.py, issue 16) ---------------------------------


class TreatmentKind(models.TextChoices):
    """What a timeline event is. A new kind of event is a new value here, not a new table."""

    PROCEDURE = "procedure", _("Procedure")
    PHYSIOTHERAPY = "physiotherapy", _("Physiotherapy")
    HOME_EXERCISE = "home_exercise", _("Home exercises")
    MEDICATION_STARTED = "medication_started", _("Started a preventive medicine")
    MEDICATION_STOPPED = "medication_stopped", _("Stopped a preventive medicine")
    NOTE = "note", _("Another change")


class ProcedureKind(models.TextChoices):
    MEDIAL_BRANCH_BLOCK = "medial_branch_block", _("Medial branch block")
    THIRD_OCCIPITAL_NERVE_BLOCK = "third_occipital_nerve_block", _("Third occipital nerve block")
    GREATER_OCCIPITAL_NERVE_BLOCK = "greater_occipital_nerve_block", _("Greater occipital nerve block")
    FACET_JOINT_INJECTION = "facet_joint_injection", _("Facet joint injection")
    RADIOFREQUENCY_ABLATION = "radiofrequency_ablation", _("Radiofrequency ablation")
    EPIDURAL_STEROID_INJECTION = "epidural_steroid_injection", _("Epidural steroid injection")
    TRIGGER_POINT_INJECTION = "trigger_point_injection", _("Trigger point injection")
    BOTULINUM_TOXIN = "botulinum_toxin", _("Botulinum toxin")
    OTHER = "other", _("Other")


class ProcedurePurpose(models.TextChoices):
    DIAGNOSTIC = "diagnostic", _("Diagnostic")
    TREATMENT = "treatment", _("Treatment")


class ProcedureSide(models.TextChoices):
    LEFT = "left", _("Left")
    RIGHT = "right", _("Right")
    BOTH = "both", _("Both")
    MIDLINE = "midline", _("Midline")


class PromptStatus(models.TextChoices):
    """A post-block question's state; `missing` came due and was not answered (never filled in)."""

    ANSWERED = "answered", _("Answered")
    MISSING = "missing", _("Not answered")
    UPCOMING = "upcoming", _("Not due yet")
    ENDED = "ended", _("Diary ended")


class ReliefEndedBy(models.TextChoices):
    """What ended a block's unbroken run of relief (diary/treatments/relief.py)."""

    BELOW = "below", _("Relief fell below the level")
    MISSING = "missing", _("An answer was missing")
    DIARY_END = "diary_end", _("The diary ended")


class Concordance(models.TextChoices):
    """Does >= 80% relief last as long as the anaesthetic acts?"""

    CONCORDANT = "concordant", _("concordant")
    DISCORDANT = "discordant", _("discordant")
    UNKNOWN = "unknown", _("unclear")


class NoBlockResult(models.TextChoices):
    """Why a block has no result yet, in clinical words."""

    NO_BASELINE = "no_baseline", _("no pre-block pain recorded")
    BASELINE_WITHOUT_PAIN = "baseline_without_pain", _("no pain before the block")
    TOO_FEW_ANSWERS = "too_few_answers", _("too few answers")


class NotComparable(models.TextChoices):
    """Why a timeline event's before/after comparison has not enough diary."""

    NOT_ENOUGH_DIARY_BEFORE = "not_enough_diary_before", _("too few days logged before")
    NOT_ENOUGH_DIARY_AFTER = "not_enough_diary_after", _("too few days logged after")
    AFTER_WINDOW_NOT_REACHED = "after_window_not_reached", _("the weeks after have not ended yet")


class Benefit(models.TextChoices):
    """How headache days went after a treatment, so far."""

    UNKNOWN = "unknown", _("Not known yet")
    NO_CLEAR_BENEFIT = "no_clear_benefit", _("No clear benefit")
    LASTING = "lasting", _("Fewer headaches since")
    WANED = "waned", _("Fewer headaches for a while")


# --- Exercises (diary/models/exercises.py) ---------------------------------------------


class SessionOutcome(models.TextChoices):
    """How one exercise of a session went."""

    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")
    STOPPED_FOR_PAIN = "stopped_for_pain", _("Stopped for pain")


# --- Reminders (diary/models/reminders.py) ---------------------------------------------


class ReminderKind(models.TextChoices):
    """What a reminder is about, in the words of the Reminders screen's list."""

    POSTURE = "posture", _("Posture")
    ADAPTIVE = "adaptive", _("Before your usual headache time")
    DIARY_NUDGE = "diary_nudge", _("Log your day")
    NOTICE = "notice", _("Notice")
    # Scheduled by other features through diary.reminders.one_off, not by ReminderSettings.
    BLOCK_PROMPT = "block_prompt", _("Block diary question")
    EXERCISE_SESSION = "exercise_session", _("Exercise session")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")


# --- Records a clinician corrected or withdrew, and what the patient hid (issue 24) ---------


class RecordKind(models.TextChoices):
    EXAM = "exam", _("Examination")
    PROCEDURE = "procedure", _("Procedure")
    EVENT = "event", _("Timeline event")
    PROGRAMME = "programme", _("Exercise programme")


class RecordAction(models.TextChoices):
    CORRECTED = "corrected", _("Corrected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    HIDDEN = "hidden", _("Hidden by the patient")
    SHOWN = "shown", _("Shown again by the patient")


# --- Imports of a diary kept elsewhere (issue 26) --------------------------------------


class ImportFormat(models.TextChoices):
    NECKLINE_JSON = "neckline_json", _("Neckline export (JSON)")
    MIGRAINE_BUDDY_CSV = "migraine_buddy_csv", _("Migraine Buddy (CSV)")
    APPLE_HEALTH = "apple_health", _("Apple Health (export.zip or export.xml)")
    CSV = "csv", _("A spreadsheet (CSV) with a column mapping")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    UNDONE = "undone", _("Undone")


class ImportAction(models.TextChoices):
    CREATED = "created", _("Created")
    MERGED = "merged", _("Merged")


class ImportRowAction(models.TextChoices):
    """What an import's dry run does with each row (the preview's `details`), before it runs."""

    # A row, not an entry: in some languages the word takes the row's gender.
    CREATE = "create", pgettext_lazy("import row", "Created")
    MERGE = "merge", pgettext_lazy("import row", "Merged")
    SKIP = "skip", pgettext_lazy("import row", "Skipped")


# --- The screening report's words for a patient (docs/screening.md) ------------------------
# The engine's codes live here once (diary/screening/engine.py and diary/red_flags.py read
# them); a clinician reads the same codes in clinical words (diary/reports/labels.py).


class ScreeningLevel(models.TextChoices):
    """The report's level, most pressing first, as the patient's Insights screen heads it."""

    URGENT_REVIEW = "urgent_review", _("A doctor should look at your diary first")
    INSUFFICIENT_DATA = "insufficient_data", _("Not enough diary yet to see a pattern")
    PROBABLE = "probable", _("Several signs that your headaches may start in the neck")
    POSSIBLE = "possible", _("Some signs that your headaches may start in the neck")
    NONE = "none", _("No clear pattern of headaches starting in the neck")


class Urgency(models.TextChoices):
    """How soon a red flag needs a doctor, most urgent first (docs/screening.md, Order)."""

    EMERGENCY = "emergency", _("Emergency")
    URGENT = "urgent", _("Urgent")
    SOON = "soon", _("Soon")


class PatternRedFlag(models.TextChoices):
    """The red flags the screening finds in the diary or the profile rather than in one entry."""

    NEW_AFTER_50 = "new_after_50", _("Headaches that began in the last year, after the age of 50")
    SYSTEMIC_RISK = (
        "systemic_risk",
        _("New headaches together with cancer, a weakened immune system or a recent pregnancy"),
    )
    PATTERN_CHANGE = "pattern_change", _("Many more headache days in the last 30 days than before")
    NEW_SIDE_LOCKED = "new_side_locked", _("New headaches, always on the same side")
