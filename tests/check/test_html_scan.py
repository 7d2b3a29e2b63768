"""The page scanner: ids and URLs of built pages, as browsers would read the tags."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

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


def test_a_comment_opener_inside_an_attribute_hides_nothing() -> None:
    page = scan_page('<a title="<!--" href="/x/">X</a> <a href="/y/">Y</a> <b title="-->">')
    assert [link.url for link in page.links] == ["/x/", "/y/"]


# The differential test: on generated pages the scanner finds what a real HTML parser
# (selectolax, the Lexbor engine that browsers' parsing rules are written into) finds.

_TITLES = ["plain", "a &gt; b", "a > b", "<!--", "-->", "<b>", "it's", "<![CDATA["]
_URLS = ["/a/", "/b/?x=1&amp;y=2", "#top", "https://example.com/p", "../c/", "/d e/"]
_IDS = ["setup", "a-b", "x&amp;y", "moves"]


def _element() -> st.SearchStrategy[str]:
    attr = st.sampled_from(_TITLES)
    url = st.sampled_from(_URLS)
    return st.one_of(
        st.builds(lambda u, t: f'<a href="{u}" title="{t}">link</a>', url, attr),
        st.builds(
            lambda t, u: (
                f"<a title='{t.replace(chr(39), '&#39;')}' href={u.replace(' ', '%20')}>x</a>"
            ),
            attr,
            url,
        ),
        st.builds(lambda u, t: f'<img alt="{t}" src="{u}">', url, attr),
        st.builds(lambda u: f'<link rel="stylesheet" href="{u}">', url),
        st.builds(lambda i, t: f'<h2 id="{i}" title="{t}">H</h2>', st.sampled_from(_IDS), attr),
        st.builds(lambda i: f'<a name="{i}"></a>', st.sampled_from(_IDS)),
        st.builds(lambda u: f'<!-- <a href="{u}">hidden</a> -->', url),
        st.builds(lambda u: f"<script>var s = '<a href=\"{u}\">';</script>", url),
        st.builds(lambda u: f'<textarea><a href="{u}"></textarea>', url),
        st.builds(lambda u: f'<pre><code>&lt;a href="{u}"&gt;</code></pre>', url),
        st.sampled_from(["<p>text</p>", "<div>", "</div>", "a > b", "<br/>", "<ul><li>i</ul>"]),
    )


pages = st.lists(_element(), max_size=12).map(
    lambda parts: (
        "<!doctype html><html><head><title>t</title></head><body>"
        + "\n".join(parts)
        + "</body></html>"
    )
)


def test_a_tag_with_a_stray_quote_is_read_as_a_browser_reads_it() -> None:
    # From a blog export: `pipeline"=""` leaves a quote open until far down the page. Read
    # with backtracking, the attribute text of such a tag that never closes took hours.
    text = (
        '<p><img alt="" ghc="" pipeline"="" src="/p.png" style="width: 400px;" /></p>'
        + "<p>Plain text without a closing bracket or quote, long enough to be slow. " * 3
        + '<a href="/next/">next</a>'
    )
    scanned = scan_page(text)
    links, ids = _parsed(text)
    assert [(link.tag, link.attr, link.url) for link in scanned.links] == links
    assert scanned.ids == ids


def _parsed(text: str) -> tuple[list[tuple[str, str, str]], set[str]]:
    tree = LexborHTMLParser(text)
    links = []
    for node in tree.css("a, img, link"):
        tag = node.tag or ""
        attr = "src" if tag == "img" else "href"
        value = node.attributes.get(attr)
        if value is not None and value.strip():
            links.append((tag, attr, value.strip()))
    ids = {node.attributes["id"] or "" for node in tree.css("[id]")}
    ids |= {node.attributes["name"] or "" for node in tree.css("a[name]")}
    return links, ids


@settings(max_examples=300, deadline=None)
@given(pages)
def test_the_scanner_finds_the_links_and_ids_a_real_parser_finds(text: str) -> None:
    scanned = scan_page(text)
    links, ids = _parsed(text)
    assert [(link.tag, link.attr, link.url) for link in scanned.links] == links
    assert scanned.ids == ids
