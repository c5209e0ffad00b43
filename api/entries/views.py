import datetime as dt
import json
import uuid
from urllib.parse import urlencode

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from api.entries.render import entries_page_json, entry_instance_json
from api.entries.serializers import EntryPageSerializer, EntrySavedSerializer, EntrySerializer
from api.permissions import IsPatient
from api.query_params import parse_date_range
from diary.selectors.entries import PAGE_SIZE, entry_get
from diary.services.entries import DayConflict, EntryNotFound, entry_delete, entry_upsert

RANGE_PARAMETERS = [
    OpenApiParameter("from", dt.date, description="First day, inclusive (default: a year before `to`)"),
    OpenApiParameter("to", dt.date, description="Last day, inclusive (default: your local today)"),
]


def page_response(request, *, date_from: dt.date, results: str, next_to: dt.date | None) -> HttpResponse:
    """A page of entries (their JSON text, as written by api.entries.render) and
    the path of the next page (docs/api-extensions.md, Entries pagination)."""
    next_path = None
    if next_to is not None:
        next_path = f"{request.path}?{urlencode({'from': date_from.isoformat(), 'to': next_to.isoformat()})}"
    return HttpResponse(f'{{"results": {results}, "next": {json.dumps(next_path)}}}', content_type="application/json")


class EntryListView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        operation_id="v1_entries_list",
        summary="Your entries in a date range, newest first, a page at a time",
        description=f"At most about {PAGE_SIZE} entries a page, whole days only (a single day with more comes "
        "whole). Follow `next` until it is null: it is this range with an earlier `to`.",
        parameters=RANGE_PARAMETERS,
        responses=EntryPageSerializer,
    )
    def get(self, request):
        date_from, date_to = parse_date_range(request, request.user)
        results, next_to = entries_page_json(patient=request.user, date_from=date_from, date_to=date_to)
        return page_response(request, date_from=date_from, results=results, next_to=next_to)


NOT_FOUND = OpenApiResponse(description="No entry with this id in your diary")


class EntryDetailView(APIView):
    permission_classes = [IsPatient]

    @extend_schema(summary="One entry", responses={200: EntrySerializer, 404: NOT_FOUND})
    def get(self, request, entry_id: uuid.UUID):
        entry = entry_get(patient=request.user, entry_id=entry_id)
        if entry is None:
            raise NotFound()
        return Response(entry_instance_json(entry, request.user))

    @extend_schema(
        summary="Create or replace an entry (idempotent)",
        description="The id is a UUID made by the client: replaying the same request stores one entry. "
        "One state per day: a headache-free check-in for a day that has a headache entry, or another "
        "check-in, is refused (400 on `headache`, naming the date); a headache saved for a day with a "
        "check-in replaces it (`replaced_checkin`).",
        request=EntrySerializer,
        responses={200: EntrySavedSerializer, 201: EntrySavedSerializer, 404: NOT_FOUND},
    )
    def put(self, request, entry_id: uuid.UUID):
        serializer = EntrySerializer(data=request.data, context={"patient": request.user})
        serializer.is_valid(raise_exception=True)
        try:
            entry, created = entry_upsert(patient=request.user, entry_id=entry_id, **serializer.validated_data)
        except EntryNotFound:
            raise NotFound() from None
        except DayConflict as conflict:
            raise ValidationError({"headache": [str(conflict)]}) from None
        data = entry_instance_json(entry, request.user)
        data["replaced_checkin"] = None if entry.replaced_checkin is None else str(entry.replaced_checkin)
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(summary="Delete an entry", responses={204: None, 404: NOT_FOUND})
    def delete(self, request, entry_id: uuid.UUID):
        try:
            entry_delete(patient=request.user, entry_id=entry_id)
        except EntryNotFound:
            raise NotFound() from None
        return Response(status=status.HTTP_204_NO_CONTENT)
