"""Faults made for real: a full disk, two builds at once, read-only folders, a file edited
while the build runs. The previous output stays whole, and no build leaves a mixed output."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from reliakit import WREN, add_posts, assert_clean_failure, snapshot, wren


@contextlib.contextmanager
def small_disk(size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted for the test; skipped where mounting is not allowed."""
    mount_point = Path(tempfile.mkdtemp(prefix="wren-disk-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        mount_point.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)
        mount_point.rmdir()


def fill_disk(folder: Path) -> None:
    with (folder / "filler").open("wb") as file, contextlib.suppress(OSError):
        while True:
            file.write(b"\0" * 65536)
            file.flush()


def leftovers(folder: Path) -> list[str]:
    return sorted(
        p.name for p in folder.iterdir() if ".wren-new" in p.name or ".wren-old" in p.name
    )


def test_a_full_disk_is_a_clear_error_and_the_previous_output_stays_whole(
    small_site: Path,
) -> None:
    with small_disk("8m") as disk:
        out = disk / "public"
        assert wren("build", small_site, "-o", out, "--no-search").returncode == 0
        before = snapshot(out)
        post = small_site / "content/posts/2026-01-01-first.md"
        post.write_text(post.read_text() + "\n" + "More words. " * 5000)
        fill_disk(disk)
        result = wren("build", small_site, "-o", out, "--no-search")
        assert_clean_failure(result, "the disk is full", "previous output is left as it was")
        assert snapshot(out) == before
        assert leftovers(disk) == []


def test_a_read_only_output_folder_is_replaced_and_nothing_is_left_behind(
    small_site: Path,
) -> None:
    assert wren("build", small_site, "--no-search").returncode == 0
    public = small_site / "public"
    for folder in [public, *(p for p in public.rglob("*") if p.is_dir())]:
        folder.chmod(0o555)
    (small_site / "content/posts/2026-01-01-first.md").write_text(
        "---\ntitle: First post\ndate: 2026-01-01\n---\nEdited.\n"
    )
    result = wren("build", small_site, "--no-search", obey_permissions=True)
    assert result.returncode == 0, result.stderr
    assert "Edited." in (public / "posts/first/index.html").read_text()
    deadline = time.monotonic() + 10  # the retired folder is deleted in the background
    while leftovers(small_site) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert leftovers(small_site) == []


def test_a_folder_that_cannot_be_written_is_a_clear_error(small_site: Path) -> None:
    assert wren("build", small_site, "--no-search").returncode == 0
    before = snapshot(small_site / "public")
    (small_site / "content/posts/2026-01-01-first.md").touch()
    (small_site / "static/new.css").write_text("p {}")
    small_site.chmod(0o555)
    try:
        result = wren("build", small_site, "--no-search", obey_permissions=True)
    finally:
        small_site.chmod(0o755)
    assert_clean_failure(result, "could not write the output", "writable")
    assert snapshot(small_site / "public") == before
    assert leftovers(small_site) == []


@pytest.mark.slow
def test_two_builds_at_once_never_leave_a_mixed_output(small_site: Path, tmp_path: Path) -> None:
    add_posts(small_site, 300)
    (small_site / "content/posts/2026-01-05-draft.md").write_text(
        "---\ntitle: A draft\ndate: 2026-01-05\ndraft: true\n---\nNot yet.\n"
    )
    outputs = {}
    for flags in ([], ["--drafts"]):
        out = tmp_path / f"cold{len(flags)}"
        assert wren("build", small_site, "-o", out, "--no-search", *flags).returncode == 0
        outputs[len(flags)] = snapshot(out)
    assert outputs[0] != outputs[1]
    public = small_site / "public"
    for _ in range(3):
        runs = [
            subprocess.Popen(
                [*WREN, "build", small_site, "--no-search", *flags],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for flags in ([], ["--drafts"])
        ]
        finished = [run.communicate(timeout=300) for run in runs]
        for run, (_, stderr) in zip(runs, finished, strict=True):
            assert run.returncode == 0, stderr
            assert "Traceback" not in stderr
        built = snapshot(public)
        assert built in (outputs[0], outputs[1])


@pytest.mark.slow
def test_a_post_edited_during_a_build_is_right_after_the_next_build(
    small_site: Path, tmp_path: Path
) -> None:
    add_posts(small_site, 300)
    post = small_site / "content/posts/2026-01-01-first.md"
    stop = threading.Event()

    def keep_editing() -> None:
        number = 0
        while not stop.is_set():
            number += 1
            # Saved as editors save: a new file renamed over the old one.
            temporary = post.with_name(".first.md.swp")
            temporary.write_text(f"---\ntitle: First post\ndate: 2026-01-01\n---\nEdit {number}.\n")
            temporary.replace(post)
            time.sleep(0.005)

    editor = threading.Thread(target=keep_editing)
    editor.start()
    try:
        during = wren("build", small_site, "--no-search")
    finally:
        stop.set()
        editor.join()
    assert during.returncode == 0, during.stderr
    assert wren("build", small_site, "--no-search").returncode == 0
    shutil.copytree(
        small_site,
        tmp_path / "copy",
        ignore=shutil.ignore_patterns(".wren-cache", ".public.wren-*"),
    )
    cold = tmp_path / "copy"
    shutil.rmtree(cold / "public")
    assert wren("build", cold, "--no-search").returncode == 0
    assert snapshot(small_site / "public") == snapshot(cold / "public")
    assert os.path.getsize(small_site / "public/posts/first/index.html") > 0


def test_a_public_symlink_to_a_web_root_stays_a_symlink(small_site: Path, tmp_path: Path) -> None:
    web_root = tmp_path / "www"
    web_root.mkdir()
    (small_site / "public").symlink_to(web_root)
    first = wren("build", small_site, "--no-search")
    assert first.returncode == 0, first.stderr
    second = wren("build", small_site, "--no-search")
    assert second.returncode == 0, second.stderr
    assert (small_site / "public").is_symlink()
    assert (small_site / "public").resolve() == web_root.resolve()
    assert (web_root / "index.html").is_file()


def test_an_output_folder_that_is_a_mount_point_is_a_clear_error(small_site: Path) -> None:
    with small_disk("4m") as disk:
        result = wren("build", small_site, "-o", disk, "--no-search")
        assert_clean_failure(result, "mount point", "folder inside it")
        assert list(disk.iterdir()) == []


def test_a_build_waits_for_the_build_holding_the_output_and_says_so(small_site: Path) -> None:
    import fcntl

    holder = os.open(small_site, os.O_RDONLY | os.O_DIRECTORY)  # as another build would
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        build = subprocess.Popen(
            [*WREN, "build", small_site, "--no-search"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(3)
        assert build.poll() is None  # still waiting
        assert not (small_site / "public").exists()
    finally:
        os.close(holder)
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == 0, stderr
    assert "waiting for another build of this output folder" in stderr
    assert (small_site / "public/index.html").is_file()
