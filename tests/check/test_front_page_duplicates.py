"""A blog front page like the reference one: some posts published two or three times, some
republished under a reworded title, and many distinct posts on the same few subjects.

Every title and text here was written for this test. Built as a whole site and checked
with ``wren check``: repeats are errors, reworded pairs are warnings, the rest is quiet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from check_sites import SITE_TOML, check

from wren.errors import Severity

MakeSite = Callable[[str], Path]

# Distinct posts, several sharing a subject with another (marked "same subject as ...").
DISTINCT = [
    ("Writing a Lexer in Rust", "Tokens, spans and the one enum that holds them all."),
    ("Writing a Parser in Rust", "Recursive descent over the tokens from last week."),  # lexer
    ("Profiling Rust with perf", "Sampling a release build and reading the report."),
    ("Flamegraphs for Rust Programs", "Turning perf samples into a picture you can read."),
    ("Pinning in Async Rust", "Why some futures must never move, and how Pin says so."),
    ("Cancellation in Async Rust", "What happens to a future when nobody polls it again."),
    ("My Agent Kept Losing Its Notes", "A memory file that survives the end of a session."),
    ("Giving an Agent Better Tool Descriptions", "Say when to use a tool and when not to."),
    ("Error Handling in Rust, Part 1", "Result, the question mark and early returns."),
    ("Error Handling in Rust, Part 2", "Custom error types and the From trait."),
    ("Why You Should Write Integration Tests", "Unit tests passed while the program was broken."),
    ("Why You Shouldn't Mock Everything", "A test suite that tested only its own mocks."),
    ("Rust for Python Developers", "Ownership explained with lists and references."),
    ("Python for Rust Developers", "Duck typing after a year of the borrow checker."),
    ("Serde Derive Tricks", "Renaming fields, defaults and flattened structs."),
    ("Iterator Adapters I Use Every Day", "map, filter, zip and the one I always forget."),
    ("Interior Mutability Without Tears", "Cell, RefCell and when each is the right call."),
    ("SIMD on a Budget", "Four additions at once, and the benchmark that lied."),
    ("A Week Without Unwrap", "What replacing every unwrap taught me about errors."),
    ("Reading Compiler Errors Top to Bottom", "The label, the note and the help, in order."),
    ("Clippy Lints That Changed My Code", "Four warnings that were really lessons."),
    ("Notes on Context Windows", "How much an agent can hold, and what falls out first."),
    ("Small Crates I Keep Reaching For", "A short list of dependencies that earn their place."),
    ("Benchmarking Honestly", "Warm-up, black boxes and a quiet machine."),
    ("Testing a CLI With Snapshot Files", "Golden output, and how to update it on purpose."),
    ("From Callbacks to Channels", "Moving a worker pool onto crossbeam channels."),
    ("Lifetimes in Struct Fields", "When a struct borrows, and how long it may."),
    ("Trait Objects Versus Generics", "Dynamic dispatch, code size and compile times."),
    (
        "Building MCP Clients in Rust: A Practical Guide",
        "Calling tools from the other side.",
    ),  # servers
    ("Async Rust: Streams Explained", "Iterators that have to wait."),
    ("Async Rust: Executors Explained", "Who polls the futures, and when."),  # streams
    ("What's New in Wren 0.4", "Pagination, feeds per tag and a faster build."),
    ("What's New in Wren 0.4.1", "Two fixes to the feed dates."),  # 0.4
]
# Published two or three times, each copy with the same text.
REPEATED = [
    ("The Tool I Was Told Not to Use", "I used the edit tool when asked for the write tool.", 2),
    ("What a Crash Taught Me About Retries", "Backoff, jitter and an idempotency key.", 3),
    ("Five Things I Wish I Knew About Cargo", "Workspaces, features and the lock file.", 2),
]
# Republished under a reworded title, with a rewritten text.
REWORDED = [
    (
        ("Why My Agent Forgets Everything Between Sessions", "Each session starts blank."),
        ("Why My AI Agent Forgets Everything Between Sessions", "Nothing carries over."),
    ),
    (
        ("How I Stopped Fighting the Borrow Checker", "Reading its errors as advice."),
        ("How I Finally Stopped Fighting the Borrow Checker", "Peace with the compiler."),
    ),
    (
        ("Building a Tiny HTTP Server in Rust", "A listener, a thread and a response."),
        ("Writing a Small HTTP Server in Rust", "Sockets and a hand-written reply."),
    ),
    (
        ("Understanding Rust Lifetimes", "What the apostrophe names."),
        ("Rust Lifetimes Explained", "Scopes, borrows and annotations."),
    ),
]


# One article under a title and the same title with a subtitle, two subtitles of one
# distinctive main title, and a subtitle that is another post's title.
SUBTITLED = [
    (
        ("Building MCP Servers in Rust", "Tools an agent can call."),
        ("Building MCP Servers in Rust: Exposing Tools to AI Agents", "A server in an afternoon."),
    ),
    (
        ("ECS in Rust: Where Data Meets Games", "Entities are just numbers."),
        ("ECS in Rust: The Pattern That Beats Inheritance", "Components over class trees."),
    ),
    (
        ("The Paradox of Read Locks", "More readers, less speed."),
        ("Slower With More Threads: The Paradox of Read Locks", "Contention on a counter."),
    ),
]
# The same title in other letter case over another text: two posts that share a title, which
# real blogs do on purpose: a warning, not an error.
CASE_ONLY = (
    ("Bytemuck: Casting Bytes Safely", "Plain old data without unsafe."),
    ("BYTEMUCK: casting bytes safely", "Structs to bytes for the GPU."),
)


def _body(title: str, summary: str, seed: int) -> str:
    """A body in the post's own words: the summary, then sentences that name the post."""
    words = ["compiler", "agent", "session", "crate", "thread", "buffer", "trait", "channel"]
    picked = [words[(seed * 3 + i) % len(words)] for i in range(6)]
    sentences = [
        f"This note is about {title.lower()} ({seed}).",
        f"It started with a {picked[0]} and ended with a {picked[1]}.",
        f"Along the way I changed the {picked[2]} twice and the {picked[3]} once.",
        f"The {picked[4]} stayed, the {picked[5]} went, and note {seed} was written.",
    ]
    return f"{summary}\n\n" + " ".join(sentences) + "\n"


def _post(number: int, title: str, summary: str, body: str) -> str:
    date = dt.date(2025, 1, 1) + dt.timedelta(days=3 * number)
    name = f"{date.isoformat()}-post-{number:02d}"
    escaped = title.replace('"', '\\"')
    return (
        f"-- content/posts/{name}.md --\n---\n"
        f'title: "{escaped}"\ndate: {date.isoformat()}\ndescription: "{summary}"\n---\n\n{body}'
    )


def _front_page_site() -> tuple[str, int, int]:
    """The site, the number of repeated articles (errors) and of reworded ones (warnings)."""
    sections: list[str] = []
    number = 0
    for title, summary in DISTINCT:
        sections.append(_post(number, title, summary, _body(title, summary, number)))
        number += 1
    copies = 0
    for title, summary, times in REPEATED:
        body = _body(title, summary, number)
        for _ in range(times):
            sections.append(_post(number, title, summary, body))
            number += 1
        copies += times - 1
    for first, second in REWORDED:
        for title, summary in (first, second):
            sections.append(_post(number, title, summary, _body(title, summary, number)))
            number += 1
    for first, second in [*SUBTITLED, CASE_ONLY]:
        for title, summary in (first, second):
            sections.append(_post(number, title, summary, _body(title, summary, number)))
            number += 1
    shared_title = len(REWORDED) + len(SUBTITLED) + 1
    return SITE_TOML + "".join(sections), len(REPEATED), shared_title


def test_front_page_repeats_are_errors_and_reworded_pairs_warnings(make_site: MakeSite) -> None:
    text, copies, reworded = _front_page_site()
    report = check(make_site(text), "duplicates")
    errors = [d for d in report.diagnostics if d.severity is Severity.ERROR]
    warnings = [d for d in report.diagnostics if d.severity is Severity.WARNING]
    assert len(errors) == copies == 3  # one report for each repeated article
    assert all(d.message.startswith("duplicate title: ") for d in errors)
    repeated = [d for d in errors if "3 posts are one article" in d.message]
    assert len(repeated) == 1 and "What a Crash Taught Me About Retries" in repeated[0].message
    assert len(warnings) == reworded == 8
    flagged = {d.location.path for d in warnings}
    assert len(flagged) == 8
    named = " ".join(d.message for d in warnings)
    for first, second in [*REWORDED, *SUBTITLED, CASE_ONLY]:
        assert first[0] in named and second[0] in named
    (shared,) = [d for d in warnings if "repeated title over different texts" in d.message]
    assert " 2 posts share a title: 'Bytemuck: Casting Bytes Safely' at " in shared.message
    assert (shared.hint or "").startswith("different posts may share a title")
    assert "Building MCP Clients in Rust" not in named


def test_distinct_posts_on_the_same_subject_are_not_flagged(make_site: MakeSite) -> None:
    text = SITE_TOML + "".join(
        _post(n, title, summary, _body(title, summary, n))
        for n, (title, summary) in enumerate(DISTINCT)
    )
    assert check(make_site(text), "duplicates").diagnostics == ()


def test_the_front_page_site_is_about_fifty_posts() -> None:
    text, _, _ = _front_page_site()
    assert 50 <= text.count("-- content/posts/") <= 60
