"""The two comparison views of bench/entries_put.py, mounted beside the real API.
Both check the same session (and CSRF, as every Django view does) and parse the
same JSON as PUT /api/v1/entries/{uuid}/:

- /service/entries/{uuid}/: the shipped service (diary.services.entries) and the
  shipped renderer in a plain Django view: what DRF adds is the difference.
- /floor/entries/{uuid}/: the true floor: one upsert statement (ON CONFLICT on
  the id, only the caller's own row, the diary-changed mark in the same
  statement), no throttles, no hooks, no day rules: what a save cannot go below.
"""

import datetime as dt
import json

from django.db import connection
from django.http import JsonResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from api.entries.render import entry_instance_json
from diary.services.entries import DayConflict, EntryNotFound, entry_upsert

FIELDS = ("headache", "side", "severity", "onset_region", "neck_trigger", "posture")


def _parse(request) -> dict | None:
    try:
        body = json.loads(request.body)
        body["date"] = dt.date.fromisoformat(body["date"])
        if body.get("side") not in ("left", "right", "both") or not 0 <= int(body.get("severity", -1)) <= 10:
            return None
    except (ValueError, KeyError, TypeError):
        return None
    return {name: body[name] for name in ("date", *FIELDS) if name in body}


@require_http_methods(["PUT"])
def service_upsert(request, entry_id):
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "Not logged in."}, status=403)
    body = _parse(request)
    if body is None:
        return JsonResponse({"detail": "Bad entry."}, status=400)
    try:
        entry, created = entry_upsert(patient=request.user, entry_id=entry_id, **body)
    except EntryNotFound:
        return JsonResponse({"detail": "Not found."}, status=404)
    except DayConflict as conflict:
        return JsonResponse({"headache": [str(conflict)]}, status=400)
    data = entry_instance_json(entry)
    data["replaced_checkin"] = entry.replaced_checkin
    return JsonResponse(data, status=201 if created else 200)


FLOOR_SQL = """
WITH saved AS (
    INSERT INTO diary_entry (id, patient_id, date, headache, side, severity, onset_region, neck_trigger, posture,
                             symptoms, medications, red_flags, notes, created_at, updated_at)
    VALUES (%(id)s, %(patient_id)s, %(date)s, %(headache)s, %(side)s, %(severity)s, %(onset_region)s,
            %(neck_trigger)s, %(posture)s, '[]', '[]', '[]', '', %(now)s, %(now)s)
    ON CONFLICT (id) DO UPDATE SET date = EXCLUDED.date, headache = EXCLUDED.headache, side = EXCLUDED.side,
        severity = EXCLUDED.severity, onset_region = EXCLUDED.onset_region, neck_trigger = EXCLUDED.neck_trigger,
        posture = EXCLUDED.posture, updated_at = EXCLUDED.updated_at
    WHERE diary_entry.patient_id = EXCLUDED.patient_id
    RETURNING id, date, updated_at, xmax = 0 AS created
), marked AS (
    UPDATE diary_user SET diary_changed_at = %(now)s WHERE id = %(patient_id)s AND EXISTS (SELECT 1 FROM saved)
)
SELECT id, date, updated_at, created FROM saved
"""


@require_http_methods(["PUT"])
def floor_upsert(request, entry_id):
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "Not logged in."}, status=403)
    body = _parse(request)
    if body is None:
        return JsonResponse({"detail": "Bad entry."}, status=400)
    params = {
        "id": entry_id,
        "patient_id": request.user.pk,
        "now": timezone.now(),
        "headache": True,
        **{name: None for name in FIELDS[1:]},
        **body,
    }
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, params)
        row = cursor.fetchone()
    if row is None:
        return JsonResponse({"detail": "Not found."}, status=404)
    saved_id, date, updated_at, created = row
    data = {name: params[name] for name in FIELDS}
    data.update(id=str(saved_id), date=date.isoformat(), updated_at=updated_at.isoformat())
    return JsonResponse(data, status=201 if created else 200)


urlpatterns = [
    path("service/entries/<uuid:entry_id>/", service_upsert),
    path("floor/entries/<uuid:entry_id>/", floor_upsert),
    path("", include("config.urls")),
]
