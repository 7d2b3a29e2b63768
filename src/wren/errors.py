"""Errors and diagnostics: every problem Wren reports carries a place in a file.

The hierarchy::

    WrenError                  a problem the user can fix; never shown as a traceback
    ├── ConfigError            site.toml is missing, malformed or holds an unknown key
    ├── ContentError           a post, chapter or course file is wrong
    │                          (front matter, a date, two files claiming one URL)
    ├── TemplateError          a theme or site template failed to load or render
    ├── OutputError            the output folder could not be written
    └── ErrorGroup             several of the above, found in one pass

Content checks (``wren check``) do not raise: they return ``Diagnostic`` values with a
severity, so that one run reports every problem at once.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "ConfigError",
    "ContentError",
    "Diagnostic",
    "ErrorGroup",
    "OutputError",
    "Severity",
    "SourceLocation",
    "TemplateError",
    "WrenError",
    "format_problem",
]

_HINT = "  hint: "


def format_problem(
    location: SourceLocation | None,
    message: str,
    hint: str | None = None,
    severity: str | None = None,
) -> str:
    """The one way Wren shows a problem: ``path:line: [severity: ]message`` and an indented
    hint below it. A problem that is not about a file (a port in use) has no location."""
    label = f"{severity}: " if severity else ""
    text = f"{location}: {label}{message}" if location is not None else f"{label}{message}"
    if hint:
        indent = "\n" + " " * len(_HINT)
        text += "\n" + _HINT + indent.join(hint.splitlines() or [""])
    return text


@dataclass(frozen=True, slots=True, order=True)
class SourceLocation:
    """A place in a site: a path relative to the site folder, and an optional line and column."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = self.path
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding of a content check."""

    severity: Severity
    location: SourceLocation
    message: str
    check: str
    hint: str | None = None

    def format(self) -> str:
        return format_problem(self.location, self.message, self.hint, self.severity)


class WrenError(Exception):
    """A problem with the user's site, reported as ``path:line: message``."""

    def __init__(
        self, message: str, location: SourceLocation | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        return format_problem(self.location, self.message, self.hint)

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross process boundaries when parsing runs in a pool.
        return (type(self), (self.message, self.location, self.hint))


class ConfigError(WrenError):
    """site.toml is missing, malformed or holds an unknown key."""


class ContentError(WrenError):
    """A post, chapter or course file is wrong."""


class TemplateError(WrenError):
    """A template failed to load or render."""


class OutputError(WrenError):
    """The output folder could not be written."""


class ErrorGroup(WrenError):
    """Several errors found in one pass, reported together."""

    def __init__(self, errors: Sequence[WrenError]) -> None:
        self.errors = tuple(errors)
        super().__init__(f"{len(self.errors)} errors")

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.errors,))

    @staticmethod
    def raise_if_any(errors: Iterable[WrenError]) -> None:
        found = sorted(errors, key=lambda e: (e.location or SourceLocation(""), e.message))
        if len(found) == 1:
            raise found[0]
        if found:
            raise ErrorGroup(found)
