"""Slugs: the URL-safe names of posts, chapters, courses and tags, and heading ids.

One rule for Wren's own slugs (``slugify``); heading ids may instead follow GitHub's or
Zola's rule (``heading_slug``), so a blog moved to Wren keeps its anchors.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Literal

from anyascii import anyascii

__all__ = [
    "HEADING_ID_STYLES",
    "HeadingIdStyle",
    "heading_slug",
    "number_prefix",
    "slug_from_filename",
    "slug_problem",
    "slugify",
    "tag_slug",
]

HeadingIdStyle = Literal["wren", "github", "zola"]
HEADING_ID_STYLES: tuple[HeadingIdStyle, ...] = ("wren", "github", "zola")

_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[-_]")
_NUMBER_PREFIX = re.compile(r"^\d+[-_.]\s*")
_ZWJ = "\u200d"  # joins emoji into one picture: 👩‍💻


def _kept(char: str) -> bool:
    """Letters, digits and combining marks of any script, and emoji (pictographs)."""
    category = unicodedata.category(char)
    if category[0] in "LNM":
        return category != "No" or char.isdigit()
    return (category == "So" and ord(char) >= 0x2300) or char == _ZWJ


@functools.lru_cache(maxsize=1 << 16)  # every post's file name and tags, on every build
def slugify(text: str) -> str:
    """Lowercase ``text`` (NFC); keep letters, digits and combining marks of any script, and
    emoji; fold every other run to one ``-``.

    >>> slugify("Hello, World!")
    'hello-world'
    >>> slugify("Ça marche")
    'ça-marche'
    >>> slugify("नमस्ते दुनिया")
    'नमस्ते-दुनिया'
    >>> slugify("Rust 🦀")
    'rust-🦀'
    """
    normalized = unicodedata.normalize("NFC", text).lower()
    folded = "".join(char if _kept(char) else " " for char in normalized)
    words = (word.strip(_ZWJ) for word in folded.split())
    return "-".join(word for word in words if word)


def heading_slug(text: str, style: HeadingIdStyle) -> str:
    """The id a heading's text gives, before duplicates are numbered.

    ``wren`` is ``slugify``; ``github`` is GitHub's (github-slugger: lowercase, drop all
    but letters, marks, digits, ``_``, ``-`` and spaces, each space a ``-``); ``zola`` is
    Zola's default (text transliterated to ASCII, then lowercase words joined by ``-``).

    >>> heading_slug("🦀 Hello, World!", "github")
    '-hello-world'
    >>> heading_slug("🦀 Hello, World!", "zola")
    'crab-hello-world'
    """
    if style == "github":
        kept = (
            char for char in text.lower() if char in "-_ " or unicodedata.category(char)[0] in "LMN"
        )
        return "".join(kept).replace(" ", "-")
    if style == "zola":
        ascii_text = anyascii(text).lower()
        return "-".join(re.findall(r"[a-z0-9]+", ascii_text))
    return slugify(text)


def tag_slug(name: str) -> str:
    """A tag's slug: ``slugify``, with a ``+`` or ``#`` after a letter or digit spelled out,
    so that ``C``, ``C++`` and ``C#`` are three tags.

    >>> [tag_slug(name) for name in ("C", "C++", "C#", "F#", "#rust")]
    ['c', 'c-plus-plus', 'c-sharp', 'f-sharp', 'rust']
    """
    spelled = re.sub(r"(?<=[^\W_]|\+)\+", " plus ", name)
    return slugify(re.sub(r"(?<=[^\W_])#", " sharp ", spelled))


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


def slug_problem(slug: str) -> str | None:
    """Why a ``slug`` written in front matter cannot be one segment of a URL; None when it
    can. Everything else is kept as written, case and dots included.

    >>> slug_problem("Rust-1.88"), slug_problem("a/b")
    (None, 'holds a `/`')
    """
    for char, name in (("/", "`/`"), ("\\", "backslash"), ("?", "`?`"), ("#", "`#`")):
        if char in slug:
            return f"holds a {name}"
    if slug in (".", ".."):
        return f"is `{slug}`"
    if any(char.isspace() or unicodedata.category(char) == "Cc" for char in slug):
        return "holds a space or a control character"
    return None
