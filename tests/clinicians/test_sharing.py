import re

import pytest

from diary.choices import Role
from diary.models import AccessLog, Grant, ShareCode
from diary.services.sharing import CODE_ALPHABET, normalise_share_code
from tests.conftest import logged_in
from tests.factories import UserFactory

CODES = "/api/v1/sharing/codes/"
LINKS = "/api/v1/clinician/links/"
GRANTS = "/api/v1/sharing/grants/"
ACCESS_LOG = "/api/v1/sharing/access-log/"


def new_code(patient_api) -> str:
    response = patient_api.post(CODES)
    assert response.status_code == 201
    return response.json()["code"]


def link(api, code):
    return api.post(LINKS, {"code": code}, format="json")


def summary_url(patient):
    return f"/api/v1/clinician/patients/{patient.pk}/summary/"


def test_a_code_is_three_groups_of_four_readable_characters_valid_for_seven_days(patient_api):
    body = patient_api.post(CODES).json()
    assert re.fullmatch(rf"[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}", body["code"])
    assert not set(body["code"]) & set("ILOU")
    assert body["expires_at"].startswith("2026-11-28T12:00:00")


def test_only_a_digest_of_the_code_is_stored(patient_api, patient):
    code = new_code(patient_api)
    stored = ShareCode.objects.get(patient=patient)
    assert code.replace("-", "") not in stored.digest and len(stored.digest) == 64


def test_two_codes_differ(patient_api):
    assert new_code(patient_api) != new_code(patient_api)


@pytest.mark.parametrize("typed", ["7kq2-m9xd-4tpa", " 7KQ2 M9XD 4TPA ", "7KQ2M9XD4TPA", "7KQ2-M9XD-4TPA"])
def test_case_spaces_and_dashes_do_not_matter(typed):
    assert normalise_share_code(typed) == "7KQ2M9XD4TPA"


def test_letters_people_mistake_for_digits_are_read_as_the_digits():
    assert normalise_share_code("IL0O-0000-0000") == "1100" + "0" * 8


def test_a_clinician_entering_the_code_is_linked_and_sees_the_summary(patient_api, patient, clinician_api, clinician):
    response = link(clinician_api, new_code(patient_api).lower())
    assert response.status_code == 201
    assert response.json() == {"id": patient.pk, "email": patient.email, "already_linked": False}
    assert Grant.objects.filter(patient=patient, clinician=clinician, revoked_at__isnull=True).count() == 1
    assert clinician_api.get(summary_url(patient)).status_code == 200


def test_a_code_works_only_once(patient_api, clinician_api, unlinked_api):
    code = new_code(patient_api)
    assert link(clinician_api, code).status_code == 201
    again = link(unlinked_api, code)
    assert again.status_code == 400


def test_a_code_no_longer_works_after_seven_days(patient_api, clinician_api, clock):
    code = new_code(patient_api)
    clock.advance(days=7, seconds=1)
    assert link(clinician_api, code).status_code == 400


def test_a_code_still_works_just_before_it_expires(patient_api, clinician_api, clock):
    code = new_code(patient_api)
    clock.advance(days=7, seconds=-1)
    assert link(clinician_api, code).status_code == 201


def test_used_expired_and_wrong_codes_get_the_same_answer(patient_api, clinician_api, unlinked_api, clock):
    used = new_code(patient_api)
    link(unlinked_api, used)
    expired = new_code(patient_api)
    clock.advance(days=8)
    answers = [link(clinician_api, code) for code in (used, expired, "AAAA-BBBB-CCCC")]
    assert {response.status_code for response in answers} == {400}
    assert answers[0].json() == answers[1].json() == answers[2].json()
    assert "ask the patient for a new one" in answers[0].json()["code"][0]


def test_a_code_of_the_wrong_shape_is_refused_plainly(clinician_api):
    for body, field in (({"code": 12345}, "code"), ({}, "code"), ({"code": "AAAA-BBBB-CCCC", "extra": 1}, "extra")):
        response = clinician_api.post(LINKS, body, format="json")
        assert response.status_code == 400
        assert field in response.json()


def test_linking_twice_to_the_same_patient_keeps_one_live_grant(patient_api, patient, clinician_api):
    link(clinician_api, new_code(patient_api))
    assert link(clinician_api, new_code(patient_api)).status_code == 200  # and it says so
    assert Grant.objects.filter(patient=patient, revoked_at__isnull=True).count() == 1


def test_guessing_codes_is_throttled_per_clinician(clinician_api):
    answers = [link(clinician_api, "AAAA-BBBB-CCCC").status_code for _ in range(11)]
    assert answers == [400] * 10 + [429]
    blocked = link(clinician_api, "AAAA-BBBB-CCCC")
    assert "Too many codes entered" in blocked.json()["detail"]
    assert int(blocked["Retry-After"]) > 0


def test_guessing_codes_from_many_accounts_on_one_address_is_throttled(db):
    answers = []
    for n in range(4):
        api = logged_in(UserFactory(email=f"doc{n}@example.test", role=Role.CLINICIAN))
        answers += [link(api, "AAAA-BBBB-CCCC").status_code for _ in range(8)]
    assert answers[:30] == [400] * 30
    assert set(answers[30:]) == {429}


def test_a_forged_forwarded_for_header_does_not_escape_the_address_throttle(db):
    answers = []
    for n in range(4):
        api = logged_in(UserFactory(email=f"doc{n}@example.test", role=Role.CLINICIAN))
        answers += [
            api.post(LINKS, {"code": "AAAA-BBBB-CCCC"}, format="json", HTTP_X_FORWARDED_FOR=f"10.0.{n}.{i}").status_code
            for i in range(8)
        ]
    assert set(answers[30:]) == {429}


def test_the_patient_lists_the_clinicians_who_can_see_the_diary(patient_api, clinician, grant):
    assert patient_api.get(GRANTS).json() == [
        {"id": grant.pk, "clinician_email": clinician.email, "created_at": "2026-11-21T12:00:00Z"}
    ]


def test_a_revoke_takes_effect_on_the_very_next_request(patient_api, patient, clinician_api, grant):
    assert clinician_api.get(summary_url(patient)).status_code == 200
    assert patient_api.delete(f"{GRANTS}{grant.pk}/").status_code == 204
    assert clinician_api.get(summary_url(patient)).status_code == 404
    assert patient_api.get(GRANTS).json() == []


def test_revoking_twice_or_someone_elses_grant_answers_404(patient_api, other_api, grant):
    assert other_api.delete(f"{GRANTS}{grant.pk}/").status_code == 404
    assert patient_api.delete(f"{GRANTS}{grant.pk}/").status_code == 204
    assert patient_api.delete(f"{GRANTS}{grant.pk}/").status_code == 404


def test_re_entering_a_code_says_the_patient_is_already_on_the_list(patient_api, patient, clinician_api):
    code = new_code(patient_api)
    assert link(clinician_api, code).status_code == 201
    again = link(clinician_api, code)
    assert again.status_code == 200
    assert again.json() == {
        "id": patient.pk,
        "email": patient.email,
        "already_linked": True,
        "detail": "pat@example.test is already on your list of patients.",
    }
    assert Grant.objects.filter(patient=patient).count() == 1


def test_the_already_on_the_list_answer_is_in_the_clinicians_language(patient_api, patient, clinician, clinician_api):
    clinician.language = "fr"
    clinician.save(update_fields=["language"])
    code = new_code(patient_api)
    assert link(clinician_api, code).status_code == 201
    assert link(clinician_api, code).json()["detail"] == "pat@example.test figure déjà dans votre liste de patients."


def test_a_fresh_code_from_a_patient_already_on_the_list_says_so_too(patient_api, patient, clinician_api, grant):
    response = link(clinician_api, new_code(patient_api))
    assert response.status_code == 200 and response.json()["already_linked"] is True
    assert Grant.objects.filter(patient=patient).count() == 1


def test_a_code_another_clinician_used_still_answers_only_that_it_does_not_work(
    patient_api, clinician_api, unlinked_api
):
    code = new_code(patient_api)
    link(clinician_api, code)
    response = link(unlinked_api, code)
    assert response.status_code == 400 and "already" not in response.content.decode()


def test_after_a_revoke_the_old_code_does_not_work_again(patient_api, patient, clinician_api):
    code = new_code(patient_api)
    link(clinician_api, code)
    patient_api.delete(f"{GRANTS}{Grant.objects.get(patient=patient).pk}/")
    assert link(clinician_api, code).status_code == 400


def test_a_new_code_after_a_revoke_links_the_clinician_again(patient_api, patient, clinician_api, grant):
    patient_api.delete(f"{GRANTS}{grant.pk}/")
    assert link(clinician_api, new_code(patient_api)).status_code == 201
    assert clinician_api.get(summary_url(patient)).status_code == 200


def test_every_clinician_read_is_in_the_patients_access_log(patient_api, patient, clinician_api, clinician, grant):
    base = f"/api/v1/clinician/patients/{patient.pk}"
    for path in ("/summary/", "/entries/", "/export/?format=csv", "/export/?format=pdf", "/export/?format=fhir"):
        assert clinician_api.get(base + path).status_code == 200
    log = patient_api.get(ACCESS_LOG).json()
    assert [row["what"] for row in log] == ["export_fhir", "export_pdf", "export_csv", "entries", "summary"]
    assert {row["clinician_email"] for row in log} == {clinician.email}
    assert all(row["at"] == "2026-11-21T12:00:00Z" for row in log)


def test_refused_reads_leave_no_access_log_row(patient, unlinked_api, clinician_api, grant):
    unlinked_api.get(summary_url(patient))
    clinician_api.get(summary_url(patient) + "?days=7")
    assert not AccessLog.objects.exists()


def test_a_patient_sees_only_their_own_access_log(other_api, patient, clinician_api, grant):
    clinician_api.get(summary_url(patient))
    assert other_api.get(ACCESS_LOG).json() == []
