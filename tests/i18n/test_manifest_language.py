"""The web app manifest in the reader's language (issue 25): the name an installed app shows
and its shortcut's words, the account's language before the browser's, English otherwise."""

import pytest

NAMES = {
    "en": ("Neckline headache diary", "Log headache"),
    "de": ("Neckline-Kopfschmerztagebuch", "Kopfschmerz eintragen"),
    "fr": ("Neckline, journal des maux de tête", "Noter un mal de tête"),
    "it": ("Neckline, diario delle cefalee", "Registra un mal di testa"),
    "es": ("Neckline, diario de cefaleas", "Registrar un dolor de cabeza"),
}


def names(manifest):
    [shortcut] = [s for s in manifest["shortcuts"] if s["url"] == "/#/log"]
    return manifest["name"], shortcut["name"]


@pytest.mark.parametrize("lang", list(NAMES))
def test_the_manifest_is_in_the_browsers_language(client, lang):
    response = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert names(manifest) == NAMES[lang]
    assert manifest["lang"] == lang and manifest["short_name"] == "Neckline"
    assert "Accept-Language" in response["Vary"]


def test_the_accounts_language_comes_before_the_browsers(patient_api):
    patient_api.patch("/api/v1/me/", {"language": "it"}, format="json")
    manifest = patient_api.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="de").json()
    assert names(manifest) == NAMES["it"] and manifest["lang"] == "it"


def test_an_unknown_browser_language_gets_english(client):
    manifest = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="ja").json()
    assert names(manifest) == NAMES["en"] and manifest["lang"] == "en"
