"""Where things live in the built site: every URL Wren makes, and the file it is written to.

Posts, chapters, standalone pages and tags take their URLs from the site's permalink
patterns (``[permalinks]`` in ``site.toml``; the defaults are ``/posts/:slug/``,
``/courses/:course/:slug/``, ``/:path/`` and ``/tags/:slug/``). A pattern that ends in ``/``
makes a folder (``/posts/x/`` is written to ``posts/x/index.html``); one that ends in
``.html`` makes that file. Courses live at ``/courses/NAME/``; the listings at ``/posts/``,
``/courses/``, ``/tags/`` and ``/search/``.

Feeds sit beside the page they follow: ``/feed.xml`` and ``/rss.xml`` for the site,
``/courses/NAME/feed.xml`` and ``/tags/NAME/rss.xml`` for a course or a tag.
"""

from __future__ import annotations

import datetime as dt
import re

from wren.config import Permalinks

__all__ = [
    "ARCHIVE_URL",
    "ATOM_NAME",
    "ATOM_TYPE",
    "COURSES_URL",
    "RSS_NAME",
    "RSS_TYPE",
    "SEARCH_URL",
    "TAGS_URL",
    "chapter_url",
    "course_url",
    "expand_permalink",
    "feed_path",
    "page_folder",
    "page_path",
    "post_url",
    "standalone_url",
    "tag_url",
]

ATOM_TYPE = "application/atom+xml"
RSS_TYPE = "application/rss+xml"
ATOM_NAME = "feed.xml"
RSS_NAME = "rss.xml"
ARCHIVE_URL = "/posts/"
COURSES_URL = "/courses/"
TAGS_URL = "/tags/"
SEARCH_URL = "/search/"

_TOKEN = re.compile(r":([A-Za-z_]+)")


def expand_permalink(pattern: str, values: dict[str, str]) -> str:
    """``pattern`` with each ``:token`` replaced by its value; empty segments dropped.

    >>> expand_permalink("/:year/:slug.html", {"year": "2026", "slug": "Hello"})
    '/2026/Hello.html'
    >>> expand_permalink("/:path/", {"path": ""})
    '/'
    """
    url = _TOKEN.sub(lambda match: values[match.group(1)], pattern)
    return re.sub(r"/{2,}", "/", url)


def post_url(links: Permalinks, slug: str, date: dt.datetime, title_slug: str) -> str:
    """A post's URL: ``:year``, ``:month`` and ``:day`` are its date as written."""
    values = {
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "day": f"{date.day:02d}",
        "slug": slug,
        "title": title_slug,
    }
    return expand_permalink(links.posts, values)


def course_url(course_slug: str) -> str:
    return f"{COURSES_URL}{course_slug}/"


def chapter_url(links: Permalinks, course_slug: str, slug: str, title_slug: str) -> str:
    return expand_permalink(
        links.chapters, {"course": course_slug, "slug": slug, "title": title_slug}
    )


def standalone_url(links: Permalinks, folders: str, slug: str, title_slug: str) -> str:
    """A standalone page's URL: ``:path`` is its folders under ``content/pages/`` and slug."""
    path = f"{folders}/{slug}".strip("/") if folders else slug
    return expand_permalink(links.pages, {"path": path, "slug": slug, "title": title_slug})


def tag_url(links: Permalinks, slug: str) -> str:
    return expand_permalink(links.tags, {"slug": slug})


def page_path(url: str) -> str:
    """The output file of the page at a site URL: ``/posts/x/`` is ``posts/x/index.html``;
    a URL that names a file (``/2026/x.html``) is that file.

    >>> page_path("/posts/x/"), page_path("/"), page_path("/2026/x.html")
    ('posts/x/index.html', 'index.html', '2026/x.html')
    """
    folder = url.strip("/")
    if not url.endswith("/"):
        return folder
    return f"{folder}/index.html" if folder else "index.html"


def page_folder(url: str) -> str:
    """The folder the page at ``url`` is written in, where its bundle's files go.

    >>> page_folder("/posts/x/"), page_folder("/2026/x.html")
    ('posts/x', '2026')
    """
    return url.strip("/") if url.endswith("/") else url.strip("/").rpartition("/")[0]


def feed_path(page_url: str, name: str) -> str:
    """The output path of the feed ``name`` of the page at ``page_url``.

    >>> feed_path("/tags/rust/", ATOM_NAME)
    'tags/rust/feed.xml'
    >>> feed_path("/", RSS_NAME)
    'rss.xml'
    """
    folder = page_url.strip("/")
    return f"{folder}/{name}" if folder else name
