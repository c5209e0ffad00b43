"""What leaves the app: CSV cells, access-log lines and DEBUG error pages (issue 13,
items 9 and 10)."""

import csv
import datetime as dt
import io
import json

import pytest
from django.test import Client
from gunicorn.config import Config
from gunicorn.http.wsgi import Response

from config.gunicorn import JsonLogger
from diary.exports.csv import safe_cell
from tests.factories import EntryFactory


class TestCsvFormulas:
    @pytest.mark.parametrize(
        ("text", "defused"),
        [
            ("x;=1+1;", "x;'=1+1;"),
            ("a,+1", "a,'+1"),
            ("a\t-1", "a\t'-1"),
            ("a|@SUM(A1)", "a|'@SUM(A1)"),
            ("a; =1", "a;' =1"),
            ("=1;=2", "'=1;'=2"),
        ],
    )
    def test_a_formula_after_any_separator_is_quoted(self, text, defused):
        assert safe_cell(text) == defused

    def test_a_spreadsheet_splitting_on_semicolons_sees_no_formula(self):
        cell = safe_cell("x;=1+1;@A1;-2")
        assert not any(part.lstrip().startswith(("=", "+", "-", "@")) for part in cell.split(";"))

    def test_the_patients_export_defuses_a_note(self, patient_api, patient):
        EntryFactory(patient=patient, date=dt.date(2026, 1, 10), notes="x;=1+1;")
        rows = list(csv.DictReader(io.StringIO(patient_api.get("/api/v1/export/?format=csv").content.decode())))
        assert rows[0]["notes"] == "x;'=1+1;"


def access_line(path: str) -> str:
    """What config/gunicorn.py's logger writes for one request to `path`."""
    logger = JsonLogger(Config())
    written = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.setStream(written)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "QUERY_STRING": "",
    }
    response = Response(None, None, {})
    response.status = "404 Not Found"
    response.sent = 10
    logger.access(response, [], environ, dt.timedelta(milliseconds=5))
    return written.getvalue()


def test_a_newline_in_the_path_cannot_add_a_line_to_the_access_log():
    # "%0A" arrives decoded in PATH_INFO; a plain-text log would write it as is.
    line = access_line('/api/v1/x\n203.0.113.1 "GET /admin/" 200 1 1ms')
    assert line.count("\n") == 1 and line.endswith("\n")  # one JSON line, the newline escaped inside it
    assert json.loads(line)["path"] == '/api/v1/x\n203.0.113.1 "GET /admin/" 200 1 1ms'


def test_an_ordinary_path_is_logged_as_is():
    record = json.loads(access_line("/api/v1/entries/"))
    assert (record["method"], record["path"], record["status_code"]) == ("GET", "/api/v1/entries/", 404)


def test_debug_error_pages_do_not_show_emails(settings, patient, monkeypatch):
    # Production logs an exception by type and frames only; DEBUG's page showed the
    # user, the local variables and the exception's text, each with the email.
    settings.DEBUG = True

    def failing(*, user, **kwargs):
        email = user.email
        raise RuntimeError(f"could not update {email}")

    monkeypatch.setattr("api.accounts.views.user_update_profile", failing)
    client = Client(raise_request_exception=False)
    client.force_login(patient)
    for accept in ("*/*", "application/json"):  # Django's HTML page, then its text one
        response = client.patch(
            "/api/v1/me/", '{"timezone": "UTC"}', content_type="application/json", HTTP_ACCEPT=accept
        )
        assert response.status_code == 500
        page = response.content.decode()
        assert "RuntimeError" in page  # still a useful page for the developer
        assert patient.email not in page
        assert "pat%40example.test" not in page
