"""Files an agent may touch: paths kept inside the site, revisions, atomic writes.

An agent names files by their path relative to the site (``content/posts/x.md``), as
``list_posts`` returns them. Anything else is refused before a byte is read or written:
absolute paths, ``..``, backslashes, NUL, files outside ``content/``, names that are not
Markdown, and paths that leave the site through a symbolic link.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from wren.atomic import create_atomic, write_atomic
from wren.errors import WrenError

__all__ = ["AgentError", "atomic_create", "atomic_write", "content_path", "revision_of"]


class AgentError(WrenError):
    """A request an agent made that Wren refuses; the message says why, the hint what to do."""


def content_path(site_dir: Path, rel: str) -> Path:
    """The file ``rel`` names, if it is a Markdown file under the site's ``content/``.

    The file need not exist. Raises :class:`AgentError` for any path that could reach
    outside the site.
    """
    hint = "give a path relative to the site, such as content/posts/2026-01-02-title.md"
    if not rel or "\x00" in rel or "\\" in rel:
        raise AgentError(f"not a usable path: {rel!r}", hint=hint)
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or rel.startswith("~"):
        raise AgentError(f"the path {rel!r} leaves the site", hint=hint)
    if pure.parts[:1] != ("content",) or pure.suffix not in (".md", ".markdown"):
        raise AgentError(f"{rel!r} is not a Markdown file under content/", hint=hint)
    root = site_dir.resolve()
    target = (root / pure).resolve()
    if not target.is_relative_to(root / "content"):
        raise AgentError(f"the path {rel!r} leads outside the site through a link", hint=hint)
    return target


def revision_of(data: bytes) -> str:
    """The revision an update must name: a hash of the file's bytes."""
    return hashlib.sha256(data).hexdigest()[:16]


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file renamed over it)."""
    write_atomic(path, text.encode("utf-8"))


def atomic_create(path: Path, text: str) -> None:
    """Write a new file whole; refuse (``AgentError``) if ``path`` exists, even if it
    appeared a moment ago."""
    try:
        create_atomic(path, text.encode("utf-8"))
    except FileExistsError:
        raise AgentError(f"{path.name} already exists", hint="pass another `slug`") from None
