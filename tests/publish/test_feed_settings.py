"""Feed addresses from `[feeds]` and entry ids pinned by `feed_id`: a blog moved from Hugo
or Zola keeps its feed addresses, and its subscribers never see old posts again."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import pytest

from wren.config import FeedNames, parse_config
from wren.errors import WrenError
from wren.pipeline.urls import feed_path

Build = Callable[..., Path]

POSTS = """
-- content/posts/2026-01-01-moved.md --
---
title: "Moved From the Old Blog"
date: 2026-01-01
tags: ["rust"]
feed_id: "https://old.example.org/2019/05/moved.html"
---
An old post, brought over.
-- content/posts/2026-02-01-new.md --
---
title: "New Here"
date: 2026-02-01
tags: ["rust"]
---
A new post.
-- content/courses/intro/01-start.md --
---
title: "Start"
date: 2026-01-10
feed_id: "tag:old.example.org,2019:start"
---
Chapter one.
"""


def site(feeds: str = "") -> str:
    return '-- site.toml --\ntitle = "T"\nbase_url = "https://example.org/blog/"\n' + feeds + POSTS


def parse(out: Path, path: str) -> Any:
    parsed = feedparser.parse((out / path).read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


ZOLA_AND_HUGO = '[feeds]\natom = "atom.xml"\nrss = "index.xml"\n'


def test_feeds_are_written_at_the_names_the_site_sets(build: Build) -> None:
    out = build(site(ZOLA_AND_HUGO))
    for folder in ("", "tags/rust/", "courses/intro/"):
        assert parse(out, f"{folder}atom.xml").version == "atom10"
        assert parse(out, f"{folder}index.xml").version == "rss20"
        assert not (out / f"{folder}feed.xml").exists()
        assert not (out / f"{folder}rss.xml").exists()
    atom = parse(out, "atom.xml")
    assert atom.feed.id == "https://example.org/blog/atom.xml"
    selves = [link.href for link in atom.feed.links if link.rel == "self"]
    assert selves == ["https://example.org/blog/atom.xml"]
    rss = (out / "tags/rust/index.xml").read_text()
    assert 'href="https://example.org/blog/tags/rust/index.xml"' in rss


def test_pages_and_theme_links_name_the_feeds_the_site_sets(build: Build) -> None:
    out = build(site(ZOLA_AND_HUGO))
    front = (out / "index.html").read_text()
    alternates = re.findall(r'<link rel="alternate" type="application/[a-z+]+" [^>]*>', front)
    assert any('href="https://example.org/blog/atom.xml"' in link for link in alternates)
    assert any('href="https://example.org/blog/index.xml"' in link for link in alternates)
    assert 'href="/blog/atom.xml" type="application/atom+xml">Atom</a>' in front
    assert 'href="/blog/index.xml" type="application/rss+xml">RSS</a>' in front
    assert 'href="/blog/tags/rust/atom.xml">Feed</a>' in (out / "tags/rust/index.html").read_text()
    course = (out / "courses/intro/index.html").read_text()
    assert 'href="/blog/courses/intro/atom.xml">Follow new chapters' in course
    assert "feed.xml" not in front + course


def test_an_old_feed_address_is_kept_with_a_feed_alias_to_the_new_name(build: Build) -> None:
    out = build(
        site(ZOLA_AND_HUGO + "\n").replace(
            "[feeds]", 'feed_aliases = { "/feed.xml" = "/atom.xml" }\n[feeds]'
        )
    )
    assert (out / "feed.xml").read_bytes() == (out / "atom.xml").read_bytes()


def test_feed_id_pins_the_atom_id_and_the_rss_guid(build: Build) -> None:
    out = build(site())
    atom = {e.title: e for e in parse(out, "feed.xml").entries}
    assert atom["Moved From the Old Blog"].id == "https://old.example.org/2019/05/moved.html"
    assert atom["Moved From the Old Blog"].link == "https://example.org/blog/posts/moved/"
    assert atom["New Here"].id == "https://example.org/blog/posts/new/"
    rss = {e.title: e for e in parse(out, "rss.xml").entries}
    assert rss["Moved From the Old Blog"].id == "https://old.example.org/2019/05/moved.html"
    assert rss["Moved From the Old Blog"].guidislink is False
    assert rss["New Here"].id == "https://example.org/blog/posts/new/"
    tag = {e.title: e.id for e in parse(out, "tags/rust/feed.xml").entries}
    assert tag["Moved From the Old Blog"] == "https://old.example.org/2019/05/moved.html"
    (chapter,) = parse(out, "courses/intro/feed.xml").entries
    assert chapter.id == "tag:old.example.org,2019:start"


def test_feed_id_must_be_an_absolute_uri(build: Build) -> None:
    text = site().replace('feed_id: "tag:old.example.org,2019:start"', 'feed_id: "/start/"')
    with pytest.raises(WrenError) as caught:
        build(text)
    assert str(caught.value).startswith(
        "content/courses/intro/01-start.md:4: `feed_id` must be an absolute URI"
    )


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('atom = "feeds/atom.xml"', "`feeds.atom` must be a file name ending in .xml"),
        ('rss = "rss"', "`feeds.rss` must be a file name ending in .xml"),
        ("rss = 3", "`feeds.rss` must be a file name ending in .xml, not the number 3"),
        ('rss = "feed.xml"', "the Atom and RSS feeds are both named feed.xml"),
        ('json = "feed.json"', "unknown key `feeds.json`"),
    ],
)
def test_feed_names_are_validated_at_their_line(table: str, message: str) -> None:
    with pytest.raises(WrenError) as caught:
        parse_config(f'title = "T"\n\n[feeds]\n{table}\n')
    assert str(caught.value).startswith(f"site.toml:4: {message}")


def test_feed_path_is_beside_the_page_it_follows() -> None:
    names = FeedNames(atom="atom.xml", rss="index.xml")
    assert feed_path("/", "atom", names) == "atom.xml"
    assert feed_path("/tags/c-plus-plus/", "rss", names) == "tags/c-plus-plus/index.xml"
    assert feed_path("/courses/intro/", "atom") == "courses/intro/feed.xml"


def test_a_feed_alias_to_a_feed_the_site_does_not_make_names_the_real_ones(build: Build) -> None:
    text = site(ZOLA_AND_HUGO).replace(
        "[feeds]", 'feed_aliases = { "/old.xml" = "/feed.xml" }\n[feeds]'
    )
    with pytest.raises(WrenError) as caught:
        build(text)
    message = str(caught.value)
    assert message.startswith("site.toml:3: feed_aliases: /feed.xml is not a feed of this site")
    assert "hint: name a feed such as /atom.xml, /index.xml or /tags/NAME/atom.xml" in message


def test_two_pages_with_one_feed_id_stop_the_build_naming_both(build: Build) -> None:
    text = site().replace('feed_id: "tag:old.example.org,2019:start"', 'feed_id: "tag:x,2019:a"')
    text = text.replace('title: "New Here"\n', 'title: "New Here"\nfeed_id: "tag:x,2019:a"\n')
    with pytest.raises(WrenError) as caught:
        build(text)
    assert str(caught.value).startswith(
        "content/posts/2026-02-01-new.md:1: the feed_id 'tag:x,2019:a' is also the feed_id of "
        "content/courses/intro/01-start.md"
    )
