"""The build cache in ``SITE/.wren-cache/``: parsed documents by content hash.

A document's key is a hash of Wren's version, the file's path and its text, so an edit, a
rename or a new Wren all miss. The cache is one pickle file written atomically after a
successful build; a cache that cannot be read is ignored and rebuilt, never an error.
The folder is the site's own, like ``__pycache__``: do not share it between machines.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from wren import __version__
from wren.discover import SourceFile
from wren.parse import Document

__all__ = ["CACHE_DIR", "DocumentCache", "source_key"]

CACHE_DIR = ".wren-cache"
_DOCUMENTS = "documents.pickle"
_FORMAT = 1


def source_key(source: SourceFile) -> str:
    """The cache key of a source file: its path, kind, text and Wren's version."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (__version__, str(_FORMAT), source.rel, source.kind, source.text):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass(slots=True)
class DocumentCache:
    """Parsed documents by source key, in memory and optionally on disk."""

    folder: Path | None = None
    entries: dict[str, Document] = field(default_factory=dict)
    hits: int = 0

    @classmethod
    def load(cls, folder: Path | None) -> DocumentCache:
        cache = cls(folder)
        if folder is None:
            return cache
        try:
            with (folder / _DOCUMENTS).open("rb") as file:
                version, entries = pickle.load(file)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
            return cache
        except ImportError:
            return cache
        if version == (__version__, _FORMAT) and isinstance(entries, dict):
            cache.entries = entries
        return cache

    def get(self, key: str) -> Document | None:
        found = self.entries.get(key)
        if found is not None:
            self.hits += 1
        return found

    def keep_only(self, keys: dict[str, Document]) -> None:
        """Replace the entries with those of the latest build (dropping stale ones)."""
        self.entries = keys

    def save(self) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_gitignore(self.folder)
        temporary = self.folder / f".{_DOCUMENTS}.{os.getpid()}"
        try:
            with temporary.open("wb") as file:
                pickle.dump(((__version__, _FORMAT), self.entries), file, protocol=5)
            temporary.replace(self.folder / _DOCUMENTS)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()


def _write_gitignore(folder: Path) -> None:
    ignore = folder / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(OSError):
            ignore.write_text("*\n", encoding="utf-8")
