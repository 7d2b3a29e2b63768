"""The demo site's build has every publishing output, and each one parses."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from lxml import etree, html

from wren.build import BuildOptions, build_site

DEMO = Path(__file__).parent.parent.parent / "examples" / "wren-learns-rust"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "public"
    build_site(DEMO, BuildOptions(output_dir=out, use_cache=False))
    return out


def test_every_feed_of_the_demo_parses_without_error(demo: Path) -> None:
    feeds = sorted([*demo.rglob("feed.xml"), *demo.rglob("rss.xml")])
    assert len(feeds) >= 6  # the site, the course and at least one tag, in both formats
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path


def is_redirect(page: Path) -> bool:
    """A page an `aliases` entry wrote: it only sends readers on."""
    return 'http-equiv="refresh"' in page.read_text()


def test_demo_sitemap_lists_every_html_page_but_the_not_found_page(demo: Path) -> None:
    root = etree.fromstring((demo / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {
        loc.removeprefix("https://wren.example.org/")
        for loc in root.xpath("//s:loc/text()", namespaces=ns)
    }
    pages = {
        path.relative_to(demo).as_posix().removesuffix("index.html")
        for path in demo.rglob("*.html")
        if not path.relative_to(demo).as_posix().startswith("pagefind/") and not is_redirect(path)
    }
    assert locs == pages - {"404.html"}
    assert all(url.findtext("s:lastmod", namespaces=ns) for url in root.findall("s:url", ns))


def test_every_demo_page_has_metadata_and_valid_json_ld(demo: Path) -> None:
    for path in demo.rglob("*.html"):
        if path.relative_to(demo).parts[0] == "pagefind" or is_redirect(path):
            continue
        doc = html.fromstring(path.read_bytes())
        assert doc.get("lang") == "en", path
        assert doc.xpath('//meta[@name="description"]/@content'), path
        assert doc.xpath('//meta[@property="og:title"]/@content'), path
        for script in doc.xpath('//script[@type="application/ld+json"]'):
            assert json.loads(script.text)["@context"] == "https://schema.org"


def test_demo_has_search_robots_llms_txt_and_index_json(demo: Path) -> None:
    assert (demo / "pagefind/pagefind-ui.js").is_file()
    assert (demo / "search/index.html").is_file()
    assert "Sitemap: https://wren.example.org/sitemap.xml" in (demo / "robots.txt").read_text()
    assert (demo / "llms.txt").read_text().startswith("# Wren Learns Rust\n")
    pages = json.loads((demo / "index.json").read_text())["pages"]
    chapters = [page for page in pages if page["kind"] == "chapter"]
    assert len(chapters) == 12
    assert [page["url"] for page in pages if page["kind"] == "page"] == [
        "https://wren.example.org/about/"
    ]
    posts = [path for path in (demo / "posts").iterdir() if path.is_dir()]
    assert len(pages) == len(posts) + 12 + 1
    assert len(pages) >= 30 + 12 + 1


def test_demo_alias_sends_readers_to_the_post_it_names(demo: Path) -> None:
    redirect = demo / "2025/06/await-by-hand/index.html"
    assert is_redirect(redirect)
    doc = html.fromstring(redirect.read_bytes())
    target = "https://wren.example.org/posts/what-await-does/"
    assert doc.xpath('//link[@rel="canonical"]/@href') == [target]
    assert (demo / "posts/what-await-does/index.html").is_file()
