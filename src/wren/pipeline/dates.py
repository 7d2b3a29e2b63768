"""Dates of pages as feeds, the sitemap and metadata report them.

A post has a publication date and may have an ``updated`` date. A chapter may have either,
both or neither; an undated chapter takes the newest date of its course's dated chapters,
or else of the whole site, so that its dates stay the same from one build to the next
as long as the content does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from wren.pipeline.assemble import Chapter, Course, Post, Site, Tag

__all__ = [
    "EPOCH",
    "PageDates",
    "chapter_dates",
    "course_dates",
    "latest",
    "post_dates",
    "rfc822",
    "rfc3339",
    "site_dates",
    "tag_dates",
]

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class PageDates:
    published: dt.datetime
    updated: dt.datetime  # the `updated` date, else the publication date


def latest(dates: Iterable[dt.datetime | None], default: dt.datetime = EPOCH) -> dt.datetime:
    """The newest of ``dates``, skipping None; ``default`` when there is none."""
    found = [d for d in dates if d is not None]
    return max(found) if found else default


def post_dates(post: Post) -> PageDates:
    return PageDates(post.date, post.updated or post.date)


def site_dates(site: Site) -> PageDates:
    """The front page's dates: its newest content."""
    posts = [post.updated or post.date for post in site.posts]
    newest = latest([*posts, *(c.updated or c.date for c in site.chapters.values())])
    return PageDates(newest, newest)


def chapter_dates(chapter: Chapter, site: Site, dated: PageDates | None = None) -> PageDates:
    """A chapter's dates; ``dated`` is ``site_dates(site)``, when the caller has it already
    (it reads every post)."""
    published = chapter.date or chapter.updated
    if published is None:
        course = next(c for c in site.courses if c.key == chapter.course)
        siblings = [site.chapters[key] for key in course.chapters]
        dated = dated or site_dates(site)
        published = latest((c.date or c.updated for c in siblings), default=dated.published)
    return PageDates(published, chapter.updated or published)


def course_dates(course: Course, site: Site, dated: PageDates | None = None) -> PageDates:
    """A course's dates; ``dated`` as for ``chapter_dates``."""
    dated = dated or site_dates(site)
    chapters = [chapter_dates(site.chapters[key], site, dated) for key in course.chapters]
    if not chapters:
        return dated
    return PageDates(min(d.published for d in chapters), max(d.updated for d in chapters))


def tag_dates(tag: Tag, site: Site) -> PageDates:
    posts = [site.posts_by_key[key] for key in tag.posts]
    return PageDates(min(p.date for p in posts), max(p.updated or p.date for p in posts))


def rfc3339(value: dt.datetime) -> str:
    """``2026-01-31T09:30:00+02:00``, as Atom and the sitemap want it."""
    return value.isoformat(timespec="seconds")


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def rfc822(value: dt.datetime) -> str:
    """``Sat, 31 Jan 2026 09:30:00 +0200``, as RSS wants it (and as ``email.utils`` writes
    it, without the import of the ``email`` package and the ``socket`` module)."""
    weekday, month = _WEEKDAYS[value.weekday()], _MONTHS[value.month - 1]
    zone = f"{value:%z}" or "-0000"
    return f"{weekday}, {value.day:02d} {month} {value.year:04d} {value:%H:%M:%S} {zone}"
