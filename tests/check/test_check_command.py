"""`wren check` and `wren build --check` as a user or a CI job runs them."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from check_sites import NOW, SITE_TOML, check, found, post
from click.testing import CliRunner, Result

from wren.check import CheckOptions, LoadOptions, run_checks
from wren.check.report import summary_line
from wren.commands.cli import cli
from wren.errors import Severity

MakeSite = Callable[[str], Path]
RUSTC = shutil.which("rustc") or str(Path.home() / ".cargo/bin/rustc")
needs_rustc = pytest.mark.skipif(not Path(RUSTC).exists(), reason="rustc is not installed")


def wren(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


BROKEN = SITE_TOML + post("a", "[x](/nowhere/)") + post("b", "Intro.\n\n```\nplain\n```")


def test_clean_site_passes_with_a_summary_line(make_site: MakeSite) -> None:
    site = make_site(SITE_TOML + post("a", "Fine."))
    result = wren("check", site, "--no-rust")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("No problems found (checked ")
    assert " pages in " in result.output


def test_only_duplicates_counts_the_markdown_files_not_zero_pages(make_site: MakeSite) -> None:
    site = make_site(SITE_TOML + post("a", "Fine.") + post("b", "Also fine."))
    result = wren("check", site, "--only", "duplicates")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("No problems found (checked 2 Markdown files in ")
    assert "page" not in result.output


def test_errors_fail_and_are_grouped_by_file_with_a_summary(make_site: MakeSite) -> None:
    result = wren("check", make_site(BROKEN), "--no-rust")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "content/posts/a.md:7:1: error: broken link `/nowhere/`: no page or file at /nowhere/",
        "",
        "content/posts/b.md:9: warning: code block without a language",
        "  hint: name it after the opening fence, e.g. ```rust, or ```text for plain text",
        "",
        result.output.splitlines()[-1],
    ]
    assert result.output.splitlines()[-1].startswith("1 error, 1 warning in 2 files (checked ")


def test_warnings_pass_unless_strict(make_site: MakeSite) -> None:
    site = make_site(SITE_TOML + post("b", "Intro.\n\n```\nplain\n```"))
    assert wren("check", site, "--no-rust").exit_code == 0
    assert wren("check", site, "--no-rust", "--strict").exit_code == 1


def test_json_format_lists_diagnostics_and_a_summary(make_site: MakeSite) -> None:
    result = wren("check", make_site(BROKEN), "--format", "json", "--only", "links,lint")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["diagnostics"][0] == {
        "path": "content/posts/a.md",
        "line": 7,
        "column": 1,
        "severity": "error",
        "check": "links",
        "message": "broken link `/nowhere/`: no page or file at /nowhere/",
        "hint": None,
    }
    summary = data["summary"]
    assert (summary["errors"], summary["warnings"], summary["files"]) == (1, 1, 2)
    assert summary["rust_examples"] is None


def test_only_runs_the_checks_named(make_site: MakeSite) -> None:
    result = wren("check", make_site(BROKEN), "--only", "lint")
    assert result.exit_code == 0
    assert "broken link" not in result.output


def test_unknown_check_name_is_a_usage_error(make_site: MakeSite) -> None:
    result = wren("check", make_site(BROKEN), "--only", "links,spelling")
    assert result.exit_code == 2
    assert "unknown check `spelling`" in result.output


def test_front_matter_error_is_a_diagnostic_and_other_files_are_still_checked(
    make_site: MakeSite,
) -> None:
    site = make_site(
        SITE_TOML
        + "-- content/posts/bad.md --\n---\ntitle: [unclosed\ndate: 2026-01-01\n---\nBody.\n"
        + post("b", "Intro.\n\n```\nplain\n```")
    )
    report = check(site)
    assert "content/posts/b.md:9: warning: code block without a language" in found(report)
    [error] = [d for d in report.diagnostics if d.severity is Severity.ERROR]
    assert error.location.path == "content/posts/bad.md"
    assert error.location.line is not None
    assert error.message.startswith("invalid YAML front matter")
    assert report.notes == ("links were not checked: the site does not build",)


def test_a_file_that_is_not_utf8_is_an_error_and_the_others_are_checked(
    make_site: MakeSite,
) -> None:
    site = make_site(SITE_TOML + post("b", "Intro.\n\n```\nplain\n```"))
    (site / "content/posts/latin1.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    report = check(site, "lint")
    assert found(report) == [
        "content/posts/b.md:9: warning: code block without a language",
        "content/posts/latin1.md:2:11: error: not UTF-8 text (byte 14)",
    ]


def test_missing_site_toml_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    result = wren("check", tmp_path)
    assert result.exit_code == 1
    assert result.output.startswith("site.toml: error: no site.toml in ")


def test_missing_rustc_skips_rust_examples_once_without_a_file_or_a_count(
    make_site: MakeSite,
) -> None:
    site = make_site(
        SITE_TOML
        + post("a", "```rust\nfn main() {}\n```")
        + post("b", "```rust\nfn main() {}\n```")
    )
    options = CheckOptions(
        checks=frozenset({"rust"}),
        load=LoadOptions(now=NOW),
        rustc="/nonexistent/rustc",
        use_cache=False,
    )
    report = run_checks(site, options)
    assert report.diagnostics == ()
    assert report.rust_examples is None
    [note] = report.notes
    assert note.startswith("Rust examples skipped: rustc not found at /nonexistent/rustc")
    summary = summary_line(report)
    assert summary.count("skipped: rustc not found") == 1
    assert "Rust example" not in summary.split(";")[0]  # no "checked 2 Rust examples"
    assert not report.failed()


@pytest.mark.rustc
@needs_rustc
def test_failing_rust_example_is_reported_at_its_markdown_line(make_site: MakeSite) -> None:
    body = 'Intro.\n\n```rust\nfn main() {\n    let x: i32 = "text";\n}\n```\n\n```rust\nfn main() {}\n```'
    site = make_site(SITE_TOML + post("a", body))
    report = check(site, "rust", rustc=RUSTC)
    [failure] = report.diagnostics
    assert str(failure.location) == "content/posts/a.md:11:18"
    assert failure.message.startswith("Rust example does not compile: error[E0308]")
    assert report.rust_examples == 2


NO_SEARCH = SITE_TOML + "search = false\n"


def test_build_check_stops_before_building_on_errors(make_site: MakeSite) -> None:
    site = make_site(BROKEN.replace(SITE_TOML, NO_SEARCH))
    result = wren("build", site, "--check")
    assert result.exit_code == 1
    assert "broken link `/nowhere/`" in result.output
    assert not (site / "public").exists()


def test_build_check_builds_when_there_are_only_warnings(make_site: MakeSite) -> None:
    site = make_site(NO_SEARCH + post("b", "Intro.\n\n```\nplain\n```"))
    result = wren("build", site, "--check")
    assert result.exit_code == 0, result.output
    assert "code block without a language" in result.output
    assert (site / "public/posts/b/index.html").exists()
