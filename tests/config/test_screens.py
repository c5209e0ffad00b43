"""A screen of the PWA has one place: its route in VIEWS of frontend/js/app.js (and, when it is
in the main navigation, its entry in PATIENT_NAV, PATIENT_MORE or CLINICIAN_NAV there). These
tell a newcomer what else a new screen needs: every navigation entry opens a screen, and every
module under frontend/js/views/ is reached from the app (so the service worker's precache,
which lists every static file, keeps it offline: tests/config/test_pwa_serving.py)."""

import re
from pathlib import Path

JS = Path(__file__).resolve().parents[2] / "frontend" / "js"


def app_source() -> str:
    return (JS / "app.js").read_text()


def test_every_navigation_entry_opens_a_screen():
    source = app_source()
    views = set(re.findall(r'^\s+"?([\w-]+)"?: \(\) => import\("\./views/[\w-]+\.js"\)', source, re.MULTILINE))
    assert {"log", "patients", "account"} <= views
    for name in ("PATIENT_NAV", "PATIENT_MORE", "CLINICIAN_NAV"):
        # A function of the language in use: `const PATIENT_NAV = () => [["log", t("Log")], ...];`
        [entries] = re.findall(rf"const {name} = (?:\(\) => )?(\[.*?\]);\n", source, re.DOTALL)
        routes = re.findall(r'\["([\w-]+)", (?:t\()?"', entries)
        assert routes and set(routes) <= views, (name, set(routes) - views)


def test_every_screen_module_is_reached_from_the_app():
    sources = [app_source(), *(path.read_text() for path in (JS / "views").glob("*.js"))]
    imported = {name for text in sources for name in re.findall(r'["\']\./(?:views/)?([\w-]+\.js)["\']', text)}
    modules = {path.name for path in (JS / "views").glob("*.js")}
    assert modules - imported == set()
