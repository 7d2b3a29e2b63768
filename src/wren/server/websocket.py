"""WebSocket: one live-reload connection, spoken by the ``websockets`` sans-I/O protocol.

``http.server`` reads the upgrade request; ``ServerProtocol`` checks it, writes the
handshake and does all the framing. Two threads share one connection under a lock:

* the request handler's thread sends the channel's messages, and a Ping after a silence;
* a reader thread feeds whatever the tab sends into the protocol at once, so a Ping is
  answered with a Pong and a Close with a Close as soon as they arrive (several frames in
  one read included). A frame the protocol refuses, or a text message that is not UTF-8,
  closes the connection with the code RFC 6455 gives it. When the tab closes the channel
  or goes away, the reader wakes the handler's thread through its subscription, and the
  handler returns.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import logging
import socket
import threading
from collections.abc import Callable, Iterable

from websockets.datastructures import Headers
from websockets.frames import CloseCode, Frame, Opcode
from websockets.http11 import Request
from websockets.protocol import State
from websockets.server import ServerProtocol

__all__ = ["LiveConnection"]

_READ_SIZE = 65536
_LOG = logging.getLogger(__name__)  # the terminal shows builds, not connections
_LOG.addHandler(logging.NullHandler())


class LiveConnection:
    """The server's end of one WebSocket, over a socket ``http.server`` already accepted."""

    def __init__(self, sock: socket.socket, reader: io.BufferedIOBase) -> None:
        self._sock = sock
        self._reader = reader  # the handler's buffered reader: it may hold early frames
        self._protocol = ServerProtocol(max_size=2**16, logger=_LOG)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._broken = False  # a write failed: what the tab received may end mid-frame

    def accept(self, path: str, headers: Iterable[tuple[str, str]]) -> bool:
        """Answer the upgrade request: 101 and True, or the protocol's error page and False."""
        with self._lock:
            # http.server has read the request; the protocol reads it again, as it was sent.
            self._protocol.receive_data(Request(path, Headers(list(headers))).serialize())
            requests = [e for e in self._protocol.events_received() if isinstance(e, Request)]
            if requests:
                response = self._protocol.accept(requests[0])
                response.headers["Cache-Control"] = "no-store"
                self._protocol.send_response(response)
            self._flush()  # else: the protocol's own "400 Bad Request"
        return self.is_open

    @property
    def is_open(self) -> bool:
        return self._protocol.state is State.OPEN and not self._broken

    def start_reading(self, on_close: Callable[[], None]) -> None:
        """Read the tab's frames in the background; call ``on_close`` once it is gone."""
        self._thread = threading.Thread(
            target=self._read, args=(on_close,), name="wren-live-read", daemon=True
        )
        self._thread.start()

    def send_text(self, text: str) -> None:
        with self._lock:
            if self.is_open:
                self._protocol.send_text(text.encode())
                self._flush()

    def ping(self) -> None:
        with self._lock:
            if self.is_open:
                self._protocol.send_ping(b"")
                self._flush()

    def close(self, wait: float = 1.0) -> None:
        """Start the closing handshake (going away); give the tab ``wait`` s to answer."""
        with self._lock:
            if self.is_open:
                self._protocol.send_close(CloseCode.GOING_AWAY)
                self._flush()
        if self._thread is not None:
            self._thread.join(wait)

    def _read(self, on_close: Callable[[], None]) -> None:
        woken = False
        texts = _TextCheck()
        try:
            while True:
                try:
                    data = self._reader.read1(_READ_SIZE)
                except (OSError, ValueError):  # reset, timed out, or closed by the handler
                    data = b""
                with self._lock:
                    if data:
                        self._protocol.receive_data(data)
                    else:
                        self._protocol.receive_eof()
                    texts.check(self._protocol)
                    self._flush()  # a Pong for a Ping, a Close for a Close
                    closing = not self.is_open
                if closing and not woken:
                    on_close()
                    woken = True
                if not data:
                    return
        finally:
            if not woken:
                on_close()

    def _flush(self) -> None:
        """Write what the protocol has to send; half-close when it says so. Holds the lock."""
        for data in self._protocol.data_to_send():
            if self._broken:
                continue
            try:
                if data:
                    self._sock.sendall(data)
                else:
                    self._sock.shutdown(socket.SHUT_WR)
            except OSError:  # reset, or a tab that stopped reading (the socket timed out)
                self._broken = True
                with contextlib.suppress(OSError):
                    self._sock.shutdown(socket.SHUT_RDWR)  # wakes the reader thread


class _TextCheck:
    """Fails the connection on a text message that is not UTF-8 (RFC 6455, 8.1).

    The sans-I/O protocol checks the framing but leaves decoding to whoever reads the
    messages; the tab's messages are never read here, so they are only checked.
    """

    def __init__(self) -> None:
        self._decoder: codecs.IncrementalDecoder | None = None  # in a text message

    def check(self, protocol: ServerProtocol) -> None:
        """Check the frames received since the last call; take them off the protocol."""
        for event in protocol.events_received():
            if not isinstance(event, Frame):
                continue
            if event.opcode is Opcode.TEXT:
                self._decoder = codecs.getincrementaldecoder("utf-8")()
            elif event.opcode is not Opcode.CONT:
                continue
            if self._decoder is None:  # the rest of a binary message
                continue
            try:
                self._decoder.decode(event.data, final=event.fin)
            except UnicodeDecodeError:
                protocol.fail(CloseCode.INVALID_DATA, "invalid UTF-8")
                return
            if event.fin:
                self._decoder = None
