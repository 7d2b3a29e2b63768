"""Pagination: a list of posts split into pages at ``/``, ``/page/2/``, ``/page/3/``...

``paginate = 0`` in ``site.toml`` (the default) keeps every post on one page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Pager", "page_url", "paginate"]


@dataclass(frozen=True, slots=True)
class Pager:
    """One page of a paginated list: its items (post keys) and its neighbours' URLs."""

    number: int  # from 1
    count: int  # how many pages the list has
    items: tuple[str, ...]
    url: str
    previous_url: str | None  # the page before (newer posts)
    next_url: str | None  # the page after (older posts)

    @property
    def is_first(self) -> bool:
        return self.number == 1


def page_url(first_url: str, number: int) -> str:
    """The URL of page ``number`` of a list whose first page is at ``first_url``."""
    return first_url if number == 1 else f"{first_url}page/{number}/"


def paginate(items: Sequence[str], per_page: int, first_url: str) -> list[Pager]:
    """Split ``items`` into pages of ``per_page`` (0: one page); there is always a first page."""
    size = per_page if per_page > 0 else max(len(items), 1)
    chunks = [tuple(items[start : start + size]) for start in range(0, len(items), size)] or [()]
    count = len(chunks)
    return [
        Pager(
            number=number,
            count=count,
            items=chunk,
            url=page_url(first_url, number),
            previous_url=page_url(first_url, number - 1) if number > 1 else None,
            next_url=page_url(first_url, number + 1) if number < count else None,
        )
        for number, chunk in enumerate(chunks, start=1)
    ]
