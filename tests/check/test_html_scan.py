"""The page scanner: ids and URLs of built pages, as browsers would read the tags."""

from __future__ import annotations

from wren.check._html import scan_page


def test_ids_and_anchor_names_are_collected() -> None:
    page = scan_page('<h2 id="setup">S</h2><a name="old-anchor"></a><div ID=bare>x</div>')
    assert page.ids == {"setup", "old-anchor", "bare"}


def test_links_images_and_assets_are_found_in_document_order() -> None:
    page = scan_page(
        '<link rel="stylesheet" href="/style.css"><a href="/a/">A</a>'
        "<img src='/i.png' srcset='/i-2x.png 2x, /i-3x.png 3x'><script src=/app.js></script>"
    )
    assert [(link.tag, link.url) for link in page.links] == [
        ("link", "/style.css"),
        ("a", "/a/"),
        ("img", "/i.png"),
        ("img", "/i-2x.png"),
        ("img", "/i-3x.png"),
        ("script", "/app.js"),
    ]


def test_quoted_values_may_hold_angle_brackets_and_entities() -> None:
    page = scan_page('<a title="a > b" href="/q?x=1&amp;y=2">Q</a>')
    assert [link.url for link in page.links] == ["/q?x=1&y=2"]


def test_comments_scripts_and_styles_are_not_read_as_tags() -> None:
    page = scan_page(
        '<!-- <a href="/commented/"> --><script>let s = "<a href=\'/in-js/\'>";</script>'
        '<style>a[href="/in-css/"] {}</style><a href="/real/">R</a>'
    )
    assert [link.url for link in page.links] == ["/real/"]


def test_preconnect_hints_are_not_links() -> None:
    page = scan_page('<link rel="preconnect" href="https://fonts.example">')
    assert page.links == ()


def test_position_gives_line_and_column_of_a_link() -> None:
    page = scan_page('<p>\n  <a href="/x/">x</a>\n</p>')
    assert page.position(page.links[0].offset) == (2, 6)
