"""pulldown-cmark's events as pyromark gives them, and small helpers to read them.

An event is a bare string (``"SoftBreak"``, ``"HardBreak"``, ``"Rule"``) or a one-key dict:
``{"Start": tag}``, ``{"End": tag}``, ``{"Text": "..."}`` and so on (``pyromark.event``).
"""

from __future__ import annotations

from typing import Any, TypeAlias

__all__ = ["Event", "end_of", "start_of", "text_of"]

Event: TypeAlias = str | dict[str, Any]


def start_of(event: Event) -> Any:
    """The tag an event starts (``"Paragraph"``, ``{"Heading": {...}}``), or None."""
    return event.get("Start") if isinstance(event, dict) else None


def end_of(event: Event) -> Any:
    """The tag an event ends, or None."""
    return event.get("End") if isinstance(event, dict) else None


def text_of(event: Event, *keys: str) -> str | None:
    """The text of a leaf event (``{"Text": "..."}``) under one of ``keys``, or None."""
    if isinstance(event, dict):
        for key in keys:
            if key in event:
                return str(event[key])
    return None
