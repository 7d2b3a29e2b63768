"""Helpers for the reliability tests: a small site, the real ``wren`` command, and snapshots
of folders to prove that files are still there byte for byte."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

WREN = [sys.executable, "-m", "wren"]
# Root reads and writes any file; without these capabilities it obeys permissions as users do.
OBEY_PERMISSIONS = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"]

SMALL_SITE = """
-- site.toml --
title = "Small"
base_url = "https://example.org/"
-- content/posts/2026-01-01-first.md --
---
title: First post
date: 2026-01-01
tags: [rust]
---
The first post.
-- content/posts/2026-01-02-bundle/index.md --
---
title: A bundle
date: 2026-01-02
---
A post with ![a picture](diagram.svg).
-- content/posts/2026-01-02-bundle/diagram.svg --
<svg xmlns="http://www.w3.org/2000/svg"></svg>
-- content/courses/rust/_index.md --
---
title: Rust
---
A course.
-- content/courses/rust/01-hello.md --
---
title: Hello
---
The first chapter.
-- static/app.css --
body { color: black; }
"""


def wren(
    *args: str | Path,
    cwd: Path | None = None,
    obey_permissions: bool = False,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run the real ``wren`` command; ``obey_permissions`` makes file permissions apply, as
    they do for a user, even when the tests run as root."""
    if obey_permissions and os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: permissions cannot be made to apply")
    prefix = OBEY_PERMISSIONS if obey_permissions and os.geteuid() == 0 else []
    return subprocess.run(
        [*prefix, *WREN, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})},
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def assert_clean_failure(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    """Exit 1, the expected words in the message, and no traceback."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr


def write_small_site(folder: Path) -> Path:
    """``SMALL_SITE`` written into ``folder`` (for fixtures wider than one test)."""
    sections = re.split(r"^-- (.+?) --\n", textwrap.dedent(SMALL_SITE).lstrip("\n"), flags=re.M)
    for name, body in zip(sections[1::2], sections[2::2], strict=True):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(body, encoding="utf-8")
    return folder


def add_posts(site: Path, count: int, words: int = 200) -> None:
    """``count`` generated posts with distinct titles, to make a build take a while."""
    posts = site / "content/posts"
    posts.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        body = " ".join(f"word{(number * 7 + i) % 997}" for i in range(words))
        (posts / f"2025-01-01-generated-{number}.md").write_text(
            f"---\ntitle: Generated number {number}\ndate: 2025-01-01\n"
            f"tags: [t{number % 13}]\n---\n{body}\n\n## Part\n\n{body}\n",
            encoding="utf-8",
        )
