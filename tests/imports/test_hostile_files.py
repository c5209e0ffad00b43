"""Hostile files: each a clear 400 naming the field, and nothing stored."""

import io
import zipfile

import pytest

from diary.models import Entry, Import
from tests.imports.helpers import golden, upload

pytestmark = pytest.mark.django_db


def refused(response, field="file") -> str:
    assert response.status_code == 400, response.content
    assert not Import.objects.exists() and not Entry.objects.exists()
    return response.json()[field][0]


def test_a_zip_bomb(patient_api):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("apple_health_export/export.xml", b"<HealthData>" + b" " * 50_000_000 + b"</HealthData>")
    assert "zip bomb" in refused(upload(patient_api, out.getvalue(), name="export.zip"))


def test_an_xml_entity_bomb(patient_api):
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE HealthData [
 <!ENTITY a "aaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<HealthData><Record type="HKCategoryTypeIdentifierHeadache" sourceName="&c;"/></HealthData>"""
    assert "entities" in refused(upload(patient_api, bomb, name="export.xml"))


def test_a_two_gigabyte_file_is_refused_by_its_declared_size(patient_api):
    response = patient_api.generic(
        "POST",
        "/api/v1/imports/",
        b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(2 * 1024**3),
    )
    assert "larger than" in refused(response)


def test_a_file_larger_than_the_limit_is_refused_while_read(patient_api, settings):
    settings.IMPORT_MAX_TEXT_BYTES = 1024
    assert "larger than" in refused(upload(patient_api, golden("migraine_buddy.csv")))


def test_an_unknown_encoding(patient_api):
    latin1 = golden("migraine_buddy.csv").replace(b"desk all day", "bureau, journée".encode("latin-1"))
    assert "UTF-8" in refused(upload(patient_api, latin1))


def test_a_file_of_another_format(patient_api):
    message = refused(upload(patient_api, b"%PDF-1.7\n...", name="x.csv", format="migraine_buddy_csv"))
    assert "not a Migraine Buddy export" in message
    assert "Neckline export" in refused(upload(patient_api, b'{"hello": 1}', name="x.json"))
    assert "Apple Health" in refused(upload(patient_api, b"<html></html>", name="export.xml"))


def test_a_csv_without_a_mapping_is_asked_for_one(patient_api):
    assert "mapping" in refused(upload(patient_api, b"a,b\n1,2\n"), "format")


def test_a_mapping_naming_unknown_fields(patient_api):
    message = refused(upload(patient_api, b"a,b\n1,2\n", mapping='{"columns": {"date": "a", "blood": "b"}}'), "mapping")
    assert "blood" in message


def test_formula_cells_are_defused_in_the_csv_export(patient_api, commit):
    content = b"Day,Pain,Comment\n2026-01-06,4,\"=cmd|' /C calc'!A0\"\n"
    body = upload(patient_api, content, mapping='{"columns": {"date": "Day", "severity": "Pain", "notes": "Comment"}}')
    commit(patient_api, body.json()["id"])
    exported = patient_api.get("/api/v1/export/?format=csv").content.decode()
    assert "'=cmd" in exported and ",=cmd" not in exported
