"""Every page type passes axe-core and fits a phone, on the demo and on the wide site."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser
WIDTHS = ["phone", "desktop"]

DEMO_PAGES = (
    "/",
    "/posts/",
    "/posts/string-vs-str/",
    "/courses/",
    "/courses/learn-rust/",
    "/courses/learn-rust/borrowing/",
    "/tags/",
    "/tags/borrowing/",
    "/about/",
    "/search/?q=borrow",
    "/404.html",
)
WIDE_PAGES = (
    "/",
    "/posts/",
    "/posts/wide-code/",
    "/posts/long-words/",
    "/posts/short/",
    "/courses/",
    "/courses/sideways/",
    "/courses/sideways/first-steps/",
    "/courses/sideways/faster/",
    "/courses/one-shot/",
    "/tags/layout/",
    "/search/?q=sideways",
)


def _load(tab: Any, url: str) -> None:
    tab.goto(url)
    if "/search/" in url:  # wait for Pagefind's results: axe must see them
        tab.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)


def _violations(tab: Any, base: str, paths: tuple[str, ...]) -> dict[str, Any]:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for path in paths:
        _load(tab, base + path)
        results = axe.run(tab)
        if results.violations_count:
            found[path] = results.generate_snapshot()
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_demo_page_type_passes_axe(
    tab_at: Any, demo_url: str, width: str, scheme: str
) -> None:
    tab = tab_at(width, color_scheme=scheme)
    assert _violations(tab, demo_url, DEMO_PAGES) == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_wide_site_page_passes_axe(
    tab_at: Any, wide_url: str, width: str, scheme: str
) -> None:
    tab = tab_at(width, color_scheme=scheme)
    assert _violations(tab, wide_url, WIDE_PAGES) == {}


def _every_page(out: Path) -> tuple[str, ...]:
    """Every page of a built site, as paths under its base (redirect pages left out)."""
    pages = []
    for file in sorted(out.rglob("*.html")):
        if 'http-equiv="refresh"' in file.read_text(encoding="utf-8"):
            continue
        rel = file.relative_to(out).as_posix()
        path = "/" + rel.removesuffix("index.html")
        pages.append(path + "?q=footnotes" if path == "/search/" else path)  # with results
    return tuple(pages)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_of_the_torture_site_passes_axe_and_fits_a_phone(
    tab_at: Any, torture_site: tuple[str, Path], width: str, scheme: str, page_overflow: Any
) -> None:
    url, out = torture_site
    pages = _every_page(out)
    assert len(pages) >= 10
    tab = tab_at(width, color_scheme=scheme)
    assert _violations(tab, url, pages) == {}
    if width == "phone":
        wide = {}
        for path in pages:
            _load(tab, url + path)
            if page_overflow(tab) > 0:
                wide[path] = page_overflow(tab)
        assert wide == {}


def test_no_page_scrolls_sideways_on_a_phone(
    tab_at: Any, demo_url: str, wide_url: str, page_overflow: Any
) -> None:
    tab = tab_at("phone")
    wide = {}
    for base, paths in ((demo_url, DEMO_PAGES), (wide_url, WIDE_PAGES)):
        for path in paths:
            _load(tab, base + path)
            if page_overflow(tab) > 0:
                wide[base + path] = page_overflow(tab)
    assert wide == {}


def test_wide_code_and_tables_scroll_inside_their_own_box(tab_at: Any, wide_url: str) -> None:
    tab = tab_at("phone")
    tab.goto(wide_url + "/posts/wide-code/")
    for box in (tab.locator("pre.highlight").first, tab.locator(".table-wrap").first):
        assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the content is wide"
        assert box.get_attribute("tabindex") == "0", "a keyboard can reach it to scroll it"
    tab.locator("pre.highlight").first.focus()
    tab.keyboard.press("ArrowRight")
    tab.wait_for_function("document.querySelector('pre.highlight').scrollLeft > 0", timeout=5_000)


def test_task_list_boxes_are_named_by_their_state(tab_at: Any, wide_url: str) -> None:
    tab = tab_at("desktop")
    tab.goto(wide_url + "/posts/long-words/")
    boxes = tab.get_by_role("checkbox")
    assert boxes.count() == 3
    names = [boxes.nth(i).get_attribute("aria-label") for i in range(3)]
    checked = [boxes.nth(i).is_checked() for i in range(3)]
    assert list(zip(names, checked, strict=True)) == [
        ("Done", True),
        ("Done", True),
        ("To do", False),
    ]
