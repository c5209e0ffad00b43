"""Sharing by consent (the patient's side and the clinician's link) and what a
linked clinician reads and writes about a patient."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from api.entries.serializers import EntrySerializer
from api.entries.views import RANGE_PARAMETERS, parse_date_range
from api.permissions import IsClinician, IsPatient
from api.query_params import parse_whole_number
from api.throttles import PerAddress, PerUser
from api.sharing.serializers import (
    AccessLogSerializer,
    ExamSerializer,
    GrantSerializer,
    LinkedPatientSerializer,
    LinkSerializer,
    PatientListItemSerializer,
    ShareCodeSerializer,
    SummarySerializer,
)
from diary.models import User
from diary.selectors.entries import entries_between
from diary.selectors.sharing import (
    access_log_for_patient,
    clinician_patient_list,
    grants_for_patient,
    linked_patient_get,
)
from diary.selectors.summary import DEFAULT_DAYS, MAX_DAYS, MIN_DAYS, patient_summary
from diary.services.screening import exam_record_create
from diary.services.sharing import (
    GrantNotFound,
    InvalidShareCode,
    access_log_record,
    grant_revoke,
    share_code_create,
    share_code_redeem,
)

# --- The patient's side ------------------------------------------------------------------


class ShareCodeView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Make a one-time code for a clinician",
        description="Read the code to your clinician. It links them to your diary once, within 7 days; "
        "you can revoke the link at any time.",
        request=None, responses={201: ShareCodeSerializer},
    )
    def post(self, request):
        code, expires_at = share_code_create(patient=request.user)
        return Response(ShareCodeSerializer({"code": code, "expires_at": expires_at}).data,
                        status=status.HTTP_201_CREATED)


class GrantListView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(summary="Clinicians who can see your diary", responses=GrantSerializer(many=True))
    def get(self, request):
        return Response(GrantSerializer(grants_for_patient(patient=request.user), many=True).data)


class GrantDetailView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Revoke a clinician's access",
        description="Takes effect at once: the clinician's very next request is refused.",
        responses={204: None, 404: OpenApiResponse(description="No live grant with this id in your account")},
    )
    def delete(self, request, id: int):
        try:
            grant_revoke(patient=request.user, grant_id=id)
        except GrantNotFound:
            raise NotFound() from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class AccessLogView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(summary="Who read your diary, when, and what; newest first",
                   responses=AccessLogSerializer(many=True))
    def get(self, request):
        return Response(AccessLogSerializer(access_log_for_patient(patient=request.user), many=True).data)


# --- The clinician's side ----------------------------------------------------------------

INVALID_CODE = "This code does not work. Codes work once, for 7 days: ask the patient for a new one."


class LinkView(APIView):
    permission_classes = [IsClinician]
    throttle_scope = "share_code"
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, PerUser, PerAddress]

    def throttled(self, request, wait):
        minutes = max(1, round((wait or 60) / 60))
        raise Throttled(wait, detail=f"Too many codes entered. Try again in {minutes} minutes.")

    @extend_schema(
        summary="Enter a patient's code to see their diary",
        request=LinkSerializer,
        responses={
            201: LinkedPatientSerializer,
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
        return Response(LinkedPatientSerializer(grant.patient).data, status=status.HTTP_201_CREATED)


class PatientListView(APIView):
    permission_classes = [IsClinician]

    @extend_schema(
        summary="Your linked patients with key figures, red flags first",
        responses=PatientListItemSerializer(many=True),
    )
    def get(self, request):
        # The selector's rows are JSON-ready; for 500 patients a serializer pass would double the time.
        return Response(clinician_patient_list(clinician=request.user))


PATIENT_NOT_FOUND = OpenApiResponse(
    description="No such patient, or no current grant: the two are indistinguishable on purpose"
)


def linked_patient_or_404(request, patient_id: int) -> User:
    """Checked first on every clinician request, before any input is looked at,
    so that nothing (not even a 400) tells an unlinked caller the patient exists."""
    patient = linked_patient_get(clinician=request.user, patient_id=patient_id)
    if patient is None:
        raise NotFound()
    return patient


def parse_days(request) -> int:
    return parse_whole_number(request, "days", default=DEFAULT_DAYS, minimum=MIN_DAYS, maximum=MAX_DAYS)


DAYS_PARAMETER = OpenApiParameter(
    "days", int, description=f"Length of the period ending today, {MIN_DAYS} to {MAX_DAYS} (default {DEFAULT_DAYS})"
)


class PatientSummaryView(APIView):
    permission_classes = [IsClinician]

    @extend_schema(
        summary="The pre-visit summary of a linked patient",
        description="Reading it is recorded in the patient's access log.",
        parameters=[DAYS_PARAMETER],
        responses={200: SummarySerializer, 404: PATIENT_NOT_FOUND},
    )
    def get(self, request, id: int):
        patient = linked_patient_or_404(request, id)
        summary = patient_summary(patient=patient, days=parse_days(request))
        access_log_record(patient=patient, clinician=request.user, what="summary")
        return Response(summary)


class PatientEntriesView(APIView):
    permission_classes = [IsClinician]

    @extend_schema(
        summary="A linked patient's diary in a date range, newest first",
        description="Reading it is recorded in the patient's access log.",
        parameters=RANGE_PARAMETERS,
        responses={200: EntrySerializer(many=True), 404: PATIENT_NOT_FOUND},
    )
    def get(self, request, id: int):
        patient = linked_patient_or_404(request, id)
        date_from, date_to = parse_date_range(request, patient)
        entries = entries_between(patient=patient, date_from=date_from, date_to=date_to)
        data = EntrySerializer(entries, many=True).data
        access_log_record(patient=patient, clinician=request.user, what="entries")
        return Response(data)


class PatientExamView(APIView):
    permission_classes = [IsClinician]

    @extend_schema(
        summary="Record examination findings for a linked patient",
        description="Flexion-Rotation Test angles (0-90 degrees) and diagnostic block relief (0-100%); "
        "at least one finding. They feed the `clinical_exam` screening signal.",
        request=ExamSerializer,
        responses={201: ExamSerializer, 404: PATIENT_NOT_FOUND},
    )
    def post(self, request, id: int):
        patient = linked_patient_or_404(request, id)
        serializer = ExamSerializer(data=request.data, context={"clinician": request.user})
        serializer.is_valid(raise_exception=True)
        exam = exam_record_create(patient=patient, clinician=request.user, **serializer.validated_data)
        return Response(ExamSerializer(exam).data, status=status.HTTP_201_CREATED)
