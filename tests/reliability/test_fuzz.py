"""Hypothesis feeds front matter and Markdown bodies of every shape to the parser: it returns
a document or a ContentError with a place, never another exception and never a hang."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliakit import wren

from wren.errors import ErrorGroup, WrenError
from wren.pipeline.discover import SourceFile, SourceKind
from wren.pipeline.markdown import MarkdownRenderer
from wren.pipeline.parse import parse_source

RENDERER = MarkdownRenderer()
FUZZ = settings(
    max_examples=80, deadline=2000, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

keys = st.sampled_from(
    ["title", "date", "tags", "draft", "summary", "aliases", "updated", "weight", "x", ""]
)
scalars = st.one_of(
    st.text(max_size=40),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.sampled_from(["2026-01-01", "2026-13-45", "null", "~", "[a, b", "{a: 1}", "&a", "*a"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4), max_leaves=12)


def front_matter_line(key: str, value: object) -> str:
    return f"{key}: {value}"


front_matter = st.lists(st.builds(front_matter_line, keys, values), max_size=8).map("\n".join)
bodies = st.one_of(
    st.text(max_size=400),
    st.binary(max_size=200).map(lambda data: data.decode("utf-8", "replace")),
    st.lists(
        st.sampled_from(["# ", "> ", "- ", "```", "    ", "*", "_", "[", "](", "|", "\n"])
    ).map("".join),
)


def parse(text: str, kind: SourceKind = SourceKind.POST) -> None:
    rel = "content/posts/fuzz.md" if kind is SourceKind.POST else "content/courses/c/01-x.md"
    course = None if kind is SourceKind.POST else "c"
    try:
        parse_source(SourceFile(rel, kind, text, course), RENDERER)
    except ErrorGroup as group:  # every problem of the file, each at its place
        assert all(e.location is not None and e.location.path == rel for e in group.errors)
    except WrenError as error:
        assert error.location is not None and error.location.path == rel, error


@FUZZ
@given(front_matter, bodies, st.sampled_from(["---", "+++"]))
def test_any_front_matter_and_body_parse_or_give_a_placed_error(
    matter: str, body: str, fence: str
) -> None:
    parse(f"{fence}\n{matter}\n{fence}\n{body}")


@FUZZ
@given(st.text(max_size=600))
def test_any_text_at_all_parses_or_gives_a_placed_error(text: str) -> None:
    parse(text, SourceKind.CHAPTER)


@pytest.mark.parametrize(
    "body",
    [
        ">" * 10_000 + " deep",
        "- " * 5_000 + "deep",
        "[" * 10_000 + "x" + "]" * 10_000,
        "*" * 20_000,
        "`" * 10_000,
        "<div>" * 5_000,
        "title\n" + "=" * 100_000,
    ],
    ids=["quotes", "lists", "brackets", "stars", "backticks", "html", "setext"],
)
def test_pathological_nesting_builds_within_a_time_budget(small_site: Path, body: str) -> None:
    (small_site / "content/posts/2026-02-02-deep.md").write_text(
        f"---\ntitle: Deep\ndate: 2026-02-02\n---\n{body}\n"
    )
    started = time.monotonic()
    result = wren("build", small_site, "--no-search", timeout=60)
    assert time.monotonic() - started < 30
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr


def test_deeply_nested_front_matter_is_an_error_or_a_build(small_site: Path) -> None:
    (small_site / "content/posts/2026-02-02-deep.md").write_text(
        "---\ntitle: Deep\ndate: 2026-02-02\ntags: " + "[" * 5_000 + "]" * 5_000 + "\n---\nx\n"
    )
    result = wren("build", small_site, "--no-search", timeout=60)
    assert result.returncode in (0, 1)
    assert "Traceback" not in result.stderr
