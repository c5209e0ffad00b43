"""GET /api/v1/vocabulary/: the diary's codes and labels, served from diary/choices.py
(the one place they live), to anyone, in the order the app offers them."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation
from rest_framework import serializers
from rest_framework.test import APIClient

from diary import choices

ROOT = Path(__file__).resolve().parents[2]


def test_it_serves_every_list_of_choices_py_with_its_codes_and_labels_in_order(db):
    response = APIClient().get("/api/v1/vocabulary/")
    assert response.status_code == 200
    lists = {
        name: value
        for name, value in vars(choices).items()
        if isinstance(value, type) and issubclass(value, models.Choices) and value.__module__ == choices.__name__
    }
    assert set(response.json()) == {*lists, "any_entry_red_flags", "clinical"}
    for name, enum in lists.items():
        assert response.json()[name] == [[code, str(label)] for code, label in enum.choices]


def test_it_needs_no_login_and_carries_no_diary_data(db):
    response = APIClient(enforce_csrf_checks=True).get("/api/v1/vocabulary/")
    assert response.status_code == 200
    assert response.json()["Side"] == [["left", "Left"], ["right", "Right"], ["both", "Both"]]
    assert "Set-Cookie" not in response.headers


def test_a_code_added_in_python_is_served_at_once(db, monkeypatch):
    class NeckTrigger(models.TextChoices):
        MOVEMENT = "movement", "Neck movement"
        CHEWING = "chewing_test", "Chewing (a code added in Python)"

    monkeypatch.setattr(choices, "NeckTrigger", NeckTrigger)
    served = APIClient().get("/api/v1/vocabulary/").json()["NeckTrigger"]
    assert ["chewing_test", "Chewing (a code added in Python)"] in served


def test_it_names_the_red_flags_a_headache_free_day_may_carry(db):
    served = APIClient().get("/api/v1/vocabulary/").json()["any_entry_red_flags"]
    assert served == sorted(choices.ANY_ENTRY_RED_FLAGS)
    assert set(served) < {code for code, _ in served_pairs("EntryRedFlag")}


def served_pairs(name):
    return APIClient().get("/api/v1/vocabulary/").json()[name]


# Version 2's lists (issue 28): they moved into diary/choices.py from the models and serializers.
VERSION_2 = [
    "TreatmentKind",
    "ProcedureKind",
    "ProcedurePurpose",
    "ProcedureSide",
    "PromptStatus",
    "ReliefEndedBy",
    "Concordance",
    "NoBlockResult",
    "NotComparable",
    "Benefit",
    "SessionOutcome",
    "ReminderKind",
    "RecordKind",
    "RecordAction",
    "ImportFormat",
    "ImportStatus",
    "ImportAction",
    "ImportRowAction",
    "ScreeningLevel",
    "Urgency",
    "PatternRedFlag",
]


@pytest.mark.parametrize("language", ["de", "fr", "it", "es"])
def test_version_2s_lists_are_served_in_the_readers_language(db, language):
    served = APIClient().get("/api/v1/vocabulary/", HTTP_ACCEPT_LANGUAGE=language).json()
    english = APIClient().get("/api/v1/vocabulary/", HTTP_ACCEPT_LANGUAGE="en").json()
    with translation.override(language):
        for name in VERSION_2:
            assert served[name] == [[code, str(label)] for code, label in getattr(choices, name).choices]
            assert [code for code, _label in served[name]] == [code for code, _label in english[name]]
            # Translated, not the English served again (a brand name such as "Migraine Buddy" may stay).
            assert served[name] != english[name], name


def test_a_german_reader_gets_the_treatment_words_in_german(db):
    served = APIClient().get("/api/v1/vocabulary/", HTTP_ACCEPT_LANGUAGE="de").json()
    assert dict(served["ProcedureSide"])["left"] == "Links"
    assert dict(served["SessionOutcome"])["done"] == "Erledigt"


def _model_fields_with_choices():
    for model in apps.get_app_config("diary").get_models():
        for field in model._meta.get_fields():
            if getattr(field, "choices", None):
                yield f"{model.__name__}.{field.name}", field.choices


@pytest.mark.parametrize(("field", "field_choices"), list(_model_fields_with_choices()))
def test_every_model_field_with_choices_takes_them_from_a_served_list(db, field, field_choices):
    served = APIClient().get("/api/v1/vocabulary/", HTTP_ACCEPT_LANGUAGE="en").json()
    codes = [code for code, _label in field_choices]
    assert codes in [[code for code, _label in pairs] for name, pairs in served.items() if name[0].isupper()], field


def _serializer_choice_fields():
    """Every ChoiceField of the API's serializers whose codes are a list of their own."""
    from django.urls import get_resolver  # noqa: PLC0415

    get_resolver().url_patterns  # noqa: B018 - imports every view, and with them every serializer
    seen = set()
    pending = list(serializers.Serializer.__subclasses__())
    while pending:
        klass = pending.pop()
        pending.extend(klass.__subclasses__())
        if klass in seen or not klass.__module__.startswith("api."):
            continue
        seen.add(klass)
        for name, field in klass._declared_fields.items():
            field = getattr(field, "child", field)
            if isinstance(field, serializers.ChoiceField) and len(field.choices) > 1:
                yield f"{klass.__module__}.{klass.__name__}.{name}", list(field.choices)


# Version 2's serializers (treatments, exercises, reminders, records): every list of codes
# they take or answer with is one of diary/choices.py.
VERSION_2_APIS = ("api.treatments.", "api.exercises.", "api.reminders.", "api.records.")


@pytest.mark.parametrize(
    ("field", "codes"), [item for item in _serializer_choice_fields() if item[0].startswith(VERSION_2_APIS)]
)
def test_version_2s_serializers_take_and_answer_with_served_codes(db, field, codes):
    served = APIClient().get("/api/v1/vocabulary/").json()
    lists = [set(code for code, _label in pairs) for name, pairs in served.items() if name[0].isupper()]
    assert any(set(codes) <= served_codes for served_codes in lists), field


def test_no_script_of_the_app_keeps_a_copy_of_a_served_list():
    """A copy is two or more codes of one served list each paired with words, as
    `["left", "Left"]`, or with the served label itself, as `{left: "Left"}` or
    `{left: t("Left")}`: the PWA reads the labels from the vocabulary. On the clinician's
    screens the clinician's words (`clinical`) count too, in any case
    (`{thunderclap: t("Thunderclap onset")}`). (A map of codes to sentences of their own, such
    as the patient's Insights wording, is wording of its own, translated with t().)"""
    copies = []
    with translation.override("en"):
        served = {
            name: [(str(code), str(label)) for code, label in enum.choices] for name, enum in _served_lists().items()
        }
        from diary.reports.labels import label_tables  # noqa: PLC0415

        for field, table in label_tables().items():
            served[f"clinical.{field}"] = [(code, words) for code, words in table.items()]
    scripts = [path for path in (ROOT / "frontend" / "js").rglob("*.js") if "catalogues" not in path.parts]
    for name, pairs in served.items():
        for path in scripts:
            if name.startswith("clinical.") and not path.name.startswith("clinician"):
                continue
            text = path.read_text()
            in_pairs = [
                code for code, _ in pairs if re.search(rf"""\[\s*["']{re.escape(code)}["']\s*,\s*["'`]""", text)
            ]
            labelled = [
                code
                for code, label in pairs
                if re.search(
                    rf"""\b{re.escape(code)}["']?\s*:\s*(?:n?t\(\s*)?["'`]{re.escape(label)}["'`]""",
                    text,
                    re.IGNORECASE if name.startswith("clinical.") else 0,
                )
            ]
            if len(in_pairs) >= 2 or len(labelled) >= 2:
                copies.append(f"{path.relative_to(ROOT)}: {name} {in_pairs or labelled}")
    assert copies == []


def _served_lists():
    return {
        name: value
        for name, value in vars(choices).items()
        if isinstance(value, type) and issubclass(value, models.Choices) and value.__module__ == choices.__name__
    }
