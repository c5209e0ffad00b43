"""Sending one Web Push message: RFC 8291 encryption (aes128gcm) and RFC 8292
VAPID through pywebpush, with timeouts, bounded retries and clear outcomes.

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

import requests
from django.conf import settings
from py_vapid import Vapid02
from pywebpush import WebPusher, WebPushException

from config.vapid import load_private_key

logger = logging.getLogger(__name__)

# A VAPID token is valid for up to 24 hours; we sign for 12 and re-sign after 1,
# so one signature per push service per hour instead of one per message.
VAPID_TOKEN_SECONDS = 12 * 60 * 60
VAPID_RESIGN_SECONDS = 60 * 60


class Outcome(enum.Enum):
    SENT = "sent"
    GONE = "gone"  # 404/410: the subscription expired or was revoked; delete it
    RETRY_LATER = "retry_later"  # still failing after the retries here; a later pass may retry
    REJECTED = "rejected"  # another 4xx: our request is wrong; retrying would not help


@lru_cache(maxsize=1)
def _vapid() -> Vapid02:
    return Vapid02(private_key=load_private_key(settings.VAPID_PRIVATE_KEY))


_local = threading.local()


class _NoRedirectSession(requests.Session):
    """Never follows a redirect: the endpoint allow-list checks the one URL we POST to,
    so a push service answering 3xx to an internal address is refused, not followed."""

    def request(self, *args, **kwargs):
        kwargs["allow_redirects"] = False
        return super().request(*args, **kwargs)

    def get_redirect_target(self, response):
        return None  # belt and braces: resolve_redirects has nothing to follow


def _session() -> requests.Session:
    # One keep-alive session per thread: most messages go to one or two push services.
    if not hasattr(_local, "session"):
        _local.session = _NoRedirectSession()
        # With no proxy configured, skip requests' per-request reading of the environment
        # and ~/.netrc (a quarter of a push's CPU); with one, requests applies it as usual.
        _local.session.trust_env = bool(urllib.request.getproxies())
        _local.tokens = {}
    return _local.session


def _authorization(endpoint: str) -> dict:
    parts = urlsplit(endpoint)
    audience = f"{parts.scheme}://{parts.netloc}"
    _session()
    cached = _local.tokens.get(audience)
    now = time.time()
    if cached is None or cached[0] < now:
        claims = {"aud": audience, "exp": int(now) + VAPID_TOKEN_SECONDS, "sub": settings.VAPID_SUBJECT}
        cached = (now + VAPID_RESIGN_SECONDS, _vapid().sign(claims))
        _local.tokens[audience] = cached
    return cached[1]


def _retry_after(response: requests.Response) -> float | None:
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


def _retry_delay(response: requests.Response, attempt: int) -> float | None:
    """Seconds to wait before the next attempt, or None when Retry-After asks for
    longer than we are willing to hold a worker (a later pass will try again)."""
    asked = _retry_after(response)
    delay = settings.PUSH_BACKOFF_SECONDS * 2 ** (attempt - 1) if asked is None else asked
    return delay if delay <= settings.PUSH_MAX_RETRY_AFTER_SECONDS else None


def _origin(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


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
    """This process's senders: PUSH_CONCURRENCY threads, each with its keep-alive
    session. Made again in a forked worker child (threads do not survive a fork)."""
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
    host = urlsplit(endpoint).hostname
    try:
        pusher = WebPusher(
            {"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}}, requests_session=_session()
        )
    except (WebPushException, ValueError):  # keys the API would have refused (stored some other way)
        logger.error("push subscription at %s has unusable keys", host)
        return Outcome.REJECTED
    data = json.dumps(payload, separators=(",", ":")).encode()
    # The Topic header lets the push service replace an undelivered copy of the
    # same message, so a rare re-send after a crash shows once on the phone.
    headers = {**_authorization(endpoint), "Urgency": "normal", **({"Topic": topic} if topic else {})}
    origin = _origin(endpoint)
    for attempt in range(1, settings.PUSH_MAX_ATTEMPTS + 1):
        if not pauses.wait_for(origin):
            logger.warning("push to %s held back: the service asked us to wait", host)
            return Outcome.RETRY_LATER
        try:
            response = pusher.send(
                data,
                headers,
                ttl=ttl,
                timeout=(settings.PUSH_CONNECT_TIMEOUT_SECONDS, settings.PUSH_READ_TIMEOUT_SECONDS),
            )
        except requests.RequestException as exc:
            logger.warning("push to %s failed (attempt %d): %s", host, attempt, type(exc).__name__)
            delay = settings.PUSH_BACKOFF_SECONDS * 2 ** (attempt - 1)
        else:
            status = response.status_code
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
