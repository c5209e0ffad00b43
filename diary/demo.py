"""The demo patient and clinician that `make run` loads.

The diary is 90 days of a realistic cervicogenic pattern: right-sided headaches
that start in the neck or the back of the head after desk work or looking down
at a phone, often with same-side shoulder pain, pressing, moderate, with a few
headache-free days not logged. It is rebuilt to end on today each time.

It loads in a language (issue 25; NECKLINE_DEMO_LANGUAGE or `load_demo --language`,
English by default): the accounts read the app in it, and what the demo patient and
clinician wrote (the medicines, the examination note) is written in it.
"""

import datetime as dt
import random
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone as django_timezone
from django.utils import translation
from django.utils.translation import pgettext

from diary.choices import Role
from diary.models import ExamRecord, Grant, User
from diary.services.entries import entry_upsert
from diary.services.screening import exam_record_create
from diary.timezones import local_today

DEMO_PASSWORD = "neck-pain-diary"
DEMO_PATIENT = "demo.patient@neckline.example"
DEMO_CLINICIAN = "demo.clinician@neckline.example"
DEMO_DAYS = 90
_NAMESPACE = uuid.UUID("6f1c1f7e-2d0b-4a8e-9a51-2b8f2f5b0c11")


def _user(email: str, role: str, language: str, **profile) -> User:
    user = User.objects.filter(email=email).first()
    # English is the app's own: the account follows the browser, as a new account does.
    language = "" if language == settings.LANGUAGE_CODE else language
    if user is None:
        # The demo addresses receive no mail: they count as verified.
        user = User.objects.create_user(
            email, DEMO_PASSWORD, role=role, email_verified_at=django_timezone.now(), language=language, **profile
        )
    elif user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def _episode(rng: random.Random) -> dict:
    desk_day = rng.random() < 0.7
    symptoms = ["neck_stiffness"]
    if rng.random() < 0.7:
        symptoms.append("shoulder_arm_pain")
    if rng.random() < 0.35:
        symptoms.append("reduced_neck_motion")
    if rng.random() < 0.1:
        symptoms.append("nausea")
    episode = {
        "headache": True,
        "side": "right",
        "onset_region": rng.choice(["neck", "neck", "occiput", "occiput", "temple"]),
        "severity": rng.randint(3, 7),
        "quality": "pressing",
        "neck_trigger": rng.choice(["sustained_posture", "sustained_posture", "movement", "unsure"]),
        "posture": "desk_screen" if desk_day else rng.choice(["phone_looking_down", "driving"]),
        "worse_with_activity": False,
        "started_at": dt.time(rng.choice([10, 11, 14, 15, 16]), rng.choice([0, 15, 30, 45])),
        "duration_minutes": rng.choice([90, 120, 180, 240, 360]),
        "symptoms": symptoms,
        "screen_hours": round(rng.uniform(6, 10), 1) if desk_day else round(rng.uniform(2, 5), 1),
    }
    if rng.random() < 0.5:
        kind, name = rng.choice(
            [
                ("nsaid", pgettext("a medicine as the demo patient writes it", "Ibuprofen 400 mg")),
                ("simple_analgesic", pgettext("a medicine as the demo patient writes it", "Paracetamol 1 g")),
            ]
        )
        episode["medications"] = [{"name": name, "kind": kind, "relief": rng.choice(["partial", "partial", "none"])}]
    return episode


def load_demo(today: dt.date | None = None, language: str | None = None) -> tuple[User, User]:
    """The demo in `language` (a code of settings.LANGUAGES; NECKLINE_DEMO_LANGUAGE when not given)."""
    language = language or settings.NECKLINE_DEMO_LANGUAGE
    with translation.override(language):
        return _load(today, language)


@transaction.atomic
def _load(today: dt.date | None, language: str) -> tuple[User, User]:
    patient = _user(
        DEMO_PATIENT,
        Role.PATIENT,
        language,
        timezone="Europe/Oslo",
        birth_year=1986,
        headaches_since=dt.date(2024, 3, 1),
    )
    clinician = _user(DEMO_CLINICIAN, Role.CLINICIAN, language, timezone="Europe/Oslo")
    if not Grant.objects.filter(patient=patient, clinician=clinician, revoked_at__isnull=True).exists():
        Grant.objects.create(patient=patient, clinician=clinician)

    patient.entries.all().delete()
    today = today or local_today(patient)
    rng = random.Random(42)  # the same diary every time
    for days_ago in range(DEMO_DAYS - 1, -1, -1):
        day = today - dt.timedelta(days=days_ago)
        if rng.random() < 0.08:
            continue  # a day the patient forgot to log
        weekday = day.weekday() < 5
        fields = _episode(rng) if rng.random() < (0.32 if weekday else 0.12) else {"headache": False}
        if not fields["headache"]:
            fields["screen_hours"] = round(rng.uniform(1, 8), 1)
        entry_id = uuid.uuid5(_NAMESPACE, day.isoformat())
        entry_upsert(patient=patient, entry_id=entry_id, date=day, **fields)
    _demo_exam(patient=patient, clinician=clinician, today=today)
    return patient, clinician


def _demo_exam(*, patient: User, clinician: User, today: dt.date) -> None:
    """A Flexion-Rotation Test the demo clinician recorded a fortnight ago:
    restricted to the right, the side of the headaches."""
    ExamRecord.objects.filter(patient=patient, clinician=clinician).delete()
    exam_record_create(
        patient=patient,
        clinician=clinician,
        date=today - dt.timedelta(days=14),
        frt_left_deg=42,
        frt_right_deg=24,
        note=pgettext(
            "the demo clinician's examination note",
            "FRT restricted and painful to the right; upper cervical tenderness on the right.",
        ),
    )
