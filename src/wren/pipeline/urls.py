"""Where things live in the built site: the path conventions every stage agrees on.

Feeds sit beside the page they follow, named by ``[feeds]`` in ``site.toml``: by default
``/feed.xml`` (Atom) and ``/rss.xml`` (RSS) for the site, ``/courses/NAME/feed.xml`` and
``/tags/NAME/rss.xml`` for a course or a tag. :func:`feed_path` is the one place that says
so: the feeds themselves, the pages' ``<link rel="alternate">``, the theme's links and
``feed_aliases`` all ask it.
"""

from __future__ import annotations

from typing import Literal

from wren.config import FeedNames

__all__ = ["ATOM_TYPE", "FEED_KINDS", "RSS_TYPE", "FeedKind", "feed_path"]

ATOM_TYPE = "application/atom+xml"
RSS_TYPE = "application/rss+xml"
FeedKind = Literal["atom", "rss"]
FEED_KINDS: tuple[FeedKind, ...] = ("atom", "rss")
DEFAULT_FEED_NAMES = FeedNames()


def feed_path(page_url: str, kind: FeedKind, names: FeedNames = DEFAULT_FEED_NAMES) -> str:
    """The output path of the ``kind`` feed of the page at ``page_url``.

    >>> feed_path("/tags/rust/", "atom")
    'tags/rust/feed.xml'
    >>> feed_path("/", "rss", FeedNames(rss="index.xml"))
    'index.xml'
    """
    name = names.atom if kind == "atom" else names.rss
    folder = page_url.strip("/")
    return f"{folder}/{name}" if folder else name
