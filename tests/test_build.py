"""Whole sites written inline, built, and read back from the output folder."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from support import NOW
from support import read_text as read
from wren.build import BuildOptions, build_site
from wren.errors import ContentError, ErrorGroup, WrenError

BLOG = """
-- site.toml --
title = "Crab Notes"
tagline = "Small steps."
-- content/posts/2025-12-30-old-news.md --
---
title: "Old News"
date: 2025-12-30
tags: ["Rust", "meta"]
---
The first paragraph of an old post, which becomes its summary because it has no description.

## Details

More words.
-- content/posts/2026-02-01-fresh.md --
---
title: "Fresh <Things> & Stuff"
date: 2026-02-01
description: "A post whose description is long enough to be cut on listing pages, because it goes on and on well past the limit of one hundred and fifty characters, which is plenty."
tags: ["rust"]
---
See [the old one](2025-12-30-old-news.md#details) and [chapter one](../courses/intro/01-start.md).

<div class="raw">raw html passes</div>
-- content/posts/2026-03-01-draft.md --
---
title: "Unfinished"
date: 2026-03-01
draft: true
---
Draft body.
-- content/courses/intro/_index.md --
---
title: "Intro Course"
description: "Learn the basics."
---
Welcome.
-- content/courses/intro/01-start.md --
---
title: "Start Here"
---
## Setup

Install things.

## Setup

Again.
-- content/courses/intro/02-next.md --
---
title: "Next Steps"
---
Keep going.
"""


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def blog(make_site: Callable[[str], Path]) -> Path:
    site = make_site(BLOG)
    build_site(site, BuildOptions(now=NOW))
    return site / "public"


def test_front_page_shows_title_tagline_and_count_line(blog: Path) -> None:
    page = text_of(read(blog, "index.html"))
    assert "Crab Notes" in page
    assert "Small steps. 2 posts · 2 course chapters." in page


def test_front_page_groups_posts_by_year_newest_first(blog: Path) -> None:
    page = text_of(read(blog, "index.html"))
    assert page.index("2026") < page.index("Fresh") < page.index("2025") < page.index("Old News")


def test_front_page_entries_show_reading_time_and_cut_summary(blog: Path) -> None:
    page = text_of(read(blog, "index.html"))
    assert "· 1 min read" in page
    assert "well past the limit of one hundred and fifty characters,..." in page
    assert "The first paragraph of an old post, which becomes its summary" in page


def test_drafts_are_left_out_of_pages_and_counts(blog: Path) -> None:
    assert not (blog / "posts/draft").exists()
    assert "Unfinished" not in read(blog, "index.html")


def test_titles_are_escaped_and_raw_html_in_bodies_passes(blog: Path) -> None:
    page = read(blog, "posts/fresh/index.html")
    assert "<h1>Fresh &lt;Things&gt; &amp; Stuff" in page
    assert '<div class="raw">raw html passes</div>' in page


def test_links_to_source_files_become_page_urls(blog: Path) -> None:
    page = read(blog, "posts/fresh/index.html")
    assert 'href="/posts/old-news/#details"' in page
    assert 'href="/courses/intro/start/"' in page


def test_post_page_has_time_tags_and_neighbours(blog: Path) -> None:
    page = read(blog, "posts/old-news/index.html")
    assert '<time datetime="2025-12-30T00:00:00+00:00">December 30, 2025</time>' in page
    assert 'href="/tags/rust/" rel="tag">#Rust</a>' in page
    assert 'rel="next" href="/posts/fresh/"' in page


def test_tags_fold_case_into_one_page(blog: Path) -> None:
    page = text_of(read(blog, "tags/rust/index.html"))
    assert "2 posts" in page and "Old News" in page and "Fresh" in page
    assert "#meta" in text_of(read(blog, "tags/index.html"))


def test_course_page_lists_chapters_in_order_with_total_time(blog: Path) -> None:
    page = text_of(read(blog, "courses/intro/index.html"))
    assert "Intro Course" in page and "Learn the basics." in page
    assert page.index("1 Start Here") < page.index("2 Next Steps")
    assert "2 chapters · 2 min read in total" in page


def test_chapter_page_says_where_it_is_and_has_a_table_of_contents(blog: Path) -> None:
    page = read(blog, "courses/intro/start/index.html")
    assert "Chapter 1 of 2" in text_of(page)
    assert '<a href="#setup">Setup</a>' in page and '<a href="#setup-1">Setup</a>' in page
    assert '<h2 id="setup-1">' in page
    assert 'rel="next" href="/courses/intro/next/"' in page


def test_not_found_page_is_written(blog: Path) -> None:
    assert "Page not found" in read(blog, "404.html")


def test_drafts_flag_includes_drafts_with_a_badge(make_site: Callable[[str], Path]) -> None:
    site = make_site(BLOG)
    build_site(site, BuildOptions(include_drafts=True, now=NOW))
    page = read(site / "public", "index.html")
    assert "Unfinished" in page and "Draft</span>" in page
    assert "3 posts" in page


def test_singular_count_line(make_site: Callable[[str], Path]) -> None:
    site = make_site(
        """
        -- site.toml --
        title = "One"
        -- content/posts/a.md --
        ---
        title: A
        date: 2026-01-01
        ---
        Hi.
        -- content/courses/c/01-only.md --
        ---
        title: Only
        ---
        Hi.
        """
    )
    build_site(site, BuildOptions(now=NOW))
    assert "1 post · 1 course chapter" in read(site / "public", "index.html")


def test_two_files_claiming_one_url_fail_naming_both(make_site: Callable[[str], Path]) -> None:
    site = make_site(
        """
        -- site.toml --
        title = "Clash"
        -- content/posts/2026-01-01-hello.md --
        ---
        title: A
        date: 2026-01-01
        ---
        -- content/posts/2026-02-01-Hello.md --
        ---
        title: B
        date: 2026-02-01
        ---
        """
    )
    with pytest.raises(ContentError) as caught:
        build_site(site, BuildOptions(now=NOW))
    message = str(caught.value)
    assert "content/posts/2026-01-01-hello.md" in message
    assert "content/posts/2026-02-01-Hello.md" in message
    assert "/posts/hello/" in message


def test_every_broken_file_is_reported_at_once(make_site: Callable[[str], Path]) -> None:
    site = make_site(
        """
        -- site.toml --
        title = "Broken"
        -- content/posts/a.md --
        ---
        title: A
        ---
        -- content/posts/b.md --
        ---
        title: B
        date: 2026-01-01
        draft: maybe
        ---
        """
    )
    with pytest.raises(ErrorGroup) as caught:
        build_site(site, BuildOptions(now=NOW))
    assert [str(e.location) for e in caught.value.errors] == [
        "content/posts/a.md:1",
        "content/posts/b.md:4",
    ]


def test_failed_build_leaves_previous_output_untouched(make_site: Callable[[str], Path]) -> None:
    site = make_site(BLOG)
    build_site(site, BuildOptions(now=NOW))
    before = {p: p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()}
    (site / "content/posts/2026-02-01-fresh.md").write_text("---\ntitle: [\n---\n")
    with pytest.raises(WrenError):
        build_site(site, BuildOptions(now=NOW))
    after = {p: p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()}
    assert after == before
    assert not list(site.glob(".public.*"))


def test_unchanged_files_keep_their_inode_and_removed_pages_disappear(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site(BLOG)
    build_site(site, BuildOptions(now=NOW))
    inode = (site / "public/courses/intro/next/index.html").stat().st_ino
    (site / "content/posts/2025-12-30-old-news.md").unlink()
    result = build_site(site, BuildOptions(now=NOW))
    assert (site / "public/courses/intro/next/index.html").stat().st_ino == inode
    assert not (site / "public/posts/old-news").exists()
    assert result.stats.removed >= 1 and result.stats.unchanged >= 1


def test_site_templates_override_theme_templates(make_site: Callable[[str], Path]) -> None:
    site = make_site(
        BLOG
        + """
-- templates/404.html --
Custom {{ config.title }} 404
-- static/robots-extra.txt --
hello
"""
    )
    build_site(site, BuildOptions(now=NOW))
    assert read(site / "public", "404.html").strip() == "Custom Crab Notes 404"
    assert read(site / "public", "robots-extra.txt") == "hello\n"


def test_template_error_names_the_template_and_line(make_site: Callable[[str], Path]) -> None:
    site = make_site(BLOG + "\n-- templates/404.html --\nline one\n{{ nope.attr }}\n")
    with pytest.raises(WrenError, match=r"templates/404\.html:2: template error"):
        build_site(site, BuildOptions(now=NOW))


def test_code_is_highlighted_and_headings_get_anchor_links(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site(
        """
        -- site.toml --
        title = "Code"
        -- content/posts/a.md --
        ---
        title: A
        date: 2026-01-01
        ---
        ## Hello *there*

        ```rust
        # fn secret_helper() {}
        fn main() { println!("hi"); }
        ```

        | a | b |
        |---|---|
        | 1 | 2 |

        - [x] done

        ~~gone~~ and a note[^1] and https://example.org

        [^1]: The note.
        """
    )
    build_site(site, BuildOptions(now=NOW))
    page = read(site / "public", "posts/a/index.html")
    assert '<h2 id="hello-there">Hello <em>there</em> <a class="anchor" href="#hello-there"' in page
    assert '<span class="nf">main</span>' in page
    assert "secret_helper" not in page
    assert "<table>" in page and 'type="checkbox"' in page and "<del>gone</del>" in page
    assert 'href="#fn-1"' in page and '<a href="https://example.org">' in page
    assert ".highlight" in read(site / "public", "pygments.css")


def test_page_bundle_files_are_copied_beside_the_post(make_site: Callable[[str], Path]) -> None:
    site = make_site(
        """
        -- site.toml --
        title = "Bundle"
        -- content/posts/trip/index.md --
        ---
        title: Trip
        date: 2026-01-01
        ---
        ![A map](map.svg)
        -- content/posts/trip/map.svg --
        <svg xmlns="http://www.w3.org/2000/svg"/>
        """
    )
    build_site(site, BuildOptions(now=NOW))
    assert (site / "public/posts/trip/map.svg").exists()
    assert 'src="map.svg" alt="A map"' in read(site / "public", "posts/trip/index.html")
