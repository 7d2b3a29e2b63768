"""A build that nothing changed is skipped whole, and only then.

``wren build`` records what it read and wrote (``wren.incremental.unchanged``); the next
build reports the recorded result without redoing anything when every input, setting and
output file is as recorded. Each test here changes one thing the output depends on and
checks that the build is redone and equals a build from nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from support import NOW, read_tree, write_txtar
from wren.build import BuildOptions, BuildResult, build_site
from wren.incremental import unchanged
from wren.incremental.cache import CACHE_DIR

SITE = """
-- site.toml --
title = "Notes"
-- content/posts/2026-01-01-first.md --
---
title: First
date: 2026-01-01
tags: [rust]
---
The first post.
-- content/posts/2026-02-01-second.md --
---
title: Second
date: 2026-02-01
---
The second post.
-- content/posts/2026-12-24-later.md --
---
title: Later
date: 2026-12-24
---
Scheduled for Christmas.
-- content/notes.txt --
A file Wren does not publish: warned of on every build.
"""

OPTIONS = BuildOptions(now=NOW, search=False, jobs=1)
AN_HOUR_AGO = time.time_ns() - 3600 * 10**9


def aged(site: Path) -> Path:
    """Date every file of the site an hour back, as files saved long before a build are."""
    for path in site.rglob("*"):
        os.utime(path, ns=(AN_HOUR_AGO, AN_HOUR_AGO))
    return site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return aged(write_txtar(tmp_path / "site", SITE))


def build(site: Path, **changes: object) -> BuildResult:
    return build_site(site, dataclasses.replace(OPTIONS, **changes))  # type: ignore[arg-type]


def skipped(result: BuildResult) -> bool:
    return result.site is None


def cold_output(site: Path, tmp_path: Path, **changes: object) -> dict[str, bytes]:
    out = tmp_path / "cold"
    shutil.rmtree(out, ignore_errors=True)
    build(site, output_dir=out, use_cache=False, **changes)
    return read_tree(out)


def rewrite(path: Path, old: str, new: str, *, keep_times: bool = False) -> None:
    """Replace ``old`` by ``new`` in a file; with ``keep_times``, put its times back."""
    before = path.stat()
    path.write_text(path.read_text().replace(old, new))
    if keep_times:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_second_build_with_nothing_changed_is_skipped_and_says_what_the_first_did(
    site: Path,
) -> None:
    first = build(site)
    output = read_tree(site / "public")
    second = build(site)
    assert skipped(second)
    assert read_tree(site / "public") == output
    assert (second.pages, second.files, second.stats.written) == (first.pages, first.files, 0)
    assert second.stats.unchanged == first.files
    assert second.warnings == first.warnings != ()
    assert (
        second.scheduled
        == first.scheduled
        == (("content/posts/2026-12-24-later.md", dt.datetime(2026, 12, 24, tzinfo=dt.UTC)),)
    )


def test_a_source_edited_with_the_same_size_and_time_is_built_again(
    site: Path, tmp_path: Path
) -> None:
    build(site)
    post = site / "content/posts/2026-01-01-first.md"
    rewrite(post, "The first post.", "The FIRST post.", keep_times=True)
    assert not skipped(build(site))
    assert b"The FIRST post." in (site / "public/posts/first/index.html").read_bytes()
    assert read_tree(site / "public") == cold_output(site, tmp_path)


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("site.toml", 'title = "Notes"', 'title = "Other notes"'),
        ("templates/post.html", "", "{{ page.title }} in a site template\n"),
        ("static/robots-extra.txt", "", "A new static file.\n"),
        ("content/posts/2026-03-01-third/index.md", "", "---\ntitle: Third\n---\nNew.\n"),
    ],
)
def test_a_changed_setting_template_static_file_or_post_is_built_again(
    site: Path, tmp_path: Path, path: str, old: str, new: str
) -> None:
    build(site)
    target = site / path
    if target.exists():
        rewrite(target, old, new)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(new)
    assert not skipped(build(site))
    assert read_tree(site / "public") == cold_output(site, tmp_path)


def test_an_output_page_deleted_or_edited_is_written_again(site: Path) -> None:
    build(site)
    output = read_tree(site / "public")
    (site / "public/posts/first/index.html").unlink()
    assert not skipped(build(site))
    (site / "public/posts/second/index.html").write_text("edited by hand")
    assert not skipped(build(site))
    assert read_tree(site / "public") == output


def test_a_file_added_to_the_output_is_removed_as_a_full_build_would(site: Path) -> None:
    build(site)
    output = read_tree(site / "public")
    (site / "public/stray.txt").write_text("not Wren's")
    assert not skipped(build(site))
    assert read_tree(site / "public") == output


def test_other_options_or_another_output_folder_build_again(site: Path, tmp_path: Path) -> None:
    build(site)
    assert not skipped(build(site, include_drafts=True))
    assert not skipped(build(site, output_dir=tmp_path / "elsewhere"))
    assert not skipped(build(site))  # the record is of the last build: in another folder


def test_a_scheduled_post_whose_date_comes_is_published(site: Path, tmp_path: Path) -> None:
    build(site)
    christmas = dt.datetime(2026, 12, 25, tzinfo=dt.UTC)
    assert skipped(build(site, now=dt.datetime(2026, 12, 23, tzinfo=dt.UTC)))
    result = build(site, now=christmas)
    assert not skipped(result)
    assert result.scheduled == ()
    assert (site / "public/posts/later/index.html").exists()
    assert read_tree(site / "public") == cold_output(site, tmp_path, now=christmas)
    assert not skipped(build(site))  # NOW is before the newest post published at Christmas


def test_files_saved_moments_before_the_recorded_build_are_not_trusted(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    five_minutes_ago = time.time_ns() - 300 * 10**9
    os.utime(site / "content/posts/2026-01-01-first.md", ns=(five_minutes_ago,) * 2)
    monkeypatch.setattr(unchanged, "RACY_NS", 600 * 10**9)  # as if the clock ticked in minutes
    build(site)
    assert not skipped(build(site))  # the post might have been saved again in the same tick
    monkeypatch.setattr(unchanged, "RACY_NS", 60 * 10**9)
    assert skipped(build(site))


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: b"not a cache file",
        lambda data: other_code(data),
    ],
    ids=["truncated", "not-a-cache", "older-wren"],
)
def test_a_damaged_or_older_record_is_ignored_and_said(site: Path, damage: object) -> None:
    build(site)
    record = site / CACHE_DIR / "build.pickle"
    record.write_bytes(damage(record.read_bytes()))  # type: ignore[operator]
    result = build(site)
    assert not skipped(result)
    assert any("build.pickle" in note for note in result.notes)
    assert skipped(build(site))  # and the rebuilt record is good again


def other_code(data: bytes) -> bytes:
    """The record as a Wren of other code would have written it."""
    magic, header, payload = data.split(b"\n", 2)
    fields = json.loads(header)
    fields["code"] = "0" * len(fields["code"])
    return b"\n".join([magic, json.dumps(fields).encode(), payload])


def test_an_edit_to_wrens_own_code_or_theme_builds_again(
    site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    build(site)
    package = tmp_path / "package"
    shutil.copytree(unchanged._PACKAGE / "themes", package / "themes")
    monkeypatch.setattr(unchanged, "_PACKAGE", package)
    assert not skipped(build(site))  # a new package folder: other files and inodes
    assert skipped(build(site))
    css = package / "themes/default/static/style.css"
    rewrite(css, "", "", keep_times=True)  # rewritten unchanged: the file's change time moves
    assert not skipped(build(site))


def test_without_the_cache_nothing_is_recorded_or_skipped(site: Path) -> None:
    build(site, use_cache=False)
    assert not (site / CACHE_DIR / "build.pickle").exists()
    build(site)
    assert not skipped(build(site, use_cache=False))


def test_a_link_to_a_folder_out_of_the_site_is_not_walked(site: Path, tmp_path: Path) -> None:
    """The build skips such a link (with a warning); so does the record, which would
    otherwise walk wherever the link leads, however large."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / "content/elsewhere").symlink_to(outside)
    first = build(site)
    (outside / "2026-03-01-p.md").write_text("---\ntitle: Out\n---\nNot published.\n")
    second = build(site)
    assert skipped(second)
    assert second.warnings == first.warnings
    assert read_tree(site / "public") == cold_output(site, tmp_path)
