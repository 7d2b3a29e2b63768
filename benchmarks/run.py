"""Time Wren against Hugo (and Hugo + Pagefind) and Pelican on the same generated blogs.

    uv run --group bench python benchmarks/run.py [--sizes 1000,4000] [--runs 3]
        [--wren-only-size 16000] [--tools wren,hugo,pelican] [--generators standard,long]
        [--serve-sizes 1000] [--quick]

For each generator and size it generates the blog once per tool into benchmarks/.work/, then
in every run builds it with each tool in turn (the order rotates from run to run): Wren cold
with and without search, warm, and after a one-post edit (the dev server's path, without and
with its search index, and `wren build`); Hugo cold, Hugo followed by the Pagefind CLI, cold
and after a one-post edit; Pelican cold. Then ``serve_latency.py`` times `wren serve`. It
prints the median times, peak memory and ratios, the targets of issue 17 with PASS or FAIL,
and writes everything to benchmarks/results/latest.json.
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

from generate import CODE_STYLES, FORMATS, generate_course, generate_posts, write_site
from measure import measure
from report import (
    MIB,
    Sample,
    Summary,
    TargetResult,
    evaluate_targets,
    print_report,
    serve_targets,
    summarize,
)
from rich.console import Console
from tools import (
    BENCH_DIR,
    Scenario,
    SizeDirs,
    available_tools,
    scenarios,
    tool_versions,
)

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
        "--generators",
        default=",".join(CODE_STYLES),
        help="generated blogs: standard (short code blocks), long (issue 17's 12-line blocks)",
    )
    parser.add_argument(
        "--serve-sizes",
        default="1000",
        help="post counts for serve_latency.py (`wren serve`, Chromium); empty: none",
    )
    parser.add_argument("--serve-edits", type=int, default=10, help="timed edits per size")
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
    args.serve_sizes = [int(n) for n in args.serve_sizes.split(",") if n]
    args.generators = [g.strip() for g in args.generators.split(",") if g.strip()]
    unknown = set(args.generators) - set(CODE_STYLES)
    if unknown:
        parser.error(f"unknown generator {', '.join(sorted(unknown))}: use {CODE_STYLES}")
    if args.quick:
        args.sizes, args.runs, args.wren_only_size = [200], 1, 0
        args.generators, args.serve_sizes = ["standard"], []
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


def prepare_sites(size: int, tools: Sequence[str], console: Console, code: str) -> SizeDirs:
    dirs = SizeDirs(size, WORK_DIR / (f"n{size}" if code == "standard" else f"{code}-n{size}"))
    if dirs.root.exists():
        shutil.rmtree(dirs.root)
    posts, course = generate_posts(size, code=code), generate_course()
    for tool in tools:
        write_site(FORMATS[tool], dirs.site(tool), posts, course)
    names = ", ".join(tools)
    console.print(f"[bold]{size:,} posts[/] ({code}): generated for {names} in {dirs.root}")
    return dirs


def run_one(scenario: Scenario, dirs: SizeDirs, run: int, generator: str) -> Sample:
    scenario.prepare(dirs)
    log = dirs.root / "logs" / f"{scenario.tool}-{scenario.build}-{run}.log"
    result = measure(scenario.command(dirs), scenario.cwd(dirs), log)
    seconds, ok, note = result.seconds, result.returncode == 0, ""
    cpu: float | None = result.cpu_seconds
    if scenario.build.startswith("edit"):  # the probe times the rebuild itself, in process
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
        generator,
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
    dirs: SizeDirs,
    tools: dict[str, list[Scenario]],
    runs: int,
    console: Console,
    generator: str,
) -> list[Sample]:
    """Every run of every tool at one size, the tools' order rotating from run to run."""
    names = list(tools)
    samples = []
    for run in range(runs):
        order = names[run % len(names) :] + names[: run % len(names)]
        for scenario in scenarios(tools, order):
            sample = run_one(scenario, dirs, run, generator)
            samples.append(sample)
            status = "" if sample.ok else f"[red]FAILED[/] {sample.note}"
            console.print(
                f"  {generator:<8} {dirs.size:>6,} run {run + 1}/{runs}"
                f" {sample.tool:<8}{sample.build:<16}"
                f" {sample.seconds:8.3f} s {sample.peak_memory / MIB:7,.0f} MiB {status}"
            )
    return samples


def wren_only(tools: dict[str, list[Scenario]]) -> dict[str, list[Scenario]]:
    """Cold and warm Wren builds: the large size shows how cost grows."""
    return {"wren": [s for s in tools["wren"] if s.build in ("cold", "cold-no-search", "warm")]}


def run_serve(args: argparse.Namespace, console: Console) -> dict[str, object] | None:
    """``serve_latency.py`` at ``--serve-sizes``: save to new text painted under `wren serve`."""
    if not args.serve_sizes:
        return None
    path = WORK_DIR / "serve-latency.json"
    path.unlink(missing_ok=True)
    command = [sys.executable, str(BENCH_DIR / "serve_latency.py")]
    command += ["--sizes", ",".join(map(str, args.serve_sizes)), "--edits", str(args.serve_edits)]
    result = subprocess.run([*command, "--json", str(path)], check=False)
    if result.returncode != 0 or not path.is_file():
        console.print(f"[red]serve_latency.py failed[/] (exit {result.returncode})")
        return None
    loaded: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def write_results(
    args: argparse.Namespace,
    samples: Sequence[Sample],
    summaries: Sequence[Summary],
    targets: Sequence[TargetResult],
    serve: dict[str, object] | None,
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
            "generators": args.generators,
            "serve_sizes": args.serve_sizes,
        },
        "summaries": [asdict(s) for s in summaries],
        "serve_latency": serve,
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
    for code in args.generators:
        for size in args.sizes:
            dirs = prepare_sites(size, list(tools), console, code)
            samples += run_size(dirs, tools, args.runs, console, code)
        if args.wren_only_size:
            dirs = prepare_sites(args.wren_only_size, ["wren"], console, code)
            samples += run_size(dirs, wren_only(tools), args.runs, console, code)
    serve = run_serve(args, console)
    summaries = summarize(samples)
    target_size = TARGET_SIZE if TARGET_SIZE in args.sizes else max(args.sizes)
    targets = [
        target
        for code in args.generators
        for target in evaluate_targets(summaries, target_size, args.wren_only_size, code)
    ]
    targets += serve_targets(serve)
    write_results(args, samples, summaries, targets, serve)
    print_report(console, summaries, targets)
    console.print(f"Results written to {args.json}")
    return 0 if all(s.ok for s in samples) else 1


if __name__ == "__main__":
    sys.exit(main())
