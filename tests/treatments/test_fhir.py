"""The FHIR resources of procedures: a Procedure, its ratings as Observations partOf it
(unanswered prompts as data absent, never a value), the result, all valid R4."""

import datetime as dt

from fhir.resources.R4B.bundle import Bundle

from diary.exports.fhir_treatments import procedure_resources
from diary.selectors.treatments import block_results_for, treatment_summary_for
from diary.treatments.wording import clinician_lines
from tests.treatments.conftest import NOON
from tests.treatments.helpers import keep_diary, record_block

PATIENT_URL = "urn:uuid:00000000-0000-4000-8000-000000000001"


def test_procedures_and_ratings_are_valid_r4_linked_to_their_procedure(
    grant, clinician_api, patient_api, patient, clock
):
    first = record_block(clinician_api, patient, NOON, "lidocaine", note="Fluoroscopy-guided")
    keep_diary(patient_api, clock, first, {"baseline": 10, "15m": 1, "30m": 1, "1h": 1, "2h": 9, "3h": 10, "4h": 10})
    clock.set(NOON + dt.timedelta(days=7))
    record_block(clinician_api, patient, clock.now, "bupivacaine", compares_with=first["id"])

    pairs = procedure_resources(procedures=block_results_for(patient=patient), patient_url=PATIENT_URL)
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": PATIENT_URL, "resource": {"resourceType": "Patient", "id": PATIENT_URL[9:]}}]
        + [{"fullUrl": url, "resource": resource} for url, resource in pairs],
    }
    Bundle.model_validate(bundle)  # R4 (R4B's models)

    resources = [resource for _, resource in pairs]
    procedures = [r for r in resources if r["resourceType"] == "Procedure"]
    second, first_procedure = procedures  # newest first
    first_url = next(url for url, r in pairs if r is first_procedure)
    assert second["extension"][0]["valueReference"]["reference"] == first_url
    assert first_procedure["usedCode"] == [{"text": "Lidocaine"}]
    assert first_procedure["outcome"]["text"] == (
        "Up to 90% relief; >= 80% for 60 min, >= 50% for 60 min; duration of relief fits the anaesthetic"
    )
    ratings = [
        r
        for r in resources
        if r["resourceType"] == "Observation"
        and r["code"]["coding"][0]["code"] == "72514-3"
        and r["partOf"][0]["reference"] == first_url
    ]
    assert len(ratings) == 10
    answered = [r for r in ratings if "valueInteger" in r]
    missing = [r for r in ratings if "dataAbsentReason" in r]
    assert [r["valueInteger"] for r in answered] == [10, 1, 1, 1, 9, 10, 10]
    assert len(missing) == 3 and not any("valueInteger" in r for r in missing)
    [result] = [r for r in resources if r["code"]["coding"][0]["code"] == "relief-percent"]
    assert result["valueQuantity"]["value"] == 90 and result["partOf"] == [{"reference": first_url}]
    # The same ids on a second export.
    again = procedure_resources(procedures=block_results_for(patient=patient), patient_url=PATIENT_URL)
    assert [url for url, _ in again] == [url for url, _ in pairs]


def test_the_clinician_summary_lines_say_the_result_and_what_is_missing(
    grant, clinician_api, patient_api, patient, clock
):
    block = record_block(clinician_api, patient, NOON, "lidocaine")
    keep_diary(
        patient_api,
        clock,
        block,
        {"baseline": 10, "15m": 1, "30m": 1, "1h": 1, "2h": 9, "3h": 10, "4h": 10},
        late={"1h": 90},
    )
    summary = treatment_summary_for(patient=patient)
    [line, event] = clinician_lines(summary)
    assert line == (
        "Medial branch block C2-C3 right, lidocaine (diagnostic), 21 Nov 2026: baseline pain 10/10; max relief 90%; "
        ">= 50% for 1.5 h; >= 80% for 1.5 h (expected 1 h-2 h: concordant); 6/9 timed prompts answered "
        "(missing: 6h, 8h, next_morning)"
    )
    assert event.startswith("21 Nov 2026 Medial branch block (procedure): not enough diary")
