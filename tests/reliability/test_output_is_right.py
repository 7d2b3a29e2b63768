"""No silently wrong output: a bad setting is an error, a file claimed twice is an error, and
an output file edited by hand is put right by the next build."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from reliakit import assert_clean_failure, snapshot, wren


def test_a_bundle_holding_its_own_index_html_is_an_error_naming_both(
    make_small_site: Callable[[str], Path],
) -> None:
    site = make_small_site(
        """
        -- content/posts/2026-01-02-bundle/index.html --
        <p>a stray page</p>
        """
    )
    assert_clean_failure(
        wren("build", site),
        "two files would be written to /posts/bundle/index.html",
        "content/posts/2026-01-02-bundle/index.html",
    )


@pytest.mark.parametrize(
    "base_url",
    [
        "example.org",
        "//example.org/",
        "ftp://example.org/",
        "https://",
        "https:///blog/",
        "https://example.org/blog?x=1",
        "https://example.org/#top",
        "https://user:secret@example.org/",
        "https://exa mple.org/",
        "https://example.org:99999/",
        "https://example..org/",
        "https://example.org/a b/",
        "https://example.org/<b>/",
        "javascript:alert(1)//",
    ],
)
def test_an_unusable_base_url_is_an_error_on_its_line(small_site: Path, base_url: str) -> None:
    toml = small_site / "site.toml"
    toml.write_text(f'title = "Small"\nbase_url = "{base_url}"\n')
    assert_clean_failure(wren("build", small_site), "site.toml:2: `base_url`", "hint:")


@pytest.mark.parametrize(
    ("written", "linked"),
    [
        ("HTTPS://example.org/", "https://example.org/"),
        ("https://example.org", "https://example.org/"),
        ("http://localhost:8080/blog/", "http://localhost:8080/blog/"),
    ],
)
def test_a_usable_base_url_is_used_for_absolute_links(
    small_site: Path, written: str, linked: str
) -> None:
    (small_site / "site.toml").write_text(f'title = "Small"\nbase_url = "{written}"\n')
    result = wren("build", small_site)
    assert result.returncode == 0, result.stderr
    assert f"<link>{linked}posts/first/</link>" in (small_site / "public/rss.xml").read_text()


def test_a_byte_order_mark_in_site_toml_is_accepted(small_site: Path) -> None:
    toml = small_site / "site.toml"
    toml.write_bytes(b"\xef\xbb\xbf" + toml.read_bytes())
    assert wren("build", small_site).returncode == 0


def test_an_absurd_paginate_is_an_error(small_site: Path) -> None:
    (small_site / "site.toml").write_text('title = "Small"\npaginate = 1000000000000000000\n')
    assert_clean_failure(wren("build", small_site), "site.toml:2: `paginate` must be")


def cold_build(site: Path, into: Path) -> dict[str, bytes]:
    shutil.rmtree(site / ".wren-cache", ignore_errors=True)
    assert wren("build", site, "-o", into, "--no-search").returncode == 0
    files: dict[str, bytes] = snapshot(into)
    return files


@pytest.mark.parametrize(
    "edited", ["posts/first/index.html", "rss.xml", "index.html", "app.css", "sitemap.xml"]
)
def test_an_output_file_edited_by_hand_is_restored_by_the_next_build(
    small_site: Path, tmp_path: Path, edited: str
) -> None:
    public = small_site / "public"
    assert wren("build", small_site, "--no-search").returncode == 0
    target = public / edited
    size = target.stat().st_size
    target.write_bytes(b"x" * size)  # same size: only the time and bytes tell
    result = wren("build", small_site, "--no-search")
    assert result.returncode == 0, result.stderr
    assert snapshot(public) == cold_build(small_site, tmp_path / "cold")


def test_a_static_file_rewritten_with_the_same_size_in_the_same_second_is_recopied(
    small_site: Path,
) -> None:
    css = small_site / "static/app.css"
    assert wren("build", small_site, "--no-search").returncode == 0
    stamp = css.stat().st_mtime_ns
    css.write_text(css.read_text().replace("black", "white"))
    os.utime(css, ns=(stamp + 1000, stamp + 1000))  # same second, same size
    assert wren("build", small_site, "--no-search").returncode == 0
    assert "white" in (small_site / "public/app.css").read_text()


def test_a_chapter_whose_slug_is_empty_does_not_replace_the_course_page(
    make_small_site: Callable[[str], Path],
) -> None:
    site = make_small_site(
        """
        -- content/courses/rust/02-!!!.md --
        ---
        title: Bang
        ---
        x
        """
    )
    assert_clean_failure(
        wren("build", site),
        "both claim the URL /courses/rust/",
        "content/courses/rust/02-!!!.md",
        "content/courses/rust/_index.md",
    )


def test_a_tag_whose_slug_is_empty_is_an_error_not_a_lost_page(
    make_small_site: Callable[[str], Path],
) -> None:
    site = make_small_site(
        """
        -- content/posts/2026-02-01-tags.md --
        ---
        title: Tags
        date: 2026-02-01
        tags: ["!!!"]
        ---
        x
        """
    )
    assert_clean_failure(wren("build", site), "the tag '!!!' has no letter, digit or emoji")


def test_an_alias_onto_a_static_file_is_an_error_naming_the_file(
    make_small_site: Callable[[str], Path],
) -> None:
    site = make_small_site(
        """
        -- content/posts/2026-02-01-alias.md --
        ---
        title: Alias
        date: 2026-02-01
        aliases: ["/legacy.html"]
        ---
        x
        -- static/legacy.html --
        <p>an old page kept as it was</p>
        """
    )
    assert_clean_failure(
        wren("build", site), "two files would be written to /legacy.html", "legacy.html"
    )
