"""The exercise library in the reader's language (issue 25): the project's own text,
translated by the project for every exercise, step and stage; the general programme's
advice too; English as written."""

import json

import pytest
from django.utils import translation

from diary.exercises.library import _english_library, library
from diary.exercises.library import translation as library_translation

TITLES = {
    "en": "Gentle nod, lying down",
    "de": "Sanftes Nicken im Liegen",
    "fr": "Hochement doux, allongé·e",
    "it": "Cenno delicato, da sdraiato",
    "es": "Asentimiento suave, tumbado",
}
# The general programme's advice sends the patient to a doctor in every language.
DOCTOR = {"en": "see a doctor", "de": "Ärztin oder einem Arzt", "fr": "consultez un médecin",
          "it": "veda un medico", "es": "vea a un médico"}  # fmt: skip


@pytest.mark.parametrize("lang", list(TITLES))
def test_the_library_comes_in_the_readers_language(patient_api, lang):
    exercises = patient_api.get("/api/v1/exercises/library/", HTTP_ACCEPT_LANGUAGE=lang).json()["exercises"]
    nod = next(e for e in exercises if e["code"] == "craniocervical_flexion")
    assert nod["title"] == TITLES[lang]
    english = _english_library()["craniocervical_flexion"]
    assert len(nod["steps"]) == len(english.steps) and len(nod["stages"]) == len(english.stages)
    assert [s["stage"] for s in nod["stages"]] == [1, 2, 3, 4, 5]
    if lang != "en":
        assert nod["steps"][0] != english.steps[0] and nod["stop_if"] != english.stop_if
        # The dose and the illustration are the library's own, whatever the language.
        assert nod["dose"] == english.as_dict()["dose"] and nod["illustration"]["svg"] == english.illustration_svg


@pytest.mark.parametrize("lang", list(TITLES))
def test_the_general_programmes_advice_sends_to_a_doctor_in_the_language(patient_api, lang):
    default = patient_api.get("/api/v1/programme/", HTTP_ACCEPT_LANGUAGE=lang).json()["default_programme"]
    assert DOCTOR[lang] in default["general_advice"]
    assert TITLES[lang] not in default["exercises"]  # the general programme has no lying-down nod
    with translation.override(lang):
        assert default["exercises"][0] == library()["chin_tuck_sitting"].title


@pytest.mark.parametrize("lang", ["de", "fr", "it", "es"])
def test_every_exercise_is_translated_whole(lang):
    words = library_translation(lang)  # raises LibraryError on a missing or mismatched exercise
    assert words["by"] == "project" and words["language"] == lang
    assert set(words["exercises"]) == set(_english_library())
    text = json.dumps(words, ensure_ascii=False)
    assert "manipulat" not in text.lower()  # never suggests neck manipulation
