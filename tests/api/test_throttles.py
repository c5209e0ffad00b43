import uuid

import pytest

from tests.factories import PASSWORD


@pytest.fixture
def tight_limits(settings, monkeypatch):
    rates = {"writes.user": "3/min", "writes.address": "5/min", "login.address": "2/min", "register.address": "2/min"}
    monkeypatch.setattr("rest_framework.throttling.SimpleRateThrottle.THROTTLE_RATES", rates)
    return rates


def entry(client):
    return client.put(
        f"/api/v1/entries/{uuid.uuid4()}/", {"date": "2026-01-10", "side": "left", "severity": 3}, format="json"
    )


def test_writes_are_limited_per_user_with_a_clear_429(patient_api, tight_limits):
    assert [entry(patient_api).status_code for _ in range(3)] == [201, 201, 201]
    refused = entry(patient_api)
    assert refused.status_code == 429
    assert "throttled" in refused.json()["detail"] and refused["Retry-After"]


def test_reads_are_not_counted_as_writes(patient_api, tight_limits):
    for _ in range(5):
        assert patient_api.get("/api/v1/entries/").status_code == 200
    assert entry(patient_api).status_code == 201


def test_one_patients_writes_do_not_use_up_anothers(patient_api, other_api, tight_limits):
    for _ in range(3):
        entry(patient_api)
    assert entry(other_api).status_code == 201


def test_writes_are_also_limited_per_address_across_users(patient_api, other_api, clinician_api, tight_limits):
    statuses = [entry(client).status_code for client in (patient_api, patient_api, other_api, other_api)]
    statuses.append(clinician_api.patch("/api/v1/me/", {"timezone": "UTC"}, format="json").status_code)
    assert statuses == [201, 201, 201, 201, 200]
    assert entry(other_api).status_code == 429  # the sixth write from 127.0.0.1


def test_login_attempts_are_limited_per_address(anon_api, patient, tight_limits):
    body = {"email": patient.email, "password": PASSWORD}
    assert [anon_api.post("/api/v1/auth/login/", body, format="json").status_code for _ in range(3)] == [200, 200, 429]


def test_registrations_are_limited_per_address(anon_api, db, tight_limits):
    statuses = [
        anon_api.post(
            "/api/v1/auth/register/", {"email": f"r{n}@example.test", "password": PASSWORD}, format="json"
        ).status_code
        for n in range(3)
    ]
    assert statuses == [201, 201, 429]


def test_with_the_cache_down_a_patient_can_still_save(patient_api, settings, tight_limits):
    # Four writes pass a limit of three only because the counter cannot be reached.
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}}
    assert [entry(patient_api).status_code for _ in range(4)] == [201, 201, 201, 201]


# --- Redis unreachable: guessing fails closed onto the database (issue 13) -------------

REDIS_DOWN = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": REDIS_DOWN}}


def test_with_the_cache_down_logins_are_still_limited_per_address(anon_api, patient, tight_limits, redis_down):
    body = {"email": patient.email, "password": PASSWORD}
    assert [anon_api.post("/api/v1/auth/login/", body, format="json").status_code for _ in range(3)] == [200, 200, 429]


def test_with_the_cache_down_share_codes_are_still_limited(clinician_api, monkeypatch, redis_down):
    monkeypatch.setattr("rest_framework.throttling.SimpleRateThrottle.THROTTLE_RATES", {"share_code.user": "2/hour"})
    statuses = [
        clinician_api.post("/api/v1/clinician/links/", {"code": "AAAA-BBBB-CCCC"}, format="json").status_code
        for _ in range(3)
    ]
    assert statuses == [400, 400, 429]


def test_with_the_cache_down_wrong_logins_still_lock_the_account(anon_api, patient, redis_down):
    for _ in range(5):
        anon_api.post("/api/v1/auth/login/", {"email": patient.email, "password": "wrong"}, format="json")
    response = anon_api.post("/api/v1/auth/login/", {"email": patient.email, "password": PASSWORD}, format="json")
    assert response.status_code == 429


def test_every_limit_of_a_request_is_counted_in_one_round_trip(patient_api, monkeypatch):
    from redis.client import Pipeline

    rounds = []
    execute = Pipeline.execute

    def counting(self, *args, **kwargs):
        rounds.append(len(self.command_stack))
        return execute(self, *args, **kwargs)

    monkeypatch.setattr(Pipeline, "execute", counting)
    rates = {"writes.user": "3/min", "writes.address": "5/min"}
    monkeypatch.setattr("rest_framework.throttling.SimpleRateThrottle.THROTTLE_RATES", rates)
    assert entry(patient_api).status_code == 201
    assert rounds == [4]  # INCR and EXPIRE for each of the two limits, sent together
