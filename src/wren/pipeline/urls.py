"""Where things live in the built site: the path conventions every stage agrees on.

Feeds sit beside the page they follow: ``/feed.xml`` and ``/rss.xml`` for the site,
``/courses/NAME/feed.xml`` and ``/tags/NAME/rss.xml`` for a course or a tag.
"""

from __future__ import annotations

__all__ = ["ATOM_NAME", "ATOM_TYPE", "RSS_NAME", "RSS_TYPE", "feed_path"]

ATOM_TYPE = "application/atom+xml"
RSS_TYPE = "application/rss+xml"
ATOM_NAME = "feed.xml"
RSS_NAME = "rss.xml"


def feed_path(page_url: str, name: str) -> str:
    """The output path of the feed ``name`` of the page at ``page_url``.

    >>> feed_path("/tags/rust/", ATOM_NAME)
    'tags/rust/feed.xml'
    >>> feed_path("/", RSS_NAME)
    'rss.xml'
    """
    folder = page_url.strip("/")
    return f"{folder}/{name}" if folder else name
