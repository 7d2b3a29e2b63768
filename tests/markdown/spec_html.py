"""HTML normalised for comparison with the specs' expected output.

The CommonMark spec's own rule (its ``normalize.py``): entities decoded and re-escaped,
attributes sorted, whitespace collapsed outside ``<pre>`` and dropped next to block tags.
On top of it, what Wren adds to every body is taken away: heading ids and their anchor
links, and Pygments' highlighting (``<pre class="highlight" data-lang>`` and its spans);
the theme's code-block box (its label bar, and ``tabindex`` on a ``<pre>`` that may scroll),
the scrolling box around a table and the state label of a task-list checkbox;
and equivalent spellings are made one: a table cell's ``style="text-align: center"`` is
``align="center"`` (HTML5 has no ``align``), a link to ``./x`` is a link to ``x``.
"""

from __future__ import annotations

import html
import re
from html.entities import name2codepoint
from html.parser import HTMLParser

__all__ = ["normalize_html"]

_BLOCK = frozenset(
    [
        "article",
        "header",
        "aside",
        "hgroup",
        "blockquote",
        "hr",
        "iframe",
        "body",
        "li",
        "map",
        "button",
        "object",
        "canvas",
        "ol",
        "caption",
        "output",
        "col",
        "p",
        "colgroup",
        "pre",
        "dd",
        "progress",
        "div",
        "section",
        "dl",
        "table",
        "td",
        "dt",
        "tbody",
        "embed",
        "textarea",
        "fieldset",
        "tfoot",
        "figcaption",
        "th",
        "figure",
        "thead",
        "footer",
        "tr",
        "form",
        "ul",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "video",
        "script",
        "style",
    ]
)
_WHITESPACE = re.compile(r"\s+")


class _Normalizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.output = ""
        self.last = "starttag"
        self.last_tag = ""
        self.in_pre = 0
        self.in_anchor = False
        self.skip_spans: list[bool] = []

    def handle_data(self, data: str) -> None:
        if self.in_anchor:
            return
        after_tag = self.last in ("endtag", "starttag")
        after_block = after_tag and self.last_tag in _BLOCK
        if after_tag and self.last_tag == "br":
            data = data.lstrip("\n")
        if not self.in_pre:
            data = _WHITESPACE.sub(" ", data)
        if after_block and not self.in_pre:
            data = data.lstrip() if self.last == "starttag" else data.strip()
        self.output += html.escape(data, quote=True)
        self.last = "data"

    def handle_endtag(self, tag: str) -> None:
        if self.in_anchor and tag == "a":
            self.in_anchor = False
            return
        if tag == "span" and self.in_pre:
            return
        if tag == "pre":
            self.in_pre -= 1
        elif tag in _BLOCK:
            self.output = self.output.rstrip()
        self.output += f"</{tag}>"
        self.last_tag, self.last = tag, "endtag"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and ("class", "anchor") in attrs:
            self.in_anchor = True
            self.output = self.output.rstrip()
            return
        if tag == "span" and self.in_pre:
            return
        if tag == "pre":
            self.in_pre += 1
            attrs = [(k, v) for k, v in attrs if k not in ("data-lang",)]
            attrs = [(k, v) for k, v in attrs if (k, v) != ("class", "highlight")]
        if tag in ("th", "td"):  # `style="text-align: x"` is HTML5's `align="x"`
            attrs = [_alignment(k, v) for k, v in attrs]
        if tag == "a":  # `./x` is `x`
            attrs = [(k, v.removeprefix("./") if k == "href" and v else v) for k, v in attrs]
        if re.fullmatch(r"h[1-6]", tag):
            attrs = [(k, v) for k, v in attrs if k != "id"]
        if tag in _BLOCK:
            self.output = self.output.rstrip()
        self.output += "<" + tag + _attributes(attrs) + ">"
        self.last_tag, self.last = tag, "starttag"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.output = self.output.rstrip()
        self.output += "<" + tag + _attributes(attrs) + ">"
        self.last_tag, self.last = tag, "starttag"

    def handle_comment(self, data: str) -> None:
        self.output += f"<!--{data}-->"
        self.last = "comment"

    def handle_decl(self, decl: str) -> None:
        self.output += f"<!{decl}>"
        self.last = "decl"

    def unknown_decl(self, data: str) -> None:
        self.output += f"<!{data}>"
        self.last = "decl"

    def handle_pi(self, data: str) -> None:
        self.output += f"<?{data}>"
        self.last = "pi"

    def handle_entityref(self, name: str) -> None:
        code = name2codepoint.get(name)
        self.handle_data(chr(code) if code else f"&{name};")

    def handle_charref(self, name: str) -> None:
        try:
            number = int(name[1:], 16) if name.lower().startswith("x") else int(name)
            char = chr(number) if number else "\ufffd"
        except (ValueError, OverflowError):
            char = "&#" + name + ";"
        self.handle_data(char)


def _alignment(key: str, value: str | None) -> tuple[str, str | None]:
    match = re.fullmatch(r"text-align: (\w+)", value or "") if key == "style" else None
    return ("align", match.group(1)) if match else (key, value)


def _attributes(attrs: list[tuple[str, str | None]]) -> str:
    out = ""
    for key, value in sorted(attrs, key=lambda kv: (kv[0], kv[1] or "")):
        out += f" {key}"
        if value is not None:
            out += '="' + html.escape(value, quote=True) + '"'
    return out


_CODE_BOX = re.compile(
    r'<div class="code-block">(?:<div class="code-head"[^>]*>.*?</div>)?(<pre.*?</pre>)</div>',
    re.DOTALL,
)
_TABLE_BOX = re.compile(r'<div class="table-wrap"[^>]*>(<table>.*?</table>)</div>', re.DOTALL)
_DECORATION_ATTRS = re.compile(r' (?:tabindex="0"|aria-label="(?:Done|To do)")')


def _without_decorations(text: str) -> str:
    text = _CODE_BOX.sub(r"\1", text)
    text = _TABLE_BOX.sub(r"\1", text)
    return _DECORATION_ATTRS.sub("", text)


def normalize_html(text: str) -> str:
    parser = _Normalizer()
    parser.feed(_without_decorations(text))
    parser.close()
    return parser.output
