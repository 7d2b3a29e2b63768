"""Reload: the live-reload channel from the build worker to every open tab.

The channel is a WebSocket (RFC 6455; ``websocket.LiveConnection`` speaks it), not
Server-Sent Events: browsers allow only six HTTP/1.1 connections per host, and an event
stream holds one for as long as its tab is open, so a seventh tab would hang. WebSockets do
not count against that limit.

The server only sends, as JSON text frames::

    {"type": "hello", "build": "1a2b3c4d-7", "error": null, "warnings": [...]}
        on connecting: the build served now, the latest build's error, if any, and the
        warnings of the last good build (each as ``wren build`` prints it)
    {"type": "update", "build": "1a2b3c4d-8", "changed": [...], "error": null, "warnings": [...]}
        after a good build, or when files the site copies changed on disk
    {"type": "error", "error": "content/posts/a.md:3: ..."}
        after a failed build

``changed`` lists output paths, or is null for "everything". A tab whose build differs
from ``hello`` reloads; after an ``update`` it reloads only if its own page or an asset it
uses changed, and swaps stylesheets in place when only CSS did.

A tab that stops reading holds at most ``MAX_PENDING`` messages; the next one closes its
channel instead. Nothing is lost: a tab that connects again reloads if the build changed.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Mapping

__all__ = ["MAX_PENDING", "ReloadChannel", "Subscription", "encode_message"]

Subscription = queue.SimpleQueue[str | None]  # messages to send; None means: close
MAX_PENDING = 64  # messages a connection may have waiting before it is closed


def encode_message(message: Mapping[str, object]) -> str:
    """A message as the JSON text one WebSocket text frame carries."""
    return json.dumps(message, separators=(",", ":"))


class ReloadChannel:
    """Fans messages out to every open live-reload connection."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: set[Subscription] = set()
        self._closed = False

    def subscribe(self) -> Subscription:
        subscription: Subscription = queue.SimpleQueue()
        with self._lock:
            if self._closed:
                subscription.put(None)
            else:
                self._subscribers.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscribers.discard(subscription)

    @property
    def listeners(self) -> int:
        with self._lock:
            return len(self._subscribers)

    def publish(self, message: Mapping[str, object]) -> None:
        text = encode_message(message)
        with self._lock:
            for subscription in list(self._subscribers):
                if subscription.qsize() < MAX_PENDING:
                    subscription.put(text)
                    continue
                # A tab that stopped reading: close its channel rather than queue for it
                # without end. Should it come back, its hello names the current build.
                self._subscribers.discard(subscription)
                subscription.put(None)

    def close(self) -> None:
        """Ask every connection to close; later subscribers are closed at once."""
        with self._lock:
            self._closed = True
            for subscription in self._subscribers:
                subscription.put(None)
            self._subscribers.clear()
