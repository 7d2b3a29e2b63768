"""Time Wren against Hugo and Pelican on the same generated blog, and check issue 3's targets.

    uv run --group bench python benchmarks/run.py [--sizes 1000,4000] [--runs 3]
        [--wren-only-size 16000] [--tools wren,hugo,pelican] [--quick]

For each size it generates the blog once per tool into benchmarks/.work/, then in every run
builds it with each tool in turn (the order rotates from run to run): Wren cold, warm and
after a one-post edit, Hugo cold, Pelican cold. It prints the median times, peak memory and
ratios, the targets with PASS or FAIL, and writes everything to benchmarks/results/latest.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from generate import FORMATS, generate_course, generate_posts, write_site
from measure import measure
from report import (
    MIB,
    Sample,
    Summary,
    TargetResult,
    evaluate_targets,
    print_report,
    summarize,
)
from rich.console import Console
from tools import BENCH_DIR, Scenario, SizeDirs, available_tools, scenarios, tool_versions

WORK_DIR = BENCH_DIR / ".work"
RESULTS = BENCH_DIR / "results" / "latest.json"
TARGET_SIZE = 4000


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,4000", help="post counts for all tools")
    parser.add_argument("--runs", type=int, default=3, help="runs of every build (default 3)")
    parser.add_argument(
        "--wren-only-size", type=int, default=16000, help="a larger size for Wren alone (0: none)"
    )
    parser.add_argument("--tools", default="wren,hugo,pelican", help="tools to time")
    parser.add_argument(
        "--wren-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="an argument added to `wren build`, e.g. --wren-arg=--no-search (repeatable)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a smoke test: 200 posts, one run, no large size"
    )
    parser.add_argument("--json", type=Path, default=None, help=f"results file (default {RESULTS})")
    args = parser.parse_args(argv)
    args.sizes = [int(n) for n in args.sizes.split(",") if n]
    if args.quick:
        args.sizes, args.runs, args.wren_only_size = [200], 1, 0
        args.json = args.json or WORK_DIR / "quick.json"
    args.json = args.json or RESULTS
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    return args


def machine() -> dict[str, object]:
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gib": round(int(mem) / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def wren_source() -> tuple[Path, str]:
    """Where the Wren being timed is imported from, and its commit (marked when modified)."""
    import wren

    src = Path(wren.__file__).resolve().parent

    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=src, capture_output=True, text=True)
        return result.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return src, commit + (" (modified)" if git("status", "--porcelain", "--", ".") else "")


def prepare_sites(size: int, tools: Sequence[str], console: Console) -> SizeDirs:
    dirs = SizeDirs(size, WORK_DIR / f"n{size}")
    if dirs.root.exists():
        shutil.rmtree(dirs.root)
    posts, course = generate_posts(size), generate_course()
    for tool in tools:
        write_site(FORMATS[tool], dirs.site(tool), posts, course)
    console.print(f"[bold]{size:,} posts[/]: generated for {', '.join(tools)} in {dirs.root}")
    return dirs


def run_one(scenario: Scenario, dirs: SizeDirs, run: int) -> Sample:
    scenario.prepare(dirs)
    log = dirs.root / "logs" / f"{scenario.tool}-{scenario.build}-{run}.log"
    result = measure(scenario.command(dirs), scenario.cwd(dirs), log)
    seconds, ok, note = result.seconds, result.returncode == 0, ""
    cpu: float | None = result.cpu_seconds
    if scenario.build == "edit":  # the probe times the rebuild itself, in process
        (seconds, ok, note), cpu = _edit_result(log, ok), None
    if result.returncode != 0:
        tail = log.read_text(errors="replace").strip().splitlines()[-3:]
        note = f"exit {result.returncode}: {' | '.join(tail)}"
    return Sample(
        dirs.size,
        scenario.tool,
        scenario.build,
        run,
        seconds,
        cpu,
        result.peak_memory,
        result.max_rss,
        result.tree_rss,
        result.tree_pss,
        ok,
        note,
    )


def _edit_result(log: Path, ok: bool) -> tuple[float, bool, str]:
    lines = log.read_text(errors="replace").strip().splitlines()
    try:
        reported = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        return 0.0, False, "the edit probe printed no result"
    seen = bool(reported.get("edit_seen"))
    return float(reported["seconds"]), ok and seen, "" if seen else "the edit was not rebuilt"


def run_size(
    dirs: SizeDirs, tools: dict[str, list[Scenario]], runs: int, console: Console
) -> list[Sample]:
    """Every run of every tool at one size, the tools' order rotating from run to run."""
    names = list(tools)
    samples = []
    for run in range(runs):
        order = names[run % len(names) :] + names[: run % len(names)]
        for scenario in scenarios(tools, order):
            sample = run_one(scenario, dirs, run)
            samples.append(sample)
            status = "" if sample.ok else f"[red]FAILED[/] {sample.note}"
            console.print(
                f"  {dirs.size:>6,} run {run + 1}/{runs} {sample.tool:<8}{sample.build:<5}"
                f" {sample.seconds:8.3f} s {sample.peak_memory / MIB:7,.0f} MiB {status}"
            )
    return samples


def wren_only(tools: dict[str, list[Scenario]]) -> dict[str, list[Scenario]]:
    """Cold and warm Wren builds: the large size shows how cost grows."""
    return {"wren": [s for s in tools["wren"] if s.build != "edit"]}


def write_results(
    args: argparse.Namespace,
    samples: Sequence[Sample],
    summaries: Sequence[Summary],
    targets: Sequence[TargetResult],
) -> None:
    results = {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "wren_commit": wren_source()[1],
        "wren_source": str(wren_source()[0]),
        "machine": machine(),
        "load_average": {"start": args.load_at_start, "end": os.getloadavg()},
        "versions": tool_versions(args.tools),
        "settings": {
            "sizes": args.sizes,
            "runs": args.runs,
            "wren_only_size": args.wren_only_size,
            "wren_build_args": args.wren_arg,
        },
        "summaries": [asdict(s) for s in summaries],
        "targets": [asdict(t) for t in targets],
        "samples": [asdict(s) for s in samples],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console(width=max(Console().width, 132))
    found, missing = available_tools(args.wren_arg)
    tools = {name: found[name] for name in args.tools if name in found}
    for name in args.tools:
        if name in missing:
            console.print(f"[yellow]skipping {name}[/]: {missing[name]}")
    if "wren" not in tools:
        console.print("[red]Wren must be among --tools[/]")
        return 2
    args.tools = list(tools)
    args.load_at_start = os.getloadavg()  # other work on the machine skews every figure
    src, commit = wren_source()
    console.print(f"Wren {commit} from {src}; {machine()}")
    samples: list[Sample] = []
    for size in args.sizes:
        samples += run_size(prepare_sites(size, list(tools), console), tools, args.runs, console)
    if args.wren_only_size:
        dirs = prepare_sites(args.wren_only_size, ["wren"], console)
        samples += run_size(dirs, wren_only(tools), args.runs, console)
    summaries = summarize(samples)
    target_size = TARGET_SIZE if TARGET_SIZE in args.sizes else max(args.sizes)
    targets = evaluate_targets(summaries, target_size, args.wren_only_size)
    write_results(args, samples, summaries, targets)
    print_report(console, summaries, targets)
    console.print(f"Results written to {args.json}")
    return 0 if all(s.ok for s in samples) else 1


if __name__ == "__main__":
    sys.exit(main())
