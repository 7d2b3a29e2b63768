"""A small, fast scanner for built pages: every id, and every URL a page links to or loads.

It reads HTML as browsers tokenize start tags (quoted attribute values may hold ``>``),
skips comments and the raw text of ``<script>``, ``<style>``, ``<textarea>`` and ``<title>``,
and leaves everything else alone. It is not a full HTML parser: for Wren's own output, and
the raw HTML authors put in Markdown, tags and attributes are all a link check needs.

Scanning a thousand built pages takes about 0.05 s, against 0.5 s for ``html.parser``.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field

__all__ = ["PageLink", "ScannedPage", "scan_page"]

_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>"
    r"|<(?P<name>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>(?:[^>\"']+|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL,
)
_ATTR = re.compile(
    r"(?P<key>[^\s\"'>/=]+)(?:\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<uq>[^\s\"'=<>`]+)))?"
)
_RAW_TEXT = frozenset({"script", "style", "textarea", "title"})
# Which attributes of which elements name a URL the page needs.
_URL_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "object": ("data",),
}
# <link rel=...> values that name an origin or a hint, not a resource of this site.
_HINT_RELS = frozenset({"preconnect", "dns-prefetch"})


@dataclass(frozen=True, slots=True)
class PageLink:
    """One URL in a page: the element and attribute it sits in, and its offset."""

    tag: str
    attr: str
    url: str
    offset: int

    @property
    def is_navigation(self) -> bool:
        """A link a reader follows (``<a>``, ``<area>``), rather than something loaded."""
        return self.tag in ("a", "area")


@dataclass(frozen=True, slots=True)
class ScannedPage:
    ids: frozenset[str]
    links: tuple[PageLink, ...]
    text: str = field(repr=False)

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of an offset in the page."""
        starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1


def scan_page(text: str) -> ScannedPage:
    """Every id (and ``<a name>``) and every URL attribute of a page, in document order."""
    ids: set[str] = set()
    links: list[PageLink] = []
    pos = 0
    while (match := _TOKEN.search(text, pos)) is not None:
        pos = match.end()
        name = match.group("name")
        if name is None:
            continue
        tag = name.lower()
        attrs = match.group("attrs")
        if "=" in attrs:
            _read_attrs(tag, attrs, match.start("attrs"), ids, links)
        if tag in _RAW_TEXT:
            end = re.compile(rf"</{tag}\s*>", re.IGNORECASE).search(text, pos)
            pos = end.end() if end else len(text)
    return ScannedPage(frozenset(ids), tuple(links), text)


def _read_attrs(tag: str, attrs: str, start: int, ids: set[str], links: list[PageLink]) -> None:
    values: dict[str, tuple[str, int]] = {}
    for match in _ATTR.finditer(attrs):
        key = match.group("key").lower()
        raw = match.group("dq")
        if raw is None:
            raw = match.group("sq")
        if raw is None:
            raw = match.group("uq") or ""
        values.setdefault(key, (html.unescape(raw) if "&" in raw else raw, start + match.start()))
    if "id" in values:
        ids.add(values["id"][0])
    if tag == "a" and "name" in values:
        ids.add(values["name"][0])
    url_attrs = _URL_ATTRS.get(tag, ())
    if tag == "link" and _HINT_RELS & set(values.get("rel", ("", 0))[0].lower().split()):
        return
    for attr in url_attrs:
        if attr not in values:
            continue
        value, offset = values[attr]
        urls = _srcset_urls(value) if attr == "srcset" else [value.strip()]
        links.extend(PageLink(tag, attr, url, offset) for url in urls if url)


def _srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset``: comma-separated candidates, each a URL and a descriptor."""
    return [part.split()[0] for part in value.split(",") if part.strip()]
