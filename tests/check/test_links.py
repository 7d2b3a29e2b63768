"""Links: broken links, anchors, images and source links, placed where they were written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from check_sites import SITE_TOML, check, found, post

MakeSite = Callable[[str], Path]


def test_a_site_whose_links_all_resolve_has_no_link_errors(make_site: MakeSite) -> None:
    site = make_site(
        SITE_TOML
        + post("a", "See [b](b.md), [b's part](./b.md#part-two) and [home](/).")
        + post("b", "## Part two\n\nBack to [a](/posts/a/#top) and [here](#part-two).")
    )
    report = check(site, "links")
    assert found(report) == []
    assert report.pages > 2


def test_broken_root_relative_link_is_reported_at_its_markdown_line(make_site: MakeSite) -> None:
    site = make_site(SITE_TOML + post("a", "Intro.\n\nSee [gone](/posts/gone/)."))
    assert found(check(site, "links")) == [
        "content/posts/a.md:9:5: error: broken link `/posts/gone/`: no page or file at /posts/gone/"
    ]


def test_broken_relative_link_suggests_the_nearest_page(make_site: MakeSite) -> None:
    site = make_site(SITE_TOML + post("a", "[b](../bee/)") + post("bee-two", "Text."))
    report = check(site, "links")
    [diagnostic] = report.diagnostics
    assert diagnostic.message == "broken link `../bee/`: no page or file at /posts/bee/"
    assert diagnostic.hint == "did you mean /posts/bee-two/?"


def test_link_to_a_missing_source_file_is_an_error_at_the_link(make_site: MakeSite) -> None:
    site = make_site(SITE_TOML + post("a", "Read [x](x.md#intro) first.") + post("xx", "."))
    assert found(check(site, "links")) == [
        "content/posts/a.md:7:6: error: broken link `x.md#intro`: content/posts/x.md does not exist"
    ]


def test_link_to_a_draft_says_the_target_is_a_draft(make_site: MakeSite) -> None:
    site = make_site(
        SITE_TOML + post("a", "Read [d](d.md).") + post("d", "Soon.", extra="draft: true\n")
    )
    assert found(check(site, "links")) == [
        "content/posts/a.md:7:6: error: broken link `d.md`: content/posts/d.md is a draft"
    ]


def test_link_to_a_chapter_source_resolves_to_the_chapter_page(make_site: MakeSite) -> None:
    site = make_site(
        SITE_TOML
        + post("a", "See [ch](../courses/c/03-third.md#setup) and [bad](../courses/c/04-x.md).")
        + "-- content/courses/c/03-third.md --\n---\ntitle: Third\n---\n\n## Setup\n\nText.\n"
    )
    assert found(check(site, "links")) == [
        "content/posts/a.md:7:46: error: broken link `../courses/c/04-x.md`: "
        "content/courses/c/04-x.md does not exist"
    ]


def test_broken_anchor_on_another_page_names_the_missing_id(make_site: MakeSite) -> None:
    site = make_site(
        SITE_TOML + post("a", "[b](b.md#part-thre)") + post("b", "## Setup\n\n## Part three")
    )
    report = check(site, "links")
    [diagnostic] = report.diagnostics
    assert str(diagnostic.location) == "content/posts/a.md:7:1"
    assert diagnostic.message == "broken anchor `b.md#part-thre`: /posts/b/ has no id `part-thre`"
    assert diagnostic.hint == "did you mean `#part-three`?"


def test_broken_same_page_anchor_is_an_error(make_site: MakeSite) -> None:
    site = make_site(SITE_TOML + post("a", "## Setup\n\nSee [setup](#set-up)."))
    assert found(check(site, "links")) == [
        "content/posts/a.md:9:5: error: broken anchor `#set-up`: /posts/a/ has no id `set-up`"
    ]


def test_missing_image_is_an_error_and_a_bundled_image_is_found(make_site: MakeSite) -> None:
    site = make_site(
        SITE_TOML
        + "-- content/posts/b/index.md --\n---\ntitle: B\ndate: 2026-01-01\n"
        + 'description: "B."\n---\n\n![a crab](crab.png) ![gone](gone.png)\n'
        + "-- content/posts/b/crab.png --\nPNG\n"
    )
    assert found(check(site, "links")) == [
        "content/posts/b/index.md:7:21: error: broken image `gone.png`: "
        "no file at /posts/b/gone.png"
    ]


def test_template_link_is_reported_once_at_the_template_line(make_site: MakeSite) -> None:
    site = make_site(
        SITE_TOML
        + post("a", "A.")
        + post("b", "B.")
        + "-- templates/post.html --\n"
        + '{% extends "base.html" %}\n{% block main %}\n'
        + "<a href=\"{{ url('/nowhere.xml') }}\">Feed</a>\n{{ body }}\n{% endblock %}\n"
    )
    assert found(check(site, "links")) == [
        "templates/post.html:3: error: broken link `/nowhere.xml`: no page or file at /nowhere.xml "
        "(on 2 pages, first /posts/b/)"
    ]


def test_a_link_made_by_template_code_is_reported_in_the_built_page(make_site: MakeSite) -> None:
    site = make_site(
        SITE_TOML
        + post("a", "A.")
        + "-- templates/post.html --\n"
        + '{% extends "base.html" %}\n{% block main %}\n'
        + '<a href="{{ url(page.url) }}old/">Old</a>\n{{ body }}\n{% endblock %}\n'
    )
    [line] = found(check(site, "links"))
    assert line.startswith("public/posts/a/index.html:")
    assert line.endswith(": error: broken link `/posts/a/old/`: no page or file at /posts/a/old/")


def test_absolute_links_to_the_site_itself_are_checked_as_internal(make_site: MakeSite) -> None:
    site = make_site(
        SITE_TOML + post("a", "[ok](https://example.org/posts/a/) [no](https://example.org/x/)")
    )
    assert found(check(site, "links")) == [
        "content/posts/a.md:7:36: error: broken link `https://example.org/x/`: "
        "no page or file at /x/"
    ]


def test_links_below_a_base_path_resolve_under_it(make_site: MakeSite) -> None:
    site = make_site(
        '-- site.toml --\ntitle = "T"\nbase_url = "https://example.org/blog/"\n'
        + post("a", "[b](/blog/posts/b/) [root](/posts/b/)")
        + post("b", "B.")
    )
    assert found(check(site, "links")) == [
        "content/posts/a.md:7:21: error: broken link `/posts/b/`: /posts/b/ is outside the site"
    ]


def test_external_and_special_links_are_not_fetched_without_external(make_site: MakeSite) -> None:
    site = make_site(
        SITE_TOML
        + post(
            "a",
            "[x](https://no.such.host.invalid/) [m](mailto:a@b.c) [t](tel:1) [j](//cdn.invalid/x.js)",
        )
    )
    report = check(site, "links")
    assert found(report) == []
    assert report.external_links is None


def test_links_are_not_checked_when_the_site_does_not_build(make_site: MakeSite) -> None:
    site = make_site(
        SITE_TOML
        + post("a", "A.", extra="slug: same\n")
        + post("b", "[gone](/gone/)", extra="slug: same\n")
    )
    report = check(site, "links")
    assert [d.check for d in report.diagnostics] == ["build"]
    assert "both claim the URL /posts/same/" in report.diagnostics[0].message
    assert report.notes == ("links were not checked: the site does not build",)
