"""Drill 3: PostgreSQL restarts under load.

gunicorn (3 processes x 2 threads, persistent database connections) serves 8
keep-alive clients PUTting entries with unique ids. Mid-run, PostgreSQL restarts
(pg_ctl restart -m fast: every session is cut). Only 200, 201 and 503 (JSON, with
Retry-After) may answer, never a 500 or an HTML page; every 200/201 entry must be
stored; requests must succeed again after the restart; and a client retrying its
503'd PUTs with the same ids ends with exactly one row for each.
"""

import datetime as dt
import json
import random
import threading
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from email.message import Message

from drills.helpers import Drill, Session, create_patients, entry_body, log_in, run
from drills.services import Gunicorn, backing_services

CLIENTS = 8
BEFORE_SECONDS, AFTER_SECONDS = 3, 4


@dataclass
class Answer:
    at: float
    session: Session
    entry_id: uuid.UUID
    body: dict
    status: int
    headers: Message
    payload: bytes


class Load:
    """Client threads PUTting new entries until told to stop; every answer is kept."""

    def __init__(self, sessions: list[Session]):
        self.sessions, self.stop = sessions, threading.Event()
        self.answers: list[Answer] = []
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._client, args=(s, random.Random(i))) for i, s in enumerate(sessions)
        ]

    def _client(self, session: Session, rng: random.Random) -> None:
        today = dt.datetime.now(dt.UTC).date()
        for _ in range(100_000):  # bounded; stops long before
            if self.stop.is_set():
                return
            entry_id, body = uuid.uuid4(), entry_body(rng, today)
            status, headers, payload = session.request("PUT", f"/api/v1/entries/{entry_id}/", body)
            with self.lock:
                self.answers.append(Answer(time.monotonic(), session, entry_id, body, status, headers, payload))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=40)


def clean_503(answer: Answer) -> bool:
    """JSON saying to try again, with Retry-After: what the PWA's outbox understands."""
    try:
        return (
            answer.headers.get("Content-Type", "").startswith("application/json")
            and bool(answer.headers.get("Retry-After"))
            and "detail" in json.loads(answer.payload)
        )
    except ValueError:
        return False


def main() -> int:
    drill = Drill("postgres-restart")
    with ExitStack() as stack:
        backing = backing_services(stack, "postgres")
        from django.db import connection  # noqa: PLC0415

        from diary.models import Entry  # noqa: PLC0415

        patients = create_patients(4, "restart")
        web = Gunicorn(stack, backing, workers=3)
        sessions = [Session(web.port) for _ in range(CLIENTS)]
        log_in(sessions, [patients[i % len(patients)].email for i in range(CLIENTS)])
        drill.say(f"gunicorn (3 x 2 threads) on a throwaway PostgreSQL; {CLIENTS} clients logged in")

        with Load(sessions) as load:
            time.sleep(BEFORE_SECONDS)
            started = time.monotonic()
            backing.postgres.restart()
            restarted = time.monotonic()
            drill.say(f"pg_ctl restart -m fast took {restarted - started:.1f} s")
            time.sleep(AFTER_SECONDS)
        answers = load.answers

        statuses: dict[int, int] = {}
        for answer in answers:
            statuses[answer.status] = statuses.get(answer.status, 0) + 1
        drill.say(f"{len(answers)} PUTs answered, by status: {dict(sorted(statuses.items()))}")
        drill.expect(set(statuses) <= {200, 201, 503}, "only 200, 201 and 503 answered (no 500, no dropped request)")
        drill.expect(
            all(clean_503(a) for a in answers if a.status == 503)
            and not any(b"Traceback" in a.payload for a in answers),
            "every 503 is JSON with Retry-After, no traceback anywhere",
        )
        after = [a.status for a in answers if a.at > restarted + 1]
        drill.expect(bool(after) and set(after) == {201}, f"from 1 s after the restart: {len(after)} PUTs, all 201")

        connection.close()  # the drill's own connection died with the restart
        sent = {a.entry_id for a in answers}
        saved = {a.entry_id for a in answers if a.status in (200, 201)}
        stored = set(Entry.objects.filter(id__in=sent).values_list("id", flat=True))
        drill.expect(saved <= stored, f"every 200/201 entry stored: {len(saved & stored)} of {len(saved)}")
        # Possible, and harmless: a COMMIT that went through while its acknowledgement was cut off.
        drill.say(f"entries stored although their PUT answered 503: {len(stored - saved)} (a retry answers 200)")

        refused = [a for a in answers if a.status not in (200, 201)]
        retry_statuses = []
        for answer in refused:  # the PWA's outbox retries with the same id, body and session
            for _ in range(5):
                status, _, _ = answer.session.request("PUT", f"/api/v1/entries/{answer.entry_id}/", answer.body)
                if status != 503:
                    break
                time.sleep(0.5)
            retry_statuses.append(status)
        rows = Entry.objects.filter(id__in=[a.entry_id for a in refused]).count()
        drill.expect(
            set(retry_statuses) <= {200, 201} and rows == len(refused),
            f"{len(refused)} refused PUTs retried with the same id: answers {sorted(set(retry_statuses))}, "
            f"{rows} rows, one each",
        )
        total = Entry.objects.count()
        drill.expect(total == len(sent), f"{total} rows for {len(sent)} ids sent")
    return drill.result()


if __name__ == "__main__":
    run(main)
