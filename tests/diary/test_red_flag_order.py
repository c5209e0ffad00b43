"""docs/screening.md, Order: one order for every list of flags or flagged patients,
the highest open urgency, then the latest flag date, then the number of open flags."""

import datetime as dt

from diary.red_flags import triage_key
from diary.screening.rules import RedFlag, flag_order

DAY = dt.date(2026, 11, 21)


def flag(code, urgency, days_ago, entry=None):
    return RedFlag(code, urgency, DAY - dt.timedelta(days=days_ago), entry, ())


def test_a_thunderclap_today_comes_before_a_patient_with_many_urgent_ticks():
    patients = {
        "many urgent": [flag("worst_ever", "urgent", n, f"e{n}") for n in range(5)],
        "thunderclap": [flag("thunderclap", "emergency", 0, "t")],
        "pattern change": [flag("pattern_change", "soon", 0)],
        "older emergency, two flags": [flag("fever_stiff_neck", "emergency", 3, "f"), flag("worst_ever", "urgent", 1)],
        "older emergency, one flag": [flag("neuro_deficit", "emergency", 3, "n")],
        "nothing open": [],
    }
    ordered = sorted(patients, key=lambda name: triage_key(patients[name]))
    assert ordered == [
        "thunderclap",
        "older emergency, two flags",  # the latest flag (yesterday) is newer
        "older emergency, one flag",
        "many urgent",
        "pattern change",
        "nothing open",
    ]


def test_the_same_urgency_and_latest_date_put_more_open_flags_first():
    two = [flag("thunderclap", "emergency", 2, "a"), flag("worst_ever", "urgent", 4, "b")]
    one = [flag("neuro_deficit", "emergency", 2, "c")]
    assert sorted([one, two], key=triage_key) == [two, one]


def test_the_report_orders_its_open_flags_by_the_same_key():
    flags = [
        flag("pattern_change", "soon", 0),
        flag("worst_ever", "urgent", 0, "w"),
        flag("thunderclap", "emergency", 9, "t"),
    ]
    assert [f.code for f in sorted(flags, key=flag_order)] == [
        f.code for f in sorted(flags, key=lambda one: triage_key([one]))
    ]
    assert [f.code for f in sorted(flags, key=flag_order)] == ["thunderclap", "worst_ever", "pattern_change"]
