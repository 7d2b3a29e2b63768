"""Aliases: redirect pages at old URLs, and errors for aliases that collide or escape."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from wren.errors import ContentError, WrenError
from wren.publish.redirects import alias_output_path

Build = Callable[..., Path]

SITE = """
-- site.toml --
title = "T"
base_url = "https://crab.example/blog/"
-- content/posts/2026-01-01-new-name.md --
---
title: "New & Improved"
date: 2026-01-01
aliases: {aliases}
---
Body.
-- content/posts/2026-01-02-other.md --
---
title: "Other"
date: 2026-01-02
---
Other.
-- content/courses/intro/01-start.md --
---
title: "Start"
aliases: ["/courses/intro/begin/"]
---
One.
"""


def site_with(aliases: str) -> str:
    return SITE.replace("{aliases}", aliases)


def test_alias_writes_a_redirect_page_with_refresh_and_canonical(build: Build) -> None:
    out = build(site_with('["/old/url/", "/2019/01/post.html"]'))
    target = "https://crab.example/blog/posts/new-name/"
    for path in ("old/url/index.html", "2019/01/post.html"):
        doc = html.fromstring((out / path).read_bytes())
        assert doc.xpath('//meta[@http-equiv="refresh"]/@content') == [f"0; url={target}"]
        assert doc.xpath('//link[@rel="canonical"]/@href') == [target]
        assert doc.xpath("//a/@href") == [target]
        assert doc.xpath('//meta[@name="robots"]/@content') == ["noindex"]


def test_chapter_aliases_redirect_too(build: Build) -> None:
    out = build(site_with("[]"))
    doc = html.fromstring((out / "courses/intro/begin/index.html").read_bytes())
    expected = "https://crab.example/blog/courses/intro/start/"
    assert doc.xpath('//link[@rel="canonical"]/@href') == [expected]


def test_redirect_pages_stay_out_of_the_sitemap_and_feeds(build: Build) -> None:
    out = build(site_with('["/old/url/"]'))
    assert "old/url" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "old/url" not in (out / "feed.xml").read_text(encoding="utf-8")


def expect_error(build: Build, aliases: str) -> str:
    with pytest.raises(WrenError) as caught:
        build(site_with(aliases))
    return str(caught.value)


def test_alias_colliding_with_a_page_is_an_error_naming_the_file(build: Build) -> None:
    message = expect_error(build, '["/posts/other/"]')
    assert "content/posts/2026-01-01-new-name.md" in message
    assert "/posts/other/index.html" in message


def test_alias_colliding_with_a_feed_or_the_search_index_is_an_error(build: Build) -> None:
    assert "collides" in expect_error(build, '["/posts/other/"]')
    assert "the search index" in expect_error(build, '["/pagefind/x/"]')


def test_alias_colliding_with_another_alias_is_an_error(build: Build) -> None:
    message = expect_error(build, '["/courses/intro/begin/"]')
    assert "content/courses/intro/01-start.md" in message


@pytest.mark.parametrize(
    "alias",
    ["/../escape/", "../../etc/passwd", "/a/%2e%2e/%2e%2e/b/", "C:/Windows/x.html", "a\\b"],
)
def test_alias_pointing_outside_the_output_folder_is_an_error(build: Build, alias: str) -> None:
    quoted = alias.replace("\\", "\\\\")
    message = expect_error(build, f'["{quoted}"]')
    assert "content/posts/2026-01-01-new-name.md" in message
    assert "outside the output folder" in message


@pytest.mark.parametrize(
    ("alias", "path"),
    [
        ("/old/", "old/index.html"),
        ("old/name", "old/name/index.html"),
        ("/releases/1.88.0", "releases/1.88.0/index.html"),
        ("/2019/01/post.html", "2019/01/post.html"),
        ("/old/page.HTM", "old/page.HTM"),
        ("/caf%C3%A9/", "café/index.html"),
    ],
)
def test_alias_output_path_of_site_paths(alias: str, path: str) -> None:
    assert alias_output_path(alias, "content/posts/a.md") == path


@pytest.mark.parametrize("alias", ["/", "https://elsewhere.example/x/", "//host/x", "/a?b=1"])
def test_alias_output_path_rejects_what_is_not_a_page_path(alias: str) -> None:
    with pytest.raises(ContentError) as caught:
        alias_output_path(alias, "content/posts/a.md")
    assert caught.value.location is not None
    assert caught.value.location.path == "content/posts/a.md"


def test_an_alias_that_ends_in_xml_is_refused_with_the_feed_aliases_hint() -> None:
    with pytest.raises(ContentError, match="feed address") as caught:
        alias_output_path("/index.xml", "content/posts/a.md")
    assert "feed_aliases" in (caught.value.hint or "")


FEED_ALIASES = """
-- site.toml --
title = "T"
base_url = "https://crab.example/"
feed_aliases = { "/index.xml" = "/rss.xml", "/atom.xml" = "/feed.xml" }
-- content/posts/2026-01-01-a.md --
---
title: "A"
date: 2026-01-01
tags: ["rust"]
---
Body.
"""


def test_feed_aliases_copy_the_feed_to_its_old_address(build: Build) -> None:
    out = build(FEED_ALIASES)
    assert (out / "index.xml").read_bytes() == (out / "rss.xml").read_bytes()
    assert (out / "atom.xml").read_bytes() == (out / "feed.xml").read_bytes()


def test_a_feed_alias_of_a_feed_that_does_not_exist_is_an_error_at_its_line(
    build: Build,
) -> None:
    with pytest.raises(WrenError) as caught:
        build(FEED_ALIASES.replace('"/feed.xml" }', '"/tags/nope/feed.xml" }'))
    assert "site.toml:3" in str(caught.value)
    assert "/tags/nope/feed.xml" in str(caught.value)


@pytest.mark.browser
def test_a_redirect_carries_the_fragment_to_the_new_address(
    build: Build, browser: Any, serve_folder: Callable[[Path], Any]
) -> None:
    out = build(site_with('["/releases/1.88.0"]').replace("crab.example/blog/", "crab.example/"))
    with serve_folder(out) as url:
        page = browser.new_page()
        try:
            page.goto(f"{url}/releases/1.88.0/#the-heading")
            page.wait_for_url("**/posts/new-name/#the-heading")
            assert page.url.endswith("/posts/new-name/#the-heading")
        finally:
            page.close()
