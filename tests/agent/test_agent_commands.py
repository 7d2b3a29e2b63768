"""``wren posts`` and ``wren new post --format json``: the agent operations without MCP."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from agent_sites import SITE, TIDE_BODY, files_below
from click.testing import CliRunner

from wren.commands.cli import cli


@pytest.fixture
def site(make_site: Callable[[str], Path]) -> Path:
    return make_site(SITE.replace("{body}", TIDE_BODY))


def wren(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.output


def test_posts_as_json_lists_paths_urls_and_reading_times(site: Path) -> None:
    code, output = wren("posts", str(site), "--format", "json")
    assert code == 0
    posts = json.loads(output)["posts"]
    assert [(p["path"], p["url"]) for p in posts] == [
        ("content/posts/2026-02-10-rock-pool-census.md", "/posts/rock-pool-census/"),
        ("content/posts/2026-01-05-reading-the-tide-tables.md", "/posts/reading-the-tide-tables/"),
    ]
    assert posts[1]["reading_minutes"] == math.ceil(len(TIDE_BODY.split()) / 200) == 3


def test_posts_filters_by_tag_in_text_form(site: Path) -> None:
    code, output = wren("posts", str(site), "--tag", "pools")
    assert code == 0
    assert "A Census of One Rock Pool" in output
    assert "Tide Tables" not in output


def test_posts_outside_a_site_is_an_error_with_a_hint(tmp_path: Path) -> None:
    code, output = wren("posts", str(tmp_path))
    assert code == 1
    assert "is not a Wren site" in output and "hint:" in output


def test_new_post_as_json_writes_the_body_from_standard_input(site: Path) -> None:
    code, output = wren(
        "new", "post", "Barnacle Feet", "--site", str(site), "--format", "json",
        "--body", "-", "--tag", "pools", stdin="Barnacles kick food into their mouths.\n",
    )  # fmt: skip
    assert code == 0, output
    created = json.loads(output)
    assert created["status"] == "created"
    text = (site / created["path"]).read_text(encoding="utf-8")
    assert text.endswith("\nBarnacles kick food into their mouths.\n")
    assert 'tags: ["pools"]' in text


def test_new_post_as_json_refuses_a_repeat_with_exit_1_and_writes_nothing(
    site: Path, tmp_path: Path
) -> None:
    body = tmp_path / "body.md"
    body.write_text(TIDE_BODY, encoding="utf-8")
    before = files_below(site)
    code, output = wren(
        "new", "post", "Tide Tables Explained", "--site", str(site), "--format", "json",
        "--body", str(body),
    )  # fmt: skip
    assert code == 1
    refused = json.loads(output)
    assert refused["status"] == "refused"
    assert refused["matches"][0]["path"].endswith("reading-the-tide-tables.md")
    assert files_below(site) == before
    code, output = wren(
        "new", "post", "Tide Tables Explained", "--site", str(site), "--format", "json",
        "--body", str(body), "--distinct-because", "a beginner's version of the same table",
    )  # fmt: skip
    assert code == 0
    assert json.loads(output)["status"] == "created"
