"""Hosts: which ``Host`` and ``Origin`` headers the dev server answers.

A page on any web site can make the reader's browser send requests to ``127.0.0.1``; with
DNS rebinding it can even read the answers, under its own host name. So the server answers
only requests whose ``Host`` is localhost or the address it is bound to, and the live-reload
channel, which browsers open across origins without asking, also checks ``Origin``.

Bound to a wildcard address (``0.0.0.0``, ``::``) the server is meant to be reached from
other machines, so any IP literal and this machine's own names are accepted as well: a
rebinding attack needs a host name the attacker controls, never an IP literal.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["HostGuard", "host_guard_for", "host_of", "is_loopback"]

_LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_WILDCARDS = frozenset({"0.0.0.0", "::", ""})


@dataclass(frozen=True, slots=True)
class HostGuard:
    names: frozenset[str]  # lower case, without port, brackets or a trailing dot
    any_ip: bool = False

    def allows_host(self, header: str | None) -> bool:
        name = host_of(header)
        if name is None:
            return False
        if name in self.names or name.endswith(".localhost"):
            return True
        return self.any_ip and _is_ip(name)

    def allows_origin(self, header: str | None) -> bool:
        """No ``Origin`` (a same-origin or non-browser client) or one of the allowed hosts."""
        if header is None:
            return True
        parts = urlsplit(header.strip())
        if parts.scheme not in ("http", "https"):
            return False  # includes the opaque origin "null"
        return self.allows_host(parts.netloc)


def host_guard_for(bind: str) -> HostGuard:
    """The guard for a server bound to ``bind``."""
    bound = bind.strip("[]").lower()
    if bound in _WILDCARDS:
        names = {socket.gethostname().lower(), socket.getfqdn().lower()}
        return HostGuard(_LOCAL_NAMES | names, any_ip=True)
    return HostGuard(_LOCAL_NAMES | {bound})


def host_of(header: str | None) -> str | None:
    """The host name of a ``Host`` header (``[::1]:8000`` -> ``::1``), or None if malformed."""
    if not header:
        return None
    text = header.strip().lower()
    if text.startswith("["):
        name, closed, rest = text[1:].partition("]")
        if not closed or (rest and not (rest.startswith(":") and rest[1:].isdigit())):
            return None
        return name or None
    name, _, port = text.partition(":")
    if port and not port.isdigit():
        return None
    name = name.rstrip(".")
    return name or None


def is_loopback(bind: str) -> bool:
    """Whether an address to bind to is reachable from this machine only."""
    host = bind.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
