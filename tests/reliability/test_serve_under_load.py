"""``wren serve`` under bounded load, on the loopback address: a burst of saves, clients
that never read, malformed WebSocket frames, and its memory over many connections."""

from __future__ import annotations

import concurrent.futures
import re
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from websockets.frames import Close, Opcode

sys.path.insert(0, str(Path(__file__).parent.parent / "server"))

from servekit import (
    LiveSocket,
    RawChannel,
    RecordingReporter,
    get,
    running_server,
    save,
    serving,
    wait_until,
)

from wren.server import DevServer
from wren.server.watch import BUILD_INTERVAL_S

POST = "content/posts/2026-01-01-first.md"
PAGE = "/posts/first/"


def post_version(number: int) -> str:
    return f"---\ntitle: First post\ndate: 2026-01-01\ntags: [rust]\n---\nVersion {number}.\n"


def page_showing(port: int, text: str) -> str | None:
    page = get(port, PAGE).text
    return page if text in page else None


def build_of(page: str) -> str:
    found = re.search(r'data-build="([^"]+)"', page)
    assert found is not None, page
    return found.group(1)


def updates_until(live: LiveSocket, build: str) -> list[dict[str, Any]]:
    """The updates a tab is sent up to the one that announces ``build``."""
    updates = []
    while True:
        message = live.receive(timeout=30)
        if message["type"] == "update":
            updates.append(message)
            if message["build"] == build:
                return updates


def tells_to_reload(update: dict[str, Any], output: str) -> bool:
    return update["changed"] is None or output in update["changed"]


@pytest.mark.slow
def test_a_burst_of_a_hundred_saves_ends_with_the_last_text_in_every_tab(
    small_site: Path,
) -> None:
    with serving(str(small_site), "--port", "0") as child:
        port = child.ready(timeout=60)
        tabs = [LiveSocket(port) for _ in range(5)]
        for tab in tabs:
            assert tab.receive()["type"] == "hello"
        started = time.monotonic()
        for number in range(100):  # about 1.5 s of saves
            save(small_site / POST, post_version(number))
            time.sleep(0.015)
        burst = time.monotonic() - started
        page = wait_until(lambda: page_showing(port, "Version 99."), 60, "the last save")
        served = build_of(page)
        for tab in tabs:
            updates = updates_until(tab, served)
            assert any(tells_to_reload(u, "posts/first/index.html") for u in updates)
            tab.close()
        code, stderr = child.interrupt()
    assert (code, stderr) == (0, "")
    rebuilds = [line for line in child.seen if line.startswith(POST)]
    # Saves are built in batches, one build at a time, starting at most every BUILD_INTERVAL_S.
    most = 2 + burst / BUILD_INTERVAL_S
    assert 1 <= len(rebuilds) <= most, (burst, rebuilds)
    assert not any("Traceback" in line or "warning" in line for line in child.seen)


def test_clients_that_never_read_do_not_keep_others_waiting(
    make_small_site: Callable[[str], Path],
) -> None:
    site = make_small_site("-- static/big.bin --\n" + "x" * 4_000_000 + "\n")
    with running_server(site) as server:
        port = server.port
        stalled = []
        for _ in range(20):  # each asks for 4 MB and reads none of it
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.connect(("127.0.0.1", port))
            sock.sendall(b"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            stalled.append(sock)
        silent = [RawChannel(port) for _ in range(20)]  # WebSockets that never read again
        live = LiveSocket(port)
        try:
            live.receive()
            started = time.monotonic()
            for _ in range(20):
                assert get(port, "/").status == 200
            save(site / POST, post_version(1))
            assert live.receive_until("update")["changed"]
            # An idle connection is closed after a minute; these took a few seconds at most.
            assert time.monotonic() - started < 20
        finally:
            live.close()
            for sock in stalled:
                sock.close()
            for channel in silent:
                channel.close()
        assert_quiet(server)


def test_a_tab_that_stops_reading_is_let_go_instead_of_queued_for(small_site: Path) -> None:
    # 250 messages of 128 KiB: more than the kernel buffers for a tab that reads none.
    messages = 250
    with running_server(small_site) as server:
        stuck = [RawChannel(server.port) for _ in range(3)]
        for channel in stuck:
            channel.frames_until(Opcode.TEXT)  # the hello; nothing more is read
        reading = LiveSocket(server.port)
        reading.receive()
        numbers: list[int] = []

        def read() -> None:
            while len(numbers) < messages:
                numbers.append(int(reading.receive(timeout=30)["number"]))

        reader = threading.Thread(target=read)
        reader.start()
        try:
            for number in range(messages):
                server.channel.publish({"type": "test", "number": number, "pad": "x" * 2**17})
                time.sleep(0.02)
            reader.join(60)
            assert numbers == list(range(messages))
            assert server.channel.listeners == 1  # the stuck ones were closed
        finally:
            reading.close()
            for channel in stuck:
                channel.close()


def frame(first: int, payload: bytes, masked: bool = True, length: int | None = None) -> bytes:
    """One WebSocket frame laid out by hand: ``first`` is FIN, RSV and the opcode."""
    size = len(payload) if length is None else length
    mask_bit = 0x80 if masked else 0
    if size < 126:
        head = struct.pack("!BB", first, mask_bit | size)
    elif size < 2**16:
        head = struct.pack("!BBH", first, mask_bit | 126, size)
    else:
        head = struct.pack("!BBQ", first, mask_bit | 127, size)
    if not masked:
        return head + payload
    key = b"\x01\x02\x03\x04"
    return head + key + bytes(byte ^ key[i % 4] for i, byte in enumerate(payload))


FIN_TEXT, FIN_BINARY = 0x81, 0x82
MALFORMED = {
    "a reserved opcode": (frame(0x83, b"x"), 1002),
    "an unmasked frame": (frame(FIN_TEXT, b"hello", masked=False), 1002),
    "a length over the limit": (frame(FIN_BINARY, b"", length=2**40), 1009),
    "text that is not UTF-8": (frame(FIN_TEXT, b"caf\xc3("), 1007),
    "text that is not UTF-8 in a continuation": (
        frame(0x01, b"caf\xc3") + frame(0x80, b"("),
        1007,
    ),
    "reserved bits set": (frame(0xF1, b"x"), 1002),
    "a fragmented Ping": (frame(0x09, b"x"), 1002),
}


def assert_quiet(server: DevServer) -> None:
    """The server wrote no error and no warning."""
    reporter = server.reporter
    assert isinstance(reporter, RecordingReporter)
    assert not reporter.errors
    assert not [line for line in reporter.lines if line.startswith("warning")]


@contextmanager
def only_one_connection_fails(server: DevServer, site: Path) -> Iterator[None]:
    """Around breaking one WebSocket: another tab stays and is told of the next build,
    pages are served, and the server writes no error or warning."""
    bystander = LiveSocket(server.port)
    try:
        bystander.receive()
        yield
        wait_until(lambda: server.channel.listeners == 1, what="the channel to let go")
        save(site / POST, post_version(1))
        assert bystander.receive_until("update")["changed"]
        assert get(server.port, "/").status == 200
    finally:
        bystander.close()
    assert_quiet(server)


@pytest.mark.parametrize("bad", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_frame_closes_its_connection_with_the_right_code_and_nothing_else(
    small_site: Path, bad: tuple[bytes, int]
) -> None:
    data, code = bad
    with running_server(small_site) as server, only_one_connection_fails(server, small_site):
        channel = RawChannel(server.port)
        try:
            channel.frames_until(Opcode.TEXT)  # the hello
            channel.sock.sendall(data)
            close = channel.frames_until(Opcode.CLOSE)[-1]
            assert Close.parse(close.data).code == code
            assert channel.at_eof()
        finally:
            channel.close()


def test_a_text_message_split_inside_a_character_is_accepted(small_site: Path) -> None:
    with running_server(small_site) as server:
        channel = RawChannel(server.port)
        try:
            channel.frames_until(Opcode.TEXT)
            ping = frame(0x89, b"still there?")
            channel.sock.sendall(frame(0x01, b"caf\xc3") + frame(0x80, b"\xa9") + ping)
            assert channel.frames_until(Opcode.PONG)[-1].data == b"still there?"
        finally:
            channel.close()


def test_a_truncated_frame_closes_its_connection_and_nothing_else(small_site: Path) -> None:
    with running_server(small_site) as server, only_one_connection_fails(server, small_site):
        channel = RawChannel(server.port)
        try:
            channel.frames_until(Opcode.TEXT)
            channel.sock.sendall(frame(FIN_TEXT, b"0123456789" * 10)[:30])
            channel.sock.shutdown(socket.SHUT_WR)  # the tab goes away mid-frame
            assert channel.at_eof()
        finally:
            channel.close()


def load_round(port: int, site: Path, first_version: int) -> None:
    """500 page requests, 100 live-reload connections and 20 rebuilds, one after another."""
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        paths = ["/", PAGE, "/tags/", "/missing/", "/app.css"] * 100
        assert all(s in (200, 404) for s in pool.map(lambda p: get(port, p).status, paths))
    for _ in range(100):
        tab = LiveSocket(port)
        assert tab.receive()["type"] == "hello"
        tab.close()
    for number in range(first_version, first_version + 20):
        save(site / POST, post_version(number))
        wait_until(lambda n=number: page_showing(port, f"Version {n}."), 30, "the rebuild")


@pytest.mark.slow
def test_memory_stays_bounded_over_many_connections_and_rebuilds(small_site: Path) -> None:
    with serving(str(small_site), "--port", "0") as child:
        port = child.ready(timeout=60)
        load_round(port, small_site, 0)  # warm: caches, threads and imports settle
        threads = wait_until(lambda: child.threads() <= 8 and child.threads(), what="threads")
        rss = [child.rss_mb()]
        for round_number in range(1, 4):
            load_round(port, small_site, round_number * 100)
            # Every connection's thread ends with it.
            wait_until(lambda: child.threads() <= threads, what="the connections' threads")
            rss.append(child.rss_mb())
        code, stderr = child.interrupt()
    assert (code, stderr) == (0, "")
    assert max(rss) - rss[0] < 10, rss  # MiB, after 1,500 requests, 300 tabs, 60 rebuilds
