"""A small, fast scanner for built pages: every id, and every URL a page links to or loads.

It blanks out comments (not a ``<!--`` inside an attribute value) and the text of
``<script>``, ``<style>`` and ``<textarea>``, then finds, each with one regular expression
run over the page, the start tags that hold URLs (quoted attribute values may contain ``>``)
and the ``id`` attributes of all tags. Only the few tags that hold URLs are read in Python.
It is not a full HTML parser: for Wren's own output, and the raw HTML authors put in
Markdown, tags and attributes are all a link check needs; a test compares it with a real
parser (selectolax) on generated pages. It stays, rather than selectolax, because it knows
each URL's offset in the page, which diagnostics turn into ``line:column``.

On the 1,000-post benchmark site (16 MB of pages) it takes about 0.1 s, where
``html.parser`` takes over a second.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field

__all__ = ["PageLink", "ScannedPage", "scan_page"]

# A tag's attributes as browsers read them: a quote opens a value only after `=`; any other
# quote is part of a name (`pipeline"=""`, as old blog exports hold). Possessive, so a tag
# that never closes fails at once rather than after trying every way to split its text.
_ATTRS = r"((?:[^>\"'=]++|=\s*+(?:\"[^\"]*+\"|'[^']*+')?+|[\"'])*+)"
# Comments, CDATA and the text of raw-text elements hold no tags.
_HIDDEN_START = re.compile(r"<!--|<!\[CDATA\[|<(script|style|textarea)\b" + _ATTRS + ">", re.I)
_TAG_AT = re.compile(r"</?[a-zA-Z][^\s/>]*" + _ATTRS + ">")
_RAW_END = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style", "textarea")}
_URL_TAG = re.compile(
    r"<(a|area|link|img|source|script|iframe|embed|video|audio|track|object)(?=[\s/>])"
    + _ATTRS
    + ">",
    re.IGNORECASE,
)
_ID = re.compile(r"""\s[iI][dD]\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_ATTR = re.compile(
    r"(?P<key>[^\s\"'>/=]+)(?:\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<uq>[^\s>]+)))?"
)
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
    hidden = _hidden_spans(text)
    ids: set[str] = set()
    for match in _ID.finditer(text):
        start = match.start()
        if text.rfind("<", 0, start) > text.rfind(">", 0, start) and not _inside(hidden, start):
            value = next(group for group in match.groups() if group is not None)
            ids.add(html.unescape(value) if "&" in value else value)
    links: list[PageLink] = []
    for match in _URL_TAG.finditer(text):
        if not _inside(hidden, match.start()):
            _read_attrs(match.group(1).lower(), match.group(2), match.start(2), ids, links)
    return ScannedPage(frozenset(ids), tuple(links), text)


def _hidden_spans(text: str) -> list[tuple[int, int]]:
    """Where the page's comments, CDATA sections and script, style and textarea text are."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while (opened := _HIDDEN_START.search(text, pos)) is not None:
        name = opened.group(1)
        if name is None and _in_tag(text, opened.start()):
            pos = opened.end()  # inside a quoted attribute value, such as title="<!--"
            continue
        if name is not None:
            closed = _RAW_END[name.lower()].search(text, opened.end())
            end = closed.start() if closed else len(text)
            spans.append((opened.end(), end))
        else:
            closer = "-->" if opened.group(0) == "<!--" else "]]>"
            found = text.find(closer, opened.end())
            end = found + len(closer) if found >= 0 else len(text)
            spans.append((opened.start(), end))
        pos = max(end, opened.end())
    return spans


def _in_tag(text: str, offset: int) -> bool:
    """Whether ``offset`` lies inside a tag (in a quoted attribute value): the nearest tag
    that starts before it ends after it."""
    end = offset
    while (start := text.rfind("<", max(0, offset - 8192), end)) >= 0:
        tag = _TAG_AT.match(text, start)
        if tag is not None:
            return tag.end() > offset
        end = start
    return False


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    index = bisect.bisect_right(spans, (offset, len(spans) and 1 << 62)) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


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
