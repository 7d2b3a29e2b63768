"""The demo's draft and scheduled posts, as a reader sees them, in a real Chromium.

The build's clock is fixed on 2 December 2026: the draft is dated before it, the
scheduled post (14 March 2027) after it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from wren.build import BuildOptions, build_site

DEMO = Path(__file__).parent.parent / "examples" / "wren-learns-rust"
NOW = dt.datetime(2026, 12, 2, tzinfo=dt.UTC)
DRAFT = ("Pin, Once I Can Explain It to a Hermit Crab", "/posts/pin-once-i-can-explain-it/")
SCHEDULED = ("Two Years of Learning Rust in Public", "/posts/two-years-in-public/")
pytestmark = pytest.mark.browser

Serve = Callable[[Path], contextlib.AbstractContextManager[str]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo built three ways, each into its own folder outside the checkout."""
    root = tmp_path_factory.mktemp("schedule")
    ways = {"plain": (False, False), "drafts": (True, False), "future": (False, True)}
    out = {}
    for name, (drafts, future) in ways.items():
        options = BuildOptions(
            output_dir=root / name,
            include_drafts=drafts,
            include_future=future,
            now=NOW,
            use_cache=False,
            search=False,
        )
        build_site(DEMO, options)
        out[name] = root / name
    return out


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = browser.new_page()
    yield tab
    tab.close()


def front_page_titles(page: Any, url: str) -> list[str]:
    page.goto(url + "/")
    return [t.strip() for t in page.locator(".posts article.entry h3 a").all_inner_texts()]


def status_of(page: Any, url: str) -> int:
    response = page.goto(url)
    assert response is not None
    return int(response.status)


def test_a_plain_build_shows_neither_the_draft_nor_the_scheduled_post(
    page: Any, built: dict[str, Path], serve_folder: Serve
) -> None:
    with serve_folder(built["plain"]) as url:
        titles = front_page_titles(page, url)
        assert len(titles) >= 30
        assert DRAFT[0] not in titles and SCHEDULED[0] not in titles
        assert status_of(page, url + DRAFT[1]) == 404
        assert status_of(page, url + SCHEDULED[1]) == 404


def test_the_draft_appears_with_its_badge_only_when_drafts_are_asked_for(
    page: Any, built: dict[str, Path], serve_folder: Serve
) -> None:
    with serve_folder(built["drafts"]) as url:
        titles = front_page_titles(page, url)
        assert DRAFT[0] in titles and SCHEDULED[0] not in titles
        entry = page.locator(".posts article.entry", has=page.get_by_text(DRAFT[0], exact=True))
        assert entry.locator(".badge").inner_text() == "Draft"
        assert status_of(page, url + DRAFT[1]) == 200
        assert page.locator("h1").inner_text().startswith(DRAFT[0])
        assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
        assert status_of(page, url + SCHEDULED[1]) == 404


def test_the_scheduled_post_appears_first_only_when_the_future_is_asked_for(
    page: Any, built: dict[str, Path], serve_folder: Serve
) -> None:
    with serve_folder(built["future"]) as url:
        titles = front_page_titles(page, url)
        assert titles[0] == SCHEDULED[0], "dated 2027, it is the newest post"
        assert DRAFT[0] not in titles
        assert page.locator(".year-heading").first.inner_text() == "2027"
        assert status_of(page, url + SCHEDULED[1]) == 200
        published = page.locator("article time[datetime]").first.get_attribute("datetime")
        assert published is not None and published.startswith("2027-03-14")
        assert status_of(page, url + DRAFT[1]) == 404
