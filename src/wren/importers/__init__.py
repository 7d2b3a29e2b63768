"""``wren import``: another tool's site (Hugo, Zola, Jekyll) as a Wren site with the same
public URLs.

The stages::

    read_hugo | read_zola | read_jekyll   source folder -> SourceSite (entries, findings)
    add_redirect_aliases                  the host's redirect rules -> the entries' aliases
    write_site                            SourceSite -> the Wren site and its import report

Nothing in the source folder is written; the site folder must be new or empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from wren.errors import ContentError
from wren.importers.hugo import read_hugo
from wren.importers.jekyll import read_jekyll
from wren.importers.model import Finding, SourceSite
from wren.importers.redirects import add_redirect_aliases
from wren.importers.writer import REPORT_FILE, ImportResult, write_site
from wren.importers.zola import read_zola
from wren.progress import NullReporter, Reporter

__all__ = ["REPORT_FILE", "TOOLS", "Finding", "ImportResult", "import_site"]

TOOLS = ("hugo", "zola", "jekyll")


def import_site(
    tool: str,
    source: Path,
    site_dir: Path,
    sections: Sequence[str] = (),
    reporter: Reporter | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Import the ``tool`` site in ``source`` into ``site_dir``; with ``sections`` (Hugo),
    only those sections' pages, as posts. ``today`` (default: the date now, in UTC) is
    the day from which ``wren check`` compiles the Rust examples of posts."""
    reporter = reporter or NullReporter()
    if not source.is_dir():
        raise ContentError(
            f"the folder {source} does not exist", hint="pass the source site's folder"
        )
    if site_dir.exists() and (not site_dir.is_dir() or any(site_dir.iterdir())):
        raise ContentError(
            f"{site_dir} is not empty",
            hint="import into a new or empty folder: the import never writes over files",
        )
    if site_dir.resolve().is_relative_to(source.resolve()):
        raise ContentError(
            f"{site_dir} is inside the source site", hint="import into a folder outside it"
        )
    reporter.stage("reading", 1)
    read: SourceSite
    if tool == "hugo":
        read = read_hugo(source, sections)
    elif tool == "zola":
        read = read_zola(source)
    else:
        read = read_jekyll(source)
    add_redirect_aliases(read)
    reporter.advance()
    site_dir.mkdir(parents=True, exist_ok=True)
    try:
        return write_site(read, site_dir, reporter, today)
    finally:
        reporter.close()
