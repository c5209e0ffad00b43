"""Writes for procedures, the post-block diary and the treatment timeline.

Validation errors are django.core.exceptions.ValidationError by field, with the
reason, and nothing is stored when one is raised. The callers check access (a
clinician's live grant, the patient's own diary).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from diary.choices import ProcedureKind, ProcedurePurpose, ReminderKind, TreatmentKind
from diary.models import Notice, PostBlockRating, Procedure, ReminderDelivery, TreatmentEvent, User
from diary.reminders.one_off import cancel_deliveries, schedule_delivery
from diary.selectors.treatments import block_data, diary_closes_at, timeline_for
from diary.services.changes import Change, diary_changed
from diary.treatments.config import treatment_settings
from diary.treatments.prompt_times import BASELINE, NEXT_MORNING, is_valid_slot, slot_offset

# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = dt.timedelta(minutes=5)
# Recorded later than this after the block, its baseline prompt is not pushed (still answerable).
BASELINE_RECALL = dt.timedelta(hours=2)
BLOCK_KINDS = {
    ProcedureKind.MEDIAL_BRANCH_BLOCK,
    ProcedureKind.THIRD_OCCIPITAL_NERVE_BLOCK,
    ProcedureKind.GREATER_OCCIPITAL_NERVE_BLOCK,
    ProcedureKind.FACET_JOINT_INJECTION,
    ProcedureKind.OTHER,
}


# --- Procedures ---------------------------------------------------------------------------


def _english(label) -> str:
    with translation.override("en"):
        return str(label)


def procedure_record(
    *,
    patient: User,
    clinician: User,
    kind: str,
    performed_at: dt.datetime,
    side: str,
    purpose: str,
    levels: list[str] | None = None,
    anaesthetic: str = "",
    compares_with_id: int | None = None,
    recorded_elsewhere: bool = False,
    entered_relief_percent: int | None = None,
    baseline_pain: int | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Procedure:
    """Record a procedure on the patient's timeline. A diagnostic block done here
    starts the post-block diary: its prompts are scheduled through the reminders'
    scheduled deliveries. `baseline_pain`, when the clinic asked it before the
    block, is stored as the diary's baseline answer."""
    t = treatment_settings()
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if performed_at > now + CLOCK_SKEW:
        errors["performed_at"] = [_("Cannot be in the future: record a procedure once it is done.")]
    table = t.anaesthetics
    if anaesthetic and anaesthetic not in table:
        errors["anaesthetic"] = [
            _("Unknown anaesthetic; choose one of: {choices}.").format(choices=", ".join(sorted(table)))
        ]
    is_diagnostic_block = purpose == ProcedurePurpose.DIAGNOSTIC and kind in BLOCK_KINDS
    if is_diagnostic_block and not anaesthetic and not recorded_elsewhere:
        errors["anaesthetic"] = [_("A diagnostic block needs its anaesthetic, to judge how long relief should last.")]
    if entered_relief_percent is not None and not recorded_elsewhere:
        errors["entered_relief_percent"] = [
            _("Only for a block done elsewhere: here the relief is computed from the post-block diary.")
        ]
    if baseline_pain is not None and (recorded_elsewhere or not is_diagnostic_block):
        errors["baseline_pain"] = [_("Only for a diagnostic block with a post-block diary.")]
    first = None
    if compares_with_id is not None:
        first = Procedure.objects.filter(pk=compares_with_id, event__patient=patient).select_related("event").first()
        if first is None:
            errors["compares_with"] = [_("No such procedure for this patient.")]
        elif first.event.at >= performed_at:
            errors["compares_with"] = [_("The first block of a comparative pair must come before this one.")]
        elif Procedure.objects.filter(compares_with=first).exists():
            errors["compares_with"] = [_("That block already has its comparative block.")]
        elif anaesthetic and first.anaesthetic == anaesthetic:
            errors["compares_with"] = [_("Comparative blocks use two different anaesthetics.")]
    if errors:
        raise ValidationError(errors)

    expected = table.get(anaesthetic, {}).get("expected_minutes") if anaesthetic else None
    with_diary = is_diagnostic_block and not recorded_elsewhere
    with transaction.atomic():
        event = TreatmentEvent.objects.create(
            patient=patient,
            kind=TreatmentKind.PROCEDURE,
            at=performed_at,
            note=note,
            title=_english(ProcedureKind(kind).label),  # read in the reader's language (selectors)
            recorded_by=clinician,
            recorded_by_email=clinician.email,
            by_clinician=True,
        )
        procedure = Procedure(
            event=event,
            kind=kind,
            levels=levels or [],
            side=side,
            purpose=purpose,
            anaesthetic=anaesthetic,
            expected_min_minutes=expected[0] if expected else None,
            expected_max_minutes=expected[1] if expected else None,
            compares_with=first,
            recorded_elsewhere=recorded_elsewhere,
            entered_relief_percent=entered_relief_percent,
            diary_slots=list(t.diary_slots) if with_diary else [],
        )
        try:
            procedure.full_clean(exclude=["event", "compares_with"])
        except ValidationError as error:
            raise ValidationError(error.message_dict) from None
        try:
            with transaction.atomic():
                procedure.save()
        except IntegrityError:  # two clinicians linking the same first block at once
            raise ValidationError({"compares_with": [_("That block already has its comparative block.")]}) from None
        if baseline_pain is not None:
            PostBlockRating.objects.create(
                procedure=procedure, slot=BASELINE, answered_at=performed_at, pain=baseline_pain
            )
        if with_diary:
            _schedule_prompts(patient=patient, procedure=procedure, now=now, baseline_known=baseline_pain is not None)
        diary_changed(patient, Change.PROCEDURE)
    return procedure


def _prompt_text(slot: str) -> tuple[str, str]:
    """A prompt's push title and body, in the active language (the patient's: _schedule_prompts)."""
    if slot == BASELINE:
        return (
            _("Before your block: how bad was the pain?"),
            _("Pain 0-10 just before the block, and whether your usual neck movement brought it on."),
        )
    if slot == NEXT_MORNING:
        return (_("Post-block diary: this morning"), _("How is the pain this morning? Two taps."))
    offset = slot_offset(slot)
    minutes = int(offset.total_seconds() // 60)
    if minutes < 60:
        title = ngettext("Post-block diary: {n} minute after", "Post-block diary: {n} minutes after", minutes)
        title = title.format(n=minutes)
    else:
        hours = minutes // 60
        title = ngettext("Post-block diary: {n} hour after", "Post-block diary: {n} hours after", hours).format(n=hours)
    return (title, _("How is the pain now? Does your usual neck movement bring it on?"))


def _schedule_prompts(*, patient: User, procedure: Procedure, now: dt.datetime, baseline_known: bool) -> None:
    """One scheduled delivery per prompt still ahead. Timed prompts ignore quiet hours:
    the protocol needs a rating at those moments, and the patient agreed to them in the
    clinic that day. The next-morning prompt respects them: it can wait until the
    patient is up. A prompt already past when the block is recorded is not pushed; it
    is shown in the app, where a late answer keeps its real time."""
    t = treatment_settings()
    block = block_data(procedure, patient.timezone, t)
    # The prompts are stored as text: in the patient's language, not the recording clinician's.
    with translation.override(patient.language or settings.LANGUAGE_CODE):
        texts = {slot: _prompt_text(slot) for slot in block.due}
    for slot, due_at in block.due.items():
        if slot == BASELINE:
            # The block is done: ask for the baseline straight away, unless it is known or
            # the block is recorded too long after to recall the pain before it.
            if baseline_known or now - due_at > BASELINE_RECALL:
                continue
            due_at = max(due_at, now)
        elif due_at < now:
            continue
        title, body = texts[slot]
        schedule_delivery(
            patient=patient,
            kind=ReminderKind.BLOCK_PROMPT,
            slot_at=due_at,
            title=title,
            body=body,
            url=f"/#/log?block={procedure.pk}&slot={slot}",
            respect_quiet_hours=slot == NEXT_MORNING,
        )


def _prompts(procedure: Procedure):
    """The procedure's own scheduled prompts (their link names the block)."""
    return ReminderDelivery.objects.filter(
        patient_id=procedure.event.patient_id,
        kind=ReminderKind.BLOCK_PROMPT,
        url__startswith=f"/#/log?block={procedure.pk}&",
    )


def procedure_moment_check(*, procedure: Procedure, performed_at: dt.datetime) -> None:
    """Whether a procedure may be moved to `performed_at` (docs/api-extensions.md, Records):
    only while its post-block diary has not begun, since a prompt sent or answered was
    read against the old moment; and a comparative pair keeps its order. Inside the
    caller's transaction. Raises ValidationError on `performed_at`."""
    # Locked (in the caller's transaction), so a dispatcher cannot claim one between this
    # check and the re-timing.
    list(_prompts(procedure).select_for_update())
    begun = (
        PostBlockRating.objects.filter(procedure=procedure).exists()
        or _prompts(procedure).filter(models.Q(sent_at__isnull=False) | models.Q(claimed_until__isnull=False)).exists()
    )
    if begun:
        message = _(
            "Its post-block diary has begun (a prompt was sent or answered): withdraw this procedure "
            "and record it again with the right moment."
        )
        raise ValidationError({"performed_at": [message]})
    first = procedure.compares_with
    if first is not None and first.event.at >= performed_at:
        raise ValidationError({"performed_at": [_("The first block of a comparative pair must come before this one.")]})
    second = Procedure.objects.filter(compares_with=procedure).select_related("event").first()
    if second is not None and second.event.at <= performed_at:
        raise ValidationError({"performed_at": [_("Its comparative block must come after it.")]})


def procedure_prompts_retime(*, procedure: Procedure, now: dt.datetime | None = None) -> None:
    """After the procedure's moment moved (in the caller's transaction): its prompts not
    yet sent are scheduled again from the new moment."""
    _prompts(procedure).filter(sent_at__isnull=True, claimed_until__isnull=True).delete()
    if procedure.diary_slots:
        _schedule_prompts(
            patient=procedure.event.patient, procedure=procedure, now=now or timezone.now(), baseline_known=False
        )


# --- The post-block diary ------------------------------------------------------------------


def post_block_rating_upsert(
    *,
    patient: User,
    procedure: Procedure,
    slot: str,
    pain: int,
    answered_at: dt.datetime,
    movement_provokes: bool | None = None,
    now: dt.datetime | None = None,
) -> tuple[PostBlockRating, bool]:
    """The patient's answer to one prompt; sent again (an offline replay, a retry, a
    correction) it updates the same row. Returns (rating, created)."""
    now = now or timezone.now()
    block = block_data(procedure, patient.timezone, treatment_settings())
    errors: dict[str, list[str]] = {}
    if not procedure.has_diary:
        raise ValidationError({"procedure": [_("This procedure has no post-block diary.")]})
    if not is_valid_slot(slot) or slot not in block.due:
        errors["slot"] = [_("Not a prompt of this diary; one of: {slots}.").format(slots=", ".join(block.due))]
    if not isinstance(pain, int) or not 0 <= pain <= 10:
        errors["pain"] = [_("Pain is a whole number from 0 (none) to 10 (worst imaginable).")]
    if answered_at > now + CLOCK_SKEW:
        errors["answered_at"] = [_("Cannot be in the future.")]
    elif answered_at < block.performed_at:
        errors["answered_at"] = [
            _("Cannot be before the block's baseline ({moment}).").format(moment=block.performed_at.isoformat())
        ]
    elif procedure.diary_ended_at is not None and slot in block.due and block.due[slot] > procedure.diary_ended_at:
        errors["slot"] = [_("The diary was ended before this prompt.")]
    elif now > diary_closes_at(block):
        errors["answered_at"] = [_("This post-block diary is closed.")]
    if errors:
        raise ValidationError(errors)
    values = {"pain": pain, "answered_at": answered_at, "movement_provokes": movement_provokes}
    try:
        with transaction.atomic():
            rating, created = PostBlockRating.objects.update_or_create(procedure=procedure, slot=slot, defaults=values)
    except IntegrityError:  # the same answer arriving twice at once: the other copy stored it
        rating, created = PostBlockRating.objects.update_or_create(procedure=procedure, slot=slot, defaults=values)
    diary_changed(patient, Change.PROCEDURE)
    return rating, created


def post_block_diary_end(*, patient: User, procedure: Procedure, now: dt.datetime | None = None) -> Procedure:
    """The patient ends the diary early: no more prompts. Ending it twice changes nothing."""
    now = now or timezone.now()
    if not procedure.has_diary:
        raise ValidationError({"procedure": [_("This procedure has no post-block diary.")]})
    with transaction.atomic():
        if Procedure.objects.filter(pk=procedure.pk, diary_ended_at__isnull=True).update(diary_ended_at=now):
            procedure.diary_ended_at = now
            # Deliveries are per patient and kind: the prompts of this diary are the ones
            # still ahead (a patient has one post-block diary open at a time in practice).
            cancel_deliveries(patient=patient, kind=ReminderKind.BLOCK_PROMPT, after=now)
        else:
            procedure.refresh_from_db(fields=["diary_ended_at"])
    return procedure


# --- Other timeline events ----------------------------------------------------------------


def treatment_event_create(
    *,
    patient: User,
    recorded_by: User,
    kind: str,
    at: dt.datetime,
    title: str = "",
    note: str = "",
    ended_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> TreatmentEvent:
    """A physiotherapy course, home exercises, a preventive medication started or
    stopped, or the patient's own note ("started using a new desk setup"). Procedures
    go through procedure_record."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if kind == TreatmentKind.PROCEDURE or kind not in TreatmentKind.values:
        choices = [k for k in TreatmentKind.values if k != TreatmentKind.PROCEDURE]
        errors["kind"] = [
            _("One of: {choices} (procedures are recorded by a clinician).").format(choices=", ".join(choices))
        ]
    if at > now + CLOCK_SKEW:
        errors["at"] = [_("Cannot be in the future.")]
    if ended_on is not None and ended_on < at.astimezone(ZoneInfo(patient.timezone)).date():
        errors["ended_on"] = [_("Cannot be before the start.")]
    if not title.strip():
        errors["title"] = [_("Say in a few words what changed.")]
    if errors:
        raise ValidationError(errors)
    return TreatmentEvent.objects.create(
        patient=patient,
        kind=kind,
        at=at,
        title=title.strip(),
        note=note,
        ended_on=ended_on,
        recorded_by=recorded_by,
        recorded_by_email=recorded_by.email,
        by_clinician=recorded_by.is_clinician,
    )


def treatment_event_delete(*, event: TreatmentEvent, by: User, now: dt.datetime | None = None) -> None:
    """Delete an event its recorder made; a procedure's prompts still ahead are cancelled."""
    if event.recorded_by_id != by.pk:
        raise ValidationError({"id": [_("Only whoever recorded this event can delete it.")]})
    with transaction.atomic():
        if event.kind == TreatmentKind.PROCEDURE:
            cancel_deliveries(patient=event.patient, kind=ReminderKind.BLOCK_PROMPT, after=now or timezone.now())
            diary_changed(event.patient, Change.PROCEDURE)
        event.delete()


# --- Radiofrequency ablation: a gentle notice when the benefit wanes ------------------------


def rfa_waning_notices(*, patient: User, now: dt.datetime | None = None) -> list[Notice]:
    """One notice per ablation whose benefit has waned (to the patient, and shown to
    their clinicians); its dedupe key makes it once only, however often this runs."""
    notices = []
    for item in timeline_for(patient=patient, now=now)["events"]:
        benefit = item["benefit"]
        if not benefit or benefit["status"] != "waned":
            continue
        when = item["date"].strftime("%-d %B %Y")
        notices.append(
            Notice(
                patient=patient,
                kind="treatment_waning",
                code="rfa_benefit_waning",
                dedupe_key=f"rfa_waning:{item['id']}",
                title="The benefit of your nerve treatment may be wearing off",
                body=(
                    f"Since the radiofrequency treatment on {when}, headaches became less frequent for about "
                    f"{benefit['lasted_days']} days; lately they are coming back. This is common months after the "
                    "treatment. You may want to talk it over with your clinician at your next visit."
                ),
                for_clinicians=True,
            )
        )
    if notices:
        Notice.objects.bulk_create(notices, ignore_conflicts=True)
    return notices
