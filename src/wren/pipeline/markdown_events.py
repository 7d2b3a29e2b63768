"""pulldown-cmark's events as pyromark gives them, and small helpers to read them.

An event is a bare string (``"SoftBreak"``, ``"HardBreak"``, ``"Rule"``) or a one-key dict:
``{"Start": tag}``, ``{"End": tag}``, ``{"Text": "..."}`` and so on (``pyromark.event``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TypeAlias

__all__ = [
    "Event",
    "end_of",
    "first_paragraph",
    "more_index",
    "start_of",
    "summary_text",
    "text_of",
]

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


_MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)


def more_index(events: Sequence[Event]) -> int | None:
    """Where the body's ``<!--more-->`` (or Zola's ``<!-- more -->``) is, if it has one."""
    for index, event in enumerate(events):
        html = text_of(event, "Html", "InlineHtml")
        if html is not None and _MORE.fullmatch(html.strip()):
            return index
    return None


def summary_text(events: Sequence[Event]) -> str:
    """The summary a body gives: its text before ``<!--more-->`` when it has one (as in
    Hugo and Zola), else its first paragraph (``first_paragraph``)."""
    more = more_index(events)
    if more is None:
        return first_paragraph(events)
    spaced: list[Event] = []
    for event in events[:more]:  # a space after each block, so words stay apart
        spaced += [event, " "] if _tag_name(end_of(event)) in _BLOCKS else [event]
    return _paragraph_text(spaced)


def first_paragraph(events: Sequence[Event]) -> str:
    """The text of the first paragraph outside lists, quotes, tables and footnotes: what a
    listing shows as the summary (no footnote marks, no image text)."""
    depth = 0
    for index, event in enumerate(events):
        start, end = start_of(event), end_of(event)
        if start == "Paragraph" and depth == 0:
            close = index + 1
            while end_of(events[close]) != "Paragraph":
                close += 1
            return _paragraph_text(events[index + 1 : close])
        if start is not None and start != "Paragraph" and _is_container(start):
            depth += 1
        elif end is not None and end != "Paragraph" and _is_container(end):
            depth -= 1
    return ""


_BLOCKS = frozenset(
    {"Paragraph", "Heading", "BlockQuote", "List", "Item", "CodeBlock", "HtmlBlock", "TableCell"}
)


def _tag_name(tag: object) -> str:
    return tag if isinstance(tag, str) else next(iter(tag)) if isinstance(tag, dict) else ""


def _is_container(tag: object) -> bool:
    return _tag_name(tag) in (
        "BlockQuote",
        "List",
        "Item",
        "Table",
        "FootnoteDefinition",
        "Heading",
    )


def _paragraph_text(events: Sequence[Event]) -> str:
    pieces = []
    in_image = 0
    for event in events:
        start, end = start_of(event), end_of(event)
        if isinstance(start, dict) and "Image" in start:
            in_image += 1
        elif end == "Image":
            in_image -= 1
        elif in_image == 0 and (text := text_of(event, "Text", "Code")) is not None:
            pieces.append(text)
        elif event in ("SoftBreak", "HardBreak", " "):
            pieces.append(" ")
    return " ".join("".join(pieces).split())
