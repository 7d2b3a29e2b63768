"""The sitemap (``/sitemap.xml``) and ``/robots.txt``, which names it.

The sitemap lists every published page that stands on its own: the front page and its later
pages, posts, courses, chapters, standalone pages, the tag index and tag pages, and the
search page when search is on. Redirects and the 404 page are left out. ``lastmod`` is the
newest date of what the page shows (for a standalone page: its ``updated``, else the site's).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from wren.pipeline.assemble import Site
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


def sitemap_entries(site: Site) -> list[SitemapEntry]:
    """Every published page with its last modification, front page first."""
    per_page = site.config.paginate
    newest = site_dates(site).updated
    found = [(pager.url, newest) for pager in paginate([p.key for p in site.posts], per_page, "/")]
    found += [(post.url, post_dates(post).updated) for post in site.posts]
    for course in site.courses:
        found.append((course.url, course_dates(course, site).updated))
        chapters = [site.chapters[key] for key in course.chapters]
        found += [(c.url, chapter_dates(c, site).updated) for c in chapters]
    found.append((ARCHIVE_URL, newest))
    if site.courses:
        found.append((COURSES_URL, max(course_dates(c, site).updated for c in site.courses)))
    if site.tags:
        found.append((TAGS_URL, max(tag_dates(tag, site).updated for tag in site.tags)))
    if site.config.search:
        found.append((SEARCH_URL, newest))
    for tag in site.tags:
        updated = tag_dates(tag, site).updated
        found += [(pager.url, updated) for pager in paginate(tag.posts, per_page, tag.url)]
    found += [(page.url, page.updated or newest) for page in site.pages]
    absolute = site.config.absolute_url
    return [SitemapEntry(quote(absolute(url), safe=_URL_SAFE), lastmod) for url, lastmod in found]


def robots_txt(site: Site) -> str:
    """Let every crawler in, and tell it where the sitemap is."""
    sitemap = site.config.absolute_url(SITEMAP_PATH)
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n"
