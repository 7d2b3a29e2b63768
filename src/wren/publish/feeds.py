"""Feeds: Atom 1.0 and RSS 2.0 for the site's posts, each course's chapters and each tag.

This module chooses what goes in a feed and prepares it as plain values (``Feed``,
``FeedEntry``) with absolute links and text that XML can hold; the ``atom.xml`` and
``rss.xml`` templates only lay them out, and Jinja2's escaping makes any title safe, be it
``&``, ``<``, ``]]>``, an emoji or right-to-left text.

Paths: beside the page each feed follows, named by ``[feeds]``
(:func:`wren.pipeline.urls.feed_path`). An entry's id is its page's absolute URL, unless
its front matter pins one with ``feed_id`` (the id an old feed gave it, so that a moved
post is not announced again).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from wren.pipeline.assemble import Chapter, Course, Post, Site, Tag
from wren.pipeline.dates import PageDates, chapter_dates, latest, post_dates, site_dates
from wren.pipeline.frontmatter import MANY_TAGS
from wren.pipeline.markdown import without_heading_anchors
from wren.pipeline.urls import feed_path

__all__ = [
    "Feed",
    "FeedBuilder",
    "FeedEntry",
    "absolute_links",
    "site_feeds",
    "xml_safe",
]

# Characters XML 1.0 cannot hold at all, even escaped: most C0 controls, lone surrogates,
# U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_URL_ATTR = re.compile(r"""(<[a-zA-Z][^>]*?\s(?:href|src)=)(["'])(.*?)\2""", re.DOTALL)

ContentOf = Callable[[Post | Chapter], str]  # a page's rendered body, with site-path links


@dataclass(frozen=True, slots=True)
class FeedEntry:
    title: str
    url: str  # absolute
    id: str  # the page's `feed_id`, else its URL: it stays the same as long as that does
    published: dt.datetime
    updated: dt.datetime
    summary: str  # plain text
    content: str | None  # HTML with absolute links; None when `feed_content = "summary"`
    categories: tuple[str, ...]

    @property
    def id_is_url(self) -> bool:
        """Whether the id is the entry's own address (RSS's ``isPermaLink``)."""
        return self.id == self.url

    @property
    def summary_html(self) -> str:
        """The summary as HTML, for RSS's ``description``, which readers take as HTML."""
        return html.escape(self.summary, quote=False)


@dataclass(frozen=True, slots=True)
class Feed:
    title: str
    subtitle: str
    page_url: str  # the site path of the page this feed follows: `/`, `/courses/x/`, `/tags/y/`
    author: str
    language: str
    updated: dt.datetime
    entries: tuple[FeedEntry, ...]
    atom_path: str  # the output paths of this feed in both formats
    rss_path: str


def xml_safe(text: str) -> str:
    """``text`` without the characters that no XML 1.0 document may contain."""
    return _NOT_XML.sub("", text)


def absolute_links(body: str, page_url: str) -> str:
    """Every ``href`` and ``src`` of ``body`` made absolute against the page's absolute URL."""

    def absolute(match: re.Match[str]) -> str:
        start, quote, value = match.groups()
        target = urljoin(page_url, html.unescape(value))
        return f"{start}{quote}{html.escape(target)}{quote}"

    return _URL_ATTR.sub(absolute, body)


def site_feeds(site: Site, content_of: ContentOf) -> list[Feed]:
    """The site's feed, then one per course and one per tag."""
    builder = FeedBuilder(site, content_of)
    feeds = [builder.site_feed()]
    feeds += [builder.course_feed(course) for course in site.courses]
    feeds += [builder.tag_feed(tag) for tag in site.tags]
    return feeds


class FeedBuilder:
    """Makes the feeds of one site, preparing each page's entry once for all its feeds."""

    def __init__(self, site: Site, content_of: ContentOf) -> None:
        self.site = site
        self.config = site.config
        self.content_of = content_of
        self.entries: dict[str, FeedEntry] = {}

    @functools.cached_property
    def site_dated(self) -> PageDates:
        """The site's dates, which read every post: made once."""
        return site_dates(self.site)

    def site_feed(self) -> Feed:
        config = self.config
        return self._feed(config.title, config.tagline, "/", list(self.site.posts))

    def course_feed(self, course: Course) -> Feed:
        chapters = [self.site.chapters[key] for key in course.chapters]
        newest_first = sorted(
            chapters,
            key=lambda c: (chapter_dates(c, self.site, self.site_dated).published, c.number),
            reverse=True,
        )
        title = f"{course.title} · {self.config.title}"
        return self._feed(title, course.description or "", course.url, newest_first)

    def tag_feed(self, tag: Tag) -> Feed:
        posts = [self.site.posts_by_key[key] for key in tag.posts]
        title = f"#{tag.name} · {self.config.title}"
        return self._feed(title, f"Posts tagged {tag.name}", tag.url, posts)

    def _feed(
        self, title: str, subtitle: str, page_url: str, pages: Sequence[Post | Chapter]
    ) -> Feed:
        entries = tuple(self._entry(page) for page in pages[: self.config.feed_limit])
        updated = latest((e.updated for e in entries), default=self.site_dated.updated)
        return Feed(
            title=xml_safe(title),
            subtitle=xml_safe(subtitle),
            page_url=page_url,
            author=xml_safe(self.config.author or self.config.title),
            language=xml_safe(self.config.language),
            updated=updated,
            entries=entries,
            atom_path=feed_path(page_url, "atom", self.config.feeds),
            rss_path=feed_path(page_url, "rss", self.config.feeds),
        )

    def _entry(self, page: Post | Chapter) -> FeedEntry:
        cached = self.entries.get(page.key)
        if cached is not None:
            return cached
        url = self.config.absolute_url(page.url)
        if isinstance(page, Post):
            dates = post_dates(page)
            # Capped, so that a post with thousands of tags costs each tag's feed no more
            # than a post with a few: every one of those feeds lists this entry.
            categories = tuple(xml_safe(tag.name) for tag in page.tags[:MANY_TAGS])
        else:
            dates = chapter_dates(page, self.site, self.site_dated)
            categories = ()
        content = None
        if self.config.feed_content == "full":
            body = without_heading_anchors(self.content_of(page))  # a `#` in readers
            content = xml_safe(absolute_links(body, url))
        entry = FeedEntry(
            title=xml_safe(page.title),
            url=url,
            id=xml_safe(page.feed_id or url),
            published=dates.published,
            updated=dates.updated,
            summary=xml_safe(page.summary),
            content=content,
            categories=categories,
        )
        self.entries[page.key] = entry
        return entry
