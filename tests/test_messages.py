"""Messages a new author meets: each says what to fix, where, and how, in the author's words."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from wren.commands.cli import cli
from wren.config import parse_config
from wren.errors import ConfigError, ContentError
from wren.pipeline.frontmatter import split_front_matter, validate_post

MakeSite = Callable[[str], Path]
SITE = '-- site.toml --\ntitle = "T"\n'
PYTHON_TYPE_NAMES = re.compile(r"\b(dict|str|int|float|bool|NoneType|datetime|tuple)\b")


def wren(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def front_matter_error(text: str) -> ContentError:
    with pytest.raises(ContentError) as caught:
        validate_post(split_front_matter(text, "content/posts/a.md"), "content/posts/a.md")
    return caught.value


# --- YAML and TOML syntax ------------------------------------------------------------------------


def test_a_value_with_colon_space_is_said_to_need_quotes_at_its_line() -> None:
    error = front_matter_error("---\ndate: 2026-01-01\ntitle: Rust: the hard parts\n---\nBody.\n")
    assert str(error).splitlines() == [
        "content/posts/a.md:3: invalid YAML front matter: a value that contains `: ` needs quotes",
        '  hint: put the value in quotes: title: "Rust: the hard parts"',
    ]


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_is_reported_on_the_line_that_opens_it(quote: str) -> None:
    error = front_matter_error(
        f"---\ntitle: {quote}Rust\ndate: 2026-01-01\ntags: [a]\n---\nBody.\n"
    )
    assert error.location is not None and error.location.line == 2
    assert "a quote is opened and never closed" in error.message
    assert error.hint == f"close the quote on the same line: title: {quote}Rust{quote}"


def test_an_unclosed_list_is_reported_on_the_line_that_opens_it() -> None:
    error = front_matter_error("---\ntitle: X\ntags: [a, b\ndate: 2026-01-01\n---\nBody.\n")
    assert error.location is not None and error.location.line == 3
    assert error.hint is not None and "tags:" in error.hint


def test_toml_front_matter_errors_have_line_column_and_hint() -> None:
    error = front_matter_error('+++\ntitle = "X"\ndate = 2026-01-01\ntags = [a]\n+++\nBody.\n')
    assert str(error.location) == "content/posts/a.md:4:9"
    assert error.hint is not None and 'key = "value"' in error.hint


def test_an_unclosed_toml_string_in_site_toml_is_said_plainly() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config('title = "My Blog\nauthor = "Me"\n')
    assert str(caught.value.location) == "site.toml:1:17"
    assert caught.value.message == "invalid TOML: the line ends inside a quoted string"
    assert caught.value.hint is not None and "closing quote" in caught.value.hint


# --- no Python type names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("title = { a = 1 }", "`title` must be text in quotes, not a table of keys"),
        ("words_per_minute = true", "`words_per_minute` must be a whole number, not true or false"),
        ('search = "yes"', "`search` must be true or false, not text"),
        ("tagline = [1]", "`tagline` must be text in quotes, not a list"),
        ("paginate = 1.5", "`paginate` must be a whole number, not the number 1.5"),
    ],
)
def test_wrong_kinds_of_values_are_named_in_the_authors_words(line: str, expected: str) -> None:
    text = line + "\n" if line.startswith("title") else f'title = "T"\n{line}\n'
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    assert caught.value.message == expected
    assert not PYTHON_TYPE_NAMES.search(str(caught.value).split("hint:")[0])
    assert caught.value.hint is not None


def test_a_date_of_the_wrong_kind_names_no_python_type() -> None:
    error = front_matter_error("---\ntitle: X\ndate: [2026]\n---\nBody.\n")
    assert error.message.endswith(", not a list")


# --- the commands ----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["serve", "build"])
def test_a_folder_that_does_not_exist_is_named(tmp_path: Path, command: str) -> None:
    result = wren(command, tmp_path / "nonexist")
    assert result.exit_code == 1
    assert result.output.splitlines()[0].endswith(
        f"the folder {tmp_path / 'nonexist'} does not exist"
    )
    assert "site.toml" not in result.output.splitlines()[0]


def test_the_next_command_after_new_site_is_quoted_for_the_shell(tmp_path: Path) -> None:
    result = wren("new", tmp_path / "My Blog")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(f'Next: wren serve "{tmp_path}/My Blog"')


def test_new_post_leaves_no_empty_description_for_check_to_warn_about(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    assert wren("new", site).exit_code == 0
    assert wren("new", "post", "Ownership", "--site", site).exit_code == 0
    [post] = (site / "content/posts").glob("*-ownership.md")
    assert 'description: ""' not in post.read_text()
    check = wren("check", site, "--no-rust", "--only", "lint")
    assert "0 errors, 0 warnings" in check.output  # an info at most: no description yet


def test_an_existing_post_gets_a_hint_and_no_line_number(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    wren("new", site)
    assert wren("new", "post", "Ownership", "--site", site).exit_code == 0
    again = wren("new", "post", "Ownership", "--site", site)
    assert again.exit_code == 1
    first, hint = again.output.splitlines()
    assert re.fullmatch(
        r"error: content/posts/\d{4}-\d\d-\d\d-ownership\.md: the file already exists", first
    )
    assert hint == "  hint: edit it, or choose another title"


def test_new_course_writes_a_course_that_builds_and_takes_chapters(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    wren("new", site)
    made = wren("new", "course", "Rust for Pythonistas", "--site", site)
    assert made.exit_code == 0, made.output
    assert 'Next: wren new chapter rust-for-pythonistas "First Chapter"' in made.output
    index = site / "content/courses/rust-for-pythonistas/_index.md"
    assert index.read_text().startswith('---\ntitle: "Rust for Pythonistas"\n')
    chapter = wren("new", "chapter", "rust-for-pythonistas", "Ownership", "--site", site)
    assert chapter.exit_code == 0, chapter.output
    assert wren("build", site, "--no-search").exit_code == 0
    page = site / "public/courses/rust-for-pythonistas/index.html"
    assert "Rust for Pythonistas" in page.read_text()
    again = wren("new", "course", "Rust for Pythonistas", "--site", site)
    assert again.exit_code == 1
    assert "already exists" in again.output


def test_help_shows_every_command_description_whole() -> None:
    result = wren("--help")
    commands = result.output.split("Commands:")[1]
    assert "..." not in commands
    for name in ("build", "check", "new", "serve"):
        assert re.search(rf"^  {name} +\S", commands, flags=re.MULTILINE)


def test_build_suggests_check_until_check_has_run(make_site: MakeSite) -> None:
    site = make_site(SITE + "-- content/posts/a.md --\n---\ntitle: A\ndate: 2026-01-01\n---\nA.\n")
    first = wren("build", site, "--no-search")
    assert first.stderr.strip().startswith("hint: run `wren check` before publishing")
    assert wren("check", site, "--no-rust").exit_code == 0
    second = wren("build", site, "--no-search")
    assert second.exit_code == 0
    assert "wren check" not in second.output
