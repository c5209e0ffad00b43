"""GET /api/v1/vocabulary/: the diary's codes and labels, served from diary/choices.py
(the one place they live), to anyone, in the order the app offers them."""

from django.db import models
from rest_framework.test import APIClient

from diary import choices


def test_it_serves_every_list_of_choices_py_with_its_codes_and_labels_in_order(db):
    response = APIClient().get("/api/v1/vocabulary/")
    assert response.status_code == 200
    lists = {
        name: value
        for name, value in vars(choices).items()
        if isinstance(value, type) and issubclass(value, models.Choices) and value.__module__ == choices.__name__
    }
    assert set(response.json()) == {*lists, "any_entry_red_flags"}
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
