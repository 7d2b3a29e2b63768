"""Search: the dev server's Pagefind index, made in the background and kept fresh.

``wren build`` indexes as part of the build; the dev server must not make the first page wait
for Pagefind, so one thread of its own indexes the site after each good build:

* after the first build at once, so search works a moment after the site is up;
* after later builds once the author has stopped saving for ``idle`` seconds, so a burst of
  saves costs one run of Pagefind, not one per save.

Pagefind keeps its index between runs (``LiveSearchIndex``): after an edit it reads only the
pages whose HTML changed, then hands back the whole index. A newer build that arrives while
Pagefind runs is indexed next. Each index joins the snapshot whole (``SiteState.index``), and
the tabs are told which index files changed: the search page uses them, so it reloads; other
pages do not.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from wren.build import SiteOutput
from wren.errors import WrenError
from wren.pipeline.write import OutputFile
from wren.publish.search import LiveSearchIndex
from wren.server.console import Reporter
from wren.server.reload import ReloadChannel
from wren.server.snapshot import SiteState

__all__ = ["IDLE_SECONDS", "SearchIndexer"]

IDLE_SECONDS = 1.0  # refresh the index once saves have paused this long

MakeIndex = Callable[[Iterable[OutputFile]], list[OutputFile]]


class SearchIndexer:
    """Indexes the latest good build for search, on a thread of its own."""

    def __init__(
        self,
        state: SiteState,
        channel: ReloadChannel,
        reporter: Reporter,
        idle: float = IDLE_SECONDS,
        make_index: MakeIndex | None = None,
    ) -> None:
        self._state = state
        self._channel = channel
        self._reporter = reporter
        self._idle = idle
        self._live = LiveSearchIndex()  # its Pagefind process ends with the thread
        self._make_index: MakeIndex = make_index or self._live
        self._wake = threading.Condition()
        self._pending: SiteOutput | None = None
        self._due = 0.0
        self._stopped = False
        self._indexed_once = False
        self._indexing = False
        self._thread = threading.Thread(target=self._work, name="wren-search", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop; a Pagefind run in progress is waited for up to ``timeout`` seconds."""
        with self._wake:
            self._stopped = True
            self._wake.notify()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def waiting(self) -> bool:
        """Whether a build waits to be indexed."""
        with self._wake:
            return self._pending is not None

    @property
    def busy(self) -> bool:
        """Whether a build waits to be indexed or is being indexed now."""
        with self._wake:
            return self._pending is not None or self._indexing

    def request(self, output: SiteOutput) -> None:
        """Index ``output`` (a good build): at once the first time, else when saves pause."""
        if not output.site.config.search:
            return
        with self._wake:
            self._pending = output
            self._due = time.monotonic() + (self._idle if self._indexed_once else 0.0)
            self._indexed_once = True
            self._wake.notify()

    def _next(self) -> SiteOutput | None:
        """Wait for a build to index and for the pause after it; None once stopped."""
        with self._wake:
            while not self._stopped:
                if self._pending is not None:
                    wait = self._due - time.monotonic()
                    if wait <= 0:
                        output, self._pending = self._pending, None
                        self._indexing = True
                        return output
                    self._wake.wait(wait)
                else:
                    self._wake.wait()
            return None

    def _work(self) -> None:
        made = False
        try:
            while (output := self._next()) is not None:
                try:
                    if self._index(output, made):
                        made = True
                finally:
                    with self._wake:
                        self._indexing = False
        finally:
            self._live.close()

    def _index(self, output: SiteOutput, made: bool) -> bool:
        """Index ``output`` and serve the index; whether that worked."""
        started = time.perf_counter()
        try:
            files = self._make_index(output.files.values())
        except WrenError as error:
            self._reporter.warning(f"search is not available: {error}")
            return False
        except Exception as error:  # a bug must not stop the server
            self._reporter.warning(f"search index failed: {type(error).__name__}: {error}")
            return False
        with self._wake:  # nothing is served or said once ``stop`` has begun
            if self._stopped:
                return False
            snapshot, changed = self._state.index({file.path: file for file in files})
            if changed:
                self._channel.publish(snapshot.message("update", changed=changed))
            took = (time.perf_counter() - started) * 1000
            self._reporter.info(f"Search index {'updated' if made else 'made'} ({took:,.0f} ms)")
        return True
