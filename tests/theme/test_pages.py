"""The pages readers expect: /posts/, /courses/, the nav, the footer, the search page."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from wren.build import BuildOptions, build_site

MS = 10_000  # Playwright counts in milliseconds


@pytest.mark.browser
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_posts_page_lists_every_post_by_year_newest_first(
    tab_at: Any, demo_url: str, width: str
) -> None:
    tab = tab_at(width)
    tab.goto(demo_url + "/")
    tab.get_by_role("navigation", name="Site").get_by_role("link", name="Posts").click()
    tab.wait_for_url(demo_url + "/posts/")
    assert tab.locator("h1").inner_text() == "Posts"
    years = [y.split()[0] for y in tab.locator(".year-heading").all_inner_texts()]
    assert years == ["2026", "2025"]
    dates = tab.locator(".archive-list time").evaluate_all("ts => ts.map(t => t.dateTime)")
    titles = tab.locator(".archive-list a").all_inner_texts()
    assert len(dates) == len(titles) >= 30 and dates == sorted(dates, reverse=True)
    front = tab_at(width)
    front.goto(demo_url + "/")
    assert front.locator(".posts h3 a").all_inner_texts() == titles
    current = tab.get_by_role("navigation", name="Site").locator("[aria-current]")
    assert current.inner_text() == "Posts" and current.get_attribute("aria-current") == "page"


@pytest.mark.browser
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_courses_page_lists_every_course_with_chapters_and_time(
    tab_at: Any, wide_url: str, width: str
) -> None:
    tab = tab_at(width)
    tab.goto(wide_url + "/courses/")
    assert tab.locator("h1").inner_text() == "Courses"
    courses = tab.locator(".course-entry")
    assert courses.locator(".entry-title").all_inner_texts() == ["One Shot", "Walking Sideways"]
    meta = courses.locator(".meta").all_inner_texts()
    assert re.fullmatch(r"1 chapter · \d+ min read in total", meta[0])
    assert re.fullmatch(r"2 chapters · \d+ min read in total", meta[1])
    nav = tab.get_by_role("navigation", name="Site")
    assert nav.locator("[aria-current=page]").inner_text() == "Courses"
    courses.get_by_role("link", name="One Shot").click()
    tab.wait_for_url(wide_url + "/courses/one-shot/")
    assert "1 chapter ·" in tab.locator(".page-header .meta").inner_text()
    assert nav.locator("[aria-current]").get_attribute("aria-current") == "true"


@pytest.mark.browser
def test_nav_marks_the_section_of_each_page(tab_at: Any, demo_url: str) -> None:
    tab = tab_at("desktop")
    expected = {
        "/": None,
        "/posts/string-vs-str/": ("Posts", "true"),
        "/courses/learn-rust/": ("Learn Rust with Wren", "page"),
        "/courses/learn-rust/borrowing/": ("Learn Rust with Wren", "true"),
        "/tags/": ("Tags", "page"),
        "/tags/borrowing/": ("Tags", "true"),
        "/about/": ("About", "page"),
    }
    seen = {}
    for path in expected:
        tab.goto(demo_url + path)
        marked = tab.get_by_role("navigation", name="Site").locator("[aria-current]")
        seen[path] = (
            (marked.inner_text(), marked.get_attribute("aria-current")) if marked.count() else None
        )
    assert seen == expected
    tab.goto(demo_url + "/")
    assert tab.locator(".site-title").get_attribute("aria-current") == "page"


@pytest.mark.browser
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_footer_links_the_feeds_and_stays_at_the_bottom_of_a_short_page(
    tab_at: Any, wide_url: str, width: str
) -> None:
    tab = tab_at(width)
    tab.goto(wide_url + "/posts/short/")
    footer = tab.locator("footer.site-footer")
    for name, path in (("Atom", "/feed.xml"), ("RSS", "/rss.xml")):
        href = footer.get_by_role("link", name=name).get_attribute("href")
        assert href == path
        assert tab.request.get(wide_url + href).ok
    box = footer.bounding_box()
    window = tab.viewport_size["height"]
    assert box["y"] + box["height"] == pytest.approx(window, abs=1)


@pytest.mark.browser
def test_count_line_wraps_between_counts_not_inside_them(tab_at: Any, demo_url: str) -> None:
    tab = tab_at("phone")
    tab.set_viewport_size({"width": 320, "height": 700})
    tab.goto(demo_url + "/")
    counts = tab.locator(".counts")
    listed = tab.locator(".posts h3").count()
    assert listed >= 30
    assert counts.inner_text() == f"{listed} posts · 12 course chapters."
    box = counts.bounding_box()
    assert box["height"] < 40, "one line, not split inside a count"
    assert box["x"] + box["width"] <= 320


@pytest.mark.browser
def test_search_page_has_one_box_keeps_the_query_and_uses_the_site_font(
    tab_at: Any, demo_url: str
) -> None:
    tab = tab_at("desktop")
    tab.goto(demo_url + "/search/?q=borrow")
    assert tab.get_by_role("searchbox").count() + tab.get_by_role("textbox").count() == 1
    first = tab.locator(".pagefind-ui__result").first
    first.wait_for(timeout=MS)
    body_font = tab.evaluate("getComputedStyle(document.body).fontFamily")
    assert first.evaluate("r => getComputedStyle(r).fontFamily") == body_font
    excerpts = " ".join(tab.locator(".pagefind-ui__result-excerpt").all_inner_texts())
    assert "#" not in excerpts, "no tag text in excerpts"
    tab.locator(".pagefind-ui__search-input").fill("ownership")
    tab.wait_for_url(demo_url + "/search/?q=ownership", timeout=MS)
    tab.reload()
    assert tab.locator(".pagefind-ui__search-input").input_value() == "ownership"


def test_default_favicon_is_linked_and_a_site_can_replace_it(
    make_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = """
    -- site.toml --
    title = "Icons"
    base_url = "https://icons.example/"
    -- content/posts/2026-01-01-a.md --
    ---
    title: "A"
    date: 2026-01-01
    ---
    Body.
    """
    default = tmp_path / "default"
    build_site(make_site(site), BuildOptions(output_dir=default, search=False))
    assert '<link rel="icon" href="/favicon.svg"' in (default / "index.html").read_text()
    assert (default / "favicon.svg").read_text().startswith("<svg")
    own = tmp_path / "own"
    mine = textwrap.dedent(site) + '-- static/favicon.svg --\n<svg id="mine"></svg>\n'
    build_site(make_site(mine), BuildOptions(output_dir=own, search=False))
    assert (own / "favicon.svg").read_text() == '<svg id="mine"></svg>\n'
