"""Progress of a build: silent by default; a rich progress bar for long builds in a terminal."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # rich is imported only when a bar is shown: most builds are quicker
    from rich.console import Console
    from rich.progress import Progress, TaskID

__all__ = ["NullReporter", "Reporter", "TerminalReporter"]


class Reporter(Protocol):
    """Told what a build is doing; the pipeline calls it, never prints itself."""

    def stage(self, name: str, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...

    def close(self) -> None: ...


class NullReporter:
    def stage(self, name: str, total: int) -> None:
        return

    def advance(self, count: int = 1) -> None:
        return

    def close(self) -> None:
        return


class TerminalReporter:
    """A progress bar on standard error, shown only once a build has run for ``delay`` s."""

    def __init__(self, delay: float = 1.0, console: Console | None = None) -> None:
        self.console = console
        self.started = time.monotonic()
        self.delay = delay
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        self.name, self.total, self.done = "", 0, 0
        self.refreshed = 0.0

    def stage(self, name: str, total: int) -> None:
        self.name, self.total, self.done = name, total, 0
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, description=name, total=total, completed=0)
            self.progress.refresh()
        self._maybe_show()

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, completed=self.done)
            now = time.monotonic()
            if now - self.refreshed > 0.1:
                self.progress.refresh()
                self.refreshed = now
        else:
            self._maybe_show()

    def _maybe_show(self) -> None:
        if self.progress is not None or time.monotonic() - self.started < self.delay:
            return
        if self.console is None and not sys.stderr.isatty():
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.progress = Progress(
            TextColumn("{task.description:<10}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=self.console or Console(stderr=True),
            transient=True,
            auto_refresh=False,  # no refresh thread: the build may fork worker processes
        )
        self.progress.start()
        self.task = self.progress.add_task(self.name, total=self.total, completed=self.done)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None
