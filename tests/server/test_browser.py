"""What the author sees in Chromium while editing: live reloads, the error overlay, recovery."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from servekit import (
    BROKEN_AT,
    BROKEN_FRONT_MATTER,
    FIRST_POST,
    post_text,
    running_server,
    save,
    wait_until,
)

from wren.server import DevServer

pytestmark = pytest.mark.browser

SECONDS = 10_000  # Playwright counts in milliseconds


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def tab(context: Any) -> Any:
    return context.new_page()


def test_saving_a_post_shows_the_new_text_without_any_action_in_the_page(
    server: DevServer, site: Path, tab: Any
) -> None:
    from playwright.sync_api import expect

    open_live(tab, server, "posts/first/")
    expect(tab.locator("main")).to_contain_text("The first post.")
    save(site / FIRST_POST, post_text("First", "Written while the tab was open."))
    expect(tab.locator("main")).to_contain_text("Written while the tab was open.", timeout=SECONDS)


def test_an_edited_page_is_refreshed_in_place_at_the_same_scroll_position(
    site: Path, tab: Any
) -> None:
    from playwright.sync_api import expect

    long_body = "\n\n".join(f"Paragraph {n} of a long post." for n in range(200))
    save(site / FIRST_POST, post_text("First", long_body))
    with running_server(site) as server:
        open_live(tab, server, "posts/first/")
        tab.evaluate("window.scrollTo(0, 1500); window.wrenTestMarker = 1")
        save(site / FIRST_POST, post_text("First", long_body.replace("Paragraph 5 ", "Section 5 ")))
        expect(tab.locator("main")).to_contain_text("Section 5 of a long post.", timeout=SECONDS)
        assert tab.evaluate("[window.wrenTestMarker, window.scrollY]") == [1, 1500]


def test_a_page_with_scripts_of_its_own_is_reloaded_so_that_they_run_again(
    site: Path, tab: Any
) -> None:
    from playwright.sync_api import expect

    template = site / "templates/tags.html"
    template.parent.mkdir()
    template.write_text(
        '{% extends "base.html" %}{% block head %}<script>window.wrenRuns = 1</script>'
        "{% endblock %}{% block main %}<p>{{ site.posts | length }} posts</p>{% endblock %}"
    )
    with running_server(site) as server:
        open_live(tab, server, "tags/")
        tab.evaluate("window.wrenRuns = 7")
        (site / "content/posts/2026-01-02-second.md").unlink()
        expect(tab.locator("main")).to_have_text("1 posts", timeout=SECONDS)
        assert tab.evaluate("window.wrenRuns") == 1


def test_scripts_marked_to_run_again_run_again_over_a_page_refreshed_in_place(
    site: Path, tab: Any
) -> None:
    from playwright.sync_api import expect

    template = site / "templates/tags.html"
    template.parent.mkdir()
    template.write_text(
        '{% extends "base.html" %}{% block main %}<p>{{ site.posts | length }} posts</p>'
        "<script data-wren-rerun>window.wrenRuns = (window.wrenRuns || 0) + 1;"
        'document.querySelector("main").dataset.runs = window.wrenRuns</script>{% endblock %}'
    )
    with running_server(site) as server:
        open_live(tab, server, "tags/")
        expect(tab.locator("main")).to_have_attribute("data-runs", "1")
        tab.evaluate("window.wrenTestMarker = 3")
        (site / "content/posts/2026-01-02-second.md").unlink()
        expect(tab.locator("main")).to_have_text("1 posts", timeout=SECONDS)
        expect(tab.locator("main")).to_have_attribute("data-runs", "2")
        assert tab.evaluate("window.wrenTestMarker") == 3  # the same document


def test_a_post_with_code_is_refreshed_in_place_and_keeps_its_copy_buttons(
    site: Path, tab: Any
) -> None:
    from playwright.sync_api import expect

    code = "```rust\nfn main() {}\n```"
    save(site / FIRST_POST, post_text("First", f"Before the code.\n\n{code}"))
    with running_server(site) as server:
        open_live(tab, server, "posts/first/")
        copy = tab.get_by_role("button", name="Copy code")
        expect(copy).to_have_count(1)
        tab.evaluate("window.wrenTestMarker = 5")
        save(site / FIRST_POST, post_text("First", f"After the edit.\n\n{code}"))
        expect(tab.locator("main")).to_contain_text("After the edit.", timeout=SECONDS)
        expect(copy).to_have_count(1)
        assert tab.evaluate("window.wrenTestMarker") == 5
        description = tab.locator('meta[name="description"]')  # the summary changed with it
        expect(description).to_have_attribute("content", "After the edit.")


def test_broken_front_matter_shows_an_overlay_and_fixing_it_recovers(
    server: DevServer, site: Path, tab: Any
) -> None:
    from playwright.sync_api import expect

    open_live(tab, server, "posts/first/")
    overlay = tab.locator("#wren-error-overlay")
    save(site / FIRST_POST, BROKEN_FRONT_MATTER)
    expect(overlay).to_be_visible(timeout=SECONDS)
    expect(overlay.locator("pre")).to_contain_text(BROKEN_AT + "`date` must be a date")
    expect(overlay.locator("pre")).to_contain_text("`<b>soon</b>`")  # shown, not rendered
    assert overlay.locator("b").count() == 0
    expect(tab.locator("main")).to_contain_text("The first post.")  # the last good page
    save(site / FIRST_POST, post_text("First", "Fixed, and the overlay is gone."))
    expect(tab.locator("main")).to_contain_text("Fixed, and the overlay is gone.", timeout=SECONDS)
    expect(overlay).to_have_count(0)


def test_build_warnings_show_in_a_corner_until_hidden_or_fixed(site: Path, tab: Any) -> None:
    from playwright.sync_api import expect

    (site / "content/notes.rst").write_text("notes\n")
    with running_server(site) as server:
        open_live(tab, server, "posts/first/")
        panel = tab.locator("#wren-warnings")
        expect(panel.locator("h2")).to_have_text("Wren: 1 build warning")
        expect(panel.locator("pre")).to_contain_text(
            "content/notes.rst: warning: not published: neither Markdown nor a known asset"
        )
        panel.get_by_role("button", name="Hide").click()
        expect(panel).to_have_count(0)
        tab.reload()  # hidden, the same warnings stay hidden
        wait_until(lambda: server.channel.listeners, what="the tab to connect")
        expect(tab.locator("main")).to_contain_text("The first post.")
        expect(panel).to_have_count(0)
        (site / "content/more.rst").write_text("more\n")  # they changed: shown again
        expect(panel.locator("h2")).to_have_text("Wren: 2 build warnings", timeout=SECONDS)
        (site / "content/notes.rst").unlink()
        (site / "content/more.rst").unlink()
        expect(panel).to_have_count(0, timeout=SECONDS)


def test_a_page_opened_while_the_build_is_broken_shows_the_overlay(
    server: DevServer, site: Path, tab: Any
) -> None:
    from playwright.sync_api import expect

    save(site / FIRST_POST, BROKEN_FRONT_MATTER)
    _wait_for_error(server)
    open_live(tab, server, "posts/second/")
    expect(tab.locator("#wren-error-overlay pre")).to_contain_text(BROKEN_AT)
    expect(tab.locator("main")).to_contain_text("The second post.")


def test_a_deleted_post_leaves_the_front_page(server: DevServer, site: Path, tab: Any) -> None:
    from playwright.sync_api import expect

    open_live(tab, server, "")
    titles = tab.locator(".entry-title")
    expect(titles).to_have_text(["Second", "First"])
    (site / "content/posts/2026-01-02-second.md").unlink()
    expect(titles).to_have_text(["First"], timeout=SECONDS)


def test_a_stylesheet_edit_is_swapped_in_without_reloading_the_page(
    server: DevServer, site: Path, tab: Any
) -> None:
    open_live(tab, server, "posts/first/")
    tab.evaluate("window.wrenTestMarker = 42")
    save(site / "static/style.css", "body { background-color: rgb(1, 2, 3); }\n")
    tab.wait_for_function(
        "getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)'", timeout=SECONDS
    )
    assert tab.evaluate("window.wrenTestMarker") == 42


def test_only_tabs_showing_a_changed_page_reload(
    server: DevServer, site: Path, context: Any
) -> None:
    from playwright.sync_api import expect

    changed, unchanged = context.new_page(), context.new_page()
    open_live(unchanged, server, "posts/second/")
    unchanged.evaluate("window.wrenTestMarker = 7")
    open_live(changed, server, "posts/first/")
    save(site / FIRST_POST, post_text("First", "Only this tab reloads."))
    expect(changed.locator("main")).to_contain_text("Only this tab reloads.", timeout=SECONDS)
    unchanged.wait_for_timeout(300)  # it got the same message at the same moment
    assert unchanged.evaluate("window.wrenTestMarker") == 7


def test_the_error_page_of_a_failed_first_build_turns_into_the_site_when_fixed(
    site: Path, tab: Any
) -> None:
    from playwright.sync_api import expect

    save(site / FIRST_POST, BROKEN_FRONT_MATTER)
    with running_server(site) as server:
        open_live(tab, server, "")
        expect(tab.locator("#wren-error-overlay pre")).to_contain_text(BROKEN_AT)
        save(site / FIRST_POST, post_text("First", "Built at last."))
        expect(tab.locator(".entry-title")).to_have_text(["Second", "First"], timeout=SECONDS)
        expect(tab.locator("#wren-error-overlay")).to_have_count(0)


def open_live(tab: Any, server: DevServer, path: str) -> None:
    """Open ``path`` and wait until the page listens for rebuilds, so that no edit is missed."""
    listeners = server.channel.listeners
    tab.goto(server.url + path)
    wait_until(lambda: server.channel.listeners > listeners, what="the tab to connect")


def _wait_for_error(server: DevServer) -> None:
    wait_until(lambda: server.state.current.error, what="the failed build")
