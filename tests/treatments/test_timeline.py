"""The treatment timeline: before/after figures checked against a hand-counted diary,
"not enough diary" where a side is thin, radiofrequency ablation's benefit and its
waning notice, and a year's timeline in a constant number of queries."""

import datetime as dt
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext

from diary.models import Entry, Notice, PostBlockRating, Procedure, TreatmentEvent
from diary.selectors.treatments import timeline_for
from diary.services.treatments import rfa_waning_notices
from tests.treatments.conftest import NOON

OSLO_9AM = dt.time(8, 0, tzinfo=dt.UTC)  # 09:00 in Oslo in winter (the tests' patient lives there)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def log(patient, date: dt.date, *, headache=True, severity=5, meds=()):
    Entry.objects.create(
        id=uuid.uuid4(),
        patient=patient,
        date=date,
        headache=headache,
        severity=severity if headache else None,
        medications=[{"name": kind, "kind": kind, "relief": "partial"} for kind in meds],
    )


def event(patient, kind: str, date: dt.date, title: str, **extra) -> TreatmentEvent:
    return TreatmentEvent.objects.create(
        patient=patient, kind=kind, title=title, at=dt.datetime.combine(date, dt.time(9, 0), tzinfo=dt.UTC), **extra
    )


def hand_counted_diary(patient):
    """Physiotherapy starts on 1 September 2026.
    Before (2-31 August, 30 days): logged every day; headaches on 12 days (every other day
    from the 2nd to the 24th), severity 6 on the first six and 7 on the other six (median 6.5); an
    anti-inflammatory on 8 of them; a medicine of kind "other" on one more (not acute).
    Washout (2-15 September): a headache every day, severity 9: must not count.
    After (16 September - 16 October, 31 days): logged on 20 days (16 September - 5 October);
    headaches on 16, 20, 24 and 28 September, severities 3, 4, 5, 3 (median 3.5); a
    triptan on two of them."""
    for n in range(30):
        date = day("2026-08-02") + dt.timedelta(days=n)
        if n % 2 == 0 and n < 24:
            k = n // 2
            log(patient, date, severity=6 if k < 6 else 7, meds=("nsaid",) if k < 8 else ("other",) if k == 8 else ())
        else:
            log(patient, date, headache=False)
    for n in range(14):
        log(patient, day("2026-09-02") + dt.timedelta(days=n), severity=9, meds=("triptan",))
    after = {"2026-09-16": 3, "2026-09-20": 4, "2026-09-24": 5, "2026-09-28": 3}
    for n in range(20):
        date = day("2026-09-16") + dt.timedelta(days=n)
        severity = after.get(date.isoformat())
        meds = ("triptan",) if date.isoformat() in ("2026-09-16", "2026-09-24") else ()
        log(patient, date, headache=severity is not None, severity=severity, meds=meds)


def test_before_and_after_figures_match_the_hand_counted_diary(patient, patient_api):
    hand_counted_diary(patient)
    event(patient, "physiotherapy", day("2026-09-01"), "Physiotherapy, 6 sessions", ended_on=day("2026-10-10"))

    [item] = patient_api.get("/api/v1/timeline/").json()["events"]
    comparison = item["comparison"]
    before, after = comparison["before"], comparison["after"]
    assert (before["from"], before["to"], after["from"], after["to"]) == (
        "2026-08-02",
        "2026-08-31",
        "2026-09-16",
        "2026-10-16",
    )
    assert comparison["washout_days"] == [1, 14]
    assert (before["logged_days"], before["headache_days"], before["headache_days_per_30"]) == (30, 12, 12.0)
    assert (before["median_severity"], before["acute_medication_days"]) == (6.5, 8)
    # 4 headache days over 31 observed days: 3.9 per 30; 2 acute medication days: 1.9 per 30.
    assert (after["logged_days"], after["observed_days"], after["headache_days"]) == (20, 31, 4)
    assert (after["headache_days_per_30"], after["median_severity"]) == (3.9, 3.5)
    assert (after["acute_medication_days"], after["acute_medication_days_per_30"]) == (2, 1.9)
    assert comparison["enough_diary"] is True and comparison["reasons"] == []
    assert comparison["change"] == {
        "headache_days_per_30": -8.1,
        "median_severity": -3.0,
        "acute_medication_days_per_30": -6.1,
    }


def test_a_thin_or_unfinished_side_says_not_enough_diary(patient, patient_api):
    hand_counted_diary(patient)
    event(patient, "note", day("2026-07-15"), "New desk setup")  # nothing logged before it
    event(patient, "medication_started", day("2026-11-10"), "Amitriptyline 10 mg")  # after-window ahead
    event(patient, "home_exercise", day("2026-09-25"), "Chin tucks")  # nothing logged after it
    by_title = {e["title"]: e["comparison"] for e in patient_api.get("/api/v1/timeline/").json()["events"]}
    assert by_title["New desk setup"]["reasons"] == ["not_enough_diary_before"]
    assert by_title["New desk setup"]["before"]["logged_days"] == 0
    assert by_title["Amitriptyline 10 mg"]["reasons"] == ["not_enough_diary_before", "after_window_not_reached"]
    # Before: 26 August - 24 September, logged on all days but 1 September.
    assert by_title["Chin tucks"]["before"]["logged_days"] == 29
    assert by_title["Chin tucks"]["after"]["logged_days"] == 0
    assert by_title["Chin tucks"]["reasons"] == ["not_enough_diary_after"]
    for comparison in by_title.values():
        assert comparison["enough_diary"] is False and comparison["change"] is None


def rfa_diary(patient, event_date: dt.date, today: dt.date):
    """Before: a headache every other day (15 in 30). From day 15 after the ablation: one
    every 10th day; from day 200, every day. Headache days per 30 over the trailing 30
    days first reach half the 15 (7.5) on day 205: 6 daily ones + those of days 180, 190."""
    date = event_date - dt.timedelta(days=30)
    while date <= today:
        offset = (date - event_date).days
        if offset < 0:
            headache = offset % 2 == 0
        elif offset < 200:
            headache = offset % 10 == 0
        else:
            headache = True
        log(patient, date, headache=headache)
        date += dt.timedelta(days=1)


def test_radiofrequency_ablation_benefit_lasted_205_days_and_a_gentle_notice_says_so_once(patient, clinician):
    ablation = day("2026-03-01")
    rfa_diary(patient, ablation, day("2026-11-21"))
    ev = event(patient, "procedure", ablation, "Radiofrequency ablation", recorded_by=clinician, by_clinician=True)
    Procedure.objects.create(
        event=ev, kind="radiofrequency_ablation", levels=["C2-C3"], side="right", purpose="treatment"
    )

    [item] = timeline_for(patient=patient)["events"]
    assert item["comparison"]["before"]["headache_days_per_30"] == 15.0
    assert item["benefit"]["status"] == "waned"
    assert item["benefit"]["lasted_days"] == 205
    assert item["benefit"]["waning_since"] == day("2026-09-22")

    rfa_waning_notices(patient=patient)
    rfa_waning_notices(patient=patient)
    [notice] = Notice.objects.filter(patient=patient)
    assert notice.for_clinicians and "205 days" in notice.body and "1 March 2026" in notice.body
    assert "manipulat" not in notice.body.lower()


def test_radiofrequency_ablation_still_working_gives_no_notice(patient, clinician):
    ablation = day("2026-07-01")
    rfa_diary(patient, ablation, day("2026-11-21"))  # day 200 not reached yet
    ev = event(patient, "procedure", ablation, "RFA", recorded_by=clinician)
    Procedure.objects.create(event=ev, kind="radiofrequency_ablation", side="right", purpose="treatment")
    [item] = timeline_for(patient=patient)["events"]
    assert item["benefit"]["status"] == "lasting" and item["benefit"]["lasted_days"] == 143
    assert rfa_waning_notices(patient=patient) == []


def year_of_diary(patient, events: int, clinician):
    today = NOON.date()
    Entry.objects.bulk_create(
        Entry(
            id=uuid.uuid4(),
            patient=patient,
            date=today - dt.timedelta(days=n),
            headache=n % 3 == 0,
            severity=5 if n % 3 == 0 else None,
            medications=[{"name": "x", "kind": "nsaid", "relief": "partial"}] if n % 6 == 0 else [],
        )
        for n in range(365)
    )
    kinds = ["procedure", "physiotherapy", "home_exercise", "medication_started", "note"]
    for n in range(events):
        kind = kinds[n % len(kinds)]
        ev = event(
            patient, kind, today - dt.timedelta(days=360 - n * (350 // events)), f"event {n}", recorded_by=clinician
        )
        if kind == "procedure":
            procedure = Procedure.objects.create(
                event=ev,
                kind="radiofrequency_ablation" if n % 2 else "medial_branch_block",
                side="right",
                purpose="diagnostic",
                anaesthetic="lidocaine",
                expected_min_minutes=60,
                expected_max_minutes=120,
                diary_slots=["baseline", "15m", "1h", "next_morning"],
            )
            PostBlockRating.objects.bulk_create(
                PostBlockRating(
                    procedure=procedure, slot=slot, pain=pain, answered_at=ev.at + dt.timedelta(minutes=minutes)
                )
                for slot, pain, minutes in (("baseline", 8, 1), ("15m", 1, 15), ("1h", 2, 60))
            )


def test_a_years_timeline_takes_the_same_few_queries_for_3_events_or_30(patient, other_patient, clinician):
    year_of_diary(patient, 3, clinician)
    year_of_diary(other_patient, 30, clinician)
    counts = []
    for person, events in ((patient, 3), (other_patient, 30)):
        with CaptureQueriesContext(connection) as queries:
            timeline = timeline_for(patient=person)
        assert len(timeline["events"]) == events
        counts.append(len(queries))
    assert counts[0] == counts[1] == 5
