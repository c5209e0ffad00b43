"""Recording a block and answering its diary through the API, as the apps do."""

import datetime as dt

BLOCK = {"kind": "medial_branch_block", "levels": ["C2-C3"], "side": "right", "purpose": "diagnostic"}


def record_block(clinician_api, patient, performed_at: dt.datetime, anaesthetic: str, **extra) -> dict:
    body = {**BLOCK, "performed_at": performed_at.isoformat(), "anaesthetic": anaesthetic, **extra}
    response = clinician_api.post(f"/api/v1/clinician/patients/{patient.pk}/procedures/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def answer(patient_api, block_id: int, slot: str, pain: int, at: dt.datetime, movement=None):
    body = {"pain": pain, "answered_at": at.isoformat(), "movement_provokes": movement}
    return patient_api.put(f"/api/v1/post-block/{block_id}/ratings/{slot}/", body, format="json")


def keep_diary(patient_api, clock, block: dict, pains: dict, late: dict | None = None) -> dict:
    """Answer the prompts in `pains` ({slot: pain}) at their due time (or `late`
    {slot: minutes after the block} for a late answer); leave the others
    unanswered; move the clock past the next morning and read the result."""
    performed = dt.datetime.fromisoformat(block["performed_at"].replace("Z", "+00:00"))
    due = {p["slot"]: dt.datetime.fromisoformat(p["due_at"].replace("Z", "+00:00")) for p in block["diary"]["prompts"]}
    for slot, pain in pains.items():
        at = performed + dt.timedelta(minutes=late[slot]) if late and slot in late else due[slot]
        if slot == "baseline":
            at = performed + dt.timedelta(minutes=1)
        clock.set(max(clock.now, at))
        response = answer(patient_api, block["id"], slot, pain, at, movement=pain >= 5)
        assert response.status_code in (200, 201), response.json()
    clock.set(max(due.values()) + dt.timedelta(hours=1))
    response = patient_api.get(f"/api/v1/post-block/{block['id']}/")
    assert response.status_code == 200
    return response.json()
