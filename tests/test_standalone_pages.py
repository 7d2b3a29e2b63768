"""Standalone pages: ``content/pages/**/*.md`` become pages such as ``/about/``, and the
site's nav is set in ``site.toml``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from support import NOW, read_text
from wren.build import BuildOptions, build_site
from wren.errors import WrenError

SITE = """
-- site.toml --
title = "T"
base_url = "https://example.org/"
-- content/posts/2026-01-01-hello.md --
---
title: Hello
tags: [rust]
---
A post.
-- content/pages/about.md --
---
title: About me
description: Who writes here.
aliases: ["/me/"]
---
I write about **Rust**.
-- content/pages/docs/setup.md --
---
title: Setup
---
Install it.
-- content/pages/docs/index.md --
---
title: Docs
---
The docs.
"""


def build(make_site: Callable[[str], Path], text: str = SITE) -> Path:
    site = make_site(text)
    build_site(site, BuildOptions(now=NOW, search=False))
    return site / "public"


def test_pages_are_written_at_their_path_under_content_pages(
    make_site: Callable[[str], Path],
) -> None:
    out = build(make_site)
    about = read_text(out, "about/index.html")
    assert "<h1>About me</h1>" in about
    assert "<strong>Rust</strong>" in about
    assert "<h1>Setup</h1>" in read_text(out, "docs/setup/index.html")
    assert "<h1>Docs</h1>" in read_text(out, "docs/index.html")
    assert 'href="https://example.org/about/"' in read_text(out, "me/index.html")


def test_a_page_has_no_date_or_reading_time_and_is_in_no_listing_of_posts(
    make_site: Callable[[str], Path],
) -> None:
    out = build(make_site)
    about = read_text(out, "about/index.html")
    assert "<time" not in about and "min read" not in about
    for listing in ("index.html", "posts/index.html", "tags/rust/index.html", "feed.xml"):
        assert "About me" not in read_text(out, listing), listing


def test_pages_are_in_the_sitemap_llms_txt_and_index_json(
    make_site: Callable[[str], Path],
) -> None:
    out = build(make_site)
    assert "<loc>https://example.org/docs/setup/</loc>" in read_text(out, "sitemap.xml")
    assert "- [About me](https://example.org/about/): Who writes here." in read_text(
        out, "llms.txt"
    )
    records = json.loads(read_text(out, "index.json"))["pages"]
    assert {"kind": "page", "title": "Setup"}.items() <= records[-1].items()


def test_a_page_is_in_the_search_index_body(make_site: Callable[[str], Path]) -> None:
    out = build(make_site)
    assert "data-pagefind-body" in read_text(out, "about/index.html")


def test_a_page_may_name_its_own_template(make_site: Callable[[str], Path]) -> None:
    out = build(
        make_site,
        SITE
        + "-- templates/plain.html --\n<p>{{ page.title }}|{{ body }}</p>\n"
        + "-- content/pages/plain.md --\n---\ntitle: Plain\ntemplate: plain.html\n---\nX\n",
    )
    assert read_text(out, "plain/index.html") == "<p>Plain|<p>X</p>\n</p>"


def test_a_page_and_a_post_on_one_url_fail_naming_both(make_site: Callable[[str], Path]) -> None:
    text = SITE.replace('base_url = "https://example.org/"', '[permalinks]\nposts = "/:slug/"')
    text += "-- content/posts/2026-01-02-about.md --\n---\ntitle: A post about\n---\nX\n"
    with pytest.raises(WrenError) as raised:
        build(make_site, text)
    message = str(raised.value)
    assert "content/pages/about.md" in message and "content/posts/2026-01-02-about.md" in message
    assert "both claim the URL /about/" in message


def test_a_page_on_a_listing_url_fails_naming_the_page(make_site: Callable[[str], Path]) -> None:
    text = SITE + "-- content/pages/posts.md --\n---\ntitle: Posts\n---\nX\n"
    with pytest.raises(WrenError) as raised:
        build(make_site, text)
    assert str(raised.value).startswith(
        "content/pages/posts.md:1: content/pages/posts.md and the list of posts both claim"
    )


def test_a_page_without_a_title_is_an_error_at_its_file(make_site: Callable[[str], Path]) -> None:
    with pytest.raises(WrenError) as raised:
        build(make_site, SITE + "-- content/pages/x.md --\n---\ndescription: no title\n---\n")
    assert "content/pages/x.md:1: missing required field `title`" in str(raised.value)


def test_a_draft_page_is_left_out_unless_drafts_are_built(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site(SITE + "-- content/pages/soon.md --\n---\ntitle: Soon\ndraft: true\n---\n")
    build_site(site, BuildOptions(now=NOW, search=False))
    assert not (site / "public/soon/index.html").exists()
    build_site(site, BuildOptions(now=NOW, search=False, include_drafts=True))
    assert "Draft" in read_text(site / "public", "soon/index.html")


NAV = """
[[nav]]
name = "Posts"
url = "/posts/"

[[nav]]
name = "About"
url = "/about/"

[[nav]]
name = "Code"
url = "https://example.com/code"
"""


def test_the_nav_of_site_toml_replaces_the_default_and_marks_the_current_entry(
    make_site: Callable[[str], Path],
) -> None:
    out = build(make_site, SITE.replace('base_url = "https://example.org/"\n', NAV))
    about = read_text(out, "about/index.html")
    assert '<a href="/about/" aria-current="page">About</a>' in about
    assert '<a href="https://example.com/code">Code</a>' in about
    assert ">Tags</a>" not in about.split("</nav>")[0]
    post = read_text(out, "posts/hello/index.html")
    assert '<a href="/posts/" aria-current="true">Posts</a>' in post
    assert '<a href="/about/">About</a>' in post


def test_without_a_nav_the_theme_lists_posts_and_tags(make_site: Callable[[str], Path]) -> None:
    nav = read_text(build(make_site), "about/index.html").split("</nav>")[0].split("<nav")[1]
    assert ">Posts</a>" in nav and ">Tags</a>" in nav and "About" not in nav


def test_a_broken_link_in_a_page_is_reported_at_its_line(make_site: Callable[[str], Path]) -> None:
    from wren.check import CheckOptions, LoadOptions, run_checks

    site = make_site(SITE + "-- content/pages/links.md --\n---\ntitle: L\n---\n\n[x](/nowhere/)\n")
    options = CheckOptions(checks=frozenset({"links"}), load=LoadOptions(now=NOW, jobs=1))
    found = [f"{d.location}: {d.message}" for d in run_checks(site, options).diagnostics]
    assert found == [
        "content/pages/links.md:5:1: broken link `/nowhere/`: no page or file at /nowhere/"
    ]


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ("-- static/about/index.html --\n<p>old</p>\n", "static/about/index.html"),
        (
            '-- content/posts/2026-02-01-x.md --\n---\ntitle: X\naliases: ["/about/"]\n---\nX.\n',
            "content/posts/2026-02-01-x.md",
        ),
    ],
)
def test_a_file_or_alias_on_a_pages_path_fails_naming_both(
    extra: str, named: str, make_site: Callable[[str], Path]
) -> None:
    with pytest.raises(WrenError) as raised:
        build(make_site, SITE + extra)
    message = str(raised.value)
    assert named in message and "content/pages/about.md" in message


def test_a_nav_entry_to_no_page_is_one_error_at_its_line_in_site_toml(
    make_site: Callable[[str], Path],
) -> None:
    from wren.check import CheckOptions, LoadOptions, run_checks

    site = make_site(SITE.replace('base_url = "https://example.org/"\n', NAV + NAV_TO_NOWHERE))
    options = CheckOptions(checks=frozenset({"links"}), load=LoadOptions(now=NOW, jobs=1))
    found = [f"{d.location}: {d.message}" for d in run_checks(site, options).diagnostics]
    assert len(found) == 1
    assert found[0].startswith("site.toml:17: broken link `/gone/`: no page or file at /gone/")


NAV_TO_NOWHERE = """
[[nav]]
name = "Gone"
url = "/gone/"
"""


def test_a_page_naming_a_missing_template_is_an_error_at_the_page(
    make_site: Callable[[str], Path],
) -> None:
    with pytest.raises(WrenError) as raised:
        build(
            make_site, SITE + "-- content/pages/w.md --\n---\ntitle: W\ntemplate: wide.html\n---\n"
        )
    assert str(raised.value).startswith(
        "content/pages/w.md: the template `wide.html` is in neither templates/ nor the theme"
    )
