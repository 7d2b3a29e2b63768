"""Atom and RSS feeds, read back with feedparser, a real feed reader library."""

from __future__ import annotations

import datetime as dt
import html
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import pytest

Build = Callable[..., Path]

TRICKY = "Fish & Chips <b>bold</b> ]]> 🦀 שלום עולם"

SITE = """
-- site.toml --
title = "Crab & Co <Notes> ]]>"
tagline = "Learning Rust, one claw at a time 🦀"
base_url = "https://crab.example/blog/"
author = "Wren"
feed_limit = 3
-- content/posts/2026-01-01-tricky.md --
---
title: "Fish & Chips <b>bold</b> ]]> 🦀 שלום עולם"
date: 2026-01-01T09:30:00+02:00
updated: 2026-02-01
description: "Summary with <script>alert(1)</script> & ]]> in it"
tags: ["R&D", "rust"]
---
Read [the second post](2026-02-01-second.md#part) and see ![a crab](crab.png).

## Part

Body text.
-- content/posts/2026-02-01-second.md --
---
title: "Second"
date: 2026-02-01
tags: ["rust"]
---
## Part

Second body.
-- content/posts/2026-03-01-third.md --
---
title: "Third"
date: 2026-03-01
---
Third body.
-- content/posts/2026-04-01-fourth.md --
---
title: "Fourth"
date: 2026-04-01
---
Fourth body.
-- content/posts/2026-05-01-control.md --
---
title: "Bell\\x07 and tab\\x0b"
date: 2025-05-01
---
Control characters cannot live in XML.
-- content/courses/intro/_index.md --
---
title: "Intro & <Basics>"
description: "Learn the basics."
---
Welcome.
-- content/courses/intro/01-start.md --
---
title: "Start ]]> Here"
date: 2026-01-10
---
Chapter one.
-- content/courses/intro/02-next.md --
---
title: "Next Steps"
date: 2026-01-20
updated: 2026-03-05
---
Chapter two.
"""


def parse(out: Path, path: str) -> Any:
    parsed = feedparser.parse((out / path).read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def when(struct: time.struct_time) -> dt.datetime:
    return dt.datetime(*struct[:6], tzinfo=dt.UTC)


@pytest.fixture
def out(build: Build) -> Path:
    return build(SITE)


def test_atom_feed_parses_with_ampersand_and_cdata_end_in_titles(out: Path) -> None:
    feed = parse(out, "feed.xml")
    assert feed.version == "atom10"
    assert feed.feed.title == "Crab & Co <Notes> ]]>"
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Fourth", "Third", "Second"]


def test_rss_feed_parses_with_ampersand_and_cdata_end_in_titles(out: Path) -> None:
    feed = parse(out, "rss.xml")
    assert feed.version == "rss20"
    assert feed.feed.title == "Crab & Co <Notes> ]]>"
    assert [entry.title for entry in feed.entries] == ["Fourth", "Third", "Second"]


def test_feeds_keep_emoji_and_right_to_left_titles_whole(build: Build) -> None:
    out = build(SITE.replace("feed_limit = 3", "feed_limit = 20"))
    for path in ("feed.xml", "rss.xml", "tags/rust/feed.xml", "tags/rust/rss.xml"):
        titles = [entry.title for entry in parse(out, path).entries]
        assert TRICKY in titles, path


def test_feeds_drop_characters_that_xml_cannot_hold(build: Build) -> None:
    out = build(SITE.replace("feed_limit = 3", "feed_limit = 20"))
    for path in ("feed.xml", "rss.xml"):
        titles = [entry.title for entry in parse(out, path).entries]
        assert "Bell and tab" in titles


def test_feed_lists_newest_posts_first_up_to_feed_limit(out: Path) -> None:
    entries = parse(out, "feed.xml").entries
    assert len(entries) == 3
    published = [when(entry.published_parsed) for entry in entries]
    assert published == sorted(published, reverse=True)


def test_feed_entries_have_absolute_links_stable_ids_and_dates(build: Build) -> None:
    out = build(SITE.replace("feed_limit = 3", "feed_limit = 20"))
    for path in ("feed.xml", "rss.xml"):
        entry = next(e for e in parse(out, path).entries if e.title == TRICKY)
        assert entry.link == "https://crab.example/blog/posts/tricky/"
        assert entry.id == entry.link
        assert when(entry.published_parsed) == dt.datetime(2026, 1, 1, 7, 30, tzinfo=dt.UTC)
        assert when(entry.updated_parsed) == dt.datetime(2026, 2, 1, tzinfo=dt.UTC)


def test_feed_entries_carry_summary_as_text_and_tags(build: Build) -> None:
    out = build(SITE.replace("feed_limit = 3", "feed_limit = 20"))
    description = "Summary with <script>alert(1)</script> & ]]> in it"
    atom = next(e for e in parse(out, "feed.xml").entries if e.title == TRICKY)
    assert atom.summary_detail.type == "text/plain"
    assert atom.summary == description
    rss = next(e for e in parse(out, "rss.xml").entries if e.title == TRICKY)
    assert "<script>" not in rss.summary  # RSS descriptions are HTML: the text is escaped
    assert html.unescape(rss.summary) == description
    for entry in (atom, rss):
        assert sorted(tag.term for tag in entry.tags) == ["R&D", "rust"]


def test_full_feed_content_is_the_rendered_body_with_absolute_links(build: Build) -> None:
    out = build(SITE.replace("feed_limit = 3", "feed_limit = 20"))
    for path in ("feed.xml", "rss.xml"):
        entry = next(e for e in parse(out, path).entries if e.title == TRICKY)
        content = entry.content[0].value
        assert 'href="https://crab.example/blog/posts/second/#part"' in content
        assert 'src="https://crab.example/blog/posts/tricky/crab.png"' in content
        assert "Body text." in content


def test_summary_feed_content_leaves_the_body_out(build: Build) -> None:
    out = build(SITE.replace("feed_limit = 3", 'feed_limit = 3\nfeed_content = "summary"'))
    for path in ("feed.xml", "rss.xml"):
        for entry in parse(out, path).entries:
            assert "content" not in entry
            assert entry.summary


def test_feed_names_itself_and_the_site(out: Path) -> None:
    atom = parse(out, "feed.xml").feed
    assert atom.link == "https://crab.example/blog/"
    self_links = [link.href for link in atom.links if link.rel == "self"]
    assert self_links == ["https://crab.example/blog/feed.xml"]
    assert atom.author == "Wren"
    assert when(atom.updated_parsed) == dt.datetime(2026, 4, 1, tzinfo=dt.UTC)


def test_course_feed_lists_its_chapters_newest_first(out: Path) -> None:
    for path in ("courses/intro/feed.xml", "courses/intro/rss.xml"):
        feed = parse(out, path)
        assert feed.feed.title == "Intro & <Basics> · Crab & Co <Notes> ]]>"
        assert [entry.title for entry in feed.entries] == ["Next Steps", "Start ]]> Here"]
        links = [entry.link for entry in feed.entries]
        assert links[1] == "https://crab.example/blog/courses/intro/start/"
    atom = parse(out, "courses/intro/feed.xml").entries
    assert when(atom[0].updated_parsed) == dt.datetime(2026, 3, 5, tzinfo=dt.UTC)


def test_tag_feed_lists_only_its_posts(out: Path) -> None:
    titles = [entry.title for entry in parse(out, "tags/rust/feed.xml").entries]
    assert titles == ["Second", TRICKY]
    titles = [entry.title for entry in parse(out, "tags/r-d/rss.xml").entries]
    assert titles == [TRICKY]


def test_pages_announce_their_feeds_with_alternate_links(out: Path) -> None:
    def alternates(path: str) -> str:
        return (out / path).read_text(encoding="utf-8")

    site_feed = 'type="application/atom+xml" title="Crab &amp; Co &lt;Notes&gt; ]]&gt; (Atom)"'
    assert site_feed in alternates("index.html")
    assert 'href="https://crab.example/blog/rss.xml"' in alternates("posts/second/index.html")
    course = 'href="https://crab.example/blog/courses/intro/feed.xml"'
    assert course in alternates("courses/intro/index.html")
    assert course in alternates("courses/intro/start/index.html")
    assert 'href="https://crab.example/blog/tags/rust/feed.xml"' in alternates(
        "tags/rust/index.html"
    )


def test_undated_chapters_keep_the_same_feed_dates_when_a_post_is_added(build: Build) -> None:
    site = """
    -- site.toml --
    title = "T"
    -- content/posts/2026-01-01-a.md --
    ---
    title: A
    date: 2026-01-01
    ---
    A.
    -- content/courses/c/01-one.md --
    ---
    title: One
    ---
    One.
    -- content/courses/c/02-two.md --
    ---
    title: Two
    date: 2025-06-01
    ---
    Two.
    """
    entries = parse(build(site), "courses/c/feed.xml").entries
    dates = {entry.title: when(entry.updated_parsed) for entry in entries}
    assert dates == {
        "One": dt.datetime(2025, 6, 1, tzinfo=dt.UTC),
        "Two": dt.datetime(2025, 6, 1, tzinfo=dt.UTC),
    }
