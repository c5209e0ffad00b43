"""The PWA is served by Django: the shell, the service worker at the root scope,
and the manifest, each with headers that let a new version replace the old."""

import re

from config import views


def test_the_app_shell_is_served_at_the_root_without_inline_script(client, db):
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-cache"
    assert '<script type="module" src="/static/js/app.js"></script>' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "an inline script would break the CSP"
    assert not re.search(r"\son[a-z]+=", page)


def test_the_service_worker_covers_the_whole_app_and_carries_the_frontend_version(client, db):
    response = client.get("/sw.js")
    source = response.content.decode()
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert f'const VERSION = "{views._frontend_version()}";' in source
    # Every script of the app is precached, views included, so it opens offline.
    assert '"/static/js/views/log.js"' in source and '"/static/app.css"' in source


def test_a_change_to_the_frontend_gives_a_new_service_worker(tmp_path, monkeypatch):
    (tmp_path / "sw.js").write_text('const VERSION = "dev";')
    (tmp_path / "app.css").write_text("body {}")
    monkeypatch.setattr(views, "FRONTEND", tmp_path)
    before = views._frontend_version()
    (tmp_path / "app.css").write_text("body { color: black }")
    assert views._frontend_version() != before


def test_the_manifest_is_served_as_a_manifest(client, db):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    assert b'"display": "standalone"' in response.content
