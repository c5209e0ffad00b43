"""Diary entry writes.

A save is one SQL statement on PostgreSQL (the hot path of the app): the upsert,
the one-state-per-day rule of docs/api.md, the replaced check-in's delete and the
patient's diary-changed mark travel together, so a save costs one round trip.
SQLite (the local default) runs the same rules as a short transaction of
ordinary ORM statements: its writers are serialized anyway (IMMEDIATE mode).

One state per day, under concurrency: at most one check-in per patient and day
is a unique index on both databases; "never a headache and a check-in on the
same day" is an exclusion constraint on PostgreSQL (see the 0002 migration). A
save that loses a race against a concurrent one for the same day meets one of
these constraints, and is retried from the start: the retry sees the winner and
answers as if it had come second.
"""

import datetime as dt
import json
import uuid
from contextlib import nullcontext
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diary.choices import EntryRedFlag
from diary.models import Entry, ReminderSettings, ScreeningDue, User
from diary.models.entries import ENTRY_ANSWERS
from diary.red_flags import refused_on_checkin
from diary.selectors.imported import entry_sources, source_sql
from diary.services.changes import Change, changes_deferred, diary_changed, next_version

# Every field a PUT replaces, with the value it takes when the request leaves it out: the
# model's answers and their defaults (null, or the empty list, text or True the model names).
ENTRY_DEFAULTS = {name: Entry._meta.get_field(name).get_default() for name in ENTRY_ANSWERS}
# What any day may carry; every other answer describes a headache, and a headache-free
# check-in leaves it out (docs/api.md). A new field is headache-only unless named here.
ANY_DAY_FIELDS = ("headache", "red_flags", "screen_hours", "notes")
HEADACHE_ONLY_FIELDS = [name for name in ENTRY_ANSWERS if name not in ANY_DAY_FIELDS]
# The columns a reader gets back, in the model's order.
ENTRY_COLUMNS = ("id", "patient_id", "date", *ENTRY_DEFAULTS, "created_at", "updated_at")
JSON_COLUMNS = ("symptoms", "medications", "red_flags")

# A save that lost a race is retried from the start; more than this many losses in
# a row would mean a bug, not bad luck, and is raised.
ATTEMPTS = 4
DEADLOCK_DETECTED = "40P01"  # PostgreSQL's SQLSTATE
PREPARE_ONLY_WHEN_ASKED = 2**31 - 1  # psycopg's prepare_threshold: see _prepared_cursor


class EntryNotFound(Exception):
    """No entry with that id belongs to this patient (it may belong to another)."""


class DayConflict(Exception):
    """A headache-free check-in for a day that already has a headache entry or
    another check-in (docs/api.md, One state per day). Nothing was stored."""

    def __init__(self, date: dt.date, *, has_headache: bool):
        self.date = date
        self.has_headache = has_headache
        if has_headache:
            message = f"{date.isoformat()} already has a headache in your diary, so it cannot also be headache-free."
        else:
            message = f"{date.isoformat()} already has a headache-free check-in."
        super().__init__(message)


class _Retry(Exception):
    """This attempt lost a race; start again with a fresh view of the diary."""


def entry_rules_check(values: dict, *, answered: bool = True) -> None:
    """The rules between an entry's fields (docs/api.md), or ValidationError by field.

    A check-in leaves every headache-only field out, and logs only the red flags that
    matter without a headache (vision loss...). With `answered`, as on the patient's own
    form, a headache also says which side hurts and how badly; an import may leave those
    unanswered (null), as the other app did."""
    errors = {}
    if values.get("headache", True):
        if answered:
            for name, reason in (("side", _("Which side hurts?")), ("severity", _("How bad is it, from 0 to 10?"))):
                if values.get(name) is None:
                    errors[name] = [_("Required for a headache. %(reason)s") % {"reason": reason}]
    else:
        for name in HEADACHE_ONLY_FIELDS:
            if values.get(name) not in (None, []):
                errors[name] = [_("Only for a headache: leave it out of a headache-free check-in.")]
        if refused := refused_on_checkin(values.get("red_flags") or []):
            signs = "; ".join(f'"{EntryRedFlag(code).label}"' for code in refused)
            errors["red_flags"] = [
                _("Only for a headache: %(signs)s cannot be logged on a headache-free day.") % {"signs": signs}
            ]
    if errors:
        raise ValidationError(errors)


def entry_upsert(*, patient: User, entry_id: uuid.UUID, date: dt.date, **fields) -> tuple[Entry, bool]:
    """Create or fully replace the patient's entry with this client-made id.
    Returns (entry, created); `entry.replaced_checkin` is the id of the check-in
    this save replaced, or None.

    Idempotent: replaying the same request leaves one row and changes nothing
    (not even updated_at). Two concurrent creates of the same id leave one row.
    A headache saved for a day with a check-in deletes that check-in, in the
    same transaction. Raises EntryNotFound if the id is another patient's (whose
    entry is never touched), DayConflict for a contradictory check-in, and
    ValidationError for an entry that breaks entry_rules_check (nothing is stored).
    """
    values = {**ENTRY_DEFAULTS, **fields, "date": date}
    # Whoever calls (the API, the demo, an import): never a check-in with headache fields.
    entry_rules_check(values, answered=False)
    save = _save_postgresql if connection.vendor == "postgresql" else _save_portable
    for _attempt in range(ATTEMPTS - 1):
        try:
            return save(patient, entry_id, values)
        except _Retry:
            continue
    return save(patient, entry_id, values)


def entry_delete(*, patient: User, entry_id: uuid.UUID) -> None:
    with transaction.atomic():
        # The diary-changed mark first: a delete locks the patient's row before
        # the entry's, in the same order as a save, so the two never deadlock.
        _mark_changed(patient.pk, timezone.now())
        deleted, _ = Entry.objects.filter(pk=entry_id, patient=patient).delete()
        if not deleted:
            raise EntryNotFound(entry_id)  # the mark is rolled back with it
        _entries_changed(patient.pk, adaptive=_has_adaptive_reminder(patient.pk))


# --- PostgreSQL: one statement ------------------------------------------------------------


@cache
def _upsert_sql() -> str:
    """The save as one statement. Its parts, all on the snapshot taken when it starts:

    - old, day: what the statement finds of this id and of the entry's day;
    - verdict: not_found (the id is another patient's), headache_day or
      checkin_day (a check-in the day cannot take), or ok;
    - replaced: the day's check-in, deleted when a headache is saved (it runs
      before the insert, which names it, so the exclusion constraint sees it gone);
    - saved: the upsert. Its DO UPDATE touches only this patient's row and only
      when a value differs, so a replay writes nothing and returns no row (the
      final SELECT then reads the stored row); xmax = 0 means inserted;
    - marked: the diary-changed mark, when anything was written;
    - due: the screening's coalescing window, opened when anything was written and none
      is open (a ScreeningDue row; the sweeper screens it once its time has come), so
      the request itself never waits on Redis or the broker for it (issue 27);
    - and the entry's source, when an import wrote it (issue 26).
    """
    table, user_table = Entry._meta.db_table, User._meta.db_table
    settings_table, due_table = ReminderSettings._meta.db_table, ScreeningDue._meta.db_table
    written = [name for name in ENTRY_COLUMNS if name not in ("id", "patient_id", "created_at", "updated_at")]
    cast = {name: Entry._meta.get_field(name.removesuffix("_id")).db_type(connection) for name in ENTRY_COLUMNS}
    columns = ", ".join(ENTRY_COLUMNS)
    # Table and column names come from the model; every value is a parameter.
    sql = f"""
WITH old AS (
    SELECT patient_id FROM {table} WHERE id = %(id)s
), day AS (
    SELECT headache FROM {table} WHERE patient_id = %(patient_id)s AND date = %(date)s AND id <> %(id)s
), verdict AS (
    SELECT CASE
        WHEN EXISTS (SELECT 1 FROM old WHERE patient_id <> %(patient_id)s) THEN 'not_found'
        WHEN NOT %(headache)s AND EXISTS (SELECT 1 FROM day WHERE headache) THEN 'headache_day'
        WHEN NOT %(headache)s AND EXISTS (SELECT 1 FROM day WHERE NOT headache) THEN 'checkin_day'
        ELSE 'ok' END AS outcome
), replaced AS (
    DELETE FROM {table}
    WHERE %(headache)s AND patient_id = %(patient_id)s AND date = %(date)s AND NOT headache AND id <> %(id)s
      AND (SELECT outcome FROM verdict) = 'ok'
    RETURNING id
), saved AS (
    INSERT INTO {table} AS e ({columns})
    SELECT {", ".join(f"%({name})s::{cast[name]}" for name in ENTRY_COLUMNS)}
    WHERE (SELECT outcome FROM verdict) = 'ok' AND (SELECT count(*) FROM replaced) >= 0
    ON CONFLICT (id) DO UPDATE SET {", ".join(f"{name} = EXCLUDED.{name}" for name in (*written, "updated_at"))}
    WHERE e.patient_id = EXCLUDED.patient_id
      AND ({", ".join(f"e.{name}" for name in written)}) IS DISTINCT FROM
          ({", ".join(f"EXCLUDED.{name}" for name in written)})
    RETURNING {columns}, xmax = 0 AS created
), marked AS (
    UPDATE {user_table} SET diary_changed_at = GREATEST(%(now)s, diary_changed_at + interval '1 microsecond')
    WHERE id = %(patient_id)s AND (EXISTS (SELECT 1 FROM saved) OR EXISTS (SELECT 1 FROM replaced))
    RETURNING id
), due AS (
    INSERT INTO {due_table} (patient_id, due_at)
    SELECT %(patient_id)s, %(due_at)s::timestamptz WHERE %(screen)s AND EXISTS (SELECT 1 FROM marked)
    ON CONFLICT (patient_id) DO NOTHING
)
SELECT verdict.outcome,
       (SELECT id FROM replaced LIMIT 1),
       EXISTS (SELECT 1 FROM marked),
       EXISTS (SELECT 1 FROM {settings_table} WHERE patient_id = %(patient_id)s AND adaptive),
       {source_sql("%(id)s")},
       entry.*
FROM verdict LEFT JOIN (
    SELECT * FROM saved
    UNION ALL
    SELECT {columns}, false FROM {table}
    WHERE id = %(id)s AND patient_id = %(patient_id)s AND NOT EXISTS (SELECT 1 FROM saved)
) entry ON true
"""  # noqa: S608
    # One line, and short enough for psycopg to cache its parsing of the query
    # (statements over 4 kB are parsed again on every execution).
    return " ".join(sql.split())


def _save_postgresql(patient: User, entry_id: uuid.UUID, values: dict) -> tuple[Entry, bool]:
    now = timezone.now()
    params = {"id": entry_id, "patient_id": patient.pk, "created_at": now, "updated_at": now, "now": now}
    # Inside diary_changes_deferred (an import) the screening is asked for once, at the end.
    params["screen"] = not changes_deferred()
    params["due_at"] = now + dt.timedelta(seconds=settings.SCREENING_COALESCE_SECONDS)
    for name, value in values.items():
        params[name] = Entry._meta.get_field(name).get_db_prep_save(value, connection)
    try:
        # In autocommit (a request) the statement is its own transaction: one round
        # trip. Inside a caller's transaction a savepoint keeps a lost race retryable.
        with transaction.atomic() if connection.in_atomic_block else nullcontext(), _prepared_cursor() as cursor:
            cursor.execute(_upsert_sql(), params)
            outcome, replaced, changed, adaptive, source, *entry = cursor.fetchone()
    except IntegrityError as error:
        # A concurrent save took this day first (a check-in, or the other state);
        # the retry sees it and answers accordingly.
        if _is_day_constraint(error):
            raise _Retry from error
        raise
    except OperationalError as error:
        # The statement's parts run in no fixed order, so two saves of one patient's
        # day can each hold what the other waits for (the patient's row, the day's
        # exclusion constraint). PostgreSQL fails one of them; it simply runs again.
        if _is_deadlock(error):
            raise _Retry from error
        raise
    if outcome == "not_found":
        raise EntryNotFound(entry_id)
    if outcome != "ok":
        raise DayConflict(values["date"], has_headache=outcome == "headache_day")
    if entry[0] is None:
        # No row came back although nothing refused it: a concurrent save of the
        # same id committed first (a double tap); the retry replays onto it, or
        # finds it is another patient's.
        raise _Retry
    *columns, created = entry
    row = dict(zip(ENTRY_COLUMNS, columns, strict=True))
    for name in JSON_COLUMNS:
        if isinstance(row[name], str):  # Django reads jsonb as text; the ORM parses it
            row[name] = json.loads(row[name])
    if changed:
        _entries_changed(patient.pk, adaptive=adaptive, screening_opened=True)
    saved = _entry(row, replaced)
    saved.source = json.loads(source) if isinstance(source, str) else source  # an import's mark, if any
    return saved, created


def _prepared_cursor():
    """A cursor that sends the save as a prepared statement, on Django's connection and
    through its wrappers (errors, query logging, execute_wrapper). Django's own cursors
    bind parameters client-side, so PostgreSQL parsed and planned the save on every call
    (0.5-0.9 ms, issue 27); prepared once per connection, its plan is cached after
    PostgreSQL's first few executions. Behind PgBouncer, 1.21 or newer with
    max_prepared_statements set (docs/deploy.md)."""
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_prepared_cursor_class()(connection.connection))


@cache
def _prepared_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor  # noqa: PLC0415 - PostgreSQL only

    class PreparedCursor(ServerBindingCursor):
        def execute(self, query, params=None, **kwargs):
            # Django turns psycopg's preparing off (threshold None), which refuses even
            # prepare=True; a threshold never reached prepares only what asks for it
            # (Django's own cursors bind client-side and never prepare).
            if self.connection.prepare_threshold is None:
                self.connection.prepare_threshold = PREPARE_ONLY_WHEN_ASKED
            return super().execute(query, params, prepare=True, **kwargs)

    return PreparedCursor


def _is_deadlock(error: OperationalError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) == DEADLOCK_DETECTED


def _is_day_constraint(error: IntegrityError) -> bool:
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    return name in (Entry.ONE_CHECKIN_PER_DAY, Entry.ONE_STATE_PER_DAY)


# --- SQLite (and the reference for the rules): a short transaction -------------------------


def _save_portable(patient: User, entry_id: uuid.UUID, values: dict) -> tuple[Entry, bool]:
    date, headache = values["date"], values["headache"]
    try:
        with transaction.atomic():
            entry = Entry.objects.filter(pk=entry_id).first()
            if entry is not None and entry.patient_id != patient.pk:
                raise EntryNotFound(entry_id)
            day = list(
                Entry.objects.filter(patient=patient, date=date).exclude(pk=entry_id).values_list("pk", "headache")
            )
            replaced = None
            if not headache and day:
                raise DayConflict(date, has_headache=any(has for _, has in day))
            if headache:
                replaced = next((pk for pk, has in day if not has), None)
                if replaced is not None:
                    Entry.objects.filter(pk=replaced).delete()
            created = entry is None
            changed = replaced is not None
            if created:
                entry = Entry.objects.create(id=entry_id, patient=patient, **values)
                changed = True
            elif _replace(entry, values):
                entry.save()
                changed = True
            if changed:
                _mark_changed(patient.pk, timezone.now())
                _entries_changed(patient.pk, adaptive=_has_adaptive_reminder(patient.pk))
    except IntegrityError as error:
        if Entry.objects.filter(pk=entry_id).exists():  # a concurrent create of this id committed first
            raise _Retry from error
        raise
    entry.replaced_checkin = replaced
    entry.source = entry_sources([entry.pk]).get(str(entry.pk))
    return entry, created


def _entry(row: dict, replaced_checkin: uuid.UUID | None) -> Entry:
    entry = Entry(**row)
    entry._state.adding, entry._state.db = False, connection.alias
    entry.replaced_checkin = replaced_checkin
    return entry


def _replace(entry: Entry, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(entry, name) != value:
            setattr(entry, name, value)
            changed = True
    return changed


# --- After a change ------------------------------------------------------------------------


def _mark_changed(patient_id: int, now: dt.datetime) -> None:
    User.objects.filter(pk=patient_id).update(diary_changed_at=next_version(now))


def _has_adaptive_reminder(patient_id: int) -> bool:
    return ReminderSettings.objects.filter(patient_id=patient_id, adaptive=True).exists()


def _entries_changed(patient_id: int, *, adaptive: bool, screening_opened: bool = False) -> None:
    """The version was moved by the save's own statement; tell the subscribers (once per
    patient at the end of a diary_changes_deferred block). `screening_opened`: the save's
    statement opened the screening window too."""
    diary_changed(patient_id, Change.ENTRIES, version_moved=True, adaptive=adaptive, screening_opened=screening_opened)
