"""`wren new post` warns at once when the title nearly matches an existing post's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from check_sites import SITE_TOML, post
from click.testing import CliRunner

from wren.commands.cli import cli
from wren.commands.similar_titles import near_title_matches, post_titles

MakeSite = Callable[[str], Path]
EXISTING = SITE_TOML + post("tools", "Body.", title="Why My Agent Keeps Choosing the Wrong Tool")


def test_reworded_title_warns_naming_the_existing_file_and_title(make_site: MakeSite) -> None:
    site = make_site(EXISTING)
    [warning] = near_title_matches(site, "Why My AI Agent Keeps Picking the Wrong Tool")
    assert "content/posts/tools.md" in warning
    assert "'Why My Agent Keeps Choosing the Wrong Tool'" in warning


def test_same_title_warns_that_the_file_already_has_it(make_site: MakeSite) -> None:
    site = make_site(EXISTING)
    assert near_title_matches(site, "why my agent keeps choosing the WRONG tool") == [
        "content/posts/tools.md already has this title: 'Why My Agent Keeps Choosing the Wrong Tool'"
    ]


def test_a_different_post_on_the_same_subject_gives_no_warning(make_site: MakeSite) -> None:
    site = make_site(EXISTING)
    assert near_title_matches(site, "Why My Agent Keeps Forgetting Its Notes") == []


def test_the_file_just_written_is_not_compared_with_itself(make_site: MakeSite) -> None:
    site = make_site(EXISTING)
    assert near_title_matches(site, "Anything", exclude=site / "content/posts/tools.md") == []


def test_files_with_broken_front_matter_are_skipped(make_site: MakeSite) -> None:
    site = make_site(EXISTING + "-- content/posts/bad.md --\n---\ntitle: [oops\n---\n")
    assert post_titles(site) == [
        ("content/posts/tools.md", "Why My Agent Keeps Choosing the Wrong Tool")
    ]


def test_wren_new_post_prints_a_warning_for_a_reworded_title(make_site: MakeSite) -> None:
    site = make_site(EXISTING)
    result = CliRunner().invoke(
        cli, ["new", "post", "Why My AI Agent Keeps Picking the Wrong Tool", "--site", str(site)]
    )
    assert result.exit_code == 0, result.output
    assert "warning: similar title (" in result.output
    assert (
        "in content/posts/tools.md: 'Why My Agent Keeps Choosing the Wrong Tool'" in result.output
    )
    assert "Wrote " in result.output
