"""The diary as a FHIR R4 Bundle of type `collection`.

- one Patient;
- one Observation per episode: LOINC 72514-3 pain severity (valueInteger 0-10)
  with the head as body site and the side as a SNOMED CT laterality;
- one MedicationStatement per medication taken, pointing at its episode;
- the screening result as an Observation, with its caveat.

Resource ids are derived from the diary's own ids, so exporting twice gives the
same references. Only the standard R4 elements are used, so the Bundle reads in
any R4 system.
"""

import datetime as dt
import uuid
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils import timezone

from diary.exports import SCREENING_CAVEAT
from diary.models import Entry, User

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
NECKLINE = "https://neckline.example/fhir/CodeSystem"
_NAMESPACE = uuid.UUID("0b8a52d4-5c6e-4f0e-9a0c-7f1e0d7c3a11")

HEAD = ("69536005", "Head structure")
LATERALITY_ATTRIBUTE = "272741003"
# SNOMED CT qualifier values for the side of the head that hurt.
LATERALITY = {
    "left": ("7771000", "Left"),
    "right": ("24028007", "Right"),
    "both": ("51440002", "Right and left"),
}


def _urn(kind: str, key) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{kind}:{key}')}"


def _effective(entry: Entry, zone: ZoneInfo) -> str:
    # A FHIR dateTime with a time must carry an offset: the patient's at that moment.
    if entry.started_at is None:
        return entry.date.isoformat()
    return dt.datetime.combine(entry.date, entry.started_at, tzinfo=zone).isoformat(timespec="seconds")


def _body_site(side: str | None) -> dict:
    if side not in LATERALITY:
        return {"coding": [{"system": SNOMED, "code": HEAD[0], "display": HEAD[1]}], "text": "Head"}
    code, display = LATERALITY[side]
    return {
        "coding": [
            # Post-coordinated: head structure, laterality = side.
            {"system": SNOMED, "code": f"{HEAD[0]}:{LATERALITY_ATTRIBUTE}={code}",
             "display": f"{HEAD[1]}, {display.lower()}"},
        ],
        "text": f"Head, {display.lower()}",
    }


def _patient(patient: User, patient_url: str) -> dict:
    resource = {
        "resourceType": "Patient",
        "id": patient_url.removeprefix("urn:uuid:"),
        "telecom": [{"system": "email", "value": patient.email}],
    }
    if patient.birth_year:
        resource["birthDate"] = str(patient.birth_year)
    return resource


def _episode(entry: Entry, *, url: str, patient_url: str, zone: ZoneInfo) -> dict:
    observation = {
        "resourceType": "Observation",
        "id": url.removeprefix("urn:uuid:"),
        "identifier": [{"system": f"{NECKLINE}/entry", "value": str(entry.id)}],
        "status": "final",
        "category": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey",
            "display": "Survey",
        }]}],
        "code": {
            "coding": [{"system": LOINC, "code": "72514-3",
                        "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}],
            "text": "Headache pain severity (0-10)",
        },
        "subject": {"reference": patient_url},
        "effectiveDateTime": _effective(entry, zone),
        "bodySite": _body_site(entry.side),
    }
    if entry.severity is not None:
        observation["valueInteger"] = entry.severity
    else:
        observation["dataAbsentReason"] = {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": "asked-unknown",
        }]}
    if entry.notes:
        observation["note"] = [{"text": entry.notes}]
    return observation


def _medication(entry: Entry, index: int, medication: dict, *, episode_url: str, patient_url: str,
                zone: ZoneInfo) -> tuple[str, dict]:
    url = _urn("medication", f"{entry.id}:{index}")
    return url, {
        "resourceType": "MedicationStatement",
        "id": url.removeprefix("urn:uuid:"),
        "status": "completed",
        "medicationCodeableConcept": {
            "coding": [{"system": f"{NECKLINE}/medication-kind", "code": medication["kind"]}],
            "text": medication["name"],
        },
        "subject": {"reference": patient_url},
        "effectiveDateTime": _effective(entry, zone),
        "reasonReference": [{"reference": episode_url}],
        "note": [{"text": f"Relief reported: {medication['relief']}"}],
    }


def _screening(report: dict, *, patient_url: str, today: str) -> tuple[str, dict]:
    window = report.get("window", {})
    url = _urn("screening", f"{patient_url}:{today}")
    return url, {
        "resourceType": "Observation",
        "id": url.removeprefix("urn:uuid:"),
        "status": "preliminary",
        "code": {
            "coding": [{"system": f"{NECKLINE}/screening", "code": "cervicogenic-pattern",
                        "display": "Diary screening for a cervicogenic headache pattern"}],
            "text": "Diary screening for a cervicogenic headache pattern",
        },
        "subject": {"reference": patient_url},
        "effectivePeriod": {"start": window.get("from", today), "end": window.get("to", today)},
        "valueCodeableConcept": {
            "coding": [{"system": f"{NECKLINE}/screening-level", "code": report["level"]}],
            "text": report["level"].replace("_", " "),
        },
        "note": [{"text": report.get("summary") or ""}, {"text": SCREENING_CAVEAT}],
    }


def diary_bundle(*, patient: User, entries: Iterable[Entry], screening: dict) -> dict:
    """The Bundle as a JSON-ready dict."""
    zone = ZoneInfo(patient.timezone)
    patient_url = _urn("patient", patient.pk)
    resources = [(patient_url, _patient(patient, patient_url))]
    for entry in entries:
        if not entry.headache:
            continue
        episode_url = _urn("episode", entry.id)
        resources.append((episode_url, _episode(entry, url=episode_url, patient_url=patient_url, zone=zone)))
        for index, medication in enumerate(entry.medications):
            resources.append(_medication(entry, index, medication, episode_url=episode_url,
                                         patient_url=patient_url, zone=zone))
    now = timezone.now()
    resources.append(_screening(screening, patient_url=patient_url, today=now.date().isoformat()))
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": now.isoformat(timespec="seconds"),
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in resources],
    }
