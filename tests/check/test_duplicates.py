"""Tests for ``wren.similarity.duplicates``: repeated, reworded and copied posts."""

from __future__ import annotations

import collections
import dataclasses
import itertools
import json
import math
import random
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wren.errors import Severity, SourceLocation
from wren.similarity import bodies
from wren.similarity.bodies import shingle_sets
from wren.similarity.duplicates import (
    DuplicateCandidate,
    DuplicateOptions,
    check_duplicates,
    find_similar_pairs,
    normalize_title,
    pair_severity,
    title_similarity,
)

DATA = Path(__file__).parent / "data" / "duplicate_pairs.json"

# A body long enough to be compared, and lightly edited / unrelated variants of it.
WAL_BODY = (
    "SQLite ships with a rollback journal by default, and switching to write-ahead logging "
    "was the single biggest speed-up in my little web app. In rollback mode a writer locks "
    "the whole database, so every page view that recorded a visit blocked every other page "
    "view. With the journal mode set to WAL, readers keep reading the last committed "
    "snapshot while a single writer appends to a separate log file. The setting is "
    "persistent, so you run the pragma once and the database remembers it."
)
WAL_BODY_EDITED = (
    WAL_BODY.replace("little web app", "small web app")
    .replace("every other page view", "all the other page views")
    .replace("The setting is persistent", "The setting persists")
)
BACKUP_BODY = (
    "Backups of a live SQLite database are easy to get wrong. Copying the file with cp while "
    "the application is writing can give you a torn copy that fails to open, or worse, opens "
    "with silent corruption. The online backup API avoids this by copying pages while holding "
    "the right locks, and the command line exposes it as the backup command. VACUUM INTO "
    "writes a compacted copy to a new file in one statement, which I run every night."
)


def post(path: str, title: str, text: str = "", line: int = 2) -> DuplicateCandidate:
    return DuplicateCandidate(SourceLocation(path, line), title, text)


# --------------------------------------------------------------------------------------
# Titles


def test_normalize_title_folds_case_width_punctuation_and_space() -> None:
    assert normalize_title("  Async/Await in Python — A Mental MODEL ") == (
        "async await in python a mental model"
    )
    assert normalize_title("Ｐｙｔｈｏｎ’s GIL") == normalize_title("python's gil") == "pythons gil"
    assert normalize_title("Straße") == normalize_title("STRASSE")


def test_normalize_title_keeps_cpp_and_csharp_apart_from_c() -> None:
    assert normalize_title("C++ Templates") == "c++ templates"
    assert len({normalize_title(t) for t in ("C Templates", "C++ Templates", "C# Templates")}) == 3


def test_same_title_after_case_and_space_folding_is_an_error() -> None:
    diagnostics = check_duplicates(
        [
            post("posts/lifetimes.md", "Understanding Rust Lifetimes", line=2),
            post("posts/lifetimes-2.md", "understanding  rust   LIFETIMES", line=3),
        ]
    )
    assert len(diagnostics) == 1
    (diagnostic,) = diagnostics
    assert diagnostic.severity is Severity.ERROR
    assert diagnostic.check == "duplicates"
    assert diagnostic.location == SourceLocation("posts/lifetimes-2.md", 3)
    assert diagnostic.message == (
        "duplicate title: 2 posts are one article: 'Understanding Rust Lifetimes' at "
        "posts/lifetimes.md:2; 'understanding  rust   LIFETIMES' at posts/lifetimes-2.md:3"
    )
    assert diagnostic.hint == "keep posts/lifetimes.md (the oldest) and delete the other copies"


def test_title_repeated_three_times_is_one_report_naming_all_three() -> None:
    title = "Why Your Agent Keeps Picking the Wrong Tool"
    candidates = [post(f"posts/copy-{n}.md", title) for n in range(3)]
    pairs = find_similar_pairs(candidates)
    assert [(p.first.location.path, p.second.location.path) for p in pairs] == [
        ("posts/copy-0.md", "posts/copy-1.md"),
        ("posts/copy-0.md", "posts/copy-2.md"),
        ("posts/copy-1.md", "posts/copy-2.md"),
    ]
    assert {p.kind for p in pairs} == {"same-title"}
    (diagnostic,) = check_duplicates(candidates)
    assert diagnostic.location.path == "posts/copy-2.md"
    assert diagnostic.message.startswith("duplicate title: 3 posts are one article: ")
    assert all(f"posts/copy-{n}.md:2" in diagnostic.message for n in range(3))


def test_a_group_names_dates_and_addresses_and_redirects_the_copies_to_the_oldest() -> None:
    title = "Building MCP Servers in Rust"
    candidates = [
        DuplicateCandidate(
            SourceLocation("posts/a.md", 2), title, "", date="2025-01-02", url="/posts/a/"
        ),
        DuplicateCandidate(
            SourceLocation("posts/b.md", 2),
            f"{title}: Exposing Tools to AI Agents",
            "",
            date="2025-03-04",
            url="/posts/b/",
        ),
        DuplicateCandidate(
            SourceLocation("posts/c.md", 2), title.upper(), "", date="2025-05-06", url="/posts/c/"
        ),
    ]
    (diagnostic,) = check_duplicates(candidates)
    assert diagnostic.severity is Severity.ERROR
    assert diagnostic.location.path == "posts/c.md"
    assert "3 posts are one article" in diagnostic.message
    for day, url in (
        ("2025-01-02", "/posts/a/"),
        ("2025-03-04", "/posts/b/"),
        ("2025-05-06", "/posts/c/"),
    ):
        assert f"({day}, {url})" in diagnostic.message
    assert diagnostic.hint is not None
    assert diagnostic.hint.startswith("keep /posts/a/ (the oldest)")
    assert 'aliases: ["/posts/b/", "/posts/c/"]' in diagnostic.hint


def test_reworded_title_is_a_warning_naming_both_files() -> None:
    diagnostics = check_duplicates(
        [
            post("posts/agent-tools.md", "Why Your Agent Keeps Picking the Wrong Tool", line=2),
            post("posts/ai-agent-tools.md", "Why Your AI Agent Keeps Picking the Wrong Tool"),
        ]
    )
    assert len(diagnostics) == 1
    (diagnostic,) = diagnostics
    assert diagnostic.severity is Severity.WARNING
    assert diagnostic.location.path == "posts/ai-agent-tools.md"
    assert "posts/agent-tools.md:2" in diagnostic.message
    assert "Why Your AI Agent Keeps Picking the Wrong Tool" in diagnostic.message
    assert "Why Your Agent Keeps Picking the Wrong Tool" in diagnostic.message
    assert "100% similar" in diagnostic.message


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("A Guide to Python Decorators", "Python Decorators: A Guide"),
        ("Pinning in Async Rust, Explained", "Async Rust: Pinning Explained"),
        ("Choosing the Right Chunk Size for RAG", "Picking the Right Chunk Size for RAG"),
        ("Optimising SQL Queries With Indexes", "Optimizing SQL Queries with Indexes"),
        (
            "10 Things I Wish I Knew Before Learning Go",
            "Ten Things I Wish I'd Known Before Learning Go",
        ),
        ("The Borrow Checker Is Not Your Enemy", "Your Borrow Checker Isn't the Enemy"),
        ("Rust Error Handling Without the Pain", "Painless Error Handling in Rust"),
    ],
)
def test_reworded_titles_are_near_duplicates(first: str, second: str) -> None:
    pairs = find_similar_pairs([post("a.md", first), post("b.md", second)])
    assert [p.kind for p in pairs] == ["near-title"]
    assert pairs[0].title_score >= DuplicateOptions().near_title


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "SIMD in Rust: When Your Code Needs to Do Four Things at Once",
            "Auto-vectorization: Getting SIMD for Free From the Compiler",
        ),
        ("Getting Started with Kubernetes on AWS", "Getting Started with Kubernetes on GCP"),
        ("Writing a Lexer in Rust", "Writing a Parser in Rust"),
        ("Understanding Rust Lifetimes", "Rust Lifetimes in Async Code"),
        ("Unit Testing Async Code in Python", "Unit Testing Async Code in Rust"),
        ("Rust for Python Developers", "Python for Rust Developers"),
        ("Rust Lifetimes for Beginners", "Advanced Rust Lifetimes"),
    ],
)
def test_posts_sharing_a_topic_are_not_flagged(first: str, second: str) -> None:
    assert find_similar_pairs([post("a.md", first), post("b.md", second)]) == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Building a Compiler in Rust, Part 1", "Building a Compiler in Rust, Part 2"),
        ("Building a Compiler, Part One: Lexing", "Building a Compiler, Part Two: Lexing"),
        ("Rust Macros, Part II", "Rust Macros, Part III"),
        ("Week 12: What I Learned About Databases", "Week 13: What I Learned About Databases"),
        ("What's New in Python 3.12", "What's New in Python 3.13"),
        ("Python Packaging in 2024", "Python Packaging in 2025"),
    ],
)
def test_series_parts_and_numbered_posts_are_not_duplicates(first: str, second: str) -> None:
    assert find_similar_pairs([post("a.md", first), post("b.md", second)]) == []


def test_a_title_that_only_adds_a_number_is_compared_on_its_words() -> None:
    pairs = find_similar_pairs(
        [
            post("a.md", "Ten Lessons From a Year of Writing Rust"),
            post("b.md", "10 Lessons From One Year of Writing Rust"),
        ]
    )
    assert [p.kind for p in pairs] == ["near-title"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Why You Should Use an ORM", "Why You Shouldn't Use an ORM"),
        ("Attention Is All You Need, Explained", "Attention Is Not All You Need"),
        ("Migrating From REST to GraphQL", "Migrating From GraphQL to REST"),
    ],
)
def test_opposite_claims_and_directions_are_not_duplicates(first: str, second: str) -> None:
    assert title_similarity(first, second) >= 0.8  # the words alone would match
    assert find_similar_pairs([post("a.md", first), post("b.md", second)]) == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Only framing differs, around a rare subject ("beginners" is framing).
        ("A Gentle Introduction to Zig Comptime", "Zig Comptime for Beginners"),
        ("Getting Started With Litestream", "Litestream: A Beginner's Guide"),
        ("Zig Comptime: A Primer", "Understanding Zig Comptime"),
        # One of the commonest words added beside three shared words.
        ("Is DuckDB Enough for Analytics?", "Is DuckDB Good Enough for Analytics?"),
        # A word clipped.
        ("Testing Procedural Macros With trybuild", "Testing Proc Macros With trybuild"),
        # An acronym spelled out.
        ("Write-Ahead Logging in SQLite", "SQLite WAL Explained"),
        ("Retrieval-Augmented Generation for Code Search", "RAG for Code Search"),
        # Words that take the same side.
        ("Why I Stopped Using Docker Compose", "Why I Gave Up on Docker Compose"),
        ("Why We Ditched GraphQL", "Why We Stopped Using GraphQL"),
    ],
)
def test_titles_framed_differently_around_one_rare_subject_are_reworded(
    first: str, second: str
) -> None:
    pairs = find_similar_pairs([post("a.md", first), post("b.md", second)])
    assert [p.kind for p in pairs] == ["near-title"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Words that take other sides.
        ("Why I Love Docker Compose", "Why I Stopped Using Docker Compose"),
        ("Why I Started Using Nix", "Why I Stopped Using Nix"),
        ("Deploying Rust With Nomad", "Deploying Rust Without Nomad"),
        # Common words that are the whole angle of each article.
        ("Serde: A Practical Guide", "The Cost of Serde"),
        ("Serde on a Small Team", "Serde in Production"),
        ("How Zstd Dictionaries Shrink Small Files", "How Zstd Dictionaries Work"),
        # A word of its own on each side, however common.
        (
            "Join Us for Bevy Talks and Workshops at RustConf Europe 2025",
            "Join Us for Bevy Talks and Workshops at RustConf China 2025",
        ),
        ("How Bloom Filters Work", "How Bloom Filters Are Built"),
        ("How Bloom Filters Work", "How Cuckoo Filters Work"),
        # A rarer word added, and a name that is no clipped word.
        ("Profiling Tokio Tasks", "Profiling Tokio Tasks With perf"),
        ("Tracing in Java", "Tracing in JavaScript"),
    ],
)
def test_titles_with_words_or_sides_of_their_own_are_not_reworded(first: str, second: str) -> None:
    assert find_similar_pairs([post("a.md", first), post("b.md", second)]) == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # A parenthetical subtitle added, as a subtitle after a colon would be.
        ("Why Our Team Quit Slack", "Why Our Team Quit Slack (And Where We Talk Now)"),
        # One title's subtitle is the other's whole title.
        (
            "Less Talk: How Written Proposals Changed Our Meetings",
            "How Written Proposals Changed Our Meetings",
        ),
        # One title's main title is the other's whole title, a subtitle added.
        ("How We Moved Our Office Home", "How We Moved Our Office Home: Desks, Noise and Mail"),
    ],
)
def test_a_whole_title_of_common_words_repeated_as_part_of_another_is_one_article(
    first: str, second: str
) -> None:
    # Each word is common in English: the shared part is known by being a whole title
    # of three words or more, not by any one rare word.
    pairs = find_similar_pairs([post("a.md", first), post("b.md", second)])
    assert [p.kind for p in pairs] == ["shared-part"]
    assert pair_severity(pairs[0]) is Severity.WARNING


def test_a_whole_title_of_few_or_generic_words_is_no_identity() -> None:
    for first, second in [
        ("Lessons Learned", "Moving to Postgres: Lessons Learned"),
        ("Year One", "Running a Bakery Online (Year One)"),
        ("Part 2", "Running a Bakery Online (Part 2)"),
    ]:
        assert find_similar_pairs([post("a.md", first), post("b.md", second)]) == [], first


def test_an_abbreviation_of_two_words_is_read_when_written_in_capitals() -> None:
    first = "Pull Requests in Large Repos"
    pairs = find_similar_pairs([post("a.md", first), post("b.md", "PR in Large Repos")])
    assert [p.kind for p in pairs] == ["near-title"]
    # Two letters in small letters may be a word ("Go", "Up"): not an abbreviation.
    assert find_similar_pairs([post("a.md", first), post("b.md", "Pr in Large Repos")]) == []


def test_a_number_spelled_out_and_a_word_made_adverb_are_the_same_title() -> None:
    first = "Five Vim Motions I Rely On Every Day"
    pairs = find_similar_pairs(
        [post("a.md", first), post("b.md", "The 5 Vim Motions I Rely On Daily")]
    )
    assert [p.kind for p in pairs] == ["near-title"]
    # Another number is another list.
    other = post("b.md", "The 6 Vim Motions I Rely On Daily")
    assert find_similar_pairs([post("a.md", first), other]) == []


def test_a_subject_common_on_the_site_does_not_make_a_rewording() -> None:
    first, second = "Is DuckDB Enough for Analytics?", "Is DuckDB Good Enough for Analytics?"
    assert title_similarity(first, second) < DuplicateOptions().near_title
    pair = [post("a.md", first), post("b.md", second)]
    assert [p.kind for p in find_similar_pairs(pair)] == ["near-title"]
    # "DuckDB" in every title is the site's topic: left alone, the titles share no subject.
    topics = ("Parquet", "Arrow", "Polars", "Postgres", "Iceberg")
    site = [post(f"{n}.md", f"Reading {topic} From DuckDB") for n, topic in enumerate(topics)]
    assert find_similar_pairs(site + pair) == []


def test_digits_that_are_not_decimal_do_not_break_title_scoring() -> None:
    # U+10A40 KHAROSHTHI DIGIT ONE: str.isdigit() is true, int() refuses it.
    assert title_similarity("Part \U00010a40", "Part \U00010a40 Again") >= 0.0
    assert title_similarity("Part ²", "Part 2") == 1.0


@given(st.text(max_size=60), st.text(max_size=60))
def test_title_similarity_is_symmetric_and_between_zero_and_one(first: str, second: str) -> None:
    score = title_similarity(first, second)
    assert 0.0 <= score <= 1.0
    assert title_similarity(second, first) == pytest.approx(score)


@given(st.text(alphabet=st.characters(categories=["L", "N", "Zs", "P"]), max_size=60))
def test_a_title_is_fully_similar_to_itself(title: str) -> None:
    if normalize_title(title):
        assert title_similarity(title, title) == 1.0


# --------------------------------------------------------------------------------------
# Bodies


def test_lightly_edited_body_under_a_new_title_is_a_warning() -> None:
    diagnostics = check_duplicates(
        [
            post("posts/wal.md", "Turning On WAL Mode in SQLite", WAL_BODY),
            post("posts/pragma.md", "How One Pragma Made My App Faster", WAL_BODY_EDITED),
        ]
    )
    assert len(diagnostics) == 1
    (diagnostic,) = diagnostics
    assert diagnostic.severity is Severity.WARNING
    assert diagnostic.location.path == "posts/pragma.md"
    assert diagnostic.message.startswith("near-duplicate body (")
    assert "posts/wal.md:2" in diagnostic.message


def test_copied_body_under_a_new_title_is_an_error() -> None:
    pairs = find_similar_pairs(
        [
            post("posts/wal.md", "Turning On WAL Mode in SQLite", WAL_BODY),
            post("posts/pragma.md", "How One Pragma Made My App Faster", WAL_BODY + " Thanks!"),
        ]
    )
    assert [p.kind for p in pairs] == ["near-body"]
    assert pairs[0].body_score >= 0.9
    (diagnostic,) = check_duplicates([pairs[0].first, pairs[0].second])
    assert diagnostic.severity is Severity.ERROR
    assert diagnostic.message.startswith("duplicate body (")


def test_copied_body_makes_a_reworded_title_an_error() -> None:
    diagnostics = check_duplicates(
        [
            post("a.md", "Why Your Agent Keeps Picking the Wrong Tool", WAL_BODY),
            post("b.md", "Why Your AI Agent Keeps Picking the Wrong Tool", WAL_BODY),
        ]
    )
    assert [d.severity for d in diagnostics] == [Severity.ERROR]


def _sentences(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    words = [f"w{n}" for n in range(2000)]
    return [" ".join(rng.choice(words) for _ in range(12)) + "." for _ in range(count)]


def test_an_article_written_again_under_a_similar_title_is_a_warning() -> None:
    # Half the sentences kept, half written anew: a quarter or more of the shingles shared.
    original = _sentences(1, 20)
    again = original[:10] + _sentences(2, 10)
    pair = find_similar_pairs(
        [
            post("a.md", "Fixing Flaky Browser Tests", " ".join(original)),
            post("b.md", "Flaky Browser Tests in Our CI", " ".join(again)),
        ]
    )
    assert [(p.kind, pair_severity(p)) for p in pair] == [("rewritten", Severity.WARNING)]
    assert 0.25 <= pair[0].body_score < 0.5


def test_a_shortened_copy_under_a_similar_title_is_a_warning() -> None:
    original = _sentences(3, 40)
    shortened = original[:8] + original[30:]  # a third of the article, and nothing new
    pair = find_similar_pairs(
        [
            post("a.md", "Fixing Flaky Browser Tests", " ".join(original)),
            post("b.md", "Flaky Browser Tests in Our CI", " ".join(shortened)),
        ]
    )
    assert [p.kind for p in pair] == ["rewritten"]
    assert pair[0].body_score < 0.5


def test_bodies_written_again_need_alike_titles_and_long_bodies() -> None:
    original = _sentences(4, 20)
    again = original[:10] + _sentences(5, 10)
    unrelated_titles = [
        post("a.md", "Fixing Flaky Browser Tests", " ".join(original)),
        post("b.md", "Notes From the Spring Meetup", " ".join(again)),
    ]
    assert find_similar_pairs(unrelated_titles) == []
    short = [
        post("a.md", "Fixing Flaky Browser Tests", " ".join(original[:3])),
        post("b.md", "Flaky Browser Tests in Our CI", " ".join(original[:2])),
    ]
    assert find_similar_pairs(short) == []
    numbered = [
        post("a.md", "Flaky Browser Tests, Part 1", " ".join(original)),
        post("b.md", "Flaky Browser Tests in Our CI, Part 2", " ".join(again)),
    ]
    assert find_similar_pairs(numbered) == []


_COMMON_WORDS = re.findall(
    r"\w+",
    "the team found that this change made our work much slower than before and we spent a "
    "week on it because every time someone looked there was another thing to fix",
)
_SPECIFIC = [f"{a}{b}" for a in ("zor", "quil", "vex", "mord", "tral") for b in ("ax", "en", "ip")]
_OTHER_SPECIFIC = [
    f"{a}{b}" for a in ("blan", "crim", "dusk", "fenn", "glor") for b in ("ot", "um")
]


def _article(seed: int, specific: list[str], words: int = 160) -> str:
    """An article in its own order of words: about a third from *specific*, made-up words
    English does not use, the rest common words."""
    rng = random.Random(seed)
    return " ".join(
        rng.choice(specific) if rng.random() < 0.35 else rng.choice(_COMMON_WORDS)
        for _ in range(words)
    )


VAULT_TITLES = (
    "Rotating Secrets With Vault Agent",
    "Short-Lived Database Passwords From Vault Agent",
)


def _written_again(seed: int, article: str) -> str:
    """*article* written again: its specific words in another order, and one phrase kept."""
    return _article(seed, _SPECIFIC) + " " + " ".join(article.split()[:12])


def test_an_article_written_again_in_other_words_keeps_its_vocabulary() -> None:
    first = _article(1, _SPECIFIC)
    second = _written_again(2, first)
    pairs = find_similar_pairs(
        [post("a.md", VAULT_TITLES[0], first), post("b.md", VAULT_TITLES[1], second)]
    )
    assert [(p.kind, pair_severity(p)) for p in pairs] == [("rewritten", Severity.WARNING)]
    assert pairs[0].body_score < 0.1  # hardly a run of four words in common


def test_bodies_that_share_no_phrase_are_not_compared_by_vocabulary() -> None:
    # Another text in the same words without one phrase in common is not read for its
    # vocabulary: most pairs of a large site are settled by the shingles they have.
    first, second = _article(1, _SPECIFIC), _article(2, _SPECIFIC)
    pairs = find_similar_pairs(
        [post("a.md", VAULT_TITLES[0], first), post("b.md", VAULT_TITLES[1], second)]
    )
    assert pairs == []


def test_articles_on_one_subject_with_their_own_specifics_are_not_written_again() -> None:
    first = _article(1, _SPECIFIC)
    # The subject's words, others of its own, and one phrase of the first.
    second = _article(2, _SPECIFIC[:3] + _OTHER_SPECIFIC) + " " + " ".join(first.split()[:12])
    pairs = find_similar_pairs(
        [post("a.md", VAULT_TITLES[0], first), post("b.md", VAULT_TITLES[1], second)]
    )
    assert pairs == []


def test_the_vocabulary_of_a_whole_site_does_not_make_articles_alike() -> None:
    # Every post of the site uses the specific words: they are its topic, not an article's.
    site = [
        post(f"{n}.md", f"Unrelated Title Number {word}", _article(10 + n, _SPECIFIC))
        for n, word in enumerate(("Alpha", "Bravo", "Charlie", "Delta", "Echo"))
    ]
    first = _article(1, _SPECIFIC)
    pair = [
        post("a.md", VAULT_TITLES[0], first),
        post("b.md", VAULT_TITLES[1], _written_again(2, first)),
    ]
    assert find_similar_pairs(site + pair) == []


def test_same_topic_bodies_in_different_words_are_not_flagged() -> None:
    candidates = [
        post("posts/wal.md", "Turning On WAL Mode in SQLite", WAL_BODY),
        post("posts/backup.md", "Backing Up a Live SQLite Database", BACKUP_BODY),
    ]
    assert find_similar_pairs(candidates) == []


def test_empty_and_stub_bodies_do_not_match_each_other() -> None:
    stub = "Draft: notes to come. Check back soon for the full write-up."
    candidates = [
        post(f"posts/empty-{n}.md", f"Reading Notes {n}: Topic {n * 7919}") for n in range(20)
    ]
    candidates += [
        post(f"posts/stub-{n}.md", f"Unrelated Draft {n * 104729}", stub) for n in range(20)
    ]
    assert find_similar_pairs(candidates) == []


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=200))
def test_ascii_and_unicode_bodies_are_split_into_the_same_words(text: str) -> None:
    # An em dash makes the second body non-ASCII without adding a word.
    candidates = [post("a.md", "Alpha Notes", text), post("b.md", "Omega Thoughts", text + " —")]
    pairs = find_similar_pairs(candidates, DuplicateOptions(min_shingles=1))
    if len(re.findall(r"\w+", text)) >= 4:
        assert [(p.kind, p.body_score) for p in pairs] == [("near-body", 1.0)]
    else:
        assert pairs == []


def test_min_shingles_option_decides_which_bodies_are_compared() -> None:
    body = "one two three four five six seven eight nine ten eleven twelve"
    candidates = [post("a.md", "Alpha Notes", body), post("b.md", "Omega Thoughts", body)]
    assert find_similar_pairs(candidates) == []
    (pair,) = find_similar_pairs(candidates, DuplicateOptions(min_shingles=5))
    assert pair.kind == "near-body"
    assert pair.body_score == 1.0


# --------------------------------------------------------------------------------------
# Pairs


def test_pairs_follow_candidate_order_and_diagnostics_name_the_later_file() -> None:
    candidates = [
        post("posts/c.md", "Building a Tiny Lisp Interpreter in Rust"),
        post("posts/a.md", "Something Else Entirely"),
        post("posts/b.md", "Writing a Small Lisp Interpreter in Rust"),
    ]
    (pair,) = find_similar_pairs(candidates)
    assert (pair.first.location.path, pair.second.location.path) == ("posts/c.md", "posts/b.md")
    (diagnostic,) = check_duplicates(candidates)
    assert diagnostic.location.path == "posts/b.md"


def test_one_file_is_never_paired_with_itself() -> None:
    same = post("posts/a.md", "Understanding Rust Lifetimes", WAL_BODY)
    assert find_similar_pairs([same, same]) == []


def test_fewer_than_two_candidates_give_no_pairs() -> None:
    assert find_similar_pairs([]) == []
    assert check_duplicates([post("a.md", "Only One")]) == []


@pytest.mark.parametrize(
    "options",
    [
        {"near_title": 1.5},
        {"body_warning": 0.95, "body_error": 0.9},
        {"lsh_bands": 40, "lsh_rows": 2, "num_perm": 64},
        {"lsh_bands": 1},
        {"shingle_size": 0},
    ],
)
def test_invalid_options_are_rejected(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        DuplicateOptions(**options)


# --------------------------------------------------------------------------------------
# The labelled set


@dataclass(frozen=True)
class LabelledPair:
    id: str
    split: str
    duplicate: bool
    first: DuplicateCandidate
    second: DuplicateCandidate


def _side(
    data: dict[str, Any], pair_id: str, name: str, side: dict[str, Any]
) -> DuplicateCandidate:
    text = data["bodies"][side["body"]] if "body" in side else ""
    for old, new in side.get("edits", []):
        assert text.count(old) == 1, f"{pair_id}: edit {old!r} must match exactly once"
        text = text.replace(old, new)
    return post(f"{pair_id}/{name}.md", side["title"], text)


def load_labelled_pairs(path: Path = DATA) -> list[LabelledPair]:
    data = json.loads(path.read_text(encoding="utf-8"))

    return [
        LabelledPair(
            id=item["id"],
            split=item["split"],
            duplicate=item["duplicate"],
            first=_side(data, item["id"], "first", item["first"]),
            second=_side(data, item["id"], "second", item["second"]),
        )
        for item in data["pairs"]
    ]


LABELLED = load_labelled_pairs()


def _predicted(pair: LabelledPair) -> bool:
    pairs = find_similar_pairs([pair.first, pair.second])
    return any(pair_severity(found) is not Severity.INFO for found in pairs)


def _precision_recall(pairs: list[LabelledPair]) -> tuple[float, float, list[str]]:
    true_positive = false_positive = false_negative = 0
    wrong: list[str] = []
    for pair in pairs:
        predicted = _predicted(pair)
        true_positive += predicted and pair.duplicate
        false_positive += predicted and not pair.duplicate
        false_negative += pair.duplicate and not predicted
        if predicted != pair.duplicate:
            wrong.append(f"{'FP' if predicted else 'FN'} {pair.id}")
    precision = true_positive / (true_positive + false_positive) if true_positive else 0.0
    recall = true_positive / (true_positive + false_negative) if true_positive else 0.0
    return precision, recall, wrong


def test_labelled_set_is_big_enough_and_well_formed() -> None:
    ids = [pair.id for pair in LABELLED]
    assert len(ids) == len(set(ids))
    assert len(LABELLED) >= 60
    assert sum(pair.duplicate for pair in LABELLED) >= 20
    assert sum(not pair.duplicate for pair in LABELLED) >= 40
    assert {pair.split for pair in LABELLED} == {"dev", "holdout", "holdout-2"}


def test_labelled_set_precision_and_recall_meet_targets() -> None:
    precision, recall, wrong = _precision_recall(LABELLED)
    assert precision >= 0.95, wrong
    assert recall >= 0.9, wrong


def test_untuned_holdout_keeps_its_measured_precision_and_recall() -> None:
    # holdout-2 was written after the thresholds were frozen and never tuned on. At the
    # freeze it scored precision 1.0 and recall 8/14: paraphrases that share too few words
    # ("RAG" / "Retrieval-Augmented Generation") are out of reach of a title heuristic.
    # Reworded titles read by their rare subject and their framing found 11 of 14; it is
    # tuning data since.
    precision, recall, wrong = _precision_recall([p for p in LABELLED if p.split == "holdout-2"])
    assert precision >= 0.95, wrong
    assert recall >= 11 / 14, wrong


def test_holdout_written_before_the_title_structure_rules_keeps_its_measured_figures() -> None:
    # duplicate_holdout.json: 24 duplicates, 26 hard negatives (series, versions, yearly
    # editions, shared generic parts). Measured at 20 of 24 with no false positive, then
    # 22 of 24 once "cut in half" and "what I learned" were read as "halve" and "lessons",
    # and 23 of 24 with reworded titles read by their rare subject and their framing.
    holdout = load_labelled_pairs(DATA.parent / "duplicate_holdout.json")
    assert len(holdout) >= 40
    precision, recall, wrong = _precision_recall(holdout)
    assert precision == 1.0, wrong
    assert recall >= 23 / 24, wrong


def test_fourth_holdout_keeps_its_measured_figures() -> None:
    # duplicate_holdout_4.json: 24 duplicates (some written twice in other words, with
    # bodies), 27 hard negatives (series, versions, templates). Written and committed before
    # the rules changed; measured then at 13 of 24 with no false positive, then at 18 of 24
    # with the rule for articles written again and the paraphrases its misses showed, then
    # at 19 of 24 once a body written again was also known by its vocabulary.
    holdout = load_labelled_pairs(DATA.parent / "duplicate_holdout_4.json")
    assert len(holdout) >= 40
    assert {pair.split for pair in holdout} == {"holdout-4"}
    precision, recall, wrong = _precision_recall(holdout)
    assert precision == 1.0, wrong
    assert recall >= 19 / 24, wrong


def test_fifth_holdout_keeps_its_measured_figures() -> None:
    # duplicate_holdout_5.json: 22 duplicates (reworded titles, subtitles, articles written
    # again under other titles), 24 hard negatives (series, versions, editions, templates).
    # Written and committed before any rule changed: measured then at 14 of 22 with no
    # false positive; 17 of 22 after the rules for reworded titles and for bodies written
    # again by their vocabulary, which its misses showed, so it is tuning data now.
    holdout = load_labelled_pairs(DATA.parent / "duplicate_holdout_5.json")
    assert len(holdout) >= 40
    assert {pair.split for pair in holdout} == {"holdout-5"}
    assert sum(pair.duplicate for pair in holdout) >= 20
    assert sum(not pair.duplicate for pair in holdout) >= 20
    precision, recall, wrong = _precision_recall(holdout)
    assert precision == 1.0, wrong
    assert recall >= 17 / 22, wrong


@pytest.mark.parametrize(
    ("name", "split", "prefix", "least_with_bodies"),
    [
        ("duplicate_holdout_6.json", "holdout-6", "h6-", 10),
        ("duplicate_holdout_7.json", "holdout-7", "h7-", 14),
    ],
)
def test_holdouts_written_without_the_rules_are_well_formed(
    name: str, split: str, prefix: str, least_with_bodies: int
) -> None:
    # These holdouts were written without looking at the rules and committed before they
    # changed; their figures are measured by benchmarks/duplicates_eval.py. holdout-7 is
    # not scored here: it waits, unseen, for the next change to the rules or thresholds.
    path = DATA.parent / name
    holdout = load_labelled_pairs(path)
    assert len(holdout) >= 40
    assert {pair.split for pair in holdout} == {split}
    assert all(pair.id.startswith(prefix) for pair in holdout)
    assert len({pair.id for pair in holdout}) == len(holdout)
    assert sum(pair.duplicate for pair in holdout) >= 20
    assert sum(not pair.duplicate for pair in holdout) >= 20
    with_bodies = [p for p in holdout if p.first.text and p.second.text]
    assert len(with_bodies) >= least_with_bodies
    assert {p.duplicate for p in with_bodies} == {True, False}
    bodies = json.loads(path.read_text(encoding="utf-8"))["bodies"]
    assert all(120 <= len(text.split()) <= 300 for text in bodies.values())


def test_sixth_holdout_keeps_its_measured_figures() -> None:
    # Measured once, before any rule changed, at 15 of 27 with no false positive; 20 of 27
    # after the misses it showed of kinds the guard claims (parenthetical subtitles, a
    # whole title repeated as a part, two-letter abbreviations, "daily" / "every day"), so
    # it is tuning data now.
    holdout = load_labelled_pairs(DATA.parent / "duplicate_holdout_6.json")
    precision, recall, wrong = _precision_recall(holdout)
    assert precision == 1.0, wrong
    assert recall >= 20 / 27, wrong


def test_labelled_titles_give_the_same_answers_when_checked_as_one_site() -> None:
    # Titles only: the labelled set reuses each body in several pairs, and a text found in
    # five posts of one site is boilerplate there.
    titled = [
        dataclasses.replace(pair, first=_untexted(pair.first), second=_untexted(pair.second))
        for pair in LABELLED
    ]
    candidates = [candidate for pair in titled for candidate in (pair.first, pair.second)]
    found = {
        (p.first.location.path, p.second.location.path)
        for p in find_similar_pairs(candidates)
        if pair_severity(p) is not Severity.INFO
    }
    for pair in titled:
        together = (pair.first.location.path, pair.second.location.path) in found
        assert together == _predicted(pair), pair.id


def _untexted(candidate: DuplicateCandidate) -> DuplicateCandidate:
    return dataclasses.replace(candidate, text="")


# --------------------------------------------------------------------------------------
# Scale

_SYLLABLES = (
    "ka ri to me lu sa no vi ze pa do fi gu re shi ta mo ne bra clo dri fen gra lin mar pol "
    "quen ros sten tur vel wex yor zan"
)
_FUNCTION_WORDS = (
    "the a of and to in is that it for on with as this by be are from at or but not we you "
    "they can was when what which how more one all so if"
)


def generated_posts(count: int, seed: int = 1234) -> list[DuplicateCandidate]:
    """Distinct posts: random titles and bodies over a shared made-up vocabulary."""
    rng = random.Random(seed)
    syllables, function_words = _SYLLABLES.split(), _FUNCTION_WORDS.split()
    words = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(6000)}
    vocabulary = sorted(words)
    posts = []
    for index in range(count):
        title = " ".join(rng.sample(vocabulary, rng.randint(3, 6))).title()
        body = " ".join(
            rng.choice(function_words) if rng.random() < 0.4 else rng.choice(vocabulary)
            for _ in range(rng.randint(300, 1200))
        )
        posts.append(post(f"content/posts/post-{index:04}.md", title, body))
    return posts


def test_thousand_distinct_generated_posts_produce_no_pairs() -> None:
    assert check_duplicates(generated_posts(1000)) == []


def test_copies_hidden_among_generated_posts_are_all_found() -> None:
    posts = generated_posts(300, seed=99)
    copies = [
        post("content/posts/copy-a.md", posts[10].title.upper(), "intro " + posts[200].text),
        post("content/posts/copy-b.md", "A Completely New Title", posts[50].text + " the end"),
    ]
    found = {
        (p.first.location.path, p.second.location.path, p.kind)
        for p in find_similar_pairs(posts + copies)
    }
    assert found == {
        (posts[10].location.path, "content/posts/copy-a.md", "same-title"),
        (posts[200].location.path, "content/posts/copy-a.md", "near-body"),
        (posts[50].location.path, "content/posts/copy-b.md", "near-body"),
    }


def phrase_bank_posts(seed: int, count: int = 150, copies: int = 30) -> list[DuplicateCandidate]:
    """Posts made of sentences drawn from one small bank, so any two share about a tenth
    of their shingles (as in ``benchmarks/generate.py``), then copies of the first
    ``copies`` posts with a random share of their sentences rewritten."""
    rng = random.Random(seed)
    vocabulary = [f"w{n}" for n in range(300)]

    def sentence() -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(10)) + "."

    bank = [sentence() for _ in range(120)]
    bodies = [[rng.choice(bank) for _ in range(50)] for _ in range(count)]
    for original in bodies[:copies]:
        similarity = rng.uniform(0.3, 0.97)
        rewritten = (1 - similarity) / (1 + similarity)
        bodies.append([s if rng.random() >= rewritten else sentence() for s in original])
    return [post(f"p{n:03}.md", f"Post {n}", " ".join(b)) for n, b in enumerate(bodies)]


def reference_shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    return set(zip(words, words[1:], words[2:], words[3:], strict=False))


_MIXED_WORDS = ("Straße", "naïve", "ﬁne", "ΣΊΣΥΦΟΣ", "日本語", "x_y", "WAL", "mode", "the", "über")


@pytest.mark.parametrize(("chunk_bytes", "block_bytes"), [(16, 8), (4096, 64), (1 << 19, 1 << 18)])
def test_shingles_are_the_distinct_runs_of_words_however_the_texts_are_batched(
    monkeypatch: pytest.MonkeyPatch, chunk_bytes: int, block_bytes: int
) -> None:
    # Texts are shingled in batches of about _CHUNK_BYTES, their words hashed in blocks of
    # about _BLOCK_BYTES (a longer word alone): no shingle may run from one text into the
    # next, a word hashes alike wherever it is, and in ASCII and other texts.
    rng = random.Random(chunk_bytes)
    marks = ("", ",", "\n", " —", "'s", "  ")
    texts = [
        " ".join(rng.choice(_MIXED_WORDS) + rng.choice(marks) for _ in range(rng.randint(0, 40)))
        for _ in range(150)
    ]
    texts += ["wal mode the x_y " * 3, "WAL Mode, the X_Y!"]  # ASCII and casefolded alike
    monkeypatch.setattr(bodies, "_CHUNK_BYTES", chunk_bytes)
    monkeypatch.setattr(bodies, "_BLOCK_BYTES", block_bytes)
    found = shingle_sets(texts, 4)
    reference = [reference_shingles(text) for text in texts]
    assert [s.size for s in found] == [len(r) for r in reference]
    for i, j in itertools.combinations(range(len(texts)), 2):
        assert np.intersect1d(found[i], found[j]).size == len(reference[i] & reference[j])


def without_boilerplate(shingles: dict[str, set[tuple[str, ...]]]) -> None:
    """Drop, in place, the shingles found in at least max(5, 0.5%) of the bodies."""
    counts = collections.Counter(s for found in shingles.values() for s in found)
    limit = max(5, math.ceil(0.005 * len(shingles)))
    for found in shingles.values():
        found.difference_update({s for s in found if counts[s] >= limit})


def _jaccard_of_every_pair(
    shingles: dict[str, set[tuple[str, ...]]],
) -> dict[tuple[str, str], float]:
    return {
        (a, b): len(shingles[a] & shingles[b]) / len(shingles[a] | shingles[b] or {()})
        for a, b in itertools.combinations(shingles, 2)
    }


def test_near_copies_among_posts_sharing_many_phrases_are_found_exactly() -> None:
    posts = phrase_bank_posts(seed=3)
    shingles = {p.location.path: reference_shingles(p.text) for p in posts}
    raw = _jaccard_of_every_pair(shingles)
    assert sorted(raw.values())[len(raw) // 2] > 0.08  # a busy background
    without_boilerplate(shingles)
    scores = _jaccard_of_every_pair(shingles)
    assert max(score for score in scores.values() if score < 0.5) > 0.4  # close calls
    found = {(p.first.location.path, p.second.location.path): p for p in find_similar_pairs(posts)}
    assert found.keys() == {pair for pair, score in scores.items() if score >= 0.5}
    for pair, similar in found.items():
        assert similar.kind == "near-body"
        assert similar.body_score == pytest.approx(scores[pair])


def test_found_pairs_do_not_depend_on_the_order_of_candidates() -> None:
    posts = phrase_bank_posts(seed=4)
    shuffled = random.Random(5).sample(posts, len(posts))

    def unordered(candidates: list[DuplicateCandidate]) -> set[frozenset[str]]:
        return {
            frozenset((p.first.location.path, p.second.location.path))
            for p in find_similar_pairs(candidates)
        }

    assert unordered(posts) == unordered(shuffled)
    assert unordered(posts)


def test_importing_the_check_loads_neither_scipy_nor_datasketch() -> None:
    # datasketch pulled in SciPy: over a second of every `wren check`.
    code = "import sys, wren.similarity.duplicates; print(sorted({'scipy', 'datasketch'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
