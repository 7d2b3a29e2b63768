"""Markdown cases that need a whole site: tags, source links, feeds, llms.txt, settings."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from wren.build import BuildOptions, build_site
from wren.errors import WrenError

sys.path.insert(0, str(Path(__file__).parent.parent / "check"))
from check_sites import check, found

NOW = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
MakeSite = Callable[[str], Path]


def post(name: str, body: str, tags: str = "[]", title: str | None = None) -> str:
    title = title or name.replace("-", " ").title()
    return (
        f"-- content/posts/2026-01-01-{name}.md --\n---\n"
        f'title: "{title}"\ndate: 2026-01-01\ntags: {tags}\n---\n{body}\n'
    )


SITE = '-- site.toml --\ntitle = "T"\nbase_url = "https://example.org/"\n'


def built(make_site: MakeSite, text: str) -> Path:
    site = make_site(text)
    build_site(site, BuildOptions(now=NOW))
    return site / "public"


def test_c_cpp_and_csharp_tags_get_three_pages(make_site: MakeSite) -> None:
    out = built(
        make_site,
        SITE
        + post("one", "Body.", '["C", "C++"]')
        + post("two", "Body.", '["C#", "c"]', title="Two"),
    )
    for slug, count in (("c", 2), ("c-plus-plus", 1), ("c-sharp", 1)):
        page = (out / "tags" / slug / "index.html").read_text(encoding="utf-8")
        assert page.count('<article class="entry">') == count
        assert f"{count} post" in page


def test_tags_that_make_one_url_stop_the_build_naming_both_files(make_site: MakeSite) -> None:
    site = make_site(SITE + post("one", "Body.", '["Rust"]') + post("two", "B.", '["rust!"]'))
    with pytest.raises(WrenError) as raised:
        build_site(site, BuildOptions(now=NOW))
    message = str(raised.value)
    assert "2026-01-01-one.md" in message and "2026-01-01-two.md" in message
    assert "/tags/rust/" in message


@pytest.mark.parametrize("tag", ["!!!", "..."])
def test_a_tag_with_no_letters_is_an_error_not_a_tags_page(make_site: MakeSite, tag: str) -> None:
    site = make_site(SITE + post("one", "Body.", f'["{tag}"]'))
    with pytest.raises(WrenError, match=r"content/posts/2026-01-01-one\.md:1"):
        build_site(site, BuildOptions(now=NOW))
    assert not (site / "public" / "tags" / "index.html").exists()


def test_an_emoji_tag_has_its_own_page(make_site: MakeSite) -> None:
    out = built(make_site, SITE + post("one", "Body.", '["🦀"]'))
    assert (out / "tags" / "🦀" / "index.html").is_file()


def test_source_links_with_encoded_names_and_queries_resolve(make_site: MakeSite) -> None:
    body = (
        "[a](2026-01-01-café.md) [b](<2026-01-01-my post.md?x=1#top>) [c](2026-01-01-caf%C3%A9.md)"
    )
    out = built(
        make_site,
        SITE
        + post("links", body)
        + post("café", "Body.", title="Cafe")
        + post("my post", "Body.", title="Mine"),
    )
    page = (out / "posts" / "links" / "index.html").read_text(encoding="utf-8")
    assert '<a href="/posts/café/">a</a>' in page
    assert '<a href="/posts/my-post/?x=1#top">b</a>' in page
    assert '<a href="/posts/café/">c</a>' in page


def test_a_broken_source_link_keeps_the_authors_target_as_a_valid_url(make_site: MakeSite) -> None:
    out = built(make_site, SITE + post("links", "[a](<2026-01-01-no such post.md#top>)"))
    page = (out / "posts" / "links" / "index.html").read_text(encoding="utf-8")
    assert '<a href="2026-01-01-no%20such%20post.md#top">a</a>' in page


def test_wren_check_reports_a_broken_encoded_source_link(make_site: MakeSite) -> None:
    site = make_site(SITE + post("links", "[a](2026-01-01-caf%C3%A9-au-lait.md)"))
    report = found(check(site, "links"))
    assert any("2026-01-01-café-au-lait.md does not exist" in line for line in report)


def test_feeds_carry_no_heading_anchors(make_site: MakeSite) -> None:
    out = built(make_site, SITE + post("one", "## Setup\n\nText.\n\n### Next\n"))
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "Setup" in feed and "Next" in feed
    assert 'class="anchor"' not in feed and "&gt;#&lt;/a&gt;" not in feed


def test_llms_txt_escapes_markdown_in_titles(make_site: MakeSite) -> None:
    out = built(make_site, SITE + post("one", "Body.", title="Why *T* [and] <U> `x`_y"))
    text = (out / "llms.txt").read_text(encoding="utf-8")
    assert r"[Why \*T\* \[and\] \<U\> \`x\`\_y](https://example.org/posts/one/)" in text


def test_heading_id_style_and_smart_punctuation_come_from_site_toml(make_site: MakeSite) -> None:
    site = make_site(
        SITE
        + 'heading_ids = "github"\nsmart_punctuation = true\n'
        + post("one", '## 🦀 Crabs -- "all"\n')
    )
    build_site(site, BuildOptions(now=NOW))
    page = (site / "public" / "posts" / "one" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="-crabs--all">' in page and "–" in page and "“all”" in page
    (site / "site.toml").write_text(SITE.split("--\n", 1)[1], encoding="utf-8")
    build_site(site, BuildOptions(now=NOW))  # the cache must not hand back the old body
    page = (site / "public" / "posts" / "one" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 id="🦀-crabs-all">', page) and '-- "all"' in page


def test_an_unknown_heading_id_style_is_a_config_error(make_site: MakeSite) -> None:
    site = make_site(SITE + 'heading_ids = "hugo"\n' + post("one", "Body."))
    with pytest.raises(WrenError, match=r"site\.toml:3: .*heading_ids"):
        build_site(site, BuildOptions(now=NOW))
