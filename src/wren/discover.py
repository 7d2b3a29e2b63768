"""Discover: find the source files of a site and classify them."""

from __future__ import annotations

import enum
import hashlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from wren.errors import ContentError, ErrorGroup, SourceLocation

__all__ = [
    "SourceFile",
    "SourceKind",
    "SourceReader",
    "classify",
    "discover_sources",
    "is_ignored_name",
]


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
    digest: str = ""  # a hash of the text
    unread: bool = False  # known by its size, time and digest only: ``text`` is not loaded

    @classmethod
    def read(cls, site_dir: Path, rel: str, kind: SourceKind, course: str | None) -> SourceFile:
        text = read_text(os.path.join(site_dir, rel), rel)
        digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        return cls(rel, kind, text, course, digest)


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


Stamp = tuple[int, int]  # a file's modification time (ns) and size


class SourceReader:
    """Reads a site's sources; later reads re-read only files whose size or time changed.

    Given the stamps and digests of an earlier run (``seen``), a file whose size and time
    are unchanged is not read at all: it comes back ``unread``, for ``load`` to read if its
    parsed form is not in the build cache. Like make and Hugo, this trusts modification
    times; an edit that keeps a file's size and time is not seen.
    """

    def __init__(self, site_dir: Path, seen: Mapping[str, tuple[Stamp, str]] | None = None):
        self.site_dir = site_dir
        self._known: dict[str, tuple[Stamp, SourceFile]] = {}
        self._seen = dict(seen or {})
        self.errors: list[ContentError] = []  # files of the last ``read`` that could not be read

    def read(self) -> list[SourceFile]:
        """Every post, chapter and course file of the site that can be read, sorted by path;
        the others are listed in ``errors``, so one run reports them with every other error."""
        known: dict[str, tuple[tuple[int, int], SourceFile]] = {}
        self.errors = []
        for rel, stamp in self._walk():
            found = classify(rel)
            if found is None:
                continue
            previous = self._known.get(rel)
            seen = self._seen.get(rel)
            if previous is not None and previous[0] == stamp:
                known[rel] = previous
            elif seen is not None and seen[0] == stamp:
                kind, course = found
                known[rel] = (stamp, SourceFile(rel, kind, "", course, seen[1], unread=True))
            else:
                try:
                    known[rel] = (stamp, SourceFile.read(self.site_dir, rel, *found))
                except ContentError as error:
                    self.errors.append(error)
        self._known = known
        return [known[rel][1] for rel in sorted(known)]

    def load(self, source: SourceFile) -> SourceFile:
        """An ``unread`` source with its text read."""
        if not source.unread:
            return source
        loaded = SourceFile.read(self.site_dir, source.rel, source.kind, source.course)
        stamp = self._known[source.rel][0] if source.rel in self._known else (0, 0)
        self._known[source.rel] = (stamp, loaded)
        return loaded

    @property
    def stamps(self) -> dict[str, tuple[Stamp, str]]:
        """Each file's stamp and digest, for the next run's ``seen``."""
        return {rel: (stamp, source.digest) for rel, (stamp, source) in self._known.items()}

    def _walk(self) -> list[tuple[str, Stamp]]:
        found = []
        content = os.path.join(self.site_dir, "content")
        base = len(content) + 1
        for root, folders, files in os.walk(content):
            folders[:] = [f for f in folders if not is_ignored_name(f)]
            for name in files:
                if not name.endswith(".md") or is_ignored_name(name):
                    continue
                path = os.path.join(root, name)
                try:
                    info = os.stat(path)
                except OSError:  # deleted while we looked
                    continue
                if stat.S_ISREG(info.st_mode):
                    rel = "content/" + path[base:].replace(os.sep, "/")
                    found.append((rel, (info.st_mtime_ns, info.st_size)))
        return found


def discover_sources(site_dir: Path) -> list[SourceFile]:
    """Every post, chapter and course file of the site, sorted by path; ContentError (or
    ErrorGroup) when some cannot be read."""
    reader = SourceReader(site_dir)
    sources = reader.read()
    ErrorGroup.raise_if_any(reader.errors)
    return sources


def read_text(path: Path | str, rel: str) -> str:
    """A site file's text; ContentError naming the file (and line) when it cannot be read."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as error:
        raise ContentError(
            f"cannot read this file: {error.strerror}",
            SourceLocation(rel),
            hint="check its permissions (it must be readable by you)"
            if isinstance(error, PermissionError)
            else None,
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ContentError(
            f"not UTF-8 text (byte {error.start}: {data[error.start : error.end]!r})",
            SourceLocation(rel, line, column),
            hint="save the file as UTF-8 in your editor",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")  # as Python's text mode reads it
