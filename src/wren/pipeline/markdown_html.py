"""HTML from pulldown-cmark's event stream, written the way pulldown-cmark writes it, plus
what Wren adds where the events say it belongs, never by rewriting finished HTML:

- headings get unique ids (``## Title {#id .class}`` sets them) and a keyboard-reachable
  anchor link; every id in a body is unique, also against the theme's and raw HTML's ids;
- bare URLs in text become links (``autolink``), never in code, raw HTML or links;
- footnotes move to the end of the body, numbered, with back-links;
- GitHub alerts (``> [!NOTE]``) get their label;
- relative links to ``.md`` sources are marked for the render stage to resolve.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wren.pipeline.autolink import find_autolinks
from wren.pipeline.markdown_events import Event, end_of, start_of, summary_text, text_of
from wren.pipeline.markdown_footnotes import Footnotes
from wren.pipeline.markdown_ids import IdAllocator, footnote_key
from wren.pipeline.slug import HeadingIdStyle, heading_slug

__all__ = ["ALERT_LABELS", "HeadingFact", "Written", "write_html"]

Highlight = Callable[[str | None, str], str]
MarkLink = Callable[[str], str | None]

ALERT_LABELS = {
    "Note": "Note",
    "Tip": "Tip",
    "Important": "Important",
    "Warning": "Warning",
    "Caution": "Caution",
}
_ATTRIBUTES = re.compile(r"\s*\{((?:\s*[#.][^\s{}#.]+)+)\s*\}\s*$")
_RAW_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_RAW_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_NO_AUTOLINK_IN = frozenset({"a", "code", "pre", "textarea", "script", "style", "kbd", "title"})
_HREF_SAFE = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.+,/:;=?@!*()~#%$"
)


@dataclass(frozen=True, slots=True)
class HeadingFact:
    level: int
    text: str
    id: str


@dataclass(frozen=True, slots=True)
class Written:
    html: str
    headings: tuple[HeadingFact, ...]
    first_paragraph: str  # the summary the body gives (``summary_text``)


def escape_body(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_href(url: str) -> str:
    out = []
    for char in url:
        if char in _HREF_SAFE:
            out.append(char)
        elif char == "&":
            out.append("&amp;")
        elif char == "'":
            out.append("&#x27;")
        else:
            out.append("".join(f"%{byte:02X}" for byte in char.encode()))
    return "".join(out)


@dataclass(frozen=True, slots=True)
class _Heading:
    start: int  # index of its Start event
    end: int
    level: int
    text: str
    explicit_id: str | None
    classes: tuple[str, ...]
    attributes_in: int | None  # index of the Text event that ends with `{#id .class}`


def _heading_facts(events: Sequence[Event]) -> list[_Heading]:
    found = []
    for index, event in enumerate(events):
        start = start_of(event)
        if not (isinstance(start, dict) and "Heading" in start):
            continue
        end = index + 1
        while end_of(events[end]) is None or not _is_heading_end(events[end]):
            end += 1
        explicit, classes, attributes_in = None, tuple[str, ...](), None
        last = text_of(events[end - 1], "Text")
        if end - 1 > index and last is not None:
            match = _ATTRIBUTES.search(last)
            if match:
                tokens = match.group(1).split()
                ids = [token[1:] for token in tokens if token.startswith("#")]
                explicit = ids[-1] if ids else None
                classes = tuple(token[1:] for token in tokens if token.startswith("."))
                attributes_in = end - 1
        text = _plain_text(events[index + 1 : end], strip_attributes=attributes_in is not None)
        level = int(start["Heading"]["level"][1])
        found.append(_Heading(index, end, level, text, explicit, classes, attributes_in))
    return found


def _is_heading_end(event: Event) -> bool:
    end = end_of(event)
    return isinstance(end, dict) and "Heading" in end


def _plain_text(events: Sequence[Event], strip_attributes: bool = False) -> str:
    pieces = []
    for position, event in enumerate(events):
        text = text_of(event, "Text", "Code")
        if text is not None:
            if strip_attributes and position == len(events) - 1:
                text = _ATTRIBUTES.sub("", text)
            pieces.append(text)
        elif event in ("SoftBreak", "HardBreak"):
            pieces.append(" ")
    return " ".join("".join(pieces).split())


def _raw_ids(events: Sequence[Event]) -> list[str]:
    ids = []
    for event in events:
        raw = text_of(event, "Html", "InlineHtml")
        if raw is not None:
            for match in _RAW_ID.finditer(raw):
                ids.append(html.unescape(next(g for g in match.groups() if g is not None)))
    return ids


def write_html(
    events: Sequence[Event],
    style: HeadingIdStyle,
    highlight: Highlight,
    mark_link: MarkLink,
) -> Written:
    """The body's HTML, its headings (text and id) and the text of its first paragraph."""
    headings = _heading_facts(events)
    ids = IdAllocator(_raw_ids(events))
    footnotes = Footnotes.number(events, ids)
    for heading in headings:  # explicit ids first: they are what the author asked for
        if heading.explicit_id:
            ids.claim(heading.explicit_id)
    chosen: dict[int, str] = {}
    for heading in headings:
        if heading.explicit_id:
            chosen[heading.start] = ids.taken_as(heading.explicit_id)
        else:
            chosen[heading.start] = ids.unique(heading_slug(heading.text, style) or "section")
    writer = _Writer(events, highlight, mark_link, footnotes)
    writer.headings = {h.start: (h, chosen[h.start]) for h in headings}
    body = writer.run()
    facts = tuple(HeadingFact(h.level, h.text, chosen[h.start]) for h in headings)
    return Written(body + footnotes.section(), facts, summary_text(events))


class _Writer:
    """pulldown-cmark's ``HtmlWriter``, in Python, with Wren's additions."""

    def __init__(
        self,
        events: Sequence[Event],
        highlight: Highlight,
        mark_link: MarkLink,
        footnotes: Footnotes,
    ) -> None:
        self.events = events
        self.highlight = highlight
        self.mark_link = mark_link
        self.footnotes = footnotes
        self.headings: dict[int, tuple[_Heading, str]] = {}
        self.out: list[str] = []
        self.end_newline = True
        self.table_alignments: tuple[str, ...] = ()
        self.table_cell = 0
        self.in_table_head = False
        self.body_open = False
        self.link_depth = 0
        self.raw_open: list[str] = []
        self.code: list[str] | None = None
        self.code_info: str | None = None
        self.alert_stack: list[bool] = []

    def write(self, text: str) -> None:
        if text:
            self.out.append(text)
            self.end_newline = text.endswith("\n")

    def block(self, text: str) -> None:
        """``text`` on a new line, as pulldown-cmark starts most blocks."""
        self.write(text if self.end_newline else "\n" + text)

    def run(self) -> str:
        index = 0
        events = self.events
        while index < len(events):
            index = self.event(index)
        return "".join(self.out)

    def event(self, index: int) -> int:
        event = self.events[index]
        if isinstance(event, str):
            if event == "SoftBreak":
                self.write("\n")
            elif event == "HardBreak":
                self.write("<br />\n")
            elif event == "Rule":
                self.block("<hr />\n")
            return index + 1
        if "Start" in event:
            return self.start(index, event["Start"])
        if "End" in event:
            self.end(event["End"])
            return index + 1
        self.leaf(event)
        return index + 1

    def leaf(self, event: dict[str, object]) -> None:
        if "Text" in event:
            self.text(str(event["Text"]))
        elif "Code" in event:
            self.write(f"<code>{escape_body(str(event['Code']))}</code>")
        elif "Html" in event or "InlineHtml" in event:
            raw = str(event.get("Html", event.get("InlineHtml", "")))
            if "InlineHtml" in event:
                self.track_raw(raw)
            self.write(raw)
        elif "FootnoteReference" in event:
            self.write(self.footnotes.reference(str(event["FootnoteReference"])))
        elif "TaskListMarker" in event:
            checked = ' checked=""' if event["TaskListMarker"] else ""
            self.write(f'<input disabled="" type="checkbox"{checked}/>\n')
        elif "InlineMath" in event or "DisplayMath" in event:
            self.write(escape_body(str(next(iter(event.values())))))

    def track_raw(self, raw: str) -> None:
        """Raw inline elements whose text must not be autolinked (``<a>``, ``<code>``...)."""
        match = _RAW_TAG.match(raw)
        if match is None or raw.endswith("/>"):
            return
        closing, name = match.group(1), match.group(2).lower()
        if name not in _NO_AUTOLINK_IN:
            return
        if not closing:
            self.raw_open.append(name)
        elif name in self.raw_open:
            while self.raw_open.pop() != name:
                pass

    def text(self, text: str) -> None:
        if self.code is not None:
            self.code.append(text)
            return
        if self.link_depth or self.raw_open:
            self.write(escape_body(text))
            return
        position = 0
        for link in find_autolinks(text):
            self.write(escape_body(text[position : link.start]))
            shown = escape_body(text[link.start : link.end])
            self.write(f'<a href="{escape_href(link.href)}">{shown}</a>')
            position = link.end
        self.write(escape_body(text[position:]))

    def start(self, index: int, tag: object) -> int:
        if isinstance(tag, str):
            self.start_simple(tag)
            return index + 1
        assert isinstance(tag, dict)
        name, value = next(iter(tag.items()))
        if name == "Heading":
            return self.heading(index)
        if name == "Image":
            return self.image(index, value)
        if name == "FootnoteDefinition":
            return self.footnote_definition(index, value)
        self.start_data(name, value)
        return index + 1

    def start_simple(self, tag: str) -> None:
        simple = {
            "Emphasis": "<em>",
            "Strong": "<strong>",
            "Strikethrough": "<del>",
            "Superscript": "<sup>",
            "Subscript": "<sub>",
        }
        if tag in simple:
            self.write(simple[tag])
        elif tag == "Paragraph":
            self.block("<p>")
        elif tag == "Item":
            self.block("<li>")
        elif tag == "TableHead":
            self.in_table_head, self.table_cell = True, 0
            self.write("<thead><tr>")
        elif tag == "TableRow":
            if not self.body_open:
                self.write("<tbody>\n")
                self.body_open = True
            self.table_cell = 0
            self.write("<tr>")
        elif tag == "TableCell":
            self.write("<th" if self.in_table_head else "<td")
            align = (self.table_alignments + ("None",) * (self.table_cell + 1))[self.table_cell]
            self.write(f' style="text-align: {align.lower()}">' if align != "None" else ">")
        elif tag == "DefinitionList":
            self.block("<dl>\n")
        elif tag == "DefinitionListTitle":
            self.block("<dt>")
        elif tag == "DefinitionListDefinition":
            self.block("<dd>")

    def start_data(self, name: str, value: object) -> None:
        if name == "BlockQuote":
            if value is None:
                self.block("<blockquote>\n")
            else:
                kind = str(value)
                self.block(
                    f'<div class="markdown-alert markdown-alert-{kind.lower()}">\n'
                    f'<p class="markdown-alert-title">{ALERT_LABELS[kind]}</p>\n'
                )
        elif name == "CodeBlock":
            if not self.end_newline:
                self.write("\n")
            info = value.get("Fenced", "") if isinstance(value, dict) else ""
            self.code, self.code_info = [], str(info).split(" ", 1)[0] or None
        elif name == "List":
            if value is None:
                self.block("<ul>\n")
            else:
                self.block("<ol>\n" if value == 1 else f'<ol start="{value}">\n')
        elif name == "Table":
            self.table_alignments = tuple(value)  # type: ignore[arg-type]
            self.body_open = False
            self.write("<table>")
        elif name == "Link":
            self.link(value)
        elif name == "MetadataBlock":
            self.code = []  # read and dropped

    def link(self, data: object) -> None:
        assert isinstance(data, dict)
        self.link_depth += 1
        url, title = str(data["dest_url"]), str(data["title"])
        marked = self.mark_link(url)
        if data["link_type"] == "Email":
            href = "mailto:" + escape_href(url)
        else:
            href = marked if marked is not None else escape_href(url)
        titled = f' title="{html.escape(title)}"' if title else ""
        self.write(f'<a href="{href}"{titled}>')

    def image(self, index: int, data: dict[str, object]) -> int:
        url, title = str(data["dest_url"]), str(data["title"])
        marked = self.mark_link(url)
        alt, index = self.raw_text(index + 1)
        titled = f' title="{html.escape(title)}"' if title else ""
        src = marked if marked is not None else escape_href(url)
        self.write(f'<img src="{src}" alt="{alt}"{titled} />')
        return index

    def raw_text(self, index: int) -> tuple[str, int]:
        """pulldown-cmark's alt text: the text of nested events, up to the matching end."""
        pieces, nest = [], 0
        while index < len(self.events):
            event = self.events[index]
            index += 1
            if start_of(event) is not None:
                nest += 1
            elif end_of(event) is not None:
                if nest == 0:
                    break
                nest -= 1
            elif isinstance(event, str):
                pieces.append(" ")
            elif "FootnoteReference" in event:
                pieces.append(f"[{event['FootnoteReference']}]")
            elif "TaskListMarker" in event:
                pieces.append("[x]" if event["TaskListMarker"] else "[ ]")
            else:
                pieces.append(html.escape(str(next(iter(event.values())))))
        return "".join(pieces), index

    def heading(self, index: int) -> int:
        heading, ident = self.headings[index]
        classes = f' class="{html.escape(" ".join(heading.classes))}"' if heading.classes else ""
        self.block(f'<h{heading.level} id="{html.escape(ident)}"{classes}>')
        position = index + 1
        while position < heading.end:
            if position == heading.attributes_in:
                text = _ATTRIBUTES.sub("", str(self.events[position]["Text"]))  # type: ignore[index]
                self.text(text)
                position += 1
            else:
                position = self.event(position)
        label = html.escape(f"Link to this section: {heading.text}")
        self.write(
            f' <a class="anchor" href="#{html.escape(ident)}" aria-label="{label}">#</a>'
            f"</h{heading.level}>\n"
        )
        return heading.end + 1

    def footnote_definition(self, index: int, label: object) -> int:
        """A definition is written aside, for the section at the end of the body."""
        saved, saved_newline = self.out, self.end_newline
        self.out, self.end_newline = [], True
        position, nest = index + 1, 0
        while True:
            event = self.events[position]
            if start_of(event) is not None:
                nest += 1
            elif end_of(event) is not None:
                if nest == 0:
                    break
                nest -= 1
            position = self.event(position)
        key = footnote_key(str(label))
        self.footnotes.bodies[key] = self.footnotes.bodies.get(key, "") + "".join(self.out)
        self.out, self.end_newline = saved, saved_newline
        return position + 1

    def end(self, tag: object) -> None:
        if isinstance(tag, dict):
            name, value = next(iter(tag.items()))
            if name == "BlockQuote":
                self.write("</blockquote>\n" if value is None else "</div>\n")
            elif name == "List":
                self.write("</ol>\n" if value else "</ul>\n")
            elif name == "MetadataBlock":
                self.code = None
            return
        simple = {
            "Paragraph": "</p>\n",
            "Item": "</li>\n",
            "TableRow": "</tr>\n",
            "Emphasis": "</em>",
            "Strong": "</strong>",
            "Strikethrough": "</del>",
            "Superscript": "</sup>",
            "Subscript": "</sub>",
            "DefinitionList": "</dl>\n",
            "DefinitionListTitle": "</dt>\n",
            "DefinitionListDefinition": "</dd>\n",
        }
        if tag in simple:
            self.write(simple[str(tag)])
        elif tag == "Link":
            self.link_depth -= 1
            self.write("</a>")
        elif tag == "TableHead":
            self.in_table_head = False
            self.write("</tr></thead>\n")
        elif tag == "TableCell":
            self.write("</th>" if self.in_table_head else "</td>")
            self.table_cell += 1
        elif tag == "Table":
            self.write("</tbody></table>\n" if self.body_open else "</table>\n")
        elif tag == "CodeBlock":
            code, self.code = "".join(self.code or []), None
            self.write(self.highlight(self.code_info, code))
