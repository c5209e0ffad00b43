"""Questionnaires in the reader's language by the issue's rule (issue 25): a validated
instrument only in its owner's published translation (none is shipped, so the PGIC shows
as written, saying so); the project's own rating translated by the project and marked."""

import copy
import json
import uuid

import pytest

from diary.questionnaires.instruments import SHIPPED, InstrumentError, instrument_from

URL = "/api/v1/questionnaires/"


def listed(client, lang):
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return {q["code"]: q for q in response.json()["questionnaires"]}


@pytest.mark.parametrize(
    ("lang", "title", "band"),
    [
        ("de", "Nackenschmerz und wobei er Sie behindert", "Leicht"),
        ("fr", "La douleur de nuque et ce qu’elle vous empêche de faire", "Légère"),
        ("it", "Il dolore al collo e ciò che le impedisce", "Lieve"),
        ("es", "El dolor de cuello y lo que le impide hacer", "Leve"),
    ],
)
def test_the_projects_own_rating_is_translated_and_marked_as_the_projects(patient_api, lang, title, band):
    rating = listed(patient_api, lang)["neck_rating"]
    assert (rating["title"], rating["language"], rating["translated_by"]) == (title, lang, "project")
    assert "Neckline" in rating["translation_note"]
    assert rating["questionnaire"]["title"] == title
    assert all("7" in item["text"] and "In the last" not in item["text"] for item in rating["questionnaire"]["item"])
    assert rating["scoring"]["bands"][0]["label"] == band


def test_a_validated_instrument_without_its_owners_translation_shows_as_written_and_says_so(patient_api):
    pgic = listed(patient_api, "de")["pgic"]
    assert (pgic["title"], pgic["language"], pgic["translated_by"]) == ("How things have changed", "en", None)
    assert pgic["translation_note"] == "Für diesen Fragebogen gibt es keine Übersetzung: Er wird im Original gezeigt."
    assert listed(patient_api, "en")["pgic"]["translation_note"] is None


def pgic_file() -> dict:
    return json.loads((SHIPPED / "pgic.json").read_text())


def test_a_validated_instrument_refuses_a_translation_by_the_project():
    document = pgic_file()
    document["translations"] = {"de": {"by": "project", "title": "Wie sich die Dinge verändert haben"}}
    with pytest.raises(InstrumentError, match="owner's published translation"):
        instrument_from(document)


def test_an_owners_translation_names_its_source_and_is_shown_with_it(patient):
    document = pgic_file()
    document["translations"] = {"de": {"by": "owner", "title": "Veränderung"}}
    with pytest.raises(InstrumentError, match="source"):
        instrument_from(copy.deepcopy(document))
    document["translations"]["de"]["source"] = "the owner's published German version, 2024"
    shown = instrument_from(document).in_language("de")
    assert (shown["title"], shown["translated_by"]) == ("Veränderung", "owner")


def test_a_translation_names_only_items_and_options_the_instrument_has():
    document = pgic_file()
    document["translations"] = {"de": {"by": "owner", "source": "x", "items": {"nope": {"text": "?"}}}}
    with pytest.raises(InstrumentError, match="no item"):
        instrument_from(document)


def test_an_answer_refused_is_refused_in_the_readers_language(patient_api):
    items = [{"linkId": name, "answer": [{"valueInteger": value}]} for name, value in [("worst", 11), ("average", 4)]]
    body = {"resourceType": "QuestionnaireResponse", "questionnaire": "neck_rating", "status": "completed",
            "authored": "2026-11-21T10:00:00+00:00", "item": items}  # fmt: skip
    response = patient_api.put(
        f"/api/v1/questionnaire-responses/{uuid.uuid4()}/", body, format="json", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 400
    assert response.json() == {"worst": ["Escriba un número entero de 0 a 10."]}


@pytest.mark.parametrize(
    ("lang", "pgic_band", "rating_band"),
    [
        ("en", "Little or no change", "Moderate"),
        ("de", "Wenig oder keine Veränderung", "Mittel"),
        ("fr", "Peu ou pas de changement", "Modérée"),
        ("it", "Poco o nessun cambiamento", "Moderato"),
        ("es", "Poco o ningún cambio", "Moderado"),
    ],
)
def test_a_stored_band_is_read_in_the_readers_language(patient, patient_api, lang, pgic_band, rating_band):
    """A band is stored as scored (English); the scores read it in the reader's language:
    the rating's from its own translation, the PGIC's (the project's reading of its score)
    from the catalogue."""
    from django.utils import timezone

    from diary.models import QuestionnaireResponse

    for code, band in (("pgic", "Little or no change"), ("neck_rating", "Moderate")):
        QuestionnaireResponse.objects.create(
            id=uuid.uuid4(), patient=patient, instrument=code, instrument_version="1",
            authored_at=timezone.now(), items=[], score=4.0, band=band,
        )  # fmt: skip
    scores = patient_api.get("/api/v1/questionnaire-responses/", HTTP_ACCEPT_LANGUAGE=lang).json()
    bands = {score["instrument"]: score["band"] for score in scores}
    assert bands == {"pgic": pgic_band, "neck_rating": rating_band}
