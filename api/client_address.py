"""The client's address, found one way for everything that counts per address:
django-axes lockouts (AXES_CLIENT_IP_CALLABLE) and the DRF throttles.

With no proxy in front (PROXY_COUNT=0) it is REMOTE_ADDR and X-Forwarded-For is
ignored: anyone can write that header. Behind PROXY_COUNT trusted proxies, each
appends the address it was called from, so the client is the PROXY_COUNT-th
address from the right; what stands further left was written by the client.
"""

import ipaddress

from django.conf import settings

CACHE_ATTRIBUTE = "_neckline_client_address"


def client_address(request) -> str:
    request = getattr(request, "_request", request)  # a DRF request wraps Django's
    address = getattr(request, CACHE_ATTRIBUTE, None)
    if address is None:
        address = _resolve(request.META, settings.PROXY_COUNT)
        setattr(request, CACHE_ATTRIBUTE, address)
    return address


def _resolve(meta, proxy_count: int) -> str:
    remote = meta.get("REMOTE_ADDR", "")
    if proxy_count <= 0:
        return remote
    hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxy_count:
        return remote  # not through all the proxies: the peer is the client
    candidate = hops[-proxy_count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
