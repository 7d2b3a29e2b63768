"""Compiled highlighting: tree-sitter grammars for the languages blogs show most.

Rust, TOML, shell, Python, JSON and JavaScript are parsed by their tree-sitter grammars (one
package each, ``tree-sitter-rust`` and so on) and coloured by the highlight query that each
package ships (``queries/highlights.scm``). Wren appends a few patterns of its own, kept in
``queries/<language>.scm`` beside this module, where a package's query says too little: Rust
numbers apart from booleans and a lifetime as one token, TOML table headers and dates, Python
docstrings, ``self`` and decorators.

A query's captures become spans by tree-sitter's own highlighting rule, the one its queries
are written for: an inner node's capture colours over its parent's, and of several patterns
that capture the same node the last one wins. ``QueryCursor.captures`` does not say which
pattern captured a node, so each capture is renamed with its pattern's number when the query
is compiled (``@keyword`` in pattern 40 becomes ``@keyword.40``); it is twice as fast as
``matches``, which says so but builds a dictionary for every match. For the same reason the
text predicates of a pattern with one capture (``#match?``, ``#eq?``, ``#any-of?`` and their
``not-`` forms, which the binding checks through a dictionary of Python nodes per match) are
taken out of the query and checked here on the captured text, about twice as fast again.

Capture names become Pygments' short CSS classes (``@keyword`` is ``k``, ``@function.macro``
is ``fm``), so the HTML has the same structure and classes as Pygments' and the theme's code
colours apply to both. Every other language is highlighted by Pygments
(:mod:`wren.pipeline.highlight`).
"""

from __future__ import annotations

import importlib
import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Node

__all__ = ["GRAMMARS", "CompiledGrammar", "Grammar", "css_class"]


@dataclass(frozen=True, slots=True)
class Grammar:
    """A tree-sitter grammar package and the fence languages it highlights."""

    name: str  # the language, and the name of Wren's own query file for it
    module: str  # the grammar's Python package: ``language()`` and ``HIGHLIGHTS_QUERY``
    aliases: tuple[str, ...] = ()


GRAMMARS: tuple[Grammar, ...] = (
    Grammar("rust", "tree_sitter_rust", ("rs",)),
    Grammar("toml", "tree_sitter_toml"),
    Grammar("bash", "tree_sitter_bash", ("sh", "shell", "zsh")),
    Grammar("python", "tree_sitter_python", ("py", "python3")),
    Grammar("json", "tree_sitter_json"),
    Grammar("javascript", "tree_sitter_javascript", ("js", "jsx", "mjs", "cjs")),
)

# Capture names and the Pygments class each is shown with; "" is plain text that still
# covers what its node contains (an f-string's interpolation is code, not string). Names not
# here, such as punctuation, take the colour of what surrounds them.
_CLASSES = {
    "attribute": "cp",
    "boolean": "kc",
    "comment": "c",
    "comment.documentation": "sd",
    "constant": "no",
    "constant.builtin": "kc",
    "constructor": "nc",
    "embedded": "",
    "escape": "se",
    "function": "nf",
    "function.builtin": "nb",
    "function.decorator": "nd",
    "function.macro": "fm",
    "function.method": "nf",
    "keyword": "k",
    "label": "na",  # Rust lifetimes and loop labels, as Pygments' Rust lexer shows them
    "number": "m",
    "number.float": "mf",
    "operator": "o",
    "property": "",
    "punctuation.special": "si",
    "string": "s",
    "string.char": "sc",
    "string.documentation": "sd",
    "string.special": "sr",
    "string.special.date": "ld",
    "string.special.key": "nt",
    "type": "nc",
    "type.builtin": "kt",
    "variable": "",
    "variable.builtin": "bp",
    "variable.parameter": "",
}

# The parts of a query that matter here: strings and comments, which may hold an "@" or a
# bracket; the ``#is?`` and ``#is-not?`` predicates of locals tracking, which Wren does not do
# (they would pass; tree-sitter's Python binding can crash compiling them); captures; brackets.
# A text predicate on one capture, with string arguments only.
_PREDICATE = re.compile(
    r"\(#(?P<negated>not-)?(?P<kind>match|eq|any-of)\?\s+@(?P<capture>[\w.-]+)"
    r'(?P<args>(?:\s+"(?:[^"\\]|\\.)*")+)\s*\)'
)
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_QUERY_TOKEN = re.compile(
    r'(?P<string>"(?:[^"\\]|\\.)*")|;[^\n]*|(?P<locals>\(#is(?:-not)?\?[^()"]*\))'
    r"|@(?P<capture>[\w.-]+)|(?P<open>[(\[])|(?P<close>[)\]])"
)


def css_class(capture: str) -> str | None:
    """The Pygments class a capture is shown with: ``""`` for plain, ``None`` for none of its own.

    >>> css_class("function.macro"), css_class("variable"), css_class("punctuation.bracket")
    ('fm', '', None)
    """
    return _CLASSES.get(capture)


class CompiledGrammar:
    """One language's parser and highlight query, loaded once per worker and reused.

    Raises whatever loading raises (a missing package, a query the grammar rejects): the
    caller highlights that language with Pygments instead.
    """

    def __init__(self, grammar: Grammar) -> None:
        from tree_sitter import Language, Parser, Query, QueryCursor

        package = importlib.import_module(grammar.module)
        language = Language(package.language())
        source = package.HIGHLIGHTS_QUERY + "\n" + _wren_patterns(grammar.name)
        numbered, captures = _numbered_captures(source)
        numbered, self._tests = _text_tests(numbered, captures)
        query = Query(language, numbered)
        self._classes: dict[str, tuple[int, str]] = {}  # capture -> (rank, class)
        for name, (rank, css) in captures.items():
            if css is None:  # punctuation and the like: not even looked for
                query.disable_capture(name)
            else:
                self._classes[name] = (rank, css)
        self._parser = Parser(language)
        self._cursor = QueryCursor(query)

    def highlight(self, code: str) -> str | None:
        """The HTML of a code block's lines, or None when the code does not parse cleanly
        (a fragment with ``...`` in it): Pygments' patterns then colour it more evenly."""
        source = code.encode()
        tree = self._parser.parse(source)
        if tree.root_node.has_error:
            return None
        return _spans_html(code, source, self._painted(source, tree.root_node))

    def _painted(self, source: bytes, root: Node) -> list[str | None]:
        """The class of every byte: outer captures painted first, inner ones over them."""
        spans: list[tuple[int, int, int, str]] = []
        for name, nodes in self._cursor.captures(root).items():
            rank, css = self._classes[name]
            test = self._tests.get(name)
            if test is not None:
                nodes = [n for n in nodes if test(source[n.start_byte : n.end_byte].decode())]
            spans.extend((n.start_byte - n.end_byte, rank, n.start_byte, css) for n in nodes)
        spans.sort()  # the longest first; of equal nodes, the earliest pattern first
        paint: list[str | None] = [None] * len(source)
        for negative_length, _rank, start, css in spans:
            paint[start : start - negative_length] = [css] * -negative_length
        return paint


def _wren_patterns(language: str) -> str:
    """Wren's own patterns for a language, appended to the package's query; may be none."""
    query = files("wren.pipeline").joinpath("queries", f"{language}.scm")
    return query.read_text(encoding="utf-8") if query.is_file() else ""


def _numbered_captures(source: str) -> tuple[str, dict[str, tuple[int, str | None]]]:
    """The query with each capture renamed after its pattern and without locals predicates,
    and what each new name means: its pattern's number (the rank among the captures of one
    node) and its class. A pattern starts at each bracket or string outside all brackets.

    >>> query, meaning = _numbered_captures('"fn" @keyword ((name) @f (#eq? @f "x") (#is? local))')
    >>> query, meaning
    ('"fn" @keyword.1 ((name) @f.2 (#eq? @f.2 "x") )', {'keyword.1': (1, 'k'), 'f.2': (2, None)})
    """
    depth = pattern = 0
    meaning: dict[str, tuple[int, str | None]] = {}

    def rename(token: re.Match[str]) -> str:
        nonlocal depth, pattern
        if token["locals"]:
            return ""
        if depth == 0 and (token["open"] or token["string"]):
            pattern += 1
        if token["open"]:
            depth += 1
        elif token["close"]:
            depth -= 1
        elif token["capture"]:
            name = f"{token['capture']}.{pattern}"
            meaning[name] = (pattern, css_class(token["capture"]))
            return f"@{name}"
        return token[0]

    return _QUERY_TOKEN.sub(rename, source), meaning


def _text_tests(
    query: str, captures: dict[str, tuple[int, str | None]]
) -> tuple[str, dict[str, Callable[[str], bool]]]:
    """The numbered query without the text predicates of its one-capture patterns, and for
    each capture they were on, the test its text must pass instead.

    >>> query, tests = _text_tests('((name) @f.2 (#match? @f.2 "^[A-Z]"))', {"f.2": (2, "nc")})
    >>> query, tests["f.2"]("Shell"), tests["f.2"]("shell")
    ('((name) @f.2 )', True, False)
    """
    per_pattern = Counter(rank for rank, _css in captures.values())
    checks: dict[str, list[Callable[[str], bool]]] = {}

    def take_out(predicate: re.Match[str]) -> str:
        name = predicate["capture"]
        if name not in captures or per_pattern[captures[name][0]] != 1:
            return predicate[0]  # on a pattern of several captures: tree-sitter checks it
        args = [_unescaped(arg) for arg in _STRING.findall(predicate["args"])]
        checks.setdefault(name, []).append(
            _text_test(predicate["kind"], args, predicate["negated"] is not None)
        )
        return ""

    stripped = _PREDICATE.sub(take_out, query)
    tests = {name: _all_of(found) for name, found in checks.items()}
    return stripped, tests


def _text_test(kind: str, args: list[str], negated: bool) -> Callable[[str], bool]:
    if kind == "match":
        search = re.compile(args[0]).search
        return lambda text: (search(text) is None) is negated
    if kind == "eq":
        return lambda text: (text == args[0]) is not negated
    words = frozenset(args)
    return lambda text: (text in words) is not negated


def _all_of(tests: list[Callable[[str], bool]]) -> Callable[[str], bool]:
    if len(tests) == 1:
        return tests[0]
    return lambda text: all(test(text) for test in tests)


def _unescaped(string: str) -> str:
    r"""A query string's value: ``\\`` is one backslash, ``\n`` a new line.

    >>> _unescaped(r"^[A-Z\\d]+$"), _unescaped(r"a\"b")
    ('^[A-Z\\d]+$', 'a"b')
    """
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), string, flags=re.S)


def _spans_html(code: str, source: bytes, paint: list[str | None]) -> str:
    """Runs of one class as Pygments writes them: escaped, one span per line of a run."""
    classes: list[str | None] = []
    pieces: list[str] = []
    start = 0
    ascii_only = len(code) == len(source)  # then a byte's offset is its character's
    for css, run in itertools.groupby(paint):
        end = start + len(list(run))
        classes.append(css)
        pieces.append(code[start:end] if ascii_only else source[start:end].decode())
        start = end
    if "\0" in code:
        escaped = [_escaped(piece) for piece in pieces]
    else:  # the whole block escaped at once, then cut again where the runs meet
        escaped = _escaped("\0".join(pieces)).split("\0")
    out: list[str] = []
    for css, text in zip(classes, escaped, strict=True):
        if not css:
            out.append(text)
        elif "\n" not in text:
            out.append(f'<span class="{css}">{text}</span>')
        else:
            out.append(
                "\n".join(
                    f'<span class="{css}">{line}</span>' if line else line
                    for line in text.split("\n")
                )
            )
    return "".join(out)


def _escaped(text: str) -> str:
    """Text escaped for HTML as Pygments escapes it (``str.replace`` is many times faster
    here than ``html.escape`` or ``str.translate``).

    >>> _escaped("a<b & 'c'")
    'a&lt;b &amp; &#39;c&#39;'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#39;")
