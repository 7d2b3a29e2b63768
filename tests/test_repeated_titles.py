"""Posts that share a title: a post published twice stops the build (or warns, with
``duplicate_posts = "warn"``); two posts that only share a title are published, with a
warning, in either mode, as real blogs repeat "Security advisory for Cargo" years apart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from support import NOW
from wren.build import BuildOptions, build_site
from wren.config import parse_config
from wren.errors import ConfigError, ContentError

MakeSite = Callable[[str], Path]

ADVISORY_2019 = (
    "The Rust security team was notified of a flaw in Cargo's handling of renamed "
    "dependencies. A crate that renamed a dependency could be built against a different "
    "package of the same name from another registry, which an attacker could publish. "
    "Every version of Cargo before 1.26 is affected, and the fix is in Rust 1.36, out today. "
    "Thanks to the reporters who found it and followed our disclosure policy with care."
)
ADVISORY_2026 = (
    "A vulnerability in how Cargo extracts crate archives lets a malicious crate write "
    "files outside of its own folder in the shared cache, through symbolic links hidden in "
    "the tarball. Upgrade to the newest stable toolchain, which refuses such archives and "
    "cleans the cache of any already unpacked. Registries have scanned every published "
    "crate and found no archive that uses the trick so far, but please upgrade this week."
)


def _site(second_body: str, setting: str = "") -> str:
    return f"""
        -- site.toml --
        title = "Blog"
        {setting}
        -- content/posts/2019-09-30-cargo-advisory.md --
        ---
        title: "Security advisory for Cargo"
        date: 2019-09-30
        ---
        {ADVISORY_2019}
        -- content/posts/2026-03-10-cargo-advisory-again.md --
        ---
        title: "Security Advisory for Cargo"
        date: 2026-03-10
        ---
        {second_body}
        """


@pytest.mark.parametrize("setting", ["", 'duplicate_posts = "error"', 'duplicate_posts = "warn"'])
def test_posts_that_share_only_a_title_are_both_published_with_a_warning(
    make_site: MakeSite, setting: str
) -> None:
    site = make_site(_site(ADVISORY_2026, setting))
    result = build_site(site, BuildOptions(now=NOW))
    assert (site / "public/posts/cargo-advisory/index.html").exists()
    assert (site / "public/posts/cargo-advisory-again/index.html").exists()
    (warning,) = [warning.format() for warning in result.warnings]
    assert warning.startswith(
        "content/posts/2026-03-10-cargo-advisory-again.md:1: warning: the title "
        "'Security Advisory for Cargo' is also the title of "
        "content/posts/2019-09-30-cargo-advisory.md (2019-09-30); their texts differ"
    )
    assert "so both are published" in warning


def test_a_post_published_twice_stops_the_build_naming_both_files_with_dates(
    make_site: MakeSite,
) -> None:
    site = make_site(_site(ADVISORY_2019 + " Updated."))
    with pytest.raises(ContentError) as caught:
        build_site(site, BuildOptions(now=NOW))
    message = str(caught.value)
    assert message.startswith(
        "content/posts/2026-03-10-cargo-advisory-again.md:1: the post "
        "'Security Advisory for Cargo' of 2026-03-10 is published twice: "
        "content/posts/2019-09-30-cargo-advisory.md (2019-09-30) has the same title and "
        "nearly the same text (9"
    )
    assert 'aliases: ["/posts/cargo-advisory-again/"]' in message
    assert "draft: true" in message and 'duplicate_posts = "warn"' in message
    assert not (site / "public").exists()


def test_a_post_published_twice_is_a_warning_with_duplicate_posts_warn(
    make_site: MakeSite,
) -> None:
    site = make_site(_site(ADVISORY_2019, 'duplicate_posts = "warn"'))
    result = build_site(site, BuildOptions(now=NOW))
    assert (site / "public/posts/cargo-advisory-again/index.html").exists()
    (warning,) = [warning.format() for warning in result.warnings]
    assert "is published twice: content/posts/2019-09-30-cargo-advisory.md (2019-09-30) " in (
        warning
    )
    assert "the same title and the same text" in warning


def test_a_repeated_title_with_no_text_is_a_post_published_twice(make_site: MakeSite) -> None:
    site = make_site(_site(""))
    with pytest.raises(ContentError, match="no text that tells them apart"):
        build_site(site, BuildOptions(now=NOW))


def test_a_short_copy_under_the_same_title_is_still_published_twice(
    make_site: MakeSite,
) -> None:
    """Bodies too short for the site-wide body comparison are compared under one title."""
    short = "Upgrade Cargo to 1.36 today: renamed dependencies could pick the wrong package."
    text = _site(short).replace(ADVISORY_2019, short)
    with pytest.raises(ContentError, match="published twice"):
        build_site(make_site(text), BuildOptions(now=NOW))


def test_duplicate_posts_must_be_error_or_warn() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config('title = "T"\n\nduplicate_posts = "ignore"\n')
    assert str(caught.value).startswith(
        'site.toml:3: `duplicate_posts` must be "error" (the default) or "warn"'
    )
    assert parse_config('title = "T"\nduplicate_posts = "warn"').duplicate_posts == "warn"
