"""The worked examples of docs/screening.md version 3 and the diaries of issue 21, each
logged through the API and read on the patient's Insights screen, as a patient would
meet them (screenshots in test-artifacts/screens/example-*.png)."""

import datetime as dt
import uuid

import pytest
from playwright.sync_api import expect

from diary.models import User
from diary.timezones import local_today
from tests.conftest import logged_in
from tests.frontend.browser import go, register, screenshot

pytestmark = pytest.mark.browser


class Diary:
    """Entries put through the API for one patient, dated back from their local today."""

    def __init__(self, patient: User):
        self.api = logged_in(patient)
        self.today = local_today(patient)

    def log(self, days_ago: int, **fields) -> str:
        entry_id = str(uuid.uuid4())
        body = {"date": (self.today - dt.timedelta(days=days_ago)).isoformat(), **fields}
        response = self.api.put(f"/api/v1/entries/{entry_id}/", body, format="json")
        assert response.status_code == 201, response.json()
        return entry_id

    def checkins(self, days, skip=()) -> None:
        for days_ago in days:
            if days_ago not in set(skip):
                self.log(days_ago, headache=False)

    def profile(self, **fields) -> None:
        assert self.api.patch("/api/v1/me/", fields, format="json").status_code == 200


def migraine_blamed_on_the_desk(diary: Diary) -> None:
    days = list(range(0, 54, 6))
    for i, days_ago in enumerate(days):
        triptan = [{"name": "Sumatriptan", "kind": "triptan", "relief": "partial" if i < 7 else "none"}]
        diary.log(
            days_ago,
            side="right",
            severity=7,
            quality="throbbing",
            onset_region="temple",
            neck_trigger="sustained_posture",
            posture="desk_screen",
            symptoms=["nausea", "photophobia", "phonophobia"],
            medications=triptan if i < 8 else [],
        )
    diary.checkins(range(60), skip=days)


def autonomic_attacks_without_durations(diary: Diary) -> None:
    days = list(range(0, 56, 4))
    for i, days_ago in enumerate(days):
        diary.log(
            days_ago,
            side="right",
            severity=9 + i % 2,
            onset_region="eye",
            started_at="02:00",
            symptoms=["tearing_red_eye", "nasal_symptoms", "restlessness"],
        )
    diary.checkins(range(60), skip=days)


def manipulation_then_signs(diary: Diary) -> None:
    diary.log(2, side="right", severity=5, red_flags=["after_injury_or_manipulation"])
    diary.log(1, side="right", severity=6, symptoms=["dizziness", "eyelid_droop_swelling"])


def jaw_pain_at_71(diary: Diary) -> None:
    diary.profile(
        birth_year=diary.today.year - 71, headaches_since=(diary.today - dt.timedelta(days=60)).strftime("%Y-%m")
    )
    for days_ago in range(0, 30, 3):
        diary.log(days_ago, side="right", severity=6, onset_region="temple", neck_trigger="jaw_movement", symptoms=[])


def thunderclap_105_days_ago(diary: Diary) -> None:
    diary.log(105, side="both", severity=10, red_flags=["thunderclap"])
    for days_ago in range(0, 60, 6):
        diary.log(days_ago, side="both", severity=3, quality="pressing", neck_trigger="none", onset_region="forehead")


def pattern_change_on_a_gappy_baseline(diary: Diary) -> None:
    baseline_headaches = {40, 70}
    for days_ago in range(30, 90):
        if days_ago in {33, 47, 61, 75}:
            continue  # 56 of the 60 baseline days logged
        if days_ago in baseline_headaches:
            diary.log(days_ago, side="left", severity=4, neck_trigger="none", onset_region="forehead")
        else:
            diary.log(days_ago, headache=False)
    for days_ago in range(0, 30, 3):  # 10 headache days in the last 30: five times the baseline
        diary.log(days_ago, side="left", severity=5, neck_trigger="none", onset_region="forehead")


def quick_logs_both_sides(diary: Diary) -> None:
    days = list(range(0, 60, 5))
    for days_ago in days:
        diary.log(days_ago, side="both", severity=4)
    diary.checkins(range(60), skip=days)


def classic_pattern(diary: Diary) -> None:
    days = list(range(0, 56, 4))
    for i, days_ago in enumerate(days):
        diary.log(
            days_ago,
            side="right",
            severity=4 + i % 4,
            quality="pressing",
            onset_region="neck" if i < 13 else "temple",
            neck_trigger="movement" if i < 11 else "none",
            posture="desk_screen",
            symptoms=(["shoulder_arm_pain"] if i < 10 else []) + (["nausea"] if i in (3, 9) else []),
        )
    diary.checkins(range(60), skip=days)


# name: (the diary, what the screen says, what it must never say)
EXAMPLES = {
    "migraine-desk": (
        migraine_blamed_on_the_desk,
        ["No clear pattern of headaches starting in the neck", "9 of 9 headaches were migraine-like"],
        ["physiotherapist can", "Some signs that your headaches may start in the neck"],
    ),
    "autonomic": (
        autonomic_attacks_without_durations,
        ["No clear pattern of headaches starting in the neck", "14 of 14 headaches were severe, on one side"],
        ["physiotherapist can"],
    ),
    "manipulation": (manipulation_then_signs, ["Get medical help now"], []),
    "jaw-71": (jaw_pain_at_71, ["A doctor should look at your diary first", "Please see a doctor soon"], ["dentist"]),
    "thunderclap-105-days": (
        thunderclap_105_days_ago,
        ["A doctor should look at your diary first", "Get medical help now"],
        [],
    ),
    "pattern-change": (pattern_change_on_a_gappy_baseline, ["A doctor should look at your diary first"], []),
    "quick-logs-both": (
        quick_logs_both_sides,
        ["Not enough diary yet to see a pattern", 'please answer "Where did it start?"'],
        ["Tension-type headache", "tension-type"],
    ),
    "classic": (classic_pattern, ["Several signs that your headaches may start in the neck"], ["manipulat"]),
}


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_each_worked_example_reads_as_version_3_says_on_insights(page, name):
    make, shown, never = EXAMPLES[name]
    patient = User.objects.get(email=register(page))
    make(Diary(patient))
    go(page, "insights")
    main = page.locator("main")
    for text in shown:
        expect(main.get_by_text(text).first).to_be_visible()
    screenshot(page, f"example-{name}")
    words = main.inner_text()
    for text in never:
        assert text not in words, f"{name}: {text!r} on the screen"
