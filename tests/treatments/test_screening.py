"""The post-block diary's results in the screening (docs/screening.md version 2): the
clinical_exam signal's `single_block` and `comparative_blocks` sources, computed from
the ratings, never typed."""

import datetime as dt

from diary.selectors.screening import screening_report
from tests.factories import EntryFactory
from tests.treatments.conftest import NOON
from tests.treatments.helpers import keep_diary, record_block

LATER = ["3h", "4h", "6h", "8h", "next_morning"]


def side_locked_mechanical_diary(patient):
    """Forty logged days, twenty of them right-sided headaches brought on by neck movement, starting at the temple
    (so not neck onset) and without neck or arm pain: side-locked and mechanical, and
    nothing else of the neck."""
    for n in range(20):
        day = NOON.date() - dt.timedelta(days=2 * n + 20)
        EntryFactory(
            patient=patient,
            date=day,
            side="right",
            neck_trigger="movement",
            onset_region="temple",
            severity=5,
            quality="pressing",
        )
        EntryFactory(
            patient=patient,
            date=day - dt.timedelta(days=1),
            headache=False,
            side=None,
            severity=None,
            onset_region=None,
            neck_trigger=None,
            posture=None,
        )


def clinical_exam(report):
    return next(s for s in report["signals"] if s["code"] == "clinical_exam")


def test_a_comparative_pair_makes_a_side_locked_mechanical_pattern_probable(
    grant, clinician_api, patient_api, patient, clock
):
    side_locked_mechanical_diary(patient)
    before = screening_report(patient=patient)
    assert before["level"] == "possible" and not clinical_exam(before)["met"]

    first = record_block(clinician_api, patient, NOON - dt.timedelta(days=16), "lidocaine")
    clock.set(NOON - dt.timedelta(days=16))
    keep_diary(
        patient_api, clock, first, {"baseline": 8, "15m": 1, "30m": 1, "1h": 1, "2h": 7} | dict.fromkeys(LATER, 8)
    )
    clock.set(NOON - dt.timedelta(days=2))
    second = record_block(clinician_api, patient, clock.now, "bupivacaine", compares_with=first["id"])
    keep_diary(
        patient_api,
        clock,
        second,
        {"baseline": 8, "15m": 1, "30m": 0, "1h": 0, "2h": 1, "3h": 1, "4h": 1, "6h": 1, "8h": 6, "next_morning": 8},
    )
    clock.set(NOON)

    after = screening_report(patient=patient)
    signal = clinical_exam(after)
    assert signal["met"] and signal["source"] == "comparative_blocks"
    assert set(signal["evidence"]) == {f"procedure:{first['id']}", f"procedure:{second['id']}"}
    assert after["level"] == "probable"


def test_a_concordant_lidocaine_block_counts_as_a_single_block(grant, clinician_api, patient_api, patient, clock):
    side_locked_mechanical_diary(patient)
    clock.set(NOON - dt.timedelta(days=3))
    block = record_block(clinician_api, patient, clock.now, "lidocaine")
    keep_diary(
        patient_api,
        clock,
        block,
        {"baseline": 10, "15m": 1, "30m": 1, "1h": 1, "2h": 9} | dict.fromkeys(LATER, 10),
        late={"1h": 90},
    )
    clock.set(NOON)
    signal = clinical_exam(screening_report(patient=patient))
    assert signal["met"] and signal["source"] == "single_block"


def test_a_discordant_block_and_an_unanswered_diary_do_not_count(grant, clinician_api, patient_api, patient, clock):
    side_locked_mechanical_diary(patient)
    clock.set(NOON - dt.timedelta(days=5))
    short = record_block(clinician_api, patient, clock.now, "bupivacaine")
    keep_diary(
        patient_api,
        clock,
        short,
        {"baseline": 7, "15m": 1, "30m": 7, "1h": 7, "2h": 7} | dict.fromkeys(LATER, 7),
        late={"15m": 20},
    )
    clock.set(NOON - dt.timedelta(days=3))
    silent = record_block(clinician_api, patient, clock.now, "lidocaine")
    keep_diary(patient_api, clock, silent, {"baseline": 9, "15m": 0, "30m": 0})
    clock.set(NOON)
    report = screening_report(patient=patient)
    assert not clinical_exam(report)["met"]
    assert report["level"] == "possible"
