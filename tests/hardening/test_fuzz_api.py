"""Fuzz the API with schemathesis against its own OpenAPI schema, as a patient and
as a clinician: no input may cause a 500, and every response must match the schema.

Bounded for CI: FUZZ_EXAMPLES examples per operation (default 15), and
FUZZ_STATEFUL_EXAMPLES sequences of up to 10 linked calls (default 5).
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from api.converters import ID_MAX
from diary.choices import Role
from diary.models import Grant
from tests.factories import EntryFactory, UserFactory
from tests.hardening.fuzz_counts import count

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
CSRF_TOKEN = "f" * 32


# The schema is generated in-process (no database needed) and the app is called
# over WSGI, inside each test's database transaction.
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()
# A body past the size limit answers 413 (documented by api.parsers.document_body_limits):
# a rejection of invalid data like a 400.
REJECTION = schema.config.checks.negative_data_rejection
REJECTION.expected_statuses = [*REJECTION.expected_statuses, "413"]


def logged_in_caller(role, client, monkeypatch) -> dict:
    """A logged-in session (cookie and CSRF token) for a patient with a diary, or
    for a clinician that patient shares with; throttles lifted so a 429 cannot
    hide what the fuzzing is looking for."""
    monkeypatch.setattr("rest_framework.throttling.SimpleRateThrottle.THROTTLE_RATES", {})
    patient = UserFactory(timezone="Europe/Oslo")
    EntryFactory.create_batch(5, patient=patient)
    user = patient
    if role == Role.CLINICIAN:
        user = UserFactory(role=Role.CLINICIAN)
        Grant.objects.create(patient=patient, clinician=user)
    client.force_login(user)
    return {
        "patient": patient,
        "role": role,
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_TOKEN},
        "headers": {"X-CSRFToken": CSRF_TOKEN},
    }


def log_in_case(case, caller) -> None:
    """The caller's session on the case. As cookies of the case, not a Cookie header: the
    schema's cookie security scheme makes schemathesis generate a `sessionid` cookie of its
    own, which replaced the header's, so most cases went out logged out (403)."""
    case.cookies = {**(case.cookies or {}), **caller["cookies"]}


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    # The real WSGI handler closes the database connection after each request,
    # which would end the test's transaction; Django's test client does the same.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def as_patient(db, client, monkeypatch):
    return logged_in_caller(Role.PATIENT, client, monkeypatch)


@pytest.fixture
def as_clinician(db, client, monkeypatch):
    return logged_in_caller(Role.CLINICIAN, client, monkeypatch)


def aim_at_the_patient(case, caller) -> None:
    """Aim at the shared patient, so the fuzzing reaches past the 404; an id the case made
    invalid on purpose (past the id column, not a number) is kept: it must answer 404."""
    ids = case.path_parameters or {}
    if isinstance(ids.get("id"), int) and 0 <= ids["id"] <= ID_MAX:
        ids["id"] = caller["patient"].pk


def call_and_validate(case, caller):
    aim_at_the_patient(case, caller)
    if (case.operation.path, case.method) in (("/api/v1/me/", "DELETE"), ("/api/v1/auth/logout/", "POST")):
        return  # ending the fuzzing session mid-run would turn every later example into a 403
    log_in_case(case, caller)
    response = case.call(headers=caller["headers"])
    count(caller["role"], "examples", case, response.status_code)
    case.validate_response(response, checks=CHECKS)


FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@schema.parametrize()
@FUZZ
def test_as_a_patient_no_input_causes_a_500_and_every_answer_matches_the_schema(case, as_patient):
    call_and_validate(case, as_patient)


@schema.parametrize()
@FUZZ
def test_as_a_clinician_no_input_causes_a_500_and_every_answer_matches_the_schema(case, as_clinician):
    call_and_validate(case, as_clinician)


# --- Stateful: sequences of calls that feed each other (links inferred from the schema) ---

STATEFUL_EXAMPLES = int(os.environ.get("FUZZ_STATEFUL_EXAMPLES", "5"))
STATEFUL = settings(
    max_examples=STATEFUL_EXAMPLES,
    stateful_step_count=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
KEEPS_THE_SESSION = schema.exclude(operation_id=["v1_me_destroy", "v1_auth_logout_create"])


def run_stateful(caller):
    from hypothesis.stateful import run_state_machine_as_test

    class Workflow(KEEPS_THE_SESSION.as_state_machine()):
        def get_call_kwargs(self, case):
            aim_at_the_patient(case, caller)
            log_in_case(case, caller)
            return {"headers": caller["headers"]}

        def validate_response(self, response, case, **kwargs):
            count(caller["role"], "stateful", case, response.status_code)
            case.validate_response(response, checks=[not_a_server_error])

    run_state_machine_as_test(Workflow, settings=STATEFUL)


def test_as_a_patient_no_sequence_of_calls_causes_a_500(as_patient):
    run_stateful(as_patient)


def test_as_a_clinician_no_sequence_of_calls_causes_a_500(as_clinician):
    run_stateful(as_clinician)
