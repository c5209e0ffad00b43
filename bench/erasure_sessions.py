"""Benchmark: erasing an account however many sessions the database holds (issue 24, item 7).

    .venv/bin/python bench/erasure_sessions.py [--sizes 300000,2000000] [--runs 5]

Creates its own database, nl_bench_erasure_sessions (dropped at the end), and for each
size fills the session table with that many sessions of 1,000 other accounts (one
INSERT over generate_series, then ANALYZE). At each size, `--runs` times: a fresh
patient with 30 days of diary, logged in on two devices, is erased by
DELETE /api/v1/me/ (the whole request, with its password check) in-process after the
served start-up (config/wsgi.py, DEBUG off). Printed beside it:

- the password check alone (the hasher's deliberate cost, part of every erasure);
- the service alone (diary.services.accounts.user_delete);
- the floor: an account holding only its two sessions erased by two statements
  (DELETE of its sessions by the user index, DELETE of its row): what erasing an
  account's sessions cannot go below at this table size.

Target (issue 24): under one second at 300,000 and at 2,000,000, and no growth with the
table beyond the floor's. Run it on a quiet machine; `python -m bench` runs it tiny.
"""

import argparse
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.clinician_summary import load_line, own_database, setup_django  # noqa: E402

DATABASE = "nl_bench_erasure_sessions"
CROWD = 1000
PASSWORD = "bench-password-1"


def fill_to(total: int) -> None:
    """Sessions of the crowd's accounts until the table holds `total`."""
    from django.db import connection

    from diary.models import User, UserSession

    if not User.objects.filter(email="crowd0@example.test").exists():
        User.objects.bulk_create([User(email=f"crowd{n}@example.test") for n in range(CROWD)])
    crowd = list(User.objects.filter(email__startswith="crowd").values_list("pk", flat=True))
    have = UserSession.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO diary_usersession "
            "(session_key, session_data, expire_date, user_id, device, created_at, last_used_at) "
            "SELECT 'crowd' || n, 'e30:x', now() + interval '14 days', (%s::bigint[])[1 + n %% %s], '', now(), now() "
            "FROM generate_series(%s, %s) AS n",
            [crowd, len(crowd), have + 1, total],
        )
        cursor.execute("ANALYZE diary_usersession")


def new_patient(n: int, *, diary: bool):
    """A patient logged in on two devices (real logins), with 30 days of diary."""
    import datetime as dt

    from django.test import Client

    from diary.models import Entry, User

    user = User.objects.create_user(email=f"leaving{n}-{diary}@example.test", password=PASSWORD)
    if diary:
        today = dt.date.today()
        Entry.objects.bulk_create(
            Entry(
                id=uuid.uuid4(),
                patient=user,
                date=today - dt.timedelta(days=d),
                headache=d % 2 == 0,
                severity=4 if d % 2 == 0 else None,
            )
            for d in range(30)
        )
    clients = [Client(), Client()]
    for client in clients:
        response = client.post(
            "/api/v1/auth/login/", {"email": user.email, "password": PASSWORD}, content_type="application/json"
        )
        assert response.status_code == 200, response.content
    return user, clients[0]


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def measure(runs: int, size: int) -> dict[str, list[float]]:
    from django.db import connection

    from diary.models import User, UserSession
    from diary.services.accounts import user_delete

    results = {"DELETE /me/ (request)": [], "password check": [], "user_delete service": [], "floor (2 statements)": []}
    for n in range(runs):
        user, client = new_patient(n, diary=True)
        results["DELETE /me/ (request)"].append(
            timed(
                lambda client=client: client.delete(
                    "/api/v1/me/", {"password": PASSWORD}, content_type="application/json"
                )
            )
        )
        assert not User.objects.filter(pk=user.pk).exists(), "the request erased the account"
        user, _client = new_patient(n, diary=False)
        results["password check"].append(timed(lambda user=user: user.check_password(PASSWORD)))
        results["user_delete service"].append(timed(lambda user=user: user_delete(user=user)))
        user, _client = new_patient(n + runs, diary=False)
        assert UserSession.objects.filter(user=user).count() == 2

        def floor(user_id=user.pk):
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM diary_usersession WHERE user_id = %s", [user_id])
                cursor.execute("DELETE FROM diary_user WHERE id = %s", [user_id])

        results["floor (2 statements)"].append(timed(floor))
    assert UserSession.objects.count() == size, "only the erased accounts' sessions went"
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="300000,2000000", help="session table sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

    with own_database(DATABASE):
        # Three logins a run from one address: the per-address login limit would end the run.
        setup_django(DATABASE, THROTTLE_LOGIN_PER_ADDRESS="100000/min", THROTTLE_WRITES_PER_ADDRESS="100000/min")
        from diary.models import UserSession

        for size in sizes:
            started = time.perf_counter()
            fill_to(size)
            print(f"\n{UserSession.objects.count():,} sessions (filled in {time.perf_counter() - started:.0f} s)")
            for name, timings in measure(args.runs, size).items():
                print(f"  {name:24s} median {statistics.median(timings):8.1f} ms  max {max(timings):8.1f} ms")
        print(load_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
