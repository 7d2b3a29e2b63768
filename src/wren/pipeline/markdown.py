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
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import pyromark

from wren.pipeline.accessible import accessible_html
from wren.pipeline.discover import is_markdown
from wren.pipeline.highlight import Highlighter
from wren.pipeline.markdown_events import Event
from wren.pipeline.markdown_html import write_html
from wren.pipeline.slug import HEADING_ID_STYLES, HeadingIdStyle

if TYPE_CHECKING:
    from wren.config import SiteConfig

__all__ = [
    "SOURCE_LINK_PREFIX",
    "CodeBlock",
    "Heading",
    "Link",
    "MarkdownRenderer",
    "MarkdownSettings",
    "RenderedBody",
    "resolve_source_link",
    "without_heading_anchors",
]

SOURCE_LINK_PREFIX = "wren-src:"
_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_GFM
)
_ID_ATTR = re.compile(r'\sid="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_ANCHOR_LINK = re.compile(r'<a class="anchor" href="#[^"]*"[^>]*>#</a>')
# The label bar over a code block (language, flags): chrome, not words of the text.
_CODE_HEAD = re.compile(r'<div class="code-head"[^>]*>.*?</div>', re.DOTALL)
_SPACED_ANCHOR_LINK = re.compile(r' <a class="anchor" href="#[^"]*"[^>]*>#</a>')
_FOOTNOTE_MARKS = re.compile(
    r'<sup class="footnote-ref">.*?</sup>|<a href="#[^"]*" class="footnote-backref"[^>]*>.*?</a>'
)
_SPACING_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|td|th|tr|table|thead|tbody|blockquote|pre|br|hr|img"
    r"|section|aside|details|summary|figure|figcaption|input)\b[^>]*>"
)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class MarkdownSettings:
    """The site settings that change how Markdown renders (``site.toml``)."""

    heading_ids: HeadingIdStyle = "wren"
    smart_punctuation: bool = False

    @classmethod
    def of(cls, config: SiteConfig) -> MarkdownSettings:
        style: HeadingIdStyle = "wren"
        for known in HEADING_ID_STYLES:
            if known == config.heading_ids:
                style = known
        return cls(style, config.smart_punctuation)

    @property
    def key(self) -> str:
        """A short text naming these settings, part of every cached body's key."""
        return f"{self.heading_ids},{int(self.smart_punctuation)}"

    @property
    def options(self) -> pyromark.Options:
        if self.smart_punctuation:
            return _OPTIONS | pyromark.Options.ENABLE_SMART_PUNCTUATION
        return _OPTIONS


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
    first_paragraph: str  # the summary: the text before <!--more-->, else the first paragraph
    anchors: frozenset[str]  # every id a link can point to
    source: str = ""  # the Markdown body
    first_line: int = 1  # the line of the file on which the body starts
    settings: str = ""  # MarkdownSettings.key of the settings it was rendered with

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
    """The words of an HTML fragment, tags removed and entities decoded; heading anchors,
    code-block label bars, footnote marks and back-links left out."""
    cleaned = _ANCHOR_LINK.sub("", page_html)
    if 'class="code-head"' in cleaned:
        cleaned = _CODE_HEAD.sub("", cleaned)
    if 'class="footnote-' in cleaned:
        cleaned = _FOOTNOTE_MARKS.sub("", cleaned)
    spaced = _SPACING_TAG.sub(" ", cleaned)
    return " ".join(html.unescape(_TAG.sub("", spaced)).split())


def without_heading_anchors(page_html: str) -> str:
    """A body without the ``#`` links after its headings (feed readers show them as text)."""
    return _SPACED_ANCHOR_LINK.sub("", page_html)


def resolve_source_link(url: str, source_rel: str) -> tuple[str, str] | None:
    """``(site path of a Markdown source, ?query#fragment)`` when a relative link names a
    .md (or .markdown) file; the path is percent-decoded (``my%20post.md`` names ``my post.md``)."""
    if not url or _SCHEME.match(url) or url.startswith(("/", "#", "//")):
        return None
    path, hash_mark, fragment = url.partition("#")
    path, question_mark, query = path.partition("?")
    path = unquote(path)
    if not is_markdown(path):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source_rel), path))
    return target, f"{question_mark}{query}{hash_mark}{fragment}"


class MarkdownRenderer:
    """Renders Markdown bodies; one per worker process, reused for every document."""

    def __init__(
        self, highlighter: Highlighter | None = None, settings: MarkdownSettings | None = None
    ) -> None:
        self._highlight: Callable[[str | None, str], str] = highlighter or Highlighter()
        self.settings = settings or MarkdownSettings()

    def render(self, body: str, source_rel: str, first_line: int = 1) -> RenderedBody:
        events: tuple[Event, ...] = tuple(pyromark.events(body, options=self.settings.options))  # type: ignore[arg-type]

        def mark(url: str) -> str | None:
            resolved = resolve_source_link(url, source_rel)
            if resolved is None:
                return None
            return html.escape(SOURCE_LINK_PREFIX + resolved[0] + resolved[1], quote=True)

        written = write_html(events, self.settings.heading_ids, self._highlight, mark)
        headings = tuple(Heading(h.level, h.text, h.id) for h in written.headings)
        return RenderedBody(
            html=accessible_html(written.html),
            headings=headings,
            word_count=len(html_to_text(written.html).split()),
            first_paragraph=written.first_paragraph,
            anchors=frozenset(_ID_ATTR.findall(written.html)),
            source=body,
            first_line=first_line,
            settings=self.settings.key,
        )


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
