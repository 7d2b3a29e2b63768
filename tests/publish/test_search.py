"""The search index: made by Pagefind at build time from posts and chapters only."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from support import NOW
from wren.build import BuildOptions, build_site
from wren.errors import OutputError
from wren.pipeline.write import OutputFile
from wren.publish import search
from wren.publish.search import LiveSearchIndex, SearchIndex, search_index_files

Build = Callable[..., Path]

SITE = """
-- site.toml --
title = "Crab Notes"
{settings}
-- content/posts/2026-01-01-shells.md --
---
title: "Shells"
date: 2026-01-01
tags: ["molting"]
---
A post about shells and barnacles.
-- content/posts/2026-01-02-hidden.md --
---
title: "Hidden"
date: 2026-01-02
draft: true
---
Draft about zeppelins.
-- content/courses/intro/01-start.md --
---
title: "Start"
---
A chapter about tidepools.

## Tide tables

High and low water.
"""


def site_with(settings: str = "") -> str:
    return SITE.replace("{settings}", settings)


def fragments(out: Path) -> list[dict[str, Any]]:
    """The indexed pages: Pagefind's fragments are gzipped JSON after a signature."""
    found = []
    for path in sorted((out / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        found.append(json.loads(data))
    return found


@pytest.fixture
def indexed(build: Build) -> Path:
    return build(site_with(), search=True)


def test_build_writes_the_search_index_and_its_ui_into_the_output(indexed: Path) -> None:
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json"):
        assert (indexed / "pagefind" / name).is_file()
    assert (indexed / "search/index.html").is_file()


def test_index_holds_posts_and_chapters_but_no_listing_pages(indexed: Path) -> None:
    urls = sorted(fragment["url"] for fragment in fragments(indexed))
    assert urls == ["/courses/intro/start/", "/posts/shells/"]
    chapter = next(f for f in fragments(indexed) if f["url"] == "/courses/intro/start/")
    assert chapter["meta"]["title"] == "Start"
    assert "tidepools" in chapter["content"]


def test_index_leaves_out_anchors_reading_times_and_contents(indexed: Path) -> None:
    chapter = next(f for f in fragments(indexed) if f["url"] == "/courses/intro/start/")
    assert "min read" not in chapter["content"]
    assert "On this page" not in chapter["content"]
    assert "#" not in chapter["content"]
    assert "Tide tables" in chapter["content"]


def test_index_leaves_out_drafts(indexed: Path) -> None:
    assert "zeppelins" not in json.dumps(fragments(indexed))


def test_search_page_and_box_load_only_the_sites_own_files(indexed: Path) -> None:
    page = (indexed / "search/index.html").read_text(encoding="utf-8")
    assert '<script src="/pagefind/pagefind-ui.js" defer></script>' in page
    assert '<link rel="stylesheet" href="/pagefind/pagefind-ui.css">' in page
    assert "//" not in page.split("<body>", 1)[1].replace("https://schema.org", "")
    front = (indexed / "index.html").read_text(encoding="utf-8")
    assert '<form class="search-box" role="search" action="/search/"' in front


def test_search_false_in_site_toml_turns_search_off(build: Build) -> None:
    out = build(site_with("search = false"), search=True)
    assert not (out / "pagefind").exists()
    assert not (out / "search").exists()
    assert "search-box" not in (out / "index.html").read_text(encoding="utf-8")
    assert "SearchAction" not in (out / "index.html").read_text(encoding="utf-8")


def test_build_option_skips_the_index_but_keeps_the_search_page(build: Build) -> None:
    out = build(site_with(), search=False)
    assert not (out / "pagefind").exists()
    assert (out / "search/index.html").is_file()


def test_a_site_with_nothing_to_index_gets_no_index() -> None:
    pages = [OutputFile("index.html", b"<html><body>No posts yet.</body></html>")]
    assert search_index_files(pages) == []


def test_rebuilding_an_unchanged_site_keeps_the_index_files(indexed: Path) -> None:
    again = build_site(indexed.parent, BuildOptions(now=NOW, search=True))
    assert again.stats.written == 0
    assert again.stats.removed == 0


def page(path: str, words: str) -> OutputFile:
    html = f"<html><body><main data-pagefind-body><h1>{words}</h1><p>{words}</p></main></body>"
    return OutputFile(path, f"{html}</html>".encode())


def indexed_text(files: list[OutputFile]) -> dict[str, str]:
    """Each indexed page's text by address, read from Pagefind's fragments in ``files``."""
    found = {}
    for file in files:
        if file.path.startswith("pagefind/fragment/") and file.data is not None:
            data = json.loads(gzip.decompress(file.data).removeprefix(b"pagefind_dcd"))
            found[data["url"]] = data["content"]
    return found


def test_the_live_index_reads_an_edited_page_again_and_keeps_the_others() -> None:
    index = LiveSearchIndex()
    try:
        first = indexed_text(index([page("a/index.html", "barnacles"), page("b.html", "kelp")]))
        assert first == {"/a/": "barnacles. barnacles.", "/b.html": "kelp. kelp."}
        again = index([page("a/index.html", "zeppelins"), page("b.html", "kelp")])
        assert indexed_text(again) == {"/a/": "zeppelins. zeppelins.", "/b.html": "kelp. kelp."}
    finally:
        index.close()


def test_a_page_gone_from_the_site_leaves_the_live_index() -> None:
    index = LiveSearchIndex()
    try:
        index([page("a/index.html", "barnacles"), page("b.html", "kelp")])
        assert indexed_text(index([page("b.html", "kelp")])) == {"/b.html": "kelp. kelp."}
        assert index([OutputFile("index.html", b"<html>No posts.</html>")]) == []
    finally:
        index.close()


def test_a_finished_index_is_the_one_a_running_pagefind_gives() -> None:
    pages = [page("a/index.html", "barnacles"), page("b.html", "kelp")]
    with SearchIndex() as running:
        given = running.files(pages)
        assert running.started
    assert search_index_files(pages) == given


def test_pagefind_has_ended_when_the_index_it_sent_is_decoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ended_when_decoded = []
    take = search._Service._take

    def watched(service: search._Service, message: bytes) -> None:
        ended_when_decoded.append(service._process.poll() is not None)
        take(service, message)

    monkeypatch.setattr(search._Service, "_take", watched)
    files = search_index_files([page("a.html", "barnacles"), page("b.html", "kelp")])
    assert indexed_text(files) == {"/a.html": "barnacles. barnacles.", "/b.html": "kelp. kelp."}
    # its replies: the new index, each page, then the index's files
    assert ended_when_decoded == [False, False, False, True]


@pytest.fixture
def allocator_seen(tmp_path: Path) -> tuple[Path, Path]:
    """Pagefind behind a script that notes the allocator settings it is started with."""
    seen = tmp_path / "allocator.txt"
    script = tmp_path / "pagefind"
    real = search.pagefind_executable()
    script.write_text(
        f'#!/bin/sh\nprintf %s "${{_RJEM_MALLOC_CONF-unset}}" > "{seen}"\nexec "{real}" "$@"\n'
    )
    script.chmod(0o755)
    return script, seen


def test_pagefind_gives_the_memory_it_frees_back_at_once(
    allocator_seen: tuple[Path, Path],
) -> None:
    script, seen = allocator_seen
    files = search_index_files([page("a.html", "kelp")], executable=script)
    assert indexed_text(files) == {"/a.html": "kelp. kelp."}
    assert seen.read_text() == "dirty_decay_ms:0,muzzy_decay_ms:0"


def test_allocator_settings_of_ones_own_are_kept(
    allocator_seen: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("_RJEM_MALLOC_CONF", "narenas:1")
    script, seen = allocator_seen
    search_index_files([page("a.html", "kelp")], executable=script)
    assert seen.read_text() == "narenas:1"


@pytest.fixture
def broken_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Pagefind binary that says why it cannot run and stops at once."""
    script = tmp_path / "pagefind"
    script.write_text("#!/bin/sh\necho 'pagefind: this machine has no index for you' >&2\nexit 3\n")
    script.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_executable", lambda: script)
    return script


@pytest.mark.usefixtures("broken_pagefind")
def test_pagefind_that_stops_is_a_clean_error_and_the_output_stays(build: Build) -> None:
    out = build(site_with(), search=False)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(OutputError) as caught:
        build_site(out.parent, BuildOptions(now=NOW, search=True))
    message = str(caught.value)
    assert "Pagefind stopped while indexing the site for search" in message
    assert "this machine has no index for you" in message
    assert "search = false" in (caught.value.hint or "")
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not list(out.parent.glob(f".{out.name}.*"))


def test_a_pagefind_that_cannot_start_is_a_clean_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="could not start Pagefind"):
        search_index_files([page("a.html", "kelp")], executable=tmp_path / "missing")
