"""Fingerprints of what a page is rendered from, so unchanged pages are not rendered again.

A page's fingerprint hashes its template set, the site-wide values every template can see
(settings, courses, tags, and each post's URL, title and date) and the values passed to its
template. Rendering is a pure function of those, so equal fingerprints mean equal pages.
Editing one post's body changes the fingerprints of the pages that show that post (its
page, its neighbours, the front page, its tags, the feeds), and of no others.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jinja2

from wren import __version__

if TYPE_CHECKING:
    from wren.render import OutputFile

__all__ = ["Fingerprinter", "PageCache", "Unfingerprintable", "template_digest"]


class Unfingerprintable(TypeError):
    """A template value whose content cannot be hashed: that page is always rendered."""


class Fingerprinter:
    """Hashes template values; remembers each object's digest for one build."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}

    def digest(self, value: object) -> bytes:
        hasher = hashlib.blake2b(digest_size=16)
        self._feed(hasher, value)
        return hasher.digest()

    def _feed(self, hasher: Any, value: object) -> None:
        if value is None or isinstance(value, bool | int | float | str | dt.datetime | dt.date):
            hasher.update(f"{type(value).__name__}:{value!s}\0".encode())
        elif isinstance(value, bytes):
            hasher.update(value)
        elif isinstance(value, list | tuple):
            hasher.update(f"[{len(value)}".encode())
            for item in value:
                self._feed(hasher, item)
        elif isinstance(value, Mapping):
            hasher.update(f"{{{len(value)}".encode())
            for key in sorted(value, key=str):
                self._feed(hasher, key)
                self._feed(hasher, value[key])
        elif isinstance(value, frozenset | set):
            self._feed(hasher, sorted(value, key=str))
        elif isinstance(value, enum.Enum):
            hasher.update(f"{type(value).__name__}.{value.name}\0".encode())
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            hasher.update(self._dataclass_digest(value))
        else:
            raise Unfingerprintable(type(value).__name__)

    def _dataclass_digest(self, value: Any) -> bytes:
        remembered = self._memo.get(id(value))
        if remembered is not None and remembered[0] is value:
            return remembered[1]
        hasher = hashlib.blake2b(digest_size=16)
        hasher.update(type(value).__qualname__.encode())
        names = getattr(type(value), "fingerprint_fields", None)
        for name in names or [item.name for item in dataclasses.fields(value)]:
            self._feed(hasher, getattr(value, name))
        result = hasher.digest()
        self._memo[id(value)] = (value, result)
        return result


def template_digest(env: jinja2.Environment) -> bytes:
    """A hash of every template the environment can load, and of Wren's version."""
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(__version__.encode())
    loader = env.loader
    assert loader is not None
    for name in sorted(loader.list_templates()):
        source, _, _ = loader.get_source(env, name)
        hasher.update(name.encode() + b"\0" + source.encode() + b"\0")
    return hasher.digest()


@dataclass(slots=True)
class PageCache:
    """Rendered pages of the previous build by output path, with their fingerprints.

    ``previous`` maps an output path to its fingerprint and the file that was produced; a page
    whose fingerprint is unchanged is taken from there instead of being rendered.
    """

    previous: dict[str, tuple[bytes, OutputFile]] = dataclasses.field(default_factory=dict)
    current: dict[str, tuple[bytes, OutputFile]] = dataclasses.field(default_factory=dict)
    fingerprinter: Fingerprinter = dataclasses.field(default_factory=Fingerprinter)
    site_digest: bytes = b""
    reused: int = 0

    def start(self, site_values: object, env: jinja2.Environment) -> None:
        """Begin a build: hash what every page can see."""
        self.fingerprinter = Fingerprinter()
        self.site_digest = template_digest(env) + self.fingerprinter.digest(site_values)
        self.current = {}
        self.reused = 0

    def fingerprint(self, template: str, out_path: str, context: Mapping[str, Any]) -> bytes | None:
        try:
            values = self.fingerprinter.digest((template, out_path, dict(context)))
        except Unfingerprintable:
            return None
        return hashlib.blake2b(self.site_digest + values, digest_size=16).digest()

    def lookup(self, out_path: str, fingerprint: bytes) -> OutputFile | None:
        found = self.previous.get(out_path)
        if found is None or found[0] != fingerprint:
            return None
        if found[1].source is not None and not found[1].source.exists():
            return None
        self.reused += 1
        self.current[out_path] = found
        return found[1]

    def store(self, fingerprint: bytes, file: OutputFile) -> None:
        self.current[file.path] = (fingerprint, file)

    def finish(self) -> None:
        """End a build: its pages become the previous ones."""
        self.previous = self.current
        self.current = {}
