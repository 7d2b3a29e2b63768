"""The one rule of "the same title", shared by ``wren build``, ``wren new post`` and ``wren check``.

Two titles are the same when a reader would see one title twice: they are equal once
Unicode is NFKC-normalized, case is folded, apostrophes are dropped and every other run
of punctuation or white space becomes one space. "Async/Await in Python" and
"Async-Await in Python" are the same title; "C++" and "C#" are not "C".

This module imports nothing heavy: the build calls it on every post.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["same_title", "title_identity"]

_WORD = re.compile(r"[^\W_]+(?:[+#]+(?!\w))?")
"""A run of letters and digits; keeps the ``++``/``#`` of "C++", "C#", "F#"."""
_APOSTROPHE = re.compile(r"['’ʼ`]")


def title_identity(title: str) -> str:
    """What *title* is compared by: two titles are the same when these are equal.

    >>> title_identity("  Async/Await in Python — A Mental MODEL ")
    'async await in python a mental model'
    >>> title_identity("Python's C++ FFI")
    'pythons c++ ffi'
    """
    text = _APOSTROPHE.sub("", unicodedata.normalize("NFKC", title).casefold())
    return " ".join(_WORD.findall(text))


def same_title(first: str, second: str) -> bool:
    """Whether two titles are one title to a reader (empty titles are never the same)."""
    identity = title_identity(first)
    return bool(identity) and identity == title_identity(second)
