"""A database that goes down while a middleware reads it (the session's user) answers
503 with Retry-After, as it would from the view: one mechanism for every such middleware
(config.middleware.answers_503_when_the_database_is_down). The drills cover the real outage."""

import json

import pytest
from django.db import DatabaseError, OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from api.accounts import session_limits as session_limits_module
from api.accounts.session_limits import session_limits
from api.middleware import account_language


class UserOfADownDatabase:
    is_authenticated = True

    @property
    def language(self):
        raise OperationalError("server closed the connection unexpectedly")


def never_reached(request):
    raise AssertionError("the view must not run when the middleware could not read the database")


def test_the_account_language_answers_503_when_reading_the_user_fails():
    request = RequestFactory().get("/api/v1/me/")
    request.user = UserOfADownDatabase()

    response = account_language(never_reached)(request)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert json.loads(response.content)["detail"] == "The service is briefly unavailable. Please try again."


def test_the_session_limits_answer_503_when_reading_the_user_fails(monkeypatch):
    def down(request):
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr(session_limits_module, "_apply_limits", down)
    response = session_limits(never_reached)(RequestFactory().get("/api/v1/entries/"))

    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_any_other_database_error_in_a_middleware_is_left_alone(monkeypatch):
    def broken(request):
        raise DatabaseError("relation does not exist")

    monkeypatch.setattr(session_limits_module, "_apply_limits", broken)
    with pytest.raises(DatabaseError):
        session_limits(never_reached)(RequestFactory().get("/api/v1/entries/"))


def test_a_working_database_passes_the_request_on():
    request = RequestFactory().get("/api/v1/me/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()

    response = account_language(lambda request: HttpResponse("ok"))(request)

    assert response.status_code == 200
