"""Procedures (recorded by a clinician with a live grant), the patient's post-block
diary, and the treatment timeline for both. Documented in docs/api-extensions.md."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from api.access import SENT, LinkedPatientView, Logged
from api.permissions import IsPatient
from api.treatments.serializers import (
    AnaestheticSerializer,
    EventInputSerializer,
    EventSerializer,
    ProcedureInputSerializer,
    ProcedureSerializer,
    RatingInputSerializer,
    RatingSerializer,
    TimelineSerializer,
    anaesthetic_table,
)
from diary.models import User
from diary.selectors.treatments import (
    block_results_for,
    event_get,
    open_post_block_diaries,
    procedure_get,
    timeline_for,
)
from diary.services.treatments import (
    post_block_diary_end,
    post_block_rating_upsert,
    procedure_record,
    treatment_event_create,
    treatment_event_delete,
)

NOT_FOUND = OpenApiResponse(description="No such patient or procedure, or no current grant: indistinguishable")
BAD_INPUT = OpenApiResponse(description='The field and the reason, e.g. {"pain": ["..."]}')


def _detail(patient: User, procedure_id: int) -> dict:
    procedure = procedure_get(patient=patient, procedure_id=procedure_id)
    if procedure is None:
        raise NotFound()
    # With its pair, so the second block of a comparative pair carries the verdict.
    details = {d["id"]: d for d in block_results_for(patient=patient)}
    return details[procedure.pk]


# --- The clinician's side ----------------------------------------------------------------


class ClinicianProceduresView(LinkedPatientView):
    access_log = {"get": Logged("procedures"), "post": Logged("procedure_recorded", fields=SENT)}

    @extend_schema(
        summary="A linked patient's procedures with their post-block diaries and results",
        description="Newest first. The result is computed from the post-block ratings, never typed; "
        "missing answers are listed as missing. Reading it is recorded in the patient's access log.",
        responses={
            200: inline_serializer(
                "ProcedureList",
                {"procedures": ProcedureSerializer(many=True), "anaesthetics": AnaestheticSerializer(many=True)},
            ),
            404: NOT_FOUND,
        },
    )
    def get(self, request, id: int):
        data = {
            "procedures": ProcedureSerializer(block_results_for(patient=self.patient), many=True).data,
            "anaesthetics": anaesthetic_table(),
        }
        return Response(data)

    @extend_schema(
        summary="Record a procedure for a linked patient",
        description="A diagnostic block starts the patient's post-block diary: prompts at the configured "
        "times by Web Push and in the inbox. `performed_at` in the future, an unknown anaesthetic or a "
        "`compares_with` that is not this patient's earlier block answer 400 with the field and the reason.",
        request=ProcedureInputSerializer,
        responses={201: ProcedureSerializer, 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def post(self, request, id: int):
        patient = self.patient
        serializer = ProcedureInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        values["compares_with_id"] = values.pop("compares_with")
        procedure = procedure_record(patient=patient, clinician=request.user, **values)
        return Response(ProcedureSerializer(_detail(patient, procedure.pk)).data, status=status.HTTP_201_CREATED)


class ClinicianProcedureView(LinkedPatientView):
    access_log = {"get": Logged("procedures")}

    @extend_schema(
        operation_id="clinician_patient_procedure_retrieve",
        summary="One procedure of a linked patient, with its diary and result",
        responses={200: ProcedureSerializer, 404: NOT_FOUND},
    )
    def get(self, request, id: int, procedure_id: int):
        return Response(ProcedureSerializer(_detail(self.patient, procedure_id)).data)


class ClinicianTimelineView(LinkedPatientView):
    access_log = {"get": Logged("timeline"), "post": Logged("timeline_event_added", fields=SENT)}

    @extend_schema(
        summary="A linked patient's treatment timeline with before/after comparisons",
        description="Reading it is recorded in the patient's access log.",
        responses={200: TimelineSerializer, 404: NOT_FOUND},
    )
    def get(self, request, id: int):
        # The selector's dicts are JSON-ready; TimelineSerializer documents them (a serializer pass
        # over a year's timeline would double the time).
        return Response(timeline_for(patient=self.patient))

    @extend_schema(
        summary="Add a physiotherapy course, home exercises or a medication change to a linked patient's timeline",
        request=EventInputSerializer,
        responses={201: EventSerializer, 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def post(self, request, id: int):
        return _create_event(request, self.patient)


# --- The patient's side ------------------------------------------------------------------


OPEN_PARAMETER = OpenApiParameter("open", bool, description="true: only diaries still taking answers (Log screen)")


class PostBlockListView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Your procedures and post-block diaries, newest first",
        parameters=[OPEN_PARAMETER],
        responses=ProcedureSerializer(many=True),
    )
    def get(self, request):
        wanted = request.query_params.get("open", "false")
        if wanted not in ("true", "false"):
            raise ValidationError({"open": [_("Choose true or false.")]})
        if wanted == "true":
            rows = open_post_block_diaries(patient=request.user)
        else:
            rows = block_results_for(patient=request.user, for_patient=True)
        return Response(ProcedureSerializer(rows, many=True).data)


class PostBlockDetailView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="One of your procedures with its post-block diary", responses={200: ProcedureSerializer, 404: NOT_FOUND}
    )
    def get(self, request, procedure_id: int):
        return Response(ProcedureSerializer(_detail(request.user, procedure_id)).data)


class PostBlockRatingView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Answer one prompt of your post-block diary",
        description="Idempotent: sent again (offline replay, retry, correction) it updates the same answer. "
        "`answered_at` before the block, in the future, a pain outside 0-10 or a slot not in the diary "
        "answer 400 with the field and the reason.",
        request=RatingInputSerializer,
        responses={200: RatingSerializer, 201: RatingSerializer, 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def put(self, request, procedure_id: int, slot: str):
        procedure = procedure_get(patient=request.user, procedure_id=procedure_id)
        if procedure is None:
            raise NotFound()
        serializer = RatingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        rating, created = post_block_rating_upsert(
            patient=request.user,
            procedure=procedure,
            slot=slot,
            pain=values["pain"],
            movement_provokes=values["movement_provokes"],
            answered_at=values.get("answered_at") or timezone.now(),
        )
        return Response(RatingSerializer(rating).data, status=status.HTTP_201_CREATED if created else 200)


class PostBlockEndView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="End your post-block diary early: no more prompts",
        request=None,
        responses={200: ProcedureSerializer, 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def post(self, request, procedure_id: int):
        procedure = procedure_get(patient=request.user, procedure_id=procedure_id)
        if procedure is None:
            raise NotFound()
        post_block_diary_end(patient=request.user, procedure=procedure)
        return Response(ProcedureSerializer(_detail(request.user, procedure_id)).data)


class TimelineView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Your treatment timeline, each event with a before/after comparison", responses=TimelineSerializer
    )
    def get(self, request):
        # JSON-ready; documented by TimelineSerializer. Without what the patient hid.
        return Response(timeline_for(patient=request.user, for_patient=True))

    @extend_schema(
        summary="Add to your timeline: physiotherapy, home exercises, a medication change, or a note "
        'like "started using a new desk setup"',
        request=EventInputSerializer,
        responses={201: EventSerializer, 400: BAD_INPUT},
    )
    def post(self, request):
        return _create_event(request, request.user)


class TimelineEventView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="Delete an event you added", request=None, responses={204: None, 400: BAD_INPUT, 404: NOT_FOUND}
    )
    def delete(self, request, event_id: int):
        event = event_get(patient=request.user, event_id=event_id)
        if event is None:
            raise NotFound()
        treatment_event_delete(event=event, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _create_event(request, patient: User) -> Response:
    serializer = EventInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    event = treatment_event_create(patient=patient, recorded_by=request.user, **serializer.validated_data)
    return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)
