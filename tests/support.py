"""What many tests share: a site written inline, a fixed clock, and reading outputs back.

A site is written as one string of ``-- path --`` sections (txtar), as in Hugo's
integration tests::

    -- site.toml --
    title = "T"
    -- content/posts/a.md --
    ---
    title: A
    date: 2026-01-01
    ---
    Body.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Mapping
from pathlib import Path

from wren.pipeline.write import OutputFile

__all__ = ["NOW", "output_bytes", "read_text", "read_tree", "txtar", "write_txtar"]

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)  # the clock every build in the tests reads

_SECTION = re.compile(r"^-- (.+?) --$", re.MULTILINE)


def txtar(text: str) -> dict[str, str]:
    """The ``-- path --`` sections of ``text``, by path.

    >>> txtar('''
    ... -- a.txt --
    ... one
    ... -- b/c.txt --
    ... two
    ... ''')
    {'a.txt': 'one\\n', 'b/c.txt': 'two\\n'}
    """
    text = textwrap.dedent(text).lstrip("\n")
    pieces = _SECTION.split(text)
    return {
        name.strip(): body.lstrip("\n")
        for name, body in zip(pieces[1::2], pieces[2::2], strict=True)
    }


def write_txtar(root: Path, text: str) -> Path:
    """Write every ``-- path --`` section of ``text`` below ``root``; return ``root``."""
    for name, body in txtar(text).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return root


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by its path relative to it (with forward slashes)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def read_text(folder: Path, path: str) -> str:
    """The text of one output file, such as ``read_text(out, "posts/a/index.html")``."""
    return (folder / path).read_text(encoding="utf-8")


def output_bytes(files: Mapping[str, OutputFile]) -> dict[str, bytes]:
    """A site built in memory as it would be on disk: each file's bytes by path."""
    return {
        path: file.data if file.data is not None else Path(str(file.source)).read_bytes()
        for path, file in files.items()
    }
