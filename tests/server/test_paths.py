"""From a request target to an output path, and from a copied file to a file on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from wren.server.paths import confine, resolve_request_path


@pytest.mark.parametrize(
    ("target", "rel"),
    [
        ("/", "index.html"),
        ("/posts/first/", "posts/first/index.html"),
        ("/posts/first", "posts/first"),
        ("/style.css?v=3", "style.css"),
        ("/posts/first/#comments", "posts/first/index.html"),
        ("/tags/c%2B%2B/", "tags/c++/index.html"),
        ("/caf%C3%A9/", "café/index.html"),
        ("//posts//first/", "posts/first/index.html"),
        ("/%252e%252e/secret", "%2e%2e/secret"),  # decoded once: a file named %2e%2e
        ("http://127.0.0.1:8000/posts/", "posts/index.html"),
    ],
)
def test_request_targets_name_output_paths(target: str, rel: str) -> None:
    assert resolve_request_path(target) == rel


@pytest.mark.parametrize(
    "target",
    [
        "/../secret",
        "/posts/../../secret",
        "/./index.html",
        "/%2e%2e/secret",
        "/%2E%2E/secret",
        "/.%2e/secret",
        "/..%2fsecret",
        "/..%5csecret",
        "/..\\secret",
        "/index.html%00.css",
        "/index.html\x00",
        "/%ff%fe",  # not UTF-8
        "secret",  # not a path
        "..",
    ],
)
def test_traversal_and_malformed_targets_are_refused(target: str) -> None:
    assert resolve_request_path(target) is None


def test_a_file_inside_the_roots_is_served(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "static").mkdir(parents=True)
    (site / "static/a.css").write_text("a")
    assert confine(site / "static/a.css", [site.resolve()]) == (site / "static/a.css").resolve()


def test_a_symlink_inside_the_roots_to_a_file_inside_is_followed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "static").mkdir(parents=True)
    (site / "shared.css").write_text("a")
    (site / "static/a.css").symlink_to(site / "shared.css")
    assert confine(site / "static/a.css", [site.resolve()]) == (site / "shared.css").resolve()


def test_a_symlink_to_a_sibling_folder_with_a_longer_name_is_refused(tmp_path: Path) -> None:
    site, sibling = tmp_path / "site", tmp_path / "site-private"
    (site / "static").mkdir(parents=True)
    sibling.mkdir()
    (sibling / "secret.txt").write_text("secret")
    (site / "static/leak.txt").symlink_to(sibling / "secret.txt")
    assert confine(site / "static/leak.txt", [site.resolve()]) is None


def test_missing_files_folders_and_symlink_loops_are_refused(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "folder").mkdir()
    roots = [tmp_path.resolve()]
    assert confine(tmp_path / "missing", roots) is None
    assert confine(tmp_path / "folder", roots) is None
    assert confine(tmp_path / "loop", roots) is None
