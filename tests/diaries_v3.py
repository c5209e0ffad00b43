"""The worked examples of docs/screening.md version 3 and the diaries of issue 21, as
builders that log each diary through the API for one patient (the API tests, the
exports and the browser pass share them)."""

import datetime as dt
import uuid

from diary.models import User
from diary.timezones import local_today
from tests.conftest import logged_in


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
