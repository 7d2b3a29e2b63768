"""Unique ids within one page: the theme's own, raw HTML's, footnotes' and headings'."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["THEME_IDS", "IdAllocator", "footnote_key"]

# Ids the default theme's templates give their own elements, on every kind of page.
THEME_IDS = frozenset(
    {
        "main",
        "content",
        "top",
        "header",
        "footer",
        "nav",
        "search",
        "site-search",
        "search-unavailable",
        "site-heading",
        "posts-heading",
        "courses-heading",
        "courses-page-heading",
        "archive-heading",
        "course-progress",
        "search-heading",
        "chapters",
        "toc-heading",
        "footnotes",
    }
)
_THEME_ID_PATTERN = re.compile(r"(?:year|archive)-\d+")  # the listings' year headings


def footnote_key(label: str) -> str:
    """Footnote labels match as link labels do: case and inner spacing aside."""
    return " ".join(label.split()).casefold()


class IdAllocator:
    """Hands out ids no element of the page has yet, numbering repeats as GitHub does:
    ``intro``, ``intro-1``, ``intro-2``, skipping any already taken."""

    def __init__(self, taken: Iterable[str]) -> None:
        self._taken: set[str] = set(THEME_IDS) | set(taken)
        self._claimed: set[str] = set()
        self._counts: dict[str, int] = {}

    def _free(self, ident: str) -> bool:
        return ident not in self._taken and not _THEME_ID_PATTERN.fullmatch(ident)

    def claim(self, ident: str) -> None:
        """Reserve an id the author chose, before automatic ids are handed out."""
        if ident not in self._claimed and self._free(ident):
            self._claimed.add(ident)

    def taken_as(self, ident: str) -> str:
        """The id an author's chosen ``ident`` gets: itself when it was claimed first."""
        if ident in self._claimed:
            self._claimed.discard(ident)
            self._taken.add(ident)
            return ident
        return self.unique(ident)

    def unique(self, base: str) -> str:
        ident = base
        while not self._free(ident) or ident in self._claimed:
            self._counts[base] = self._counts.get(base, 0) + 1
            ident = f"{base}-{self._counts[base]}"
        self._taken.add(ident)
        return ident
