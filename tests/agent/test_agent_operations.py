"""The agent operations on a real site folder: what they read, write and refuse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from agent_sites import SITE, TIDE_BODY, files_below

from wren.agent import operations as ops
from wren.agent.files import AgentError
from wren.agent.workspace import Workspace
from wren.pipeline.frontmatter import split_front_matter

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)


@pytest.fixture
def site(make_site: Callable[[str], Path]) -> Path:
    return make_site(SITE.replace("{body}", TIDE_BODY))


@pytest.fixture
def workspace(site: Path) -> Workspace:
    return Workspace(site, clock=lambda: NOW)


def test_site_info_counts_posts_chapters_courses_and_tags(workspace: Workspace) -> None:
    info = ops.site_info(workspace)
    assert (info.title, info.posts, info.drafts, info.chapters) == ("Tide Notes", 2, 0, 1)
    assert [c.name for c in info.courses] == ["shore"]
    assert {t.name: t.posts for t in info.tags} == {"tides": 1, "pools": 1, "counting": 1}
    assert info.errors == ()


def test_list_posts_newest_first_with_paths_and_urls(workspace: Workspace) -> None:
    posts = ops.list_posts(workspace)
    assert [p.path for p in posts] == [
        "content/posts/2026-02-10-rock-pool-census.md",
        "content/posts/2026-01-05-reading-the-tide-tables.md",
    ]
    assert posts[0].url == "/posts/rock-pool-census/"
    assert posts[0].summary.startswith("Every morning for a month")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"tag": "TIDES"}, ["Reading the Tide Tables"]),
        ({"text": "limpets"}, ["A Census of One Rock Pool"]),
        ({"year": 2025}, []),
        ({"course": "shore"}, ["Zones of the Shore"]),
        ({"draft": True}, []),
    ],
)
def test_list_posts_filters(
    workspace: Workspace, filters: dict[str, Any], expected: list[str]
) -> None:
    assert [p.title for p in ops.list_posts(workspace, **filters)] == expected


def test_create_post_writes_front_matter_and_body_and_returns_its_url(
    workspace: Workspace, site: Path
) -> None:
    page = ops.NewPage(
        'Why Limpets "Home"', "Limpets return to one scar on the rock.", tags=("pools",)
    )
    created = ops.create_post(workspace, page)
    assert created.status == "created"
    assert created.path == "content/posts/2026-03-01-why-limpets-home.md"
    assert created.url == "/posts/why-limpets-home/"
    text = (site / created.path).read_text(encoding="utf-8")
    matter = split_front_matter(text, created.path)
    assert matter.data["title"] == 'Why Limpets "Home"'
    assert matter.data["tags"] == ["pools"]
    assert matter.body.lstrip("\n") == "Limpets return to one scar on the rock.\n"


def test_a_post_with_an_existing_title_is_refused_and_nothing_is_written(
    workspace: Workspace, site: Path
) -> None:
    before = files_below(site)
    page = ops.NewPage("reading the TIDE tables", "Another text.", distinct_because="it is new")
    created = ops.create_post(workspace, page)
    assert created.status == "refused"
    assert "2026-01-05-reading-the-tide-tables.md already has this title" in created.message
    assert files_below(site) == before


def test_a_copied_body_under_a_new_title_is_refused_unless_distinct_because(
    workspace: Workspace, site: Path
) -> None:
    before = files_below(site)
    page = ops.NewPage("How to Read a Harbour's Tide Chart", TIDE_BODY)
    refused = ops.create_post(workspace, page)
    assert refused.status == "refused"
    assert refused.matches[0].path == "content/posts/2026-01-05-reading-the-tide-tables.md"
    assert refused.matches[0].body_score > 0.9
    assert files_below(site) == before
    allowed = ops.create_post(
        workspace, ops.NewPage(page.title, page.body, distinct_because="the chart, not the table")
    )
    assert allowed.status == "created"
    assert "distinct_because" in (site / str(allowed.path)).read_text(encoding="utf-8")


def test_find_similar_names_the_existing_post_with_a_score_and_a_reason(
    workspace: Workspace,
) -> None:
    matches = ops.find_similar(workspace, "Reading the Tide Tables")
    assert [(m.path, m.verdict, m.kind) for m in matches] == [
        ("content/posts/2026-01-05-reading-the-tide-tables.md", "same article", "same-title")
    ]
    assert matches[0].reason.startswith("the same title")
    assert ops.find_similar(workspace, "Sea Glass Colours") == []


def test_update_with_the_read_revision_changes_only_what_was_asked(
    workspace: Workspace, site: Path
) -> None:
    path = "content/posts/2026-02-10-rock-pool-census.md"
    read = ops.read_post(workspace, path)
    updated = ops.update_post(workspace, path, read.revision, {"description": "One pool, counted."})
    after = ops.read_post(workspace, path)
    assert after.revision == updated.revision != read.revision
    assert after.front_matter["description"] == "One pool, counted."
    assert after.front_matter["tags"] == ["pools", "counting"]
    assert after.body == read.body


def test_update_with_a_stale_revision_is_refused_and_the_file_is_unchanged(
    workspace: Workspace, site: Path
) -> None:
    path = "content/posts/2026-02-10-rock-pool-census.md"
    read = ops.read_post(workspace, path)
    (site / path).write_text((site / path).read_text() + "\nA person's edit.\n")
    before = (site / path).read_bytes()
    with pytest.raises(AgentError, match="changed since revision"):
        ops.update_post(workspace, path, read.revision, {"title": "Census"})
    assert (site / path).read_bytes() == before


def test_a_body_only_update_keeps_the_front_matter_bytes(workspace: Workspace, site: Path) -> None:
    path = "content/posts/2026-01-05-reading-the-tide-tables.md"
    head = (site / path).read_text().split("---\n\n", 1)[0]
    read = ops.read_post(workspace, path)
    ops.update_post(workspace, path, read.revision, {}, body="Shorter now.")
    assert (site / path).read_text() == head + "---\n\nShorter now.\n"


def test_unpublish_makes_a_draft_and_redirects_its_url_to_the_post_kept(
    workspace: Workspace, site: Path
) -> None:
    old = "content/posts/2026-02-10-rock-pool-census.md"
    kept = "content/posts/2026-01-05-reading-the-tide-tables.md"
    ops.unpublish_post(workspace, old, ops.read_post(workspace, old).revision, redirect_to=kept)
    assert (site / old).exists()
    assert ops.read_post(workspace, old).front_matter["draft"] is True
    assert ops.read_post(workspace, kept).front_matter["aliases"] == ["/posts/rock-pool-census/"]


def test_an_invalid_date_is_refused_with_a_hint(workspace: Workspace) -> None:
    with pytest.raises(AgentError, match="not a date") as raised:
        ops.create_post(workspace, ops.NewPage("Spring Tides", "Body.", date="2026-13-01"))
    assert raised.value.hint is not None


def test_a_new_post_whose_url_is_taken_is_refused(workspace: Workspace, site: Path) -> None:
    before = files_below(site)
    page = ops.NewPage("Counting Pools Again", "Different words.", slug="rock-pool-census")
    with pytest.raises(Exception, match="posts/rock-pool-census"):
        ops.create_post(workspace, page)
    assert files_below(site) == before


def test_create_chapter_numbers_it_after_the_last(workspace: Workspace, site: Path) -> None:
    created = ops.create_chapter(workspace, "shore", ops.NewPage("The Splash Zone", "Spray."))
    assert created.path == "content/courses/shore/02-the-splash-zone.md"
    assert created.url == "/courses/shore/the-splash-zone/"


def test_the_workspace_sees_files_edited_between_calls(workspace: Workspace, site: Path) -> None:
    assert len(ops.list_posts(workspace)) == 2
    (site / "content/posts/2026-02-20-kelp.md").write_text(
        "---\ntitle: Kelp\ndate: 2026-02-20\n---\n\nKelp grows fast.\n"
    )
    assert ops.list_posts(workspace)[0].title == "Kelp"


def test_find_similar_follows_posts_created_edited_and_deleted_between_calls(
    workspace: Workspace, site: Path
) -> None:
    tables = "content/posts/2026-01-05-reading-the-tide-tables.md"
    assert [m.path for m in ops.find_similar(workspace, "Reading the Tide Tables")] == [tables]
    created = ops.create_post(workspace, ops.NewPage("Sea Glass Colours", "Green, brown, white."))
    assert [m.path for m in ops.find_similar(workspace, "Sea Glass Colours")] == [created.path]
    file = site / tables
    file.write_text(file.read_text().replace("Reading the Tide Tables", "Moon and Water"))
    assert ops.find_similar(workspace, "Reading the Tide Tables") == []
    assert [m.path for m in ops.find_similar(workspace, "Moon and Water")] == [tables]
    file.unlink()
    assert ops.find_similar(workspace, "Moon and Water") == []


def test_a_broken_post_is_reported_and_the_others_still_listed(
    workspace: Workspace, site: Path
) -> None:
    (site / "content/posts/2026-02-21-broken.md").write_text("---\ntitle: [\n---\n")
    assert len(ops.list_posts(workspace)) == 2
    assert any("2026-02-21-broken.md" in e for e in ops.site_info(workspace).errors)


def test_build_reports_the_warnings_wren_build_prints(workspace: Workspace, site: Path) -> None:
    (site / "content" / "notes.rst").write_text("Not a post.\n", encoding="utf-8")
    summary = ops.build(workspace, site / "preview")
    assert summary.pages > 0
    assert [w.path for w in summary.warnings] == ["content/notes.rst"]
    assert summary.warnings[0].severity == "warning"
