"""Through the API, in each of the five languages (issue 25): a thunderclap entry's
advice, a report summary with plural counts, a validation error; which language a
request gets (the account's, else Accept-Language, else English); and the emergency
number by where the patient lives."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

TODAY = dt.date(2026, 11, 21)

EMERGENCY = {
    "en": "This needs medical help now. Call the emergency number 112 or go to the nearest emergency department.",
    "de": "Das braucht jetzt medizinische Hilfe. Rufen Sie den Notruf 112 an oder gehen Sie in die nächste "
    "Notaufnahme.",
    "fr": "Cela demande une aide médicale immédiate. Appelez le numéro d’urgence 112 ou rendez-vous aux urgences les "
    "plus proches.",
    "it": "Serve subito aiuto medico. Chiami il numero di emergenza 112 o vada al pronto soccorso più vicino.",
    "es": "Esto necesita ayuda médica ahora. Llame al número de emergencias 112 o vaya al servicio de urgencias más "
    "cercano.",
}
LOCAL_NUMBER = {
    "en": "Call your local emergency number",
    "de": "Rufen Sie Ihren örtlichen Notruf an",
    "fr": "Appelez votre numéro d’urgence local",
    "it": "Chiami il numero di emergenza locale",
    "es": "Llame a su número local de emergencias",
}
WHOLE_NUMBER = {
    "en": "Must be a whole number.",
    "de": "Muss eine ganze Zahl sein.",
    "fr": "Doit être un nombre entier.",
    "it": "Deve essere un numero intero.",
    "es": "Debe ser un número entero.",
}
# "you logged {n} days and {n} headaches", for n = 1, 2, 5, 21 (all too few for a pattern).
LOGGED = {
    "en": {1: "you logged 1 day and 1 headache;", 2: "you logged 2 days and 2 headaches;",
           5: "you logged 5 days and 5 headaches;", 21: "you logged 21 days and 21 headaches;"},
    "de": {1: "haben Sie 1 Tag und 1 Kopfschmerz erfasst;", 2: "haben Sie 2 Tage und 2 Kopfschmerzen erfasst;",
           5: "haben Sie 5 Tage und 5 Kopfschmerzen erfasst;", 21: "haben Sie 21 Tage und 21 Kopfschmerzen erfasst;"},
    "fr": {1: "vous avez noté 1 jour et 1 mal de tête ;", 2: "vous avez noté 2 jours et 2 maux de tête ;",
           5: "vous avez noté 5 jours et 5 maux de tête ;", 21: "vous avez noté 21 jours et 21 maux de tête ;"},
    "it": {1: "ha registrato 1 giorno e 1 mal di testa;", 2: "ha registrato 2 giorni e 2 mal di testa;",
           5: "ha registrato 5 giorni e 5 mal di testa;", 21: "ha registrato 21 giorni e 21 mal di testa;"},
    "es": {1: "registró 1 día y 1 dolor de cabeza;", 2: "registró 2 días y 2 dolores de cabeza;",
           5: "registró 5 días y 5 dolores de cabeza;", 21: "registró 21 días y 21 dolores de cabeza;"},
}  # fmt: skip
LANGUAGES = list(EMERGENCY)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    noon = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: noon)


def put(client, days_ago=0, headers=None, **fields):
    body = {"date": (TODAY - dt.timedelta(days=days_ago)).isoformat(), **fields}
    return client.put(f"/api/v1/entries/{uuid.uuid4()}/", body, format="json", **(headers or {}))


def accept(lang: str) -> dict:
    return {"HTTP_ACCEPT_LANGUAGE": f"{lang};q=1.0, en;q=0.5"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_thunderclap_entrys_advice_is_in_the_browsers_language(patient_api, lang):
    # The patient's timezone is Europe/Oslo (tests/conftest.py): 112 is the number there.
    response = put(patient_api, headers=accept(lang), side="right", severity=9, red_flags=["thunderclap"])
    assert response.status_code == 201, response.json()
    assert response["Content-Language"] == lang
    advice = response.json()["advice"]
    assert advice["urgency"] == "emergency"
    assert advice["message"].startswith(EMERGENCY[lang])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_where_the_number_is_not_known_the_advice_says_your_local_one(patient_api, patient, lang):
    patient.timezone = "Asia/Tokyo"
    patient.save(update_fields=["timezone"])
    advice = put(patient_api, headers=accept(lang), side="right", severity=9, red_flags=["thunderclap"]).json()[
        "advice"
    ]
    assert LOCAL_NUMBER[lang] in advice["message"]
    assert "112" not in advice["message"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("count", [1, 2, 5, 21])
def test_the_report_summary_counts_in_the_languages_plurals(patient_api, lang, count):
    for days_ago in range(count):
        response = put(patient_api, days_ago, side="right", severity=4, onset_region="neck", neck_trigger="movement")
        assert response.status_code == 201
    report = patient_api.get("/api/v1/patterns/", **accept(lang)).json()
    assert report["level"] == "insufficient_data"
    assert LOGGED[lang][count] in report["summary"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_validation_error_names_the_field_in_the_language(patient_api, lang):
    response = patient_api.patch("/api/v1/me/", {"birth_year": "1980"}, format="json", **accept(lang))
    assert response.status_code == 400
    assert response.json() == {"birth_year": [WHOLE_NUMBER[lang]]}


def test_the_accounts_own_language_comes_before_the_browsers(patient_api, patient):
    response = patient_api.patch("/api/v1/me/", {"language": "it"}, format="json")
    assert response.status_code == 200 and response.json()["language"] == "it"
    advice = put(patient_api, headers=accept("de"), side="right", severity=9, red_flags=["thunderclap"]).json()[
        "advice"
    ]
    assert advice["message"].startswith(EMERGENCY["it"])
    # null gives the choice back to the browser.
    assert patient_api.patch("/api/v1/me/", {"language": None}, format="json").json()["language"] is None
    advice = put(patient_api, 1, headers=accept("de"), side="right", severity=9, red_flags=["thunderclap"]).json()[
        "advice"
    ]
    assert advice["message"].startswith(EMERGENCY["de"])


def test_without_a_choice_or_a_known_browser_language_it_is_english(patient_api):
    response = put(
        patient_api,
        headers={"HTTP_ACCEPT_LANGUAGE": "ja, ko;q=0.8"},
        side="right",
        severity=9,
        red_flags=["thunderclap"],
    )
    assert response["Content-Language"] == "en"
    assert response.json()["advice"]["message"].startswith(EMERGENCY["en"])


@pytest.mark.parametrize("value", ["xx", "", "DE", 5, ["de"]])
def test_a_language_that_is_not_one_of_the_five_is_refused(patient_api, patient, value):
    response = patient_api.patch("/api/v1/me/", {"language": value}, format="json")
    assert response.status_code == 400 and "language" in response.json()
    patient.refresh_from_db()
    assert patient.language == ""


def test_the_vocabulary_labels_follow_the_language(client):
    german = dict(client.get("/api/v1/vocabulary/", HTTP_ACCEPT_LANGUAGE="de").json()["OnsetRegion"])
    assert german["occiput"] == "Hinterkopf"
    assert dict(client.get("/api/v1/vocabulary/").json()["OnsetRegion"])["occiput"] == "Back of the head"


def test_one_accounts_language_is_never_anothers(patient_api, other_api, patient):
    patient.language = "fr"
    patient.save(update_fields=["language"])
    assert put(patient_api, side="right", severity=9, red_flags=["thunderclap"])["Content-Language"] == "fr"
    # The other patient, in the same process right after, gets their own (the browser's here).
    assert (
        put(other_api, headers=accept("es"), side="right", severity=9, red_flags=["thunderclap"])["Content-Language"]
        == "es"
    )


def test_an_anonymous_caller_cannot_set_a_language(client):
    assert client.patch("/api/v1/me/", {"language": "de"}, content_type="application/json").status_code == 403
