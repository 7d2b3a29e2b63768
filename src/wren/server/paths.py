"""Paths: from a request target to an output path, and from a copied file to a safe file.

The server answers from an in-memory map of output paths, so a request can only name a key
of that map; ``resolve_request_path`` still refuses every traversal attempt outright, so that
no key is ever built from ``..``. Copied files (``static/``, page bundles) are read from disk
at request time, and ``confine`` refuses any whose real path, symlinks resolved, leaves the
folders the site may serve from.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["confine", "resolve_request_path"]


def resolve_request_path(target: str) -> str | None:
    """The output path a request target names, or None when the target is not a safe path.

    ``/`` and ``/posts/x/`` name ``index.html`` files; the query and fragment are dropped.
    A NUL byte, a backslash or a ``.``/``..`` segment, raw or percent-encoded, is refused.
    Percent-encoding is decoded once, so ``%252e`` names a file called ``%2e``, never ``.``.
    """
    path = target.split("#", 1)[0].split("?", 1)[0]
    if "://" in path:  # absolute-form, as sent to proxies
        path = urlsplit(path).path
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if not decoded.startswith("/") or "\x00" in decoded or "\\" in decoded:
        return None
    segments = decoded.split("/")
    if any(segment in (".", "..") for segment in segments):
        return None
    rel = "/".join(segment for segment in segments if segment)
    if not rel:
        return "index.html"
    return f"{rel}/index.html" if decoded.endswith("/") else rel


def confine(path: Path, roots: Iterable[Path]) -> Path | None:
    """``path`` with symlinks resolved, if it is a regular file inside one of ``roots``.

    ``roots`` must be resolved already. The check compares whole path components, so a
    sibling folder whose name merely starts with a root's name (``site-private`` beside
    ``site``) is outside.
    """
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, unreadable, or a symlink loop
        return None
    if not real.is_file():
        return None
    return real if any(real.is_relative_to(root) for root in roots) else None
