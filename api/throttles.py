"""Request throttles, counted in the shared Redis cache so that every web process
agrees. Each counts per user or per client address; a view names its scope.

A Redis outage must not stop a patient saving an entry, so a throttle whose
cache is unreachable lets the request through (and says so in the log).
"""

import logging

from redis.exceptions import RedisError
from rest_framework.throttling import SimpleRateThrottle

log = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class _Throttle(SimpleRateThrottle):
    """Counts requests per `ident` under a scope `<view scope>.<kind>`."""

    kind = ""
    writes_only = False

    def __init__(self):
        pass  # the rate depends on the view, so it is read in allow_request

    def scope_of(self, view) -> str:
        return getattr(view, "throttle_scope", "")

    def allow_request(self, request, view):
        if self.writes_only and request.method in SAFE_METHODS:
            return True
        self.scope = f"{self.scope_of(view)}.{self.kind}"
        if self.scope not in self.THROTTLE_RATES:
            return True  # this view has no limit of this kind
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except RedisError:
            log.warning("throttle cache unreachable; request allowed", extra={"method": request.method})
            return True


class PerUser(_Throttle):
    kind = "user"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class PerAddress(_Throttle):
    kind = "address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class _Writes:
    """Every unsafe request, whatever its view, counts against the "writes" limits."""

    writes_only = True

    def scope_of(self, view) -> str:
        return "writes"


class WritesPerUser(_Writes, PerUser):
    pass


class WritesPerAddress(_Writes, PerAddress):
    pass
