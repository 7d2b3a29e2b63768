"""Precision and recall of `wren check`'s duplicates check on front-page-like title pairs.

Run from the repository root::

    .venv/bin/python benchmarks/front_page_eval.py

Each pair below becomes a two-post site, checked with ``run_checks`` (duplicates only),
the way a user's site is. The pairs were written for issue 6 before the check was run on
them, and not changed after: reworded titles of one post, as an author who forgot what it
had published would write them (expected: a warning), and distinct posts on one subject
(expected: nothing). Bodies differ within every pair, so only the titles decide.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from wren.check import CheckOptions, run_checks

REWORDED = [
    ("Ten Lessons From a Year of Rust", "10 Lessons From One Year of Rust"),
    ("What I Got Wrong About Async Rust", "What I Got Wrong About Async in Rust"),
    ("Stop Cloning Everything in Rust", "Stop Cloning Everything: A Rust Habit to Break"),
    ("Making Your Agent Remember Things", "How to Make Your AI Agent Remember Things"),
    ("A Gentle Introduction to Rust Macros", "Rust Macros: A Gentle Introduction"),
    ("Why Rust Compile Times Are Slow", "Why Are Rust Compile Times So Slow?"),
    ("Getting Started With Tokio", "Getting Started With the Tokio Runtime"),
    (
        "Debugging Memory Leaks in Long-Running Agents",
        "Debugging Memory Leaks in Long-Running AI Agents",
    ),
    ("The Borrow Checker Is Your Friend", "Why the Borrow Checker Is Actually Your Friend"),
    ("Writing Safe Wrappers Around Unsafe Code", "How to Write Safe Wrappers for Unsafe Rust Code"),
    (
        "Error Handling Patterns I Actually Use",
        "The Error Handling Patterns I Actually Use in Rust",
    ),
    ("Agents That Write Their Own Tests", "AI Agents That Write Their Own Tests"),
]
SAME_SUBJECT = [
    ("Getting Started With Tokio", "Shutting Down Tokio Cleanly"),
    ("Rust Macros: Declarative First", "Rust Macros: When to Go Procedural"),
    ("Why Rust Compile Times Are Slow", "Why Rust Binaries Are Large"),
    ("Making Your Agent Remember Things", "Making Your Agent Forget Things on Purpose"),
    ("Debugging Memory Leaks in Agents", "Debugging Deadlocks in Agents"),
    ("Error Handling in Libraries", "Error Handling in Applications"),
    ("Async Rust Without Tokio", "Async Rust With Tokio"),
    ("Profiling Async Rust", "Testing Async Rust"),
    ("The Borrow Checker and Closures", "The Borrow Checker and Iterators"),
    ("Agents That Write Tests", "Agents That Review Tests"),
    ("Building a Key-Value Store in Rust, Part 1", "Building a Key-Value Store in Rust, Part 2"),
    ("What I Learned Writing a Linter", "What I Learned Writing a Formatter"),
]
_BODIES = (
    "The first version kept everything in one file and grew until nobody could read it.",
    "A reader wrote in with a question that took three evenings and two rewrites to answer.",
)


def _flagged(folder: Path, first: str, second: str) -> bool:
    """Whether `wren check` reports the second post of a two-post site as a duplicate."""
    (folder / "content" / "posts").mkdir(parents=True)
    (folder / "site.toml").write_text('title = "Eval"\n', encoding="utf-8")
    for day, (title, body) in enumerate(zip((first, second), _BODIES, strict=True), start=1):
        quoted = title.replace('"', '\\"')
        text = f'---\ntitle: "{quoted}"\ndate: 2026-01-0{day}\n---\n\n{body}\n'
        (folder / "content" / "posts" / f"post-{day}.md").write_text(text, encoding="utf-8")
    options = CheckOptions(checks=frozenset({"duplicates"}), use_cache=False)
    return bool(run_checks(folder, options).diagnostics)


def main() -> None:
    results: list[tuple[bool, bool, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="wren-front-page-eval-") as scratch:
        labelled = [(True, pair) for pair in REWORDED] + [(False, pair) for pair in SAME_SUBJECT]
        for index, (expected, (first, second)) in enumerate(labelled):
            found = _flagged(Path(scratch) / str(index), first, second)
            results.append((expected, found, first, second))
    tp = sum(1 for expected, found, _, _ in results if expected and found)
    fp = sum(1 for expected, found, _, _ in results if found and not expected)
    fn = sum(1 for expected, found, _, _ in results if expected and not found)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"{len(REWORDED)} reworded pairs, {len(SAME_SUBJECT)} same-subject pairs")
    print(f"TP {tp}  FP {fp}  FN {fn}  precision {precision:.3f}  recall {recall:.3f}")
    for expected, found, first, second in results:
        if expected != found:
            kind = "missed" if expected else "false alarm"
            print(f"  {kind}: {first!r} / {second!r}")


if __name__ == "__main__":
    main()
