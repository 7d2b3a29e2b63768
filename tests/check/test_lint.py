"""Content lint: descriptions, headings, code languages, alt text, chapter numbers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from check_sites import SITE_TOML, check, found, post

from wren.check.lint import front_matter_line, markdown_headings
from wren.errors import Severity

MakeSite = Callable[[str], Path]


def test_a_tidy_post_has_no_lint_findings(make_site: MakeSite) -> None:
    body = (
        "Intro.\n\n## One\n\n### One point one\n\n```rust\nfn main() {}\n```\n\n![A crab](/c.png)"
    )
    assert found(check(make_site(SITE_TOML + post("a", body)), "lint")) == []


def test_missing_description_is_an_info_showing_the_derived_summary(make_site: MakeSite) -> None:
    site = make_site(SITE_TOML + post("a", "The first paragraph.", extra="description: null\n"))
    [diagnostic] = check(site, "lint").diagnostics
    assert diagnostic.severity is Severity.INFO
    assert str(diagnostic.location) == "content/posts/a.md:2"
    assert (
        diagnostic.message == "no description: the summary will be derived from the first paragraph"
    )
    assert diagnostic.hint == 'listings will show: "The first paragraph."'


def test_no_description_and_no_paragraph_is_a_warning(make_site: MakeSite) -> None:
    site = make_site(SITE_TOML + post("a", "## Only a heading", extra="description: null\n"))
    assert found(check(site, "lint")) == [
        "content/posts/a.md:2: warning: no description and no first paragraph: "
        "listings will show no summary"
    ]


def test_description_longer_than_summary_length_is_a_warning_at_its_line(
    make_site: MakeSite,
) -> None:
    long = "word " * 40
    site = make_site(SITE_TOML + post("a", "Body.", extra=f'description: "{long.strip()}"\n'))
    [diagnostic] = check(site, "lint").diagnostics
    assert str(diagnostic.location) == "content/posts/a.md:4"
    assert diagnostic.message == (
        "the description will be cut: it is 199 characters and listings show 150"
    )
    assert diagnostic.hint is not None and diagnostic.hint.endswith('word word..."')


def test_skipped_heading_level_is_reported_at_the_heading(make_site: MakeSite) -> None:
    body = "Intro.\n\n```text\n## not a heading\n```\n\n### Too deep\n\n## Fine\n\n#### Deep again"
    assert found(check(make_site(SITE_TOML + post("a", body)), "lint")) == [
        "content/posts/a.md:13: warning: heading level skipped: "
        "`Too deep` is an h3 after the page title (h1)",
        "content/posts/a.md:17: warning: heading level skipped: `Deep again` is an h4 after an h2",
    ]


def test_code_block_without_a_language_is_reported_at_its_fence(make_site: MakeSite) -> None:
    body = "Intro.\n\n```\nplain\n```\n\n```text\nfine\n```"
    assert found(check(make_site(SITE_TOML + post("a", body)), "lint")) == [
        "content/posts/a.md:9: warning: code block without a language"
    ]


def test_image_without_alt_text_is_reported_at_the_image(make_site: MakeSite) -> None:
    body = "Intro ![](/static/a.png) and ![A crab](/static/b.png)."
    assert found(check(make_site(SITE_TOML + post("a", body)), "lint")) == [
        "content/posts/a.md:7:7: warning: image without alt text: /static/a.png"
    ]


def _chapter(course: str, name: str, extra: str = "") -> str:
    return f'-- content/courses/{course}/{name}.md --\n---\ntitle: "{name}"\n{extra}---\n\nText.\n'


def test_gap_and_repeat_in_chapter_numbers_are_warnings(make_site: MakeSite) -> None:
    site = make_site(
        SITE_TOML
        + _chapter("c", "01-one")
        + _chapter("c", "02-two")
        + _chapter("c", "02-also-two")
        + _chapter("c", "05-five")
        + _chapter("d", "00-intro")
        + _chapter("d", "01-one")
    )
    lines = [line for line in found(check(site, "lint")) if "chapter" in line]
    assert lines == [
        "content/courses/c/02-also-two.md:1: warning: chapter number 2 repeated: "
        "02-also-two.md, 02-two.md",
        "content/courses/c/02-two.md:1: warning: chapter number 2 repeated: "
        "02-also-two.md, 02-two.md",
        "content/courses/c/05-five.md:1: warning: chapter number 3 to 4 missing: "
        "this chapter is number 5",
    ]


def test_chapter_order_in_front_matter_counts_as_its_number(make_site: MakeSite) -> None:
    site = make_site(
        SITE_TOML + _chapter("c", "01-one") + _chapter("c", "intro", extra="order: 3\n")
    )
    lines = [line for line in found(check(site, "lint")) if "chapter" in line]
    assert lines == [
        "content/courses/c/intro.md:3: warning: chapter number 2 missing: this chapter is number 3"
    ]


def test_drafts_are_not_linted(make_site: MakeSite) -> None:
    site = make_site(SITE_TOML + post("a", "```\nx\n```", extra="draft: true\n"))
    assert found(check(site, "lint")) == []


def test_front_matter_line_finds_a_key_only_in_the_front_matter() -> None:
    text = '---\ntitle: "T"\ndescription: "D"\n---\n\ndescription: in the body\n'
    assert front_matter_line(text, "description") == 3
    assert front_matter_line("no front matter\n", "title") is None


def test_markdown_headings_reads_atx_and_setext_outside_fences() -> None:
    text = "---\ntitle: T\n---\nTitle\n=====\n\n~~~\n# code\n~~~\n\n## Two\nSub\n---\n"
    assert markdown_headings(text) == [(1, 4), (2, 11), (2, 12)]


def test_another_generators_template_syntax_is_a_warning_at_its_place(make_site: MakeSite) -> None:
    body = (
        'Intro {{< figure src="a.png" >}} and {{% note %}}.\n\n'
        '{{ youtube(id="x") }}\n\n'
        "{% highlight rust %}\n\n"
        "Written by {{ site.author }}.\n\n"
        "Fine: `{{< figure >}}` in code, and a set {1, 2}.\n\n"
        "```text\n{% raw %}\n```"
    )
    assert found(check(make_site(SITE_TOML + post("a", body)), "lint")) == [
        "content/posts/a.md:7:7: warning: `{{< figure` looks like a Hugo shortcode (`figure`), "
        "which Wren publishes as literal text",
        "content/posts/a.md:7:38: warning: `{{% note` looks like a Hugo shortcode (`note`), "
        "which Wren publishes as literal text",
        "content/posts/a.md:9:1: warning: `{{ youtube(` looks like a Zola shortcode (`youtube`), "
        "which Wren publishes as literal text",
        "content/posts/a.md:11:1: warning: `{% highlight` looks like a Liquid or Zola template "
        "tag (`highlight`), which Wren publishes as literal text",
        "content/posts/a.md:13:12: warning: `{{ site.author` looks like a template value "
        "(`site.author`), which Wren publishes as literal text",
    ]
