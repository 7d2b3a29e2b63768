"""Processes: workers die with a killed build, Ctrl-C exits 130, `wren new` never writes
outside the site nor shows a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from reliakit import WREN, add_posts, assert_clean_failure, wren


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_build_with_workers(site: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    add_posts(site, 1500, words=300)
    build = subprocess.Popen(
        [*WREN, "build", site, "--no-search"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and build.poll() is None:
        workers = children_of(build.pid)
        if workers:
            return build, workers
        time.sleep(0.02)
    build.kill()
    build.communicate()
    pytest.fail("the build started no worker processes")


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_when_the_build_is_killed(small_site: Path, sig: signal.Signals) -> None:
    build, workers = start_build_with_workers(small_site)
    time.sleep(0.3)
    build.send_signal(sig)
    build.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers)
    # With every writer gone, whoever reads the build's output reaches its end.
    build.communicate(timeout=10)


def test_ctrl_c_exits_130_and_leaves_the_previous_output(small_site: Path) -> None:
    assert wren("build", small_site, "--no-search").returncode == 0
    before = (small_site / "public/index.html").read_bytes()
    add_posts(small_site, 400)
    build = subprocess.Popen(
        [*WREN, "build", small_site, "--no-search"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30  # Ctrl-C once the build has started parsing
    while not children_of(build.pid) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    build.send_signal(signal.SIGINT)
    _, stderr = build.communicate(timeout=60)
    if build.returncode == 0:
        pytest.skip("the build finished before Ctrl-C reached it")
    assert build.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert (small_site / "public/index.html").read_bytes() == before


def test_new_chapter_refuses_a_course_name_that_leaves_the_courses(small_site: Path) -> None:
    before = sorted(p.name for p in (small_site / "content/posts").iterdir())
    result = wren("new", "chapter", "../posts", "Escape", "--site", small_site)
    assert_clean_failure(result, "is not a course name")
    assert sorted(p.name for p in (small_site / "content/posts").iterdir()) == before


def test_new_post_with_a_very_long_title_gets_a_short_file_name(small_site: Path) -> None:
    title = " ".join(f"word{n}" for n in range(80))
    result = wren("new", "post", title, "--site", small_site)
    assert result.returncode == 0, result.stderr
    (written,) = (small_site / "content/posts").glob("*-word0-*.md")
    assert len(written.name) < 100
    assert title in written.read_text()


def test_new_site_onto_a_file_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    assert_clean_failure(wren("new", target), "is a file")
    assert target.read_text() == "mine"
