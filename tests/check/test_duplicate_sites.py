"""Whole sites for the duplicates check: busy blogs stay quiet, series stay quiet, and the
public question "does this article exist?" answers as the check does."""

from __future__ import annotations

import random

from wren.errors import Severity, SourceLocation
from wren.similarity.duplicates import DuplicateCandidate, check_duplicates
from wren.similarity.same_title import same_title, title_identity
from wren.similarity.similar import ExistingDocument, find_similar

SUBJECTS = [
    "Lifetimes",
    "Trait Objects",
    "Serde",
    "Tokio Timers",
    "Rayon",
    "Cargo Workspaces",
    "Proc Macros",
    "Unsafe Code",
    "Pattern Matching",
    "Error Types",
    "Iterators",
    "Closures",
    "Smart Pointers",
    "Interior Mutability",
    "Const Generics",
    "Async Streams",
    "Channels",
    "Atomics",
    "SIMD",
    "FFI",
    "WebAssembly",
    "Embedded HALs",
    "Borrow Splitting",
    "Arena Allocators",
    "String Interning",
    "Proptest Strategies",
    "Fuzzing",
    "Benchmarks",
    "Logging",
    "Tracing Spans",
    "Config Files",
    "Clap",
    "Sqlx Queries",
    "Axum Handlers",
    "Tower Layers",
    "Hyper Clients",
    "Bevy Systems",
    "Wgpu Pipelines",
    "Nom Parsers",
    "Regex Engines",
]
ANGLES = (
    "Porting {}",
    "Debugging {}",
    "Testing {}",
    "{}: Common Mistakes",
    "Why {} Matter",
    "Benchmarking {}",
    "{} Under Load",
    "Refactoring Toward {}",
    "{}: A Practical Guide",
    "Teaching {} to a Colleague",
    "{} on a Small Team",
    "Reviewing Code With {}",
    "{}: Lessons Learned",
    "Documenting {}",
    "The Cost of {}",
    "{} Without Surprises",
    "Profiling {}",
    "Designing APIs Around {}",
    "{} in Production",
    "Misconceptions About {}",
    "When to Avoid {}",
    "{}: An Honest Take",
    "Reading Other People's {}",
    "A Checklist for {}",
    "{} at Scale",
)
WORDS = [
    "the",
    "compiler",
    "borrow",
    "value",
    "thread",
    "buffer",
    "request",
    "response",
    "index",
    "cache",
    "file",
    "test",
    "build",
    "crate",
    "module",
    "type",
    "trait",
    "field",
    "error",
    "result",
    "option",
    "vector",
    "string",
    "slice",
    "pointer",
    "lock",
    "queue",
    "task",
    "future",
    "stream",
    "socket",
    "parser",
    "token",
    "frame",
    "page",
    "query",
    "handler",
    "layer",
    "config",
    "log",
    "span",
    "metric",
    "check",
    "review",
    "release",
    "version",
    "feature",
    "flag",
    "binary",
    "memory",
    "heap",
    "stack",
]


def _body(rng: random.Random, words: int = 400) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _site(titles: list[str], bodies: list[str]) -> list[DuplicateCandidate]:
    return [
        DuplicateCandidate(SourceLocation(f"content/posts/p{n:04}.md", 2), title, body)
        for n, (title, body) in enumerate(zip(titles, bodies, strict=True))
    ]


def test_thousand_distinct_posts_from_one_vocabulary_give_no_warning() -> None:
    rng = random.Random(14)
    titles = [angle.format(subject) for subject in SUBJECTS for angle in ANGLES]
    assert len(set(titles)) == 1000
    # Every body ends with the same footer: boilerplate, not a shared text.
    footer = "Thanks for reading. Questions and corrections are welcome by mail. " * 3
    site = _site(titles, [_body(rng) + " " + footer for _ in titles])
    assert check_duplicates(site) == []


def test_a_numbered_series_of_fifty_from_one_template_gives_no_warning() -> None:
    rng = random.Random(50)
    template = (
        "This is part of my series on learning Rust from scratch. Each part takes one "
        "topic, writes a small program and then breaks it on purpose. "
    )
    titles = [f"Learning Rust, Part {n}: {rng.choice(SUBJECTS)}" for n in range(1, 51)]
    site = _site(titles, [template + _body(rng, 200) + " " + template for _ in titles])
    assert check_duplicates(site) == []


def test_a_versioned_series_of_fifty_releases_gives_no_warning() -> None:
    rng = random.Random(51)
    titles = [f"Announcing Wren 0.{n}" for n in range(25)]
    titles += [f"Announcing Wren 0.{n}.1" for n in range(25)]
    site = _site(titles, [_body(rng, 200) for _ in titles])
    assert check_duplicates(site) == []


def test_yearly_editions_are_at_most_a_note() -> None:
    rng = random.Random(2026)
    template = _body(rng, 300)
    titles = [f"My Year in Review: {year}" for year in (2023, 2024, 2025)]
    site = _site(titles, [template + " " + _body(rng, 60) for _ in titles])
    diagnostics = check_duplicates(site)
    assert diagnostics
    assert {d.severity for d in diagnostics} == {Severity.INFO}


def test_the_build_the_check_and_new_post_share_one_same_title_rule() -> None:
    assert same_title("Async/Await in Python", "Async-Await in Python")
    assert same_title("WHY I SWITCHED TO NEOVIM", "Why I Switched to Neovim")
    assert not same_title("C++ Templates", "C# Templates")
    assert not same_title("", "")
    existing = [ExistingDocument("content/posts/a.md", "Async/Await in Python")]
    (match,) = find_similar("Async-Await in Python", existing)
    assert match.verdict == "same article"
    assert title_identity("Async-Await in Python") == "async await in python"


def test_find_similar_answers_with_verdicts_scores_and_reasons() -> None:
    existing = [
        ExistingDocument(
            "content/posts/servers.md", "Building MCP Servers in Rust", url="/posts/servers/"
        ),
        ExistingDocument("content/posts/clients.md", "Building MCP Clients in Rust"),
        ExistingDocument("content/posts/lifetimes.md", "Understanding Rust Lifetimes"),
    ]
    matches = find_similar("Building MCP Servers in Rust: Exposing Tools to AI Agents", existing)
    assert [m.document.path for m in matches] == ["content/posts/servers.md"]
    (match,) = matches
    assert match.verdict == "close"
    assert match.kind == "shared-part"
    assert match.reasons == (
        "both titles carry the distinctive part 'Building MCP Servers in Rust'",
    )
    (reworded,) = find_similar("Rust Lifetimes Explained", existing)
    assert reworded.document.path == "content/posts/lifetimes.md"
    assert reworded.title_score >= 0.78
    assert find_similar("Profiling Rust With perf", existing) == []


def test_find_similar_compares_bodies_when_given_one() -> None:
    rng = random.Random(7)
    text = _body(rng, 300)
    existing = [ExistingDocument("content/posts/wal.md", "Turning On WAL Mode", text)]
    (match,) = find_similar("A Pragma That Made My App Faster", existing, body=text + " Thanks.")
    assert match.verdict == "same article"
    assert match.body_score >= 0.9
    assert match.reasons[-1].startswith("bodies share ")
