"""The smaller faults: repeated front-matter keys, NUL characters, absurd settings."""

from __future__ import annotations

from pathlib import Path

from reliakit import assert_clean_failure, wren


def test_a_front_matter_key_set_twice_is_an_error_at_the_second(small_site: Path) -> None:
    (small_site / "content/posts/2026-02-01-twice.md").write_text(
        "---\ntitle: One\ndate: 2026-02-01\ntitle: Two\n---\nBody.\n"
    )
    assert_clean_failure(
        wren("build", small_site), "content/posts/2026-02-01-twice.md:4: `title` is set twice"
    )


def test_a_nul_character_is_an_error_on_its_line(small_site: Path) -> None:
    (small_site / "content/posts/2026-02-01-nul.md").write_text(
        "---\ntitle: Nul\ndate: 2026-02-01\n---\nfine\nbad \0 here\n"
    )
    result = wren("build", small_site)
    assert_clean_failure(result, "content/posts/2026-02-01-nul.md:6: a NUL character")
    assert not (small_site / "public").exists()


def test_every_site_toml_error_is_reported_in_one_run(small_site: Path) -> None:
    (small_site / "site.toml").write_text(
        'title = "Small"\nbase_url = "example.org"\npaginate = -1\nfeed_limt = 3\n'
    )
    assert_clean_failure(
        wren("build", small_site),
        "site.toml:2: `base_url`",
        "site.toml:3: `paginate`",
        "site.toml:4: unknown key `feed_limt`",
    )
