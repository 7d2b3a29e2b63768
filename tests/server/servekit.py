"""Helpers for the dev server tests: a running server, raw HTTP, the live-reload channel, polling."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from websockets.client import ClientProtocol
from websockets.exceptions import InvalidStatus
from websockets.frames import Frame, Opcode
from websockets.http11 import Response as WebSocketResponse
from websockets.protocol import Event
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin
from websockets.uri import parse_uri

from wren.errors import Diagnostic
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

    def diagnostic(self, diagnostic: Diagnostic) -> None:
        with self._lock:
            self.lines.append(diagnostic.format())


@contextmanager
def running_server(site: Path, **options: Any) -> Iterator[DevServer]:
    """A dev server on a free port, its first build finished (good or not), and its search
    index made, when the site has search and the build succeeded."""
    reporter = RecordingReporter()
    server = DevServer(site, ServeOptions(port=0, **options), reporter)
    server.start()
    try:
        wait_until(lambda: not server.state.current.building, what="the first build")
        wait_until(lambda: not server.indexer.busy, what="the search index")
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


def is_search_update(message: dict[str, Any]) -> bool:
    """Whether ``message`` announces a new search index (made after builds, in the background)."""
    changed = message.get("changed") or []
    search = [path for path in changed if path.startswith("pagefind/")]
    return message["type"] == "update" and bool(search) and search == changed


class LiveSocket:
    """The live-reload channel as a tab opens it, through the ``websockets`` client."""

    def __init__(self, port: int, origin: str | None = None, host: str = "127.0.0.1") -> None:
        self.status = 101
        self.socket: ClientConnection | None = None
        self._open = ExitStack()
        try:
            opening = connect(
                f"ws://{host}:{port}/__wren/live",
                sock=socket.create_connection(("127.0.0.1", port), timeout=10),
                origin=Origin(origin) if origin is not None else None,
                compression=None,
                open_timeout=10,
            )
            self.socket = self._open.enter_context(opening)
        except InvalidStatus as refused:
            self.status = refused.response.status_code

    @property
    def connection(self) -> ClientConnection:
        assert self.socket is not None, f"the channel was refused with {self.status}"
        return self.socket

    def receive(self, timeout: float = 10.0) -> dict[str, Any]:
        """The next JSON message; ``ConnectionClosed`` once the channel is closed."""
        message: dict[str, Any] = json.loads(self.connection.recv(timeout))
        return message

    def receive_until(self, kind: str, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            message = self.receive(max(0.05, deadline - time.monotonic()))
            if message["type"] == kind and not is_search_update(message):
                return message

    def close(self) -> None:
        self._open.close()


class RawChannel:
    """The live-reload channel on a bare socket: frames sent exactly as a test lays them out.

    The ``websockets`` sans-I/O client does the handshake and the framing (masking
    included); the test decides which frames go out in one write.
    """

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.client = ClientProtocol(parse_uri(f"ws://127.0.0.1:{port}/__wren/live"))
        self.client.send_request(self.client.connect())
        self._flush()
        self.pending: list[Event] = []
        self.frames_until(None)  # the handshake response

    def _flush(self) -> None:
        for data in self.client.data_to_send():
            if data:
                self.sock.sendall(data)

    def send_together(self, *frames: Frame) -> None:
        """Send ``frames`` masked, in a single write."""
        data = b"".join(frame.serialize(mask=True) for frame in frames)
        self.sock.sendall(data)

    def frames_until(self, opcode: Opcode | None) -> list[Frame]:
        """Frames received up to one with ``opcode`` (None: up to the handshake response)."""
        received: list[Frame] = []
        while True:
            while self.pending:
                event = self.pending.pop(0)
                if isinstance(event, WebSocketResponse):
                    assert event.status_code == 101
                    if opcode is None:
                        return received
                elif isinstance(event, Frame):
                    received.append(event)
                    if event.opcode is opcode:
                        return received
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("the server hung up")
            self.client.receive_data(data)
            self.pending.extend(self.client.events_received())

    def at_eof(self) -> bool:
        """Whether the server hangs up (reads until it does, or fails after the timeout)."""
        while self.sock.recv(65536):
            pass
        return True

    def close(self) -> None:
        self.sock.close()


WREN = str(Path(sys.executable).with_name("wren"))
URL_LINE = re.compile(r"http://127\.0\.0\.1:(\d+)/")  # what `wren serve` prints first


class ServeProcess:
    """``wren serve`` in a child process, its stdout read line by line in a thread."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
        self.process = subprocess.Popen(
            [WREN, "serve", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: queue.SimpleQueue[str] = queue.SimpleQueue()
        self.seen: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for_line(self, pattern: str, timeout: float = 15.0) -> re.Match[str]:
        while True:
            line = self.lines.get(timeout=timeout)
            self.seen.append(line)
            found = re.search(pattern, line)
            if found:
                return found

    def ready(self, timeout: float = 15.0) -> int:
        """Wait for the URL and the first build; return the port."""
        port = int(self.wait_for_line(URL_LINE.pattern, timeout).group(1))
        self.wait_for_line(r"^Built [\d,]+ pages in [\d,]+ ms", timeout)
        return port

    def rss_mb(self) -> float:
        """The server's resident memory in MiB, as the kernel counts it."""
        return self._status("VmRSS") / 1024

    def threads(self) -> int:
        return self._status("Threads")

    def _status(self, field: str) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        found = re.search(rf"^{field}:\s+(\d+)", status, re.M)
        assert found is not None, status
        return int(found.group(1))

    def interrupt(self) -> tuple[int, str]:
        """Press Ctrl-C; return the exit code and everything written to stderr."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=15)
        assert self.process.stderr is not None
        stderr = self.process.stderr.read()
        self._reader.join(5)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code, stderr

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=15)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@contextmanager
def serving(*args: str) -> Iterator[ServeProcess]:
    child = ServeProcess(*args)
    try:
        yield child
    finally:
        child.kill()
