"""Highlighting: what readers see of a Rust block is what rustdoc shows."""

from __future__ import annotations

from wren.check import rust
from wren.pipeline.highlight import Highlighter, hidden_lines_stripped


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
