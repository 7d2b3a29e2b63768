"""HTTP: the threaded server and its request handler.

Every request is checked in this order: its ``Host`` (DNS rebinding), the live-reload
endpoints, then its path (traversal). Pages come from the current snapshot; copied files
are read from disk at request time, inside the allowed folders only. HTML responses get
the live-reload script; the site's ``404.html`` answers missing paths with status 404.

A request's line and headers must arrive within ``header_seconds`` of its first byte, so a
client that sends them a byte at a time cannot hold a connection, and a thread, for ever.
"""

from __future__ import annotations

import io
import mimetypes
import queue
import re
import socket
import sys
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from wren.pipeline.write import OutputFile
from wren.server.console import Reporter
from wren.server.hosts import HostGuard
from wren.server.inject import LIVE_SCRIPT, LIVE_SCRIPT_PATH, inject_live_reload, status_page
from wren.server.paths import confine, resolve_request_path
from wren.server.reload import ReloadChannel, Subscription, encode_message
from wren.server.snapshot import SiteState, Snapshot
from wren.server.websocket import LiveConnection

__all__ = ["HEADER_SECONDS", "LiveHTTPServer", "RequestHandler", "ServeContext"]

LIVE_CHANNEL_PATH = "/__wren/live"
HEARTBEAT_SECONDS = 15.0  # a silent live-reload connection is pinged after this long
IDLE_SECONDS = 60.0  # an idle keep-alive connection is closed after this long
HEADER_SECONDS = 10.0  # a request's line and headers must arrive within this long
_TEXT_TYPES = ("application/javascript", "application/json", "application/xml", "image/svg+xml")


@dataclass(frozen=True, slots=True)
class ServeContext:
    """What every request handler shares: read-only, except through its own locks."""

    state: SiteState
    channel: ReloadChannel
    guard: HostGuard
    roots: tuple[Path, ...]  # resolved folders copied files may be read from
    reporter: Reporter
    header_seconds: float = HEADER_SECONDS


class LiveHTTPServer(ThreadingHTTPServer):
    """A threaded HTTP server that knows its context and never prints a traceback."""

    daemon_threads = True
    request_queue_size = 512  # a page load opens many connections at once; 5 stalls them

    def __init__(self, address: tuple[str, int], context: ServeContext) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.context = context
        super().__init__(address, RequestHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):  # not just a closed tab
            self.context.reporter.warning(f"a request failed: {type(error).__name__}: {error}")


class RequestHandler(BaseHTTPRequestHandler):
    server: LiveHTTPServer
    server_version = "wren"
    protocol_version = "HTTP/1.1"  # keep-alive: a reload reuses the tab's open connections
    timeout = IDLE_SECONDS
    # TCP_NODELAY: a response goes out as its headers, then its body, and a live-reload
    # message as one small write; with Nagle's algorithm each such second write waits for
    # the browser's delayed acknowledgement of the first, 40 ms on Linux.
    disable_nagle_algorithm = True
    _reading: _RequestReader

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the plain reader; the socket stays open
        self._reading = _RequestReader(self.connection, IDLE_SECONDS)
        self.rfile = io.BufferedReader(self._reading)

    def handle_one_request(self) -> None:
        # A read that passes the deadline raises TimeoutError, which closes the connection.
        self._reading.expect_request(self.server.context.header_seconds)
        super().handle_one_request()

    def do_GET(self) -> None:
        self._answer(head_only=False)

    def do_HEAD(self) -> None:
        self._answer(head_only=True)

    def log_message(self, format: str, *args: Any) -> None:
        return  # the terminal shows builds, not requests

    def _answer(self, head_only: bool) -> None:
        self._reading.headers_read()
        context = self.server.context
        if not context.guard.allows_host(self.headers.get("Host")):
            self._send_text(HTTPStatus.FORBIDDEN, "wren serve: this Host is not allowed\n")
            return
        if not self.path.startswith("/") or self.path.startswith("//"):
            # An absolute-form target (GET http://other/) names a host past the Host check.
            self._send_text(HTTPStatus.BAD_REQUEST, "wren serve: expected a path\n")
            return
        route = urlsplit(self.path).path
        if route == LIVE_CHANNEL_PATH:
            self._open_live_channel(context)
            return
        if route == LIVE_SCRIPT_PATH:
            self._send(HTTPStatus.OK, LIVE_SCRIPT, "text/javascript; charset=utf-8", head_only)
            return
        rel = resolve_request_path(self.path)
        if rel is None:
            self._send_text(HTTPStatus.BAD_REQUEST, "wren serve: bad path\n")
            return
        self._serve_output(context, context.state.current, rel, head_only)

    def _serve_output(
        self, context: ServeContext, snapshot: Snapshot, rel: str, head_only: bool
    ) -> None:
        if snapshot.output is None:
            # Before the first good build: "building" (503), or the build's error (500).
            status = (
                HTTPStatus.INTERNAL_SERVER_ERROR
                if snapshot.error
                else HTTPStatus.SERVICE_UNAVAILABLE
            )
            self._send(status, status_page(snapshot), "text/html; charset=utf-8", head_only)
            return
        found = snapshot.file(rel)
        if found is None and snapshot.file(f"{rel}/index.html") is not None:
            self._redirect("/" + quote(rel) + "/")
            return
        status, paths = HTTPStatus.OK, [rel]
        body = self._read(context, found)
        if body is None:
            # The tab reloads when the missing page appears, or the 404 page changes.
            status, paths = HTTPStatus.NOT_FOUND, [rel, f"{rel}/index.html", "404.html"]
            body, rel = self._read(context, snapshot.file("404.html")), "404.html"
            if body is None:
                self._send_text(HTTPStatus.NOT_FOUND, "Not found\n")
                return
        kind = _content_type(rel)
        if kind.startswith("text/html"):
            body = inject_live_reload(body, snapshot, paths)
        self._send(status, body, kind, head_only)

    @staticmethod
    def _read(context: ServeContext, file: OutputFile | None) -> bytes | None:
        if file is None:
            return None
        if file.data is not None:
            return file.data
        if file.source is None:
            return None
        real = confine(file.source, context.roots)
        if real is None:
            return None
        try:
            return real.read_bytes()
        except OSError:
            return None

    def _open_live_channel(self, context: ServeContext) -> None:
        key = self.headers.get("Sec-WebSocket-Key")
        upgrade = self.headers.get("Upgrade", "").lower()
        if key is None or "websocket" not in upgrade or not _valid_key(key):
            self._send_text(HTTPStatus.BAD_REQUEST, "wren serve: expected a WebSocket\n")
            return
        if not context.guard.allows_origin(self.headers.get("Origin")):
            self._send_text(HTTPStatus.FORBIDDEN, "wren serve: this Origin is not allowed\n")
            return
        self.close_connection = True
        connection = LiveConnection(self.connection, self.rfile)
        if not connection.accept(self.path, self.headers.items()):
            return  # not a WebSocket request: the protocol answered why
        subscription = context.channel.subscribe()
        connection.start_reading(on_close=lambda: subscription.put(None))
        try:
            snapshot = context.state.current
            connection.send_text(encode_message(snapshot.message("hello")))
            _stream(connection, subscription)
        finally:
            context.channel.unsubscribe(subscription)
            connection.close()

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    def _send_text(self, status: HTTPStatus, text: str) -> None:
        self._send(status, text.encode(), "text/plain; charset=utf-8", self.command == "HEAD")

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head_only: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head_only:
            self.wfile.write(body)


class _RequestReader(io.RawIOBase):
    """The connection's socket as the handler reads it, with a deadline for each request's
    line and headers that starts at the request's first byte."""

    def __init__(self, sock: socket.socket, idle_seconds: float) -> None:
        self._sock = sock
        self._idle = idle_seconds
        self._allowed: float | None = None  # seconds for the headers of the awaited request
        self._deadline: float | None = None  # set when its first byte has arrived

    def expect_request(self, seconds: float) -> None:
        self._allowed, self._deadline = seconds, None
        self._sock.settimeout(self._idle)

    def headers_read(self) -> None:
        self._allowed = self._deadline = None
        self._sock.settimeout(self._idle)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._deadline is not None:
            left = self._deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the request's headers took too long")
            self._sock.settimeout(min(left, self._idle))
        count = self._sock.recv_into(buffer)
        if count and self._allowed is not None and self._deadline is None:
            self._deadline = time.monotonic() + self._allowed
        return count


def _stream(connection: LiveConnection, subscription: Subscription) -> None:
    """Send the channel's messages until the server or the tab closes the channel."""
    while connection.is_open:
        try:
            text = subscription.get(timeout=HEARTBEAT_SECONDS)
        except queue.Empty:
            connection.ping()  # a tab that vanished without a word stops answering
            continue
        if text is None:
            return
        connection.send_text(text)


def _valid_key(key: str) -> bool:
    """A ``Sec-WebSocket-Key`` is 16 random bytes in base64 (RFC 6455, 4.1)."""
    return re.fullmatch(r"[A-Za-z0-9+/]{22}==", key.strip()) is not None


def _content_type(rel: str) -> str:
    kind = mimetypes.guess_type(rel)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in _TEXT_TYPES or kind.endswith("+json"):
        return f"{kind}; charset=utf-8"
    return kind
