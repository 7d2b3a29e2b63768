"""Search as a reader uses it: in Chromium, on the static output, with no network."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

Serve = Callable[[Path], contextlib.AbstractContextManager[str]]
MS = 10_000  # Playwright counts in milliseconds

SITE = """
-- site.toml --
title = "Crab Notes"
base_url = "https://crab.example/"
-- content/posts/2026-01-01-shells.md --
---
title: "Shells"
date: 2026-01-01
---
A post about shells, claws and the sea.
-- content/courses/intro/01-start.md --
---
title: "Start Here"
---
The first chapter: claws and the sea, again.
-- content/courses/intro/02-tides.md --
---
title: "Reading the Tides"
---
Only this chapter talks about tidepools and what lives in them.
"""


@pytest.fixture
def site_url(build: Callable[..., Path], serve_folder: Serve) -> Iterator[str]:
    with serve_folder(build(SITE, search=True)) as url:
        yield url


@pytest.fixture
def offline_page(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A tab that may only reach the local server; other requests are refused and listed."""
    context = browser.new_context()
    elsewhere: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            request_route.continue_()
        else:
            elsewhere.append(url)
            request_route.abort()

    context.route("**/*", route)
    yield context.new_page(), elsewhere
    context.close()


def test_word_from_one_chapter_finds_that_chapter_and_its_link_works(
    site_url: str, offline_page: tuple[Any, list[str]]
) -> None:
    from playwright.sync_api import expect

    page, elsewhere = offline_page
    page.goto(site_url + "/search/")
    page.locator(".pagefind-ui__search-input").fill("tidepools")
    results = page.locator(".pagefind-ui__result-link")
    expect(results).to_have_count(1, timeout=MS)
    expect(results.first).to_have_text("Reading the Tides")
    results.first.click()
    expect(page).to_have_url(site_url + "/courses/intro/tides/", timeout=MS)
    expect(page.locator("h1")).to_have_text("Reading the Tides")
    assert elsewhere == []


def test_word_in_several_pages_finds_each_of_them(
    site_url: str, offline_page: tuple[Any, list[str]]
) -> None:
    from playwright.sync_api import expect

    page, elsewhere = offline_page
    page.goto(site_url + "/search/")
    page.locator(".pagefind-ui__search-input").fill("claws")
    results = page.locator(".pagefind-ui__result-link")
    expect(results).to_have_count(2, timeout=MS)
    assert sorted(results.all_inner_texts()) == ["Shells", "Start Here"]
    assert elsewhere == []


def test_search_box_in_the_header_opens_the_search_page_with_results(
    site_url: str, offline_page: tuple[Any, list[str]]
) -> None:
    from playwright.sync_api import expect

    page, elsewhere = offline_page
    page.goto(site_url + "/posts/shells/")
    box = page.get_by_role("searchbox", name="Search")
    box.fill("tidepools")
    box.press("Enter")
    expect(page).to_have_url(site_url + "/search/?q=tidepools", timeout=MS)
    expect(page.locator(".pagefind-ui__result-link")).to_have_text(
        ["Reading the Tides"], timeout=MS
    )
    assert elsewhere == []
