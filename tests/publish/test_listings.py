"""/llms.txt and /index.json: the site as plain text and as JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Build = Callable[..., Path]

SITE = """
-- site.toml --
title = "Crab Notes"
tagline = "Learning Rust, one claw at a time."
base_url = "https://crab.example/"
words_per_minute = 2
-- content/posts/2026-01-01-first.md --
---
title: "First [post] & more"
date: 2026-01-01
updated: 2026-01-09
description: "The first one."
tags: ["rust", "meta"]
---
One two three four five.
-- content/posts/2026-02-01-second.md --
---
title: "Second"
date: 2026-02-01
---
The second summary,
on two lines.
-- content/courses/intro/_index.md --
---
title: "Intro"
description: "Learn the basics."
---
-- content/courses/intro/01-start.md --
---
title: "Start"
description: "Where to begin."
---
One.
"""


@pytest.fixture
def out(build: Build) -> Path:
    return build(SITE)


def test_llms_txt_maps_the_site_title_tagline_courses_and_posts(out: Path) -> None:
    text = (out / "llms.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Crab Notes"
    assert "> Learning Rust, one claw at a time." in lines
    assert "### [Intro](https://crab.example/courses/intro/)" in lines
    assert (
        "- [Chapter 1: Start](https://crab.example/courses/intro/start/): Where to begin." in lines
    )
    posts = lines[lines.index("## Posts") :]
    assert posts[2:4] == [
        "- [Second](https://crab.example/posts/second/) (2026-02-01): "
        "The second summary, on two lines.",
        "- [First \\[post\\] & more](https://crab.example/posts/first/) (2026-01-01): "
        "The first one.",
    ]
    assert text.index("## Courses") < text.index("## Posts")


def test_index_json_lists_posts_and_chapters_with_their_facts(out: Path) -> None:
    data: dict[str, Any] = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert data["title"] == "Crab Notes"
    assert data["url"] == "https://crab.example/"
    first = next(page for page in data["pages"] if page["url"].endswith("/first/"))
    assert first == {
        "kind": "post",
        "title": "First [post] & more",
        "url": "https://crab.example/posts/first/",
        "date": "2026-01-01T00:00:00+00:00",
        "updated": "2026-01-09T00:00:00+00:00",
        "tags": ["rust", "meta"],
        "reading_minutes": 3,
        "summary": "The first one.",
    }
    chapter = data["pages"][-1]
    assert chapter["kind"] == "chapter"
    assert chapter["url"] == "https://crab.example/courses/intro/start/"
    assert chapter["course"] == {"title": "Intro", "url": "https://crab.example/courses/intro/"}
    assert (chapter["chapter"], chapter["date"], chapter["tags"]) == (1, None, [])
    assert [page["kind"] for page in data["pages"]] == ["post", "post", "chapter"]
