"""Slugs: the URL-safe names of posts, chapters, courses and tags."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["number_prefix", "slug_from_filename", "slugify"]

_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[-_]")
_NUMBER_PREFIX = re.compile(r"^\d+[-_.]\s*")
_SEPARATORS = re.compile(r"[\W_]+")


def slugify(text: str) -> str:
    """Lowercase ``text``, keep letters and digits of any script (NFC), fold the rest to ``-``.

    >>> slugify("Hello, World!")
    'hello-world'
    >>> slugify("Ça marche")
    'ça-marche'
    """
    normalized = unicodedata.normalize("NFC", text).lower()
    return _SEPARATORS.sub("-", normalized).strip("-")


def slug_from_filename(stem: str, *, numbered: bool = False) -> str:
    """The slug a file name gives: without a ``YYYY-MM-DD-`` date, or an ``NN-`` number."""
    name = _DATE_PREFIX.sub("", stem)
    if numbered:
        name = _NUMBER_PREFIX.sub("", name) or name
    return slugify(name)


def number_prefix(stem: str) -> int | None:
    """The ``NN`` of a chapter file named ``NN-name``."""
    match = re.match(r"^(\d+)[-_.]", stem)
    return int(match.group(1)) if match else None
