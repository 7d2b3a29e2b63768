"""The sitemap and robots.txt, read back with lxml."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

Build = Callable[..., Path]
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

SITE = """
-- site.toml --
title = "Crab & Co"
base_url = "https://crab.example/blog/"
-- content/posts/2026-01-01-old.md --
---
title: "Old & <New>"
date: 2026-01-01
updated: 2026-03-01T10:00:00+01:00
tags: ["rust"]
aliases: ["/old-address/"]
---
Old.
-- content/posts/2026-02-01-ça-marche.md --
---
title: "Ça marche"
date: 2026-02-01
---
Unicode slug.
-- content/posts/2026-02-10-hidden.md --
---
title: "Hidden"
date: 2026-02-10
draft: true
---
Draft.
-- content/posts/2026-12-24-later.md --
---
title: "Later"
date: 2026-12-24
---
Scheduled.
-- content/courses/intro/01-start.md --
---
title: "Start"
date: 2026-01-05
---
One.
"""


def sitemap(out: Path) -> dict[str, str]:
    root = etree.fromstring((out / "sitemap.xml").read_bytes())
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    urls = root.findall("s:url", NS)
    return {
        u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS) for u in urls
    }


@pytest.fixture
def out(build: Build) -> Path:
    return build(SITE)


def test_sitemap_lists_every_published_page_with_lastmod(out: Path) -> None:
    base = "https://crab.example/blog/"
    assert sorted(sitemap(out)) == sorted(
        [
            base,
            base + "posts/old/",
            base + "posts/%C3%A7a-marche/",
            base + "posts/",
            base + "courses/",
            base + "courses/intro/",
            base + "courses/intro/start/",
            base + "tags/",
            base + "tags/rust/",
            base + "search/",
        ]
    )


def test_sitemap_lastmod_is_the_updated_date_when_there_is_one(out: Path) -> None:
    entries = sitemap(out)
    assert entries["https://crab.example/blog/posts/old/"] == "2026-03-01T10:00:00+01:00"
    assert entries["https://crab.example/blog/posts/%C3%A7a-marche/"] == "2026-02-01T00:00:00+00:00"
    assert entries["https://crab.example/blog/courses/intro/start/"] == "2026-01-05T00:00:00+00:00"
    assert entries["https://crab.example/blog/"] == "2026-03-01T10:00:00+01:00"


def test_sitemap_leaves_out_drafts_scheduled_posts_redirects_and_not_found(out: Path) -> None:
    locs = " ".join(sitemap(out))
    for absent in ("hidden", "later", "old-address", "404"):
        assert absent not in locs


def test_sitemap_lists_drafts_when_built_with_drafts(build: Build) -> None:
    locs = sitemap(build(SITE, include_drafts=True))
    assert "https://crab.example/blog/posts/hidden/" in locs


def test_sitemap_leaves_out_the_search_page_when_search_is_off(build: Build) -> None:
    locs = sitemap(
        build(SITE.replace('title = "Crab & Co"', 'title = "Crab & Co"\nsearch = false'))
    )
    assert "https://crab.example/blog/search/" not in locs


def test_robots_txt_names_the_sitemap(out: Path) -> None:
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert "Sitemap: https://crab.example/blog/sitemap.xml" in robots.splitlines()
