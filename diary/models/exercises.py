"""Home exercise programmes, the sessions a patient records, and outcome questionnaires.

A programme's start is a TreatmentEvent (kind `home_exercise`), so the treatment
timeline and its before/after comparison treat it like any other treatment.
"""

import uuid

from django.conf import settings
from django.db import models

from diary.choices import SessionOutcome


class Programme(models.Model):
    """Exercises with their doses, on given weekdays at given local times, from a start
    date to a review date. Prescribed by a clinician, or the project's general programme
    started by the patient (`general_advice`)."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programmes")
    prescribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Copied, so the programme keeps its author after their account is deleted.
    prescribed_by_email = models.EmailField(blank=True, default="")
    general_advice = models.BooleanField(default=False)
    title = models.CharField(max_length=200)
    times = models.JSONField(default=list)  # ["HH:MM", ...] in the patient's timezone
    weekdays = models.JSONField(default=list)  # 0 = Monday ... 6 = Sunday
    start_date = models.DateField()
    review_date = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    library_version = models.PositiveIntegerField()
    event = models.OneToOneField(
        "diary.TreatmentEvent", on_delete=models.SET_NULL, null=True, blank=True, related_name="programme"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Withdrawn by the clinician who prescribed it: out of every view, kept with its history.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Hidden by the patient from their own views; the clinicians' views keep it.
    hidden_by_patient_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["patient", "-start_date"], name="programme_patient_start")]


class ProgrammeExercise(models.Model):
    """One exercise of a programme with its dose; `stage` for exercises with stages."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="exercises")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=48)
    version = models.PositiveIntegerField()  # the library text the patient was given
    stage = models.PositiveSmallIntegerField(null=True, blank=True)
    sets = models.PositiveSmallIntegerField()
    repetitions = models.PositiveSmallIntegerField()
    hold_seconds = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="one_exercise_per_programme")]


class ExerciseSession(models.Model):
    """One session the patient did (or began) of their programme. The id is made by the
    app, so a session recorded offline and sent again any number of times is stored once."""

    id = models.UUIDField(primary_key=True)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()  # the patient's local date
    performed_at = models.DateTimeField()
    # [{"code", "outcome", "pain"}]: one per exercise of the programme at the time.
    results = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-performed_at"]
        indexes = [models.Index(fields=["programme", "date"], name="session_programme_date")]

    @property
    def done_any(self) -> bool:
        return any(result["outcome"] == SessionOutcome.DONE for result in self.results)


class QuestionnaireResponse(models.Model):
    """A patient's answers to one instrument (FHIR QuestionnaireResponse shape), scored
    when saved. The id is made by the app: a resent response is stored once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questionnaire_responses"
    )
    instrument = models.CharField(max_length=40)
    instrument_version = models.CharField(max_length=20)
    authored_at = models.DateTimeField()
    items = models.JSONField()
    score = models.FloatField(null=True, blank=True)
    band = models.CharField(max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-authored_at"]
        indexes = [models.Index(fields=["patient", "instrument", "-authored_at"], name="response_patient_instr")]
