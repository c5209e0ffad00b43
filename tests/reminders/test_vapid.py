import os
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from config import vapid
from tests.workers import ROOT

VAPID_VARS = ("VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY_FILE", "VAPID_PRIVATE_KEY_FILE")


@pytest.fixture(autouse=True)
def no_vapid_env(monkeypatch):
    for name in VAPID_VARS:
        monkeypatch.delenv(name, raising=False)


def test_production_without_keys_refuses_to_start_and_names_the_variable():
    env = {key: value for key, value in os.environ.items() if key not in VAPID_VARS}
    env.update(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "VAPID_PRIVATE_KEY" in result.stderr


def test_a_local_run_generates_one_pair_and_keeps_it(tmp_path):
    first = vapid.keys_from_env(debug=True, var_dir=tmp_path)
    assert vapid.keys_from_env(debug=True, var_dir=tmp_path) == first
    assert (tmp_path / "vapid_keys.json").stat().st_mode & 0o077 == 0


def test_keys_are_read_from_files(tmp_path, monkeypatch):
    public, private = vapid.generate_pair()
    (tmp_path / "public").write_text(public + "\n")
    (tmp_path / "private").write_text(private + "\n")
    monkeypatch.setenv("VAPID_PUBLIC_KEY_FILE", str(tmp_path / "public"))
    monkeypatch.setenv("VAPID_PRIVATE_KEY_FILE", str(tmp_path / "private"))
    assert vapid.keys_from_env(debug=False, var_dir=tmp_path) == (public, private)


def test_a_pem_private_key_is_accepted(tmp_path, monkeypatch):
    public, private = vapid.generate_pair()
    pem = (
        vapid.load_private_key(private)
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )
    monkeypatch.setenv("VAPID_PUBLIC_KEY", public)
    monkeypatch.setenv("VAPID_PRIVATE_KEY", pem)
    assert vapid.keys_from_env(debug=False, var_dir=tmp_path)[0] == public


@pytest.mark.parametrize(
    ("public", "private", "named"),
    [
        (vapid.generate_pair()[0], vapid.generate_pair()[1], "VAPID_PUBLIC_KEY does not belong"),
        (vapid.generate_pair()[0], "", "VAPID_PRIVATE_KEY must be set"),
        ("", vapid.generate_pair()[1], "VAPID_PUBLIC_KEY must be set"),
        (vapid.generate_pair()[0], "not-a-key", "VAPID_PRIVATE_KEY is not"),
    ],
)
def test_a_bad_or_half_configured_pair_fails_loudly(tmp_path, monkeypatch, public, private, named):
    monkeypatch.setenv("VAPID_PUBLIC_KEY", public)
    monkeypatch.setenv("VAPID_PRIVATE_KEY", private)
    with pytest.raises(ImproperlyConfigured, match=named):
        vapid.keys_from_env(debug=True, var_dir=tmp_path)


def test_the_command_prints_a_fresh_working_pair(capsys, tmp_path, monkeypatch):
    call_command("generate_vapid_keys")
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    monkeypatch.setenv("VAPID_PUBLIC_KEY", lines["VAPID_PUBLIC_KEY"])
    monkeypatch.setenv("VAPID_PRIVATE_KEY", lines["VAPID_PRIVATE_KEY"])
    assert vapid.keys_from_env(debug=False, var_dir=tmp_path)[0] == lines["VAPID_PUBLIC_KEY"]
