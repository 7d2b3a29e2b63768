"""Canonical URLs, descriptions, OpenGraph, Twitter cards and JSON-LD, read with lxml.html."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import html

Build = Callable[..., Path]
EVIL = 'Breaking </script><script>alert("x")</script> & "quotes" <!--'

SITE = """
-- site.toml --
title = "Crab </script> Notes"
tagline = "Small & steady."
base_url = "https://crab.example/"
author = "Wren"
language = "fr"
-- content/posts/2026-01-01-evil.md --
---
title: 'Breaking </script><script>alert("x")</script> & "quotes" <!--'
date: 2026-01-01
updated: 2026-01-15
description: "A description with </script> and \\"quotes\\"."
tags: ["rust", "html"]
---
Body.
-- content/courses/intro/_index.md --
---
title: "Intro </script>"
description: "Learn the basics."
---
Welcome.
-- content/courses/intro/01-start.md --
---
title: "Start"
---
One.
"""

PAGES = [
    "index.html",
    "posts/evil/index.html",
    "courses/intro/index.html",
    "courses/intro/start/index.html",
    "tags/index.html",
    "tags/rust/index.html",
    "search/index.html",
    "404.html",
]


def page(out: Path, path: str) -> Any:
    return html.fromstring((out / path).read_bytes())


def meta(doc: Any, key: str) -> str:
    found = doc.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content')
    assert len(found) == 1, key
    return str(found[0])


def json_ld(doc: Any) -> dict[str, Any]:
    scripts = doc.xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1
    data: dict[str, Any] = json.loads(scripts[0].text)
    assert data["@context"] == "https://schema.org"
    return data


@pytest.fixture
def out(build: Build) -> Path:
    return build(SITE, search=False)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_language_description_and_preview_tags(out: Path, path: str) -> None:
    doc = page(out, path)
    assert doc.get("lang") == "fr"
    assert meta(doc, "description")
    for key in ("og:title", "og:description", "og:type", "og:site_name", "twitter:card"):
        assert meta(doc, key)
    assert meta(doc, "og:site_name") == "Crab </script> Notes"


@pytest.mark.parametrize("path", PAGES[:7])
def test_published_pages_have_an_absolute_canonical_url(out: Path, path: str) -> None:
    doc = page(out, path)
    canonical = doc.xpath('//link[@rel="canonical"]/@href')
    expected = "https://crab.example/" + path.removesuffix("index.html")
    assert canonical == [expected]
    assert meta(doc, "og:url") == expected


def test_not_found_page_is_not_indexed_and_has_no_canonical_url(out: Path) -> None:
    doc = page(out, "404.html")
    assert meta(doc, "robots") == "noindex"
    assert doc.xpath('//link[@rel="canonical"]') == []


def test_post_has_article_tags_and_blog_posting_json_ld(out: Path) -> None:
    doc = page(out, "posts/evil/index.html")
    assert meta(doc, "og:type") == "article"
    assert meta(doc, "og:title") == EVIL
    assert meta(doc, "description") == 'A description with </script> and "quotes".'
    assert meta(doc, "article:published_time") == "2026-01-01T00:00:00+00:00"
    assert meta(doc, "article:modified_time") == "2026-01-15T00:00:00+00:00"
    assert doc.xpath('//meta[@property="article:tag"]/@content') == ["rust", "html"]
    data = json_ld(doc)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == EVIL
    assert data["url"] == "https://crab.example/posts/evil/"
    assert data["datePublished"] == "2026-01-01T00:00:00+00:00"
    assert data["dateModified"] == "2026-01-15T00:00:00+00:00"
    assert data["author"] == {"@type": "Person", "name": "Wren"}


def test_script_end_in_a_title_cannot_break_out_of_json_ld(out: Path) -> None:
    raw = (out / "posts/evil/index.html").read_text(encoding="utf-8")
    script = raw[raw.index('<script type="application/ld+json">') :]
    script = script[: script.index("</script>")]
    assert "<" not in script.removeprefix('<script type="application/ld+json">')
    doc = page(out, "posts/evil/index.html")
    scripts = [s for s in doc.xpath("//script") if "alert" in (s.text or "")]
    assert [s.get("type") for s in scripts] == ["application/ld+json"]


def test_course_page_has_course_json_ld_with_its_chapters(out: Path) -> None:
    data = json_ld(page(out, "courses/intro/index.html"))
    assert data["@type"] == "Course"
    assert data["name"] == "Intro </script>"
    assert data["description"] == "Learn the basics."
    assert data["provider"]["name"] == "Wren"
    assert [part["url"] for part in data["hasPart"]] == [
        "https://crab.example/courses/intro/start/"
    ]


def test_chapter_json_ld_names_its_course(out: Path) -> None:
    data = json_ld(page(out, "courses/intro/start/index.html"))
    assert data["isPartOf"]["url"] == "https://crab.example/courses/intro/"
    assert data["position"] == 1


def test_front_page_has_website_json_ld_with_search_action(out: Path) -> None:
    doc = page(out, "index.html")
    data = json_ld(doc)
    assert data["@type"] == "WebSite"
    assert data["name"] == "Crab </script> Notes"
    assert data["url"] == "https://crab.example/"
    target = data["potentialAction"]["target"]
    assert target == "https://crab.example/search/?q={search_term_string}"
    assert meta(doc, "description") == "Small & steady."


def test_updated_date_shows_on_the_post_page(out: Path) -> None:
    doc = page(out, "posts/evil/index.html")
    updated = doc.xpath('//*[@class="updated"]//time/@datetime')
    assert updated == ["2026-01-15T00:00:00+00:00"]
