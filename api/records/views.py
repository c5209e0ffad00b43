"""Correcting and withdrawing a clinician's records, the patient hiding them, and the
history both sides read (issue 24; docs/api-extensions.md, Records)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from api.access import CHANGED, LinkedPatientView, Logged
from api.clinicians.views import PATIENT_NOT_FOUND
from api.permissions import IsPatient
from api.records.serializers import (
    CORRECTIONS,
    CorrectionResultSerializer,
    RecordChangeSerializer,
    WithdrawSerializer,
)
from diary.choices import RecordKind
from diary.selectors.records import record_history
from diary.services.records import (
    NotTheAuthor,
    RecordNotFound,
    record_correct,
    record_get,
    record_set_hidden,
    record_withdraw,
)

NOT_FOUND = OpenApiResponse(description="No such patient or record, no current grant, or the record is withdrawn")
NOT_THE_AUTHOR = OpenApiResponse(description="Only the clinician who recorded it may correct or withdraw it")
ONLY_THE_AUTHOR = gettext_lazy("Only the clinician who recorded this can correct or withdraw it.")


def _record(patient, kind: str, record_id: int):
    try:
        return record_get(patient=patient, kind=kind, record_id=record_id)
    except RecordNotFound:
        raise NotFound() from None


class ClinicianRecordView(LinkedPatientView):
    """PATCH corrects one record; subclassed per kind, each with its own input."""

    kind: str = ""
    access_log = {"patch": Logged("{kind}_corrected", fields=CHANGED)}

    def patch(self, request, id: int, record_id: int):
        record = _record(self.patient, self.kind, record_id)
        serializer = CORRECTIONS[self.kind](data=request.data, partial=True, context={"clinician": request.user})
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        reason = changes.pop("reason", "")
        try:
            changed = record_correct(record=record, clinician=request.user, changes=changes, reason=reason)
        except NotTheAuthor:
            raise PermissionDenied(ONLY_THE_AUTHOR) from None
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        self.changed_fields = changed
        return Response({"kind": self.kind, "record_id": record.row.pk, "changed": changed})


def correction_view(kind: str) -> type[ClinicianRecordView]:
    fields = ", ".join(CORRECTIONS[kind]().fields)

    class View(ClinicianRecordView):
        @extend_schema(
            summary=f"Correct a {RecordKind(kind).label.lower()} you recorded",
            description=f"Any of: {fields}. Only the clinician who recorded it; the values it held before are "
            "kept in the record's history, which the patient sees. Recorded in the patient's access log with "
            "the names of the fields changed.",
            request=CORRECTIONS[kind],
            responses={200: CorrectionResultSerializer, 403: NOT_THE_AUTHOR, 404: NOT_FOUND},
        )
        def patch(self, request, id: int, record_id: int):
            return super().patch(request, id, record_id)

    View.kind = kind
    View.__name__ = f"{kind.title()}CorrectionView"
    return View


class ClinicianWithdrawView(LinkedPatientView):
    kind: str = ""
    access_log = {"post": Logged("{kind}_withdrawn")}

    @extend_schema(
        summary="Withdraw a record you made",
        description="It leaves every view and figure (a procedure's prompts and a programme's reminders still "
        "ahead are cancelled) and stays in the record's history with the reason. Only the clinician who "
        "recorded it.",
        request=WithdrawSerializer,
        responses={204: None, 403: NOT_THE_AUTHOR, 404: NOT_FOUND},
    )
    def post(self, request, id: int, record_id: int):
        record = _record(self.patient, self.kind, record_id)
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            record_withdraw(record=record, clinician=request.user, reason=serializer.validated_data.get("reason", ""))
        except NotTheAuthor:
            raise PermissionDenied(ONLY_THE_AUTHOR) from None
        except RecordNotFound:  # withdrawn by a request that came first
            raise NotFound() from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class ClinicianHistoryView(LinkedPatientView):
    access_log = {"get": Logged("record_history")}

    @extend_schema(
        summary="What was corrected, withdrawn or hidden in a linked patient's records, newest first",
        description="Reading it is recorded in the patient's access log.",
        responses={200: RecordChangeSerializer(many=True), 404: PATIENT_NOT_FOUND},
    )
    def get(self, request, id: int):
        return Response(RecordChangeSerializer(record_history(patient=self.patient), many=True).data)


class HistoryView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="What your clinicians corrected or withdrew, and what you hid, newest first",
        responses=RecordChangeSerializer(many=True),
    )
    def get(self, request):
        return Response(RecordChangeSerializer(record_history(patient=request.user), many=True).data)


class HideView(APIView):
    permission_classes = [IsPatient]
    kind: str = ""
    hidden = True

    @extend_schema(
        summary="Hide a clinician's record from your views, or show it again",
        description="Your timeline and procedure lists leave it out; your clinicians still see it. "
        "Sending it again changes nothing.",
        request=None,
        responses={204: None, 404: NOT_FOUND},
    )
    def post(self, request, record_id: int):
        try:
            record_set_hidden(patient=request.user, kind=self.kind, record_id=record_id, hidden=self.hidden)
        except RecordNotFound:
            raise NotFound() from None
        return Response(status=status.HTTP_204_NO_CONTENT)
