"""Permalinks: ``[permalinks]`` in site.toml sets the URL of posts, chapters, pages and tags;
a front matter ``slug`` is used as written."""

from __future__ import annotations

import contextlib
import re
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from support import NOW, read_text
from wren.build import BuildOptions, build_site
from wren.check import CheckOptions, LoadOptions, run_checks
from wren.config import parse_config
from wren.errors import Severity, WrenError

Serve = Callable[[Path], contextlib.AbstractContextManager[str]]

CONTENT = """
-- content/posts/2026-01-05-hello.md --
---
title: Hello World
tags: [Rust]
aliases: ["/old/hello/"]
---
See [the next one](2026-02-07-second.md#part) and [about](../pages/about.md).
-- content/posts/2026-02-07-second.md --
---
title: Second
slug: Rust-1.88
tags: [Rust]
---
## Part
Back to [hello](2026-01-05-hello.md).
-- content/pages/about.md --
---
title: About
---
About.
-- content/courses/learn/_index.md --
---
title: Learn
---
-- content/courses/learn/01-start.md --
---
title: Start
---
First [next](02-next.md).
-- content/courses/learn/02-next.md --
---
title: Next
---
Second.
"""

PATTERNS = {
    "dated folders": (
        '[permalinks]\nposts = "/:year/:month/:day/:slug/"\n',
        ["2026/01/05/hello/", "2026/02/07/Rust-1.88/"],
    ),
    "a blog folder": ('[permalinks]\nposts = "/blog/:slug/"\n', ["blog/hello/"]),
    "the root": ('[permalinks]\nposts = "/:slug/"\n', ["hello/", "Rust-1.88/"]),
    "html files": (
        '[permalinks]\nposts = "/:year/:slug.html"\npages = "/:path.html"\n',
        ["2026/hello.html", "2026/Rust-1.88.html", "about.html"],
    ),
    "titles, chapters and tags": (
        '[permalinks]\nposts = "/p/:title/"\nchapters = "/learn-:course/:slug/"\n'
        'tags = "/topics/:slug/"\n',
        ["p/hello-world/", "learn-learn/next/", "topics/rust/"],
    ),
}


def build(make_site: Callable[[str], Path], permalinks: str) -> Path:
    toml = f'-- site.toml --\ntitle = "T"\nbase_url = "https://example.org/"\n{permalinks}'
    site = make_site(toml + CONTENT)
    build_site(site, BuildOptions(now=NOW, search=False))
    return site


@pytest.mark.parametrize("name", PATTERNS)
def test_every_url_of_the_sitemap_is_served_under_each_pattern(
    name: str, make_site: Callable[[str], Path], serve_folder: Serve
) -> None:
    permalinks, expected = PATTERNS[name]
    site = build(make_site, permalinks)
    sitemap = read_text(site / "public", "sitemap.xml")
    locs = re.findall(r"<loc>https://example.org/([^<]*)</loc>", sitemap)
    assert set(expected) <= set(locs)
    with serve_folder(site / "public") as base:
        for loc in [*locs, "old/hello/", "feed.xml", "tags/"]:
            with urllib.request.urlopen(f"{base}/{loc}") as response:
                assert response.status == 200, loc
                if loc.endswith((".html", "/")):
                    assert response.headers.get_content_type() == "text/html", loc


@pytest.mark.parametrize("name", PATTERNS)
def test_every_link_of_the_site_resolves_under_each_pattern(
    name: str, make_site: Callable[[str], Path]
) -> None:
    site = build(make_site, PATTERNS[name][0])
    options = CheckOptions(checks=frozenset({"links"}), load=LoadOptions(now=NOW, jobs=1))
    report = run_checks(site, options)
    assert [str(d.location) + d.message for d in report.diagnostics] == []


def test_feeds_aliases_and_source_links_follow_the_pattern(
    make_site: Callable[[str], Path],
) -> None:
    out = build(make_site, '[permalinks]\nposts = "/:year/:slug.html"\n') / "public"
    assert "https://example.org/2026/hello.html" in read_text(out, "feed.xml")
    assert 'href="https://example.org/2026/hello.html"' in read_text(out, "old/hello/index.html")
    assert 'href="/2026/Rust-1.88.html#part"' in read_text(out, "2026/hello.html")
    assert "https://example.org/2026/Rust-1.88.html" in read_text(out, "llms.txt")


def test_the_default_patterns_keep_todays_urls() -> None:
    links = parse_config('title = "T"').permalinks
    assert (links.posts, links.chapters, links.pages, links.tags) == (
        "/posts/:slug/",
        "/courses/:course/:slug/",
        "/:path/",
        "/tags/:slug/",
    )


def test_an_explicit_slug_is_used_as_written(make_site: Callable[[str], Path]) -> None:
    out = build(make_site, "") / "public"
    assert "<h1>Second</h1>" in read_text(out, "posts/Rust-1.88/index.html")


@pytest.mark.parametrize(
    ("slug", "problem"),
    [
        ('"a/b"', "holds a `/`"),
        ('".."', "is `..`"),
        ('"two words"', "holds a space or a control character"),
        ('"tab\\there"', "holds a space or a control character"),
        ('"what?"', "holds a `?`"),
    ],
)
def test_a_slug_that_cannot_be_a_url_segment_is_an_error_at_its_line(
    slug: str, problem: str, make_site: Callable[[str], Path]
) -> None:
    site = make_site(
        '-- site.toml --\ntitle = "T"\n'
        f"-- content/posts/2026-01-01-a.md --\n---\ntitle: A\nslug: {slug}\n---\nA.\n"
    )
    with pytest.raises(WrenError) as raised:
        build_site(site, BuildOptions(now=NOW, search=False))
    assert str(raised.value).startswith("content/posts/2026-01-01-a.md:3: the slug ")
    assert problem in str(raised.value)


def test_date_stripped_slugs_that_collide_fail_naming_both_files(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site(
        '-- site.toml --\ntitle = "T"\n'
        "-- content/posts/2019-01-01-fn-types.md --\n---\ntitle: Fn types\n---\nA.\n"
        "-- content/posts/2026-01-01-fn-types.md --\n---\ntitle: Fn types again\n---\nB.\n"
    )
    with pytest.raises(WrenError) as raised:
        build_site(site, BuildOptions(now=NOW, search=False))
    assert str(raised.value).splitlines()[0] == (
        "content/posts/2026-01-01-fn-types.md:1: content/posts/2026-01-01-fn-types.md and "
        "content/posts/2019-01-01-fn-types.md both claim the URL /posts/fn-types/"
    )
    (site / "site.toml").write_text('title = "T"\n[permalinks]\nposts = "/:year/:slug/"\n')
    build_site(site, BuildOptions(now=NOW, search=False))
    assert (site / "public/2019/fn-types/index.html").is_file()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('posts = "/:year/:name/"', "site.toml:4: the permalink of posts has the unknown token"),
        ('posts = "/posts/:slug"', "site.toml:4: the permalink of posts must end in /"),
        ('tags = "/t/:slug.html"', "site.toml:4: the permalink of tags must end in /"),
        ('posts = "/:year/"', "site.toml:4: the permalink of posts must hold `:slug` or"),
        ('posts = "blog/:slug/"', "site.toml:4: the permalink of posts must start with /"),
        ('chapters = "/c/:year/:slug/"', "site.toml:4: the permalink of chapters has the unknown"),
        ('drafts = "/d/:slug/"', "site.toml:4: unknown permalink kind `drafts`"),
        ("posts = 3", "site.toml:4: the permalink of posts must be text"),
    ],
)
def test_a_bad_permalink_is_an_error_at_its_line_in_site_toml(toml: str, message: str) -> None:
    with pytest.raises(WrenError) as raised:
        parse_config(f'title = "T"\n\n[permalinks]\n{toml}\n')
    assert str(raised.value).startswith(message)


def test_bad_nav_entries_are_errors_at_their_lines() -> None:
    text = (
        'title = "T"\n[[nav]]\nname = "A"\nurl = "/a/"\n'
        '[[nav]]\nname = "B"\nurl = "b/"\n'
        '[[nav]]\nurl = "/c/"\n'
        '[[nav]]\nname = "D"\nurl = "/d/"\nicon = "x"\n'
    )
    with pytest.raises(WrenError) as raised:
        parse_config(text)
    lines = [line for line in str(raised.value).splitlines() if not line.startswith(" ")]
    assert lines == [
        "site.toml:7: the nav entry 'B' needs a `url`: a site path or an http(s) address",
        "site.toml:8: a nav entry needs a `name` (text)",
        "site.toml:10: unknown key `icon` in a nav entry",
    ]


def test_unknown_files_under_content_are_warnings_in_build_and_check(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site(
        '-- site.toml --\ntitle = "T"\n'
        "-- content/about.md --\n---\ntitle: About\n---\n"
        "-- content/posts/notes.txt --\nnotes\n"
        "-- content/posts/2026-01-01-a.markdown --\n---\ntitle: A\n---\nA.\n"
        "-- content/posts/b/index.md --\n---\ntitle: B\ndate: 2026-01-02\n---\n![x](x.png)\n"
        "-- content/posts/b/x.png --\npng\n"
        "-- content/posts/b/draft.txt --\nkept with the bundle\n"
    )
    result = build_site(site, BuildOptions(now=NOW, search=False))
    assert (site / "public/posts/a/index.html").is_file()
    warned = [note for note in result.notes if note.startswith("warning:")]
    assert [note.split(" (")[0] for note in warned] == [
        "warning: content/about.md: not published: not a post, chapter, course or page",
        "warning: content/posts/notes.txt: not published: neither Markdown nor a known asset",
    ]
    report = run_checks(site, CheckOptions(load=LoadOptions(now=NOW, jobs=1), use_cache=False))
    warnings = [
        str(d.location)
        for d in report.diagnostics
        if d.severity is Severity.WARNING and "not published" in d.message
    ]
    assert warnings == ["content/about.md", "content/posts/notes.txt"]
