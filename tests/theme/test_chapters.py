"""Chapters read like a book: the chapter list, arrow keys, opened chapters, code blocks."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser

MS = 5_000  # Playwright counts in milliseconds
BORROWING = "/courses/learn-rust/borrowing/"


def test_desktop_chapter_list_sits_beside_the_text_and_marks_the_current_chapter(
    tab_at: Any, demo_url: str
) -> None:
    tab = tab_at("desktop")
    tab.goto(demo_url + BORROWING)
    chapters = tab.get_by_role("navigation", name="Chapters of Learn Rust with Wren")
    links = chapters.get_by_role("link")
    assert links.count() == 12 and links.nth(0).is_visible(), "open on a wide screen"
    current = chapters.locator("[aria-current=page]")
    assert current.count() == 1
    assert current.inner_text() == "3. Borrowing: Looking Without Taking"
    minutes = chapters.locator(".course-nav-minutes").all_inner_texts()
    assert len(minutes) == 12 and all(re.fullmatch(r"\d+ min", m) for m in minutes)
    side = chapters.bounding_box()
    text = tab.locator("article.chapter").bounding_box()
    assert side["x"] + side["width"] <= text["x"], "the list is a sidebar left of the chapter"


def test_phone_chapter_list_is_folded_above_the_text_and_opens(tab_at: Any, demo_url: str) -> None:
    tab = tab_at("phone")
    tab.goto(demo_url + BORROWING)
    chapters = tab.get_by_role("navigation", name="Chapters of Learn Rust with Wren")
    summary = chapters.locator("summary")
    assert " ".join(summary.inner_text().split()) == "Learn Rust with Wren Chapter 3 of 12"
    assert not chapters.locator("[aria-current=page]").is_visible(), "folded on a phone"
    assert chapters.bounding_box()["y"] < tab.locator("h1").bounding_box()["y"]
    summary.click()
    assert chapters.locator("[aria-current=page]").is_visible()
    chapters.get_by_role("link", name=re.compile("^4\\. Structs")).click()
    tab.wait_for_url(demo_url + "/courses/learn-rust/structs-and-enums/")


def test_arrow_keys_go_to_the_previous_and_next_chapter(tab_at: Any, demo_url: str) -> None:
    tab = tab_at("desktop")
    tab.goto(demo_url + BORROWING)
    tab.keyboard.press("ArrowRight")
    tab.wait_for_url(demo_url + "/courses/learn-rust/structs-and-enums/", timeout=MS)
    tab.keyboard.press("ArrowLeft")
    tab.wait_for_url(demo_url + BORROWING, timeout=MS)
    tab.goto(demo_url + "/courses/learn-rust/hello-cargo/")
    tab.keyboard.press("ArrowLeft")
    tab.wait_for_url(demo_url + "/courses/learn-rust/", timeout=MS)


def test_arrow_keys_move_the_cursor_not_the_page_while_typing(tab_at: Any, demo_url: str) -> None:
    tab = tab_at("desktop")
    tab.goto(demo_url + BORROWING)
    box = tab.get_by_role("searchbox")
    box.fill("borrow")
    box.press("ArrowLeft")
    box.press("ArrowRight")
    tab.keyboard.press("Alt+ArrowLeft")  # the browser's own shortcut: left alone
    tab.wait_for_timeout(300)
    assert tab.url == demo_url + BORROWING


def test_course_page_shows_total_time_and_the_chapters_opened_before(
    tab_at: Any, demo_url: str
) -> None:
    tab = tab_at("desktop")
    course = demo_url + "/courses/learn-rust/"
    tab.goto(course)
    assert re.search(
        r"12 chapters · \d+ min read in total", tab.locator(".meta").first.inner_text()
    )
    assert tab.locator(".opened-mark").count() == 0
    assert tab.locator("#course-progress").is_hidden()
    for slug in ("ownership", "traits"):
        tab.goto(course + slug + "/")
    tab.goto(course)
    opened = tab.locator(".chapter-list li.opened .entry-title a").all_inner_texts()
    assert [title.split(":")[0] for title in opened] == ["Ownership", "Traits"]
    progress = tab.locator("#course-progress")
    assert progress.inner_text() == "You have opened 2 of 12 chapters in this browser."
    tab.goto(course + "borrowing/")
    done = tab.locator(".course-nav li.opened .course-nav-name").all_inner_texts()
    assert [title.split(":")[0] for title in done] == ["Ownership", "Traits"]


def test_without_javascript_the_course_and_chapter_lists_are_plain_lists(
    tab_at: Any, demo_url: str
) -> None:
    tab = tab_at("desktop", java_script_enabled=False)
    tab.goto(demo_url + "/courses/learn-rust/")
    assert tab.locator(".chapter-list li").count() == 12
    assert tab.locator(".copy-code, .opened-mark").count() == 0
    tab.goto(demo_url + BORROWING)
    chapters = tab.get_by_role("navigation", name="Chapters of Learn Rust with Wren")
    chapters.locator("summary").click()
    assert chapters.get_by_role("link").count() == 12
    assert tab.locator(".code-lang").first.inner_text() == "rust"


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_copy_button_copies_the_code_as_shown(tab_at: Any, wide_url: str, width: str) -> None:
    tab = tab_at(width, permissions=["clipboard-read", "clipboard-write"])
    tab.goto(wide_url + "/courses/sideways/first-steps/")
    block = tab.locator(".code-block").first
    button = block.get_by_role("button", name="Copy code")
    assert button.is_visible()
    from playwright.sync_api import expect

    button.click()
    expect(button).to_have_text("Copied")  # once the clipboard has answered
    copied = tab.evaluate("navigator.clipboard.readText()")
    assert copied == block.locator("pre").inner_text()
    assert copied.startswith("fn main() {\n") and "legs[0]" in copied


def test_every_code_block_has_a_copy_button_and_rustdoc_marks_show(
    tab_at: Any, wide_url: str
) -> None:
    tab = tab_at("phone")
    tab.goto(wide_url + "/posts/wide-code/")
    assert tab.locator(".code-block").count() == 3
    assert tab.locator(".code-block .copy-code").count() == 3
    assert tab.locator(".code-lang").all_inner_texts() == ["rust", "rust"]
    assert tab.locator(".code-flag").all_inner_texts() == ["Does not compile"]
    tab.goto(wide_url + "/courses/sideways/first-steps/")
    flags = tab.locator(".code-flag")
    assert [flags.nth(i).inner_text() for i in range(flags.count())] == ["Panics", "Not checked"]
    assert all(flags.nth(i).is_visible() for i in range(flags.count()))
