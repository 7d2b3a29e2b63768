"""Redirects: a page's ``aliases`` (old URLs) become small pages that send readers on.

Each alias is a site path. As in Hugo and Zola, it is a folder (written as
``old/url/index.html``) unless it ends in ``.html`` or ``.htm``: ``/releases/1.88.0`` is a
folder, ``/2019/01/post.html`` a file. The page written there has a canonical link to the
new URL, a script that carries the address's ``#fragment`` across (so a link to a heading
through an old URL still lands on the heading), and a meta refresh for readers without
JavaScript. An old feed address is not an alias of a page: ``feed_aliases`` in ``site.toml``
copies a feed to it. An alias that would land outside the output folder (``..``, a backslash, a
drive or a scheme) or on a path another page or file already takes is an error naming the
file that declares it; every such error of a build is reported at once.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass
from urllib.parse import unquote

from wren.errors import ContentError, ErrorGroup, SourceLocation, WrenError
from wren.pipeline.assemble import Chapter, Page, Post, Site
from wren.pipeline.urls import page_path

__all__ = ["RESERVED_PREFIXES", "Redirect", "alias_output_path", "collect_redirects"]

RESERVED_PREFIXES = ("pagefind/",)  # the search index is written there after rendering
_PAGE_SUFFIXES = (".html", ".htm")
_DRIVE = re.compile(r"^/?[A-Za-z]:")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class Redirect:
    source: str  # the file whose front matter declares the alias
    alias: str  # as written
    path: str  # the output file, relative to the output folder
    target: str  # the site path of the page it redirects to


def alias_output_path(alias: str, source: str) -> str:
    """The output file for ``alias``; ContentError when it is not a safe site path."""
    where = SourceLocation(source)
    path = unquote(alias.strip())
    problem = _unsafe(path)
    if problem:
        raise ContentError(
            f"alias {alias!r} points outside the output folder: {problem}",
            where,
            hint='write aliases as site paths, such as "/old/url/"',
        )
    parts = [part for part in path.split("/") if part]
    if not parts:
        raise ContentError(f"alias {alias!r} names the front page", where)
    if parts[-1].lower().endswith(".xml"):
        raise ContentError(
            f"alias {alias!r} is a feed address, not a page",
            where,
            hint='keep an old feed address with `feed_aliases = { "/index.xml" = "/rss.xml" }` '
            "in site.toml",
        )
    if path.endswith("/") or not parts[-1].lower().endswith(_PAGE_SUFFIXES):
        parts.append("index.html")
    return "/".join(parts)


def _unsafe(path: str) -> str | None:
    if "\\" in path or "\x00" in path:
        return "it holds a backslash or a NUL character"
    if _SCHEME.match(path) or path.startswith("//"):
        return "it is a URL or a network path, not a site path"
    if _DRIVE.match(path):
        return "it is a file path with a drive"
    if any(part in (".", "..") for part in path.split("/")):
        return "it holds a `.` or `..` segment"
    if "?" in path or "#" in path:
        return "it holds a query or a fragment"
    return None


def collect_redirects(site: Site, taken: Set[str]) -> list[Redirect]:
    """Every alias of every published post, chapter and page, checked against the ``taken``
    paths."""
    chapters = [site.chapters[key] for course in site.courses for key in course.chapters]
    pages: list[Post | Chapter | Page] = [*site.posts, *chapters, *site.pages]
    if not any(page.aliases for page in pages):
        return []  # most sites: no need to know which page claims which path
    sources = {page_path(url).casefold(): source for source, url in site.url_by_source.items()}
    claimed = {
        path.casefold(): f"the page of {sources[path.casefold()]} (/{path})"
        if path.casefold() in sources
        else f"the output file /{path}"
        for path in taken
    }
    redirects: list[Redirect] = []
    errors: list[WrenError] = []
    for page in pages:
        for alias in page.aliases:
            try:
                redirect = Redirect(page.key, alias, alias_output_path(alias, page.key), page.url)
                _claim(redirect, claimed)
            except ContentError as error:
                errors.append(error)
                continue
            redirects.append(redirect)
    ErrorGroup.raise_if_any(errors)
    return redirects


def _claim(redirect: Redirect, claimed: dict[str, str]) -> None:
    folded = redirect.path.casefold()
    owner = claimed.get(folded)
    if owner is None and folded.startswith(RESERVED_PREFIXES):
        owner = "the search index"
    if owner is not None:
        raise ContentError(
            f"alias {redirect.alias!r} collides with {owner}",
            SourceLocation(redirect.source),
            hint="remove the alias, or give the page at that address another URL",
        )
    claimed[folded] = f"an alias of {redirect.source}"
