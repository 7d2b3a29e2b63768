"""`paginate` splits the front page and tag pages into /page/2/ and on, linked both ways."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import html

from wren.config import parse_config
from wren.errors import ConfigError
from wren.theme.pagination import paginate

Build = Callable[..., Path]


def blog(posts: int, paginate_setting: str = "") -> str:
    text = '-- site.toml --\ntitle = "T"\nbase_url = "https://crab.example/blog/"\n'
    text += paginate_setting + "\n"
    text += "-- content/courses/c/01-one.md --\n---\ntitle: One\n---\nOne.\n"
    for day in range(1, posts + 1):
        text += (
            f"-- content/posts/2026-01-{day:02d}-p{day}.md --\n"
            f'---\ntitle: "Post {day}"\ndate: 2026-01-{day:02d}\ntags: ["rust"]\n---\nBody.\n'
        )
    return text


def titles(doc: html.HtmlElement) -> list[str]:
    return [str(a.text_content()) for a in doc.xpath('//*[@class="entry-title"]/a')]


def walk(out: Path, first: str) -> list[list[str]]:
    """Follow rel=next links from the first page; check that each rel=prev leads back."""
    pages: list[list[str]] = []
    path, previous = first, None
    while True:
        doc = html.fromstring((out / path / "index.html").read_bytes())
        pages.append(titles(doc))
        back = doc.xpath('//nav[contains(@class, "pagination")]//a[@rel="prev"]/@href')
        assert back == ([] if previous is None else ["/blog/" + previous])
        ahead = doc.xpath('//nav[contains(@class, "pagination")]//a[@rel="next"]/@href')
        if not ahead:
            return pages
        previous, path = path, str(ahead[0]).removeprefix("/blog/")


def test_front_page_shows_every_post_when_paginate_is_off(build: Build) -> None:
    out = build(blog(5))
    assert walk(out, "") == [[f"Post {n}" for n in range(5, 0, -1)]]
    assert not (out / "page").exists()


def test_paginated_front_page_links_pages_both_ways(build: Build) -> None:
    out = build(blog(5, "paginate = 2"))
    assert walk(out, "") == [["Post 5", "Post 4"], ["Post 3", "Post 2"], ["Post 1"]]
    assert (out / "page/3/index.html").exists()
    assert not (out / "page/4").exists()


def test_courses_show_on_the_first_page_only(build: Build) -> None:
    out = build(blog(3, "paginate = 2"))
    assert "courses-heading" in (out / "index.html").read_text(encoding="utf-8")
    assert "courses-heading" not in (out / "page/2/index.html").read_text(encoding="utf-8")


def test_paginated_tag_pages_link_pages_both_ways(build: Build) -> None:
    out = build(blog(5, "paginate = 2"))
    pages = walk(out, "tags/rust/")
    assert pages == [["Post 5", "Post 4"], ["Post 3", "Post 2"], ["Post 1"]]


def test_later_pages_have_their_own_canonical_url_and_are_in_the_sitemap(build: Build) -> None:
    out = build(blog(5, "paginate = 2"))
    doc = html.fromstring((out / "page/2/index.html").read_bytes())
    canonical = doc.xpath('//link[@rel="canonical"]/@href')
    assert canonical == ["https://crab.example/blog/page/2/"]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://crab.example/blog/page/3/" in sitemap
    assert "https://crab.example/blog/tags/rust/page/2/" in sitemap


def test_paginate_splits_into_pages_with_neighbours() -> None:
    pagers = paginate(["a", "b", "c"], 2, "/tags/x/")
    assert [p.items for p in pagers] == [("a", "b"), ("c",)]
    assert [p.url for p in pagers] == ["/tags/x/", "/tags/x/page/2/"]
    assert (pagers[0].previous_url, pagers[0].next_url) == (None, "/tags/x/page/2/")
    assert (pagers[1].previous_url, pagers[1].next_url) == ("/tags/x/", None)


def test_paginate_always_has_a_first_page() -> None:
    assert [p.items for p in paginate([], 10, "/")] == [()]
    assert [p.items for p in paginate(["a"], 0, "/")] == [("a",)]


def test_negative_paginate_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="paginate"):
        parse_config('title = "T"\npaginate = -1\n')
