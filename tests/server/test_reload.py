"""The live-reload channel: WebSocket framing and fan-out to every tab."""

from __future__ import annotations

import json

from wren.server.reload import ReloadChannel, accept_key, encode_frame


def test_the_handshake_answers_the_rfc_6455_example_key() -> None:
    assert accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="


def test_frames_carry_their_length_in_one_three_or_nine_bytes() -> None:
    assert encode_frame(b"hi") == b"\x81\x02hi"
    assert encode_frame(b"x" * 200)[:4] == b"\x81\x7e\x00\xc8"
    assert encode_frame(b"x" * 70_000)[:10] == b"\x81\x7f" + (70_000).to_bytes(8, "big")


def test_a_message_reaches_every_subscriber() -> None:
    channel = ReloadChannel()
    first, second = channel.subscribe(), channel.subscribe()
    channel.publish({"type": "update", "build": "b-2", "changed": ["index.html"]})
    for subscription in (first, second):
        frame = subscription.get_nowait()
        assert frame is not None
        assert json.loads(frame[2:]) == {
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
