"""Throttles for entering share codes. Codes carry 60 random bits, so guessing
is hopeless anyway; the throttles keep it that way and make probing visible.
DRF keeps the counts in the default cache (Redis), so every web process counts
together."""

from rest_framework.throttling import ScopedRateThrottle


class ScopedAddressRateThrottle(ScopedRateThrottle):
    """Like ScopedRateThrottle, but per client address whoever is logged in
    (one person with many accounts is still one address), with the rate named
    by the view's `throttle_scope_address`."""

    scope_attr = "throttle_scope_address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
