"""Snapshots: the built site the server answers from, replaced whole after every build.

A request reads ``SiteState.current`` once and answers from that value alone, so it never
sees half of one build and half of the next. A failed build keeps the last good output and
records the error beside it; the pages stay up while the overlay shows what to fix.

The search index is made after a build, in the background, and joins the snapshot when it
is ready; until a newer index replaces it, each build keeps serving the one before.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from wren.build import SiteOutput
from wren.pipeline.write import OutputFile

__all__ = ["SiteState", "Snapshot"]


@dataclass(frozen=True, slots=True)
class Snapshot:
    output: SiteOutput | None  # the last good build; None until one succeeds
    error: str | None  # the latest build's error as `path:line: message`, if it failed
    build_id: str  # changes whenever `output` does; unique across server restarts
    building: bool = False  # True only before the first build has finished
    search: Mapping[str, OutputFile] = field(default_factory=dict)  # pagefind/..., once made
    warnings: tuple[str, ...] = ()  # the last good build's, each as `path:line: warning: ...`

    def message(self, kind: str, **fields: object) -> dict[str, object]:
        """The live-reload message ``kind`` (see ``reload``) that tells of this snapshot."""
        found = {"build": self.build_id, "error": self.error, "warnings": list(self.warnings)}
        return {"type": kind, **found, **fields}

    def file(self, rel: str) -> OutputFile | None:
        """The output file at ``rel``: a page or copied file of the build, or the index's."""
        if self.output is None:
            return None
        return self.output.files.get(rel) or self.search.get(rel)


class SiteState:
    """Holds the current snapshot; only the build worker replaces it."""

    def __init__(self) -> None:
        self._token = secrets.token_hex(4)
        self._builds = 0
        self._lock = threading.Lock()
        self._current = Snapshot(None, None, self._build_id(), building=True)

    @property
    def current(self) -> Snapshot:
        return self._current

    def succeed(
        self, output: SiteOutput, changed: list[str] | None, warnings: tuple[str, ...] = ()
    ) -> Snapshot:
        """Serve ``output`` from now on; keep the build id when no output changed."""
        with self._lock:
            previous = self._current
            if changed == [] and previous.output is not None:
                snapshot = replace(previous, output=output, error=None, warnings=warnings)
            else:
                self._builds += 1
                build = self._build_id()
                snapshot = Snapshot(output, None, build, search=previous.search, warnings=warnings)
            self._current = snapshot
            return snapshot

    def refresh(self) -> Snapshot:
        """The same output under a new build id: copied files it serves changed on disk."""
        with self._lock:
            self._builds += 1
            self._current = replace(self._current, build_id=self._build_id())
            return self._current

    def index(self, search: Mapping[str, OutputFile]) -> tuple[Snapshot, list[str]]:
        """Serve a new search index; the snapshot, and the index files that changed."""
        with self._lock:
            old = self._current.search
            changed = sorted(
                path
                for path in old.keys() | search.keys()
                if path not in old or path not in search or old[path].data != search[path].data
            )
            if changed:
                self._builds += 1
                self._current = replace(self._current, search=search, build_id=self._build_id())
            return self._current, changed

    def fail(self, error: str) -> Snapshot:
        """Keep serving the last good output, with ``error`` shown over it."""
        with self._lock:
            self._current = replace(self._current, error=error, building=False)
            return self._current

    def _build_id(self) -> str:
        return f"{self._token}-{self._builds}"
