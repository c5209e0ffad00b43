"""Exam records (written by the clinicians branch until the screening branch lands;
take the screening branch's version of this file then)."""

import datetime as dt

from diary.models import ExamRecord, User


def exam_record_create(
    *, patient: User, clinician: User, date: dt.date, frt_left_deg: int | None = None,
    frt_right_deg: int | None = None, block_relief_percent: int | None = None, note: str = "",
) -> ExamRecord:
    """Store a clinician's findings; they feed the `clinical_exam` screening signal."""
    return ExamRecord.objects.create(
        patient=patient, clinician=clinician, date=date, frt_left_deg=frt_left_deg,
        frt_right_deg=frt_right_deg, block_relief_percent=block_relief_percent, note=note,
    )
