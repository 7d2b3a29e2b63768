"""The live-reload channel: one message fanned out to every tab."""

from __future__ import annotations

import json

from wren.server.reload import MAX_PENDING, ReloadChannel


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


def test_a_subscriber_that_falls_too_far_behind_is_closed_and_let_go() -> None:
    channel = ReloadChannel()
    slow, keeping_up = channel.subscribe(), channel.subscribe()
    for number in range(MAX_PENDING + 1):
        channel.publish({"type": "update", "build": f"b-{number}"})
        assert keeping_up.get_nowait() is not None
    queued = [slow.get_nowait() for _ in range(slow.qsize())]
    assert len(queued) == MAX_PENDING + 1
    assert queued[-1] is None  # after the messages it had room for: close
    assert channel.listeners == 1
