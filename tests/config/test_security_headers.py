"""The headers a browser needs to protect patients, on the PWA and the API alike."""

import secrets

import pytest

from tests.config.test_settings import production_variables, start_up_command

PAGES = ["/", "/api/v1/health/", "/api/v1/auth/csrf/", "/api/docs/"]


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline' " not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_only_the_api_docs_allow_inline_styles_and_no_page_allows_inline_script(client, db):
    app = client.get("/")["Content-Security-Policy"]
    docs = client.get("/api/docs/")["Content-Security-Policy"]
    assert "'unsafe-inline'" not in app
    assert "style-src 'self' 'unsafe-inline'" in docs
    assert "script-src 'self';" in docs + ";"


def test_the_docs_start_up_script_is_a_file_not_inline(client, db):
    page = client.get("/api/docs/").content.decode()
    assert "<script>" not in page
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")


def test_with_debug_off_the_deployment_checklist_reports_nothing(tmp_path):
    result = start_up_command(
        tmp_path,
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **production_variables(),
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="neckline.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
