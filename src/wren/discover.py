"""Discover: find the source files of a site and classify them."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from wren.errors import ContentError, SourceLocation

__all__ = ["SourceFile", "SourceKind", "classify", "discover_sources", "is_ignored_name"]


class SourceKind(enum.StrEnum):
    POST = "post"
    CHAPTER = "chapter"
    COURSE = "course"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One Markdown file of a site, read as text."""

    rel: str  # path relative to the site folder, with forward slashes
    kind: SourceKind
    text: str
    course: str | None = None  # the course folder, for chapters and course pages


def is_ignored_name(name: str) -> bool:
    """Hidden files, editor backups and swap files are never content."""
    return (
        name.startswith((".", "#", "_draft"))
        or name.endswith(("~", ".swp", ".swx", ".tmp"))
        or name == "4913"
    )


def classify(rel: str) -> tuple[SourceKind, str | None] | None:
    """What a path under ``content/`` is, or None when it is not a source file."""
    parts = rel.split("/")
    if len(parts) < 3 or parts[0] != "content" or not parts[-1].endswith(".md"):
        return None
    if any(is_ignored_name(part) for part in parts[1:]):
        return None
    section = parts[1]
    if section == "posts" and len(parts) == 3:
        return SourceKind.POST, None
    if section == "posts" and len(parts) == 4 and parts[3] == "index.md":
        return SourceKind.POST, None
    if section == "courses" and len(parts) == 4:
        kind = SourceKind.COURSE if parts[3] == "_index.md" else SourceKind.CHAPTER
        return kind, parts[2]
    return None


def discover_sources(site_dir: Path) -> list[SourceFile]:
    """Every post, chapter and course file of the site, sorted by path."""
    content = site_dir / "content"
    if not content.is_dir():
        return []
    sources = []
    for path in sorted(content.rglob("*.md")):
        rel = path.relative_to(site_dir).as_posix()
        found = classify(rel)
        if found is None or not path.is_file():
            continue
        kind, course = found
        sources.append(SourceFile(rel, kind, read_text(path, rel), course))
    return sources


def read_text(path: Path, rel: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ContentError(f"not UTF-8 text (byte {error.start})", SourceLocation(rel, 1)) from None
