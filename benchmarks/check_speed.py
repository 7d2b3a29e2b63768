"""Time `wren check --no-rust` on a generated 1,000-post site (issue 6: under 2 s).

Run from the repository root::

    .venv/bin/python benchmarks/check_speed.py [--posts 1000] [--runs 5] [--site DIR]

The site comes from ``generate.py`` (the benchmark blog: posts of 600 to 900 words with
code blocks, and a 12-chapter course). That generator draws titles from 8 openers and 25
topics, so 1,000 posts share 198 titles, which the duplicates check rightly reports as
about 800 errors. A real blog's titles differ, so by default each post gets a distinct
made-up title (``--keep-titles`` keeps the generator's). Each run is the whole command as
a user runs it, interpreter start-up included, in two states:

* cold: no ``.wren-cache``, every file parsed (as in a fresh CI checkout);
* warm: after a build or an earlier check, parsed files come from ``.wren-cache``.

Pages are rendered on every run. The figure reported is the median wall time; the best,
the time ``wren check`` measures itself (without start-up) and the load average are
printed beside it, since a busy machine slows every run.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from generate import GeneratedPost, generate_course, generate_posts, write_wren_site

TARGET_SECONDS = 2.0
_SYLLABLES = [
    "ka",
    "ri",
    "to",
    "me",
    "lu",
    "sa",
    "no",
    "vi",
    "ze",
    "pa",
    "do",
    "fi",
    "gu",
    "re",
    "shi",
    "ta",
    "mo",
    "ne",
    "bra",
    "clo",
    "dri",
    "fen",
]


def distinct_titles(posts: Sequence[GeneratedPost]) -> list[GeneratedPost]:
    """The posts with made-up titles of three to six words, none alike."""
    renamed = []
    for index, post in enumerate(posts):
        rng = random.Random(f"check-speed:{index}")
        words = [
            "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).title()
            for _ in range(rng.randint(3, 6))
        ]
        renamed.append(dataclasses.replace(post, title=" ".join(words)))
    return renamed


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run_check(site: Path) -> tuple[float, dict[str, object]]:
    """Wall seconds of one `wren check --no-rust`, and the summary it printed (with the
    CPU seconds of the command and its workers added as ``cpu``)."""
    command = [sys.executable, "-m", "wren", "check", str(site), "--no-rust", "--format", "json"]
    cpu = _cpu_of_children()
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1) or not done.stdout.startswith("{"):
        raise SystemExit(f"wren check failed ({done.returncode}):\n{done.stderr}")
    summary: dict[str, object] = json.loads(done.stdout)["summary"]
    summary["cpu"] = _cpu_of_children() - cpu
    return seconds, summary


def _timed(site: Path, runs: int, cold: bool) -> list[tuple[float, dict[str, object]]]:
    results = []
    for _ in range(runs):
        if cold:
            shutil.rmtree(site / ".wren-cache", ignore_errors=True)
        results.append(_run_check(site))
    return results


def _measure(site: Path, runs: int) -> None:
    _run_check(site)  # warm the operating system's file cache
    load_before = os.getloadavg()[0]
    timed = {"cold": _timed(site, runs, cold=True), "warm": _timed(site, runs, cold=False)}
    load_after = os.getloadavg()[0]
    print(f"site: {site}")
    print(f"found: {timed['warm'][-1][1]['text']}")
    for state, results in timed.items():
        walls = [seconds for seconds, _ in results]
        inside = statistics.median(float(str(summary["seconds"])) for _, summary in results)
        cpu = statistics.median(float(str(summary["cpu"])) for _, summary in results)
        median = statistics.median(walls)
        verdict = "met" if median < TARGET_SECONDS else "missed"
        stages = results[-1][1]["timings"]
        assert isinstance(stages, dict)
        print(
            f"{state}: wren check --no-rust: median {median:.2f} s, best {min(walls):.2f} s "
            f"over {runs} runs (inside the command: {inside:.2f} s; CPU {cpu:.2f} s); "
            f"under {TARGET_SECONDS:g} s: {verdict}"
        )
        print("  stages: " + ", ".join(f"{name} {sec:.2f} s" for name, sec in stages.items()))
    print(
        f"load average: {load_before:.2f} before, {load_after:.2f} after; cores: {os.cpu_count()}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000, help="posts to generate (1000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (5)")
    parser.add_argument("--site", type=Path, help="check this site instead of generating one")
    parser.add_argument(
        "--keep-titles", action="store_true", help="keep the generator's repeated titles"
    )
    args = parser.parse_args(argv)
    if args.site is not None:
        _measure(args.site, args.runs)
        return
    posts = generate_posts(args.posts)
    if not args.keep_titles:
        posts = distinct_titles(posts)
    with tempfile.TemporaryDirectory(prefix="wren-check-speed-") as folder:
        site = write_wren_site(Path(folder), posts, generate_course())
        _measure(site, args.runs)


if __name__ == "__main__":
    main()
