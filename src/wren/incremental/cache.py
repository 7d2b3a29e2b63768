"""The build cache in ``SITE/.wren-cache/``: parsed documents by content hash.

A document's key is a hash of Wren's version, the file's path and its text, so an edit, a
rename or a new Wren all miss. Each cache file is written atomically after a successful
build, inside an envelope: a magic line, then a header naming the envelope's format, the
hash of Wren's code, the payload's size and its digest, then the pickled payload. A file
that is truncated, damaged, not Wren's or written by other code is ignored and the build
starts from the sources, saying so in one line (``CacheProblems``); it is never an error.
The folder is the site's own, like ``__pycache__``: do not share it between machines.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from wren import __version__
from wren.atomic import write_atomic
from wren.config import CACHE_DIR
from wren.pipeline.discover import SourceFile, Stamp
from wren.pipeline.parse import Document
from wren.pipeline.write import OutputFile

__all__ = [
    "CACHE_DIR",
    "CacheProblems",
    "DocumentCache",
    "TemplateCodeCache",
    "load_page_manifest",
    "load_source_stamps",
    "load_value",
    "save_page_manifest",
    "save_source_stamps",
    "save_value",
    "source_key",
]

_DOCUMENTS = "documents.pickle"
_PAGES = "pages.pickle"
_SOURCES = "sources.pickle"
_FORMAT = 2
_MAGIC = b"wren-cache\n"


@functools.cache
def _code_version() -> str:
    """A hash of Wren's own code, its modules and its highlight queries: a cache written by
    any other code is not read back."""
    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    package = Path(__file__).parent.parent  # the whole wren package, not this folder
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.scm")]):
        digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@dataclass(slots=True)
class CacheProblems:
    """Cache files found unusable while loading, for one line in the build's summary."""

    found: list[str] = field(default_factory=list)

    def add(self, name: str, reason: str) -> None:
        self.found.append(f"{name} {reason}")

    def note(self) -> str | None:
        if not self.found:
            return None
        return f"the build cache was not usable ({'; '.join(self.found)}): rebuilt from the sources"


def source_key(source: SourceFile) -> str:
    """The cache key of a source file: its path, kind, text and Wren's version."""
    text_digest = source.digest or hashlib.blake2b(source.text.encode()).hexdigest()
    return _source_key(source.rel, source.kind, text_digest)


@functools.lru_cache(maxsize=1 << 16)  # a rebuild asks again for every unchanged file
def _source_key(rel: str, kind: str, text_digest: str) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in (__version__, str(_FORMAT), rel, kind, text_digest):
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
    def load(cls, folder: Path | None, problems: CacheProblems | None = None) -> DocumentCache:
        cache = cls(folder)
        entries = load_value(folder, _DOCUMENTS, problems)
        if isinstance(entries, dict):
            cache.entries = entries
        elif folder is not None:
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
            save_value(self.folder, _DOCUMENTS, self.entries)


class TemplateCodeCache(jinja2.BytecodeCache):
    """Compiled templates, one file each, so that a new process need not compile them again.

    Jinja keys a template's file by its name and checks, on loading, the compiled code's
    format and the hash of the template's source: a template edited since is compiled anew.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = load_value(self.folder, f"template-{bucket.key}.code", None)
        if isinstance(code, bytes):
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        save_value(self.folder, f"template-{bucket.key}.code", bucket.bytecode_to_string())


FileStamp = tuple[int, int]  # an output file's size and modification time in nanoseconds


def file_stamp(path: Path) -> FileStamp | None:
    """A file's size and time, to notice later whether anyone changed it; None if it is gone."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns)


def _untouched(out_dir: Path, stamps: object) -> dict[str, FileStamp]:
    """Of the files the last build wrote, those still as it left them (not edited by hand)."""
    if not isinstance(stamps, dict):
        return {}
    return {
        path: stamp
        for path, stamp in stamps.items()
        if stamp is not None and file_stamp(out_dir / path) == stamp
    }


def load_page_manifest(
    folder: Path | None, out_dir: Path, problems: CacheProblems | None = None
) -> dict[str, tuple[bytes, OutputFile]]:
    """The previous build's page fingerprints, pointing at its files in the output folder.

    A page whose file was changed or removed since that build is left out, so it is rendered
    and written again."""
    stored = load_value(folder, _PAGES, problems)
    if not isinstance(stored, dict) or stored.get("out_dir") != str(out_dir.absolute()):
        return {}
    fingerprints = stored.get("pages")
    if not isinstance(fingerprints, dict):
        return {}
    untouched = _untouched(out_dir, stored.get("stamps"))
    return {
        path: (fingerprint, OutputFile(path, source=out_dir / path))
        for path, fingerprint in fingerprints.items()
        if path in untouched
    }


def save_page_manifest(
    folder: Path | None, out_dir: Path, pages: dict[str, tuple[bytes, OutputFile]]
) -> None:
    if folder is None:
        return
    fingerprints = {path: fingerprint for path, (fingerprint, _) in pages.items()}
    stamps = {path: file_stamp(out_dir / path) for path in fingerprints}
    value = {"out_dir": str(out_dir.absolute()), "pages": fingerprints, "stamps": stamps}
    save_value(folder, _PAGES, value)


def reusable_outputs(
    folder: Path | None, name: str, key: bytes, out_dir: Path
) -> list[OutputFile] | None:
    """Files made from inputs hashed to ``key``, taken from the output folder when the last
    build made them from the same inputs and they are still there as it left them; else None,
    and the caller makes them anew and records them with ``remember_outputs``."""
    stored = load_value(folder, name, None)
    if isinstance(stored, dict) and (stored.get("out_dir"), stored.get("key")) == (
        str(out_dir.absolute()),
        key,
    ):
        stamps = stored.get("stamps")
        untouched = _untouched(out_dir, stamps)
        if isinstance(stamps, dict) and stamps and len(untouched) == len(stamps):
            return [OutputFile(path, source=out_dir / path) for path in sorted(untouched)]
    return None


def remember_outputs(
    folder: Path | None, name: str, key: bytes, out_dir: Path, made: list[OutputFile]
) -> None:
    """Record files made from inputs hashed to ``key`` (the stamps are saved by
    ``stamp_outputs`` once the files are written)."""
    if folder is not None:
        value = {"out_dir": str(out_dir.absolute()), "key": key, "paths": [f.path for f in made]}
        save_value(folder, name, value)


def stamp_outputs(folder: Path | None, name: str, out_dir: Path) -> None:
    """Record the size and time of the files ``remember_outputs`` named, once written."""
    stored = load_value(folder, name, None)
    if folder is None or not isinstance(stored, dict) or "paths" not in stored:
        return
    paths = stored.pop("paths")
    stored["stamps"] = {path: file_stamp(out_dir / path) for path in paths}
    save_value(folder, name, stored)


def load_source_stamps(
    folder: Path | None, problems: CacheProblems | None = None
) -> dict[str, tuple[Stamp, str]]:
    """Each source's size, time and digest as the last build saw them."""
    stored = load_value(folder, _SOURCES, problems)
    return stored if isinstance(stored, dict) else {}


def save_source_stamps(
    folder: Path | None,
    stamps: dict[str, tuple[Stamp, str]],
    before: dict[str, tuple[Stamp, str]],
) -> None:
    if folder is not None and stamps != before:
        save_value(folder, _SOURCES, stamps)


def load_value(folder: Path | None, name: str, problems: CacheProblems | None) -> Any:
    """What ``save_value`` wrote; None when it is missing or unusable (told to ``problems``)."""
    if folder is None:
        return None
    try:
        data = (folder / name).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        return _unusable(problems, name, f"could not be read ({error.strerror})")
    header, _, payload = data[len(_MAGIC) :].partition(b"\n")
    if not data.startswith(_MAGIC):
        return _unusable(problems, name, "is not a Wren cache file")
    try:
        fields = json.loads(header)
        if not isinstance(fields, dict):
            raise ValueError(header)
    except ValueError:
        return _unusable(problems, name, "has a damaged header")
    if (fields.get("format"), fields.get("code")) != (_FORMAT, _code_version()):
        return _unusable(problems, name, "was written by another version of Wren")
    if fields.get("size") != len(payload):
        return _unusable(problems, name, "is truncated")
    if fields.get("digest") != hashlib.blake2b(payload, digest_size=16).hexdigest():
        return _unusable(problems, name, "is damaged")
    try:
        return pickle.loads(payload)
    # Classes changed under the same code hash cannot happen; a damaged payload can.
    except (pickle.UnpicklingError, EOFError, ImportError, AttributeError, ValueError, TypeError):
        return _unusable(problems, name, "is damaged")


def _unusable(problems: CacheProblems | None, name: str, reason: str) -> None:
    if problems is not None:
        problems.add(name, reason)


def save_value(folder: Path, name: str, value: object) -> None:
    payload = pickle.dumps(value, protocol=5)
    header = {
        "format": _FORMAT,
        "code": _code_version(),
        "size": len(payload),
        "digest": hashlib.blake2b(payload, digest_size=16).hexdigest(),
    }
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
        folder.mkdir(parents=True, exist_ok=True)
        _write_gitignore(folder)
        write_atomic(folder / name, _MAGIC + json.dumps(header).encode() + b"\n" + payload)


def _write_gitignore(folder: Path) -> None:
    ignore = folder / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(OSError):
            ignore.write_text("*\n", encoding="utf-8")
