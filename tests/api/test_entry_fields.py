"""The entry's fields are declared once, by the model (diary.models.entries.ENTRY_ANSWERS):
adding a field there and not in the API, the contract or the export fails here, naming it.
The renderers' output (api/entries/render.py: its SQL derives from the model's fields, its
dict is checked) is held equal to the serializer's in test_entries_pages.py."""

import re
from pathlib import Path

import pytest

from api.entries.render import ROW_COLUMNS
from api.entries.serializers import EntrySerializer
from diary.exports import csv as entries_csv
from diary.models.entries import ENTRY_ANSWERS, ENTRY_READ_FIELDS
from diary.services.entries import ENTRY_DEFAULTS, HEADACHE_ONLY_FIELDS

ROOT = Path(__file__).resolve().parents[2]


def test_the_serializer_reads_and_writes_the_models_fields_in_its_order():
    fields = EntrySerializer().fields
    # The model's fields, then what the API adds: the advice and an import's mark.
    assert list(fields) == [*ENTRY_READ_FIELDS, "advice", "source"]
    writable = [name for name, field in fields.items() if not field.read_only]
    assert writable == ["date", *ENTRY_ANSWERS]


def test_the_renderers_read_the_models_fields():
    assert ROW_COLUMNS == ENTRY_READ_FIELDS


def test_a_put_that_leaves_a_field_out_stores_the_models_default():
    assert list(ENTRY_DEFAULTS) == list(ENTRY_ANSWERS)
    # "Not answered" is null; the lists, the notes and `headache` have the model's own defaults.
    assert {name: value for name, value in ENTRY_DEFAULTS.items() if value is not None} == {
        "headache": True,
        "medications": [],
        "red_flags": [],
        "notes": "",
    }


def test_every_answer_but_those_of_any_day_is_refused_on_a_check_in():
    assert set(HEADACHE_ONLY_FIELDS) == set(ENTRY_ANSWERS) - {"headache", "red_flags", "screen_hours", "notes"}


def test_the_contract_documents_every_field():
    table = (ROOT / "docs" / "api.md").read_text()
    documented = set(re.findall(r"^\| (\w+) \|", table, re.MULTILINE))
    assert {"date", *ENTRY_ANSWERS} <= documented


def test_the_csv_export_has_every_field_as_a_documented_column():
    assert entries_csv.COLUMNS == [*ENTRY_READ_FIELDS, "source"]
    documented = re.findall(r"^    (\w+) +\S", entries_csv.__doc__, re.MULTILINE)
    assert documented == entries_csv.COLUMNS


@pytest.mark.parametrize("language", ["de", "fr", "it", "es"])
def test_every_csv_column_has_a_translated_header(language):
    # The headers' msgids are the columns themselves, written out by makemessages: a new
    # field's column reaches the catalogues with the next `makemessages -a`.
    catalogue = (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").read_text()
    translated = dict(re.findall(r'msgctxt "CSV column"\nmsgid "(\w+)"\nmsgstr "(.+)"', catalogue))
    assert [name for name in entries_csv.COLUMNS if not translated.get(name)] == []
    assert sorted(translated) == sorted(entries_csv.COLUMNS)
