"""Summaries, the targets of issue 3, and the printed tables."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

__all__ = ["Sample", "Summary", "TargetResult", "evaluate_targets", "print_report", "summarize"]

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Sample:
    """One timed build."""

    size: int
    tool: str
    build: str
    run: int
    seconds: float
    cpu_seconds: float | None  # None where the wall time is not the whole process's
    peak_memory: int  # bytes: max(max_rss, tree_rss)
    max_rss: int
    tree_rss: int
    tree_pss: int
    ok: bool
    note: str = ""


@dataclass(frozen=True, slots=True)
class Summary:
    size: int
    tool: str
    build: str
    median_seconds: float
    min_seconds: float
    max_seconds: float
    median_cpu_seconds: float | None
    peak_memory: int  # the highest of the runs
    peak_pss: int
    runs: int
    failed: int


@dataclass(frozen=True, slots=True)
class TargetResult:
    name: str
    text: str
    value: float | None  # None: not measured in this run
    limit: float
    unit: str
    passed: bool | None


def summarize(samples: Sequence[Sample]) -> list[Summary]:
    groups: dict[tuple[int, str, str], list[Sample]] = {}
    for sample in samples:
        groups.setdefault((sample.size, sample.tool, sample.build), []).append(sample)
    summaries = []
    for (size, tool, build), group in groups.items():
        good = [s for s in group if s.ok] or group
        times = [s.seconds for s in good]
        cpu = [s.cpu_seconds for s in good if s.cpu_seconds is not None]
        summaries.append(
            Summary(
                size,
                tool,
                build,
                statistics.median(times),
                min(times),
                max(times),
                statistics.median(cpu) if cpu else None,
                max(s.peak_memory for s in good),
                max(s.tree_pss for s in good),
                len(group),
                sum(not s.ok for s in group),
            )
        )
    return sorted(summaries, key=lambda s: (s.size, s.tool != "wren", s.tool, s.build))


Lookup = Callable[[int, str, str], Summary | None]


def _lookup(summaries: Sequence[Summary]) -> Lookup:
    index = {(s.size, s.tool, s.build): s for s in summaries if s.failed < s.runs}
    return lambda size, tool, build: index.get((size, tool, build))


def _ratio(top: Summary | None, bottom: Summary | None, memory: bool = False) -> float | None:
    if top is None or bottom is None:
        return None
    if memory:
        return top.peak_memory / bottom.peak_memory
    return top.median_seconds / bottom.median_seconds


def evaluate_targets(summaries: Sequence[Summary], size: int, large: int) -> list[TargetResult]:
    """Issue 3's targets, at ``size`` posts (4,000) and from ``size`` to ``large`` (16,000)."""
    get = _lookup(summaries)
    wren_cold, hugo = get(size, "wren", "cold"), get(size, "hugo", "cold")
    edit = get(size, "wren", "edit")
    growth_limit = 4.5 * (large / size) / 4 if large else 0.0
    n = f"{size:,}"
    rows = [
        ("cold-vs-hugo", f"cold build, {n} posts: ≤ 0.5 × Hugo", _ratio(wren_cold, hugo), 0.5),
        (
            "cold-vs-pelican",
            f"cold build, {n} posts: ≤ 0.1 × Pelican",
            _ratio(wren_cold, get(size, "pelican", "cold")),
            0.1,
        ),
        (
            "warm-vs-hugo",
            f"warm build, {n} posts: ≤ 0.1 × Hugo's cold",
            _ratio(get(size, "wren", "warm"), hugo),
            0.1,
        ),
        ("memory-vs-hugo", f"peak memory, {n} posts: < Hugo's", _ratio(wren_cold, hugo, True), 1.0),
        (
            "growth",
            f"cold build time, {n} -> {large:,} posts: ≤ {growth_limit:.3g} ×",
            _ratio(get(large, "wren", "cold"), wren_cold),
            growth_limit,
        ),
    ]
    if not large:
        rows.pop()
    results = [_target(name, text, value, limit, "×") for name, text, value, limit in rows]
    edit_ms = edit.median_seconds * 1000 if edit else None
    results.insert(3, _target("edit", f"one post edited, {n} posts: < 150 ms", edit_ms, 150, "ms"))
    return results


def _target(name: str, text: str, value: float | None, limit: float, unit: str) -> TargetResult:
    strict = name in ("edit", "memory-vs-hugo")
    passed = None if value is None else (value < limit if strict else value <= limit)
    return TargetResult(name, text, value, limit, unit, passed)


def _builds_table(summaries: Sequence[Summary]) -> Table:
    get = _lookup(summaries)
    table = Table(title="Builds (median of the runs; peak memory: the highest run)")
    columns = ("posts", "tool", "build", "median s", "min–max s", "CPU s", "peak MiB", "PSS MiB")
    for column in columns:
        table.add_column(column, justify="left" if column in ("tool", "build") else "right")
    table.add_column("÷ Hugo", justify="right")
    table.add_column("÷ Pelican", justify="right")
    for s in summaries:
        measured = s if s.failed < s.runs else None
        ratios = [_ratio(measured, get(s.size, tool, "cold")) for tool in ("hugo", "pelican")]
        runs = f"{s.runs - s.failed}/{s.runs} ok" if s.failed else ""
        table.add_row(
            f"{s.size:,}",
            s.tool,
            f"{s.build} {runs}".strip(),
            f"{s.median_seconds:.3f}",
            f"{s.min_seconds:.2f}–{s.max_seconds:.2f}",
            "–" if s.median_cpu_seconds is None else f"{s.median_cpu_seconds:.2f}",
            f"{s.peak_memory / MIB:,.0f}",
            f"{s.peak_pss / MIB:,.0f}",
            *("–" if r is None else f"{r:.3f}" for r in ratios),
        )
    return table


def _targets_table(targets: Sequence[TargetResult]) -> Table:
    table = Table(title="Targets of issue 3")
    for column in ("target", "measured", "limit", "result"):
        table.add_column(column, justify="left" if column == "target" else "right")
    for t in targets:
        shown = "not measured" if t.value is None else f"{t.value:.3f} {t.unit}"
        result = {True: "[green]PASS[/]", False: "[red]FAIL[/]", None: "–"}[t.passed]
        table.add_row(t.text, shown, f"{t.limit:.3g} {t.unit}", result)
    return table


def print_report(
    console: Console, summaries: Sequence[Summary], targets: Sequence[TargetResult]
) -> None:
    console.print(_builds_table(summaries))
    console.print(_targets_table(targets))
