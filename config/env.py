"""Strict readers for settings that come from environment variables.

A setting with a malformed value stops start-up with a message that names the
variable: a typo in production should fail loudly, not fall back to a default.
Secrets may also come from a file named by `<NAME>_FILE` (Docker and systemd
secrets), so they need not sit in the process environment.
"""

import json
import os
from pathlib import Path
from urllib.parse import urlparse

import environ
from django.core.exceptions import ImproperlyConfigured


def _raw(name: str) -> str | None:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_path!r} ({exc.strerror})") from exc
    return os.environ.get(name)


def string(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    return default if value in (None, "") else value


def require(names: list[str], *, when: str, hint: str = "") -> None:
    """Stop start-up naming every variable of `names` that is unset or empty."""
    missing = [name for name in names if string(name) is None]
    if missing:
        raise ImproperlyConfigured(f"{', '.join(missing)} must be set when {when}{hint}")


def boolean(name: str, default: bool) -> bool:
    value = _raw(name)
    if value in (None, ""):
        return default
    if value.lower() in ("true", "1", "yes", "on"):
        return True
    if value.lower() in ("false", "0", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def integer(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    value = _raw(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum or (maximum is not None and number > maximum):
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}, not {number}")
    return number


def string_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value in (None, ""):
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def json_object(name: str) -> dict:
    """A JSON object, e.g. NECKLINE_SCREENING='{"min_episodes": 4}'; unset or empty is {}."""
    value = _raw(name)
    if value in (None, ""):
        return {}
    try:
        parsed = json.loads(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not valid JSON ({exc})") from None
    if not isinstance(parsed, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object of overrides by name, not {value!r}")
    return parsed


def database(name: str, default: str) -> dict:
    value = _raw(name) or default
    scheme = value.split(":", 1)[0]
    if scheme not in environ.Env.DB_SCHEMES:
        raise ImproperlyConfigured(f"{name} names an unsupported database: {scheme!r}")
    try:
        config = environ.Env.db_url_config(value)
    except Exception as exc:  # django-environ raises several kinds for a bad URL
        raise ImproperlyConfigured(f"{name} is not a valid database URL ({exc})") from None
    return config


def redis_url(name: str, default: str) -> str:
    value = _raw(name) or default
    parsed = urlparse(value)
    if parsed.scheme not in ("redis", "rediss", "unix") or not (parsed.hostname or parsed.path):
        raise ImproperlyConfigured(f"{name} must look like redis://host:port/db, not {value!r}")
    return value


def rate(name: str, default: str) -> str:
    """A request rate such as "120/min" (DRF's form: a count per s, min, hour or day)."""
    value = _raw(name) or default
    count, _, period = value.partition("/")
    if not count.isdigit() or period not in ("s", "sec", "second", "m", "min", "minute", "h", "hour", "d", "day"):
        raise ImproperlyConfigured(f"{name} must look like 120/min (per s, min, hour or day), not {value!r}")
    return value
