"""Running ``wren check`` on inline sites, and reading what it found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from wren.check import CheckOptions, CheckReport, LoadOptions, run_checks
from wren.errors import Diagnostic, Severity

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
SITE_TOML = '-- site.toml --\ntitle = "T"\nbase_url = "https://example.org/"\n'


def check(
    site: Path, *only: str, external: bool = False, drafts: bool = False, rustc: str = "rustc"
) -> CheckReport:
    """Run the checks named (default: all but Rust) on ``site``, without caches."""
    return run_checks(
        site,
        CheckOptions(
            checks=frozenset(only or ("links", "duplicates", "lint")),
            external=external,
            load=LoadOptions(include_drafts=drafts, now=NOW, jobs=1),
            rustc=rustc,
            use_cache=False,
        ),
    )


def found(report: CheckReport, check_name: str | None = None) -> list[str]:
    """``path:line:col: severity: message`` of each diagnostic (of one check)."""
    return [
        f"{d.location}: {d.severity}: {d.message}"
        for d in report.diagnostics
        if check_name is None or d.check == check_name
    ]


def errors(report: CheckReport) -> list[Diagnostic]:
    return [d for d in report.diagnostics if d.severity is Severity.ERROR]


def post(name: str, body: str, *, title: str | None = None, extra: str = "") -> str:
    """A post section for an inline site, with a short description unless ``extra`` sets one."""
    front = f'title: "{title or name.title()}"\ndate: 2026-01-01\n'
    if "description" not in extra:
        front += 'description: "A post."\n'
    return f"-- content/posts/{name}.md --\n---\n{front}{extra}---\n\n{body}\n"


def only_lines(lines: Iterable[str], needle: str) -> list[str]:
    return [line for line in lines if needle in line]
