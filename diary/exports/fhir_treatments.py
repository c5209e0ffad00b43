"""Procedures and their post-block diaries as FHIR R4 resources, for the clinician's
FHIR export (diary/exports/fhir.py adds them to its Bundle).

- one Procedure per procedure: status completed, category diagnostic or therapeutic,
  the kind in clinical words, the cervical levels and side as its body site, the
  anaesthetic as `usedCode`, the computed result as its `outcome`; the second block of
  a comparative pair points to the first (extension `comparative-with`);
- one Observation per post-block prompt, `partOf` the Procedure: the pain score (LOINC
  72514-3) at the moment the patient answered, whether the usual neck movement still
  brought the pain on, and the prompt's time point; a prompt left unanswered is an
  Observation with a dataAbsentReason, never a guessed value;
- one Observation of the block's result (largest relief, minutes of >= 50% and >= 80%
  relief, fit with the anaesthetic's expected duration), `partOf` the Procedure.

Ids are derived from the procedure's id, so two exports give the same references. Only
R4 elements are used. The words meant for people come in the reader's language (the export
runs in it); SNOMED CT's, LOINC's and HL7's displays stay those systems' own.
"""

import uuid

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from diary.choices import ProcedurePurpose

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
NECKLINE = "https://neckline.example/fhir/CodeSystem"
COMPARATIVE_WITH = "https://neckline.example/fhir/StructureDefinition/comparative-with"
_NAMESPACE = uuid.UUID("5d0f3c1e-2b7a-4e8e-8f51-16a0b10c4d16")

CATEGORY = {
    ProcedurePurpose.DIAGNOSTIC: ("103693007", "Diagnostic procedure"),
    ProcedurePurpose.TREATMENT: ("277132007", "Therapeutic procedure"),
}
LATERALITY = {"left": ("7771000", "Left"), "right": ("24028007", "Right"), "both": ("51440002", "Right and left")}
# The side of a procedure in words, after its cervical levels ("C2-C3, right").
PROCEDURE_SIDE = {
    "left": gettext_lazy("left"),
    "right": gettext_lazy("right"),
    "both": gettext_lazy("both sides"),
    "midline": gettext_lazy("midline"),
}
PAIN = (LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
CONCORDANCE = {
    "concordant": gettext_lazy("Duration of relief fits the anaesthetic"),
    "discordant": gettext_lazy("Duration of relief does not fit the anaesthetic"),
    "unknown": gettext_lazy("Fit with the anaesthetic unknown (missing answers)"),
}
# The same inside the outcome's sentence.
CONCORDANCE_IN_SENTENCE = {
    "concordant": gettext_lazy("duration of relief fits the anaesthetic"),
    "discordant": gettext_lazy("duration of relief does not fit the anaesthetic"),
    "unknown": gettext_lazy("fit with the anaesthetic unknown (missing answers)"),
}


def _urn(kind: str, key) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{kind}:{key}')}"


def _concept(system: str, code: str, display) -> dict:
    display = str(display)  # a lazy translation, in the language of the export
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def _own(component: str, display: str) -> dict:
    return _concept(f"{NECKLINE}/post-block", component, display)


def _iso(moment) -> str:
    return moment.isoformat(timespec="seconds")


def _minutes(value: int) -> dict:
    return {"value": value, "unit": "min", "system": UCUM, "code": "min"}


def _outcome(procedure: dict) -> str | None:
    if procedure["recorded_elsewhere"] and procedure["entered_relief_percent"] is not None:
        # xgettext:no-python-format
        return _("{percent}% relief, as entered (block done elsewhere)").format(
            percent=procedure["entered_relief_percent"]
        )
    diary = procedure["diary"]
    if not diary:
        return None
    if diary["result"] is None:
        reasons = {
            "too_few_answers": _("too few answers ({answered} of {due})").format(
                answered=diary["answered"], due=diary["due"]
            ),
            "no_baseline": _("no pain score before the block"),
            "baseline_without_pain": _("no pain before the block"),
        }
        return _("No result from the post-block diary: {reason}").format(
            reason=reasons.get(diary["reason"], diary["reason"])
        )
    result = diary["result"]
    # xgettext:no-python-format
    text = _("Up to {percent}% relief; >= 80% for {minutes_80} min, >= 50% for {minutes_50} min").format(
        percent=result["max_relief_percent"],
        minutes_80=result["minutes_relief_80"],
        minutes_50=result["minutes_relief_50"],
    )
    if result["concordance"]:
        text += f"; {CONCORDANCE_IN_SENTENCE[result['concordance']]}"
    return text


def _procedure(procedure: dict, *, url: str, patient_url: str) -> dict:
    code, display = CATEGORY[procedure["purpose"]]
    site = ", ".join(procedure["levels"]) or _("Cervical spine")
    resource = {
        "resourceType": "Procedure",
        "id": url.removeprefix("urn:uuid:"),
        "status": "completed",
        "category": _concept(SNOMED, code, display),
        "code": _concept(f"{NECKLINE}/procedure-kind", procedure["kind"], procedure["kind_label"]),
        "subject": {"reference": patient_url},
        "performedDateTime": _iso(procedure["performed_at"]),
        "bodySite": [{"text": f"{site}, {PROCEDURE_SIDE.get(procedure['side'], procedure['side'])}"}],
    }
    if procedure["side"] in LATERALITY:
        resource["bodySite"][0]["coding"] = [
            {"system": SNOMED, "code": LATERALITY[procedure["side"]][0], "display": LATERALITY[procedure["side"]][1]}
        ]
    if procedure["anaesthetic"]:
        resource["usedCode"] = [{"text": procedure["anaesthetic"].capitalize()}]
    outcome = _outcome(procedure)
    if outcome:
        resource["outcome"] = {"text": outcome}
    if procedure["note"]:
        resource["note"] = [{"text": procedure["note"]}]
    if procedure["compares_with"]:
        resource["extension"] = [
            {"url": COMPARATIVE_WITH, "valueReference": {"reference": _urn("procedure", procedure["compares_with"])}}
        ]
    return resource


def _rating(prompt: dict, *, url: str, procedure_url: str, patient_url: str) -> dict:
    resource = {
        "resourceType": "Observation",
        "id": url.removeprefix("urn:uuid:"),
        "status": "final",
        "partOf": [{"reference": procedure_url}],
        "code": _concept(*PAIN),
        "subject": {"reference": patient_url},
        "component": [{"code": _own("time-point", _("Post-block diary time point")), "valueString": prompt["slot"]}],
    }
    if prompt["status"] == "answered":
        resource["effectiveDateTime"] = _iso(prompt["answered_at"])
        resource["performer"] = [{"reference": patient_url}]
        resource["valueInteger"] = prompt["pain"]
        if prompt["movement_provokes"] is not None:
            resource["component"].append(
                {
                    "code": _own("movement-provokes", _("Usual neck movement brings the pain on")),
                    "valueBoolean": prompt["movement_provokes"],
                }
            )
    else:  # asked, not answered: shown as missing
        resource["effectiveDateTime"] = _iso(prompt["due_at"])
        resource["dataAbsentReason"] = {**_concept(DATA_ABSENT, "unknown", "Unknown"), "text": _("Not answered")}
    return resource


def _result(procedure: dict, *, url: str, procedure_url: str, patient_url: str) -> dict:
    result = procedure["diary"]["result"]
    components = [
        {
            # xgettext:no-python-format
            "code": _own("minutes-relief-50", _("Minutes of relief of 50% or more")),
            "valueQuantity": _minutes(result["minutes_relief_50"]),
        },
        {
            # xgettext:no-python-format
            "code": _own("minutes-relief-80", _("Minutes of relief of 80% or more")),
            "valueQuantity": _minutes(result["minutes_relief_80"]),
        },
    ]
    if result["concordance"]:
        components.append(
            {
                "code": _own("concordance", _("Fit with the anaesthetic's expected duration")),
                "valueCodeableConcept": _own(result["concordance"], CONCORDANCE[result["concordance"]]),
            }
        )
    return {
        "resourceType": "Observation",
        "id": url.removeprefix("urn:uuid:"),
        "status": "final" if procedure["diary"]["complete"] else "preliminary",
        "partOf": [{"reference": procedure_url}],
        "code": _own("relief-percent", _("Largest pain relief after the block, against the baseline")),
        "subject": {"reference": patient_url},
        "effectiveDateTime": _iso(procedure["performed_at"]),
        "valueQuantity": {"value": result["max_relief_percent"], "unit": "%", "system": UCUM, "code": "%"},
        "component": components,
    }


def procedure_resources(*, procedures: list[dict], patient_url: str) -> list[tuple[str, dict]]:
    """(fullUrl, resource) pairs for a Bundle. `procedures` as diary.selectors.treatments'
    procedure_details gives them (the summary's `treatments.procedures`); `patient_url` the
    Bundle's Patient fullUrl."""
    out = []
    for procedure in procedures:
        url = _urn("procedure", procedure["id"])
        out.append((url, _procedure(procedure, url=url, patient_url=patient_url)))
        diary = procedure["diary"]
        if not diary:
            continue
        for prompt in diary["prompts"]:
            if prompt["status"] in ("answered", "missing"):
                rating_url = _urn("rating", f"{procedure['id']}:{prompt['slot']}")
                out.append((rating_url, _rating(prompt, url=rating_url, procedure_url=url, patient_url=patient_url)))
        if diary["result"]:
            result_url = _urn("result", procedure["id"])
            out.append((result_url, _result(procedure, url=result_url, procedure_url=url, patient_url=patient_url)))
    return out
