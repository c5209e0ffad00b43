import datetime as dt
from collections import Counter

from diary.choices import NeckTrigger, Posture
from diary.reminders.tips import TIPS, choose_tip

KNOWN_CODES = set(Posture.values) | set(NeckTrigger.values)


def test_the_library_has_at_least_twenty_distinct_short_reminders():
    assert len(TIPS) >= 20
    assert len({tip.code for tip in TIPS}) == len(TIPS)
    assert all(len(tip.title) <= 60 and len(tip.body) <= 240 for tip in TIPS)


def test_every_tag_is_a_diary_posture_or_trigger_code():
    assert {code for tip in TIPS for code in tip.suits} <= KNOWN_CODES


def test_the_library_covers_the_essential_advice():
    codes = {tip.code for tip in TIPS}
    assert {
        "screen_eye_level",
        "phone_eye_level",
        "chin_tucks",
        "shoulder_blade_squeeze",
        "posture_break",
        "driving_breaks",
        "headrest_height",
        "pillow_height",
        "sleeping_posture",
        "deep_neck_flexor",
    } <= codes


def test_a_desk_screen_diary_gets_a_desk_tip_first():
    tip = choose_tip(diary_codes=Counter({"desk_screen": 6}), recent={}, patient_id=3)
    assert "desk_screen" in tip.suits


def test_a_driving_diary_gets_a_driving_tip_first():
    tip = choose_tip(diary_codes=Counter({"driving": 2}), recent={}, patient_id=8)
    assert "driving" in tip.suits


def test_once_every_tip_was_sent_this_week_the_one_sent_longest_ago_comes_back():
    start = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    recent = {tip.code: start + dt.timedelta(hours=i) for i, tip in enumerate(reversed(TIPS))}
    assert choose_tip(diary_codes=Counter(), recent=recent, patient_id=1) == TIPS[-1]
