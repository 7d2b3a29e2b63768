"""Assemble (documents -> site model) and render (site model -> pages), stage by stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import NOW, write_txtar
from wren.build import parse_documents
from wren.config import load_config
from wren.errors import ErrorGroup, TemplateError, WrenError
from wren.pipeline.assemble import AssembleOptions, Site, assemble_site
from wren.pipeline.discover import discover_sources
from wren.theme.render import count_line, make_environment, render_site


def post(name: str, title: str, date: str, extra: str = "", body: str = "Body.") -> str:
    return f"-- content/posts/{name}.md --\n---\ntitle: {title}\ndate: {date}\n{extra}---\n{body}\n"


def site_of(tmp_path: Path, *posts: str, **options: object) -> Site:
    root = write_txtar(tmp_path / "site", '-- site.toml --\ntitle = "T"\n' + "".join(posts))
    documents = parse_documents(discover_sources(root), jobs=1)
    settings = {"now": NOW, **options}
    return assemble_site(documents, load_config(root), AssembleOptions(**settings))  # type: ignore[arg-type]


def test_posts_are_newest_first_and_link_to_their_neighbours_by_key(tmp_path: Path) -> None:
    site = site_of(
        tmp_path,
        post("a", "A", "2026-01-01"),
        post("b", "B", "2026-01-03"),
        post("c", "C", "2026-01-02"),
    )
    assert [p.title for p in site.posts] == ["B", "C", "A"]
    newest, middle, oldest = site.posts
    assert (middle.previous, middle.next) == (oldest.key, newest.key)
    assert newest.next is None and oldest.previous is None


def test_drafts_and_future_posts_are_left_out_unless_asked_for(tmp_path: Path) -> None:
    posts = (
        post("a", "A", "2026-01-01"),
        post("d", "D", "2026-01-02", "draft: true\n"),
        post("f", "F", "2027-01-01"),
    )
    assert [p.title for p in site_of(tmp_path, *posts).posts] == ["A"]
    assert [p.title for p in site_of(tmp_path, *posts).scheduled] == ["F"]
    everything = site_of(tmp_path, *posts, include_drafts=True, include_future=True)
    assert [p.title for p in everything.posts] == ["F", "D", "A"]


def test_tags_are_sorted_by_name_and_list_their_posts_newest_first(tmp_path: Path) -> None:
    site = site_of(
        tmp_path,
        post("a", "A", "2026-01-01", "tags: [rust, Async]\n"),
        post("b", "B", "2026-01-02", "tags: [rust]\n"),
    )
    assert [(t.name, t.url) for t in site.tags] == [
        ("Async", "/tags/async/"),
        ("rust", "/tags/rust/"),
    ]
    assert site.tags[1].posts == ("content/posts/b.md", "content/posts/a.md")


def test_two_posts_claiming_one_url_fail_with_both_files_named(tmp_path: Path) -> None:
    with pytest.raises(WrenError) as raised:
        site_of(
            tmp_path,
            post("a", "A", "2026-01-01", "slug: same\n"),
            post("b", "B", "2026-01-02", "slug: same\n"),
        )
    assert "content/posts/b.md and content/posts/a.md both claim the URL /posts/same/" in str(
        raised.value
    )


def test_two_spellings_of_one_tag_slug_fail_naming_the_older_posts_file(tmp_path: Path) -> None:
    posts = (
        post("a", "A", "2026-01-01", "tags: [Rust Lang]\n"),
        post("b", "B", "2026-01-02", "tags: [RUST LANG]\n"),  # the same tag, case aside
        post("c", "C", "2026-01-03", "tags: [rust-lang]\n"),
    )
    with pytest.raises(WrenError) as raised:
        site_of(tmp_path, *posts)
    message = str(raised.value)
    assert "the tag 'rust-lang' and the tag 'Rust Lang' of content/posts/a.md both make" in message
    assert "RUST LANG" not in message


def test_an_unchanged_post_is_taken_from_the_previous_site_as_it_was(tmp_path: Path) -> None:
    first = site_of(tmp_path, post("a", "A", "2026-01-01"))
    root = tmp_path / "site"
    documents = parse_documents(discover_sources(root), jobs=1)
    again = assemble_site(documents, load_config(root), AssembleOptions(now=NOW), first)
    assert again.posts[0] is first.posts[0]
    assert again.url_by_source is first.url_by_source  # no URL changed


@pytest.mark.parametrize(
    ("posts", "chapters", "line"),
    [
        (0, 0, "0 posts · 0 course chapters"),
        (1, 1, "1 post · 1 course chapter"),
        (1200, 2, "1,200 posts · 2 course chapters"),
    ],
)
def test_count_line(posts: int, chapters: int, line: str) -> None:
    assert count_line(posts, chapters) == line


def test_render_makes_every_page_once_in_a_fixed_order(tmp_path: Path) -> None:
    site = site_of(
        tmp_path,
        post("a", "A", "2026-01-01", "tags: [rust]\n"),
        post("b", "B", "2026-01-02", body="See [A](a.md) and [gone](gone.md)."),
    )
    pages = [file.path for file in render_site(site, make_environment(None))]
    assert pages == [
        "posts/b/index.html",
        "posts/a/index.html",
        "tags/rust/index.html",
        "index.html",
        "tags/index.html",
        "posts/index.html",
        "search/index.html",
        "404.html",
    ]


def test_render_resolves_links_to_source_files_and_keeps_broken_ones(tmp_path: Path) -> None:
    site = site_of(
        tmp_path,
        post("a", "A", "2026-01-01"),
        post("b", "B", "2026-01-02", body="See [A](a.md#top) and [gone](gone.md)."),
    )
    page = next(
        f for f in render_site(site, make_environment(None)) if f.path == "posts/b/index.html"
    )
    text = (page.data or b"").decode()
    assert 'href="/posts/a/#top"' in text
    assert 'href="gone.md"' in text


def test_a_template_error_names_the_template_and_line(tmp_path: Path) -> None:
    site = site_of(tmp_path, post("a", "A", "2026-01-01"))
    root = tmp_path / "site"
    (root / "templates").mkdir()
    (root / "templates/post.html").write_text("line one\n{{ page.no_such_field }}\n")
    with pytest.raises(TemplateError) as raised:
        list(render_site(site, make_environment(root)))
    assert str(raised.value).startswith("templates/post.html:2: template error:")


def test_errors_from_assembly_are_gathered_not_stopped_at_the_first(tmp_path: Path) -> None:
    with pytest.raises(ErrorGroup) as raised:
        site_of(
            tmp_path,
            post("a", "A", "2026-01-01", "slug: same\n"),
            post("b", "B", "2026-01-02", "slug: same\n"),
            post("c", "C", "2026-01-03", "slug: same\n"),
        )
    assert len(raised.value.errors) == 2
