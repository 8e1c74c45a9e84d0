"""Where a webhook may be delivered: only to global addresses, unless the server allows private ones.

A URL whose host is a loopback, private, link-local, unique-local, unspecified, multicast or otherwise
non-global address, given as a literal or as a name that resolves to one, is refused (api.md), so a
tenant's admin cannot make the server POST into the network it runs in. The check runs when the
webhook is created and again at each attempt: a name may resolve elsewhere later (DNS rebinding), so
an attempt connects to the very address it checked (`Target`), with the name kept in the Host header
and in TLS's server name.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

#: The hint a refusal ends with.
_ALLOW = "the server runs without --allow-private-webhooks"


class AddressRefused(Exception):
    """The URL's host is, or resolves to, an address the server will not deliver to; or it does not
    resolve at all. The message says which, for the API's 422 and the delivery log."""


@dataclass(frozen=True)
class Target:
    """Where one attempt connects: the URL with its host replaced by a checked address, the Host
    header of the original URL, and the name TLS checks the certificate against."""

    url: httpx.URL
    headers: dict[str, str] = field(default_factory=dict)
    extensions: dict[str, str] = field(default_factory=dict)


def is_private(address: str) -> bool:
    """True for every address that is not a global unicast one (IPv4 mapped into IPv6 as IPv4)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 link-local address may name its zone
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.is_site_local:
            return True
    return not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local


def _host(url: httpx.URL) -> str:
    """The URL's host as the resolver takes it (IDNA); AddressRefused for one no name can be."""
    host = url.raw_host.decode("ascii")
    if _literal(host) is None:
        try:
            host.encode("idna")
        except UnicodeError:
            raise AddressRefused(f"{url.host} is not a valid host name") from None
    return host


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


async def _resolve(url: httpx.URL, host: str, seconds: float) -> list[str]:
    port = url.port or (443 if url.scheme == "https" else 80)
    async with asyncio.timeout(seconds):
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in found))


def _refuse_private(url: httpx.URL, addresses: list[str]) -> None:
    private = [address for address in addresses if is_private(address)]
    if not private:
        return
    if _literal(url.host) is not None:
        raise AddressRefused(f"{url.host} is a loopback or private address; {_ALLOW}")
    raise AddressRefused(f"{url.host} resolves to the private address {private[0]}; {_ALLOW}")


async def check_url(url: str, allow_private: bool, resolve_seconds: float = 5.0) -> None:
    """At creation: raises AddressRefused when the URL's host is or resolves to a private address.
    A name that does not resolve (now) is accepted; each attempt checks again, and fails until it does."""
    import httpx  # here: a server without webhooks never loads it (a fifth of a second at start)

    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise AddressRefused(f"not a URL the server can POST to: {error}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise AddressRefused("only http and https URLs with a host can receive webhooks")
    host = _host(parsed)
    if allow_private:
        return
    literal = _literal(host)
    if literal is not None:
        _refuse_private(parsed, [literal])
        return
    try:
        addresses = await _resolve(parsed, host, resolve_seconds)
    except (OSError, TimeoutError):
        return
    _refuse_private(parsed, addresses)


async def target_of(url: str, allow_private: bool, resolve_seconds: float) -> Target:
    """At each attempt: the checked address to connect to; raises AddressRefused when the host does
    not resolve or resolves to a private address (which `allow_private` lets through)."""
    import httpx  # as in check_url

    parsed = httpx.URL(url)
    host = _host(parsed)
    literal = _literal(host)
    if literal is not None:
        addresses = [literal]
    else:
        try:
            addresses = await _resolve(parsed, host, resolve_seconds)
        except TimeoutError:
            raise AddressRefused(f"{parsed.host} did not resolve within {resolve_seconds:g} s") from None
        except OSError as error:
            raise AddressRefused(f"{parsed.host} does not resolve: {error}") from None
        if not addresses:
            raise AddressRefused(f"{parsed.host} does not resolve")
    if not allow_private:
        _refuse_private(parsed, addresses)
    if literal is not None:
        return Target(parsed)
    netloc = parsed.netloc.decode("ascii")
    extensions = {"sni_hostname": host} if parsed.scheme == "https" else {}
    return Target(parsed.copy_with(host=addresses[0]), {"Host": netloc.rsplit("@", 1)[-1]}, extensions)
