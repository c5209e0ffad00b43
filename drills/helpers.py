"""What every drill shares: a time bound, a tally of failures, patients that log in
like the PWA, and a keep-alive HTTP client that records every answer."""

import datetime as dt
import http.client
import json
import random
import signal
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.message import Message
from http.cookies import SimpleCookie

PASSWORD = "drill-passphrase-7"


class Stopped(BaseException):
    """The time bound or SIGTERM: not an Exception, so that no `except` in a drill swallows it."""


class Drill:
    """Prints what a drill does and counts what went wrong; bounded in time.
    SIGTERM and the time bound raise, so the caller's ExitStack still cleans up."""

    def __init__(self, name: str, seconds: int = 120):
        self.name, self.failures, self.started = name, [], time.monotonic()

        def give_up(signum, frame):
            raise Stopped(f"{name}: stopped by signal {signum} (time bound or SIGTERM)")

        signal.signal(signal.SIGALRM, give_up)
        signal.signal(signal.SIGTERM, give_up)
        signal.alarm(seconds)

    def say(self, text: str) -> None:
        print(f"[{self.name} {time.monotonic() - self.started:5.1f}s] {text}", flush=True)

    def expect(self, ok: bool, text: str) -> None:
        self.say(("ok    " if ok else "FAIL  ") + text)
        if not ok:
            self.failures.append(text)

    def result(self) -> int:
        signal.alarm(0)
        self.say("PASSED" if not self.failures else f"FAILED: {len(self.failures)} check(s)")
        return 1 if self.failures else 0


def run(main) -> None:
    """Run a drill's main(); any exception is a failed drill (after its cleanup ran)."""
    try:
        code = main()
    except BaseException as exc:  # noqa: BLE001 - a drill that crashes has failed
        print(f"drill crashed: {type(exc).__name__}: {exc}", flush=True)
        code = 2
    sys.exit(code)


def create_patients(count: int, prefix: str) -> list:
    """Patients with one shared password hash (hashing each would cost seconds)."""
    from django.contrib.auth.hashers import make_password  # noqa: PLC0415

    from diary.models import User  # noqa: PLC0415

    hashed = make_password(PASSWORD)
    return User.objects.bulk_create(
        User(email=f"{prefix}{i}@example.test", password=hashed, timezone="UTC") for i in range(count)
    )


@dataclass
class Session:
    """One patient's keep-alive connection with the session cookie and CSRF token."""

    port: int
    cookie: str = ""
    token: str = ""
    conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, Message, bytes]:
        """(status, headers, body); status 0 when the connection failed."""
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json", "Referer": f"http://127.0.0.1:{self.port}/"}
        if self.cookie:
            headers |= {"Cookie": self.cookie, "X-CSRFToken": self.token}
        # A keep-alive connection the server had closed is reopened once, as browsers do.
        for reused in (self.conn is not None, False):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                payload = response.read()
                self._keep_cookies(response)
                return response.status, response.msg, payload
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if not reused:
                    break
        return 0, Message(), b""

    def _keep_cookies(self, response) -> None:
        jar = SimpleCookie(self.cookie)
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        self.cookie = "; ".join(f"{key}={morsel.value}" for key, morsel in jar.items())
        if "csrftoken" in jar:
            self.token = jar["csrftoken"].value

    def login(self, email: str) -> int:
        """Log in like the PWA (the CSRF cookie first); returns the login's status."""
        self.request("GET", "/api/v1/auth/csrf/")
        status, _, _ = self.request("POST", "/api/v1/auth/login/", {"email": email, "password": PASSWORD})
        return status


def log_in(sessions: list[Session], emails: list[str]) -> None:
    """Log each session in as its patient, a few at a time (each login hashes a password)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(Session.login, sessions, emails))
    if set(statuses) != {200}:
        raise RuntimeError(f"logins answered {sorted(set(statuses))}")


def entry_body(rng: random.Random, today: dt.date) -> dict:
    """A plausible neck-started headache within the last month."""
    return {
        "date": (today - dt.timedelta(days=rng.randrange(30))).isoformat(),
        "side": rng.choice(["left", "right"]),
        "severity": rng.randrange(1, 11),
        "onset_region": rng.choice(["neck", "occiput"]),
        "neck_trigger": rng.choice(["sustained_posture", "movement"]),
        "posture": "desk_screen",
    }


@dataclass
class Tally:
    """Every PUT sent: id -> statuses answered, in order."""

    answers: dict[uuid.UUID, list[int]] = field(default_factory=dict)

    def record(self, entry_id: uuid.UUID, status: int) -> None:
        self.answers.setdefault(entry_id, []).append(status)

    def statuses(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for statuses in self.answers.values():
            for status in statuses:
                counts[status] = counts.get(status, 0) + 1
        return dict(sorted(counts.items()))

    def saved(self) -> set[uuid.UUID]:
        return {entry_id for entry_id, statuses in self.answers.items() if {200, 201} & set(statuses)}
