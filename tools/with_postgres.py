"""Run a command with a PostgreSQL database, starting a throwaway one if DATABASE_URL is unset.

    python tools/with_postgres.py -- pytest

With DATABASE_URL set, the command simply runs. Otherwise, where PostgreSQL is installed
(`initdb` and `pg_ctl`: Debian's are in /usr/lib/postgresql/*/bin), a cluster of its own is
made in a temp dir, on a free local port (the drills' cluster: drills/services.py),
DATABASE_URL points at it, and it is stopped and removed when the command ends. The temp
dir is the system's, not var/: run as root, the server runs as the `postgres` user, which
may not enter a private checkout. So `make test` runs what CI runs, the one-statement save and concurrent
claiming included. Without PostgreSQL the command runs on SQLite, saying what that skips.

Signals are handled as tools/with_redis.py handles them: the command runs in a process
group of its own and is stopped whole; the cluster stops last.
"""

import glob
import os
import shutil
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the checkout's packages
# The command's environment as given: importing the drills' services imports config (its
# Celery app sets DJANGO_SETTINGS_MODULE to production's settings), which must not leak
# into the tests, whose settings module pyproject.toml names.
GIVEN_ENVIRONMENT = dict(os.environ)

from drills.services import Postgres  # noqa: E402
from tools.with_redis import Stop, run_until_stopped, wrapped_command  # noqa: E402

SQLITE_NOTICE = (
    "No PostgreSQL found (initdb, pg_ctl): running on SQLite. The tests of PostgreSQL's "
    "one-statement save and of concurrent claiming are SKIPPED; install Debian's postgresql "
    "(or set DATABASE_URL) to run them."
)


def postgres_installed() -> bool:
    """Both binaries, where the drills' cluster looks for them."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    bindir = Path(found[-1]).parent if found else None
    if bindir is not None:
        return (bindir / "initdb").exists()
    return bool(shutil.which("pg_ctl") and shutil.which("initdb"))


def main(argv: list[str]) -> int:
    command = wrapped_command(argv, "with_postgres.py")
    if os.environ.get("DATABASE_URL"):
        return run_until_stopped(command, dict(GIVEN_ENVIRONMENT))
    if not postgres_installed():
        print(SQLITE_NOTICE, file=sys.stderr, flush=True)
        return run_until_stopped(command, dict(GIVEN_ENVIRONMENT))

    with ExitStack() as stack:
        work = Path(tempfile.mkdtemp(prefix="neckline-postgres-"))
        stack.callback(shutil.rmtree, work, ignore_errors=True)  # after the cluster has stopped
        try:
            postgres = Postgres(stack, work)
            print(f"Throwaway PostgreSQL on {postgres.url} (in {work})", flush=True)
            return run_until_stopped(command, {**GIVEN_ENVIRONMENT, "DATABASE_URL": postgres.url})
        except Stop as stop:  # before the command started
            return 128 + stop.args[0]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
