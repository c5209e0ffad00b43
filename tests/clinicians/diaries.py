"""Small diaries built by hand, for figures that can be counted by hand."""

import datetime as dt

from tests.factories import EntryFactory

D = dt.date.fromisoformat


def headache(patient, date, **fields):
    values = {
        "side": None,
        "severity": None,
        "onset_region": None,
        "neck_trigger": None,
        "posture": None,
        "quality": None,
        "symptoms": [],
        "medications": [],
    }
    values.update(fields)
    return EntryFactory(patient=patient, date=D(date), headache=True, **values)


def check_in(patient, date):
    return EntryFactory(
        patient=patient,
        date=D(date),
        headache=False,
        side=None,
        severity=None,
        onset_region=None,
        neck_trigger=None,
        posture=None,
    )


def med(name, kind, relief="partial"):
    return {"name": name, "kind": kind, "relief": relief}


def hand_counted_diary(patient):
    # Two episodes on today: the second is migraine-like (unilateral, throbbing,
    # severity >= 4, worse with activity; nausea; 300 minutes).
    headache(
        patient,
        "2026-11-21",
        side="right",
        severity=6,
        onset_region="neck",
        neck_trigger="sustained_posture",
        posture="desk_screen",
        quality="pressing",
        symptoms=["shoulder_arm_pain", "nausea"],
        medications=[med("Ibuprofen", "nsaid")],
    )
    headache(
        patient,
        "2026-11-21",
        side="right",
        severity=8,
        onset_region="occiput",
        neck_trigger="movement",
        posture="driving",
        quality="throbbing",
        worse_with_activity=True,
        duration_minutes=300,
        symptoms=["nausea"],
        medications=[med("Sumatriptan", "triptan", "complete")],
    )
    check_in(patient, "2026-11-20")
    # Light and sound together, but only one of the four pain features: not migraine-like.
    headache(
        patient,
        "2026-11-18",
        side="left",
        severity=3,
        onset_region="temple",
        neck_trigger="none",
        posture="sitting",
        quality="pressing",
        symptoms=["photophobia", "phonophobia"],
    )
    headache(
        patient,
        "2026-11-10",
        side="both",
        severity=5,
        onset_region="diffuse",
        neck_trigger="unsure",
        medications=[med("Paracetamol", "simple_analgesic", "none"), med("Ibuprofen", "nsaid")],
    )
    # The first day of the window; migraine features but only 120 minutes: not migraine-like.
    headache(
        patient,
        "2026-10-25",
        side="right",
        severity=4,
        onset_region="neck",
        neck_trigger="sustained_posture",
        posture="phone_looking_down",
        quality="throbbing",
        duration_minutes=120,
        symptoms=["vomiting"],
        medications=[med("Naproxen", "nsaid", "none")],
    )
    # The previous period: 3 logged days, 2 of them with a headache.
    headache(patient, "2026-10-24", side="right", severity=9, medications=[med("Sumatriptan", "triptan")])
    check_in(patient, "2026-10-01")
    headache(patient, "2026-09-27", side="left", severity=2)
    # Before both periods: counted nowhere.
    headache(patient, "2026-09-26", side="left", severity=10, medications=[med("Codeine", "opioid")])
    return patient
