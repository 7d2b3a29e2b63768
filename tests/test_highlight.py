"""Highlighting: what readers see of a Rust block is what rustdoc shows, coloured by the
language's tree-sitter grammar, or by Pygments for every other language."""

from __future__ import annotations

import html
import re

import pytest

from wren.check import rust
from wren.pipeline.grammars import CompiledGrammar, Grammar
from wren.pipeline.highlight import Highlighter, hidden_lines_stripped

_SPAN = re.compile(r'<span class="(\w+)">([^<]*)</span>')
HIGHLIGHT = Highlighter()  # one per worker, as in a build


def spans(language: str, code: str) -> list[tuple[str, str]]:
    """The coloured pieces of a highlighted block: (Pygments class, text) in order."""
    return [(css, html.unescape(text)) for css, text in _SPAN.findall(HIGHLIGHT(language, code))]


def css_of(language: str, code: str, text: str) -> set[str]:
    """The classes the pieces spelled ``text`` are shown with (empty when plain)."""
    return {css for css, piece in spans(language, code) if piece == text}


def body(highlighter: Highlighter, language: str, code: str) -> str:
    return highlighter(language, code).split("<code", 1)[1].split(">", 1)[1]


def pygments_only() -> Highlighter:
    return Highlighter(grammars=())


def test_rust_check_and_pages_share_one_hidden_lines_rule() -> None:
    assert rust.hidden_lines_stripped is hidden_lines_stripped


def test_hash_followed_by_a_tab_only_is_hidden_like_a_lone_hash() -> None:
    assert hidden_lines_stripped("#\t\nlet x = 1;\n") == "let x = 1;\n"


def test_windows_line_endings_are_split_like_rust_str_lines() -> None:
    assert hidden_lines_stripped("let a = 1;\r\n# let b = 2;\r\n") == "let a = 1;\n"


def test_only_newlines_end_lines_not_other_unicode_separators() -> None:
    code = "let s = 1;\u2028# not a new line\n"
    assert hidden_lines_stripped(code) == code


def test_rendered_rust_block_hides_hidden_lines() -> None:
    html = Highlighter()("rust", "# fn main() {\nlet shown = 1;\n# }\n")
    assert "shown" in html
    assert "main" not in html


RUST = """\
/// Counts the shells.
#[derive(Debug, Clone)]
pub struct Ring<'a, T> { items: Vec<T>, name: &'a str }

fn count(ring: &Ring<'_, u32>) -> usize {
    let mut n = 0x1F + 2 as usize; // a note
    println!("{} {}\\n", n, 'c');
    ring.items.len() + n
}

macro_rules! square { ($x:expr) => { $x * $x }; }
const READY: bool = true;
let f = 2.5;
'outer: loop { break 'outer; }
"""


@pytest.mark.parametrize(
    ("text", "css"),
    [
        ("fn", "k"),
        ("let", "k"),
        ("mut", "k"),
        ("pub", "k"),
        ("struct", "k"),
        ("loop", "k"),
        ('"{} {}', "s"),
        ("\\n", "se"),
        ("'c'", "sc"),
        ("// a note", "c"),
        ("/// Counts the shells.", "sd"),
        ("0x1F", "m"),
        ("2.5", "mf"),
        ("true", "kc"),
        ("u32", "kt"),
        ("usize", "kt"),
        ("Ring", "nc"),
        ("Vec", "nc"),
        ("count", "nf"),
        ("len", "nf"),
        ("println!", "fm"),
        ("square", "fm"),
        ("'a", "na"),
        ("'_", "na"),
        ("'outer", "na"),
        ("READY", "no"),
        ("+", "o"),
        ("=", "o"),
        ("&", "o"),
    ],
)
def test_rust_tokens_have_the_classes_of_their_kind(text: str, css: str) -> None:
    assert css_of("rust", RUST, text) == {css}


def test_a_rust_attribute_is_coloured_as_one_with_its_brackets() -> None:
    attribute = [piece for piece in spans("rust", RUST) if piece[0] in {"cp", "nc"}][:5]
    assert attribute == [
        ("cp", "#[derive("),
        ("nc", "Debug"),
        ("cp", ", "),
        ("nc", "Clone"),
        ("cp", ")]"),
    ]


def test_a_macro_body_shows_its_metavariables_calls_and_keywords() -> None:
    code = "macro_rules! m { ($x:expr) => { if $x { n!($x) } else { 0 } }; }\n"
    assert css_of("rust", code, "$x") == {"fm"}
    assert css_of("rust", code, "expr") == {"kt"}
    assert css_of("rust", code, "n!") == {"fm"}
    assert css_of("rust", code, "else") == css_of("rust", code, "if") == {"k"}
    assert css_of("rust", code, "=>") == {"o"}


def test_self_in_rust_is_a_builtin_name() -> None:
    assert css_of("rust", "impl S { fn f(&self) -> u8 { self.0 } }\n", "self") == {"bp"}


TOML = """\
[package]
name = "wren" # the name
version = 1.5
ok = true
born = 1979-05-27

[dependencies.serde]
features = ["derive"]
"""


@pytest.mark.parametrize(
    ("text", "css"),
    [
        ("[package]", "k"),
        ("[dependencies.serde]", "k"),
        ('"wren"', "s"),
        ("# the name", "c"),
        ("1.5", "m"),
        ("true", "kc"),
        ("1979-05-27", "ld"),
        ("=", "o"),
    ],
)
def test_toml_tokens_have_the_classes_of_their_kind(text: str, css: str) -> None:
    assert css_of("toml", TOML, text) == {css}


def test_toml_keys_are_plain_names() -> None:
    assert css_of("toml", TOML, "name") == css_of("toml", TOML, "features") == set()


SHELL = """\
# build it
for f in *.md; do echo "$f" | grep -v draft; done
cargo build --release
"""


@pytest.mark.parametrize(
    ("text", "css"),
    [
        ("# build it", "c"),
        ("for", "k"),
        ("do", "k"),
        ("done", "k"),
        ("echo", "nf"),
        ("cargo", "nf"),
        ("--release", "no"),
        ('"', "s"),
        ("$", "o"),
    ],
)
@pytest.mark.parametrize("language", ["bash", "sh", "shell"])
def test_shell_tokens_have_the_classes_of_their_kind(language: str, text: str, css: str) -> None:
    assert css_of(language, SHELL, text) == {css}


PYTHON = '''\
"""The module."""
@dataclass
class Shell(Base):
    """A shell."""
    def grow(self, days: int = 3) -> None:
        print(f"{days} days", len(self.items), True)
        return self.items.append(0.5)
'''


@pytest.mark.parametrize(
    ("text", "css"),
    [
        ("class", "k"),
        ("def", "k"),
        ("return", "k"),
        ('"""The module."""', "sd"),
        ('"""A shell."""', "sd"),
        ("@dataclass", "nd"),
        ("Shell", "nc"),
        ("grow", "nf"),
        ("append", "nf"),
        ("print", "nb"),
        ("len", "nb"),
        ("self", "bp"),
        ("3", "m"),
        ("0.5", "m"),
        ("None", "kc"),
        ("True", "kc"),
        (' days"', "s"),
        ("int", "nc"),
    ],
)
@pytest.mark.parametrize("language", ["python", "py"])
def test_python_tokens_have_the_classes_of_their_kind(language: str, text: str, css: str) -> None:
    assert css_of(language, PYTHON, text) == {css}


def test_an_f_string_interpolation_is_code_inside_the_string() -> None:
    pieces = spans("python", 'label = f"{days} days"\n')
    assert pieces == [("o", "="), ("s", 'f"'), ("si", "{"), ("si", "}"), ("s", ' days"')]


JSON = '{"name": "wren", "size": [1, 2.5], "ok": true, "none": null, "esc": "a\\n"}\n'


@pytest.mark.parametrize(
    ("text", "css"),
    [
        ('"name"', "nt"),
        ('"wren"', "s"),
        ("1", "m"),
        ("2.5", "m"),
        ("true", "kc"),
        ("null", "kc"),
        ("\\n", "se"),
    ],
)
def test_json_tokens_have_the_classes_of_their_kind(text: str, css: str) -> None:
    assert css_of("json", JSON, text) == {css}


JAVASCRIPT = """\
const limit = require("limit"); // load it
function grow(shell) { return shell.size(`${shell.name} grew`, /ab+c/g, 42, this); }
class Crab extends Animal {}
"""


@pytest.mark.parametrize(
    ("text", "css"),
    [
        ("const", "k"),
        ("function", "k"),
        ("return", "k"),
        ("class", "k"),
        ("extends", "k"),
        ("require", "nb"),
        ('"limit"', "s"),
        ("// load it", "c"),
        ("grow", "nf"),
        ("size", "nf"),
        ("${", "si"),
        (" grew`", "s"),
        ("/ab+c/g", "sr"),
        ("42", "m"),
        ("this", "bp"),
        ("Crab", "nc"),
    ],
)
@pytest.mark.parametrize("language", ["javascript", "js"])
def test_javascript_tokens_have_the_classes_of_their_kind(
    language: str, text: str, css: str
) -> None:
    assert css_of(language, JAVASCRIPT, text) == {css}


def test_a_token_over_two_lines_is_one_span_per_line_as_pygments_writes_it() -> None:
    assert spans("rust", "/* one\ntwo */\n") == [("c", "/* one"), ("c", "two */")]


def test_text_is_escaped_and_multibyte_characters_keep_their_place() -> None:
    code = 'let s = "né<b>&\'"; // ünïcode\n'
    assert spans("rust", code)[-2:] == [("s", '"né<b>&\'"'), ("c", "// ünïcode")]
    assert "&quot;né&lt;b&gt;&amp;&#39;&quot;" in Highlighter()("rust", code)


def test_windows_line_endings_highlight_as_unix_ones() -> None:
    assert Highlighter()("rust", "let a = 1;\r\nlet b = 2;\r\n") == Highlighter()(
        "rust", "let a = 1;\nlet b = 2;\n"
    )


def test_the_block_around_the_code_is_the_same_for_both_highlighters() -> None:
    code = "fn main() {}\n"
    tree, pygments = Highlighter()("rust", code), pygments_only()("rust", code)
    assert tree.split("<code", 1)[0] == pygments.split("<code", 1)[0]
    assert '<code class="language-rust">' in tree
    assert tree.endswith("</code></pre></div>\n")


def test_a_language_without_a_grammar_is_highlighted_by_pygments() -> None:
    code = 'main = putStrLn "hi" -- greet\n'
    assert Highlighter()("haskell", code) == pygments_only()("haskell", code)
    assert '<span class="c1">-- greet</span>' in Highlighter()("haskell", code)


def test_a_language_nobody_knows_is_shown_escaped() -> None:
    assert body(Highlighter(), "nosuchlanguage", "a < b\n") == "a &lt; b\n</code></pre></div>\n"


def test_a_grammar_that_is_not_installed_leaves_its_language_to_pygments() -> None:
    missing = Highlighter(grammars=[Grammar("rust", "no_such_grammar_package")])
    assert missing("rust", RUST) == pygments_only()("rust", RUST)


def test_a_grammar_whose_query_does_not_fit_it_leaves_its_language_to_pygments() -> None:
    mismatched = Highlighter(grammars=[Grammar("rust", "tree_sitter_toml")])  # Rust's patterns
    assert mismatched("rust", RUST) == pygments_only()("rust", RUST)


def test_a_grammar_that_fails_on_a_block_leaves_that_block_to_pygments(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(self: CompiledGrammar, code: str) -> str:
        raise RuntimeError("the parser gave up")

    monkeypatch.setattr(CompiledGrammar, "highlight", fail)
    assert Highlighter()("rust", RUST) == pygments_only()("rust", RUST)


def test_a_block_its_grammar_cannot_parse_is_highlighted_by_pygments() -> None:
    fragment = "fn main() {\n    let x = ...;\n"
    assert Highlighter()("rust", fragment) == pygments_only()("rust", fragment)


def test_light_code_colours_function_and_macro_names() -> None:
    from wren.pipeline.highlight import code_css

    light = code_css().split("@media", 1)[0]
    assert ".highlight .nf { color: #0E5B9E }" in light
    assert ".highlight .fm { color: #643820 }" in light
