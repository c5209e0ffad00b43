"""`make test` runs on PostgreSQL by default (tools/with_postgres.py): without DATABASE_URL a
throwaway cluster starts and is removed after; without PostgreSQL it says it falls
back to SQLite."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tools.with_postgres import postgres_installed

ROOT = Path(__file__).resolve().parents[2]
SHOW_DATABASE = (
    "import os, psycopg; url = os.environ.get('DATABASE_URL'); print(url);"
    "pg = url and url.startswith('postgres://') and url.replace('postgres://', 'postgresql://');"
    "pg and print(psycopg.connect(pg).execute('select 1').fetchone()[0])"
)


def run(tmp_path, prelude: str = "", **variables) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"NECKLINE_VAR_DIR": str(tmp_path), "PYTHONPATH": str(ROOT), **variables})
    script = f"import sys, tools.with_postgres as w; {prelude} sys.exit(w.main(sys.argv[1:]))"
    command = [sys.executable, "-c", script, "--", sys.executable, "-c", SHOW_DATABASE]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(
    not postgres_installed() and os.environ.get("CI") != "true", reason="PostgreSQL (initdb, pg_ctl) is not installed"
)
def test_without_a_database_url_a_throwaway_postgresql_serves_the_command_and_is_removed_after(tmp_path):
    result = run(tmp_path)
    assert result.returncode == 0, result.stderr
    started, url, answer = result.stdout.splitlines()[-3:]
    assert url.startswith("postgres://postgres@127.0.0.1:") and answer == "1"
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass  # stopped
    work = Path(started.rsplit("(in ", 1)[1].rstrip(")"))
    assert work.name.startswith("neckline-postgres-") and not work.exists()  # and its files removed


def test_a_given_database_url_is_used_as_it_is(tmp_path):
    result = run(tmp_path, DATABASE_URL="sqlite:///elsewhere.sqlite3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "sqlite:///elsewhere.sqlite3"


def test_without_postgresql_the_command_runs_on_sqlite_saying_what_is_skipped(tmp_path):
    result = run(tmp_path, prelude="w.postgres_installed = lambda: False;")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "None"  # no DATABASE_URL: the settings' SQLite
    assert "running on SQLite" in result.stderr and "SKIPPED" in result.stderr
