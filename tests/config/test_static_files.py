"""Static files as production serves them, from the image's build (tests/config/
conftest.py): hashed names cached for ever, Brotli and gzip, and the PWA's shell, service
worker and modules naming only files that exist under those names."""

import json
import os
import re
import subprocess
import sys

import pytest

from tests.config.test_settings import production_variables

FOREVER = "max-age=315360000, public, immutable"

# Runs in the built image's code, with production settings: GETs each path it is given
# (with an Accept-Encoding) and prints status, headers and body.
CLIENT = """
import json, sys
import django
django.setup()
from django.test import Client
client, answers = Client(), []
for path, encoding in json.loads(sys.argv[1]):
    response = client.get(path, secure=True, HTTP_HOST="neckline.example", HTTP_ACCEPT_ENCODING=encoding)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    answers.append({"status": response.status_code, "headers": dict(response.headers),
                    "text": body.decode("utf-8", "replace") if not response.get("Content-Encoding") else None,
                    "size": len(body)})
print(json.dumps(answers))
"""


@pytest.fixture(scope="module")
def production_get(image_build, tmp_path_factory):
    app_dir, _ = image_build
    env = {
        **os.environ,
        **production_variables(),
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "neckline.example",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('db') / 'db.sqlite3'}",
        "NECKLINE_VAR_DIR": str(app_dir / "var"),
        "PYTHONPATH": str(app_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }

    def get(*requests: tuple[str, str]) -> list[dict]:
        result = subprocess.run(
            [sys.executable, "-c", CLIENT, json.dumps(requests)],
            cwd=app_dir,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.splitlines()[-1])

    return get


def script_source(page: str) -> str:
    return re.search(r'<script type="module" src="([^"]+)"></script>', page).group(1)


def test_the_shell_names_hashed_files_and_they_are_cached_for_ever_with_brotli_and_gzip(production_get):
    [shell] = production_get(("/", ""))
    assert shell["status"] == 200 and shell["headers"]["Cache-Control"] == "no-cache"
    app_js = script_source(shell["text"])
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)">', shell["text"]).group(1)
    assert re.fullmatch(r"/static/js/app\.[0-9a-f]{12}\.js", app_js)
    assert re.fullmatch(r"/static/app\.[0-9a-f]{12}\.css", stylesheet)

    brotli, gzip, plain, css = production_get((app_js, "br"), (app_js, "gzip"), (app_js, ""), (stylesheet, "br, gzip"))
    for answer in (brotli, gzip, plain, css):
        assert answer["status"] == 200
        assert answer["headers"]["Cache-Control"] == FOREVER
    assert brotli["headers"]["Content-Encoding"] == "br" and gzip["headers"]["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain["headers"] and "accept-encoding" in plain["headers"]["Vary"].lower()
    assert brotli["size"] < gzip["size"] < plain["size"]
    assert css["headers"]["Content-Encoding"] == "br"


def test_every_module_import_names_a_hashed_file_that_is_served(production_get):
    [shell] = production_get(("/", ""))
    to_visit, seen = [script_source(shell["text"])], set()
    while to_visit:
        path = to_visit.pop()
        if path in seen:
            continue
        seen.add(path)
        [answer] = production_get((path, ""))
        assert answer["status"] == 200, path
        assert answer["headers"]["Cache-Control"] == FOREVER, path
        # Only hashed names are kept: a plain "/static/..." in a module would not be served.
        assert "/static/" not in answer["text"], f"{path} names a static file by its plain name"
        folder = path.rsplit("/", 1)[0]
        for target in re.findall(r'(?:from|import)\s*\(?\s*"(\.{1,2}/[^"]+)"', answer["text"]):
            resolved = os.path.normpath(f"{folder}/{target}")
            assert re.search(r"\.[0-9a-f]{12}\.js$", resolved), f"{path} imports {target} unhashed"
            to_visit.append(resolved)
    # The app, its modules and every lazily loaded screen.
    assert len(seen) >= 10 and any("/views/log." in path for path in seen)


def test_the_service_worker_precaches_the_hashed_files_that_are_served(production_get):
    [worker, manifest] = production_get(("/sw.js", ""), ("/manifest.webmanifest", ""))
    assert worker["headers"]["Cache-Control"] == "no-cache"
    listed = json.loads(re.search(r"const STATIC_FILES = (\[.*?\]);", worker["text"]).group(1))
    imported = re.findall(r'import \{[^}]*\} from "([^"]+)"', worker["text"])
    icons = [icon["src"] for icon in json.loads(manifest["text"])["icons"]]
    assert any(re.fullmatch(r"/static/js/views/log\.[0-9a-f]{12}\.js", path) for path in listed)
    assert imported and icons
    named = [*listed, *imported, *icons]
    assert all(re.search(r"\.[0-9a-f]{12}\.\w+$", path) for path in named), named
    assert '"/static/' not in re.sub(r'"/static/[^"]*\.[0-9a-f]{12}\.\w+"', "", worker["text"])
    answers = production_get(*[(path, "") for path in named])
    assert [answer["status"] for answer in answers] == [200] * len(named)


def test_unhashed_names_are_not_served_and_not_named(production_get):
    [old_name] = production_get(("/static/js/app.js", ""))
    assert old_name["status"] == 404
