"""The catalogues CI keeps whole (issue 25): `makemessages` finds nothing that the committed
.po files lack, `compilemessages` (GNU msgfmt, with its format checks) passes, and no entry
in any language is empty, fuzzy or left over; the start-up compiler writes what msgfmt
writes, and the PWA lists the same languages as the server."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from config.translations import compile_all, js_catalogue, mo_bytes, parse_po

ROOT = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
DOMAINS = ["django", "djangojs"]
PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);"}
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)[sd]")


def catalogue(language: str, domain: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"


def entries(language: str, domain: str):
    return [m for m in parse_po(catalogue(language, domain).read_text(encoding="utf-8")) if m.msgid != ""]


def need_gettext():
    # makemessages and compilemessages are GNU gettext's tools; .ci/run installs them.
    missing = [tool for tool in ("xgettext", "msgmerge", "msgfmt") if shutil.which(tool) is None]
    assert not missing, f"GNU gettext is needed for this check (apt-get install gettext); missing {missing}"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_none_fuzzy_none_left_over(language, domain):
    messages = entries(language, domain)
    assert messages, "an empty catalogue"
    problems = [
        (m.msgid, "fuzzy" if m.fuzzy else "obsolete" if m.obsolete else "empty")
        for m in messages
        if m.fuzzy or m.obsolete or not m.translated
    ]
    assert problems == []


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder_and_the_plural_forms(language, domain):
    header = parse_po(catalogue(language, domain).read_text(encoding="utf-8"))[0]
    assert f"Plural-Forms: {PLURAL_FORMS.get(language, 'nplurals=2; plural=(n != 1);')}" in header.msgstr[0]
    assert f"Language: {language}\n" in header.msgstr[0]
    for m in entries(language, domain):
        wanted = set(PLACEHOLDER.findall(m.msgid + (m.msgid_plural or "")))
        for form in m.msgstr.values():
            assert set(PLACEHOLDER.findall(form)) == wanted, (m.msgid, form)
        if m.msgid_plural is not None:
            assert sorted(m.msgstr) == [0, 1], m.msgid


def test_makemessages_finds_nothing_new_and_compilemessages_passes(tmp_path):
    """Run on a copy of the code: the committed .po files must already hold every string
    the code marks, and nothing it no longer marks."""
    need_gettext()
    for name in ("api", "diary", "config", "frontend", "locale"):
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "catalogues")
        )
    shutil.copy(ROOT / "manage.py", tmp_path)
    environment = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "PYTHONPATH": str(tmp_path),
                   "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true", "HOME": str(tmp_path)}  # fmt: skip
    for domain in DOMAINS:
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-a", "-d", domain],
            cwd=tmp_path, env=environment, check=True, capture_output=True,
        )  # fmt: skip
    for language in LANGUAGES:
        for domain in DOMAINS:
            before = {(m.msgctxt, m.msgid, m.msgid_plural) for m in entries(language, domain)}
            after = parse_po((tmp_path / catalogue(language, domain).relative_to(ROOT)).read_text(encoding="utf-8"))
            after = {(m.msgctxt, m.msgid, m.msgid_plural) for m in after if m.msgid != "" and not m.obsolete}
            assert after - before == set(), f"{language}/{domain}: run makemessages, then translate these"
            assert before - after == set(), f"{language}/{domain}: no longer in the code: run makemessages"
    result = subprocess.run(
        [sys.executable, "manage.py", "compilemessages"], cwd=tmp_path, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr.lower(), result.stderr


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_start_up_compiler_writes_what_msgfmt_writes(tmp_path, language, domain):
    need_gettext()
    po = catalogue(language, domain)
    subprocess.run(["msgfmt", "-o", str(tmp_path / "gnu.mo"), str(po)], check=True)
    (tmp_path / "ours.mo").write_bytes(mo_bytes(parse_po(po.read_text(encoding="utf-8"))))
    theirs = gettext.GNUTranslations((tmp_path / "gnu.mo").open("rb"))._catalog
    ours = gettext.GNUTranslations((tmp_path / "ours.mo").open("rb"))._catalog
    # msgfmt leaves POT-Creation-Date out of the header; every message is the same.
    assert {k: v for k, v in ours.items() if k != ""} == {k: v for k, v in theirs.items() if k != ""}


def test_the_compiler_leaves_fuzzy_and_empty_entries_out():
    text = (
        'msgid ""\nmsgstr "Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#, fuzzy\nmsgid "Guessed"\nmsgstr "Geraten"\n\n'
        'msgid "Missing"\nmsgstr ""\n\n'
        'msgid "One {n} day"\nmsgid_plural "{n} days"\nmsgstr[0] "{n} Tag"\nmsgstr[1] "{n} Tage"\n\n'
        'msgctxt "CSV column"\nmsgid "date"\nmsgstr "Datum"\n'
    )
    messages = parse_po(text)
    module = js_catalogue(messages, "de")
    assert '"Guessed"' not in module and '"Missing"' not in module
    assert '"One {n} day\\u0000{n} days": [' in module or '"One {n} day\\u0000{n} days":[' in module.replace(" ", "")
    catalogue_ = gettext.GNUTranslations(__import__("io").BytesIO(mo_bytes(messages)))
    assert catalogue_.gettext("Guessed") == "Guessed" and catalogue_.gettext("Missing") == "Missing"
    assert catalogue_.ngettext("One {n} day", "{n} days", 5) == "{n} Tage"
    assert catalogue_.pgettext("CSV column", "date") == "Datum"


def test_the_pwa_speaks_the_servers_languages():
    source = (ROOT / "frontend" / "js" / "i18n.js").read_text()
    listed = re.search(r"export const LANGUAGES = \[([^\]]*)\]", source).group(1)
    assert re.findall(r'"(\w+)"', listed) == [code for code, _name in settings.LANGUAGES]
    for language in LANGUAGES:
        assert f'{language}: () => import("./catalogues/{language}.js")' in source


def test_start_up_wrote_a_catalogue_module_for_each_language():
    compile_all()
    for language in LANGUAGES:
        module = ROOT / "frontend" / "js" / "catalogues" / f"{language}.js"
        assert module.read_text(encoding="utf-8").startswith("// Generated from locale/")
        assert (ROOT / "locale" / language / "LC_MESSAGES" / "django.mo").exists()
