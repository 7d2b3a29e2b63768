"""A user's mistake is a `path:line: message` with a hint and exit 1, never a traceback, and
the other errors of the same build are still reported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reliakit import assert_clean_failure, snapshot, wren

BROKEN_POST = """
-- content/posts/2026-02-01-broken.md --
---
title: Broken
date: 2026-02-01
draft: maybe
---
"""


def test_an_unreadable_post_is_named_with_the_other_errors(
    make_small_site: Callable[[str], Path],
) -> None:
    site = make_small_site(BROKEN_POST)
    (site / "content/posts/2026-01-01-first.md").chmod(0o000)
    result = wren("build", site, obey_permissions=True)
    assert_clean_failure(
        result,
        "content/posts/2026-01-01-first.md: cannot read this file: Permission denied",
        "hint: check its permissions",
        "content/posts/2026-02-01-broken.md:4: `draft` must be true or false",
    )


def test_an_unreadable_template_is_named(small_site: Path) -> None:
    (small_site / "templates").mkdir()
    (small_site / "templates/post.html").write_text("{{ page.title }}")
    site = small_site
    (site / "templates/post.html").chmod(0o000)
    result = wren("build", site, obey_permissions=True)
    assert_clean_failure(result, "templates/post.html: cannot read this template")


def test_an_unreadable_site_toml_is_named(small_site: Path) -> None:
    site = small_site
    (site / "site.toml").chmod(0o000)
    assert_clean_failure(wren("build", site, obey_permissions=True), "site.toml: cannot read")


def test_a_template_that_is_not_utf8_is_named(small_site: Path) -> None:
    (small_site / "templates").mkdir()
    (small_site / "templates/post.html").write_bytes(b"<h1>Caf\xe9 {{ page.title }}</h1>")
    assert_clean_failure(wren("build", small_site), "templates/post.html", "not UTF-8")


def test_a_runtime_error_in_a_template_names_the_template_and_line(small_site: Path) -> None:
    (small_site / "templates").mkdir()
    (small_site / "templates/post.html").write_text("<h1>{{ page.title }}</h1>\n{{ 1 / 0 }}\n")
    assert_clean_failure(
        wren("build", small_site), "templates/post.html:2: template error: ZeroDivisionError"
    )


def test_a_runtime_error_in_an_included_template_names_the_included_one(
    small_site: Path,
) -> None:
    (small_site / "templates").mkdir()
    (small_site / "templates/post.html").write_text("{% include 'part.html' %}\n")
    (small_site / "templates/part.html").write_text("one\ntwo {{ [][3] }}\n")
    assert_clean_failure(wren("build", small_site), "templates/part.html:2: template error")


def test_a_template_that_includes_itself_is_an_error(small_site: Path) -> None:
    (small_site / "templates").mkdir()
    (small_site / "templates/post.html").write_text("x {% include 'post.html' %}")
    assert_clean_failure(wren("build", small_site), "templates/post.html", "without end")


def test_site_toml_that_is_a_folder_is_an_error(small_site: Path) -> None:
    (small_site / "site.toml").unlink()
    (small_site / "site.toml").mkdir()
    assert_clean_failure(wren("build", small_site), "site.toml: site.toml is a folder")


def test_a_cache_path_that_is_a_file_does_not_stop_the_build(small_site: Path) -> None:
    (small_site / ".wren-cache").write_text("not a folder")
    result = wren("build", small_site)
    assert result.returncode == 0, result.stderr
    assert "note: the build cache was not usable" in result.stderr
    assert (small_site / ".wren-cache").read_text() == "not a folder"


def test_a_post_that_is_not_utf8_gives_its_line_and_the_other_errors(
    make_small_site: Callable[[str], Path],
) -> None:
    site = make_small_site(BROKEN_POST)
    (site / "content/posts/2026-03-01-latin1.md").write_bytes(
        b"---\ntitle: Latin\ndate: 2026-03-01\n---\nline five\nCaf\xe9 on line six\n"
    )
    assert_clean_failure(
        wren("build", site),
        "content/posts/2026-03-01-latin1.md:6:4: not UTF-8 text",
        "content/posts/2026-02-01-broken.md:4:",
    )


def test_a_failed_build_leaves_the_previous_output_whole(
    make_small_site: Callable[[str], Path], small_site: Path
) -> None:
    assert wren("build", small_site).returncode == 0
    before = snapshot(small_site / "public")
    make_small_site(BROKEN_POST)
    assert_clean_failure(wren("build", small_site), "`draft` must be true or false")
    assert snapshot(small_site / "public") == before
