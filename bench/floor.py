"""The framework floor for bench/entries_put.py: the same upsert as
PUT /api/v1/entries/{uuid}/, in a bare Django view without DRF. It checks the
same session and CSRF, parses the same JSON and calls the same service."""

import datetime as dt
import json

from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.http import require_http_methods

from diary.services.entries import EntryNotFound, entry_upsert

FIELDS = ("date", "headache", "side", "severity", "onset_region", "neck_trigger", "posture")


@require_http_methods(["PUT"])
def bare_upsert(request, entry_id):
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "Not logged in."}, status=403)
    try:
        body = json.loads(request.body)
        date = dt.date.fromisoformat(body.pop("date"))
        if body.get("side") not in ("left", "right", "both") or not 0 <= int(body.get("severity", -1)) <= 10:
            raise ValueError
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"detail": "Bad entry."}, status=400)
    try:
        entry, created = entry_upsert(patient=request.user, entry_id=entry_id, date=date, **body)
    except EntryNotFound:
        return JsonResponse({"detail": "Not found."}, status=404)
    data = {name: getattr(entry, name) for name in FIELDS}
    data.update(id=str(entry.id), date=entry.date.isoformat(), updated_at=entry.updated_at.isoformat())
    return JsonResponse(data, status=201 if created else 200)


urlpatterns = [
    path("floor/entries/<uuid:entry_id>/", bare_upsert),
    path("", include("config.urls")),
]
