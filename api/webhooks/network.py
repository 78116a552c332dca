"""Keeping webhook requests away from internal networks (SSRF).

An endpoint's host is resolved when it is registered and again on every request; every address
it resolves to must be public, and the request then connects to that vetted address itself (the
URL's host stays in the Host header and the TLS server name), so a name that later resolves
somewhere internal (DNS rebinding) is refused at connect time. Redirects are never followed and
proxy settings from the environment are ignored.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Sequence
from typing import Protocol

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


class UnsafeTarget(httpx.ConnectError):
    """The host resolves to an address webhooks may not reach."""


class Resolver(Protocol):
    async def resolve(self, host: str, port: int) -> list[str]: ...


class SystemResolver:
    async def resolve(self, host: str, port: int) -> list[str]:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
            )
        except UnicodeError as exc:
            # A name with an empty or over-long label cannot even be asked about: it does not
            # resolve, like any other unknown name.
            raise OSError(f"{host} is not a name that can resolve") from exc
        return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(address: IPAddress) -> bool:
    """Globally routable unicast: not loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7),
    link-local (169.254/16 with cloud metadata, fe80::/10), shared CGNAT (100.64/10),
    multicast, reserved or unspecified, including IPv4 hidden inside IPv6 forms."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return is_public(address.ipv4_mapped)
        if address.sixtofour is not None:
            return is_public(address.sixtofour)
        if address.teredo is not None or address in _NAT64:
            return False
    return bool(
        address.is_global
        and not address.is_multicast
        and not address.is_private
        and not address.is_loopback
        and not address.is_link_local
        and not address.is_reserved
        and not address.is_unspecified
    )


def is_loopback(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def parse_address(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None


# One answer whether a name does not resolve or resolves inside: what the server's resolver
# said maps its network, and is never told back (not even in the delivery log).
_NOT_PUBLIC = "{host} is not a public address"


async def vetted_addresses(
    host: str, port: int, resolver: Resolver, *, allow_loopback: bool
) -> list[IPAddress]:
    """Every address `host` resolves to, if all are allowed; otherwise UnsafeTarget."""
    literal = parse_address(host)
    if literal is not None:
        found: Sequence[IPAddress] = [literal]
    else:
        try:
            found = [
                address
                for text in await resolver.resolve(host, port)
                if (address := parse_address(text.split("%", 1)[0])) is not None
            ]
        except OSError as exc:
            raise UnsafeTarget(_NOT_PUBLIC.format(host=host)) from exc
        if not found:
            raise UnsafeTarget(_NOT_PUBLIC.format(host=host))
    for address in found:
        if is_public(address) or (allow_loopback and is_loopback(address)):
            continue
        raise UnsafeTarget(_NOT_PUBLIC.format(host=host))
    return list(found)


class VettedTransport(httpx.AsyncBaseTransport):
    """Resolves and vets the host of every request, then connects to the vetted address."""

    def __init__(
        self,
        resolver: Resolver,
        *,
        allow_loopback: bool,
        inner: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._resolver = resolver
        self._allow_loopback = allow_loopback
        self._inner = inner or httpx.AsyncHTTPTransport(retries=0, trust_env=False)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        port = request.url.port or (443 if request.url.scheme == "https" else 80)
        addresses = await vetted_addresses(
            host, port, self._resolver, allow_loopback=self._allow_loopback
        )
        # The Host header was set from the original URL when the request was built.
        request.url = request.url.copy_with(host=str(addresses[0]))
        if request.url.scheme == "https":
            request.extensions = {**request.extensions, "sni_hostname": host}
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()
