"""Simple YAML: front matter read without PyYAML gives exactly what PyYAML gives, or is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from wren.errors import ContentError
from wren.pipeline.frontmatter import split_front_matter
from wren.pipeline.simple_yaml import read_simple_yaml

LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the loader Wren falls back to


def same(ours: object, theirs: object) -> bool:
    """Equal values of the same types, all the way down (``True == 1``, but not here)."""
    if type(ours) is not type(theirs):
        return False
    if isinstance(ours, list) and isinstance(theirs, list):
        return len(ours) == len(theirs) and all(map(same, ours, theirs))
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return list(ours) == list(theirs) and all(same(ours[k], theirs[k]) for k in ours)
    if isinstance(ours, dt.datetime) and isinstance(theirs, dt.datetime):
        return ours == theirs and ours.utcoffset() == theirs.utcoffset()
    return ours == theirs


WORDS = ["yes", "No", "TRUE", "false", "on", "OFF", "null", "Null", "~", "y", "n", "nan", ".inf"]
NUMBERS = ["0", "7", "-3", "012", "08", "1_000", "1.5", "1e3", "0x1f", "1:30", "+4", "-0"]
DATES = [
    "2026-01-31",
    "2026-13-01",
    "2026-1-5",
    "2026-02-01 09:30:00",
    "2026-02-01T09:30:00Z",
    "2026-02-01T09:30:00+02:00",
    "2026-02-01t23:59:59-05:30",
    "2026-02-01T09:30:00.5",
    "2026-02-01 9:30:00",
    "2026-02-30",
]
text = st.text(
    alphabet=st.sampled_from("aZé_ /(-:#,[]{}'\"\\?!&*%@|>.0129\t"),
    max_size=12,
)
plain = st.one_of(text, st.sampled_from(WORDS + NUMBERS + DATES))


@st.composite
def scalars(draw: st.DrawFn) -> str:
    value = draw(plain)
    quote = draw(st.sampled_from(["", "", "'", '"']))
    if quote == "'":
        value = "'" + value.replace("'", draw(st.sampled_from(["''", "'"]))) + "'"
    elif quote == '"':
        value = '"' + value.replace('"', draw(st.sampled_from(['\\"', '"']))) + '"'
    comment = draw(st.sampled_from(["", "", " # note", "#x", "  "]))
    return value + comment


@st.composite
def entries(draw: st.DrawFn) -> str:
    key = draw(st.sampled_from(["title", "date", "tags", "draft", "Yes", "on", "a-b", "x y", "é"]))
    kind = draw(st.sampled_from(["scalar", "flow", "block", "empty", "nested", "comment"]))
    if kind == "scalar":
        return f"{key}: {draw(scalars())}"
    if kind == "flow":
        items = draw(st.lists(scalars(), max_size=4))
        joiner = draw(st.sampled_from([", ", ",", " , "]))
        return f"{key}: [{joiner.join(items)}]{draw(st.sampled_from(['', ' # c', ',]']))}"
    if kind == "block":
        indent = draw(st.sampled_from(["", "  ", "    "]))
        items = draw(st.lists(scalars(), min_size=1, max_size=3))
        lines = [f"{indent}-{draw(st.sampled_from([' ', '  ', '']))}{item}" for item in items]
        return "\n".join([f"{key}:", *lines])
    if kind == "empty":
        return f"{key}:{draw(st.sampled_from(['', ' ', ' # nothing']))}"
    if kind == "nested":
        return f"{key}:\n  {draw(entries())}"
    return draw(st.sampled_from(["# a comment", "", "  # indented", "...", "  more text"]))


front_matter = st.lists(entries(), max_size=6).map("\n".join)


@settings(max_examples=600, deadline=None)
@given(front_matter)
@example('title: "Hello"\ndate: 2026-01-31\ntags: [a, b]\ndraft: true')
@example("title: T\ntags:\n- a\n- 'b c'\n  # between\n  - d")
@example("title: it's\ndate: 2026-02-01 09:30:00\norder: 12\nslug: a/b")
def test_simple_front_matter_reads_as_pyyaml_reads_it_or_is_refused(text: str) -> None:
    ours = read_simple_yaml(text)
    if ours is None:
        return
    theirs = yaml.load(text, Loader=LOADER)
    assert same(ours, {} if theirs is None else theirs)


@pytest.mark.parametrize(
    "text",
    [
        'title: "Questions About Slice Patterns #863"\ndate: "2022-01-02"\n'
        'description: "It\'s: fine"\ntags: ["testing", "enums"]',
        "title: Hello, world\ndate: 2026-01-31T09:30:00+02:00\ndraft: false\n",
        "title: 'Rust: the ''hard'' parts'\naliases:\n  - /old/\n  - /older/\n",
        "# a comment\ntitle: T # and another\nupdated: 2026-02-01\n\ntags: rust\n",
    ],
)
def test_common_front_matter_takes_the_simple_path(text: str) -> None:
    ours = read_simple_yaml(text)
    assert ours is not None
    assert same(ours, yaml.load(text, Loader=LOADER))


@pytest.mark.parametrize(
    "text",
    [
        "extra:\n  colour: red",  # a nested table
        "description: >\n  folded text",  # block text
        "title: T\ntitle: U",  # a key twice: PyYAML's path reports it at its line
        "yes: 1",  # a key YAML reads as true
        "ratio: 1.5",  # a float
        'title: "tab\\tbed"',  # an escape
        "date: 2026-13-01",  # no such date: PyYAML's path reports it
        "title: a: b",  # a mistake: PyYAML's path reports it
    ],
)
def test_anything_else_is_left_to_pyyaml(text: str) -> None:
    assert read_simple_yaml(text) is None


def test_a_key_set_twice_is_still_an_error_at_its_second_line() -> None:
    text = "---\ntitle: T\ndate: 2026-01-01\ntitle: U\n---\nBody\n"
    with pytest.raises(ContentError, match=r"x\.md:4: `title` is set twice"):
        split_front_matter(text, "content/posts/x.md")
