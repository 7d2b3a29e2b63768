"""The build cache in ``SITE/.wren-cache/``: parsed documents by content hash.

A document's key is a hash of Wren's version, the file's path and its text, so an edit, a
rename or a new Wren all miss. The cache is one pickle file written atomically after a
successful build; a cache that cannot be read is ignored and rebuilt, never an error.
The folder is the site's own, like ``__pycache__``: do not share it between machines.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wren import __version__
from wren.config import CACHE_DIR
from wren.pipeline.discover import SourceFile
from wren.pipeline.parse import Document
from wren.pipeline.write import OutputFile

__all__ = [
    "CACHE_DIR",
    "DocumentCache",
    "load_page_manifest",
    "load_source_stamps",
    "save_page_manifest",
    "save_source_stamps",
    "source_key",
]

_DOCUMENTS = "documents.pickle"
_PAGES = "pages.pickle"
_SOURCES = "sources.pickle"
_FORMAT = 1


@functools.cache
def _code_version() -> str:
    """A hash of Wren's own code: a cache written by any other code is not read back."""
    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    package = Path(__file__).parent.parent  # the whole wren package, not this folder
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def source_key(source: SourceFile) -> str:
    """The cache key of a source file: its path, kind, text and Wren's version."""
    digest = hashlib.blake2b(digest_size=20)
    text_digest = source.digest or hashlib.blake2b(source.text.encode()).hexdigest()
    for part in (__version__, str(_FORMAT), source.rel, source.kind, text_digest):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass(slots=True)
class DocumentCache:
    """Parsed documents by source key, in memory and optionally on disk."""

    folder: Path | None = None
    entries: dict[str, Document] = field(default_factory=dict)
    hits: int = 0
    changed: bool = False  # entries differ from what is on disk

    @classmethod
    def load(cls, folder: Path | None) -> DocumentCache:
        cache = cls(folder)
        stored = _load(folder, _DOCUMENTS, 2)
        if stored is None:
            return cache
        version, entries = stored
        if version == _code_version() and isinstance(entries, dict):
            cache.entries = entries
        else:
            cache.changed = True
        return cache

    def contains(self, key: str) -> bool:
        return key in self.entries

    def get(self, key: str) -> Document | None:
        found = self.entries.get(key)
        if found is not None:
            self.hits += 1
        return found

    def keep_only(self, keys: dict[str, Document]) -> None:
        """Replace the entries with those of the latest build (dropping stale ones)."""
        self.changed = self.changed or keys.keys() != self.entries.keys()
        self.entries = keys

    def save(self) -> None:
        if self.folder is not None and self.changed:
            self.changed = False
            _dump(self.folder, _DOCUMENTS, (_code_version(), self.entries))


def load_page_manifest(folder: Path | None, out_dir: Path) -> dict[str, tuple[bytes, OutputFile]]:
    """The previous build's page fingerprints, pointing at its files in the output folder."""
    stored = _load(folder, _PAGES, 3)
    if stored is None:
        return {}
    version, written_to, fingerprints = stored
    if version != _code_version() or written_to != str(out_dir.absolute()):
        return {}
    return {
        path: (fingerprint, OutputFile(path, source=out_dir / path))
        for path, fingerprint in fingerprints.items()
    }


def save_page_manifest(
    folder: Path | None, out_dir: Path, pages: dict[str, tuple[bytes, OutputFile]]
) -> None:
    if folder is None:
        return
    fingerprints = {path: fingerprint for path, (fingerprint, _) in pages.items()}
    _dump(folder, _PAGES, (_code_version(), str(out_dir.absolute()), fingerprints))


def cached_outputs(
    folder: Path | None, name: str, key: bytes, out_dir: Path, make: Callable[[], list[OutputFile]]
) -> list[OutputFile]:
    """Files made from inputs hashed to ``key``: taken from the output folder when the last
    build made them from the same inputs and they are still there, else made anew."""
    stored = _load(folder, name, 4)
    if stored is not None:
        version, written_to, old_key, paths = stored
        if (version, written_to, old_key) == (_code_version(), str(out_dir.absolute()), key):
            reused = [OutputFile(path, source=out_dir / path) for path in paths]
            if all(file.source is not None and file.source.is_file() for file in reused):
                return reused
    made = make()
    if folder is not None:
        paths = [file.path for file in made]
        _dump(folder, name, (_code_version(), str(out_dir.absolute()), key, paths))
    return made


def load_source_stamps(folder: Path | None) -> dict[str, tuple[tuple[int, int], str]]:
    """Each source's size, time and digest as the last build saw them."""
    stored = _load(folder, _SOURCES, 1)
    return stored[0] if stored is not None and isinstance(stored[0], dict) else {}


def save_source_stamps(
    folder: Path | None,
    stamps: dict[str, tuple[tuple[int, int], str]],
    before: dict[str, tuple[tuple[int, int], str]],
) -> None:
    if folder is not None and stamps != before:
        _dump(folder, _SOURCES, stamps)


def _load(folder: Path | None, name: str, fields: int) -> tuple[Any, ...] | None:
    """What ``_dump`` wrote, as a tuple of ``fields`` values (one value is wrapped in a
    tuple); None when the file is missing or unreadable: a cache is never an error."""
    if folder is None:
        return None
    try:
        with (folder / name).open("rb") as file:
            value = pickle.load(file)
    # Missing, damaged, or written by a Wren whose classes have since changed.
    except (
        OSError,
        EOFError,
        pickle.UnpicklingError,
        ImportError,
        AttributeError,
        ValueError,
        TypeError,
    ):
        return None
    if fields == 1:
        return (value,)
    return value if isinstance(value, tuple) and len(value) == fields else None


def _dump(folder: Path, name: str, value: object) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    _write_gitignore(folder)
    temporary = folder / f".{name}.{os.getpid()}"
    try:
        with temporary.open("wb") as file:
            pickle.dump(value, file, protocol=5)
        temporary.replace(folder / name)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _write_gitignore(folder: Path) -> None:
    ignore = folder / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(OSError):
            ignore.write_text("*\n", encoding="utf-8")
