"""Who is asking: the client's address, read through the trusted proxies in front of the service only."""

import ipaddress
from functools import lru_cache
from types import SimpleNamespace

from django.conf import settings
from ipware import get_client_ip

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def is_trusted_proxy(address: str | None) -> bool:
    """True when ``address`` is one of the proxies settings.TRUSTED_PROXIES names (addresses or networks)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str | None:
    """The address sign-in lock-out and rate limits key on.

    A request that did not come from a trusted proxy is its own client: whatever X-Forwarded-For it carries is
    ignored, so no one can pose as another address. From a trusted proxy, the client is the hop the proxy
    saw, i.e. the last address before the proxy in the forwarded chain.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    forwarded = request.META.get(FORWARDED_HEADER, "")
    if not forwarded or not is_trusted_proxy(remote):
        return remote
    chain = SimpleNamespace(META={FORWARDED_HEADER: f"{forwarded}, {remote}"})
    address, _routable = get_client_ip(
        chain,
        proxy_trusted_ips=list(settings.TRUSTED_PROXIES),
        request_header_order=[FORWARDED_HEADER],
        strict=False,
    )
    return address or remote
