"""Summaries, the targets of issues 3 and 17, and the printed tables."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = [
    "Sample",
    "Summary",
    "TargetResult",
    "evaluate_targets",
    "print_report",
    "serve_targets",
    "summarize",
]

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
    generator: str = "standard"  # which generated blog: ``standard`` or ``long`` code blocks


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
    generator: str = "standard"


@dataclass(frozen=True, slots=True)
class TargetResult:
    name: str
    text: str
    value: float | None  # None: not measured in this run
    limit: float
    unit: str
    passed: bool | None


def summarize(samples: Sequence[Sample]) -> list[Summary]:
    groups: dict[tuple[str, int, str, str], list[Sample]] = {}
    for sample in samples:
        key = (sample.generator, sample.size, sample.tool, sample.build)
        groups.setdefault(key, []).append(sample)
    summaries = []
    for (generator, size, tool, build), group in groups.items():
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
                generator,
            )
        )
    return sorted(
        summaries, key=lambda s: (s.generator != "standard", s.size, s.tool != "wren", s.tool)
    )


Lookup = Callable[[int, str, str], Summary | None]
# The Hugo build each Wren build with search compares with: Hugo followed by the Pagefind CLI.
HUGO_WITH_SEARCH = {
    "cold": "cold+pagefind",
    "edit+search": "rebuild+pagefind",
    "rebuild": "rebuild+pagefind",
}


def _lookup(summaries: Sequence[Summary], generator: str | None = None) -> Lookup:
    """Find a summary by size, tool and build, among those of ``generator`` (default: the
    generator of the first summary)."""
    generator = generator or (summaries[0].generator if summaries else "standard")
    index = {
        (s.size, s.tool, s.build): s
        for s in summaries
        if s.failed < s.runs and s.generator == generator
    }
    return lambda size, tool, build: index.get((size, tool, build))


def _ratio(top: Summary | None, bottom: Summary | None, memory: bool = False) -> float | None:
    if top is None or bottom is None:
        return None
    if memory:
        return top.peak_memory / bottom.peak_memory
    return top.median_seconds / bottom.median_seconds


def evaluate_targets(
    summaries: Sequence[Summary], size: int, large: int, generator: str = "standard"
) -> list[TargetResult]:
    """Issue 17's targets (issue 3's, and Hugo followed by Pagefind for the search rows) at
    ``size`` posts (4,000) and from ``size`` to ``large`` (16,000), for one generated blog."""
    get = _lookup(summaries, generator)
    wren, hugo = get(size, "wren", "cold"), get(size, "hugo", "cold")
    bare = get(size, "wren", "cold-no-search")
    hugo_pagefind = get(size, "hugo", "cold+pagefind")
    hugo_rebuild = get(size, "hugo", "rebuild+pagefind")
    edit = get(size, "wren", "edit")
    growth_limit = 4.5 * (large / size) / 4 if large else 0.0
    n, g = f"{size:,}", f" [{generator}]"
    rows = [
        ("cold-vs-hugo", f"cold, no search, {n} posts: ≤ 0.5 × Hugo", _ratio(bare, hugo), 0.5),
        (
            "cold-search-vs-hugo-pagefind",
            f"cold with search, {n} posts: ≤ Hugo + Pagefind CLI",
            _ratio(wren, hugo_pagefind),
            1.0,
        ),
        (
            "cold-vs-pelican",
            f"cold, {n} posts: ≤ 0.1 × Pelican",
            _ratio(bare or wren, get(size, "pelican", "cold")),
            0.1,
        ),
        (
            "warm-vs-hugo",
            f"warm, {n} posts: ≤ 0.1 × Hugo's cold",
            _ratio(get(size, "wren", "warm"), hugo),
            0.1,
        ),
        (
            "edit-search-vs-hugo",
            f"one post edited with search (serve), {n} posts: < Hugo's rebuild + Pagefind",
            _ratio(get(size, "wren", "edit+search"), hugo_rebuild),
            1.0,
        ),
        (
            "rebuild-vs-hugo",
            f"one post edited, `wren build` with search, {n} posts: < Hugo's rebuild + Pagefind",
            _ratio(get(size, "wren", "rebuild"), hugo_rebuild),
            1.0,
        ),
        (
            "memory-vs-hugo",
            f"peak memory, no search, {n} posts: < Hugo's",
            _ratio(bare, hugo, True),
            1.0,
        ),
        (
            "memory-search-vs-hugo-pagefind",
            f"peak memory with search, {n} posts: < Hugo + Pagefind's",
            _ratio(wren, hugo_pagefind, True),
            1.0,
        ),
        (
            "growth",
            f"cold build time, {n} -> {large:,} posts: ≤ {growth_limit:.3g} ×",
            _ratio(get(large, "wren", "cold"), wren),
            growth_limit,
        ),
    ]
    if not large:
        rows.pop()
    results = [_target(name, text + g, value, limit, "×") for name, text, value, limit in rows]
    edit_ms = edit.median_seconds * 1000 if edit else None
    edit_text = f"one post edited (serve, no search), {n} posts: < 150 ms{g}"
    results.insert(4, _target("edit", edit_text, edit_ms, 150, "ms"))
    return results


def serve_targets(serve: Mapping[str, Any] | None) -> list[TargetResult]:
    """Issue 17's `wren serve` targets, from ``serve_latency.py``'s results: save of a post to
    its new text painted, median under 150 ms at 1,000 posts and 300 ms at 4,000."""
    targets = []
    for result in (serve or {}).get("results", []):
        posts, limit = int(result["posts"]), result.get("goal_ms")
        if limit is None:
            continue
        text = f"`wren serve`, {posts:,} posts: save to new text painted < {limit:.0f} ms"
        targets.append(_target(f"serve-{posts}", text, float(result["median_ms"]), limit, "ms"))
    return targets


def _target(name: str, text: str, value: float | None, limit: float, unit: str) -> TargetResult:
    strict = name.startswith(("edit", "memory", "rebuild", "serve"))
    passed = None if value is None else (value < limit if strict else value <= limit)
    return TargetResult(name, text, value, limit, unit, passed)


def _builds_table(summaries: Sequence[Summary]) -> Table:
    table = Table(title="Builds (median of the runs; peak memory: the highest run)")
    columns = (
        "blog",
        "posts",
        "tool",
        "build",
        "median s",
        "min–max s",
        "CPU s",
        "peak MiB",
        "PSS MiB",
    )
    for column in columns:
        table.add_column(column, justify="left" if column in ("blog", "tool", "build") else "right")
    table.add_column("÷ Hugo", justify="right")
    table.add_column("÷ Hugo + Pagefind", justify="right")
    table.add_column("÷ Pelican", justify="right")
    for s in summaries:
        get = _lookup(summaries, s.generator)
        measured = s if s.failed < s.runs else None
        with_search = get(s.size, "hugo", HUGO_WITH_SEARCH.get(s.build, ""))
        ratios = [
            _ratio(measured, get(s.size, "hugo", "cold")),
            _ratio(measured, with_search) if s.tool == "wren" else None,
            _ratio(measured, get(s.size, "pelican", "cold")),
        ]
        runs = f"{s.runs - s.failed}/{s.runs} ok" if s.failed else ""
        table.add_row(
            s.generator,
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
    table = Table(title="Targets of issue 17")
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
