"""Helpers for the dev server tests: a running server, raw HTTP, a WebSocket client, polling."""

from __future__ import annotations

import base64
import http.client
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from wren.server import DevServer, ServeOptions

T = TypeVar("T")

SITE = """
-- site.toml --
title = "Live"
base_url = "https://example.org/"
-- content/posts/2026-01-01-first.md --
---
title: First
date: 2026-01-01
tags: [notes]
---
The first post.
-- content/posts/2026-01-02-second.md --
---
title: Second
date: 2026-01-02
---
The second post.
-- static/style.css --
body { margin: 0; }
"""

FIRST_POST = "content/posts/2026-01-01-first.md"
BROKEN_FRONT_MATTER = "---\ntitle: First\ndate: <b>soon</b>\n---\nThe first post.\n"
BROKEN_AT = f"{FIRST_POST}:3: "  # where the error is reported


def post_text(title: str, body: str, date: str = "2026-01-01") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n---\n{body}\n"


def wait_until(check: Callable[[], T | None], timeout: float = 10.0, what: str = "") -> T:
    """Poll ``check`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or check}")
        time.sleep(0.02)


def save(path: Path, text: str) -> None:
    """Write ``text`` as an editor would: to a temporary file, then renamed over ``path``."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@dataclass
class RecordingReporter:
    lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def info(self, text: str) -> None:
        with self._lock:
            self.lines.append(text)

    def warning(self, text: str) -> None:
        with self._lock:
            self.lines.append(f"warning: {text}")

    def error(self, text: str) -> None:
        with self._lock:
            self.errors.append(text)


@contextmanager
def running_server(site: Path, **options: Any) -> Iterator[DevServer]:
    """A dev server on a free port, its first build finished (good or not)."""
    reporter = RecordingReporter()
    server = DevServer(site, ServeOptions(port=0, **options), reporter)
    server.start()
    try:
        wait_until(lambda: not server.state.current.building, what="the first build")
        yield server
    finally:
        server.close()


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def get(port: int, path: str, headers: dict[str, str] | None = None) -> Response:
    """GET ``path`` exactly as given (http.client does not normalize it)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        all_headers = {"Host": f"127.0.0.1:{port}", **(headers or {})}
        for name, value in all_headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        answer = connection.getresponse()
        return Response(answer.status, dict(answer.getheaders()), answer.read())
    finally:
        connection.close()


def raw_get(port: int, target: bytes, host: bytes = b"127.0.0.1") -> int:
    """Send a request line byte for byte (NUL bytes included); return the status code."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
        head = sock.recv(4096)
    return int(head.split(b" ", 2)[1])


class LiveSocket:
    """A minimal WebSocket client for the live-reload channel: reads the server's messages."""

    def __init__(self, port: int, origin: str | None = None, host: str = "127.0.0.1") -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            "GET /__wren/live HTTP/1.1",
            f"Host: {host}:{port}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
        ]
        if origin is not None:
            lines.append(f"Origin: {origin}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            self.buffer += chunk
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        self.status = int(head.split(b" ", 2)[1])
        self.head = head.decode("latin-1")

    def _read(self, size: int) -> bytes:
        while len(self.buffer) < size:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the server closed the channel")
            self.buffer += chunk
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def receive(self, timeout: float = 10.0) -> dict[str, Any]:
        """The next JSON message (pings skipped)."""
        self.sock.settimeout(timeout)
        while True:
            first, second = self._read(2)
            size = second & 0x7F
            if size == 126:
                size = int.from_bytes(self._read(2), "big")
            elif size == 127:
                size = int.from_bytes(self._read(8), "big")
            payload = self._read(size)
            opcode = first & 0x0F
            if opcode == 0x8:
                raise ConnectionError("the server closed the channel")
            if opcode == 0x1:
                message: dict[str, Any] = json.loads(payload)
                return message

    def receive_until(self, kind: str, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            message = self.receive(max(0.05, deadline - time.monotonic()))
            if message["type"] == kind:
                return message

    def send_close(self) -> None:
        """Send a Close frame (going away), masked as a client must."""
        mask, payload = os.urandom(4), (1001).to_bytes(2, "big")
        masked = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
        self.sock.sendall(bytes([0x88, 0x80 | len(payload)]) + mask + masked)

    def close(self) -> None:
        self.sock.close()
