"""Request throttles, counted in the shared Redis cache so that every web process
agrees. Each counts per user or per client address; a view names its scope.

Every limit that applies to a request (the "writes" limits and the view's own) is
counted in one pipelined round trip to Redis, with the cache's reused client: the
first throttle DRF asks counts for all of them and keeps the answers on the request.
Counters are fixed windows (one INCR per limit), so a check costs the same however
busy the caller is.

A Redis outage must not stop a patient saving an entry, so most throttles let the
request through when the cache is unreachable (and say so in the log). Logins and
share codes are what an attacker guesses: those scopes (FAIL_CLOSED_SCOPES) count in
the database instead while Redis is away, next to django-axes' database lockout.
"""

import logging
import time

from django.core.cache import caches
from redis.exceptions import RedisError
from rest_framework.throttling import SimpleRateThrottle

from api.client_address import client_address
from diary.redis_client import redis_client
from diary.services.throttles import throttle_hit

log = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
FAIL_CLOSED_SCOPES = ("login", "share_code")
VERDICTS = "_neckline_throttle_verdicts"


class _Throttle(SimpleRateThrottle):
    """Counts requests per `ident` under a scope `<view scope>.<kind>`."""

    kind = ""
    writes_only = False

    def __init__(self):
        pass  # the rate depends on the view, so it is read when counting

    def scope_of(self, view) -> str:
        return getattr(view, "throttle_scope", "")

    def ident(self, request) -> str | None:
        raise NotImplementedError

    def rule(self, request, view) -> tuple[str, str, int, int] | None:
        """(scope, ident, limit, window seconds), or None where this throttle does not apply."""
        if self.writes_only and request.method in SAFE_METHODS:
            return None
        scope = f"{self.scope_of(view)}.{self.kind}"
        rate = self.THROTTLE_RATES.get(scope)
        ident = self.ident(request)
        if rate is None or ident is None:
            return None
        limit, window = self.parse_rate(rate)
        return scope, str(ident), limit, window

    def allow_request(self, request, view):
        rule = self.rule(request, view)
        if rule is None:
            return True
        verdicts = getattr(request, VERDICTS, None)
        if verdicts is None:
            rules = {found for throttle in view.get_throttles() if (found := throttle.rule(request, view))}
            verdicts = count(rules, method=request.method)
            setattr(request, VERDICTS, verdicts)
        self.wait_seconds = verdicts.get(rule)
        return self.wait_seconds is None

    def wait(self):
        return self.wait_seconds


def count(rules: set[tuple[str, str, int, int]], *, method: str) -> dict:
    """Count one hit against each rule; answer {rule: seconds to wait} for those over their limit."""
    now = time.time()
    keyed = {rule: _window_key(rule, now) for rule in rules}
    cache = caches["default"]
    try:
        with redis_client().pipeline(transaction=False) as pipe:
            for rule, key in keyed.items():
                name = cache.make_key(key)
                pipe.incr(name)
                pipe.expire(name, rule[3], nx=True)
            results = pipe.execute()
        hits = dict(zip(keyed, results[::2], strict=True))
    except RedisError:
        hits = {}
        for rule, key in keyed.items():
            scope = rule[0].split(".")[0]
            if scope in FAIL_CLOSED_SCOPES:
                hits[rule] = throttle_hit(key=key, window_seconds=rule[3])
        log.warning(
            "throttle cache unreachable; counted %d of %d limits in the database",
            len(hits),
            len(rules),
            extra={"method": method},
        )
    return {rule: _seconds_left(rule, now) for rule, n in hits.items() if n > rule[2]}


def _window_key(rule, now: float) -> str:
    scope, ident, _, window = rule
    return f"throttle:{scope}:{ident}:{int(now // window)}"


def _seconds_left(rule, now: float) -> float:
    window = rule[3]
    return window - (now % window)


class PerUser(_Throttle):
    kind = "user"

    def ident(self, request):
        if not request.user or not request.user.is_authenticated:
            return None
        return request.user.pk


class PerAddress(_Throttle):
    kind = "address"

    def ident(self, request):
        return client_address(request)


class _Writes:
    """Every unsafe request, whatever its view, counts against the "writes" limits."""

    writes_only = True

    def scope_of(self, view) -> str:
        return "writes"


class WritesPerUser(_Writes, PerUser):
    pass


class WritesPerAddress(_Writes, PerAddress):
    pass
