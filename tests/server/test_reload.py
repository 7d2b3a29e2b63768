"""The live-reload channel: one message fanned out to every tab."""

from __future__ import annotations

import json

from wren.server.reload import ReloadChannel


def test_a_message_reaches_every_subscriber() -> None:
    channel = ReloadChannel()
    first, second = channel.subscribe(), channel.subscribe()
    channel.publish({"type": "update", "build": "b-2", "changed": ["index.html"]})
    for subscription in (first, second):
        frame = subscription.get_nowait()
        assert frame is not None
        assert json.loads(frame) == {
            "type": "update",
            "build": "b-2",
            "changed": ["index.html"],
        }


def test_closing_the_channel_closes_present_and_later_subscribers() -> None:
    channel = ReloadChannel()
    present = channel.subscribe()
    channel.close()
    assert present.get_nowait() is None
    assert channel.subscribe().get_nowait() is None
    assert channel.listeners == 0
