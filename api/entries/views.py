import datetime as dt
import uuid

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from api.entries.serializers import EntrySerializer
from api.permissions import IsPatient
from api.query_params import parse_date_range
from diary.selectors.entries import entries_between, entry_get
from diary.services.entries import EntryNotFound, entry_delete, entry_upsert

RANGE_PARAMETERS = [
    OpenApiParameter("from", dt.date, description="First day, inclusive (default: a year before `to`)"),
    OpenApiParameter("to", dt.date, description="Last day, inclusive (default: your local today)"),
]


class EntryListView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(summary="Your entries in a date range, newest first", parameters=RANGE_PARAMETERS,
                   responses=EntrySerializer(many=True))
    def get(self, request):
        date_from, date_to = parse_date_range(request, request.user)
        entries = entries_between(patient=request.user, date_from=date_from, date_to=date_to)
        return Response(EntrySerializer(entries, many=True).data)


NOT_FOUND = OpenApiResponse(description="No entry with this id in your diary")


class EntryDetailView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(summary="One entry", responses={200: EntrySerializer, 404: NOT_FOUND})
    def get(self, request, entry_id: uuid.UUID):
        entry = entry_get(patient=request.user, entry_id=entry_id)
        if entry is None:
            raise NotFound()
        return Response(EntrySerializer(entry).data)

    @extend_schema(
        summary="Create or replace an entry (idempotent)",
        description="The id is a UUID made by the client: replaying the same request stores one entry.",
        request=EntrySerializer,
        responses={200: EntrySerializer, 201: EntrySerializer, 404: NOT_FOUND},
    )
    def put(self, request, entry_id: uuid.UUID):
        serializer = EntrySerializer(data=request.data, context={"patient": request.user})
        serializer.is_valid(raise_exception=True)
        try:
            entry, created = entry_upsert(patient=request.user, entry_id=entry_id, **serializer.validated_data)
        except EntryNotFound:
            raise NotFound() from None
        # The validated serializer renders the stored entry: building a second one
        # would deep-copy all its fields again, a noticeable share of each request.
        serializer.instance = entry
        return Response(serializer.data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(summary="Delete an entry", responses={204: None, 404: NOT_FOUND})
    def delete(self, request, entry_id: uuid.UUID):
        try:
            entry_delete(patient=request.user, entry_id=entry_id)
        except EntryNotFound:
            raise NotFound() from None
        return Response(status=status.HTTP_204_NO_CONTENT)
