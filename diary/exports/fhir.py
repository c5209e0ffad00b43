"""The diary as a FHIR R4 Bundle of type `collection`, every answer of every entry in it.

- one Patient;
- one pain Observation per episode: LOINC 72514-3 pain severity (valueInteger 0-10),
  reported by the patient, the head with the side as a SNOMED CT laterality as its
  body site, and, in the shape of the HL7 FHIR Symptoms IG's Symptom Observation
  where it fits, one component per answer: quality (LOINC 56823-8), what brought it
  on and worse with activity (exacerbating factors, LOINC 100752-5), posture at onset
  (the IG's "other events"), relief from medication (alleviating factors, LOINC
  100753-3, pointing at the MedicationStatement), and laterality, where it began,
  duration, ongoing, each symptom, each red flag ticked and screen time;
- one Observation per headache-free day: the IG's Symptom Absent (LOINC 111551-8), headache;
- one MedicationStatement per medication taken, with its class (the diary's kind,
  and the ATC group where there is one), the name as written and the relief reported;
- one Flag per red flag of the screening report, active until a clinician reviews it
  or the patient reports that a doctor has checked it (said as the patient's report,
  never as a clinician's review), its urgency in words (`soon`: within a few days),
  and the symptoms that raised a possible neck artery injury beside it;
- the screening result as an Observation with the summary's figures as components
  (observed days, headache days and their rate, migraine-like days, medication
  days and the overuse verdict), the caps applied (migraine-predominant first
  among the reasons for `none`), the differentials in the report's order, the
  shares not evaluable with the questions they wait for, and the overview as its
  note, with its caveat.

Codes the standard terminologies do not have are in Neckline's own code system, always
with a display in clinical words. Resource ids are derived from the diary's own ids, so
exporting twice gives the same references. Only R4 elements are used (validated with
the R4B models of fhir.resources in the tests), so the Bundle reads in any R4 system.

The words meant for people (every `text`, a note, and the displays of Neckline's own code
system) come in the reader's language, as the PDF does (the export runs in it); the
displays of LOINC, SNOMED CT, ATC and HL7's code systems stay those systems' own.
"""

import datetime as dt
import uuid
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from diary.exports import SCREENING_CAVEAT
from diary.exports.fhir_treatments import procedure_resources
from diary.exports.pdf import related_words
from diary.models import Entry, User
from diary.reports.labels import capitalised, label, not_evaluable_words
from diary.reports.sentences import checked_day, day
from diary.selectors.imported import format_label

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
ATC = "http://www.whocc.no/atc"
UCUM = "http://unitsofmeasure.org"
SYMPTOMS_IG = "http://hl7.org/fhir/uv/symptoms/CodeSystem/SymptomTemporary"
SURROUNDING_MEDICATION = "http://hl7.org/fhir/uv/symptoms/StructureDefinition/SurroundingEventMedication"
NECKLINE = "https://neckline.example/fhir/CodeSystem"
RELIEF_EXTENSION = "https://neckline.example/fhir/StructureDefinition/relief"
IMPORT_SOURCE = "https://neckline.example/fhir/CodeSystem/import-source"
_NAMESPACE = uuid.UUID("0b8a52d4-5c6e-4f0e-9a0c-7f1e0d7c3a11")

HEAD = ("69536005", "Head structure")
HEADACHE = ("25064002", "Headache")
LATERALITY_ATTRIBUTE = "272741003"
# SNOMED CT qualifier values for the side of the head that hurt.
LATERALITY = {
    "left": ("7771000", "Left"),
    "right": ("24028007", "Right"),
    "both": ("51440002", "Right and left"),
}
# ATC groups of the acute medication classes (combination analgesics and "other" have none).
ATC_GROUPS = {
    "simple_analgesic": ("N02B", "Other analgesics and antipyretics"),
    "nsaid": ("M01A", "Antiinflammatory and antirheumatic products, non-steroids"),
    "triptan": ("N02CC", "Selective serotonin (5HT1) agonists"),
    "ergot": ("N02CA", "Ergot alkaloids"),
    "opioid": ("N02A", "Opioids"),
    "gepant": ("N02CD", "Calcitonin gene-related peptide (CGRP) antagonists"),
}

# Component codes: the Symptoms IG's where it has one, else LOINC or SNOMED, else Neckline's.
QUALITY = (LOINC, "56823-8", "Problem quality or description")
EXACERBATING = (LOINC, "100752-5", "Exacerbating factors - Reported")
ALLEVIATING = (LOINC, "100753-3", "Alleviating factors - Reported")
OTHER_EVENT = (SYMPTOMS_IG, "OTHEREVENT", "Other events at onset")
SYMPTOM = (LOINC, "75325-1", "Symptom")
LATERALITY_CODE = (SNOMED, LATERALITY_ATTRIBUTE, "Laterality")
ONSET_REGION = (f"{NECKLINE}/component", "onset-region", gettext_lazy("Where the pain began"))
DURATION = (f"{NECKLINE}/component", "duration", gettext_lazy("Duration of the headache"))
ONGOING = (f"{NECKLINE}/component", "ongoing", gettext_lazy("Still ongoing when logged"))
WORSE_WITH_ACTIVITY = (
    f"{NECKLINE}/component",
    "worse-with-activity",
    gettext_lazy("Worse with routine physical activity"),
)
RED_FLAG = (f"{NECKLINE}/component", "red-flag", gettext_lazy("Red flag ticked by the patient"))
SCREEN_HOURS = (f"{NECKLINE}/component", "screen-hours", gettext_lazy("Hours of screen time that day"))


# The `text` a person reads beside a standard code's display (which stays the code system's
# own, in English), in the reader's language.
PEOPLE_TEXT = {
    QUALITY[1]: gettext_lazy("Problem quality or description"),
    EXACERBATING[1]: gettext_lazy("Exacerbating factors - Reported"),
    ALLEVIATING[1]: gettext_lazy("Alleviating factors - Reported"),
    OTHER_EVENT[1]: gettext_lazy("Other events at onset"),
    SYMPTOM[1]: gettext_lazy("Symptom"),
    LATERALITY_ATTRIBUTE: gettext_lazy("Laterality"),
    "111551-8": gettext_lazy("Symptom absent"),
    HEADACHE[0]: gettext_lazy("Headache"),
    LATERALITY["left"][0]: gettext_lazy("Left"),
    LATERALITY["right"][0]: gettext_lazy("Right"),
    LATERALITY["both"][0]: gettext_lazy("Right and left"),
}


def _urn(kind: str, key) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{kind}:{key}')}"


def _concept(system: str, code: str, display) -> dict:
    display = str(display)  # a lazy translation, in the language of the export
    text = str(PEOPLE_TEXT[code]) if system in (LOINC, SNOMED, SYMPTOMS_IG) and code in PEOPLE_TEXT else display
    return {"coding": [{"system": system, "code": code, "display": display}], "text": text}


def _diary_code(field: str, code: str) -> dict:
    """A diary answer in Neckline's code system, with its clinical words."""
    return _concept(f"{NECKLINE}/{field.replace('_', '-')}", code, capitalised(code, field))


def _component(code: tuple[str, str, str], **value) -> dict:
    return {"code": _concept(*code), **value}


def _effective(entry: Entry, zone: ZoneInfo) -> str:
    # A FHIR dateTime with a time must carry an offset: the patient's at that moment.
    if entry.started_at is None:
        return entry.date.isoformat()
    return dt.datetime.combine(entry.date, entry.started_at, tzinfo=zone).isoformat(timespec="seconds")


def _body_site(side: str | None) -> dict:
    if side not in LATERALITY:
        return {"coding": [{"system": SNOMED, "code": HEAD[0], "display": HEAD[1]}], "text": _("Head")}
    code, display = LATERALITY[side]
    return {
        "coding": [
            # Post-coordinated: head structure, laterality = side.
            {
                "system": SNOMED,
                "code": f"{HEAD[0]}:{LATERALITY_ATTRIBUTE}={code}",
                "display": f"{HEAD[1]}, {display.lower()}",
            },
        ],
        "text": _("Head, {side}").format(side=label(side, "side")),
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


def _common(entry: Entry, *, url: str, patient_url: str, zone: ZoneInfo) -> dict:
    return {
        "resourceType": "Observation",
        "id": url.removeprefix("urn:uuid:"),
        "identifier": [{"system": f"{NECKLINE}/entry", "value": str(entry.id)}],
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "survey",
                        "display": "Survey",
                    }
                ]
            },
            {"coding": [{"system": SYMPTOMS_IG, "code": "symptom", "display": "Symptom"}]},
        ],
        "subject": {"reference": patient_url},
        "performer": [{"reference": patient_url}],  # reported by the patient
        "effectiveDateTime": _effective(entry, zone),
    }


def _shared_components(entry: Entry) -> list[dict]:
    """What any entry may carry, a headache-free check-in too."""
    components = [_component(RED_FLAG, valueCodeableConcept=_diary_code("red_flag", code)) for code in entry.red_flags]
    if entry.screen_hours is not None:
        components.append(
            _component(
                SCREEN_HOURS,
                valueQuantity={"value": float(entry.screen_hours), "unit": "h", "system": UCUM, "code": "h"},
            )
        )
    return components


def _episode(entry: Entry, *, url: str, patient_url: str, zone: ZoneInfo, medication_urls: list[str]) -> dict:
    observation = _common(entry, url=url, patient_url=patient_url, zone=zone)
    observation["code"] = {
        "coding": [
            {
                "system": LOINC,
                "code": "72514-3",
                "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
            }
        ],
        "text": _("Headache pain severity (0-10)"),
    }
    observation["bodySite"] = _body_site(entry.side)
    if entry.severity is not None:
        observation["valueInteger"] = entry.severity
    else:
        observation["dataAbsentReason"] = {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason",
                    "code": "asked-unknown",
                }
            ]
        }

    components = []
    if entry.side in LATERALITY:
        components.append(_component(LATERALITY_CODE, valueCodeableConcept=_concept(SNOMED, *LATERALITY[entry.side])))
    for field, code in (
        ("onset_region", ONSET_REGION),
        ("quality", QUALITY),
        ("neck_trigger", EXACERBATING),
        ("posture", OTHER_EVENT),
    ):
        if getattr(entry, field):
            components.append(_component(code, valueCodeableConcept=_diary_code(field, getattr(entry, field))))
    if entry.worse_with_activity is not None:
        components.append(_component(WORSE_WITH_ACTIVITY, valueBoolean=entry.worse_with_activity))
    if entry.duration_minutes is not None:
        components.append(
            _component(
                DURATION, valueQuantity={"value": entry.duration_minutes, "unit": "min", "system": UCUM, "code": "min"}
            )
        )
    if entry.ongoing is not None:
        components.append(_component(ONGOING, valueBoolean=entry.ongoing))
    for code in entry.symptoms or ():  # None: not asked
        components.append(_component(SYMPTOM, valueCodeableConcept=_diary_code("symptoms", code)))
    for medication, medication_url in zip(entry.medications, medication_urls, strict=True):
        if medication["relief"] in ("partial", "complete"):
            components.append(
                _component(
                    ALLEVIATING,
                    valueCodeableConcept={
                        "text": f"{medication['name']} ({capitalised(medication['relief'], 'relief')})"
                    },
                    extension=[{"url": SURROUNDING_MEDICATION, "valueReference": {"reference": medication_url}}],
                )
            )
    components += _shared_components(entry)
    if components:
        observation["component"] = components
    if entry.notes:
        observation["note"] = [{"text": entry.notes}]
    return observation


def _headache_free(entry: Entry, *, url: str, patient_url: str, zone: ZoneInfo) -> dict:
    """A headache-free check-in: the Symptoms IG's Symptom Absent, headache."""
    observation = _common(entry, url=url, patient_url=patient_url, zone=zone)
    observation["code"] = _concept(LOINC, "111551-8", "Symptom absent")
    observation["valueCodeableConcept"] = _concept(SNOMED, *HEADACHE)
    components = _shared_components(entry)
    if components:
        observation["component"] = components
    if entry.notes:
        observation["note"] = [{"text": entry.notes}]
    return observation


def _medication(
    entry: Entry, index: int, medication: dict, *, episode_url: str, patient_url: str, zone: ZoneInfo
) -> tuple[str, dict]:
    url = _urn("medication", f"{entry.id}:{index}")
    kind, relief = medication["kind"], medication["relief"]
    coding = [{"system": f"{NECKLINE}/medication-kind", "code": kind, "display": capitalised(kind, "medication")}]
    if kind in ATC_GROUPS:
        coding.append({"system": ATC, "code": ATC_GROUPS[kind][0], "display": ATC_GROUPS[kind][1]})
    return url, {
        "resourceType": "MedicationStatement",
        "id": url.removeprefix("urn:uuid:"),
        "identifier": [{"system": f"{NECKLINE}/entry-medication", "value": f"{entry.id}:{index}"}],
        "status": "completed",
        "category": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/medication-statement-category",
                    "code": "patientspecified",
                    "display": "Patient Specified",
                }
            ]
        },
        "medicationCodeableConcept": {"coding": coding, "text": medication["name"]},
        "subject": {"reference": patient_url},
        "effectiveDateTime": _effective(entry, zone),
        "reasonReference": [{"reference": episode_url}],
        "extension": [{"url": RELIEF_EXTENSION, "valueCodeableConcept": _diary_code("relief", relief)}],
        "note": [{"text": _("Relief reported: {relief}").format(relief=capitalised(relief, "relief"))}],
    }


def _review_words(review: dict) -> str:
    """Who released the flag: the patient's report of a doctor's check is never a clinician's review."""
    if review.get("role") == "patient":
        return _("the patient reports a doctor checked this on {day}").format(day=day(checked_day(review)))
    return _("reviewed by {who} on {day}").format(
        who=review.get("by") or _("a clinician"), day=day(str(review["at"])[:10])
    )


def _flag_text(flag: dict) -> str:
    text = _("Red flag, {urgency}: {flag}").format(urgency=label(flag["urgency"]), flag=capitalised(flag["code"]))
    related = related_words([flag])
    if related:
        text += "; " + _("related: {symptoms}").format(symptoms=related)
    if flag.get("reviewed"):
        text += f"; {_review_words(flag['reviewed'])}"
    return text


def _flag(flag: dict, *, patient_url: str, episode_urls: dict[str, str]) -> tuple[str, dict]:
    url = _urn("red-flag", f"{patient_url}:{flag['code']}:{flag['date']}:{flag.get('entry')}")
    review = flag.get("reviewed")
    resource = {
        "resourceType": "Flag",
        "id": url.removeprefix("urn:uuid:"),
        "status": "inactive" if review else "active",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/flag-category",
                        "code": "clinical",
                        "display": "Clinical",
                    }
                ]
            }
        ],
        "code": {
            "coding": [{"system": f"{NECKLINE}/red-flag", "code": flag["code"], "display": capitalised(flag["code"])}],
            "text": _flag_text(flag),
        },
        "subject": {"reference": patient_url},
        "period": {"start": flag["date"]},
    }
    if flag.get("entry") in episode_urls:
        # Flag has no element for the finding behind it: the standard supporting-info extension says it.
        resource["extension"] = [
            {
                "url": "http://hl7.org/fhir/StructureDefinition/workflow-supportingInfo",
                "valueReference": {"reference": episode_urls[flag["entry"]]},
            }
        ]
    if review:
        # The patient's report ends the flag on the day of the doctor's check, a review on its own day.
        resource["period"]["end"] = checked_day(review) if review.get("role") == "patient" else str(review["at"])[:10]
    return url, resource


def _figure(code: str, display: str, **value) -> dict:
    return _component((f"{NECKLINE}/summary-figure", code, display), **value)


def _findings(report: dict) -> list[dict]:
    """The caps applied, the differentials in the report's order (the leading pattern
    first) and the shares left unnamed, each a component in clinical words."""
    slug = lambda code: code.replace("_", "-")  # noqa: E731
    caps = [
        _component((f"{NECKLINE}/screening-cap", slug(cap["code"]), capitalised(cap["code"])), valueBoolean=True)
        for cap in report["caps"]
        if cap["applied"]
    ]
    differentials = [
        _component(
            (f"{NECKLINE}/differential", slug(item["code"]), capitalised(item["code"])),
            valueCodeableConcept=_concept(
                f"{NECKLINE}/differential-status",
                item["status"],
                capitalised(item["status"], "differential_status"),
            ),
        )
        for item in report["differentials"]
    ]
    unnamed = [
        _component(
            (
                f"{NECKLINE}/not-evaluable",
                slug(item["code"]),
                _("Not evaluable: {question}").format(question=label(item["code"])),
            ),
            valueString=not_evaluable_words(item),
        )
        for item in report.get("not_evaluable") or ()
    ]
    return caps + differentials + unnamed


def _screening(summary: dict, *, patient_url: str, today: str) -> tuple[str, dict]:
    """The screening result with the summary's figures beside it, the same as the PDF's."""
    report = summary["screening"]
    window = report["window"]
    overuse = summary["medication_overuse"]
    url = _urn("screening", f"{patient_url}:{today}")
    return url, {
        "resourceType": "Observation",
        "id": url.removeprefix("urn:uuid:"),
        "status": "preliminary",
        "code": {
            "coding": [
                {
                    "system": f"{NECKLINE}/screening",
                    "code": "cervicogenic-pattern",
                    "display": _("Diary screening for a cervicogenic headache pattern"),
                }
            ],
            "text": _("Diary screening for a cervicogenic headache pattern"),
        },
        "subject": {"reference": patient_url},
        "effectivePeriod": {"start": window["from"], "end": window["to"]},
        "valueCodeableConcept": {
            "coding": [
                {
                    "system": f"{NECKLINE}/screening-level",
                    "code": report["level"],
                    "display": capitalised(report["level"]),
                }
            ],
            "text": capitalised(report["level"]),
        },
        "component": [
            _figure("observed-days", _("Days observed"), valueInteger=window["observed_days"]),
            _figure("headache-days", _("Headache days"), valueInteger=window["headache_days"]),
            _figure(
                "headache-days-per-30",
                _("Headache days per 30 days"),
                valueQuantity={"value": window["headache_days_per_30"], "unit": _("days per 30 days")},
            ),
            _figure(
                "migraine-like-days",
                _("Days with a migraine-like headache"),
                valueInteger=summary["migraine_like_days"],
            ),
            _figure(
                "medication-overuse",
                _("Medication overuse (ICHD-3 8.2)"),
                valueCodeableConcept=_concept(
                    f"{NECKLINE}/differential-status",
                    overuse["status"] or "not-met",
                    capitalised(overuse["status"]) if overuse["status"] else _("Thresholds not reached"),
                ),
            ),
            *(
                _figure(
                    f"acute-medication-days-{kind.replace('_', '-')}",
                    _("Days with {medication}").format(medication=label(kind, "medication")),
                    valueInteger=figures["days"],
                )
                for kind, figures in overuse["classes"].items()
                if figures["days"]
            ),
            *_findings(report),
        ],
        "note": [{"text": " ".join(summary["overview"])}, {"text": str(SCREENING_CAVEAT)}],
    }


def _imported(observation: dict, kind: str | None) -> dict:
    """An imported entry's Observation tagged with the format it came from (issue 26):
    what the patient brought from another app reads apart from what they logged here."""
    if kind:
        coding = {
            "system": IMPORT_SOURCE,
            "code": kind,
            "display": _("Imported from {format}").format(format=format_label(kind)),
        }
        observation["meta"] = {"tag": [coding]}
    return observation


def diary_bundle(
    *, patient: User, entries: Iterable[Entry], summary: dict, sources: dict[str, str] | None = None
) -> dict:
    """The Bundle as a JSON-ready dict: every entry, and the pre-visit `summary`'s
    screening and figures (diary.selectors.summary), so it agrees with the PDF.
    `sources`: {entry id: format} of the imported entries (diary.selectors.imported)."""
    sources = sources or {}
    zone = ZoneInfo(patient.timezone)
    patient_url = _urn("patient", patient.pk)
    resources = [(patient_url, _patient(patient, patient_url))]
    episode_urls = {}
    for entry in entries:
        url = _urn("episode", entry.id)
        episode_urls[str(entry.id)] = url
        if not entry.headache:
            observation = _headache_free(entry, url=url, patient_url=patient_url, zone=zone)
            resources.append((url, _imported(observation, sources.get(str(entry.id)))))
            continue
        medications = [
            _medication(entry, index, medication, episode_url=url, patient_url=patient_url, zone=zone)
            for index, medication in enumerate(entry.medications)
        ]
        resources.append(
            (
                url,
                _imported(
                    _episode(
                        entry,
                        url=url,
                        patient_url=patient_url,
                        zone=zone,
                        medication_urls=[medication_url for medication_url, _ in medications],
                    ),
                    sources.get(str(entry.id)),
                ),
            )
        )
        resources.extend(medications)
    for flag in summary["red_flags"]:
        resources.append(_flag(flag, patient_url=patient_url, episode_urls=episode_urls))
    # The summary's own procedures (diary.selectors.treatments.treatment_summary_for), never
    # read twice: newest first, as procedure_resources lists them.
    procedures = sorted(
        summary["treatments"]["procedures"], key=lambda item: (item["performed_at"], item["id"]), reverse=True
    )
    resources += procedure_resources(procedures=procedures, patient_url=patient_url)
    now = timezone.now()
    resources.append(_screening(summary, patient_url=patient_url, today=now.date().isoformat()))
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": now.isoformat(timespec="seconds"),
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in resources],
    }
