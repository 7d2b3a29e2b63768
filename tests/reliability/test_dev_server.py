"""The dev server under bad requests and bounded load (loopback only): it stays up, answers
every connection, and never lets a request name another host."""

from __future__ import annotations

import concurrent.futures
import select
import socket
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "server"))

from servekit import get, running_server


def raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
        return data


def status(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


def test_an_absolute_form_target_naming_another_host_is_refused(small_site: Path) -> None:
    with running_server(small_site) as server:
        port = server.port
        answer = raw(port, b"GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert status(answer) == 400
        assert get(port, "/").status == 200


def test_a_websocket_key_that_is_not_base64_is_a_bad_request_not_an_error(
    small_site: Path,
) -> None:
    with running_server(small_site) as server:
        port = server.port
        request = (
            "GET /__wren/live HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: ключключключключключключ==\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
        assert status(raw(port, request)) == 400
        assert get(port, "/").status == 200


def connect_at_once(port: int, count: int) -> tuple[list[socket.socket], float]:
    """``count`` connections started together, as a page load does; the seconds until the
    last one was established."""
    sockets = [socket.socket() for _ in range(count)]
    started = time.monotonic()
    for sock in sockets:
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", port))
    waiting = set(sockets)
    deadline = started + 20
    while waiting and time.monotonic() < deadline:
        _, ready, _ = select.select([], list(waiting), [], 0.05)
        waiting -= set(ready)
    for sock in sockets:
        sock.setblocking(True)
        sock.settimeout(20)
    return sockets, time.monotonic() - started


def test_two_hundred_connections_at_once_are_all_answered_quickly(small_site: Path) -> None:
    with running_server(small_site) as server:
        port = server.port
        sockets, connecting = connect_at_once(port, 200)
        try:
            # A connection the listen queue has no room for is dropped, and the client tries
            # again only after TCP's first retransmission time-out: one second.
            assert connecting < 1.0
            for sock in sockets:
                sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")

            def answer(sock: socket.socket) -> int:
                data = b""
                while b"\r\n" not in data:
                    chunk = sock.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                return status(data)

            with concurrent.futures.ThreadPoolExecutor(32) as pool:
                statuses = list(pool.map(answer, sockets))
        finally:
            for sock in sockets:
                sock.close()
        assert statuses == [200] * 200


def drip(sock: socket.socket, data: bytes, pause: float) -> int:
    """Send ``data`` one byte at a time; how many bytes went out before the server hung up."""
    for sent, byte in enumerate(data):
        readable, _, _ = select.select([sock], [], [], 0)
        if readable and not sock.recv(4096):
            return sent
        try:
            sock.send(bytes([byte]))
        except OSError:  # reset by the server
            return sent
        time.sleep(pause)
    return len(data)


def test_a_request_drip_fed_a_byte_at_a_time_is_cut_off_at_its_header_deadline(
    small_site: Path,
) -> None:
    request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"." * 40 + b"\r\n\r\n"
    with running_server(small_site, header_seconds=1.0) as server:
        port = server.port
        with socket.create_connection(("127.0.0.1", port), timeout=10) as slow:
            sent = drip(slow, request, pause=0.1)  # 8 s for the whole request
            assert sent < len(request)
            assert get(port, "/").status == 200
        # Headers sent in parts, within the deadline, are answered.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(request[:20])
            time.sleep(0.3)
            sock.sendall(request[20:])
            assert status(sock.recv(4096)) == 200
