"""Views: templates read exactly what a page's fingerprint hashes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import jinja2
import pytest

from support import NOW, write_txtar
from wren.build import parse_documents
from wren.config import SiteConfig, load_config
from wren.incremental.fingerprint import Fingerprinter
from wren.pipeline.assemble import AssembleOptions, Chapter, Post, Site, TagRef, assemble_site
from wren.pipeline.discover import discover_sources
from wren.pipeline.markdown import MarkdownRenderer
from wren.pipeline.views import (
    ChapterEntry,
    ChapterPage,
    PostEntry,
    PostPage,
    SiteView,
    ViewMaker,
    reads_listings,
    visible_site,
)
from wren.theme.render import make_environment

SITE = """
-- site.toml --
title = "Views"
-- content/posts/2026-01-01-a.md --
---
title: A
date: 2026-01-01
tags: [rust]
---
Body of A.
-- content/posts/2026-01-02-b.md --
---
title: B
date: 2026-01-02
---
Body of B.
-- content/courses/c/01-one.md --
---
title: One
---
Chapter one.
"""


def assemble(site_dir: Path, previous: Site | None = None) -> Site:
    documents = parse_documents(discover_sources(site_dir), jobs=1)
    return assemble_site(documents, load_config(site_dir), AssembleOptions(now=NOW), previous)


def fields(kind: type[object]) -> set[str]:
    return {f.name for f in dataclasses.fields(kind)}  # type: ignore[arg-type]


def test_page_views_keep_the_model_names_without_the_cache_bookkeeping() -> None:
    assert fields(PostPage) == fields(Post) - {"source_key", "bundle_dir"}
    assert fields(ChapterPage) == fields(Chapter) - {"source_key"}


def test_entries_are_the_pages_without_their_bodies() -> None:
    assert fields(PostEntry) == fields(PostPage) - {"body"}
    assert fields(ChapterEntry) == fields(ChapterPage) - {"body"}


ENTRY = PostEntry(
    key="content/posts/a.md",
    slug="a",
    url="/posts/a/",
    title="A",
    date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    updated=None,
    description=None,
    summary="Sum.",
    tags=(TagRef("rust", "rust", "/tags/rust/"),),
    draft=False,
    reading_minutes=1,
    aliases=(),
    feed_id=None,
    extra={"x": 1},
    previous=None,
    next=None,
)
CHANGED: dict[str, Any] = {
    "key": "content/posts/b.md",
    "slug": "b",
    "url": "/posts/b/",
    "title": "B",
    "date": dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
    "updated": dt.datetime(2026, 1, 3, tzinfo=dt.UTC),
    "description": "Described.",
    "summary": "Other.",
    "tags": (),
    "draft": True,
    "reading_minutes": 2,
    "aliases": ("/old/",),
    "feed_id": "https://old.example.org/b/",
    "extra": {"x": 2},
    "previous": "content/posts/z.md",
    "next": "content/posts/y.md",
}


def test_the_test_changes_every_field_of_an_entry() -> None:
    assert set(CHANGED) == fields(PostEntry)


@pytest.mark.parametrize("name", sorted(CHANGED))
def test_every_field_a_template_can_read_changes_the_fingerprint(name: str) -> None:
    changed = dataclasses.replace(ENTRY, **{name: CHANGED[name]})
    assert Fingerprinter().digest(changed) != Fingerprinter().digest(ENTRY)


def test_equal_views_have_equal_fingerprints_in_any_mapping_order() -> None:
    reordered = dataclasses.replace(ENTRY, extra={"y": 2, "x": 1})
    same = dataclasses.replace(ENTRY, extra={"x": 1, "y": 2})
    assert Fingerprinter().digest(reordered) == Fingerprinter().digest(same)


def test_an_unchanged_post_keeps_its_view_object_from_build_to_build(tmp_path: Path) -> None:
    site_dir = write_txtar(tmp_path / "site", SITE)
    views = ViewMaker()
    first = assemble(site_dir)
    before = views.site(first)
    second = assemble(site_dir, previous=first)
    after = views.site(second)
    assert after is not before
    assert after.posts[0] is before.posts[0]


def test_the_site_view_indexes_its_posts_and_pages(tmp_path: Path) -> None:
    view = ViewMaker().site(assemble(write_txtar(tmp_path / "site", SITE)))
    assert [p.title for p in view.posts] == ["B", "A"]
    assert view.page("content/posts/2026-01-01-a.md") is view.posts[1]
    assert isinstance(view.page("content/courses/c/01-one.md"), ChapterEntry)
    assert view.page("content/posts/none.md") is None
    assert view.chapter_count == 1


def test_listings_are_fingerprinted_only_when_templates_can_read_them(tmp_path: Path) -> None:
    view = ViewMaker().site(assemble(write_txtar(tmp_path / "site", SITE)))
    every = visible_site(view, listings=True)
    shape = visible_site(view, listings=False)
    assert view.posts in every and view.posts not in shape
    assert view.tags in shape and view.config in shape


def env_with(template: str) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader({"t.html": template}))


@pytest.mark.parametrize(
    "template",
    [
        "{{ site.courses | length }}",
        "{% for tag in site.tags %}{{ tag.name }}{% endfor %}",
        "{{ site.config.title }} {{ site.chapter_count }}",
        "{{ page.title }} {{ previous.summary }}",
    ],
)
def test_templates_that_do_not_read_listings(template: str) -> None:
    assert not reads_listings(env_with(template))


@pytest.mark.parametrize(
    "template",
    [
        "{{ site.posts[0].summary }}",
        "{{ site['posts'] }}",
        "{% set s = site %}{{ s.courses }}",
        "{{ site | attr('posts') }}",
        "{{ page_of('content/posts/a.md').title }}",
        "{{ site.page('content/posts/a.md').summary }}",
        "{{ site.posts_by_key | length }}",
        "{% for c in site.chapters %}{% endfor %}",
        "{% macro m(s) %}{{ s }}{% endmacro %}{{ m(site) }}",
        "{{ site.posts ",  # does not parse: assumed to read everything
    ],
)
def test_templates_that_read_listings(template: str) -> None:
    assert reads_listings(env_with(template))


def test_the_default_theme_does_not_read_the_listings() -> None:
    assert not reads_listings(make_environment(None))


def test_site_view_fields_are_all_readable_by_templates() -> None:
    rendered = (
        env_with("{{ site.posts | length }} {{ site.chapters | length }} {{ site.scheduled }}")
        .get_template("t.html")
        .render(
            site=SiteView(
                config=SiteConfig(title="T"),
                courses=(),
                tags=(),
                chapter_count=0,
                url_by_source={},
                posts=(ENTRY,),
                chapters={},
                scheduled=(),
            )
        )
    )
    assert rendered == "1 0 ()"


def test_markdown_renderer_is_not_needed_to_make_views() -> None:
    # Views copy the model's values; they never render anything again.
    assert not any(isinstance(v, MarkdownRenderer) for v in vars(ViewMaker()).values())
