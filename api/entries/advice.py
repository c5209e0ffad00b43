"""The advice the patient has not acknowledged yet, and "I have read this" (docs/api.md, Entries;
docs/api-extensions.md, Advice)."""

import uuid

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsPatient
from diary.selectors.advice import unacknowledged_advice
from diary.services.advice import advice_seen_record

ADVICE_ITEM = inline_serializer(
    "UnacknowledgedAdvice",
    {
        "entry": serializers.UUIDField(),
        "date": serializers.DateField(),
        "updated_at": serializers.DateTimeField(),
        "urgency": serializers.CharField(),
        "codes": serializers.ListField(child=serializers.CharField()),
        "message": serializers.CharField(),
        "past": serializers.BooleanField(),
        "related": serializers.ListField(child=serializers.UUIDField(), required=False),
    },
)


class AdviceListView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="The red-flag advice you have not acknowledged yet",
        description="Entries changed in the last 30 days whose advice was not acknowledged after their last "
        "change, most urgent first, then the newest day.",
        responses={200: inline_serializer("AdviceList", {"advice": ADVICE_ITEM.__class__(many=True)})},
    )
    def get(self, request):
        return Response({"advice": unacknowledged_advice(patient=request.user)})


class AdviceSeenView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        summary="I have read this: acknowledge an entry's advice (idempotent)",
        request=None,
        responses={
            200: inline_serializer(
                "AdviceSeen", {"entry": serializers.UUIDField(), "seen_at": serializers.DateTimeField()}
            ),
            404: OpenApiResponse(description="No such entry in your diary"),
        },
    )
    def post(self, request, entry_id: uuid.UUID):
        seen = advice_seen_record(patient=request.user, entry_id=entry_id)
        if seen is None:
            raise NotFound()
        return Response({"entry": str(seen.entry_id), "seen_at": seen.seen_at})
