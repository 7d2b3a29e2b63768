"""A check report as text for people (grouped by file) or as JSON for tools and agents."""

from __future__ import annotations

import json
from itertools import groupby

from wren.check.run import CheckReport
from wren.errors import Severity

__all__ = ["format_json", "format_text", "summary_line"]


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def summary_line(report: CheckReport) -> str:
    """``3 errors, 5 warnings in 2 files (checked 26 pages, 125 Rust examples in 4.1 s)``."""
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    infos = report.count(Severity.INFO)
    found = [_plural(errors, "error"), _plural(warnings, "warning")]
    if infos:
        found.append(f"{infos:,} info")
    head = f"{', '.join(found)} in {_plural(report.files, 'file')}"
    if not report.diagnostics:
        head = "No problems found"
    checked = [] if report.pages is None else [_plural(report.pages, "page")]
    if report.rust_examples is not None:
        checked.append(_plural(report.rust_examples, "Rust example"))
    if report.external_links is not None:
        checked.append(_plural(report.external_links, "external link"))
    if not checked:  # e.g. --only duplicates: no pages were built
        checked = [_plural(report.documents, "Markdown file")]
    line = f"{head} (checked {', '.join(checked)} in {report.seconds:.1f} s)"
    return "; ".join([line, *report.notes])


def format_text(report: CheckReport) -> str:
    """Diagnostics grouped by file (a blank line between files), then the summary line."""
    groups = groupby(report.diagnostics, key=lambda d: d.location.path)
    blocks = ["\n".join(d.format() for d in items) for _, items in groups]
    return "\n\n".join([*blocks, summary_line(report)])


def format_json(report: CheckReport) -> str:
    """``{"diagnostics": [{path, line, column, severity, check, message, hint}], "summary"}``."""
    diagnostics = [
        {
            "path": d.location.path,
            "line": d.location.line,
            "column": d.location.column,
            "severity": str(d.severity),
            "check": d.check,
            "message": d.message,
            "hint": d.hint,
        }
        for d in report.diagnostics
    ]
    summary = {
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
        "infos": report.count(Severity.INFO),
        "files": report.files,
        "pages": report.pages,
        "documents": report.documents,
        "rust_examples": report.rust_examples,
        "external_links": report.external_links,
        "seconds": round(report.seconds, 3),
        "notes": list(report.notes),
        "timings": {name: round(seconds, 3) for name, seconds in report.timings.items()},
        "text": summary_line(report),
    }
    return json.dumps({"diagnostics": diagnostics, "summary": summary}, indent=2)
