"""Watch: saved files become rebuilds, new snapshots and messages to every open tab.

Two threads: one waits for ``watchfiles`` to report a debounced batch of changes and queues
it; the other builds. Batches that arrive during a build, or within ``BUILD_INTERVAL_S`` of
its start, are merged into the next one, so the server never falls behind by more than one
build, a burst of saves makes a few builds rather than one each, and the HTTP threads never
wait.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Collection, Mapping
from pathlib import Path

import watchfiles

from wren.build import Builder, SiteOutput
from wren.errors import Diagnostic, WrenError
from wren.server.changes import ChangeKind, changed_outputs, detect_change_kind
from wren.server.console import Reporter, WarningNews, plural, warning_news
from wren.server.reload import ReloadChannel
from wren.server.search import SearchIndexer
from wren.server.snapshot import SiteState, Snapshot

__all__ = ["Rebuilder", "SiteWatcher"]

STEP_MS = 10  # a batch ends after this long without a new change (editors save in ~1 ms)
DEBOUNCE_MS = 300  # and never grows longer than this
BUILD_INTERVAL_S = 0.1  # and a build starts no sooner than this after the one before
MAX_LISTED_CHANGES = 300  # beyond this, tell the tabs "everything changed"
_STATIC = (ChangeKind.STATIC_CSS, ChangeKind.STATIC_OTHER)


class Rebuilder:
    """Builds the site after each batch of changes and tells the tabs what changed."""

    def __init__(
        self,
        builder: Builder,
        state: SiteState,
        channel: ReloadChannel,
        reporter: Reporter,
        indexer: SearchIndexer | None = None,
    ) -> None:
        self.site_dir = builder.site_dir
        self.indexer = indexer
        self.builder = builder
        self.state = state
        self.channel = channel
        self.reporter = reporter
        self.stopped = threading.Event()  # set when the server stops: builds end quietly
        self.shown: frozenset[Diagnostic] = frozenset()  # the last good build's warnings

    def kind_of(self, path: Path) -> ChangeKind:
        try:
            rel = path.relative_to(self.site_dir).as_posix()
        except ValueError:
            return ChangeKind.IGNORED
        return detect_change_kind(rel)

    def build_first(self) -> None:
        started = time.perf_counter()
        output = self._build()
        if output is not None:
            self._index(output)  # asked first: the index is awaited once the build is served
            snapshot = self.state.succeed(output, None, self._formatted_warnings())
            self._publish_update(snapshot, None)
            took = _ms(started)
            count = len(self._tell_warnings().new)
            warned = f" ({count:,} {plural(count, 'warning')})" if count else ""
            self._say(f"Built {output.pages:,} pages in {took}{warned}")

    def apply(self, paths: Collection[Path]) -> None:
        """Rebuild for the files saved in one batch; ignore the ones that are not the site's."""
        kinds = {
            path: kind for path in paths if (kind := self.kind_of(path)) is not ChangeKind.IGNORED
        }
        if not kinds:
            return
        started = time.perf_counter()
        before = self.state.current
        names = _list(sorted(path.relative_to(self.site_dir).as_posix() for path in kinds))
        changed = _static_edits(kinds, before)
        if changed is not None:  # no build needed, even while a build error is showing
            self._publish_update(self.state.refresh(), changed)
            self._say(f"{names}: {_outcome(changed)} ({_ms(started)})")
            return
        output = self._build()
        if output is None:
            return
        old_files = before.output.files if before.output is not None else None
        changed = changed_outputs(old_files, output.files, kinds.keys())
        snapshot = self.state.succeed(output, changed, self._formatted_warnings())
        self._publish_update(snapshot, changed)
        recovered = "fixed, " if before.error is not None else ""
        took = _ms(started)
        warned = self._tell_warnings().summary()
        self._say(
            f"{names}: {recovered}{_outcome(changed)} ({took})" + (f"; {warned}" if warned else "")
        )
        if changed != []:
            self._index(output)

    def _formatted_warnings(self) -> tuple[str, ...]:
        return tuple(warning.format() for warning in self.builder.warnings)

    def _tell_warnings(self) -> WarningNews:
        """Print the warnings of the build just made that the last good build did not have."""
        warnings = self.builder.warnings
        news = warning_news(self.shown, warnings)
        self.shown = frozenset(warnings)
        if not self.stopped.is_set():
            for warning in news.new:
                self.reporter.diagnostic(warning)
        return news

    def _index(self, output: SiteOutput) -> None:
        if self.indexer is not None:
            self.indexer.request(output)

    def _build(self) -> SiteOutput | None:
        try:
            return self.builder.build()
        except WrenError as error:
            message = str(error)
        except Exception as error:  # a bug in Wren must not take the server down mid-edit
            message = f"wren: internal error while building: {type(error).__name__}: {error}"
        if self.stopped.is_set():
            return None  # the server stopped during the build and the build broke off
        self.state.fail(message)
        self.channel.publish({"type": "error", "error": message})
        self.reporter.error(message)
        return None

    def _say(self, text: str) -> None:
        if not self.stopped.is_set():  # nothing after "Stopped."
            self.reporter.info(text)

    def _publish_update(self, snapshot: Snapshot, changed: list[str] | None) -> None:
        listed = changed if changed is not None and len(changed) <= MAX_LISTED_CHANGES else None
        self.channel.publish(snapshot.message("update", changed=listed))


class SiteWatcher:
    """Runs the first build, then rebuilds on every debounced batch of changes."""

    def __init__(self, rebuilder: Rebuilder) -> None:
        self.rebuilder = rebuilder
        self._stop = threading.Event()
        self._batches: queue.SimpleQueue[set[Path] | None] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._watch, name="wren-watch", daemon=True),
            threading.Thread(target=self._work, name="wren-build", daemon=True),
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop watching; wait up to ``timeout`` seconds for a build in progress to end."""
        self._stop.set()
        self.rebuilder.stopped.set()
        self._batches.put(None)
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout)

    @property
    def building(self) -> bool:
        """Whether a build is running (after ``stop``: one that did not end in time)."""
        return self._threads[1].is_alive()

    def _watch(self) -> None:
        site_dir = self.rebuilder.site_dir
        try:
            for changes in watchfiles.watch(
                site_dir,
                watch_filter=lambda _, path: (
                    self.rebuilder.kind_of(Path(path)) is not ChangeKind.IGNORED
                ),
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                stop_event=self._stop,
                raise_interrupt=False,
            ):
                self._batches.put({Path(path) for _, path in changes})
        except Exception as error:  # e.g. too many inotify watches
            self.rebuilder.reporter.warning(
                f"{site_dir}: cannot watch for changes ({error}); restart wren serve to rebuild"
            )

    def _work(self) -> None:
        self.rebuilder.build_first()
        started = 0.0
        while True:
            batch = self._batches.get()
            # Builds start at most every BUILD_INTERVAL_S: a burst of saves (a script, a
            # formatter run over every file) is built in a few batches, not once per save.
            self._stop.wait(max(0.0, started + BUILD_INTERVAL_S - time.monotonic()))
            while batch is not None:  # merge the batches that queued up meanwhile
                try:
                    more = self._batches.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    return
                batch |= more
            if batch is None or self._stop.is_set():
                return
            started = time.monotonic()
            self.rebuilder.apply(batch)


def _static_edits(kinds: Mapping[Path, ChangeKind], snapshot: Snapshot) -> list[str] | None:
    """The outputs to refresh when only files the site already copies were edited, else None.

    Copied files are read at request time, so such edits need no build at all.
    """
    output = snapshot.output
    if output is None:
        return None
    if any(kind not in _STATIC for kind in kinds.values()):
        return None
    by_source = {file.source: rel for rel, file in output.files.items() if file.source is not None}
    hits = [by_source.get(path) for path in kinds]
    if any(hit is None for hit in hits) or not all(path.is_file() for path in kinds):
        return None
    return sorted(hit for hit in hits if hit is not None)


def _outcome(changed: list[str] | None) -> str:
    if changed is None:
        return "rebuilt everything"
    if not changed:
        return "no output changed"
    if all(path.endswith(".css") for path in changed):
        return f"swapped {_list(changed)}"
    count = f"{len(changed):,} file{'' if len(changed) == 1 else 's'}"
    return f"{count} changed, reloading"


def _list(names: list[str], shown: int = 3) -> str:
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more:,} more" if more > 0 else "")


def _ms(started: float) -> str:
    return f"{(time.perf_counter() - started) * 1000:,.0f} ms"
