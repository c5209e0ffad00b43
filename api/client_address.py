"""The client's address, found one way for everything that counts per address:
django-axes lockouts (AXES_CLIENT_IP_CALLABLE) and the DRF throttles.

X-Forwarded-For is anyone's to write, so it is read only when the connecting
address (REMOTE_ADDR) is one of TRUSTED_PROXIES. Each proxy appends the address it
was called from: reading from the right, the first address that is not a trusted
proxy is the client; whatever stands further left was written by the client.

IPv6 addresses are counted per /64 (as the network address of that /64): one
subscriber is usually handed a whole /64, and would otherwise get 2**64 fresh
addresses to guess from.
"""

import ipaddress

from django.conf import settings

CACHE_ATTRIBUTE = "_neckline_client_address"


def client_address(request) -> str:
    request = getattr(request, "_request", request)  # a DRF request wraps Django's
    address = getattr(request, CACHE_ATTRIBUTE, None)
    if address is None:
        address = _resolve(request.META, settings.TRUSTED_PROXIES)
        setattr(request, CACHE_ATTRIBUTE, address)
    return address


def _resolve(meta, trusted: list) -> str:
    remote = _parse(meta.get("REMOTE_ADDR", ""))
    if remote is None:
        return meta.get("REMOTE_ADDR", "")
    client = remote
    if _is_trusted(remote, trusted):
        hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        for hop in reversed(hops):
            address = _parse(hop)
            if address is None:
                break  # garbage written by the client: the last proxy's peer is all we know
            client = address
            if not _is_trusted(address, trusted):
                break
    return _grouped(client)


def _parse(text: str):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _is_trusted(address, trusted: list) -> bool:
    return any(address in network for network in trusted)


def _grouped(address) -> str:
    if address.version == 6 and address.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    if address.version == 6:
        return str(address.ipv4_mapped)
    return str(address)


def parse_trusted_proxies(values: list[str]) -> list:
    """TRUSTED_PROXIES from the environment: addresses or networks (10.0.0.0/8)."""
    return [ipaddress.ip_network(value, strict=False) for value in values]
