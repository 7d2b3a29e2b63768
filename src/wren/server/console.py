"""Console: what the dev server tells the author in the terminal."""

from __future__ import annotations

from typing import Protocol

import click

__all__ = ["ConsoleReporter", "Reporter"]


class Reporter(Protocol):
    def info(self, text: str) -> None: ...

    def warning(self, text: str) -> None: ...

    def error(self, text: str) -> None: ...


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
