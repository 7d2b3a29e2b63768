"""What every importer hands to the writer: the pages of another tool's site, as plain values.

A reader (``hugo``, ``zola``, ``jekyll``) turns a source folder into a ``SourceSite``; the
writer (``site``) turns that into a Wren site. Whatever a reader cannot carry across is a
``Finding`` with its place in the source folder, so nothing is dropped without a word.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from wren.importers.convert import Context

__all__ = ["Entry", "Finding", "Findings", "SourceSite", "Taxonomy"]


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """Something of the source that the import could not carry across as it was."""

    path: str  # relative to the source folder
    line: int | None
    kind: str  # a short name to count by: "shortcode", "liquid", "file", "url"...
    message: str

    def format(self) -> str:
        place = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{place}: {self.kind}: {self.message}"


class Findings:
    """The findings of one import, in the order found."""

    def __init__(self) -> None:
        self.items: list[Finding] = []

    def add(self, path: str, line: int | None, kind: str, message: str) -> None:
        self.items.append(Finding(path, line, kind, message))

    def by_kind(self) -> Counter[str]:
        return Counter(item.kind for item in self.items)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(slots=True)
class Entry:
    """One post or standalone page of the source site."""

    source: str  # its file, relative to the source folder
    kind: Literal["post", "page"]
    title: str
    date: dt.datetime | dt.date | None
    body: str
    body_line: int  # the line of ``source`` on which ``body`` starts
    old_url: str  # the site path the source tool gives it, such as /blog/2024/x/
    ref: str  # how the source's own links name it (its path under the content folder)
    fields: dict[str, Any] = field(default_factory=dict)  # Wren front matter but the URL
    aliases: list[str] = field(default_factory=list)  # old addresses the source redirected
    terms: dict[str, list[str]] = field(default_factory=dict)  # taxonomy -> its terms here
    assets: list[Path] = field(default_factory=list)  # files beside it (a page bundle)
    asset_root: Path | None = None  # the folder the assets' relative paths start from
    # the id of its entry in the source's feed; None: its old absolute address, as the
    # default feeds of Hugo and Zola have it
    feed_id: str | None = None


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The term pages of one of the source's taxonomies; each term is (or joins) a Wren tag."""

    url: str  # a term's page, with {} for its slug: "/tags/{}/"
    slug: Callable[[str], str]  # the source tool's rule for a term's slug
    feeds: dict[str, str] = field(default_factory=dict)  # beside a term page -> Wren's feed
    per_page: int = 0  # posts on each page of a term's listing; 0: one page
    page_path: str = "page/{}/"  # beside a term page: its page {} (from 2)
    terms_per_page: int = 0  # the list of every term split into pages (Hugo): 0, one page

    @property
    def listing(self) -> str:
        """The page that lists every term: ``/tags/``."""
        return self.url.split("{}")[0]


@dataclass(slots=True)
class SourceSite:
    """Another tool's site, read."""

    tool: str
    root: Path
    settings: dict[str, Any]  # site.toml values
    entries: list[Entry] = field(default_factory=list)
    static_dirs: list[tuple[Path, str]] = field(default_factory=list)  # (folder, under static/)
    static_files: list[tuple[Path, str]] = field(default_factory=list)  # (file, path in static/)
    generated_files: list[tuple[str, str]] = field(default_factory=list)  # (text, in static/)
    feeds: dict[str, str] = field(default_factory=dict)  # old feed address -> Wren feed path
    taxonomies: dict[str, Taxonomy] = field(default_factory=dict)  # by name: "tags"...
    listings: list[str] = field(default_factory=list)  # old listing pages (sections, archives)
    # listings of every post split into pages: (the address of page {} (from 2), per page);
    # the front page's ("/page/{}/") sets Wren's `paginate`
    paginated: list[tuple[str, int]] = field(default_factory=list)
    pages_from: int = 2  # the first page at page/N/; Hugo's page/1/ leads to the first page
    left_out: list[str] = field(default_factory=list)  # old addresses of pages not imported
    findings: Findings = field(default_factory=Findings)
    convert: Callable[[str, Context], str] | None = None  # the tool's body conversion
    # a link as the source writes it, from an entry -> (the ``ref`` of the entry it names,
    # the fragment), or None when it names no entry
    resolve: Callable[[str, Entry], tuple[str, str] | None] | None = None
