"""Home exercise programmes (docs/api-extensions.md): the library, the patient's programme
and sessions, a clinician's prescriptions, and outcome questionnaires."""

import datetime as dt

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.access import SENT, LinkedPatientView, Logged
from api.exercises.serializers import (
    DefaultProgrammeInSerializer,
    ProgrammeInSerializer,
    ProgressInSerializer,
    QuestionnaireResponseInSerializer,
    SessionInSerializer,
)
from api.permissions import IsPatient
from diary.exercises.library import default_programme, library
from diary.models import ExerciseSession
from diary.questionnaires.instruments import instruments
from diary.selectors.exercises import (
    current_programme,
    programme_detail,
    programme_get,
    programme_overview,
    programmes_for,
    questionnaire_scores,
)
from diary.selectors.screening import flags_holding_exercise
from diary.services.exercises import (
    ProgrammeError,
    SessionConflict,
    programme_end,
    programme_prescribe,
    programme_progress,
    programme_start_default,
    questionnaire_response_save,
    session_record,
)
from diary.timezones import local_today

# Free-form JSON (the shapes are in docs/api-extensions.md): the schema said an object with a
# required `detail`, which no answer has (the fuzz's response check).
ANY = OpenApiResponse(OpenApiTypes.ANY, description="See docs/api-extensions.md, Home exercise programmes")
NOT_FOUND = OpenApiResponse(description="No such programme or patient, or no current grant")


def _refuse(error: ProgrammeError):
    raise ValidationError({error.field: [str(error)]})


HELD_BACK = OpenApiResponse(description="Open urgent or emergency red flags: a doctor first (`red_flags`)")


def _held_back(patient) -> Response | None:
    """409 while an open `urgent` or `emergency` red flag has no doctor's check recorded
    (docs/screening.md, Review): exercise waits until a doctor has seen what was logged."""
    flags = flags_holding_exercise(patient=patient)
    if not flags:
        return None
    detail = _(
        "Please see a doctor about the warning signs in your diary before you start or continue the exercises. "
        "Once a doctor has checked them, record it on the Insights screen and the exercises open again."
    )
    return Response({"detail": detail, "red_flags": flags}, status=status.HTTP_409_CONFLICT)


# --- The library and the patient's programme ---------------------------------------------


class LibraryView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="The home exercise library",
        description="Steps, dose ranges, stages, what should "
        "and should not be felt, and an inline SVG illustration with its text alternative.",
        responses={200: ANY},
    )
    def get(self, request):
        return Response({"exercises": [exercise.as_dict() for exercise in library().values()]})


class ProgrammeView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Your current exercise programme, with adherence",
        description="`programme` is null when you have none; `default_programme` is the general "
        "programme you can start yourself.",
        responses={200: ANY},
    )
    def get(self, request):
        programme = current_programme(patient=request.user, for_patient=True)
        default = default_programme()
        return Response(
            {
                "programme": programme_detail(programme) if programme else None,
                "default_programme": {
                    "title": default["title"],
                    "general_advice": default["general_advice"],
                    "exercises": [library()[e["code"]].title for e in default["exercises"]],
                    "times": default["default_times"],
                },
                "questionnaires": questionnaire_scores(patient=request.user),
                # Open urgent or emergency flags: the app says why exercise waits and what to do first.
                "held_back_by": flags_holding_exercise(patient=request.user),
            }
        )


class DefaultProgrammeView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Start the general programme yourself",
        request=DefaultProgrammeInSerializer,
        description="General advice, not a plan made for you: stop if symptoms get worse. Ends any current programme. "
        "409 while an urgent or emergency red flag is open (no doctor's check recorded).",
        responses={201: ANY, 409: HELD_BACK},
    )
    def post(self, request):
        serializer = DefaultProgrammeInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if held := _held_back(request.user):
            return held
        programme = programme_start_default(patient=request.user, **serializer.validated_data)
        return Response(
            programme_detail(programme_get(patient=request.user, programme_id=programme.pk)),
            status=status.HTTP_201_CREATED,
        )


class ProgrammeEndView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Stop your programme today (no more reminders)", request=None, responses={200: ANY, 404: NOT_FOUND}
    )
    def post(self, request, programme_id: int):
        programme = programme_get(patient=request.user, programme_id=programme_id)
        if programme is None:
            raise NotFound()
        programme_end(programme=programme)
        return Response(programme_detail(programme))


class SessionView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Record a session (idempotent on the app's id)",
        request=SessionInSerializer,
        description="Each exercise done, skipped or stopped for pain (with an optional pain 0-10). "
        "The same id sent again is stored once.",
        responses={201: ANY, 200: ANY, 404: NOT_FOUND, 409: HELD_BACK},
    )
    def put(self, request, session_id):
        serializer = SessionInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        programme = programme_get(patient=request.user, programme_id=data["programme"])
        if programme is None:
            raise ValidationError({"programme": [_("No such programme in your account.")]})
        # A replay of a session already stored stays idempotent; only a new one waits for the doctor.
        if not ExerciseSession.objects.filter(pk=session_id, patient=request.user).exists():
            if held := _held_back(request.user):
                return held
        try:
            session, created = session_record(
                patient=request.user,
                session_id=session_id,
                programme=programme,
                performed_at=data["performed_at"],
                results=data["results"],
            )
        except ProgrammeError as error:
            _refuse(error)
        except SessionConflict:
            raise NotFound() from None
        body = {
            "id": session.id,
            "programme": programme.pk,
            "date": session.date,
            "performed_at": session.performed_at,
            "results": session.results,
        }
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


# --- Questionnaires ----------------------------------------------------------------------


class QuestionnaireListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="The outcome questionnaires (FHIR Questionnaire resources)", responses={200: ANY})
    def get(self, request):
        return Response(
            {
                "questionnaires": [
                    {
                        "code": i.code,
                        "licence": i.licence,
                        "every_days": i.every_days,
                        # title, questionnaire and scoring in the reader's language where a
                        # translation is held; `language`, `translated_by`, `translation_note`.
                        **i.in_language(),
                    }
                    for i in instruments().values()
                ]
            }
        )


class QuestionnaireResponseListView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(summary="Your scored questionnaire answers, oldest first", responses={200: ANY})
    def get(self, request):
        return Response(questionnaire_scores(patient=request.user))


class QuestionnaireResponseView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Answer a questionnaire (idempotent on the app's id)",
        request=QuestionnaireResponseInSerializer,
        responses={201: ANY, 200: ANY},
    )
    def put(self, request, response_id):
        serializer = QuestionnaireResponseInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            response, created = questionnaire_response_save(
                patient=request.user,
                response_id=response_id,
                instrument=data["questionnaire"],
                items=data["item"],
                authored_at=data["authored"],
            )
        except ProgrammeError as error:
            _refuse(error)
        except SessionConflict:
            raise NotFound() from None
        body = {
            "id": response.id,
            "questionnaire": response.instrument,
            "authored": response.authored_at,
            "score": response.score,
            "band": instruments()[response.instrument].band_label(response.band) if response.band else None,
        }
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


# --- The clinician's side ----------------------------------------------------------------


class ClinicianProgrammeListView(LinkedPatientView):
    access_log = {"get": Logged("programme"), "post": Logged("programme_prescribed", fields=SENT)}

    @extend_schema(summary="A linked patient's programmes, newest first", responses={200: ANY, 404: NOT_FOUND})
    def get(self, request, id: int):
        return Response([programme_detail(p) for p in programmes_for(patient=self.patient)])

    @extend_schema(
        summary="Prescribe a home exercise programme",
        request=ProgrammeInSerializer,
        description="Ends the patient's current programme the day before this one starts. Doses must "
        "lie in each exercise's range (see the library).",
        responses={201: ANY, 404: NOT_FOUND},
    )
    def post(self, request, id: int):
        patient = self.patient
        serializer = ProgrammeInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["start_date"] < local_today(patient) - dt.timedelta(days=30):
            raise ValidationError({"start_date": [_("A programme cannot start more than 30 days ago.")]})
        try:
            programme = programme_prescribe(clinician=request.user, patient=patient, **data)
        except ProgrammeError as error:
            _refuse(error)
        return Response(
            programme_detail(programme_get(patient=patient, programme_id=programme.pk)), status=status.HTTP_201_CREATED
        )


class ClinicianProgrammeProgressView(LinkedPatientView):
    access_log = {"post": Logged("programme_progressed", fields=("stage",))}

    @extend_schema(
        summary="Move an exercise on to its next stage",
        request=ProgressInSerializer,
        responses={200: ANY, 404: NOT_FOUND},
    )
    def post(self, request, id: int, programme_id: int):
        programme = programme_get(patient=self.patient, programme_id=programme_id)
        if programme is None:
            raise NotFound()
        serializer = ProgressInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            programme_progress(programme=programme, code=serializer.validated_data["code"])
        except ProgrammeError as error:
            _refuse(error)
        return Response(programme_detail(programme_get(patient=self.patient, programme_id=programme.pk)))


class ClinicianProgrammeEndView(LinkedPatientView):
    access_log = {"post": Logged("programme_ended", fields=("ended_on",))}

    @extend_schema(
        summary="Stop a linked patient's programme today", request=None, responses={200: ANY, 404: NOT_FOUND}
    )
    def post(self, request, id: int, programme_id: int):
        programme = programme_get(patient=self.patient, programme_id=programme_id)
        if programme is None:
            raise NotFound()
        programme_end(programme=programme)
        return Response(programme_detail(programme))


class ClinicianProgrammeOverviewView(LinkedPatientView):
    access_log = {"get": Logged("programme")}

    @extend_schema(
        summary="A linked patient's programme, adherence and questionnaire scores",
        description="`{programme, held_back_by}`: `programme` is null when the patient never had one; "
        "`held_back_by` lists the open urgent or emergency red flags `{code, urgency, date}` that hold the "
        "patient's sessions back (the prescribe form shows them). Reading it is recorded in the patient's access log.",
        responses={200: ANY, 404: NOT_FOUND},
    )
    def get(self, request, id: int):
        data = programme_overview(patient=self.patient)
        return Response({"programme": data, "held_back_by": flags_holding_exercise(patient=self.patient)})
