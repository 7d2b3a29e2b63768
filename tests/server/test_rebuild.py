"""Saving files while the server runs: rebuilds, errors that keep the server up, recovery."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from servekit import (
    BROKEN_AT,
    BROKEN_FRONT_MATTER,
    FIRST_POST,
    LiveSocket,
    get,
    post_text,
    running_server,
    save,
    wait_until,
)

from wren.build import SiteOutput
from wren.server import DevServer


@pytest.fixture
def live(server: DevServer) -> Iterator[LiveSocket]:
    channel = LiveSocket(server.port, origin=f"http://127.0.0.1:{server.port}")
    assert channel.receive()["type"] == "hello"
    yield channel
    channel.close()


def page_text(server: DevServer, path: str) -> str:
    text: str = get(server.port, path).text
    return text


def test_saving_a_post_rebuilds_its_page_and_lists_the_changed_outputs(
    server: DevServer, site: Path, live: LiveSocket
) -> None:
    save(site / FIRST_POST, post_text("First", "Freshly edited words."))
    update = live.receive_until("update")
    assert "posts/first/index.html" in update["changed"]
    assert "posts/second/index.html" not in update["changed"]
    assert update["build"] == server.state.current.build_id
    assert "Freshly edited words." in page_text(server, "/posts/first/")


def test_broken_front_matter_keeps_the_last_good_pages_and_reports_where(
    server: DevServer, site: Path, live: LiveSocket
) -> None:
    save(site / FIRST_POST, BROKEN_FRONT_MATTER)
    error = live.receive_until("error")["error"]
    assert error.startswith(BROKEN_AT)
    response = get(server.port, "/posts/first/")
    assert response.status == 200
    assert "The first post." in response.text
    assert f'data-error="{BROKEN_AT}' in response.text
    reporter = server.reporter
    assert any(line.startswith(BROKEN_AT) for line in reporter.errors)  # type: ignore[attr-defined]
    assert not any("Traceback" in line for line in reporter.errors)  # type: ignore[attr-defined]


def test_fixing_the_file_recovers_on_its_own(
    server: DevServer, site: Path, live: LiveSocket
) -> None:
    save(site / FIRST_POST, BROKEN_FRONT_MATTER)
    live.receive_until("error")
    save(site / FIRST_POST, post_text("First", "Fixed and better."))
    live.receive_until("update")
    text = page_text(server, "/posts/first/")
    assert "Fixed and better." in text
    assert "data-error" not in text
    assert server.state.current.error is None


@pytest.mark.parametrize(
    ("front_matter", "line"),
    [
        ('title: "First\ndate: 2026-01-01\ntags: [notes]\n', 2),  # a quote left open
        ("date: 2026-01-01\ntitle: First: the start\n", 3),  # a `: ` in a plain value
    ],
)
def test_a_yaml_mistake_is_shown_at_the_same_line_as_wren_build_says(
    server: DevServer, site: Path, live: LiveSocket, front_matter: str, line: int
) -> None:
    text = f"---\n{front_matter}---\nThe first post.\n"
    save(site / FIRST_POST, text)
    error = live.receive_until("error")["error"]
    assert error.startswith(f"{FIRST_POST}:{line}: invalid YAML front matter: ")
    assert "\n  hint: " in error
    built = subprocess.run(
        [sys.executable, "-m", "wren", "build", str(site), "--no-search"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert built.returncode == 1
    assert f"{error.splitlines()[0]}\n" in built.stderr


def test_reverting_a_broken_file_clears_the_error_without_a_new_build(
    server: DevServer, site: Path, live: LiveSocket
) -> None:
    good = (site / FIRST_POST).read_text()
    build = server.state.current.build_id
    save(site / FIRST_POST, BROKEN_FRONT_MATTER)
    live.receive_until("error")
    save(site / FIRST_POST, good)
    update = live.receive_until("update")
    assert update == {
        "type": "update",
        "build": build,
        "changed": [],
        "error": None,
        "warnings": [],
    }


def test_a_broken_template_keeps_the_server_up_until_it_is_fixed(
    server: DevServer, site: Path, live: LiveSocket
) -> None:
    template = site / "templates/post.html"
    template.parent.mkdir()
    save(template, '{% extends "base.html" %}{% block main %}{{ page.title }{% endblock %}')
    assert live.receive_until("error")["error"].startswith("templates/post.html:1: ")
    assert "The first post." in page_text(server, "/posts/first/")
    save(
        template,
        '{% extends "base.html" %}{% block main %}<h1>T: {{ page.title }}</h1>{% endblock %}',
    )
    live.receive_until("update")
    assert "<h1>T: First</h1>" in page_text(server, "/posts/first/")


def test_a_deleted_post_leaves_every_listing(
    server: DevServer, site: Path, live: LiveSocket
) -> None:
    assert "Second" in page_text(server, "/")
    (site / "content/posts/2026-01-02-second.md").unlink()
    update = live.receive_until("update")
    assert {"posts/second/index.html", "index.html"} <= set(update["changed"])
    assert get(server.port, "/posts/second/").status == 404
    assert "Second" not in page_text(server, "/")
    assert "Second" not in page_text(server, "/posts/first/")


def test_new_and_renamed_posts_appear_at_their_new_address(
    server: DevServer, site: Path, live: LiveSocket
) -> None:
    save(site / "content/posts/2026-01-03-third.md", post_text("Third", "New.", "2026-01-03"))
    live.receive_until("update")
    assert "Third" in page_text(server, "/")
    os.replace(site / FIRST_POST, site / "content/posts/2026-01-01-renamed.md")
    wait_until(lambda: get(server.port, "/posts/renamed/").status == 200, what="the new address")
    assert get(server.port, "/posts/first/").status == 404


def test_a_post_written_into_a_new_folder_at_once_appears(
    server: DevServer, site: Path, live: LiveSocket
) -> None:
    bundle = site / "content/posts/bundled"
    bundle.mkdir()  # the file follows within microseconds, before the folder is watched
    (bundle / "index.md").write_text(post_text("Bundled", "In a folder.", "2026-01-04"))
    (bundle / "figure.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    wait_until(lambda: get(server.port, "/posts/bundled/").status == 200, what="the new post")
    assert get(server.port, "/posts/bundled/figure.svg").status == 200


def test_a_config_change_rebuilds_every_page(
    server: DevServer, site: Path, live: LiveSocket
) -> None:
    save(site / "site.toml", 'title = "Renamed Blog"\nbase_url = "https://example.org/"\n')
    update = live.receive_until("update")
    assert update["changed"] is not None and "posts/second/index.html" in update["changed"]
    assert "Renamed Blog" in page_text(server, "/posts/second/")


def test_a_stylesheet_edit_changes_only_the_stylesheet_and_skips_the_build(
    server: DevServer, site: Path, live: LiveSocket
) -> None:
    builds = count_builds(server)
    save(site / "static/style.css", "body { color: rgb(1, 2, 3); }\n")
    update = live.receive_until("update")
    assert update["changed"] == ["style.css"]
    assert get(server.port, "/style.css").text == "body { color: rgb(1, 2, 3); }\n"
    assert builds() == 0


def test_a_stylesheet_edit_is_pushed_even_while_a_build_error_shows(
    server: DevServer, site: Path, live: LiveSocket
) -> None:
    save(site / FIRST_POST, BROKEN_FRONT_MATTER)
    live.receive_until("error")
    save(site / "static/style.css", "body { color: rgb(4, 5, 6); }\n")
    update = live.receive_until("update")
    assert update["changed"] == ["style.css"]
    assert update["error"].startswith(BROKEN_AT)
    assert get(server.port, "/style.css").text == "body { color: rgb(4, 5, 6); }\n"


def test_editor_scratch_files_trigger_no_build(
    server: DevServer, site: Path, live: LiveSocket
) -> None:
    posts = site / "content/posts"
    for name in (".#2026-01-01-first.md", "2026-01-01-first.md~", ".first.md.swp", "4913"):
        (posts / name).write_text("---\ntitle: [broken\n")
    save(site / FIRST_POST, post_text("First", "Real edit."))
    update = live.receive_until("update")
    assert "posts/first/index.html" in update["changed"]
    assert server.state.current.error is None
    logged = "\n".join(server.reporter.lines)  # type: ignore[attr-defined]
    assert "swp" not in logged and "4913" not in logged and "~" not in logged


def test_the_first_build_may_fail_and_the_server_still_starts(site: Path) -> None:
    save(site / FIRST_POST, BROKEN_FRONT_MATTER)
    with running_server(site) as server:
        response = get(server.port, "/")
        assert response.status == 500
        assert BROKEN_AT in response.text
        save(site / FIRST_POST, post_text("First", "Now it builds."))
        wait_until(lambda: get(server.port, "/").status == 200, what="the fixed build")
        assert "Now it builds." in page_text(server, "/posts/first/")


def test_requests_during_a_rebuild_get_the_previous_build_at_once(
    server: DevServer, site: Path, live: LiveSocket
) -> None:
    started, release = threading.Event(), threading.Event()
    rebuilder = server.watcher.rebuilder
    real_build = rebuilder.builder.build

    def slow_build() -> SiteOutput:
        started.set()
        release.wait(10)
        return real_build()

    rebuilder.builder.build = slow_build  # type: ignore[method-assign, assignment]
    save(site / FIRST_POST, post_text("First", "Slowly edited."))
    assert started.wait(10)
    try:
        text = page_text(server, "/posts/first/")  # answered while the build is held
        assert "The first post." in text and "Slowly edited." not in text
    finally:
        release.set()
    live.receive_until("update")
    assert "Slowly edited." in page_text(server, "/posts/first/")


def test_drafts_are_served_only_with_the_drafts_option(site: Path) -> None:
    draft = "---\ntitle: Secret plan\ndate: 2026-01-05\ndraft: true\n---\nShh.\n"
    save(site / "content/posts/2026-01-05-plan.md", draft)
    with running_server(site) as server:
        assert "Secret plan" not in page_text(server, "/")
    with running_server(site, include_drafts=True) as server:
        assert "Secret plan" in page_text(server, "/")


def count_builds(server: DevServer) -> Callable[[], int]:
    """Wrap the server's builder so that the test can count the builds it runs from now on."""
    rebuilder = server.watcher.rebuilder
    real = rebuilder.builder
    calls: list[int] = []

    class CountingBuilder:
        site_dir = real.site_dir

        def build(self) -> SiteOutput:
            calls.append(1)
            return real.build()

    rebuilder.builder = CountingBuilder()  # type: ignore[assignment]
    return lambda: len(calls)
