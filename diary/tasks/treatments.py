"""Treatment tasks: the daily look at radiofrequency ablations whose benefit may be waning."""

from celery import shared_task

from diary.choices import ProcedureKind
from diary.models import User
from diary.services.treatments import rfa_waning_notices


@shared_task(name="neckline.rfa_waning_notices")
def check_rfa_waning() -> int:
    """Notices are deduplicated per ablation, so a repeated run adds nothing."""
    patients = User.objects.filter(treatment_events__procedure__kind=ProcedureKind.RADIOFREQUENCY_ABLATION).distinct()
    return sum(len(rfa_waning_notices(patient=patient)) for patient in patients.iterator())
