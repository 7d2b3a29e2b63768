"""Which Rust examples `wren check` compiles: the site's `[rust]` settings, a post's
`compile_rust`, and `wren build --check --no-rust`."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from check_sites import SITE_TOML, check, found
from click.testing import CliRunner

from wren.commands.cli import cli
from wren.config import parse_config
from wren.errors import WrenError

MakeSite = Callable[[str], Path]
RUSTC = shutil.which("rustc") or str(Path.home() / ".cargo/bin/rustc")
needs_rustc = pytest.mark.skipif(not Path(RUSTC).exists(), reason="rustc is not installed")

BROKEN = '```rust\nlet x: u8 = "text";\n```'


def dated(name: str, date: str, body: str, front: str = "") -> str:
    return (
        f'-- content/posts/{name}.md --\n---\ntitle: "{name}"\ndate: {date}\n'
        f'description: "A post."\n{front}---\n\n{body}\n'
    )


POSTS = (
    dated("old", "2023-05-01", BROKEN)
    + dated("old-but-fixed", "2023-06-01", BROKEN, "compile_rust: true\n")
    + dated("new", "2025-02-01", BROKEN)
    + dated("new-but-fragments", "2025-03-01", BROKEN, "compile_rust: false\n")
    + dated("keyword", "2025-04-01", '```rust\nlet async = 1;\nprintln!("{async}");\n```')
    + dated("ignored", "2025-05-01", BROKEN.replace("```rust", "```rust,ignore"))
)


def failing(site: Path) -> list[str]:
    return sorted({line.split(":")[0] for line in found(check(site, "rust", rustc=RUSTC))})


@pytest.mark.rustc
@needs_rustc
def test_today_all_but_ignore_blocks_are_compiled_in_edition_2021(make_site: MakeSite) -> None:
    site = make_site(SITE_TOML + POSTS)
    assert failing(site) == [
        "content/posts/keyword.md",  # `async` is a keyword since 2018
        "content/posts/new.md",
        "content/posts/old-but-fixed.md",
        "content/posts/old.md",
    ]


@pytest.mark.rustc
@needs_rustc
def test_the_site_sets_the_edition_what_is_compiled_and_since_when(make_site: MakeSite) -> None:
    settings = '[rust]\nedition = "2015"\ncompile = "all"\nsince = 2024-01-01\n'
    site = make_site(SITE_TOML + settings + POSTS)
    report = check(site, "rust", rustc=RUSTC)
    assert failing(site) == [
        "content/posts/ignored.md",  # "all" compiles `ignore` blocks too
        "content/posts/new.md",
        "content/posts/old-but-fixed.md",  # compile_rust: true outweighs `since`
    ]
    assert report.rust_examples == 4  # old-but-fixed, new, keyword, ignored


@pytest.mark.rustc
@needs_rustc
def test_compile_none_compiles_nothing_whatever_a_post_says(make_site: MakeSite) -> None:
    site = make_site(SITE_TOML + '[rust]\ncompile = "none"\n' + POSTS)
    report = check(site, "rust", rustc=RUSTC)
    assert report.diagnostics == ()
    assert report.rust_examples == 0


def test_compile_rust_must_be_true_or_false(make_site: MakeSite) -> None:
    site = make_site(SITE_TOML + dated("a", "2025-01-01", "Text.", "compile_rust: no-thanks\n"))
    assert found(check(site, "lint")) == [
        "content/posts/a.md:5: error: `compile_rust` must be true or false"
    ]


def test_rust_settings_are_validated_at_their_line() -> None:
    text = 'title = "T"\n[rust]\nedition = "2019"\ncompile = "some"\nsince = "2024"\n'
    with pytest.raises(WrenError) as caught:
        parse_config(text)
    lines = [line for line in str(caught.value).splitlines() if line.startswith("site.toml")]
    assert lines == [
        "site.toml:3: `rust.edition` must be a Rust edition (2015, 2018, 2021, 2024)",
        'site.toml:4: `rust.compile` must be "all", "marked" or "none"',
        "site.toml:5: `rust.since` must be a date, not text",
    ]


@pytest.mark.rustc
@needs_rustc
def test_build_check_no_rust_builds_a_site_whose_rust_does_not_compile(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", f"{Path(RUSTC).parent}{os.pathsep}{os.environ['PATH']}")
    site = make_site(SITE_TOML + "search = false\n" + dated("new", "2025-02-01", BROKEN))
    runner = CliRunner()
    refused = runner.invoke(cli, ["build", str(site), "--check"], catch_exceptions=False)
    assert refused.exit_code == 1 and "Rust example does not compile" in refused.output
    built = runner.invoke(cli, ["build", str(site), "--check", "--no-rust"], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    assert "Rust" not in built.output
    assert (site / "public/posts/new/index.html").exists()
