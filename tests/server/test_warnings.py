"""``wren serve`` prints a build's warnings as ``wren build`` does, once: a warning is
printed again only when it was gone from a good build and came back."""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from servekit import (
    BROKEN_FRONT_MATTER,
    FIRST_POST,
    SITE,
    LiveSocket,
    RecordingReporter,
    get,
    post_text,
    running_server,
    save,
    serving,
    wait_until,
)

from wren.errors import Diagnostic, Severity, SourceLocation
from wren.server.console import WarningNews, warning_news

TAGGED = "content/posts/2026-01-03-tagged.md"
UNKNOWN = "content/notes.rst"
LINK = "static/secret.txt"


def tagged_post(tags: int) -> str:
    names = ", ".join(f"t{number}" for number in range(tags))
    return f"---\ntitle: Tagged\ndate: 2026-01-03\ntags: [{names}]\n---\nTagged.\n"


@pytest.fixture
def warned_site(make_site: Callable[[str], Path], tmp_path: Path) -> Path:
    site = make_site(f"{SITE}-- {TAGGED} --\n{tagged_post(60)}-- {UNKNOWN} --\nnotes\n")
    secret = tmp_path / "outside.txt"
    secret.write_text("not for publishing\n")
    os.symlink(secret, site / LINK)
    return site


def test_serve_prints_each_warning_once_and_again_only_when_it_comes_back(
    warned_site: Path,
) -> None:
    site = warned_site
    with serving(str(site), "--port", "0") as child:
        child.ready()
        assert child.seen[-1].startswith("Built ") and child.seen[-1].endswith(" (3 warnings)\n")
        save(site / FIRST_POST, post_text("First", "An edit that warns of nothing."))
        child.wait_for_line(r"first\.md: .*; 3 warnings unchanged$")
        save(site / TAGGED, tagged_post(2))
        child.wait_for_line(r"tagged\.md: .*; 2 warnings unchanged, 1 fixed$")
        (site / UNKNOWN).unlink()
        child.wait_for_line(r"notes\.rst: .*; 1 warning unchanged, 1 fixed$")
        (site / UNKNOWN).write_text("notes again\n")
        child.wait_for_line(r"notes\.rst: .*; 1 new warning, 1 unchanged$")
        code, stderr = child.interrupt()
    assert code == 0
    link = f"{LINK}: warning: skipped a symlink to {site.parent / 'outside.txt'}, outside the"
    tags = f"{TAGGED}:4: warning: 60 tags on one post: each tag makes a page and two feeds"
    unknown = f"{UNKNOWN}: warning: not published: neither Markdown nor a known asset\n  hint: "
    assert (stderr.count(link), stderr.count(tags), stderr.count(unknown)) == (1, 1, 2), stderr
    assert "\n  hint: keep the few tags a reader would browse by (50 at most)\n" in stderr
    assert "Traceback" not in stderr


def test_serve_prints_the_warnings_of_a_good_build_after_a_broken_one(warned_site: Path) -> None:
    site = warned_site
    save(site / FIRST_POST, BROKEN_FRONT_MATTER)
    with running_server(site) as server:
        reporter = server.reporter
        assert isinstance(reporter, RecordingReporter)
        assert reporter.errors and not reporter.lines  # no warning of a build that failed
        save(site / FIRST_POST, post_text("First", "Fixed."))
        wait_until(lambda: any("fixed, " in line for line in reporter.lines), what="the fix")
    at = next(i for i, line in enumerate(reporter.lines) if "fixed, " in line)
    printed = reporter.lines[:at]  # before it: the warnings, before the search index is made
    assert reporter.lines[at].endswith("; 3 new warnings")
    assert [line.split(": warning: ")[0] for line in printed] == [UNKNOWN, TAGGED + ":4", LINK]


def test_open_tabs_are_told_the_last_good_builds_warnings(warned_site: Path) -> None:
    site = warned_site
    with running_server(site) as server:
        page = get(server.port, "/posts/first/").text
        channel = LiveSocket(server.port, origin=f"http://127.0.0.1:{server.port}")
        try:
            hello = channel.receive()
            save(site / TAGGED, tagged_post(2))
            update = channel.receive_until("update")
        finally:
            channel.close()
    assert [text.split(": warning: ")[0] for text in hello["warnings"]] == [
        UNKNOWN,
        TAGGED + ":4",
        LINK,
    ]
    assert hello["warnings"][1].endswith(
        "\n  hint: keep the few tags a reader would browse by (50 at most)"
    )
    assert html.escape(hello["warnings"][0]) in page  # the script's data-warnings
    assert update["warnings"] == [hello["warnings"][0], hello["warnings"][2]]


def warning(path: str) -> Diagnostic:
    return Diagnostic(Severity.WARNING, SourceLocation(path), "not published", "content")


@pytest.mark.parametrize(
    ("shown", "now", "new", "summary"),
    [
        ([], [], [], ""),
        ([], ["a", "b"], ["a", "b"], "2 new warnings"),
        (["a", "b"], ["a", "b"], [], "2 warnings unchanged"),
        (["a"], ["a", "b"], ["b"], "1 new warning, 1 unchanged"),
        (["a", "b"], ["b"], [], "1 warning unchanged, 1 fixed"),
        (["a", "b"], [], [], "2 warnings fixed"),
        (["a"], ["b", "c"], ["b", "c"], "2 new warnings, 1 fixed"),
    ],
)
def test_warning_news_prints_what_is_new_and_counts_the_rest(
    shown: list[str], now: list[str], new: list[str], summary: str
) -> None:
    news = warning_news({warning(path) for path in shown}, [warning(path) for path in now])
    fixed = len(set(shown) - set(now))
    assert news == WarningNews(tuple(warning(path) for path in new), len(now) - len(new), fixed)
    assert news.summary() == summary
