"""Highlighting speed: tree-sitter grammars against Pygments, per code block and in a cold build.

Run from the repository root::

    .venv/bin/python benchmarks/highlight_speed.py [--runs 5] [--posts 1000] [--no-build]

Per block: the code blocks of the demo site (``examples/wren-learns-rust``) and of the
benchmark blog (``generate.py``, ``--posts`` posts), by language. Each engine is one
``Highlighter`` loaded before the clock starts, as a build worker keeps it: tree-sitter is
Wren's default, Pygments is the same class with no grammars (``Highlighter(grammars=())``),
which is how Wren highlighted every block before. A run highlights every block once with
one engine, then with the other; the figure is the median run over the number of blocks.
"left to Pygments" counts the blocks a grammar could not parse cleanly.

Cold build: ``wren build --no-search`` of the benchmark blog, with no ``.wren-cache`` and no
output folder, the engines taking turns; the Pygments arm is the same Wren started with no
grammars. Wall and CPU seconds (the command and its workers) are printed as medians, with
their ratios and the load average: other work on the machine slows both arms, so read the
ratios, the CPU one above all, not the seconds.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from generate import generate_course, generate_posts, write_wren_site

from wren.pipeline.grammars import GRAMMARS, CompiledGrammar, Grammar
from wren.pipeline.highlight import Highlighter, fence_language, hidden_lines_stripped

DEMO = Path(__file__).resolve().parents[1] / "examples" / "wren-learns-rust" / "content"
_FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
# Started as ``python -c RUNNER ENGINE ARGS...``: ``wren ARGS...``, with no grammars for Pygments.
_RUNNER = """
import sys
from wren.pipeline import highlight
if sys.argv[1] == "pygments":
    highlight.Highlighter.__init__.__defaults__ = ((),)
from wren.commands.cli import main
sys.argv = ["wren", *sys.argv[2:]]
main()
"""

Block = tuple[str | None, str]  # (fence info, code)


def code_blocks(markdown_texts: Sequence[str]) -> dict[str, list[Block]]:
    """The fenced code blocks of some Markdown, by language."""
    found: dict[str, list[Block]] = defaultdict(list)
    for text in markdown_texts:
        for info, code in _FENCE.findall(text):
            found[fence_language(info) or "(none)"].append((info or None, code))
    return found


def per_block_ms(highlight: Callable[[str | None, str], str], blocks: list[Block]) -> float:
    """CPU milliseconds per block: this process's time, which other work on the machine
    distorts less than the wall clock."""
    started = time.process_time()
    for info, code in blocks:
        highlight(info, code)
    return (time.process_time() - started) * 1000 / len(blocks)


def grammar_of(language: str) -> Grammar | None:
    return next((g for g in GRAMMARS if language in (g.name, *g.aliases)), None)


def left_to_pygments(grammar: Grammar, language: str, blocks: list[Block]) -> int:
    """How many of the blocks the language's grammar does not parse cleanly."""
    compiled = CompiledGrammar(grammar)
    strip = hidden_lines_stripped if language == "rust" else str
    return sum(compiled.highlight(strip(code)) is None for _, code in blocks)


def compare_blocks(name: str, by_language: dict[str, list[Block]], runs: int) -> None:
    engines = {"pygments": Highlighter(grammars=()), "tree-sitter": Highlighter()}
    print(f"\n{name}: CPU milliseconds per block, median of {runs} runs")
    print(
        f"{'language':<12}{'blocks':>7}{'lines':>7}{'Pygments':>10}{'tree-sitter':>13}"
        f"{'ratio':>7}  left to Pygments"
    )
    others = 0
    for language, blocks in sorted(by_language.items(), key=lambda item: -len(item[1])):
        grammar = grammar_of(language)
        if grammar is None:
            others += len(blocks)
            continue
        for highlight in engines.values():
            per_block_ms(highlight, blocks[:3])  # load the lexer or grammar before timing
        times: dict[str, list[float]] = {engine: [] for engine in engines}
        for _ in range(runs):
            for engine, highlight in engines.items():
                times[engine].append(per_block_ms(highlight, blocks))
        pygments, tree = (statistics.median(times[e]) for e in engines)
        lines = statistics.mean(code.count("\n") for _, code in blocks)
        print(
            f"{language:<12}{len(blocks):>7}{lines:>7.1f}{pygments:>10.3f}{tree:>13.3f}"
            f"{pygments / tree:>6.2f}×  {left_to_pygments(grammar, language, blocks)}"
        )
    print(f"blocks in languages without a grammar (Pygments in both): {others}")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cold_build(site: Path, engine: str) -> tuple[float, float]:
    """Wall and CPU seconds (the command and its workers) of one cold build."""
    out = site.parent / f"public-{engine}"
    shutil.rmtree(site / ".wren-cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-c", _RUNNER, engine, "build", str(site), "-o", str(out)]
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run([*command, "--no-search"], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"wren build failed with {engine}:\n{done.stderr}")
    return seconds, _children_cpu() - cpu


def check_engine(site: Path, engine: str) -> None:
    """Each arm really used its engine: Pygments wraps spaces in ``w`` spans, tree-sitter not."""
    page = next((site.parent / f"public-{engine}" / "posts").glob("*/index.html")).read_text()
    if ('<span class="w">' in page) != (engine == "pygments"):
        raise SystemExit(f"the {engine} build did not highlight with {engine}")


def compare_builds(posts: int, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="wren-highlight-") as folder:
        site = write_wren_site(Path(folder) / "site", generate_posts(posts), generate_course())
        load_before = os.getloadavg()[0]
        timed: dict[str, list[tuple[float, float]]] = {"pygments": [], "tree-sitter": []}
        for _ in range(runs):
            for engine, results in timed.items():
                results.append(cold_build(site, engine))
        for engine in timed:
            check_engine(site, engine)
        load_after = os.getloadavg()[0]
    print(f"\ncold `wren build --no-search`, {posts} generated posts, median of {runs} runs:")
    medians = {}
    for engine, results in timed.items():
        wall, cpu = (statistics.median(column) for column in zip(*results, strict=True))
        medians[engine] = (wall, cpu)
        runs_text = ", ".join(f"{w:.2f}" for w, _ in results)
        print(f"  {engine:<12} wall {wall:6.2f} s (runs: {runs_text}), CPU {cpu:6.2f} s")
    (py_wall, py_cpu), (ts_wall, ts_cpu) = medians["pygments"], medians["tree-sitter"]
    print(f"  Pygments / tree-sitter: wall {py_wall / ts_wall:.2f}×, CPU {py_cpu / ts_cpu:.2f}×")
    print(
        f"load average: {load_before:.2f} before, {load_after:.2f} after; cores: {os.cpu_count()}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each engine (5)")
    parser.add_argument("--posts", type=int, default=1000, help="generated posts (1000)")
    parser.add_argument("--no-build", action="store_true", help="time blocks only, no build")
    args = parser.parse_args(argv)
    demo = [path.read_text(encoding="utf-8") for path in sorted(DEMO.rglob("*.md"))]
    compare_blocks("demo site", code_blocks(demo), args.runs)
    generated = [post.body for post in generate_posts(args.posts)]
    compare_blocks(f"benchmark blog ({args.posts} posts)", code_blocks(generated), args.runs)
    if not args.no_build:
        compare_builds(args.posts, args.runs)


if __name__ == "__main__":
    main()
