"""The benchmark's generated blog: deterministic, varied, in range, and buildable by Wren."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from generate import (
    FORMATS,
    GeneratedPost,
    generate_course,
    generate_posts,
    word_count,
    write_site,
)

from support import read_tree as _files
from wren.build import BuildOptions, build_site

CODE_BLOCK = re.compile(r"^```(\w+)\n.*?^```$", re.MULTILINE | re.DOTALL)


@pytest.fixture(scope="module")
def posts() -> list[GeneratedPost]:
    return generate_posts(200)


@pytest.mark.parametrize("tool", sorted(FORMATS))
def test_same_seed_writes_identical_files(tmp_path: Path, tool: str) -> None:
    for name in ("a", "b"):
        write_site(FORMATS[tool], tmp_path / name, generate_posts(20, seed=7))
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len(first) > 20
    assert first == second


def test_another_seed_writes_other_posts() -> None:
    assert generate_posts(5, seed=1) != generate_posts(5, seed=2)


def test_post_does_not_depend_on_how_many_are_generated() -> None:
    assert generate_posts(30)[:10] == generate_posts(10)


def test_every_code_block_is_distinct_across_200_posts(posts: list[GeneratedPost]) -> None:
    blocks = [m.group(0) for post in posts for m in CODE_BLOCK.finditer(post.body)]
    blocks += [m.group(0) for c in generate_course().chapters for m in CODE_BLOCK.finditer(c.body)]
    assert len(blocks) == len(set(blocks))


def test_every_post_has_one_rust_block_and_some_a_second_language(
    posts: list[GeneratedPost],
) -> None:
    languages = [[m.group(1) for m in CODE_BLOCK.finditer(p.body)] for p in posts]
    assert all(found[0] == "rust" for found in languages)
    seconds = [found[1] for found in languages if len(found) == 2]
    assert all(len(found) <= 2 for found in languages)
    assert set(seconds) == {"python", "toml", "js", "bash"}
    assert 0.3 < len(seconds) / len(posts) < 0.5


def test_the_long_code_blog_has_a_12_line_rust_block_in_every_post_and_two_in_half() -> None:
    posts = generate_posts(200, code="long")
    blocks = [[m.group(0) for m in CODE_BLOCK.finditer(p.body)] for p in posts]
    assert [len(found) for found in blocks] == [2, 1] * 100  # 6,000 blocks at 4,000 posts
    every = [block for found in blocks for block in found]
    assert all(block.startswith("```rust\n") for block in every)
    assert {block.count("\n") - 1 for block in every} == {12}
    assert len(set(every)) == len(every)
    statements = [line for block in every for line in block.splitlines()[3:-3]]
    assert len(set(statements)) == len(statements)  # not even one line repeats
    counts = [word_count(post.body) for post in posts]
    assert min(counts) >= 600 and max(counts) <= 900


def test_word_counts_are_between_600_and_900(posts: list[GeneratedPost]) -> None:
    counts = [word_count(post.body) for post in posts]
    assert min(counts) >= 600
    assert max(counts) <= 900


def test_posts_have_markdown_structure(posts: list[GeneratedPost]) -> None:
    for post in posts:
        assert "\n## " in post.body
        assert re.search(r"^(-|1\.) `", post.body, re.MULTILINE)
        assert "](https://" in post.body
        assert re.search(r"\*\*?\w", post.body)


def test_front_matter_spans_three_years_and_thirty_tags(posts: list[GeneratedPost]) -> None:
    dates = [post.date for post in posts]
    assert dt.date(2022, 1, 1) <= min(dates) < max(dates) < dt.date(2025, 1, 1)
    assert max(dates) - min(dates) > dt.timedelta(days=900)
    assert all(2 <= len(post.tags) <= 4 for post in posts)
    assert len({tag for post in posts for tag in post.tags}) == 30
    assert len({post.name for post in posts}) == len(posts)


def test_bodies_are_identical_in_every_format(tmp_path: Path) -> None:
    post = generate_posts(1)[0]
    for tool, site_format in FORMATS.items():
        _, text = site_format.post(post)
        assert text.endswith("\n\n" + post.body), tool


def test_wren_and_hugo_front_matter_is_yaml() -> None:
    post = generate_posts(1)[0]
    for tool in ("wren", "hugo"):
        _, text = FORMATS[tool].post(post)
        meta = yaml.safe_load(text.split("---\n")[1])
        assert meta["title"] == post.title
        assert meta["tags"] == list(post.tags)


def test_generated_wren_site_builds_every_post_and_chapter(tmp_path: Path) -> None:
    site = write_site(FORMATS["wren"], tmp_path / "site", generate_posts(50))
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    result = build_site(site, BuildOptions(output_dir=tmp_path / "out", now=now))
    assert len(list((tmp_path / "out" / "posts").glob("*/index.html"))) == 50
    chapters = list((tmp_path / "out" / "courses" / "rust-from-scratch").glob("*/index.html"))
    assert len(chapters) == 12
    page = (tmp_path / "out" / "posts" / generate_posts(1)[0].name / "index.html").read_text()
    assert 'class="highlight' in page
    assert result.pages >= 50 + 13 + 30
