"""What a clinician does: link to a patient with their code, the patient list, and
what a linked clinician reads and writes about a patient. The patient's side of
sharing (codes, grants, the access log) is in api.sharing."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from api.access import SENT, AccessLogged, LinkedPatientView, Logged
from api.clinicians.serializers import (
    ExamSerializer,
    LinkedPatientSerializer,
    LinkSerializer,
    PatientListItemSerializer,
    RedFlagReviewSerializer,
    SummarySerializer,
)
from api.entries.serializers import EntrySerializer
from api.entries.views import RANGE_PARAMETERS
from api.permissions import IsClinician
from api.query_params import parse_date_range, parse_whole_number
from api.throttles import PerAddress, PerUser
from diary.selectors.entries import entries_between
from diary.selectors.sharing import SORTS, clinician_patient_list
from diary.selectors.summary import DEFAULT_DAYS, MAX_DAYS, MIN_DAYS, patient_summary
from diary.services.reviews import red_flag_review_record
from diary.services.screening import exam_record_create
from diary.services.sharing import AlreadyLinked, InvalidShareCode, share_code_redeem

# --- The clinician's side ----------------------------------------------------------------

INVALID_CODE = gettext_lazy("This code does not work. Codes work once, for 7 days: ask the patient for a new one.")


class LinkView(AccessLogged, APIView):
    permission_classes = [IsClinician]
    # Every clinician write is in the patient's access log, as the reads are (issue 24).
    access_log = {"post": Logged("linked")}
    throttle_scope = "share_code"
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, PerUser, PerAddress]

    def throttled(self, request, wait):
        minutes = max(1, round((wait or 60) / 60))
        raise Throttled(
            wait, detail=_("Too many codes entered. Try again in {minutes} minutes.").format(minutes=minutes)
        )

    @extend_schema(
        summary="Enter a patient's code to see their diary",
        request=LinkSerializer,
        responses={
            201: LinkedPatientSerializer,
            200: OpenApiResponse(
                LinkedPatientSerializer,
                description="The patient is already on your list "
                "(`already_linked` true, and `detail` says so); nothing changes",
            ),
            400: OpenApiResponse(description="Unknown, used or expired code (the answer does not say which)"),
            429: OpenApiResponse(description="Too many codes entered; try again later"),
        },
    )
    def post(self, request):
        serializer = LinkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            grant = share_code_redeem(clinician=request.user, code=serializer.validated_data["code"])
        except InvalidShareCode:
            raise ValidationError({"code": [INVALID_CODE]}) from None
        except AlreadyLinked as known:
            patient = known.grant.patient
            data = {
                **LinkedPatientSerializer(patient).data,
                "already_linked": True,
                "detail": _("{email} is already on your list of patients.").format(email=patient.email),
            }
            return Response(data, status=status.HTTP_200_OK)
        self.patient = grant.patient  # logged; one already on the list is not (nothing changed)
        return Response(
            {**LinkedPatientSerializer(grant.patient).data, "already_linked": False}, status=status.HTTP_201_CREATED
        )


class PatientListView(APIView):
    permission_classes = [IsClinician]

    @extend_schema(
        summary="Your linked patients with key figures, open red flags first",
        parameters=[
            OpenApiParameter(
                "sort",
                str,
                enum=SORTS,
                description="red_flags (default): by the highest open red-flag urgency, then the latest flag "
                "date, then the number of open flags (docs/screening.md, Order), then by screening level; "
                "last_entry: newest first; email",
            )
        ],
        responses=PatientListItemSerializer(many=True),
    )
    def get(self, request):
        sort = request.query_params.get("sort", "red_flags")
        if sort not in SORTS:
            raise ValidationError({"sort": [_("Choose one of: {choices}.").format(choices=", ".join(SORTS))]})
        # The selector's rows are JSON-ready; for 500 patients a serializer pass would double the time.
        return Response(clinician_patient_list(clinician=request.user, sort=sort))


PATIENT_NOT_FOUND = OpenApiResponse(
    description="No such patient, or no current grant: the two are indistinguishable on purpose"
)


def parse_days(request) -> int:
    return parse_whole_number(request, "days", default=DEFAULT_DAYS, minimum=MIN_DAYS, maximum=MAX_DAYS)


DAYS_PARAMETER = OpenApiParameter(
    "days", int, description=f"Length of the period ending today, {MIN_DAYS} to {MAX_DAYS} (default {DEFAULT_DAYS})"
)


class PatientSummaryView(LinkedPatientView):
    access_log = {"get": Logged("summary")}

    @extend_schema(
        summary="The pre-visit summary of a linked patient",
        description="Reading it is recorded in the patient's access log.",
        parameters=[DAYS_PARAMETER],
        responses={200: SummarySerializer, 404: PATIENT_NOT_FOUND},
    )
    def get(self, request, id: int):
        return Response(patient_summary(patient=self.patient, days=parse_days(request)))


class PatientEntriesView(LinkedPatientView):
    access_log = {"get": Logged("entries")}

    @extend_schema(
        summary="A linked patient's diary in a date range, newest first",
        description="Reading it is recorded in the patient's access log.",
        parameters=RANGE_PARAMETERS,
        responses={200: EntrySerializer(many=True), 404: PATIENT_NOT_FOUND},
    )
    def get(self, request, id: int):
        date_from, date_to = parse_date_range(request, self.patient)
        entries = entries_between(patient=self.patient, date_from=date_from, date_to=date_to)
        return Response(EntrySerializer(entries, many=True).data)


class PatientExamView(LinkedPatientView):
    access_log = {"post": Logged("exam_recorded", fields=SENT)}

    @extend_schema(
        summary="Record examination findings for a linked patient",
        description="Flexion-Rotation Test angles (0-90 degrees) and diagnostic block relief (0-100%); "
        "at least one finding. They feed the `clinical_exam` screening signal.",
        request=ExamSerializer,
        responses={201: ExamSerializer, 404: PATIENT_NOT_FOUND},
    )
    def post(self, request, id: int):
        serializer = ExamSerializer(data=request.data, context={"clinician": request.user})
        serializer.is_valid(raise_exception=True)
        exam = exam_record_create(patient=self.patient, clinician=request.user, **serializer.validated_data)
        return Response(ExamSerializer(exam).data, status=status.HTTP_201_CREATED)


class PatientRedFlagReviewView(LinkedPatientView):
    access_log = {"post": Logged("red_flag_review", fields=SENT)}

    @extend_schema(
        summary="Mark a red flag reviewed",
        description="The flag as the screening report names it: its code and date, and the entry where several "
        "entries of that day carry it. The flag stays in every report with who reviewed it and when, and no longer "
        "makes the level `urgent_review` (docs/screening.md, Review). Marking the same flag again keeps one review "
        "(200), with the new note or covers_until if one is given. `covers_until` reviews later occurrences of the "
        "same code up to that day. Recorded in the patient's access log.",
        request=RedFlagReviewSerializer,
        responses={201: RedFlagReviewSerializer, 200: RedFlagReviewSerializer, 404: PATIENT_NOT_FOUND},
    )
    def post(self, request, id: int):
        serializer = RedFlagReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        review, created = red_flag_review_record(  # its ValidationError: a 400 (api/exceptions.py)
            patient=self.patient,
            clinician=request.user,
            code=data["code"],
            date=data["date"],
            entry_id=data.get("entry_id"),
            note=data["note"],
            covers_until=data.get("covers_until"),
        )
        return Response(
            RedFlagReviewSerializer(review).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
