"""Drafts and future posts are left out of everything unless asked for; `updated` shows."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest

from wren.build import BuildResult
from wren.commands.cli import summary_line

Build = Callable[..., Path]
BuildResultOf = Callable[..., BuildResult]

SITE = """
-- site.toml --
title = "Crab Notes"
-- content/posts/2026-01-01-shown.md --
---
title: "Shown"
date: 2026-01-01
tags: ["rust"]
---
Visible body.
-- content/posts/2026-02-01-unfinished.md --
---
title: "Unfinished"
date: 2026-02-01
tags: ["rust", "wip"]
draft: true
---
Draftword body.
-- content/posts/2026-12-01-x.md --
---
title: "Tomorrow"
date: 2026-12-01
tags: ["rust"]
---
Futureword body.
-- content/courses/intro/01-start.md --
---
title: "Start"
---
One.
-- content/courses/intro/02-secret.md --
---
title: "Secret chapter"
draft: true
---
Secretword.
"""


def every_text(out: Path) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for path in sorted(out.rglob("*"))
        if path.suffix in (".html", ".xml", ".txt", ".json")
    )


@pytest.fixture
def out(build: Build) -> Path:
    return build(SITE)


def test_drafts_are_left_out_of_every_page_feed_sitemap_and_listing(out: Path) -> None:
    text = every_text(out)
    for word in ("Unfinished", "Draftword", "Secret chapter", "Secretword", "wip"):
        assert word not in text
    assert not (out / "posts/unfinished").exists()
    assert not (out / "tags/wip").exists()


def test_drafts_are_left_out_of_counts(out: Path) -> None:
    front = (out / "index.html").read_text(encoding="utf-8")
    assert "1 post · 1 course chapter." in front
    course = (out / "courses/intro/index.html").read_text(encoding="utf-8")
    assert "1 chapter ·" in course
    tag = (out / "tags/rust/index.html").read_text(encoding="utf-8")
    assert "1 post" in tag


def test_drafts_build_carries_them_everywhere_with_a_badge(build: Build) -> None:
    out = build(SITE, include_drafts=True)
    post = (out / "posts/unfinished/index.html").read_text(encoding="utf-8")
    assert '<span class="badge">Draft</span>' in post
    chapter = (out / "courses/intro/secret/index.html").read_text(encoding="utf-8")
    assert '<span class="badge">Draft</span>' in chapter
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert "Unfinished" in [entry.title for entry in feed.entries]
    assert "2 posts · 2 course chapters." in (out / "index.html").read_text(encoding="utf-8")


def test_future_posts_are_left_out_everywhere(out: Path) -> None:
    text = every_text(out)
    assert "Tomorrow" not in text
    assert "Futureword" not in text


def test_future_posts_are_reported_in_the_build_summary(build_result: BuildResultOf) -> None:
    summary = summary_line(build_result(SITE))
    assert (
        summary.splitlines()[1]
        == "1 scheduled post skipped: content/posts/2026-12-01-x.md, 2026-12-01"
    )


def test_future_posts_are_published_once_the_clock_reaches_them(
    build_result: BuildResultOf,
) -> None:
    result = build_result(SITE, now=dt.datetime(2026, 12, 2, tzinfo=dt.UTC))
    assert len(summary_line(result).splitlines()) == 1
    assert (result.output_dir / "posts/x/index.html").exists()


def test_future_build_includes_scheduled_posts(build: Build) -> None:
    out = build(SITE, include_future=True)
    assert (out / "posts/x/index.html").exists()
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert feed.entries[0].title == "Tomorrow"


def test_several_scheduled_posts_are_listed_soonest_first_in_one_line(
    build_result: BuildResultOf,
) -> None:
    site = SITE + "-- content/posts/2027-01-05-y.md --\n---\ntitle: Y\ndate: 2027-01-05\n---\nY.\n"
    line = summary_line(build_result(site)).splitlines()[1]
    assert line == (
        "2 scheduled posts skipped: content/posts/2026-12-01-x.md, 2026-12-01; "
        "content/posts/2027-01-05-y.md, 2027-01-05"
    )


def test_index_json_lists_only_published_pages(out: Path) -> None:
    data = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert [page["title"] for page in data["pages"]] == ["Shown", "Start"]


def test_updated_date_shows_on_chapter_page_and_in_feeds(build: Build) -> None:
    site = SITE.replace('title: "Start"\n', 'title: "Start"\nupdated: 2026-03-04\n')
    out = build(site)
    chapter = (out / "courses/intro/start/index.html").read_text(encoding="utf-8")
    assert 'Updated <time datetime="2026-03-04T00:00:00+00:00">March 4, 2026</time>' in chapter
    feed = feedparser.parse((out / "courses/intro/feed.xml").read_bytes())
    assert feed.entries[0].updated.startswith("2026-03-04")


def test_wren_build_prints_the_scheduled_posts_it_skipped(
    make_site: Callable[[str], Path],
) -> None:
    from click.testing import CliRunner

    from wren.commands.cli import cli

    site = make_site(SITE.replace("2026-12-01", "2999-12-01"))
    result = CliRunner().invoke(cli, ["build", str(site), "--no-search"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Built ")
    assert lines[1] == "1 scheduled post skipped: content/posts/2999-12-01-x.md, 2999-12-01"
    assert not (site / "public/pagefind").exists()


def test_wren_build_drafts_and_future_flags_include_them(
    make_site: Callable[[str], Path],
) -> None:
    from click.testing import CliRunner

    from wren.commands.cli import cli

    site = make_site(SITE.replace("2026-12-01", "2999-12-01"))
    result = CliRunner().invoke(cli, ["build", str(site), "--no-search", "--drafts", "--future"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1  # the summary; no scheduled posts line
    assert (site / "public/posts/unfinished/index.html").exists()
    assert (site / "public/posts/x/index.html").exists()
