"""Syntax highlighting of fenced code, and the theme's code colours.

The languages with a tree-sitter grammar (:mod:`wren.pipeline.grammars`: Rust, TOML, shell,
Python, JSON, JavaScript) are highlighted by it; every other language, a block its grammar
cannot parse cleanly, and a language whose grammar fails to load or to run are highlighted by
Pygments. Both write the same HTML, with Pygments' CSS classes, so one stylesheet colours both.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from wren.pipeline.grammars import GRAMMARS, CompiledGrammar, Grammar

if TYPE_CHECKING:  # Pygments is imported when first needed: cached builds never lex
    from pygments.formatters import HtmlFormatter
    from pygments.lexer import Lexer

__all__ = [
    "Highlighter",
    "code_css",
    "fence_flags",
    "fence_language",
    "fence_tokens",
    "hidden_lines_stripped",
    "rust_lines",
    "rustdoc_line",
]

_TOKEN_SPLIT = re.compile(r"[\s,]+")
LIGHT_STYLE = "xcode"
DARK_STYLE = "lightbulb"

# rustdoc's fence attributes that change what an example does, and how the theme marks them.
CODE_FLAGS = {
    "compile_fail": "Does not compile",
    "should_panic": "Panics",
    "ignore": "Not checked",
}


def fence_tokens(info: str | None) -> list[str]:
    """The words of a fence's info string, as rustdoc reads them: split at spaces and commas,
    ``{.rust}`` read as ``rust``. The one reader of info strings, for pages and checks.

    >>> fence_tokens("rust,no_run edition2021"), fence_tokens("{.rust}"), fence_tokens(None)
    (['rust', 'no_run', 'edition2021'], ['rust'], [])
    """
    if not info:
        return []
    return [t.strip("{}").lstrip(".") for t in _TOKEN_SPLIT.split(info.strip()) if t]


def fence_language(info: str | None) -> str | None:
    """The language of a fence's info string: ``rust,ignore`` and ``rust ignore`` give ``rust``."""
    tokens = fence_tokens(info)
    return tokens[0].lower() or None if tokens else None


def fence_flags(info: str | None) -> tuple[str, ...]:
    """The rustdoc attributes of a fence that readers should see: ``rust,compile_fail``."""
    if not info:
        return ()
    words = info.replace(",", " ").split()[1:]
    return tuple(word for word in words if word in CODE_FLAGS)


def rust_lines(code: str) -> list[str]:
    r"""The lines of a Rust block, as Rust's ``str::lines`` splits them (``\n`` or ``\r\n``).

    >>> rust_lines("a\r\nb\n")
    ['a', 'b']
    """
    lines = code.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def rustdoc_line(line: str) -> tuple[bool, str]:
    """One line of a Rust block by rustdoc's rules: whether readers see it, and the code
    compiled. A line that trims to ``#`` or starts with ``# `` is hidden; a leading ``##`` is
    an escaped ``#``. The one place this rule is written: pages and ``wren check`` use it.

    >>> rustdoc_line("    # let x = 1;"), rustdoc_line("##[derive(Debug)]")
    ((True, 'let x = 1;'), (False, '#[derive(Debug)]'))
    """
    trimmed = line.strip()
    if trimmed.startswith("##"):
        return False, line.replace("##", "#", 1)
    if trimmed.startswith("# "):
        return True, trimmed[2:]
    if trimmed == "#":
        return True, ""
    return False, line


def hidden_lines_stripped(code: str) -> str:
    r"""Rust code as readers see it: the lines ``rustdoc_line`` does not hide.

    >>> hidden_lines_stripped("# fn main() {\n##[derive(Debug)]\nstruct S;\n# }\n")
    '#[derive(Debug)]\nstruct S;\n'
    """
    shown = [text for hidden, text in map(rustdoc_line, rust_lines(code)) if not hidden]
    return "\n".join(shown) + ("\n" if shown and code.endswith("\n") else "")


class Highlighter:
    """Highlights code blocks; keeps one grammar or lexer per language for the life of a worker.

    ``grammars`` are the tree-sitter grammars to use (tests give one that fails).
    """

    def __init__(self, grammars: Iterable[Grammar] = GRAMMARS) -> None:
        self._grammars = {name: g for g in grammars for name in (g.name, *g.aliases)}
        self._compiled: dict[str, CompiledGrammar | None] = {}
        self._formatter: HtmlFormatter[str] | None = None
        self._lexers: dict[str, Lexer | None] = {}

    def _grammar(self, language: str) -> CompiledGrammar | None:
        if language not in self._compiled:
            grammar = self._grammars.get(language)
            try:
                self._compiled[language] = CompiledGrammar(grammar) if grammar else None
            except Exception:  # a grammar that does not load: Pygments highlights instead
                self._compiled[language] = None
        return self._compiled[language]

    def _lexer(self, language: str) -> Lexer | None:
        if language not in self._lexers:
            from pygments.lexers import get_lexer_by_name
            from pygments.util import ClassNotFound

            try:
                self._lexers[language] = get_lexer_by_name(language, stripnl=False)
            except ClassNotFound:
                self._lexers[language] = None
        return self._lexers[language]

    def __call__(self, language: str | None, code: str) -> str:
        lang = fence_language(language)
        if lang == "rust":
            code = hidden_lines_stripped(code)
        label = f' class="language-{html.escape(lang, quote=True)}"' if lang else ""
        body = self._body(lang, code) if lang else html.escape(code, quote=False)
        attrs = f' data-lang="{html.escape(lang, quote=True)}"' if lang else ""
        pre = f'<pre class="highlight" tabindex="0"{attrs}><code{label}>{body}</code></pre>'
        return _code_block(lang, fence_flags(language), pre)

    def _body(self, lang: str, code: str) -> str:
        """The highlighted lines: by the language's grammar when it has one that parses the
        code, else by Pygments' lexer, else escaped as they are."""
        grammar = self._grammar(lang)
        if grammar is not None:
            try:
                body = grammar.highlight(_pygments_newlines(code))
            except Exception:  # a grammar failing on one block costs that block its speed only
                body = None
            if body is not None:
                return body
        lexer = self._lexer(lang)
        if lexer is None:
            return html.escape(code, quote=False)
        from pygments import highlight
        from pygments.formatters import HtmlFormatter

        self._formatter = self._formatter or HtmlFormatter(nowrap=True)
        return highlight(code, lexer, self._formatter)


def _pygments_newlines(code: str) -> str:
    r"""Line ends as Pygments' lexers make them, so both engines show a block alike: ``\r\n``
    and ``\r`` become ``\n``, and the last line ends with one.

    >>> _pygments_newlines("a\r\nb\rc")
    'a\nb\nc\n'
    """
    code = code.replace("\r\n", "\n").replace("\r", "\n")
    return code if code.endswith("\n") else code + "\n"


def _code_block(lang: str | None, flags: tuple[str, ...], pre: str) -> str:
    """A code block with its language and rustdoc marks above it; the pre scrolls, the page not.

    The pre is focusable so that keyboard readers can scroll wide code.
    """
    head = ""
    if lang:
        head += f'<span class="code-lang">{html.escape(lang)}</span>'
    for flag in flags:
        head += (
            f'<span class="code-flag code-flag-{flag.replace("_", "-")}">{CODE_FLAGS[flag]}</span>'
        )
    if head:
        head = f'<div class="code-head" data-pagefind-ignore>{head}</div>'
    return f'<div class="code-block">{head}{pre}</div>\n'


# What the light style leaves black: names of functions (blue) and macros (Xcode's brown).
LIGHT_ADDITIONS = """\
.highlight .nf { color: #0E5B9E } /* Name.Function */
.highlight .fm { color: #643820 } /* Name.Function.Magic */
"""


def code_css() -> str:
    """Pygments colours for the default theme, light and dark by ``prefers-color-scheme``."""
    from pygments.formatters import HtmlFormatter

    light = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(".highlight")  # type: ignore[no-untyped-call]
    dark = HtmlFormatter(style=DARK_STYLE).get_style_defs(".highlight")  # type: ignore[no-untyped-call]
    dark_indented = "\n".join("  " + line for line in dark.splitlines())
    return (
        f"{light}\n{LIGHT_ADDITIONS}@media (prefers-color-scheme: dark) {{\n{dark_indented}\n}}\n"
    )
