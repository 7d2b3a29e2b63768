"""The runner's measurement and its verdicts on issue 17's targets."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from measure import measure
from report import Sample, evaluate_targets, serve_targets, summarize

MIB = 1024 * 1024


def test_measure_sees_a_child_process_memory_and_exit_code(tmp_path: Path) -> None:
    grow = (
        "import subprocess, sys; subprocess.run([sys.executable, '-c', 'b = bytearray(80 << 20)'])"
    )
    result = measure([sys.executable, "-c", grow + "; sys.exit(3)"], tmp_path, tmp_path / "log")
    assert result.returncode == 3
    assert result.peak_memory >= 80 * MIB
    assert 0 < result.seconds < 10
    assert 0 < result.cpu_seconds < 10


def _sample(size: int, tool: str, build: str, seconds: float, memory: int = 100) -> Sample:
    return Sample(size, tool, build, 0, seconds, seconds, memory * MIB, memory * MIB, 0, 0, True)


def test_targets_pass_and_fail_on_the_ratios_of_one_run() -> None:
    samples = [
        _sample(4000, "wren", "cold-no-search", 4.0, memory=300),
        _sample(4000, "wren", "cold", 9.0, memory=700),
        _sample(4000, "wren", "warm", 0.9),
        _sample(4000, "wren", "edit", 0.2),
        _sample(4000, "wren", "edit+search", 2.0),
        _sample(4000, "wren", "rebuild", 5.0),
        _sample(4000, "hugo", "cold", 10.0, memory=400),
        _sample(4000, "hugo", "cold+pagefind", 16.0, memory=600),
        _sample(4000, "hugo", "rebuild+pagefind", 4.0),
        _sample(4000, "pelican", "cold", 50.0),
        _sample(16000, "wren", "cold", 37.0),
    ]
    verdicts = {t.name: t.passed for t in evaluate_targets(summarize(samples), 4000, 16000)}
    assert verdicts == {
        "cold-vs-hugo": True,
        "cold-search-vs-hugo-pagefind": True,
        "cold-vs-pelican": True,
        "warm-vs-hugo": True,
        "edit": False,
        "edit-search-vs-hugo": True,
        "rebuild-vs-hugo": False,
        "memory-vs-hugo": True,
        "memory-search-vs-hugo-pagefind": False,
        "growth": True,
    }


def test_each_generated_blog_has_its_own_targets() -> None:
    samples = [
        _sample(1000, "wren", "cold-no-search", 1.0),
        _sample(1000, "hugo", "cold", 4.0),
        replace(_sample(1000, "wren", "cold-no-search", 3.0), generator="long"),
        replace(_sample(1000, "hugo", "cold", 4.0), generator="long"),
    ]
    summaries = summarize(samples)
    standard = evaluate_targets(summaries, 1000, 0, "standard")[0]
    long = evaluate_targets(summaries, 1000, 0, "long")[0]
    assert (standard.value, standard.passed) == (0.25, True)
    assert (long.value, long.passed) == (0.75, False)


def test_serve_targets_come_from_the_latency_results() -> None:
    serve = {"results": [{"posts": 1000, "median_ms": 180.0, "goal_ms": 150.0}]}
    (target,) = serve_targets(serve)
    assert (target.name, target.value, target.passed) == ("serve-1000", 180.0, False)
    assert serve_targets(None) == []


def test_summary_is_the_median_and_a_missing_tool_is_not_measured() -> None:
    samples = [_sample(1000, "wren", "cold", s) for s in (3.0, 1.0, 2.0)]
    (summary,) = summarize(samples)
    assert (summary.median_seconds, summary.min_seconds, summary.runs) == (2.0, 1.0, 3)
    cold_vs_hugo = evaluate_targets([summary], 1000, 0)[0]
    assert cold_vs_hugo.value is None
    assert cold_vs_hugo.passed is None
