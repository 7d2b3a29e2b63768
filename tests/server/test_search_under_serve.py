"""Search under ``wren serve``: Pagefind's index, made after the first page and kept fresh."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from servekit import (
    FIRST_POST,
    RecordingReporter,
    get,
    post_text,
    save,
    wait_until,
)

from wren.build import Builder, BuildOptions
from wren.pipeline.write import OutputFile
from wren.publish.search import search_index_files
from wren.server import DevServer
from wren.server.reload import ReloadChannel
from wren.server.search import SearchIndexer
from wren.server.snapshot import SiteState
from wren.server.watch import Rebuilder

SECONDS = 10_000  # Playwright counts in milliseconds


def entry(server: DevServer) -> dict[str, Any] | None:
    """Pagefind's entry file as the server answers it, or None while there is no index."""
    response = get(server.port, "/pagefind/pagefind-entry.json")
    if response.status != 200:
        return None
    found: dict[str, Any] = json.loads(response.body)
    return found


def test_the_index_is_served_a_moment_after_the_first_build(server: DevServer) -> None:
    first = wait_until(lambda: entry(server), what="the search index")
    assert first["languages"]
    assert get(server.port, "/pagefind/pagefind.js").status == 200
    ui = get(server.port, "/pagefind/pagefind-ui.js")
    assert ui.status == 200
    assert ui.headers["Content-Type"].startswith("text/javascript")


def test_the_index_is_made_again_after_an_edit(server: DevServer, site: Path) -> None:
    before = wait_until(lambda: entry(server), what="the search index")
    save(site / FIRST_POST, post_text("First", "Now about quokkas."))
    wait_until(lambda: entry(server) != before, timeout=20, what="a new search index")


def test_the_first_page_does_not_wait_for_the_index(site: Path) -> None:
    """Pagefind held back: the build is served at once, and the index joins it later."""
    release = threading.Event()

    def slow_index(pages: Iterable[OutputFile]) -> list[OutputFile]:
        release.wait(10)
        return search_index_files(pages)

    state, channel, reporter = SiteState(), ReloadChannel(), RecordingReporter()
    indexer = SearchIndexer(state, channel, reporter, make_index=slow_index)
    indexer.start()
    try:
        builder = Builder(site, BuildOptions(jobs=1))
        Rebuilder(builder, state, channel, reporter, indexer).build_first()
        served = state.current
        assert served.file("posts/first/index.html") is not None
        assert served.file("pagefind/pagefind.js") is None
        release.set()
        indexed = wait_until(lambda: state.current.file("pagefind/pagefind.js"), what="index")
        assert indexed.data
        assert state.current.output is served.output  # the same build, now with its index
    finally:
        release.set()
        indexer.stop()


@pytest.mark.parametrize(("setting", "indexed"), [("", True), ("search = false\n", False)])
def test_only_a_site_with_search_waits_to_be_indexed(
    site: Path, setting: str, indexed: bool
) -> None:
    config = site / "site.toml"
    config.write_text(config.read_text() + setting)
    output = Builder(site, BuildOptions(jobs=1)).build()
    indexer = SearchIndexer(SiteState(), ReloadChannel(), RecordingReporter())  # not started
    indexer.request(output)
    assert indexer.waiting is indexed


@pytest.mark.browser
def test_search_answers_in_chromium_under_wren_serve(
    server: DevServer, site: Path, browser: Any
) -> None:
    from playwright.sync_api import expect

    before = wait_until(lambda: entry(server), what="the search index")
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(server.url + "search/?q=first")
        expect(tab.locator(".pagefind-ui__result-link").first).to_have_text(
            "First", timeout=SECONDS
        )
        save(site / FIRST_POST, post_text("First", "Now about quokkas."))
        wait_until(lambda: entry(server) != before, timeout=20, what="a new search index")
        tab.goto(server.url + "search/?q=quokkas")
        expect(tab.locator(".pagefind-ui__result-link").first).to_have_text(
            "First", timeout=SECONDS
        )
    finally:
        context.close()
