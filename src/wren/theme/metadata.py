"""Metadata: what a page tells search engines, link previews and feed readers about itself.

Every page gets a ``PageMeta``: its canonical URL, description, OpenGraph type and dates,
the feeds to announce with ``<link rel="alternate">``, and JSON-LD (``WebSite`` on the
front page, ``BlogPosting`` on posts, ``Course`` on course pages, ``Article`` on chapters).
The ``meta.html`` template lays it out. JSON-LD is serialised with ``<``, ``>`` and ``&``
written as ``\\u003c`` and so on, so a title holding ``</script>`` cannot end the script.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from wren.config import SiteConfig
from wren.pipeline.assemble import Chapter, Course, Page, Post, Site, Tag
from wren.pipeline.dates import post_dates, rfc3339
from wren.pipeline.summary import cut_summary
from wren.pipeline.urls import ATOM_NAME, ATOM_TYPE, RSS_NAME, RSS_TYPE, SEARCH_URL, feed_path
from wren.theme.pagination import Pager

__all__ = ["FeedLink", "PageMeta", "PageMetadata", "json_ld"]

_SCHEMA = "https://schema.org"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028"}
_JSON_ESCAPES["\u2029"] = "\\u2029"


@dataclass(frozen=True, slots=True)
class FeedLink:
    title: str
    href: str  # absolute
    type: str


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str  # the page's own title, without the site's
    description: str
    canonical: str | None  # absolute; None for pages that must not be indexed on their own
    og_type: str = "website"
    published: dt.datetime | None = None
    modified: dt.datetime | None = None
    tags: tuple[str, ...] = ()
    feeds: tuple[FeedLink, ...] = ()
    json_ld: Markup | None = None
    noindex: bool = False


def json_ld(data: Mapping[str, Any]) -> Markup:
    """``data`` as JSON that is safe inside ``<script type="application/ld+json">``."""
    text = json.dumps({"@context": _SCHEMA, **data}, ensure_ascii=False)
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


class PageMetadata:
    """Makes the metadata of each kind of page of one site."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.config: SiteConfig = site.config
        self.site_feeds = self._feed_links(self.config.title, "/")

    def front(self, pager: Pager) -> PageMeta:
        config = self.config
        description = config.tagline or config.title
        data: dict[str, Any] = {
            "@type": "WebSite",
            "name": config.title,
            "url": config.absolute_url("/"),
            "inLanguage": config.language,
        }
        if config.tagline:
            data["description"] = config.tagline
        if config.search:
            data["potentialAction"] = {
                "@type": "SearchAction",
                "target": config.absolute_url(SEARCH_URL) + "?q={search_term_string}",
                "query-input": "required name=search_term_string",
            }
        return PageMeta(
            title=config.title,
            description=description,
            canonical=config.absolute_url(pager.url),
            feeds=self.site_feeds,
            json_ld=json_ld(data) if pager.is_first else None,
        )

    def post(self, post: Post) -> PageMeta:
        dates = post_dates(post)
        url = self.config.absolute_url(post.url)
        data = self._article("BlogPosting", post.title, post.summary, url)
        data |= {"datePublished": rfc3339(dates.published), "dateModified": rfc3339(dates.updated)}
        if post.tags:
            data["keywords"] = [tag.name for tag in post.tags]
        return PageMeta(
            title=post.title,
            description=self._describe(post.summary),
            canonical=url,
            og_type="article",
            published=dates.published,
            modified=dates.updated,
            tags=tuple(tag.name for tag in post.tags),
            feeds=self.site_feeds,
            json_ld=json_ld(data),
            noindex=post.draft,
        )

    def chapter(self, chapter: Chapter, course: Course) -> PageMeta:
        url = self.config.absolute_url(chapter.url)
        data = self._article("Article", chapter.title, chapter.summary, url)
        data["position"] = chapter.number
        if chapter.date:  # an undated chapter's feed date is a stand-in: not stated here
            data["datePublished"] = rfc3339(chapter.date)
        modified = chapter.updated or chapter.date
        if modified:
            data["dateModified"] = rfc3339(modified)
        data["isPartOf"] = {
            "@type": "Course",
            "name": course.title,
            "url": self.config.absolute_url(course.url),
        }
        return PageMeta(
            title=chapter.title,
            description=self._describe(chapter.summary),
            canonical=url,
            og_type="article",
            published=chapter.date,
            modified=chapter.updated,
            feeds=self._course_feeds(course),
            json_ld=json_ld(data),
            noindex=chapter.draft,
        )

    def course(self, course: Course) -> PageMeta:
        config = self.config
        description = course.description or course.title
        data: dict[str, Any] = {
            "@type": "Course",
            "name": course.title,
            "description": description,
            "url": config.absolute_url(course.url),
            "inLanguage": config.language,
            "provider": self._person_or_site(),
            "hasPart": [
                {
                    "@type": "Article",
                    "name": self.site.chapters[key].title,
                    "url": config.absolute_url(self.site.chapters[key].url),
                }
                for key in course.chapters
            ],
        }
        return PageMeta(
            title=course.title,
            description=self._describe(description),
            canonical=config.absolute_url(course.url),
            feeds=self._course_feeds(course),
            json_ld=json_ld(data),
        )

    def tag(self, tag: Tag, pager: Pager) -> PageMeta:
        feeds = self.site_feeds + self._feed_links(f"#{tag.name} · {self.config.title}", tag.url)
        return PageMeta(
            title=f"#{tag.name}",
            description=f"Posts tagged {tag.name}",
            canonical=self.config.absolute_url(pager.url),
            feeds=feeds,
        )

    def standalone(self, page: Page) -> PageMeta:
        """A standalone page (``content/pages/``): a web page, not an article."""
        url = self.config.absolute_url(page.url)
        data: dict[str, Any] = {
            "@type": "WebPage",
            "name": page.title,
            "description": self._describe(page.summary),
            "url": url,
            "inLanguage": self.config.language,
        }
        if page.updated:
            data["dateModified"] = rfc3339(page.updated)
        return PageMeta(
            title=page.title,
            description=self._describe(page.summary),
            canonical=url,
            modified=page.updated,
            feeds=self.site_feeds,
            json_ld=json_ld(data),
            noindex=page.draft,
        )

    def page(self, title: str, url: str | None, description: str = "") -> PageMeta:
        """A page of the site's own (tags, search, not found); no URL means not indexed."""
        return PageMeta(
            title=title,
            description=description or self.config.tagline or self.config.title,
            canonical=self.config.absolute_url(url) if url is not None else None,
            feeds=self.site_feeds,
            noindex=url is None,
        )

    def _describe(self, text: str) -> str:
        return cut_summary(text, self.config.summary_length)

    def _article(self, kind: str, title: str, summary: str, url: str) -> dict[str, Any]:
        return {
            "@type": kind,
            "headline": title,
            "description": self._describe(summary),
            "url": url,
            "mainEntityOfPage": url,
            "inLanguage": self.config.language,
            "author": self._person_or_site(),
            "publisher": self._person_or_site(),
        }

    def _person_or_site(self) -> dict[str, str]:
        config = self.config
        if config.author:
            return {"@type": "Person", "name": config.author}
        return {"@type": "Organization", "name": config.title, "url": config.absolute_url("/")}

    def _course_feeds(self, course: Course) -> tuple[FeedLink, ...]:
        return self.site_feeds + self._feed_links(
            f"{course.title} · {self.config.title}", course.url
        )

    def _feed_links(self, title: str, page_url: str) -> tuple[FeedLink, ...]:
        absolute = self.config.absolute_url
        return (
            FeedLink(f"{title} (Atom)", absolute(feed_path(page_url, ATOM_NAME)), ATOM_TYPE),
            FeedLink(f"{title} (RSS)", absolute(feed_path(page_url, RSS_NAME)), RSS_TYPE),
        )
