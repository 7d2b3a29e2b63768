"""What a reader sees of the demo site, in a real Chromium."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from wren.build import BuildOptions, build_site

DEMO = Path(__file__).parent.parent / "examples" / "wren-learns-rust"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_url(
    tmp_path_factory: pytest.TempPathFactory,
    serve_folder: Callable[[Path], contextlib.AbstractContextManager[str]],
) -> Iterator[str]:
    out = tmp_path_factory.mktemp("demo") / "public"
    build_site(
        DEMO, BuildOptions(output_dir=out, use_cache=False)
    )  # nothing written in the checkout
    with serve_folder(out) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = browser.new_page()
    yield tab
    tab.close()


def test_front_page_shows_title_tagline_counts_and_year_groups(page: Any, demo_url: str) -> None:
    page.goto(demo_url + "/")
    assert page.title() == "Wren Learns Rust"
    assert page.locator("h1").inner_text() == "Wren Learns Rust"
    tagline = page.locator(".tagline").inner_text()
    assert re.fullmatch(
        r"A crab learning Rust the hard way\. \d+ posts · 12 course chapters\.", tagline
    )
    years = page.locator(".year-heading").all_inner_texts()
    assert years == ["2026", "2025"]


def test_front_page_entries_have_title_reading_time_and_summary(page: Any, demo_url: str) -> None:
    page.goto(demo_url + "/")
    entries = page.locator(".posts article.entry")
    assert entries.count() >= 12
    for index in range(entries.count()):
        entry = entries.nth(index)
        assert entry.locator("h3 a").inner_text().strip()
        assert re.search(r"· \d+ min read", entry.locator(".reading-time").inner_text())
        summary = entry.locator(".summary").inner_text()
        assert len(summary) <= 153
    cut = [s for s in page.locator(".posts .summary").all_inner_texts() if s.endswith("...")]
    assert cut == [], "every demo post has a description short enough to show whole"


def test_post_page_opens_from_the_front_page(page: Any, demo_url: str) -> None:
    page.goto(demo_url + "/")
    first = page.locator(".posts article.entry h3 a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith(title)
    assert page.locator("article time[datetime]").count() >= 1
    assert page.locator("ul.tags a[rel=tag]").count() >= 1
    assert page.locator("nav.pager a[rel=prev]").count() == 1


def test_chapter_page_shows_its_place_in_the_course_and_contents(page: Any, demo_url: str) -> None:
    page.goto(demo_url + "/courses/learn-rust/")
    page.locator(".chapter-list a").nth(2).click()
    page.wait_for_load_state()
    assert "Chapter 3 of 12" in page.locator(".eyebrow").inner_text()
    toc_links = page.locator("nav.toc a")
    assert toc_links.count() >= 3
    target = toc_links.first.get_attribute("href")
    assert page.locator(f"[id='{target[1:]}']").count() == 1
    assert page.locator("pre.highlight code.language-rust span").count() > 10
    page.locator("nav.pager a[rel=next]").click()
    page.wait_for_load_state()
    assert "Chapter 4 of 12" in page.locator(".eyebrow").inner_text()


def test_pages_have_landmarks_one_h1_and_a_working_skip_link(page: Any, demo_url: str) -> None:
    for path in (
        "/",
        "/posts/string-vs-str/",
        "/courses/learn-rust/ownership/",
        "/tags/",
        "/about/",
    ):
        page.goto(demo_url + path)
        assert page.locator("h1").count() == 1, path
        assert page.locator("header").count() >= 1 and page.locator("main").count() == 1
        assert page.locator("footer").count() >= 1 and page.locator("nav").count() >= 1
        assert page.locator("html").get_attribute("lang") == "en"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"


def test_layout_fits_a_phone_screen_without_sideways_scrolling(page: Any, demo_url: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    for path in ("/", "/courses/learn-rust/borrowing/", "/about/"):
        page.goto(demo_url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path


PAGES = (
    "/",
    "/posts/string-vs-str/",
    "/courses/learn-rust/",
    "/courses/learn-rust/borrowing/",
    "/tags/",
    "/tags/borrowing/",
    "/about/",
    "/404.html",
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_pass_axe_accessibility_rules_in_light_and_dark(
    browser: Any, demo_url: str, scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    found = {}
    for path in PAGES:
        tab.goto(demo_url + path)
        results = axe.run(tab)
        if results.violations_count:
            found[path] = results.generate_snapshot()
    context.close()
    assert not found, found
