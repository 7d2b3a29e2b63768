"""Markdown: a body rendered to HTML with pyromark (pulldown-cmark), plus what checks need.

One call gives the HTML (headings with stable ids and anchor links, code highlighted by
Pygments, links to source files marked for the render stage to resolve) and the facts that
later stages read: headings, plain text, first paragraph, links and code blocks with lines.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pyromark

from wren.highlight import Highlighter
from wren.slug import slugify

__all__ = [
    "SOURCE_LINK_PREFIX",
    "CodeBlock",
    "Heading",
    "Link",
    "MarkdownRenderer",
    "RenderedBody",
    "resolve_source_link",
]

SOURCE_LINK_PREFIX = "wren-src:"
_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
    | pyromark.Options.ENABLE_GFM
)
_HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.DOTALL)
_ID_ATTR = re.compile(r'\sid="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_ANCHOR_LINK = re.compile(r'<a class="anchor" href="#[^"]*" aria-hidden="true" tabindex="-1">#</a>')
_SPACING_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|td|th|tr|table|thead|tbody|blockquote|pre|br|hr|img"
    r"|sup|section|aside|details|summary|figure|figcaption|input)\b[^>]*>"
)
_BLOCK_TAG = re.compile(r"<(/?)(p|blockquote|li|ul|ol|table|div|aside|details)\b[^>]*>")
_LINK_ATTR = re.compile(r'(<(?:a|img)\s[^>]*?)(href|src)="([^"]*)"')
_BARE_URL = re.compile(r"(?<![\"'=>/\w])(https?://[^\s<>\"')\]]*[^\s<>\"')\].,;:!?])")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    id: str


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    line: int  # line in the source file
    column: int
    is_image: bool
    has_alt: bool = True


@dataclass(frozen=True, slots=True)
class CodeBlock:
    info: str
    code: str
    line: int  # line of the opening fence in the source file


@dataclass(frozen=True, slots=True)
class RenderedBody:
    """A rendered body and what later stages read of it.

    ``links`` and ``code_blocks`` (with source lines) are only needed by ``wren check``, so
    they are found from the Markdown source when asked for, not on every build.
    """

    html: str
    headings: tuple[Heading, ...]
    word_count: int
    first_paragraph: str
    anchors: frozenset[str]  # every id a link can point to
    source: str = ""  # the Markdown body
    first_line: int = 1  # the line of the file on which the body starts

    @property
    def text(self) -> str:
        """The body as plain text, for search and duplicate checks."""
        return html_to_text(self.html)

    def references(self) -> tuple[tuple[Link, ...], tuple[CodeBlock, ...]]:
        """Links (and images) and code blocks with their lines, found in one pass."""
        facts = _Facts.collect(self.source, self.first_line)
        return tuple(facts.links), tuple(facts.code_blocks)

    @property
    def links(self) -> tuple[Link, ...]:
        return tuple(_Facts.collect(self.source, self.first_line).links)

    @property
    def code_blocks(self) -> tuple[CodeBlock, ...]:
        return tuple(_Facts.collect(self.source, self.first_line).code_blocks)


def html_to_text(page_html: str) -> str:
    """The words of an HTML fragment, tags removed and entities decoded."""
    spaced = _SPACING_TAG.sub(" ", _ANCHOR_LINK.sub("", page_html))
    return " ".join(html.unescape(_TAG.sub("", spaced)).split())


def resolve_source_link(url: str, source_rel: str) -> tuple[str, str] | None:
    """``(site path of a Markdown source, fragment)`` when a relative link names a .md file."""
    if not url or _SCHEME.match(url) or url.startswith(("/", "#", "//")):
        return None
    path, _, fragment = url.partition("#")
    path = path.split("?", 1)[0]
    if not path.endswith(".md"):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source_rel), path))
    return target, fragment


class MarkdownRenderer:
    """Renders Markdown bodies; one per worker process, reused for every document."""

    def __init__(self, highlighter: Highlighter | None = None) -> None:
        self._highlight: Callable[[str | None, str], str | None] = highlighter or Highlighter()

    def render(self, body: str, source_rel: str, first_line: int = 1) -> RenderedBody:
        raw_html = pyromark.html(body, options=_OPTIONS, highlight=self._highlight)
        text = html_to_text(raw_html)
        page_html, headings = _add_heading_ids(raw_html)
        page_html = _LINK_ATTR.sub(lambda m: _mark_source_link(m, source_rel), page_html)
        page_html = _autolink_bare_urls(_prefix_footnote_ids(page_html))
        anchors = frozenset(h.id for h in headings) | frozenset(_ID_ATTR.findall(page_html))
        return RenderedBody(
            html=page_html,
            headings=headings,
            word_count=len(text.split()),
            first_paragraph=_first_paragraph(raw_html),
            anchors=anchors,
            source=body,
            first_line=first_line,
        )


def _first_paragraph(page_html: str) -> str:
    """The text of the first paragraph that is not inside a list, quote, table or box."""
    depth = 0
    for tag in _BLOCK_TAG.finditer(page_html):
        closing, name = tag.group(1), tag.group(2)
        if name == "p":
            if not closing and depth == 0:
                end = page_html.find("</p>", tag.end())
                return html_to_text(page_html[tag.end() : end if end >= 0 else None])
            continue
        depth += -1 if closing else 1
    return ""


def _add_heading_ids(page_html: str) -> tuple[str, tuple[Heading, ...]]:
    headings: list[Heading] = []
    used: dict[str, int] = {}

    def replace(match: re.Match[str]) -> str:
        level, attrs, inner = int(match.group(1)), match.group(2), match.group(3)
        text = html.unescape(_TAG.sub("", inner)).strip()
        explicit = _ID_ATTR.search(attrs)
        base = explicit.group(1) if explicit else (slugify(text) or "section")
        ident = base
        if ident in used:
            used[base] += 1
            ident = f"{base}-{used[base]}"
        used.setdefault(ident, 0)
        headings.append(Heading(level, text, ident))
        attrs = _ID_ATTR.sub("", attrs)
        anchor = f'<a class="anchor" href="#{ident}" aria-hidden="true" tabindex="-1">#</a>'
        return f'<h{level} id="{ident}"{attrs}>{inner} {anchor}</h{level}>'

    return _HEADING.sub(replace, page_html), tuple(headings)


def _mark_source_link(match: re.Match[str], source_rel: str) -> str:
    prefix, attr, url = match.group(1), match.group(2), html.unescape(match.group(3))
    resolved = resolve_source_link(url, source_rel)
    if resolved is None:
        return match.group(0)
    target, fragment = resolved
    marker = SOURCE_LINK_PREFIX + target + (f"#{fragment}" if fragment else "")
    return f'{prefix}{attr}="{html.escape(marker, quote=True)}"'


def _prefix_footnote_ids(page_html: str) -> str:
    """Footnote ids as ``fn-1`` rather than ``1``, so they never clash with heading ids."""
    if "footnote-" not in page_html:
        return page_html
    page_html = re.sub(
        r'(<sup class="footnote-reference"><a href="#)([^"]*)"', r'\1fn-\2"', page_html
    )
    return re.sub(r'(<div class="footnote-definition" id=")([^"]*)"', r'\1fn-\2"', page_html)


_SKIP_AUTOLINK = re.compile(r"<(/?)(a|code|pre|script|style)\b", re.IGNORECASE)


def _autolink_bare_urls(page_html: str) -> str:
    """Link bare ``https://`` URLs in text (GFM's extended autolinks), never inside code."""
    if "://" not in page_html or _BARE_URL.search(page_html) is None:
        return page_html
    pieces = re.split(r"(<[^>]*>)", page_html)
    inside = 0
    for index, piece in enumerate(pieces):
        if piece.startswith("<"):
            tag = _SKIP_AUTOLINK.match(piece)
            if tag:
                inside += -1 if tag.group(1) else 1
            continue
        if inside == 0 and "://" in piece:
            pieces[index] = _BARE_URL.sub(r'<a href="\1">\1</a>', piece)
    return "".join(pieces)


def _footnote_ids(page_html: str) -> frozenset[str]:
    return frozenset(re.findall(r'<div class="footnote-definition" id="([^"]*)"', page_html))


class _Facts:
    """Links, images and code blocks with their source lines, from one pass over the events."""

    def __init__(self) -> None:
        self.links: list[Link] = []
        self.code_blocks: list[CodeBlock] = []

    @classmethod
    def collect(cls, body: str, first_line: int) -> _Facts:
        facts = cls()
        data = body.encode()

        def position(offset: int) -> tuple[int, int]:
            line_start = data.rfind(b"\n", 0, offset) + 1
            line = first_line + data.count(b"\n", 0, offset)
            return line, len(data[line_start:offset].decode(errors="replace")) + 1

        facts._walk(pyromark.events_with_range(body, options=_OPTIONS), position)
        return facts

    def _walk(
        self, events: Iterator[tuple[Any, Any]], position: Callable[[int], tuple[int, int]]
    ) -> None:
        image: list[Any] | None = None
        code: list[Any] | None = None
        for event, span in events:
            start = event.get("Start") if isinstance(event, dict) else None
            if isinstance(start, dict):
                if "Link" in start:
                    line, col = position(span["start"])
                    self.links.append(Link(start["Link"]["dest_url"], line, col, False))
                elif "Image" in start:
                    image = [start["Image"]["dest_url"], *position(span["start"]), []]
                elif "CodeBlock" in start:
                    fenced = start["CodeBlock"]
                    info = fenced.get("Fenced", "") if isinstance(fenced, dict) else ""
                    code = [info, position(span["start"])[0], []]
                continue
            end = event.get("End") if isinstance(event, dict) else None
            if end == "Image" and image is not None:
                url, line, col, alt = image
                self.links.append(Link(url, line, col, True, bool("".join(alt).strip())))
                image = None
            elif end == "CodeBlock" and code is not None:
                self.code_blocks.append(CodeBlock(code[0], "".join(code[2]), code[1]))
                code = None
            elif end is None and (image is not None or code is not None):
                piece = _event_text(event)
                if piece is not None:
                    (image[3] if image is not None else code[2]).append(piece)  # type: ignore[index]


def _event_text(event: Any) -> str | None:
    if isinstance(event, dict):
        for key in ("Text", "Code"):
            if key in event:
                return str(event[key])
        return None
    if event in ("SoftBreak", "HardBreak"):
        return " "
    return None
