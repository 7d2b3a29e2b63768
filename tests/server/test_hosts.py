"""Which Host and Origin headers the dev server answers."""

from __future__ import annotations

import pytest

from wren.server.hosts import host_guard_for, host_of, is_loopback


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("localhost:8000", "localhost"),
        ("LOCALHOST", "localhost"),
        ("localhost.:8000", "localhost"),
        ("127.0.0.1:8000", "127.0.0.1"),
        ("[::1]:8000", "::1"),
        ("[::1]", "::1"),
        ("", None),
        (None, None),
        ("[::1", None),
        ("[::1]x", None),
        ("localhost:80x", None),
        ("::1", None),  # IPv6 needs brackets
    ],
)
def test_host_headers_are_read_without_port_or_brackets(
    header: str | None, name: str | None
) -> None:
    assert host_of(header) == name


@pytest.mark.parametrize(
    "host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "app.localhost:8000"]
)
def test_a_loopback_server_answers_local_host_names(host: str) -> None:
    assert host_guard_for("127.0.0.1").allows_host(host)


@pytest.mark.parametrize(
    "host", ["evil.example:8000", "127.0.0.1.nip.io", "192.168.1.20:8000", "", None]
)
def test_a_loopback_server_refuses_other_host_names(host: str | None) -> None:
    assert not host_guard_for("127.0.0.1").allows_host(host)


def test_a_server_bound_to_one_address_answers_that_address() -> None:
    guard = host_guard_for("192.168.1.20")
    assert guard.allows_host("192.168.1.20:8000")
    assert not guard.allows_host("192.168.1.21:8000")
    assert not guard.allows_host("rebind.example:8000")


def test_a_wildcard_server_answers_ip_literals_but_not_other_names() -> None:
    guard = host_guard_for("0.0.0.0")
    assert guard.allows_host("192.168.1.20:8000")
    assert guard.allows_host("[fe80::1]:8000")
    assert not guard.allows_host("rebind.example:8000")


@pytest.mark.parametrize("origin", [None, "http://127.0.0.1:8000", "http://localhost:8000"])
def test_the_reload_channel_accepts_its_own_origin(origin: str | None) -> None:
    assert host_guard_for("127.0.0.1").allows_origin(origin)


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "null", "file://", "http://rebind.example:8000"]
)
def test_the_reload_channel_refuses_other_origins(origin: str) -> None:
    assert not host_guard_for("127.0.0.1").allows_origin(origin)


@pytest.mark.parametrize(
    ("bind", "loopback"),
    [("127.0.0.1", True), ("::1", True), ("localhost", True), ("0.0.0.0", False), ("::", False)],
)
def test_only_loopback_addresses_count_as_private(bind: str, loopback: bool) -> None:
    assert is_loopback(bind) is loopback
