"""The nightly pass skips a patient only when their outcome cannot have changed
(diary/screening/skip.py). A post-block result depends on the time of day as well as on
the diary: a prompt that comes due unanswered ends a run of relief ("missing"), with no
new answer to move the diary version. The pass must then recompute, not keep the
outcome computed while that prompt was still upcoming."""

import datetime as dt

from diary.models import ScreeningSnapshot
from diary.selectors.screening import screening_report
from diary.services.screening import screen_patients
from tests.factories import EntryFactory
from tests.treatments.conftest import NOON
from tests.treatments.helpers import answer, record_block

TODAY = NOON.date()


def side_locked_mechanical_diary(patient):
    """Right-sided headaches brought on by neck movement, every other day, with nothing on
    the days the nightly proof watches (the 30-day split and the window's edge), and a
    diary older than the window (a young diary is always recomputed)."""
    for n in range(20):
        day = TODAY - dt.timedelta(days=2 * n + 32)
        EntryFactory(patient=patient, date=day, side="right", neck_trigger="movement", onset_region="temple",
                     severity=5, quality="pressing")  # fmt: skip
        EntryFactory(patient=patient, date=day - dt.timedelta(days=1), headache=False, side=None, severity=None,
                     onset_region=None, neck_trigger=None, posture=None)  # fmt: skip
    EntryFactory(patient=patient, date=TODAY - dt.timedelta(days=95), headache=False, side=None, severity=None,
                 onset_region=None, neck_trigger=None, posture=None)  # fmt: skip


def latest_snapshot(patient) -> ScreeningSnapshot:
    return ScreeningSnapshot.objects.filter(patient=patient).latest("screened_at")


def latest_level(patient) -> str:
    return latest_snapshot(patient).level


def test_a_prompt_coming_due_unanswered_overnight_is_recomputed_by_the_nightly_pass(
    grant, clinician_api, patient_api, patient, clock
):
    side_locked_mechanical_diary(patient)
    performed = dt.datetime.combine(TODAY - dt.timedelta(days=1), dt.time(9, 0), tzinfo=dt.UTC)
    clock.set(performed)
    block = record_block(clinician_api, patient, performed, "lidocaine")  # expected to act 1-2 h
    due = {prompt["slot"]: dt.datetime.fromisoformat(prompt["due_at"]) for prompt in block["diary"]["prompts"]}
    # Relieved at every prompt so far, the last one at 2 h: a concordant block, while 3 h is upcoming.
    for slot, pain in {"baseline": 9, "15m": 1, "30m": 0, "1h": 0, "2h": 1}.items():
        at = performed + dt.timedelta(minutes=1) if slot == "baseline" else due[slot]
        clock.set(at)
        assert answer(patient_api, block["id"], slot, pain, at).status_code in (200, 201)
    clock.set(due["2h"] + dt.timedelta(minutes=5))
    screen_patients(patient_ids=[patient.pk])
    while_upcoming = latest_level(patient)

    # The night after: 3 h, 4 h, 6 h and 8 h came due, unanswered. Nothing else changed.
    clock.set(dt.datetime.combine(TODAY, dt.time(1, 0), tzinfo=dt.UTC))
    recomputed = screening_report(patient=patient)["level"]
    assert recomputed != while_upcoming  # the time of day alone changed the outcome...
    screen_patients(patient_ids=[patient.pk], skip_unchanged=True)
    assert latest_level(patient) == recomputed  # ...and the nightly pass stored it

    # The next night the next-morning prompt has come due too: recomputed (the same outcome,
    # confirmed); the night after, nothing comes due any more: skipped, as before the block.
    clock.set(dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time(1, 0), tzinfo=dt.UTC))
    screen_patients(patient_ids=[patient.pk], skip_unchanged=True)
    assert latest_snapshot(patient).confirmed_to == TODAY + dt.timedelta(days=1)
    clock.set(dt.datetime.combine(TODAY + dt.timedelta(days=2), dt.time(1, 0), tzinfo=dt.UTC))
    screen_patients(patient_ids=[patient.pk], skip_unchanged=True)
    assert latest_snapshot(patient).confirmed_to == TODAY + dt.timedelta(days=1)
