"""Slugs, summaries and reading times: exactly as the reference front page shows them."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from wren.pipeline.slug import slug_from_filename, slugify
from wren.pipeline.summary import cut_summary, reading_minutes


def test_slug_lowercases_and_folds_punctuation_and_spaces() -> None:
    assert slugify("Hello, World!  Again") == "hello-world-again"


def test_slug_keeps_unicode_letters_in_nfc() -> None:
    assert slugify("Cafe\u0301 Déjà Vu") == "café-déjà-vu"


def test_slug_from_filename_drops_a_leading_date() -> None:
    assert slug_from_filename("2026-03-01-my-first-post") == "my-first-post"


def test_chapter_slug_drops_the_number_prefix() -> None:
    assert slug_from_filename("03-borrowing", numbered=True) == "borrowing"


@given(st.text())
def test_slugs_are_stable_lowercase_nfc_without_edge_dashes(text: str) -> None:
    slug = slugify(text)
    assert slugify(slug) == slug
    assert slug == unicodedata.normalize("NFC", slug)
    assert not slug.startswith("-") and not slug.endswith("-")
    assert " " not in slug


def test_summary_cuts_at_word_boundary_before_150_chars() -> None:
    text = (
        "Modern CPUs can process 4, 8, or 16 numbers in a single instruction. Rust's "
        "std::simd lets you tap into that power directly. Here's when and how to use it."
    )
    cut = cut_summary(text, 150)
    assert cut.endswith("how to...")
    assert len(cut) <= 153


def test_summary_keeps_trailing_punctuation_of_the_last_word() -> None:
    text = "word " * 27 + "serde_json. and more words after the cut"
    assert cut_summary(text, 146) == ("word " * 27 + "serde_json.").strip() + "..."


def test_short_summary_is_shown_whole() -> None:
    assert cut_summary("Short and sweet.", 150) == "Short and sweet."


@given(st.text(alphabet=st.sampled_from("ab cd\n"), max_size=400))
def test_cut_summary_never_exceeds_limit_plus_ellipsis(text: str) -> None:
    cut = cut_summary(text, 150)
    assert len(cut) <= 153
    if cut.endswith("...") and len(" ".join(text.split())) > 150:
        assert " ".join(text.split()).startswith(cut[:-3])


def test_reading_time_is_at_least_one_minute_and_rounds_up() -> None:
    assert reading_minutes(0, 200) == 1
    assert reading_minutes(200, 200) == 1
    assert reading_minutes(201, 200) == 2


def summary_of(markdown: str) -> str:
    from wren.pipeline.markdown import MarkdownRenderer

    return MarkdownRenderer().render(markdown, "content/posts/a.md").first_paragraph


def test_summary_is_the_text_before_a_more_marker_across_paragraphs() -> None:
    body = "Intro *one*.\n\n## A heading\n\nTwo ![a cat](cat.png) words.\n\n<!--more-->\n\nRest.\n"
    assert summary_of(body) == "Intro one. A heading Two words."


def test_summary_takes_zolas_spaced_more_marker_inside_a_paragraph() -> None:
    assert summary_of("Lead sentence. <!-- more --> The rest.\n\nMore.\n") == "Lead sentence."


def test_summary_without_a_more_marker_is_the_first_paragraph() -> None:
    assert summary_of("First.\n\nSecond.\n\n<!-- not more -->\n") == "First."


def test_slug_problem_refuses_only_what_cannot_be_a_url_segment() -> None:
    from wren.pipeline.slug import slug_problem

    assert [slug_problem(s) for s in ("Rust-1.88", "ÜBER", "v1..2", "🦀")] == [None] * 4
    assert [slug_problem(s) for s in ("a/b", "..", "a b", "a#b", "a\\b", "a\x7fb")] == [
        "holds a `/`",
        "is `..`",
        "holds a space or a control character",
        "holds a `#`",
        "holds a backslash",
        "holds a space or a control character",
    ]
