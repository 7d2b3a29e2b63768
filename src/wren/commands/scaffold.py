"""``wren new``: start a site, a post, a page, a course or a chapter with valid front matter."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from wren.config import CONFIG_FILE, load_config
from wren.errors import ContentError, SourceLocation, WrenError
from wren.pipeline.discover import SourceKind, discover_sources
from wren.pipeline.slug import number_prefix, slugify

__all__ = ["new_chapter", "new_course", "new_page", "new_post", "new_site"]

_SITE_TOML = """\
title = {title}
tagline = "Notes from learning in public."
base_url = "https://example.org/"
author = ""
language = "en"
"""

_FIRST_POST = """\
---
title: "Hello, World"
date: {date}
description: "The first post of this site: what it is for and what comes next."
tags: ["meta"]
---

This is the first post. Edit it in `content/posts/`, or write another with
`wren new post "A Title"`.

## What comes next

Courses live in `content/courses/`: one folder per course, one file per chapter.
"""

_COURSE_INDEX = """\
---
title: "A First Course"
description: "A course in numbered chapters."
---

Each chapter is a file named `NN-name.md` in this folder.
"""

_FIRST_CHAPTER = """\
---
title: "Getting Started"
description: "The first chapter of the course."
---

Write the chapter here. Headings start at `##`.

## A first section

Some text.
"""


# Commented out: an empty description would be reported by `wren check`; a missing one lets
# listings use the first paragraph.
_DESCRIPTION = '# description: "One sentence for listings, feeds and search results."\n'
_FIRST_PARAGRAPH = (
    "Write here. Without a description, listings and feeds show this first paragraph.\n"
)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def new_site(target: Path, today: dt.date | None = None) -> None:
    """Write a small site that builds: settings, one post, one course with one chapter."""
    if target.exists() and not target.is_dir():
        raise WrenError(f"{target} is a file", hint="choose a new folder name")
    if target.exists() and any(target.iterdir()):
        raise WrenError(f"{target} exists and is not empty", hint="choose a new folder name")
    try:
        _write_site(target, today)
    except OSError as error:
        raise WrenError(
            f"could not write the site into {target}: {error.strerror}",
            hint="choose a folder you can write to",
        ) from None


def _write_site(target: Path, today: dt.date | None) -> None:
    date = (today or dt.date.today()).isoformat()
    title = target.resolve().name.replace("-", " ").replace("_", " ").title() or "My Site"
    (target / "content" / "posts").mkdir(parents=True)
    (target / "content" / "courses" / "first-course").mkdir(parents=True)
    (target / "templates").mkdir()
    (target / "static").mkdir()
    (target / CONFIG_FILE).write_text(_SITE_TOML.format(title=_quoted(title)), encoding="utf-8")
    (target / "content" / "posts" / f"{date}-hello-world.md").write_text(
        _FIRST_POST.format(date=date), encoding="utf-8"
    )
    course = target / "content" / "courses" / "first-course"
    (course / "_index.md").write_text(_COURSE_INDEX, encoding="utf-8")
    (course / "01-getting-started.md").write_text(_FIRST_CHAPTER, encoding="utf-8")
    (target / ".gitignore").write_text("public/\n.wren-cache/\n", encoding="utf-8")


def new_post(site_dir: Path, title: str, today: dt.date | None = None) -> tuple[Path, list[str]]:
    """Write ``content/posts/YYYY-MM-DD-slug.md``; return it and any warnings."""
    load_config(site_dir)
    slug = _file_slug(title)
    date = (today or dt.date.today()).isoformat()
    path = site_dir / "content" / "posts" / f"{date}-{slug}.md"
    _refuse_existing(path, site_dir)
    _write_new(
        path,
        f"---\ntitle: {_quoted(title)}\ndate: {date}\n{_DESCRIPTION}tags: []\n---\n\n"
        + _FIRST_PARAGRAPH,
    )
    return path, similar_titles(site_dir, title, exclude=path)


def new_page(site_dir: Path, title: str) -> Path:
    """Write ``content/pages/SLUG.md``: a standalone page such as ``/about/``."""
    load_config(site_dir)
    path = site_dir / "content" / "pages" / f"{_file_slug(title)}.md"
    _refuse_existing(path, site_dir)
    _write_new(path, f"---\ntitle: {_quoted(title)}\n{_DESCRIPTION}---\n\n" + _FIRST_PARAGRAPH)
    return path


def similar_titles(site_dir: Path, title: str, exclude: Path | None = None) -> list[str]:
    """Warnings for existing posts whose titles nearly match ``title``."""
    from wren.commands.similar_titles import near_title_matches

    return near_title_matches(site_dir, title, exclude)


def new_chapter(site_dir: Path, course: str, title: str) -> Path:
    """Write the course's next chapter, numbered after the highest existing one."""
    load_config(site_dir)
    if course in ("", ".", "..") or "/" in course or "\\" in course or course.startswith("."):
        raise ContentError(
            f"`{course}` is not a course name",
            hint="give the name of a folder in content/courses/, such as rust-basics",
        )
    folder = site_dir / "content" / "courses" / course
    if not folder.is_dir():
        known = sorted(
            {
                s.course
                for s in discover_sources(site_dir)
                if s.kind is SourceKind.CHAPTER and s.course
            }
        )
        raise ContentError(
            f"no course `{course}` in content/courses/",
            SourceLocation(f"content/courses/{course}"),
            hint=f"courses: {', '.join(known)}" if known else "create the folder",
        )
    numbers = [number_prefix(p.stem) or 0 for p in folder.glob("*.md") if p.name != "_index.md"]
    number = max(numbers, default=0) + 1
    width = max(2, len(str(number)))
    slug = _file_slug(title)
    path = folder / f"{number:0{width}d}-{slug}.md"
    _refuse_existing(path, site_dir)
    _write_new(path, f"---\ntitle: {_quoted(title)}\n{_DESCRIPTION}---\n\n" + _FIRST_PARAGRAPH)
    return path


def new_course(site_dir: Path, title: str) -> Path:
    """Write ``content/courses/SLUG/_index.md``: a course, ready for ``wren new chapter``."""
    load_config(site_dir)
    slug = _file_slug(title)
    folder = site_dir / "content" / "courses" / slug
    path = folder / "_index.md"
    if folder.exists():
        raise ContentError(
            f"a course `{slug}` already exists",
            SourceLocation(f"content/courses/{slug}"),
            hint=f'add a chapter with `wren new chapter {slug} "Title"`, or choose another title',
        )
    _write_new(
        path,
        f"---\ntitle: {_quoted(title)}\n{_DESCRIPTION}---\n\n"
        "What the course teaches, and for whom. Each chapter is a file named `NN-name.md`\n"
        "in this folder.\n",
    )
    return path


_MAX_SLUG = 60  # characters of a file name made from a title


def _file_slug(title: str) -> str:
    """The title's slug, cut at a word boundary so that the file name stays short."""
    slug = slugify(title)
    if not slug:
        raise WrenError("the title gives an empty slug", hint="use letters or digits")
    if len(slug) > _MAX_SLUG:
        slug = slug[: _MAX_SLUG + 1].rsplit("-", 1)[0] or slug[:_MAX_SLUG]
    return slug


def _write_new(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise WrenError(
            f"could not write {path}: {error.strerror}", hint="check the folder's permissions"
        ) from None


def _refuse_existing(path: Path, site_dir: Path) -> None:
    if path.exists():
        rel = path.relative_to(site_dir).as_posix()
        raise ContentError(
            "the file already exists",
            SourceLocation(rel),
            hint="edit it, or choose another title",
        )
