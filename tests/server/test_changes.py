"""What a saved file means to the dev server, and which outputs a rebuild changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from wren.pipeline.write import OutputFile
from wren.server.changes import ChangeKind, changed_outputs, detect_change_kind


@pytest.mark.parametrize(
    ("rel", "kind"),
    [
        ("content/posts/2026-01-01-a.md", ChangeKind.CONTENT),
        ("content/posts/a/index.md", ChangeKind.CONTENT),
        ("content/posts/a/diagram.png", ChangeKind.CONTENT),
        ("content/courses/rust/01-intro.md", ChangeKind.CONTENT),
        ("content", ChangeKind.CONTENT),
        ("content/posts", ChangeKind.CONTENT),
        ("content/posts/new-bundle", ChangeKind.CONTENT),
        ("templates", ChangeKind.TEMPLATE),
        ("static", ChangeKind.STATIC_OTHER),
        ("templates/post.html", ChangeKind.TEMPLATE),
        ("templates/partials/nav.html", ChangeKind.TEMPLATE),
        ("static/style.css", ChangeKind.STATIC_CSS),
        ("static/css/code.css", ChangeKind.STATIC_CSS),
        ("static/logo.svg", ChangeKind.STATIC_OTHER),
        ("static/app.js", ChangeKind.STATIC_OTHER),
        ("site.toml", ChangeKind.CONFIG),
    ],
)
def test_site_files_map_to_their_change_kind(rel: str, kind: ChangeKind) -> None:
    assert detect_change_kind(rel) is kind


@pytest.mark.parametrize(
    "rel",
    [
        "content/posts/.#a.md",  # Emacs lock file
        "content/posts/#a.md#",  # Emacs autosave
        "content/posts/a.md~",  # backup
        "content/posts/.a.md.swp",  # Vim swap
        "content/posts/.a.md.swx",
        "content/posts/4913",  # Vim's write test
        "content/posts/a.md.kate-swp",
        "content/posts/a.md___jb_tmp___",  # JetBrains safe write
        "content/posts/.a.md.tmp",
        "static/.style.css.swp",
        "templates/.post.html.swp",
        "public/index.html",
        ".wren-cache/documents.pickle",
        ".git/index",
        "README.md",
        "notes/todo.md",
        "site.toml~",
        "",
    ],
)
def test_editor_scratch_files_and_files_outside_the_site_are_ignored(rel: str) -> None:
    assert detect_change_kind(rel) is ChangeKind.IGNORED


def test_no_previous_build_means_every_output_changed() -> None:
    assert changed_outputs(None, {"index.html": OutputFile("index.html", b"x")}) is None


def test_outputs_are_compared_by_bytes() -> None:
    before = {
        "index.html": OutputFile("index.html", b"<p>old</p>"),
        "posts/a/index.html": OutputFile("posts/a/index.html", b"<p>a</p>"),
    }
    after = {
        "index.html": OutputFile("index.html", b"<p>new</p>"),
        "posts/a/index.html": OutputFile("posts/a/index.html", b"<p>a</p>"),
    }
    assert changed_outputs(before, after) == ["index.html"]


def test_added_and_removed_outputs_are_changed() -> None:
    before = {"posts/gone/index.html": OutputFile("posts/gone/index.html", b"x")}
    after = {"posts/new/index.html": OutputFile("posts/new/index.html", b"x")}
    assert changed_outputs(before, after) == ["posts/gone/index.html", "posts/new/index.html"]


def test_a_copied_file_changes_when_its_source_was_saved(tmp_path: Path) -> None:
    css, logo = tmp_path / "static/style.css", tmp_path / "static/logo.svg"
    files = {
        "style.css": OutputFile("style.css", source=css),
        "logo.svg": OutputFile("logo.svg", source=logo),
    }
    assert changed_outputs(files, dict(files), touched={css}) == ["style.css"]
    assert changed_outputs(files, dict(files), touched=set()) == []


def test_a_copied_file_changes_when_it_comes_from_another_source(tmp_path: Path) -> None:
    before = {"style.css": OutputFile("style.css", source=tmp_path / "theme/style.css")}
    after = {"style.css": OutputFile("style.css", source=tmp_path / "static/style.css")}
    assert changed_outputs(before, after) == ["style.css"]
