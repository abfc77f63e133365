"""Who is asking: the bucket identifier for a request.

Signed-in callers are counted per user, anonymous ones per client address, never
in one shared bucket. Behind STUDIO_TRUSTED_PROXIES reverse proxies the client's
address is the entry that many hops from the right of X-Forwarded-For (entries
further left were written by the client and can be forged).
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

IPV6_PREFIX = 64  # one IPv6 customer gets a /64: count it as one address
USER_PREFIX = "user:"


def _parse(address):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.STUDIO_TRUSTED_PROXIES
    address = None
    if proxies:
        hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if hops:
            address = _parse(hops[-min(proxies, len(hops))])
    address = address or _parse(remote)
    if address is None:
        raise ImproperlyConfigured(
            f"Cannot tell who sent this request: REMOTE_ADDR={remote!r}. Behind a proxy on a socket, "
            "set STUDIO_TRUSTED_PROXIES to the number of proxies that add X-Forwarded-For."
        )
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False).network_address)
    return str(address)


def user_identifier(user):
    return f"{USER_PREFIX}{user.pk}"


def bucket_identifier(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user_identifier(user)
    return f"ip:{client_ip(request)}"
