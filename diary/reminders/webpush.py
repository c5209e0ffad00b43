"""Sending one Web Push message: RFC 8291 encryption (aes128gcm) and RFC 8292
VAPID, with timeouts, bounded retries and clear outcomes.

Per message the CPU goes to what cannot be shared (issue 27): a fresh ECDH key pair
and the key agreement with the phone's key, the key derivation and one AES-GCM
record, and one HTTP request on a kept-alive connection. What can be shared is: the
VAPID token (one ES256 signature per push service per hour, not per message) and the
connection pool (one per process, PUSH_CONCURRENCY connections per push service).
The libraries do the cryptography: http_ece encrypts (as pywebpush does, without
pywebpush's requests session around it) and py_vapid signs; the message is sent
with urllib3 rather than requests, whose per-request machinery cost more CPU per
push than the cryptography (bench/push_cpu.py measures one sender process).

A fresh sender key pair per message is RFC 8291's design (section 2: "When sending
a message, an application server generates an ECDH key pair and a random salt";
the key pair "can be discarded after encrypting the message"). Reusing one would
leave only the salt between two messages' keys; we keep it per message.

Logs name the push service's host and the status only: an endpoint URL is a
per-device identifier and a payload is health data, so neither is logged.
"""

import email.utils
import enum
import json
import logging
import os
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from urllib.parse import urlsplit

import certifi
import http_ece
import urllib3
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from py_vapid import Vapid02

from config.vapid import b64url_decode, load_private_key

logger = logging.getLogger(__name__)

# A VAPID token is valid for up to 24 hours (RFC 8292 section 2); we sign for 12 and
# re-sign after 1, so one signature per push service per hour per process instead of
# one per message, and a token in use always has 11 hours left (clocks disagree).
VAPID_TOKEN_SECONDS = 12 * 60 * 60
VAPID_RESIGN_SECONDS = 60 * 60


class Outcome(enum.Enum):
    SENT = "sent"
    GONE = "gone"  # 404/410: the subscription expired or was revoked; delete it
    RETRY_LATER = "retry_later"  # still failing after the retries here; a later pass may retry
    REJECTED = "rejected"  # another 4xx: our request is wrong; retrying would not help


class UnusableKeys(ValueError):
    """The subscription's p256dh or auth is not a P-256 point or a secret."""


# --- RFC 8291 message encryption -------------------------------------------------------------------


def encrypt(plaintext: bytes, *, p256dh: bytes, auth: bytes) -> bytes:
    """The aes128gcm body of one push message to the phone whose subscription keys
    these are, encrypted by http_ece (Mozilla's, as pywebpush does it) with a fresh
    sender key pair and a fresh salt (http_ece draws it), as RFC 8291 says. Raises
    UnusableKeys."""
    if len(auth) != 16:
        raise UnusableKeys("the auth secret is not 16 bytes")
    try:
        receiver = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), p256dh)
    except ValueError as exc:
        raise UnusableKeys("p256dh is not a P-256 point") from exc
    return http_ece.encrypt(
        plaintext,
        private_key=ec.generate_private_key(ec.SECP256R1()),
        dh=receiver,
        auth_secret=auth,
        version="aes128gcm",
    )


# --- VAPID (RFC 8292) ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _vapid() -> Vapid02:
    return Vapid02(private_key=load_private_key(settings.VAPID_PRIVATE_KEY))


def _wall_clock() -> float:
    return time.time()  # a function of its own, so a test can move it past the re-sign time


_tokens_lock = threading.Lock()
_tokens: dict[str, tuple[float, str]] = {}  # push service origin -> (re-sign after, Authorization)


def _authorization(origin: str) -> str:
    """This process's `Authorization: vapid t=...,k=...` for a push service, signed
    again once VAPID_RESIGN_SECONDS have passed."""
    now = _wall_clock()
    cached = _tokens.get(origin)
    if cached is None or cached[0] <= now:
        with _tokens_lock:
            cached = _tokens.get(origin)
            if cached is None or cached[0] <= now:
                claims = {"aud": origin, "exp": int(now) + VAPID_TOKEN_SECONDS, "sub": settings.VAPID_SUBJECT}
                cached = (now + VAPID_RESIGN_SECONDS, _vapid().sign(claims)["Authorization"])
                _tokens[origin] = cached
    return cached[1]


# --- HTTP ---------------------------------------------------------------------------------------------

_http_lock = threading.Lock()
_http_state: tuple[tuple[int, int], "_Http"] | None = None


class _Http:
    """One connection pool per process, kept alive across messages: most go to one or
    two push services. Never follows a redirect: the endpoint allow-list checks the one
    URL we POST to, so a push service answering 3xx to an internal address is refused.
    An HTTP(S)_PROXY in the environment is honoured (NO_PROXY too), as requests did."""

    def __init__(self, connections: int):
        options = {
            "num_pools": 16,
            "maxsize": connections,
            "cert_reqs": "CERT_REQUIRED",
            "ca_certs": certifi.where(),
        }
        self.direct = urllib3.PoolManager(**options)
        self.proxies = {
            scheme: urllib3.ProxyManager(url, **options)
            for scheme, url in urllib.request.getproxies().items()
            if scheme in ("http", "https")
        }

    def manager(self, scheme: str, host: str) -> urllib3.PoolManager:
        proxy = self.proxies.get(scheme)
        if proxy is None or urllib.request.proxy_bypass(host):
            return self.direct
        return proxy


def _http() -> _Http:
    """Made again in a forked worker child: sockets are not shared across a fork."""
    global _http_state
    key = (os.getpid(), settings.PUSH_CONCURRENCY)
    with _http_lock:
        if _http_state is None or _http_state[0] != key:
            _http_state = (key, _Http(settings.PUSH_CONCURRENCY))
        return _http_state[1]


def _retry_after(response: urllib3.BaseHTTPResponse) -> float | None:
    """The seconds the push service's Retry-After asks for, if it gave a readable one."""
    header = response.headers.get("Retry-After")
    if not header:
        return None
    if header.strip().isdigit():
        return float(header)
    try:
        return max(0.0, email.utils.parsedate_to_datetime(header).timestamp() - time.time())
    except (TypeError, ValueError):
        return None  # unreadable: keep our own backoff


def _retry_delay(response: urllib3.BaseHTTPResponse, attempt: int) -> float | None:
    """Seconds to wait before the next attempt, or None when Retry-After asks for
    longer than we are willing to hold a worker (a later pass will try again)."""
    asked = _retry_after(response)
    delay = settings.PUSH_BACKOFF_SECONDS * 2 ** (attempt - 1) if asked is None else asked
    return delay if delay <= settings.PUSH_MAX_RETRY_AFTER_SECONDS else None


class Pauses:
    """What push services asked of one batch sent concurrently (send_pool): a 429's
    Retry-After holds every send of the batch to that service, not only the one that
    was answered. Kept per batch: a later pass asks the service again."""

    def __init__(self):
        self._until: dict[str, float] = {}  # origin -> monotonic time
        self._lock = threading.Lock()

    def pause(self, origin: str, seconds: float) -> None:
        with self._lock:
            self._until[origin] = max(self._until.get(origin, 0.0), time.monotonic() + seconds)

    def wait_for(self, origin: str) -> bool:
        """Wait out a pause; False when it is longer than we hold a worker for."""
        wait = self._until.get(origin, 0.0) - time.monotonic()
        if wait > settings.PUSH_MAX_RETRY_AFTER_SECONDS:
            return False
        if wait > 0:
            time.sleep(wait)
        return True


_pool_lock = threading.Lock()
_pool: tuple[tuple[int, int], ThreadPoolExecutor] | None = None


def send_pool() -> ThreadPoolExecutor:
    """This process's senders: PUSH_CONCURRENCY threads sharing its connection pool
    (_http). Made again in a forked worker child (threads do not survive a fork)."""
    global _pool
    key = (os.getpid(), settings.PUSH_CONCURRENCY)
    with _pool_lock:
        if _pool is None or _pool[0] != key:
            executor = ThreadPoolExecutor(max_workers=settings.PUSH_CONCURRENCY, thread_name_prefix="push")
            _pool = (key, executor)
        return _pool[1]


def send(
    *, endpoint: str, p256dh: str, auth: str, payload: dict, ttl: int, topic: str = "", pauses: Pauses | None = None
) -> Outcome:
    """Encrypt and POST one message; retry 429, 5xx and network errors with
    exponential backoff, at most PUSH_MAX_ATTEMPTS times in all. `pauses` is shared
    by the sends of one batch (a 429's Retry-After holds them all)."""
    pauses = pauses or Pauses()
    parts = urlsplit(endpoint)
    host, origin = parts.hostname, f"{parts.scheme}://{parts.netloc}"
    try:
        keys = {"p256dh": b64url_decode(p256dh), "auth": b64url_decode(auth)}
        body = encrypt(json.dumps(payload, separators=(",", ":")).encode(), **keys)
    except ValueError:  # keys the API would have refused (stored some other way)
        logger.error("push subscription at %s has unusable keys", host)
        return Outcome.REJECTED
    headers = {
        "Authorization": _authorization(origin),
        "Content-Encoding": "aes128gcm",
        "Content-Type": "application/octet-stream",
        "TTL": str(ttl),
        "Urgency": "normal",
    }
    if topic:
        # The Topic header lets the push service replace an undelivered copy of the
        # same message, so a rare re-send after a crash shows once on the phone.
        headers["Topic"] = topic
    http = _http().manager(parts.scheme, host or "")
    timeout = urllib3.Timeout(connect=settings.PUSH_CONNECT_TIMEOUT_SECONDS, read=settings.PUSH_READ_TIMEOUT_SECONDS)
    for attempt in range(1, settings.PUSH_MAX_ATTEMPTS + 1):
        if not pauses.wait_for(origin):
            logger.warning("push to %s held back: the service asked us to wait", host)
            return Outcome.RETRY_LATER
        if attempt > 1:  # a retried message is a new message: a fresh key pair and salt
            body = encrypt(json.dumps(payload, separators=(",", ":")).encode(), **keys)
        try:
            response = http.request(
                "POST", endpoint, body=body, headers=headers, timeout=timeout, retries=False, redirect=False
            )
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            logger.warning("push to %s failed (attempt %d): %s", host, attempt, type(exc).__name__)
            delay = settings.PUSH_BACKOFF_SECONDS * 2 ** (attempt - 1)
        else:
            status = response.status
            if status < 300:
                return Outcome.SENT
            if 300 <= status < 400:
                logger.error("push to %s answered a redirect (%d), not followed", host, status)
                return Outcome.REJECTED
            if status in (404, 410):
                logger.info("push subscription at %s is gone (%d)", host, status)
                return Outcome.GONE
            if status != 429 and status < 500:
                logger.error("push to %s rejected with %d", host, status)
                return Outcome.REJECTED
            logger.warning("push to %s answered %d (attempt %d)", host, status, attempt)
            if status == 429 and (asked := _retry_after(response)) is not None:
                pauses.pause(origin, asked)  # the batch's other senders wait too
            delay = _retry_delay(response, attempt)
            if delay is None:
                return Outcome.RETRY_LATER
        if attempt < settings.PUSH_MAX_ATTEMPTS:
            time.sleep(delay)
    return Outcome.RETRY_LATER
