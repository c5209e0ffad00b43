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
    assert set(response.json()) == set(lists)
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
