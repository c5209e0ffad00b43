"""Settings come from the environment; a malformed value stops start-up and names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.vapid import generate_pair

ROOT = Path(__file__).resolve().parents[2]


def start_up_command(tmp_path, args: list[str], **variables) -> subprocess.CompletedProcess:
    """Run a Python command in a fresh process with only these settings variables."""
    # Not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE either: a deployment never sets it.
    left_out = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in left_out}
    # DEBUG on unless a test says otherwise, as the tests run (config/settings_test.py).
    env.update({"NECKLINE_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true"})
    env.update(variables)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def production_variables() -> dict:
    """What a production deployment must set besides SECRET_KEY and ALLOWED_HOSTS
    (start-up connects to neither the database nor the broker)."""
    public, private = generate_pair()
    return {
        "DEBUG": "false",
        "VAPID_PUBLIC_KEY": public,
        "VAPID_PRIVATE_KEY": private,
        "VAPID_SUBJECT": "mailto:ops@neckline.example",
        "DATABASE_URL": "postgres://neckline@db.neckline.example:5432/neckline",
        "REDIS_URL": "redis://redis.neckline.example:6379/0",
    }


def start_up(tmp_path, **variables) -> subprocess.CompletedProcess:
    return start_up_command(tmp_path, ["-c", "import django; django.setup()"], **variables)


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        # A lease as long as the grace window would leave a dead worker's reminder unsent.
        ({"REMINDER_SEND_LEASE_SECONDS": "600", "REMINDER_GRACE_MINUTES": "10"}, "REMINDER_SEND_LEASE_SECONDS"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DATABASE_URL": "nosuchdb://somewhere/x"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://127.0.0.1:6379"}, "REDIS_URL"),
        ({"DATABASE_CONN_MAX_AGE": "a minute"}, "DATABASE_CONN_MAX_AGE"),
        ({"DEBUG": "false"}, "SECRET_KEY"),
        ({"THROTTLE_WRITES_PER_USER": "lots"}, "THROTTLE_WRITES_PER_USER"),
        ({"REMINDER_GRACE_MINUTES": "1"}, "REMINDER_GRACE_MINUTES"),
    ],
)
def test_a_malformed_setting_stops_start_up_naming_the_variable(tmp_path, variables, named):
    result = start_up(tmp_path, **variables)
    assert result.returncode != 0
    assert named in result.stderr.splitlines()[-1]


def test_the_defaults_start_with_a_generated_local_secret(tmp_path):
    result = start_up(tmp_path)
    assert result.returncode == 0, result.stderr
    assert len((tmp_path / "secret_key").read_text()) >= 50


def test_a_secret_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s" * 60)
    result = start_up(tmp_path, **production_variables(), SECRET_KEY_FILE=str(secret), ALLOWED_HOSTS="neckline.example")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("unset", ["DATABASE_URL", "REDIS_URL"])
def test_production_without_its_database_or_broker_refuses_to_start_naming_it(tmp_path, unset):
    variables = {**production_variables(), "SECRET_KEY": "s" * 60, "ALLOWED_HOSTS": "neckline.example"}
    del variables[unset]
    result = start_up(tmp_path, **variables)
    assert result.returncode != 0
    last_line = result.stderr.splitlines()[-1]
    assert "ImproperlyConfigured" in last_line and unset in last_line
    # ...and fell back to nothing local on the way.
    assert not (tmp_path / "neckline.sqlite3").exists()


def test_an_empty_value_counts_as_unset(tmp_path):
    variables = {**production_variables(), "SECRET_KEY": "s" * 60, "REDIS_URL": ""}
    result = start_up(tmp_path, **variables)
    assert result.returncode != 0 and "REDIS_URL" in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("debug", ["false", "true"])
def test_generate_vapid_keys_needs_no_configuration_and_writes_nothing(tmp_path, debug):
    var_dir = tmp_path / "var"
    result = start_up_command(
        tmp_path, ["manage.py", "generate_vapid_keys"], DEBUG=debug, NECKLINE_VAR_DIR=str(var_dir)
    )
    assert result.returncode == 0, result.stderr
    keys = dict(line.split("=", 1) for line in result.stdout.split())
    # A working pair: production starts with it.
    started = start_up(tmp_path, **{**production_variables(), **keys}, SECRET_KEY="s" * 60)
    assert started.returncode == 0, started.stderr
    assert not var_dir.exists()


def test_started_bare_it_is_production_and_refuses_to_start_without_a_secret_key(tmp_path):
    """No DEBUG in the environment (the image or the Procfile without compose.yaml): not
    DEBUG's generated key, SQLite and browsable API, but production's demands."""
    result = start_up_command(tmp_path, ["-c", "import django; django.setup()"], DEBUG="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr.splitlines()[-1]


def test_started_bare_with_production_values_debug_is_off(tmp_path):
    variables = {**production_variables(), "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "neckline.example"}
    variables["DEBUG"] = ""  # unset: an empty value is the default
    script = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    result = start_up_command(tmp_path, ["-c", script], **variables)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_no_two_nightly_jobs_start_at_the_same_minute(settings):
    from celery.schedules import crontab

    starts = [
        (tuple(entry["schedule"].hour), tuple(entry["schedule"].minute))
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if isinstance(entry["schedule"], crontab) and len(entry["schedule"].hour) == 1
    ]
    assert len(starts) == len(set(starts))
