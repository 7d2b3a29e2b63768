"""Discover: find the source files of a site and classify them."""

from __future__ import annotations

import enum
import errno
import hashlib
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from wren.errors import ContentError, Diagnostic, ErrorGroup, Severity, SourceLocation

__all__ = [
    "MARKDOWN_SUFFIXES",
    "SourceFile",
    "SourceKind",
    "SourceReader",
    "Stamp",
    "classify",
    "discover_sources",
    "is_ignored_name",
    "is_markdown",
    "markdown_stem",
    "unknown_content_files",
    "unknown_file_problem",
    "unknown_file_warning",
    "walk_site_files",
]


class SourceKind(enum.StrEnum):
    POST = "post"
    CHAPTER = "chapter"
    COURSE = "course"
    PAGE = "page"


MARKDOWN_SUFFIXES = (".md", ".markdown")
# Files under content/ that are assets (a page bundle's images, say), not forgotten content.
ASSET_SUFFIXES = frozenset(
    {
        *(".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico", ".bmp", ".heic"),
        *(".mp4", ".webm", ".mov", ".mp3", ".ogg", ".wav", ".flac", ".m4a", ".vtt", ".pdf"),
        *(".zip", ".gz", ".woff", ".woff2", ".ttf", ".otf", ".css", ".js", ".json", ".wasm"),
        *(".rs", ".toml", ".csv", ".py"),
    }
)


def is_markdown(name: str) -> bool:
    return name.endswith(MARKDOWN_SUFFIXES)


def markdown_stem(name: str) -> str:
    """A Markdown file's name without ``.md`` or ``.markdown``.

    >>> markdown_stem("2026-01-31-hello.markdown"), markdown_stem("about.md")
    ('2026-01-31-hello', 'about')
    """
    for suffix in MARKDOWN_SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


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
    """What a path under ``content/`` is, or None when it is not a source file.

    ``.markdown`` files are read as ``.md`` files are."""
    parts = rel.split("/")
    if len(parts) < 3 or parts[0] != "content" or not is_markdown(parts[-1]):
        return None
    if any(is_ignored_name(part) for part in parts[1:]):
        return None
    section, name = parts[1], markdown_stem(parts[-1])
    if section == "posts" and len(parts) == 3:
        return SourceKind.POST, None
    if section == "posts" and len(parts) == 4 and name == "index":
        return SourceKind.POST, None
    if section == "courses" and len(parts) == 4:
        kind = SourceKind.COURSE if name == "_index" else SourceKind.CHAPTER
        return kind, parts[2]
    if section == "pages":
        return SourceKind.PAGE, None
    return None


def unknown_content_files(rels: list[str]) -> list[str]:
    """The files under ``content/`` (paths relative to the site) that Wren does not publish
    and that are not assets: each is worth a warning, so that nothing is lost silently.

    A post bundle's files (beside its ``index.md``) are published with the post.

    >>> unknown_content_files(["content/about.md", "content/posts/a/index.md",
    ...     "content/posts/a/notes.txt", "content/posts/b.rst", "content/courses/c/cover.png"])
    ['content/about.md', 'content/posts/b.rst']
    """
    bundles = {
        rel.rpartition("/")[0] + "/"
        for rel in rels
        if classify(rel) is not None and markdown_stem(rel.rpartition("/")[2]) == "index"
    }
    return [
        rel
        for rel in rels
        if classify(rel) is None
        and not rel.startswith(tuple(bundles))
        and os.path.splitext(rel)[1].lower() not in ASSET_SUFFIXES
    ]


Stamp = tuple[int, int, int]  # a file's modification time (ns), size and change time (ns)


class SourceReader:
    """Reads a site's sources; later reads re-read only files whose size or time changed.

    Given the stamps and digests of an earlier run (``seen``), a file whose size and times
    are unchanged is not read at all: it comes back ``unread``, for ``load`` to read if its
    parsed form is not in the build cache. The change time moves with every write, so an
    edit that keeps a file's size and puts its modification time back is seen too.
    """

    def __init__(self, site_dir: Path, seen: Mapping[str, tuple[Stamp, str]] | None = None):
        self.site_dir = site_dir
        self._known: dict[str, tuple[Stamp, SourceFile]] = {}
        self._seen = dict(seen or {})
        self._kinds: dict[str, tuple[SourceKind, str | None] | None] = {}  # ``classify``'s
        self._others: tuple[list[str], list[Diagnostic]] = ([], [])  # files, their warnings
        self.errors: list[ContentError] = []  # files of the last ``read`` that could not be read
        self.warnings: list[Diagnostic] = []  # symlinks skipped, unknown files: of the last read

    def read(self) -> list[SourceFile]:
        """Every post, chapter and course file of the site that can be read, sorted by path;
        the others are listed in ``errors``, so one run reports them with every other error."""
        known: dict[str, tuple[Stamp, SourceFile]] = {}
        self.errors = []
        kinds = self._kinds
        for rel, stamp in self._walk():
            found = kinds[rel] if rel in kinds else kinds.setdefault(rel, classify(rel))
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
        stamp = self._known[source.rel][0] if source.rel in self._known else (0, 0, 0)
        self._known[source.rel] = (stamp, loaded)
        return loaded

    @property
    def stamps(self) -> dict[str, tuple[Stamp, str]]:
        """Each file's stamp and digest, for the next run's ``seen``."""
        return {rel: (stamp, source.digest) for rel, (stamp, source) in self._known.items()}

    def _walk(self) -> list[tuple[str, Stamp]]:
        found = []
        self.warnings = []
        others = []
        content = Path(self.site_dir, "content")
        start = len(str(content)) + 1
        for path, info in _site_files(content, self.site_dir, self.warnings):
            rel = "content/" + path[start:].replace(os.sep, "/")
            if is_markdown(path):
                found.append((rel, (info.st_mtime_ns, info.st_size, info.st_ctime_ns)))
            others.append(rel)
        if others != self._others[0]:  # the same files as last time have the same warnings
            unknown = unknown_content_files(others)
            self._others = (others, [unknown_file_warning(rel) for rel in unknown])
        self.warnings += self._others[1]
        return found


def walk_site_files(
    root: Path, site_dir: Path, warnings: list[Diagnostic]
) -> Iterator[tuple[Path, os.stat_result]]:
    """The regular files below ``root`` (a folder of the site), sorted, hidden names left out.

    The symlink policy: a link whose target lies inside the site folder is followed; a link
    out of the site, a dangling link and a loop are skipped, each with a warning naming the
    link, so that nothing outside the site is ever published."""
    for path, info in _site_files(root, site_dir, warnings):
        yield Path(path), info


def _site_files(
    root: Path, site_dir: Path, warnings: list[Diagnostic]
) -> Iterator[tuple[str, os.stat_result]]:
    """``walk_site_files`` with each path as text: a site of thousands of files is walked
    on every rebuild, and making a ``Path`` of each costs more than the walk."""
    visited: set[str] = set()

    def walk(folder: str) -> Iterator[tuple[str, os.stat_result]]:
        real = os.path.realpath(folder)
        if real in visited:
            warnings.append(_skipped_link(Path(folder), site_dir, "a symlink loop"))
            return
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return
        for entry in entries:
            if is_ignored_name(entry.name):
                continue
            if entry.is_symlink() and not _link_allowed(Path(entry.path), site_dir, warnings):
                continue
            try:
                info = os.stat(entry.path)
            except OSError:  # deleted while we looked
                continue
            if stat.S_ISDIR(info.st_mode):
                yield from walk(entry.path)
            elif stat.S_ISREG(info.st_mode):
                yield entry.path, info

    if root.is_dir():
        yield from walk(str(root))


def _link_allowed(link: Path, site_dir: Path, warnings: list[Diagnostic]) -> bool:
    site = Path(os.path.realpath(site_dir))
    try:
        target = Path(os.path.realpath(link, strict=True))
    except OSError as error:
        reason = "a symlink loop" if error.errno == errno.ELOOP else "a dangling symlink"
        warnings.append(_skipped_link(link, site_dir, reason))
        return False
    if target != site and site not in target.parents:
        what = f"a symlink to {target}, outside the site folder"
        hint = "Wren publishes nothing from outside the site: copy the file into the site instead"
        warnings.append(_skipped_link(link, site_dir, what, hint))
        return False
    return True


def _skipped_link(link: Path, site_dir: Path, what: str, hint: str | None = None) -> Diagnostic:
    where = SourceLocation(_shown(link, site_dir))
    return Diagnostic(Severity.WARNING, where, f"skipped {what}", "symlinks", hint)


def unknown_file_problem(rel: str) -> tuple[str, str]:
    """Why a file ``unknown_content_files`` names is not published, and what to do."""
    parts = rel.split("/")
    if not is_markdown(parts[-1]):
        return (
            "not published: neither Markdown nor a known asset",
            "Wren reads .md and .markdown files; put a post's files beside its index.md, "
            "and other files in static/",
        )
    name = markdown_stem(parts[-1])
    return (
        "not published: not a post, chapter, course or page",
        "posts go in content/posts/, courses in content/courses/NAME/, pages in "
        f"content/pages/ (content/pages/{name}.md is /{name}/)",
    )


def unknown_file_warning(rel: str) -> Diagnostic:
    """The warning about a file under content/ that ``unknown_content_files`` names."""
    message, hint = unknown_file_problem(rel)
    return Diagnostic(Severity.WARNING, SourceLocation(rel), message, "content", hint)


def _shown(path: Path, site_dir: Path) -> str:
    return Path(os.path.relpath(path, site_dir)).as_posix()


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
            f"not UTF-8 text (byte {error.start})",
            SourceLocation(rel, line, column),
            hint="save the file as UTF-8 in your editor",
        ) from None
    if "\0" in text:
        start = text.index("\0")
        raise ContentError(
            "a NUL character in the text",
            SourceLocation(rel, text.count("\n", 0, start) + 1),
            hint="remove it: it is never part of a page (a tool may have written it)",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")  # as Python's text mode reads it
