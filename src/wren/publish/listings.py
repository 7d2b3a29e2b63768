"""Machine-readable listings of the site, for language models, scripts and agents.

``/llms.txt`` is a plain-text (Markdown) map of the site in the llms.txt convention: the
title, the tagline, then each course with its chapters, each post and each standalone page,
with absolute URLs and summaries. ``/index.json`` lists every published post, chapter and
page with its title, URL, dates, tags, reading time and summary.
"""

from __future__ import annotations

import json
import re
from functools import partial
from typing import Any

from wren.incremental.memo import ByObject
from wren.pipeline.assemble import Chapter, Course, Page, Post, Site
from wren.pipeline.dates import rfc3339

__all__ = ["INDEX_JSON_PATH", "LLMS_TXT_PATH", "index_json", "llms_txt"]

LLMS_TXT_PATH = "llms.txt"
INDEX_JSON_PATH = "index.json"
_MARKDOWN_SIGNIFICANT = re.compile(r"([\\`*_\[\]<>~]|&(?=#?\w+;))")


def _one_line(text: str) -> str:
    """Text on one line, as Markdown shows it literally: every character Markdown could
    read as markup (``*``, ``_``, `` ` ``, ``[``, ``<``, ``~``, an entity's ``&``)
    backslash-escaped."""
    return _MARKDOWN_SIGNIFICANT.sub(r"\\\1", " ".join(text.split()))


def _link(title: str, url: str) -> str:
    text = _one_line(title)
    # A slug written in front matter may hold parentheses, which would end the link early.
    return f"[{text}]({url.replace('(', '%28').replace(')', '%29')})"


def _item(title: str, url: str, summary: str, date: str = "") -> str:
    line = f"- {_link(title, url)}"
    if date:
        line += f" ({date})"
    summary = _one_line(summary)
    return f"{line}: {summary}" if summary else line


def llms_txt(site: Site, items: ByObject[str] | None = None) -> str:
    """The site as a Markdown list of links, newest posts first; ``items`` keeps each post's
    line for the next build."""
    items = items or ByObject()
    config = site.config
    absolute = config.absolute_url
    lines = [f"# {_one_line(config.title)}", ""]
    if config.tagline:
        lines += [f"> {_one_line(config.tagline)}", ""]
    lines += [
        f"Every page of {absolute('/')} with its summary. "
        f"The same as JSON: {absolute(INDEX_JSON_PATH)}",
        "",
    ]
    if site.courses:
        lines += ["## Courses", ""]
        for course in site.courses:
            lines += _course_lines(site, course)
    if site.posts:
        lines += ["## Posts", ""]
        lines += [items.get(post, partial(_post_item, site, post)) for post in site.posts]
        lines.append("")
    if site.pages:
        lines += ["## Pages", ""]
        lines += [_item(p.title, absolute(p.url), p.summary) for p in site.pages]
        lines.append("")
    return "\n".join(lines)


def _post_item(site: Site, post: Post) -> str:
    return _item(
        post.title, site.config.absolute_url(post.url), post.summary, f"{post.date:%Y-%m-%d}"
    )


def _course_lines(site: Site, course: Course) -> list[str]:
    absolute = site.config.absolute_url
    lines = [f"### {_link(course.title, absolute(course.url))}", ""]
    if course.description:
        lines += [_one_line(course.description), ""]
    for key in course.chapters:
        chapter = site.chapters[key]
        title = f"Chapter {chapter.number}: {chapter.title}"
        lines.append(_item(title, absolute(chapter.url), chapter.summary))
    return [*lines, ""]


def index_json(site: Site, records: ByObject[str] | None = None) -> str:
    """Every published post, chapter and page: posts newest first, then chapters in course
    order, then standalone pages by URL; ``records`` keeps each post's record, as JSON, for
    the next build."""
    records = records or ByObject()
    config = site.config
    pages = [records.get(post, partial(_post_record, site, post)) for post in site.posts]
    for course in site.courses:
        pages += [
            _json(_chapter_record(site, course, site.chapters[key])) for key in course.chapters
        ]
    pages += [_json(_page_record(site, page)) for page in site.pages]
    head = {
        "title": config.title,
        "tagline": config.tagline,
        "url": config.absolute_url("/"),
        "language": config.language,
    }
    # One page a line: readable, and written by json's fast encoder (indent is much slower).
    lines = ",\n    ".join(pages)
    fields = json.dumps(head, ensure_ascii=False, indent=2)[:-2]
    return (
        f'{fields},\n  "pages": [\n    {lines}\n  ]\n}}\n'
        if pages
        else (f'{fields},\n  "pages": []\n}}\n')
    )


def _json(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def _post_record(site: Site, post: Post) -> str:
    return _json(
        {
            "kind": "post",
            "title": post.title,
            "url": site.config.absolute_url(post.url),
            "date": rfc3339(post.date),
            "updated": rfc3339(post.updated) if post.updated else None,
            "tags": [tag.name for tag in post.tags],
            "reading_minutes": post.reading_minutes,
            "summary": post.summary,
        }
    )


def _chapter_record(site: Site, course: Course, chapter: Chapter) -> dict[str, Any]:
    return {
        "kind": "chapter",
        "title": chapter.title,
        "url": site.config.absolute_url(chapter.url),
        "date": rfc3339(chapter.date) if chapter.date else None,
        "updated": rfc3339(chapter.updated) if chapter.updated else None,
        "tags": [],
        "reading_minutes": chapter.reading_minutes,
        "summary": chapter.summary,
        "course": {"title": course.title, "url": site.config.absolute_url(course.url)},
        "chapter": chapter.number,
    }


def _page_record(site: Site, page: Page) -> dict[str, Any]:
    return {
        "kind": "page",
        "title": page.title,
        "url": site.config.absolute_url(page.url),
        "date": None,
        "updated": rfc3339(page.updated) if page.updated else None,
        "tags": [],
        "reading_minutes": None,
        "summary": page.summary,
    }
