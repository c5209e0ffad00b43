"""VAPID keys for Web Push: read from the environment, checked at start-up.

The public key is the "application server key" a browser subscribes with: an
uncompressed P-256 point (65 bytes), base64url. The private key is the raw
32-byte scalar in base64url (what `manage.py generate_vapid_keys` and most
Web Push tools print) or a PEM file. A local run (DEBUG) without keys gets a
pair generated once into var/, like the local SECRET_KEY; production must set
them, because changing keys silently breaks every existing subscription.
"""

import base64
import binascii
import json
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ImproperlyConfigured

from config import env


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    """Strict base64url without padding (padding tolerated); raises ValueError."""
    text = text.rstrip("=")
    if not text or any(c not in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" for c in text):
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error as exc:
        raise ValueError("not base64url") from exc


def public_key_text(private_key: ec.EllipticCurvePrivateKey) -> str:
    point = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(point)


def generate_pair() -> tuple[str, str]:
    """A fresh (public, private) pair, both base64url."""
    key = ec.generate_private_key(ec.SECP256R1())
    return public_key_text(key), b64url(key.private_numbers().private_value.to_bytes(32, "big"))


def print_new_pair(stdout=None) -> None:
    """What `manage.py generate_vapid_keys` prints: a fresh pair, as environment lines."""
    public, private = generate_pair()
    print(f"VAPID_PUBLIC_KEY={public}\nVAPID_PRIVATE_KEY={private}", file=stdout)


def load_private_key(text: str) -> ec.EllipticCurvePrivateKey:
    """The private key from base64url raw form or PEM; raises ValueError."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
            raise ValueError("not a P-256 key")
        return key
    raw = b64url_decode(text)
    if len(raw) != 32:
        raise ValueError("a raw private key is 32 bytes")
    return ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())


def _local_pair(var_dir: Path) -> tuple[str, str]:
    path = var_dir / "vapid_keys.json"
    if not path.exists():
        public, private = generate_pair()
        path.write_text(json.dumps({"public_key": public, "private_key": private}))
        path.chmod(0o600)
    keys = json.loads(path.read_text())
    return keys["public_key"], keys["private_key"]


def keys_from_env(*, debug: bool, var_dir: Path) -> tuple[str, str]:
    """(VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY), checked to be a matching pair."""
    public, private = env.string("VAPID_PUBLIC_KEY"), env.string("VAPID_PRIVATE_KEY")
    if not public and not private:
        if not debug:
            raise ImproperlyConfigured(
                "VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY must be set when DEBUG is false "
                "(`manage.py generate_vapid_keys` prints a pair)"
            )
        public, private = _local_pair(var_dir)
    for name, value in (("VAPID_PUBLIC_KEY", public), ("VAPID_PRIVATE_KEY", private)):
        if not value:
            raise ImproperlyConfigured(f"{name} must be set together with the other VAPID key")
    try:
        key = load_private_key(private)
    except ValueError as exc:
        raise ImproperlyConfigured(f"VAPID_PRIVATE_KEY is not a P-256 private key ({exc})") from None
    if public.rstrip("=") != public_key_text(key):
        raise ImproperlyConfigured("VAPID_PUBLIC_KEY does not belong to VAPID_PRIVATE_KEY")
    return public.rstrip("="), private


def subject_from_env(*, debug: bool) -> str:
    subject = env.string("VAPID_SUBJECT", "mailto:admin@localhost" if debug else None)
    if not subject:
        raise ImproperlyConfigured("VAPID_SUBJECT must be set when DEBUG is false (mailto:you@example.org)")
    if not subject.startswith(("mailto:", "https://")):
        raise ImproperlyConfigured(f"VAPID_SUBJECT must start with mailto: or https://, not {subject!r}")
    return subject
