"""Summaries, cut summaries and reading times, exactly as listing pages show them."""

from __future__ import annotations

import math

__all__ = ["ELLIPSIS", "cut_summary", "reading_minutes"]

ELLIPSIS = "..."


def reading_minutes(words: int, words_per_minute: int) -> int:
    """``max(1, ceil(words / words_per_minute))``."""
    return max(1, math.ceil(words / words_per_minute))


def cut_summary(text: str, limit: int) -> str:
    """``text`` whole when it fits in ``limit`` characters; else cut at the last word boundary
    at or before ``limit`` characters, with ``...`` appended.

    >>> cut_summary("one two three", 7)
    'one two...'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    boundary = head.rfind(" ")
    cut = text[:boundary] if boundary > 0 else text[:limit]
    return cut + ELLIPSIS
