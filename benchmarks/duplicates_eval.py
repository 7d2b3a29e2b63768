"""Evaluate the duplicates check: precision and recall on the labelled set, and speed.

Run from the repository root::

    .venv/bin/python benchmarks/duplicates_eval.py [--posts 1000] [--repeat 5]

Precision and recall are computed per labelled pair, each pair checked on its own, for
every split of the labelled sets in ``tests/check/data/`` and overall. The timings run
``check_duplicates`` on two sets of distinct posts and report the best and median wall
and CPU time of several runs:

* the benchmark blog of ``generate.py`` (as ``check_speed.py`` checks it: distinct
  titles, bodies rendered to the plain text ``wren check`` reads). Its posts are written
  from a small stock of phrases, so any two share about a tenth of their word shingles:
  the hard case for the body comparison;
* posts with 3 to 6 word titles and 300 to 1,200 word bodies drawn word by word from a
  made-up vocabulary, which share almost nothing.

The import of the module in a fresh interpreter is timed too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from check_speed import distinct_titles
from generate import generate_posts

from wren.errors import Severity, SourceLocation
from wren.pipeline.markdown import MarkdownRenderer
from wren.similarity.duplicates import (
    DuplicateCandidate,
    check_duplicates,
    find_similar_pairs,
    pair_severity,
)

DATA_DIR = Path(__file__).resolve().parents[1] / "tests" / "check" / "data"
LABELLED = (
    DATA_DIR / "duplicate_pairs.json",
    DATA_DIR / "duplicate_holdout.json",
    DATA_DIR / "duplicate_holdout_4.json",
    DATA_DIR / "duplicate_holdout_5.json",
    DATA_DIR / "duplicate_holdout_6.json",
    DATA_DIR / "duplicate_holdout_7.json",
)
"""Every labelled set; each pair names its split."""

SYLLABLES = (
    "ka ri to me lu sa no vi ze pa do fi gu re shi ta mo ne bra clo dri fen gra lin mar pol "
    "quen ros sten tur vel wex yor zan"
)
FUNCTION_WORDS = (
    "the a of and to in is that it for on with as this by be are from at or but not we you "
    "they can was when what which how more one all so if"
)


def _candidate(data: dict[str, Any], path: str, side: dict[str, Any]) -> DuplicateCandidate:
    text = data["bodies"][side["body"]] if "body" in side else ""
    for old, new in side.get("edits", []):
        text = text.replace(old, new, 1)
    return DuplicateCandidate(SourceLocation(path, 2), side["title"], text)


def evaluate_labelled_set() -> None:
    labelled = [json.loads(path.read_text(encoding="utf-8")) for path in LABELLED]
    counts: defaultdict[str, dict[str, int]] = defaultdict(lambda: dict(tp=0, fp=0, fn=0, tn=0))
    wrong: list[str] = []
    for data, item in ((set_, item) for set_ in labelled for item in set_["pairs"]):
        first = _candidate(data, f"{item['id']}/first.md", item["first"])
        second = _candidate(data, f"{item['id']}/second.md", item["second"])
        predicted = any(
            pair_severity(pair) is not Severity.INFO for pair in find_similar_pairs([first, second])
        )
        outcome = {
            (True, True): "tp",
            (True, False): "fp",
            (False, True): "fn",
            (False, False): "tn",
        }[(predicted, item["duplicate"])]
        for split in (item["split"], "all"):
            counts[split][outcome] += 1
        if outcome in ("fp", "fn"):
            wrong.append(f"  {outcome.upper()} [{item['split']}] {item['id']}: {item['note']}")

    print("labelled sets: " + ", ".join(path.name for path in LABELLED))
    header = ("split", "pairs", "dup", "TP", "FP", "FN", "precision", "recall")
    print(f"{header[0]:<10} " + " ".join(f"{h:>{max(4, len(h))}}" for h in header[1:]))
    for split in [*sorted(s for s in counts if s != "all"), "all"]:
        c = counts[split]
        duplicates = c["tp"] + c["fn"]
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else float("nan")
        recall = c["tp"] / duplicates if duplicates else float("nan")
        print(
            f"{split:<10} {sum(c.values()):>5} {duplicates:>4} {c['tp']:>4} {c['fp']:>4} "
            f"{c['fn']:>4} {precision:>9.3f} {recall:>6.3f}"
        )
    if wrong:
        print("misclassified:")
        print("\n".join(wrong))


def generated_posts(count: int, seed: int = 1234) -> list[DuplicateCandidate]:
    rng = random.Random(seed)
    syllables, function_words = SYLLABLES.split(), FUNCTION_WORDS.split()
    words = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(6000)}
    vocabulary = sorted(words)
    posts = []
    for index in range(count):
        title = " ".join(rng.sample(vocabulary, rng.randint(3, 6))).title()
        body = " ".join(
            rng.choice(function_words) if rng.random() < 0.4 else rng.choice(vocabulary)
            for _ in range(rng.randint(300, 1200))
        )
        location = SourceLocation(f"content/posts/post-{index:04}.md", 2)
        posts.append(DuplicateCandidate(location, title, body))
    return posts


def benchmark_blog_posts(count: int) -> list[DuplicateCandidate]:
    """The posts of ``generate.py`` with ``check_speed.py``'s distinct titles, as plain text."""
    renderer = MarkdownRenderer()
    candidates = []
    for post in distinct_titles(generate_posts(count)):
        path = f"content/posts/{post.name}.md"
        text = renderer.render(post.body, path).text
        candidates.append(DuplicateCandidate(SourceLocation(path, 2), post.title, text))
    return candidates


def time_check(name: str, posts: list[DuplicateCandidate], repeat: int) -> None:
    words = sum(len(post.text.split()) for post in posts)
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        diagnostics = check_duplicates(posts)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(
        f"check_duplicates on {len(posts)} {name} ({words / len(posts):.0f} words on average), "
        f"{repeat} runs: wall best {min(wall) * 1000:.0f} ms, median "
        f"{statistics.median(wall) * 1000:.0f} ms; CPU best {min(cpu) * 1000:.0f} ms, median "
        f"{statistics.median(cpu) * 1000:.0f} ms; {len(diagnostics)} diagnostics"
    )


def time_import() -> None:
    """Wall and CPU time of ``import wren.similarity.duplicates`` in a fresh interpreter, less
    the time of an interpreter that imports only ``wren.check`` (which ``wren check``
    loads anyway)."""
    seconds = {}
    for module in ("wren.check", "wren.similarity.duplicates"):
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
        seconds[module] = (wall, cpu)
    wall = seconds["wren.similarity.duplicates"][0] - seconds["wren.check"][0]
    cpu = seconds["wren.similarity.duplicates"][1] - seconds["wren.check"][1]
    print(f"import wren.similarity.duplicates after wren.check: wall {wall:.2f} s, CPU {cpu:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, default=1000, help="generated posts to time")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs")
    args = parser.parse_args()
    evaluate_labelled_set()
    print()
    time_import()
    time_check("posts of generate.py", benchmark_blog_posts(args.posts), args.repeat)
    time_check("made-up-vocabulary posts", generated_posts(args.posts), args.repeat)
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(f"note: load average {load:.1f}; other processes slow the wall time")


if __name__ == "__main__":
    main()
