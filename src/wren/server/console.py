"""Console: what the dev server tells the author in the terminal.

A build's warnings are printed as ``wren build`` prints them (``Diagnostic.format``), but
only when they are news: a warning the previous good build also had is counted, not
printed again, so a rebuild on every save does not bury the one line that is new.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

import click

from wren.errors import Diagnostic

__all__ = ["ConsoleReporter", "Reporter", "WarningNews", "plural", "warning_news"]


class Reporter(Protocol):
    def info(self, text: str) -> None: ...

    def warning(self, text: str) -> None: ...

    def error(self, text: str) -> None: ...

    def diagnostic(self, diagnostic: Diagnostic) -> None: ...


class ConsoleReporter:
    """Prints to the terminal: progress to stdout, problems to stderr as ``path:line: ...``."""

    def info(self, text: str) -> None:
        click.echo(text)

    def warning(self, text: str) -> None:
        click.echo(click.style("warning: ", fg="yellow", bold=True) + text, err=True)

    def error(self, text: str) -> None:
        for line in text.splitlines():
            prefix = "" if line.startswith("  ") else click.style("error: ", fg="red", bold=True)
            click.echo(prefix + line, err=True)

    def diagnostic(self, diagnostic: Diagnostic) -> None:
        click.echo(diagnostic.format(), err=True)


@dataclass(frozen=True, slots=True)
class WarningNews:
    """A build's warnings beside those of the build shown before it."""

    new: tuple[Diagnostic, ...]  # to print: not in the build before (or back again)
    unchanged: int
    fixed: int  # the build before had them, this one does not

    def summary(self) -> str:
        """``1 new warning, 2 unchanged, 1 fixed``, ``2 warnings unchanged``; empty when
        neither build had any."""
        counts = [(len(self.new), "new"), (self.unchanged, "unchanged"), (self.fixed, "fixed")]
        parts: list[str] = []
        for number, how in counts:
            if not number:
                continue
            if parts:
                parts.append(f"{number:,} {how}")
            elif how == "new":
                parts.append(f"{number:,} new {plural(number, 'warning')}")
            else:
                parts.append(f"{number:,} {plural(number, 'warning')} {how}")
        return ", ".join(parts)


def warning_news(shown: Collection[Diagnostic], warnings: Sequence[Diagnostic]) -> WarningNews:
    """What to tell of ``warnings`` when ``shown`` are those of the last build shown."""
    new = tuple(warning for warning in warnings if warning not in shown)
    unchanged = len(warnings) - len(new)
    fixed = len(set(shown) - set(warnings))
    return WarningNews(new, unchanged, fixed)


def plural(number: int, noun: str) -> str:
    """``noun``, or its plural when ``number`` is not 1."""
    return noun if number == 1 else f"{noun}s"
