"""What Wren's Markdown stage makes of what bloggers write: one test per case that once broke."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from wren.pipeline.autolink import find_autolinks
from wren.pipeline.markdown import MarkdownRenderer, MarkdownSettings, RenderedBody
from wren.pipeline.markdown_ids import THEME_IDS
from wren.pipeline.slug import heading_slug, slugify, tag_slug

RENDERER = MarkdownRenderer()


def render(markdown: str, source: str = "posts/a.md", **settings: Any) -> RenderedBody:
    renderer = MarkdownRenderer(settings=MarkdownSettings(**settings)) if settings else RENDERER
    return renderer.render(markdown, source)


def ids_of(page_html: str) -> list[str]:
    return re.findall(r'\sid="([^"]*)"', page_html)


def links_of(page_html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', page_html)


# Autolinks


@pytest.mark.parametrize(
    "markdown",
    [
        "https://doc.rust-lang.org/book/\n",
        "- https://doc.rust-lang.org/book/\n",
        "| a |\n|---|\n| https://doc.rust-lang.org/book/ |\n",
        "**https://doc.rust-lang.org/book/**\n",
        "~~https://doc.rust-lang.org/book/~~\n",
    ],
)
def test_a_lone_bare_url_is_linked_wherever_it_stands(markdown: str) -> None:
    page = render(markdown).html
    assert links_of(page) == [
        ("https://doc.rust-lang.org/book/", "https://doc.rust-lang.org/book/")
    ]


def test_a_url_keeps_its_balanced_closing_parenthesis() -> None:
    url = "https://en.wikipedia.org/wiki/Rust_(programming_language)"
    assert links_of(render(f"See {url}.\n").html) == [(url, url)]
    assert links_of(render(f"(see {url})\n").html) == [(url, url)]


def test_www_and_email_autolinks() -> None:
    page = render("Visit www.rust-lang.org or write to ferris@rust-lang.org.\n").html
    assert links_of(page) == [
        ("http://www.rust-lang.org", "www.rust-lang.org"),
        ("mailto:ferris@rust-lang.org", "ferris@rust-lang.org"),
    ]


def test_urls_in_raw_html_attributes_stay_untouched() -> None:
    markdown = 'A <span title="1 > 0 https://example.com/x">hover</span> here.\n'
    page = render(markdown).html
    assert '<span title="1 > 0 https://example.com/x">hover</span>' in page
    assert "<a " not in page


def test_urls_inside_a_textarea_or_inline_code_are_not_linked() -> None:
    page = render("<textarea>https://example.com/</textarea> and `https://example.com/`\n").html
    assert "<a " not in page


def test_urls_in_html_blocks_are_not_linked() -> None:
    page = render("<div>\nhttps://example.com/\n</div>\n").html
    assert "<a " not in page


def test_the_text_of_a_link_is_not_linked_again() -> None:
    page = render("[https://example.com/](https://example.org/)\n").html
    assert links_of(page) == [("https://example.org/", "https://example.com/")]


@given(st.text(alphabet=st.sampled_from("ab.:/()@_-w ?!&;<"), max_size=60))
def test_autolinks_never_overlap_and_lie_inside_the_text(text: str) -> None:
    position = 0
    for link in find_autolinks(text):
        assert position <= link.start < link.end <= len(text)
        assert link.href.endswith(text[link.start : link.end])
        position = link.end


# Headings


def test_braces_other_than_an_id_or_class_stay_heading_text() -> None:
    page = render("## Struct init {x, y}\n\n## Format strings {name}\n").html
    assert "Struct init {x, y}" in page and "Format strings {name}" in page
    assert "x,=" not in page


def test_an_id_and_class_in_braces_set_the_heading_id_and_class() -> None:
    body = render("## Setup {#install .wide}\n")
    assert '<h2 id="install" class="wide">Setup <a class="anchor"' in body.html
    assert body.headings[0].text == "Setup"


def test_heading_ids_never_clash_with_the_theme() -> None:
    body = render("## Main\n\n## Search\n\n## 2024 {#year-2024}\n")
    assert not set(ids_of(body.html)) & THEME_IDS
    assert [h.id for h in body.headings] == ["main-1", "search-1", "year-2024-1"]


def test_repeated_headings_get_ids_that_no_heading_has() -> None:
    body = render("## Intro 1\n\n## Intro\n\n## Intro\n")
    assert [h.id for h in body.headings] == ["intro-1", "intro", "intro-2"]


def test_heading_ids_never_clash_with_footnote_ids() -> None:
    body = render("## Fn 1\n\nText[^1].\n\n## Fnref 1\n\n[^1]: A note.\n")
    ids = ids_of(body.html)
    assert len(ids) == len(set(ids)) == 4


def test_every_id_of_a_page_is_unique() -> None:
    markdown = (
        '<p id="setup">raw</p>\n\n## Setup\n\n## Setup {#setup}\n\n## Notes [^a]\n\n'
        "Body[^a][^A] and more[^b].\n\n[^a]: First.\n[^b]: Second.\n"
    )
    ids = ids_of(render(markdown).html)
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_headings_in_html_comments_are_not_contents_entries() -> None:
    body = render("## Real\n\n<!--\n## Hidden\n-->\n")
    assert [h.text for h in body.headings] == ["Real"]


def test_a_raw_heading_with_an_id_gets_no_second_id() -> None:
    page = render('<h2 id="raw">Raw</h2>\n\n## Raw\n').html
    assert '<h2 id="raw">Raw</h2>' in page
    assert ids_of(page).count("raw") == 1


def test_heading_anchor_links_are_reachable_by_keyboard() -> None:
    page = render("## Setup\n").html
    anchor = re.search(r'<a class="anchor"[^>]*>', page)
    assert anchor is not None
    assert "tabindex" not in anchor.group() and "aria-hidden" not in anchor.group()
    assert 'aria-label="Link to this section: Setup"' in anchor.group()


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("नमस्ते दुनिया", "नमस्ते-दुनिया"),
        ("שָׁלוֹם עוֹלָם", "שָׁלוֹם-עוֹלָם"),
        ("مَرْحَبًا بِالعالم", "مَرْحَبًا-بِالعالم"),
        ("Rust 🦀", "rust-🦀"),
        ("👩‍💻 at work", "👩‍💻-at-work"),
    ],
)
def test_slugs_keep_combining_marks_and_emoji(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("style", "ids"),
    [
        ("wren", ["🦀-hello-world", "c", "c-1"]),
        ("github", ["-hello-world", "c", "c-1"]),
        ("zola", ["crab-hello-world", "c", "c-1"]),
    ],
)
def test_heading_id_style_follows_the_setting(style: str, ids: list[str]) -> None:
    body = render("## 🦀 Hello, World!\n\n## C\n\n## C++\n", heading_ids=style)
    assert [h.id for h in body.headings] == ids


def test_github_heading_ids_keep_every_space_as_a_hyphen() -> None:
    assert heading_slug("A  -  B", "github") == "a-----b"


# Footnotes


def test_footnotes_go_to_the_end_with_numbered_back_links() -> None:
    markdown = "One[^b] two[^a] again[^b].\n\n[^a]: Note A.\n\n[^b]: Note B.\n\nLast paragraph.\n"
    page = render(markdown).html
    assert page.index("Last paragraph.") < page.index('<section class="footnotes"')
    notes = page[page.index('<section class="footnotes"') :]
    assert notes.index("Note B.") < notes.index("Note A.")  # numbered by first reference
    assert re.findall(r"<sup[^>]*><a[^>]*>(\d)</a></sup>", page) == ["1", "2", "1"]
    backrefs = re.findall(r'<a href="#([^"]*)" class="footnote-backref"', notes)
    assert backrefs == ["fnref-b", "fnref-b-1", "fnref-a"]
    assert all(f'id="{ident}"' in page for ident in backrefs)


def test_a_footnote_label_in_mixed_case_links() -> None:
    page = render("Text[^Note].\n\n[^note]: The note.\n").html
    [(href, number)] = re.findall(r'<sup class="footnote-ref"><a href="#([^"]*)"[^>]*>(\d)', page)
    assert number == "1" and f'<li id="{href}">' in page


def test_summaries_have_no_footnote_markers_or_stray_spaces() -> None:
    body = render("A claim[^1], then **bold** and `code`; done.\n\n[^1]: Source.\n")
    assert body.first_paragraph == "A claim, then bold and code; done."
    assert "1" not in body.text.split("Source.")[0]


# Alerts, typography, source links


@pytest.mark.parametrize("kind", ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"])
def test_github_alerts_show_their_label(kind: str) -> None:
    page = render(f"> [!{kind}]\n> Mind the gap.\n").html
    label = kind.capitalize()
    assert f'<div class="markdown-alert markdown-alert-{kind.lower()}">' in page
    assert f'<p class="markdown-alert-title">{label}</p>' in page
    assert "[!" not in page


def test_smart_punctuation_is_off_unless_asked_for() -> None:
    markdown = "Pass --release -- \"quoted\" and 'single'...\n"
    assert '--release -- "quoted"' in render(markdown).html
    smart = render(markdown, smart_punctuation=True).html
    assert "–" in smart and "“quoted”" in smart and "…" in smart


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("2026-11-11-caf%C3%A9.md", "posts/2026-11-11-café.md"),
        ("<my post.md>", "posts/my post.md"),
        ("my%20post.md?tab=2#usage", "posts/my post.md?tab=2#usage"),
    ],
)
def test_source_links_are_decoded_and_keep_their_query(link: str, target: str) -> None:
    page = render(f"[x]({link})\n").html
    assert f'href="wren-src:{target}"' in page


def test_tag_slugs_keep_c_cpp_and_csharp_apart() -> None:
    assert len({tag_slug("C"), tag_slug("C++"), tag_slug("C#")}) == 3
    assert tag_slug("!!!") == ""
    assert tag_slug("🦀") == "🦀"


@given(st.text(alphabet=st.sampled_from("a -\u200d👩💻\u0301!"), max_size=20))
def test_slugs_with_emoji_joiners_are_stable(text: str) -> None:
    slug = slugify(text)
    assert slugify(slug) == slug
    assert not slug.startswith(("-", "\u200d")) and not slug.endswith(("-", "\u200d"))


_PIECES = st.sampled_from(
    [
        "## Intro\n\n",
        "## Intro 1\n\n",
        "## Main\n\n",
        "## Fn a\n\n",
        "## Fnref a\n\n",
        "## X {#intro}\n\n",
        "## Y {#fn-a}\n\n",
        '<p id="intro-2">raw</p>\n\n',
        "Text[^a] and[^A].\n\n",
        "[^a]: Note.\n\n",
    ]
)


@given(st.lists(_PIECES, max_size=12))
def test_no_document_gets_an_id_twice(pieces: list[str]) -> None:
    assume(sum(piece.startswith("<p id") for piece in pieces) <= 1)  # raw HTML is the author's
    ids = ids_of(render("".join(pieces)).html)
    assert len(ids) == len(set(ids))
    assert not set(ids) & THEME_IDS


# Words


def test_a_code_blocks_label_bar_is_not_counted_as_words_of_the_post() -> None:
    body = render("Two words.\n\n```rust,compile_fail\nlet x;\n```\n")
    assert 'class="code-head"' in body.html
    assert body.text == "Two words. let x;"
    assert body.word_count == 4
