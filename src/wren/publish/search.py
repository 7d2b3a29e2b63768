"""Search: a full-text index of posts and chapters, made by Pagefind, served as static files.

The ``pagefind-bin`` package ships Pagefind's binary. ``search_index_files`` hands it the
rendered pages that mark their content with ``data-pagefind-body`` (posts and chapters) in
a scratch folder, and returns what it makes (the index, its WebAssembly and the search UI's
script and styles) as output files under ``pagefind/``, written with the rest of the site.
Nothing is fetched at run time: the search page loads the UI from the site itself.

``wren build`` makes the index unless ``search = false`` in ``site.toml`` or the build is
asked to skip it; the dev server makes it in the background after its builds
(``server/search.py``).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from wren.errors import OutputError, SourceLocation
from wren.pipeline.write import OutputFile

__all__ = ["INDEXED_MARK", "SEARCH_DIR", "pagefind_executable", "search_index_files"]

SEARCH_DIR = "pagefind"
INDEXED_MARK = b"data-pagefind-body"
# Left out of the index: heading anchors, dates and reading times, badges, tables of contents.
EXCLUDED = "a.anchor, a.footnote-backref, .page-header .meta, .badge, .toc"
_TIMEOUT_S = 600
_SHM = "/dev/shm"


def pagefind_executable() -> Path:
    """The Pagefind binary of the installed ``pagefind-bin`` package."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise OutputError(
            "the search index needs the pagefind-bin package, which is not installed",
            hint="install pagefind-bin, or set `search = false` in site.toml",
        ) from None
    try:
        return Path(get_executable())
    except FileNotFoundError as error:
        raise OutputError(
            f"no Pagefind binary: {error}",
            hint="reinstall pagefind-bin, or set `search = false` in site.toml",
        ) from None


def search_index_files(
    pages: Iterable[OutputFile], executable: Path | None = None
) -> list[OutputFile]:
    """Index the pages marked for search; the index's files, under ``pagefind/``.

    A site with nothing to index (no posts or chapters) gets no index.
    """
    marked = [(path, data) for path, data in _html_pages(pages) if INDEXED_MARK in data]
    if not marked:
        return []
    binary = executable or pagefind_executable()
    with tempfile.TemporaryDirectory(prefix="wren-search-", dir=_scratch_root()) as scratch:
        site = Path(scratch) / "site"
        bundle = Path(scratch) / "bundle"
        for path, data in marked:
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        _run_pagefind(binary, site, bundle)
        return [
            OutputFile(f"{SEARCH_DIR}/{path.relative_to(bundle).as_posix()}", path.read_bytes())
            for path in sorted(bundle.rglob("*"))
            if path.is_file()
        ]


def _scratch_root() -> str | None:
    """Memory-backed /dev/shm where there is one: the scratch copy of the site and Pagefind's
    output are made and removed there much faster than on a disk (where removing tens of
    megabytes can take seconds); elsewhere the system's temporary folder."""
    shm = Path(_SHM)
    if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK):
        return str(shm)
    return None


def _html_pages(pages: Iterable[OutputFile]) -> Iterator[tuple[str, bytes]]:
    """Each HTML page's bytes, whether rendered now or reused from the previous output."""
    for page in pages:
        if not page.path.endswith(".html"):
            continue
        if page.data is not None:
            yield page.path, page.data
        elif page.source is not None:
            yield page.path, page.source.read_bytes()


def _run_pagefind(binary: Path, site: Path, bundle: Path) -> None:
    command = [str(binary), "--site", str(site), "--output-path", str(bundle), "--silent"]
    command += ["--exclude-selectors", EXCLUDED]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise OutputError(
            f"could not run Pagefind to index the site for search: {error}",
            SourceLocation(str(binary)),
        ) from None
    if result.returncode != 0 or not (bundle / "pagefind.js").is_file():
        output = (result.stderr or result.stdout).strip().splitlines()
        detail = output[-1] if output else f"exit status {result.returncode}"
        raise OutputError(
            f"Pagefind failed to index the site for search: {detail}",
            SourceLocation(str(binary)),
            hint="set `search = false` in site.toml to build without search",
        )
