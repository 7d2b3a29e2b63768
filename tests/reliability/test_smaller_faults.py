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


def tagged_post(count: int) -> str:
    """A post whose tags (``t0``, ``t1``, ...) are set on line 4."""
    tags = ", ".join(f"t{number}" for number in range(count))
    return f"---\ntitle: Tagged\ndate: 2026-02-01\ntags: [{tags}]\n---\nBody.\n"


def test_more_than_fifty_tags_on_a_post_is_a_warning_at_its_tags_line(small_site: Path) -> None:
    post = small_site / "content/posts/2026-02-01-tagged.md"
    post.write_text(tagged_post(51))
    build = wren("build", small_site, "--no-search")
    assert build.returncode == 0, build.stderr
    assert "content/posts/2026-02-01-tagged.md:4: warning: 51 tags on one post" in build.stderr
    check = wren("check", small_site, "--only", "lint")
    assert "content/posts/2026-02-01-tagged.md:4: warning: 51 tags on one post" in check.stdout
    post.write_text(tagged_post(50))
    assert "tags on one post" not in wren("build", small_site, "--no-search").stderr
    assert "tags on one post" not in wren("check", small_site, "--only", "lint").stdout


def test_a_tags_feeds_list_at_most_fifty_tags_of_each_entry(small_site: Path) -> None:
    # Each of a post's tags has feeds that list the post: were every feed to list all of its
    # tags, a post with 10,000 tags would cost 10,000 x 10,000 lines.
    (small_site / "content/posts/2026-02-01-tagged.md").write_text(tagged_post(300))
    assert wren("build", small_site, "--no-search").returncode == 0
    public = small_site / "public"
    for feed in ("tags/t7/feed.xml", "tags/t299/rss.xml"):
        assert (public / feed).read_text().count("<category") == 50, feed
    assert (public / "feed.xml").read_text().count("<category") == 50 + 1  # and the first post's
    assert (public / "posts/tagged/index.html").read_text().count('rel="tag"') == 300
