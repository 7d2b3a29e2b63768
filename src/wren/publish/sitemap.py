"""The sitemap (``/sitemap.xml``) and ``/robots.txt``, which names it.

The sitemap lists every published page that stands on its own: the front page and its later
pages, posts, courses, chapters, standalone pages, the tag index and tag pages, and the
search page when search is on. Redirects and the 404 page are left out. ``lastmod`` is the
newest date of what the page shows (for a standalone page: its ``updated``, else the site's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from urllib.parse import quote

from wren.incremental.memo import ByObject
from wren.pipeline.assemble import Post, Site
from wren.pipeline.dates import chapter_dates, course_dates, post_dates, site_dates, tag_dates
from wren.pipeline.urls import ARCHIVE_URL, COURSES_URL, SEARCH_URL, TAGS_URL
from wren.theme.pagination import paginate

__all__ = ["SITEMAP_PATH", "SitemapEntry", "robots_txt", "sitemap_entries"]

SITEMAP_PATH = "sitemap.xml"
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"  # keep a URL's own syntax; escape spaces and non-ASCII


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    loc: str  # absolute URL
    lastmod: dt.datetime


def sitemap_entries(site: Site, posts: ByObject[SitemapEntry] | None = None) -> list[SitemapEntry]:
    """Every published page with its last modification, front page first; ``posts`` keeps
    each post's entry for the next build."""
    posts = posts or ByObject()
    per_page = site.config.paginate
    site_dated = site_dates(site)
    newest = site_dated.updated

    def entry(url: str, lastmod: dt.datetime) -> SitemapEntry:
        return SitemapEntry(quote(site.config.absolute_url(url), safe=_URL_SAFE), lastmod)

    pagers = paginate([p.key for p in site.posts], per_page, "/")
    found = [entry(pager.url, newest) for pager in pagers]
    found += [posts.get(p, partial(_post_entry, entry, p)) for p in site.posts]
    for course in site.courses:
        found.append(entry(course.url, course_dates(course, site, site_dated).updated))
        chapters = [site.chapters[key] for key in course.chapters]
        found += [entry(c.url, chapter_dates(c, site, site_dated).updated) for c in chapters]
    found.append(entry(ARCHIVE_URL, newest))
    if site.courses:
        courses = (course_dates(c, site, site_dated).updated for c in site.courses)
        found.append(entry(COURSES_URL, max(courses)))
    tags = [(tag, tag_dates(tag, site).updated) for tag in site.tags]
    if tags:
        found.append(entry(TAGS_URL, max(updated for _, updated in tags)))
    if site.config.search:
        found.append(entry(SEARCH_URL, newest))
    for tag, updated in tags:
        found += [entry(pager.url, updated) for pager in paginate(tag.posts, per_page, tag.url)]
    found += [entry(page.url, page.updated or newest) for page in site.pages]
    return found


def _post_entry(entry: Callable[[str, dt.datetime], SitemapEntry], post: Post) -> SitemapEntry:
    return entry(post.url, post_dates(post).updated)


def robots_txt(site: Site) -> str:
    """Let every crawler in, and tell it where the sitemap is."""
    sitemap = site.config.absolute_url(SITEMAP_PATH)
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n"
