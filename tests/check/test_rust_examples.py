"""The Rust example checker: rustdoc's reading of blocks, and real compilations with rustc."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wren.check.rust import (
    RustAttributes,
    RustCheckOptions,
    RustExample,
    check_rust_examples,
    hidden_lines_stripped,
    is_rust_block,
    parse_info,
    program_source,
    rustc_missing_note,
    rustc_version,
)
from wren.errors import Diagnostic, Severity, SourceLocation


def _find_rustc() -> str | None:
    found = shutil.which("rustc")
    if found:
        return found
    home = Path.home() / ".cargo" / "bin" / "rustc"
    return str(home) if home.exists() else None


RUSTC = _find_rustc()
needs_rustc = pytest.mark.skipif(RUSTC is None, reason="rustc is not installed")


def example(code: str, info: str = "rust", path: str = "posts/a.md", line: int = 10) -> RustExample:
    return RustExample(SourceLocation(path, line), info, code)


def check(
    *examples: RustExample,
    cache_dir: Path | None = None,
    rustc: str | None = RUSTC,
    jobs: int = 2,
    default_edition: str = "2021",
    timeout_s: float = 30.0,
) -> list[Diagnostic]:
    options = RustCheckOptions(cache_dir, jobs, rustc or "rustc", default_edition, timeout_s)
    return check_rust_examples(examples, options)


# --- reading info strings --------------------------------------------------------------------


def test_plain_rust_info_has_no_attributes() -> None:
    assert parse_info("rust") == RustAttributes(is_rust=True)


def test_attributes_are_read_with_commas_or_spaces() -> None:
    attrs = parse_info("rust, no_run should_panic,ignore")
    assert (attrs.no_run, attrs.should_panic, attrs.ignore) == (True, True, True)
    assert not attrs.compile_fail


def test_edition_attribute_picks_the_edition() -> None:
    assert parse_info("rust,edition2018").edition == "2018"
    assert parse_info("rust edition2024").edition == "2024"
    assert parse_info("rust,edition2019").edition is None


def test_compile_fail_collects_expected_error_codes() -> None:
    attrs = parse_info("rust,compile_fail,E0499,E0382")
    assert attrs.compile_fail
    assert attrs.error_codes == ("E0382", "E0499")


@pytest.mark.parametrize("info", ["rust", "rust,ignore", "rust should_panic", "Rust", " rust "])
def test_rust_blocks_are_recognised(info: str) -> None:
    assert is_rust_block(info)
    assert parse_info(info).is_rust


@pytest.mark.parametrize("info", ["", "rustc-output", "text", "rusty", "console", "toml,rust"])
def test_other_blocks_are_not_rust(info: str) -> None:
    assert not is_rust_block(info)
    assert not parse_info(info).is_rust


# --- hidden lines ------------------------------------------------------------------------------


def test_hidden_lines_are_dropped_from_what_the_page_shows() -> None:
    code = '# fn main() {\nlet x = 1;\n#\n    # let y = 2;\nprintln!("{x}");\n# }\n'
    assert hidden_lines_stripped(code) == 'let x = 1;\nprintln!("{x}");\n'


def test_double_hash_is_an_escaped_single_hash() -> None:
    assert hidden_lines_stripped("##[derive(Debug)]\n  ## not hidden\n") == (
        "#[derive(Debug)]\n  # not hidden\n"
    )


def test_attributes_and_hash_without_space_stay_visible() -> None:
    code = "#![allow(dead_code)]\n#[derive(Debug)]\nstruct S;\n#x\n"
    assert hidden_lines_stripped(code) == code


_TEXT = st.text(alphabet="abcxyz019 (){};!=&*'<>\"", max_size=20)
_INDENT = st.text(alphabet=" \t", max_size=4)
_ATTRIBUTE = st.sampled_from(["#[derive(Debug)]", "#![allow(dead_code)]", "#x", ""])
# Each line of a block: (the line as written, what the page shows or None when hidden).
_LINE = st.one_of(
    st.tuples(_INDENT, _TEXT).map(lambda p: (p[0] + p[1], p[0] + p[1])),
    _ATTRIBUTE.map(lambda a: (a, a)),
    st.tuples(_INDENT, _TEXT).map(lambda p: (f"{p[0]}# {p[1]}", None)),
    _INDENT.map(lambda i: (f"{i}#", None)),
    st.tuples(_INDENT, _TEXT).map(lambda p: (f"{p[0]}##{p[1]}", f"{p[0]}#{p[1]}")),
)


@given(st.lists(_LINE, max_size=12))
def test_hidden_lines_stripped_shows_exactly_the_visible_lines(
    lines: list[tuple[str, str | None]],
) -> None:
    code = "".join(f"{written}\n" for written, _ in lines)
    shown = [text for _, text in lines if text is not None]
    assert hidden_lines_stripped(code) == "".join(f"{text}\n" for text in shown)


@given(st.lists(_LINE, max_size=12))
def test_every_hidden_line_is_compiled(lines: list[tuple[str, str | None]]) -> None:
    code = "".join(f"{written}\n" for written, _ in lines)
    program_lines = program_source(code, parse_info("rust")).splitlines()
    for written, text in lines:
        if text is None:
            assert written.strip()[2:] in program_lines


# --- the program compiled ---------------------------------------------------------------------


def test_block_without_main_is_wrapped_in_main() -> None:
    assert program_source("let x = 1;\n", parse_info("rust")) == (
        "#![allow(unused)]\nfn main() {\nlet x = 1;\n}\n"
    )


def test_block_with_main_is_not_wrapped() -> None:
    code = "# fn main() {\nlet x = 1;\n# }"
    assert (
        program_source(code, parse_info("rust"))
        == "#![allow(unused)]\nfn main() {\nlet x = 1;\n}\n"
    )
    code = "pub fn main() -> Result<(), String> {\n    Ok(())\n}\n"
    assert program_source(code, parse_info("rust")) == f"#![allow(unused)]\n{code}"


def test_function_merely_named_like_main_does_not_count() -> None:
    source = program_source("fn main_loop() {}\nmain_loop();", parse_info("rust"))
    assert source == "#![allow(unused)]\nfn main() {\nfn main_loop() {}\nmain_loop();\n}\n"


def test_crate_attributes_stay_outside_main() -> None:
    code = (
        "# #![allow(dead_code)]\n#![allow(\n    unused_mut,\n)]\n// a comment\n"
        "extern crate core;\n\nlet mut x = 1;\n"
    )
    assert program_source(code, parse_info("rust")) == (
        "#![allow(unused)]\n#![allow(dead_code)]\n#![allow(\n    unused_mut,\n)]\n// a comment\n"
        "extern crate core;\n\nfn main() {\nlet mut x = 1;\n}\n"
    )


def test_code_ending_in_ok_unit_runs_in_a_result_returning_function() -> None:
    code = 'let n: i32 = "1".parse()?;\nOk::<(), std::num::ParseIntError>(())'
    source = program_source(code, parse_info("rust"))
    assert source.splitlines()[1].startswith("fn main() { fn _inner() -> core::result::Result<")
    assert source.splitlines()[-1] == "} _inner().unwrap() }"


def test_test_harness_block_is_not_wrapped() -> None:
    code = "#[test]\nfn it_works() {}\n"
    assert program_source(code, parse_info("rust,test_harness")) == f"#![allow(unused)]\n{code}"


# --- compiling and running with rustc ------------------------------------------------------------


@pytest.mark.rustc
@needs_rustc
def test_block_without_main_is_wrapped_and_runs() -> None:
    assert (
        check(example('let v = vec![1, 2, 3];\nassert_eq!(v.len(), 3);\nprintln!("{v:?}");')) == []
    )


@pytest.mark.rustc
@needs_rustc
def test_block_with_its_own_main_compiles_and_runs() -> None:
    code = 'fn main() {\n    let s = String::from("hi");\n    assert_eq!(s.len(), 2);\n}\n'
    assert check(example(code)) == []


@pytest.mark.rustc
@needs_rustc
def test_compile_error_is_reported_at_its_markdown_line_with_rustc_output() -> None:
    code = 'let s = String::from("x");\nlet t = s;\nprintln!("{}", s);\n'
    [diagnostic] = check(example(code, line=10))
    assert diagnostic.severity is Severity.ERROR
    assert diagnostic.check == "rust"
    assert diagnostic.location == SourceLocation("posts/a.md", 13, 16)
    assert diagnostic.message == (
        "Rust example does not compile: error[E0382]: borrow of moved value: `s`"
    )
    assert diagnostic.hint is not None
    assert "--> posts/a.md:13:16" in diagnostic.hint
    assert '13 | println!("{}", s);' in diagnostic.hint  # snippets carry Markdown line numbers


@pytest.mark.rustc
@needs_rustc
def test_error_line_maps_to_markdown_line_through_hidden_lines() -> None:
    shown_error = (
        "# fn parse(s: &str) -> i32 {\n#     s.parse().unwrap()\n# }\n"
        '    # let n: i32 = parse("1");\nlet small: u8 = n;\n'
    )
    hidden_error = '# fn main() {\nlet ok = 1;\n    # let x: u8 = "s";\n# }\n'
    found = check(example(shown_error, line=20), example(hidden_error, line=40))
    assert [d.location for d in found] == [
        SourceLocation("posts/a.md", 25, 17),  # fence 20, fifth line of the block
        SourceLocation("posts/a.md", 43, 19),  # the hidden line's indent and "# " count
    ]
    assert all("error[E0308]: mismatched types" in d.message for d in found)


@pytest.mark.rustc
@needs_rustc
def test_error_in_crate_attribute_maps_to_its_markdown_line() -> None:
    code = "// Nightly only\n#![feature(never_type)]\nlet x = 1;\n"
    [diagnostic] = check(example(code, line=7))
    assert diagnostic.location.line == 9
    assert "E0554" in diagnostic.message


@pytest.mark.rustc
@needs_rustc
def test_error_inside_a_macro_call_maps_to_the_call() -> None:
    code = 'let x = 1;\nprintln!("{} {}", x);\n'
    [diagnostic] = check(example(code, line=3))
    assert diagnostic.location.line == 5


@pytest.mark.rustc
@needs_rustc
def test_compiler_output_in_hint_is_trimmed() -> None:
    code = "".join(f'let v{i}: u8 = "{i}";\n' for i in range(10))
    [diagnostic] = check(example(code))
    assert diagnostic.hint is not None
    lines = diagnostic.hint.splitlines()
    assert len(lines) == 16
    assert lines[-1].startswith("… (") and lines[-1].endswith("more lines)")


@pytest.mark.rustc
@needs_rustc
def test_compile_fail_block_that_compiles_is_an_error() -> None:
    [diagnostic] = check(example("let x: i32 = 1;", info="rust,compile_fail", line=4))
    assert diagnostic.severity is Severity.ERROR
    assert diagnostic.location == SourceLocation("posts/a.md", 4)
    assert "compile_fail compiled successfully" in diagnostic.message


@pytest.mark.rustc
@needs_rustc
def test_compile_fail_block_that_fails_to_compile_passes() -> None:
    code = "let s = String::new();\nlet t = s;\nlet u = s;"
    assert (
        check(example(code, info="rust,compile_fail"), example(code, "rust,compile_fail,E0382"))
        == []
    )


@pytest.mark.rustc
@needs_rustc
def test_compile_fail_with_another_error_code_is_an_error() -> None:
    [diagnostic] = check(example('let x: u8 = "s";', info="rust,compile_fail,E0382"))
    assert diagnostic.message == "Rust example marked compile_fail did not fail with E0382"
    assert diagnostic.hint is not None and "E0308" in diagnostic.hint


@pytest.mark.rustc
@needs_rustc
def test_no_run_block_is_compiled_but_not_run() -> None:
    assert check(example("loop {}", info="rust,no_run"), timeout_s=5) == []
    [diagnostic] = check(example("let x: u8 = 300;", info="rust,no_run"))
    assert "does not compile" in diagnostic.message


@pytest.mark.rustc
@needs_rustc
def test_should_panic_block_that_panics_passes() -> None:
    assert check(example('panic!("boom");', info="rust,should_panic")) == []


@pytest.mark.rustc
@needs_rustc
def test_should_panic_block_that_does_not_panic_is_an_error() -> None:
    quiet = example("let x = 1;", info="rust,should_panic", line=1)
    exits = example("std::process::exit(2);", info="rust should_panic", line=9)
    assert [d.message for d in check(quiet, exits)] == [
        "Rust example marked should_panic did not panic",
        "Rust example marked should_panic exited with status 2",
    ]


@pytest.mark.rustc
@needs_rustc
def test_panic_is_reported_at_the_markdown_line_of_the_panic() -> None:
    code = "let v: Vec<i32> = Vec::new();\nlet first = v[0];\n"
    [diagnostic] = check(example(code, line=30))
    assert diagnostic.location == SourceLocation("posts/a.md", 32, 14)  # rustc points past `v`
    assert diagnostic.message == (
        "Rust example panicked: index out of bounds: the len is 0 but the index is 0"
    )
    assert diagnostic.hint is not None and "panicked at posts/a.md:32:14" in diagnostic.hint


@pytest.mark.rustc
@needs_rustc
def test_non_zero_exit_is_an_error_with_the_stderr_tail() -> None:
    code = 'eprintln!("something went wrong");\nstd::process::exit(3);'
    [diagnostic] = check(example(code))
    assert diagnostic.message == "Rust example failed: exited with status 3"
    assert diagnostic.hint == "something went wrong"


@pytest.mark.rustc
@needs_rustc
def test_example_that_runs_forever_times_out() -> None:
    started = time.monotonic()
    [diagnostic] = check(example("loop { std::thread::yield_now(); }"), timeout_s=3)
    assert time.monotonic() - started < 20
    assert diagnostic.message == "Rust example timed out: running took over 3s"


@pytest.mark.rustc
@needs_rustc
def test_example_reading_stdin_sees_end_of_input() -> None:
    code = "let mut line = String::new();\nstd::io::stdin().read_line(&mut line).unwrap();"
    assert check(example(code), timeout_s=10) == []


@pytest.mark.rustc
@needs_rustc
def test_edition_attribute_and_default_edition_are_passed_to_rustc() -> None:
    code = "let async = 1;"  # a keyword from edition 2018 on
    assert check(example(code, info="rust,edition2015")) == []
    assert check(example(code), default_edition="2015") == []
    [diagnostic] = check(example(code, info="rust,edition2018"))
    assert "does not compile" in diagnostic.message
    [diagnostic] = check(example("let gen = 1;", info="rust,edition2024"))
    assert "does not compile" in diagnostic.message


@pytest.mark.rustc
@needs_rustc
def test_question_mark_example_ending_in_ok_unit_runs() -> None:
    ok = 'let n: i32 = "5".parse()?;\nassert_eq!(n, 5);\nOk::<(), std::num::ParseIntError>(())'
    bad = ok.replace('"5"', '"five"')
    [diagnostic] = check(example(ok, line=1), example(bad, line=20))
    assert diagnostic.location == SourceLocation("posts/a.md", 20)
    assert diagnostic.message.startswith("Rust example panicked: called `Result::unwrap()`")


@pytest.mark.rustc
@needs_rustc
def test_test_harness_block_runs_its_tests() -> None:
    passing = example("#[test]\nfn adds() { assert_eq!(1 + 1, 2); }", "rust,test_harness", line=1)
    failing = example("#[test]\nfn adds() { assert_eq!(1 + 1, 3); }", "rust,test_harness", line=9)
    [diagnostic] = check(passing, failing)
    assert diagnostic.location.line == 9


def test_ignored_and_non_rust_blocks_are_not_compiled() -> None:
    blocks = [example("this is not rust", info="rust,ignore"), example("$ ls", info="console")]
    assert check(*blocks, rustc="/nonexistent/rustc") == []


@pytest.mark.rustc
@needs_rustc
def test_diagnostics_are_sorted_by_path_then_line() -> None:
    broken = 'let x: u8 = "s";'
    examples = [
        example(broken, path="posts/b.md", line=5),
        example(broken, path="courses/intro/01.md", line=50),
        example("let fine = 1;", path="posts/a.md", line=1),
        example(broken, path="posts/b.md", line=2),
        example(broken, path="courses/intro/01.md", line=7),
    ]
    found = check(*examples, jobs=3)
    assert [(d.location.path, d.location.line) for d in found] == [
        ("courses/intro/01.md", 8),
        ("courses/intro/01.md", 51),
        ("posts/b.md", 3),
        ("posts/b.md", 6),
    ]


# --- rustc missing -------------------------------------------------------------------------------


def test_rustc_version_is_none_when_rustc_is_missing() -> None:
    assert rustc_version("/nonexistent/rustc") is None


@pytest.mark.rustc
@needs_rustc
def test_rustc_version_names_the_compiler() -> None:
    assert RUSTC is not None
    version = rustc_version(RUSTC)
    assert version is not None and version.startswith("rustc ")


def test_missing_rustc_is_one_note_for_the_site_and_no_diagnostic() -> None:
    examples = [example("let x = 1;", path="posts/z.md"), example("nonsense", path="posts/c.md")]
    assert check(*examples, rustc="/nonexistent/rustc") == []
    note = rustc_missing_note(examples, "/nonexistent/rustc")
    assert note is not None
    assert note.startswith("Rust examples skipped: rustc not found at /nonexistent/rustc ")
    assert "posts/" not in note


def test_no_note_when_nothing_needs_rustc() -> None:
    ignored = example("nonsense", info="rust,ignore")
    assert rustc_missing_note([ignored], "/nonexistent/rustc") is None


@pytest.mark.rustc
@needs_rustc
def test_no_note_when_rustc_runs() -> None:
    assert RUSTC is not None
    assert rustc_missing_note([example("let x = 1;")], RUSTC) is None


# --- the cache -----------------------------------------------------------------------------------


def _logging_rustc(tmp_path: Path) -> tuple[str, Path]:
    """A rustc wrapper that records every compilation (not ``--version``) in a log."""
    log = tmp_path / "compilations.log"
    log.touch()
    script = tmp_path / "rustc"
    script.write_text(
        f'#!/bin/sh\n[ "$1" = --version ] || echo "$*" >> "{log}"\nexec "{RUSTC}" "$@"\n'
    )
    script.chmod(0o755)
    return str(script), log


@pytest.mark.rustc
@needs_rustc
def test_cached_success_is_not_recompiled(tmp_path: Path) -> None:
    rustc, log = _logging_rustc(tmp_path)
    cache = tmp_path / "cache"
    blocks = [example("let x = 1;"), example("let y = 2;", info="rust,no_run", line=30)]
    assert check(*blocks, rustc=rustc, cache_dir=cache) == []
    assert len(log.read_text().splitlines()) == 2
    assert check(*blocks, rustc=rustc, cache_dir=cache) == []
    assert len(log.read_text().splitlines()) == 2  # nothing compiled the second time
    assert check(example("let x = 1;", info="rust,edition2018"), rustc=rustc, cache_dir=cache) == []
    assert len(log.read_text().splitlines()) == 3  # another edition is another program


def _compilations(log: Path) -> int:
    return len(log.read_text().splitlines())


@pytest.mark.rustc
@needs_rustc
@pytest.mark.parametrize(
    "block",
    [
        example('let x: u8 = "s";'),  # does not compile
        example('panic!("at the disco");'),  # compiles, then panics
        example("let x = 1;", info="rust,compile_fail"),  # compiles when it should not
        example("fn main() {}\nfn f() -> u8 { 300 }", info="rust,no_run"),  # a lint error
    ],
)
def test_a_failure_is_replayed_from_the_cache_exactly_without_compiling(
    tmp_path: Path, block: RustExample
) -> None:
    rustc, log = _logging_rustc(tmp_path)
    cache = tmp_path / "cache"
    [first] = check(block, rustc=rustc, cache_dir=cache)
    assert _compilations(log) == 1
    [again] = check(block, rustc=rustc, cache_dir=cache)
    assert _compilations(log) == 1  # not compiled the second time
    assert again == first and again.format() == first.format()


@pytest.mark.rustc
@needs_rustc
def test_a_replayed_failure_names_the_file_it_is_in_now(tmp_path: Path) -> None:
    rustc, log = _logging_rustc(tmp_path)
    cache = tmp_path / "cache"
    code = 'let x: u8 = "s";'
    [first] = check(example(code, path="posts/a.md"), rustc=rustc, cache_dir=cache)
    [moved] = check(example(code, path="posts/b.md"), rustc=rustc, cache_dir=cache)
    assert _compilations(log) == 1
    assert moved.format() == first.format().replace("posts/a.md", "posts/b.md")
    assert "posts/a.md" not in moved.format()


@pytest.mark.rustc
@needs_rustc
def test_a_failure_is_compiled_again_when_its_line_edition_or_compiler_changes(
    tmp_path: Path,
) -> None:
    rustc, log = _logging_rustc(tmp_path)
    cache = tmp_path / "cache"
    code = 'let x: u8 = "s";'
    [first] = check(example(code), rustc=rustc, cache_dir=cache)
    [lower] = check(example(code, line=14), rustc=rustc, cache_dir=cache)
    assert _compilations(log) == 2  # the compiler's line numbers follow the fence's line
    assert str(lower.location) == "posts/a.md:15:13" and str(first.location) == "posts/a.md:11:13"
    check(example(code, info="rust,edition2018"), rustc=rustc, cache_dir=cache)
    assert _compilations(log) == 3
    newer = tmp_path / "newer-rustc"
    newer.write_text(
        f'#!/bin/sh\n[ "$1" = --version ] && echo "rustc 99.0.0" && exit 0\nexec "{rustc}" "$@"\n'
    )
    newer.chmod(0o755)
    check(example(code), rustc=str(newer), cache_dir=cache)
    assert _compilations(log) == 4


@pytest.mark.rustc
@needs_rustc
def test_a_timeout_is_not_cached(tmp_path: Path) -> None:
    rustc, log = _logging_rustc(tmp_path)
    cache = tmp_path / "cache"
    for _ in range(2):
        [diagnostic] = check(example("loop {}"), rustc=rustc, cache_dir=cache, timeout_s=1.0)
        assert diagnostic.message.startswith("Rust example timed out")
    assert _compilations(log) == 2


@pytest.mark.rustc
@needs_rustc
def test_cache_holds_one_json_outcome_per_example(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    check(example("let x = 1;"), example("let y = 2;"), cache_dir=cache)
    files = sorted(cache.glob("*.json"))
    assert len(files) == 2
    for file in files:
        assert json.loads(file.read_text())["outcome"] == "ok"
    check(example('let x: u8 = "s";', line=7), cache_dir=cache)
    [failure] = sorted(set(cache.glob("*.json")) - set(files))
    assert failure.name.endswith("-7.json")
    assert json.loads(failure.read_text())["outcome"] == "failed"
