"""`wren import` keeps a blog's subscribers: the imported site's feeds sit at the old tool's
addresses, and each feed entry keeps the id the old tool's feed gave it, so that feed
readers never show an old post as new. Feeds are read with feedparser, as readers do.

The ids expected here are those of each tool's own feed: Hugo's RSS and Zola's Atom feed
give an entry the page's absolute address (checked against Hugo 0.168's output),
jekyll-feed the absolute ``post.id`` (the folder of its URL and its slug), and a Jekyll
site's own feed template whatever its ``<id>`` says."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import feedparser
import pytest

from support import NOW, write_txtar
from wren.build import BuildOptions, build_site
from wren.check import CheckOptions, LoadOptions, run_checks
from wren.config import load_config
from wren.importers import ImportResult, import_site

IMPORTED_ON = dt.date(2026, 11, 20)
RUSTC = shutil.which("rustc") or str(Path.home() / ".cargo/bin/rustc")


def _import(tmp_path: Path, tool: str, text: str) -> tuple[ImportResult, Path]:
    source = write_txtar(tmp_path / "source", text)
    result = import_site(tool, source, tmp_path / "site", today=IMPORTED_ON)
    build_site(result.site_dir, BuildOptions(now=NOW, search=False, use_cache=False))
    return result, result.site_dir / "public"


def _ids(out: Path, feed: str) -> dict[str, str]:
    """Each entry of the feed at ``feed``: its title -> its id, as a feed reader sees it."""
    parsed = feedparser.parse((out / feed.lstrip("/")).read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return {entry.title: entry.id for entry in parsed.entries}


HUGO = """
-- hugo.toml --
baseURL = "https://example.org/"
title = "Hugo Blog"
-- content/posts/first.md --
---
title: First
date: 2024-01-02
tags: [rust]
---
One.
-- content/posts/second.md --
---
title: Second
date: 2024-02-03
---
Two.
-- content/posts/odd.md --
---
title: Odd
date: 2024-03-04
url: /2024/odd-one.html
tags: [rust]
---
Three.
"""

HUGO_IDS = {  # Hugo's RSS: <guid>{{ .Permalink }}</guid>
    "First": "https://example.org/posts/first/",
    "Second": "https://example.org/posts/second/",
    "Odd": "https://example.org/2024/odd-one.html",
}


def test_hugo_feed_is_wren_s_own_rss_at_index_xml_with_hugo_s_entry_ids(tmp_path: Path) -> None:
    result, out = _import(tmp_path, "hugo", HUGO)
    config = load_config(result.site_dir)
    assert config.feeds.rss == "index.xml"
    assert not any(old == "/index.xml" for old, _, _ in config.feed_aliases)  # no copy needed
    assert _ids(out, "/index.xml") == HUGO_IDS
    assert _ids(out, "/feed.xml") == HUGO_IDS  # the Atom feed agrees
    assert _ids(out, "/tags/rust/index.xml") == {
        "First": HUGO_IDS["First"],
        "Odd": HUGO_IDS["Odd"],
    }
    assert _ids(out, "/posts/index.xml") == HUGO_IDS  # a section's feed: a copy
    assert result.posts_in_place == 2 and result.feed_ids_pinned == 1
    odd = (result.site_dir / "content/posts/odd.md").read_text()
    assert "feed_id: https://example.org/2024/odd-one.html" in odd
    assert "feed_id" not in (result.site_dir / "content/posts/first.md").read_text()


ZOLA = """
-- config.toml --
base_url = "https://example.org"
title = "Zola Blog"
generate_feeds = true
feed_filenames = ["atom.xml", "rss.xml"]
taxonomies = [{ name = "tags", feed = true }]
-- content/_index.md --
+++
sort_by = "date"
+++
-- content/2024-01-02-hello.md --
+++
title = "Hello"
[taxonomies]
tags = ["Rust"]
+++
Hi.
-- content/later.md --
+++
title = "Later"
date = 2024-02-03
+++
Hi again.
-- content/moved.md --
+++
title = "Moved"
date = 2024-05-06
path = "archive/2024/moved-post"
[taxonomies]
tags = ["Rust"]
+++
Text.
"""

ZOLA_IDS = {  # Zola's atom.xml: <id>{{ page.permalink }}</id>
    "Hello": "https://example.org/hello/",
    "Later": "https://example.org/later/",
    "Moved": "https://example.org/archive/2024/moved-post/",
}


def test_zola_feeds_are_wren_s_own_at_atom_xml_and_rss_xml_with_zola_s_ids(tmp_path: Path) -> None:
    result, out = _import(tmp_path, "zola", ZOLA)
    config = load_config(result.site_dir)
    assert (config.feeds.atom, config.feeds.rss) == ("atom.xml", "rss.xml")
    assert config.feed_aliases == ()  # every old feed address is one of Wren's feeds
    assert _ids(out, "/atom.xml") == ZOLA_IDS
    assert _ids(out, "/rss.xml") == ZOLA_IDS
    assert _ids(out, "/tags/rust/atom.xml") == {
        "Hello": ZOLA_IDS["Hello"],
        "Moved": ZOLA_IDS["Moved"],
    }
    assert result.feed_ids_pinned == 1  # only the post whose address changed


JEKYLL_FEED = """
-- _config.yml --
title: Jekyll Blog
url: https://example.org
plugins: [jekyll-feed]
-- _posts/2019-03-04-hello-world.md --
---
title: Hello World
categories: notes
---
Hi.
-- _posts/2019-04-05-next.md --
---
title: Next
---
Next.
-- _posts/2019-05-06-third.md --
---
title: Third
slug: the-third
---
Third.
"""


def test_jekyll_feed_entries_keep_jekyll_feed_s_ids(tmp_path: Path) -> None:
    result, out = _import(tmp_path, "jekyll", JEKYLL_FEED)
    assert _ids(out, "/feed.xml") == {  # jekyll-feed: <id>{{ post.id | absolute_url }}</id>
        "Hello World": "https://example.org/notes/2019/03/04/hello-world",
        "Next": "https://example.org/2019/04/05/next",
        "Third": "https://example.org/2019/05/06/the-third",
    }
    assert result.feed_ids_pinned == 3  # Wren's ids would end in .html


JEKYLL_OWN_FEED = """
-- _config.yml --
title: Jekyll Blog
url: https://example.org
permalink: /blog/:year/:month/:day/
-- _posts/2019-03-04-hello.md --
---
title: Hello
uuid: 0d4c6e2c-1f6e-4b1e-9f0e-6c7b6a0a0001
---
Hi.
-- _posts/2019-04-05-next.md --
---
title: Next
uuid: 0d4c6e2c-1f6e-4b1e-9f0e-6c7b6a0a0002
---
Next.
-- _posts/2019-05-06-third.md --
---
title: Third
---
No uuid.
-- feed/index.xml --
---
---
<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>urn:uuid:11111111-2222-3333-4444-555555555555</id>
  {% for post in site.posts limit: 8 %}
  <entry>
    <link rel="alternate" type="text/html" href="{{ site.url }}{{ post.url }}"/>
    <id>urn:uuid:{{ post.uuid }}</id>
  </entry>
  {% endfor %}
</feed>
"""


def test_jekyll_site_s_own_feed_template_gives_the_ids(tmp_path: Path) -> None:
    result, out = _import(tmp_path, "jekyll", JEKYLL_OWN_FEED)
    assert _ids(out, "/feed/index.xml") == {
        "Hello": "urn:uuid:0d4c6e2c-1f6e-4b1e-9f0e-6c7b6a0a0001",
        "Next": "urn:uuid:0d4c6e2c-1f6e-4b1e-9f0e-6c7b6a0a0002",
        "Third": "https://example.org/blog/2019/05/06/",  # it had none: its address
    }
    [finding] = [f for f in result.findings if f.kind == "feed"]
    assert finding.path == "feed/index.xml"
    assert "could not be worked out for 1 posts" in finding.message


def test_jekyll_feed_template_of_site_url_and_post_url_needs_no_feed_id(tmp_path: Path) -> None:
    text = JEKYLL_OWN_FEED.replace(
        "<id>urn:uuid:{{ post.uuid }}</id>", "<id>{{ post.url | prepend: site.url }}</id>"
    )
    result, out = _import(tmp_path, "jekyll", text)
    assert set(_ids(out, "/feed/index.xml").values()) == {
        "https://example.org/blog/2019/03/04/",
        "https://example.org/blog/2019/04/05/",
        "https://example.org/blog/2019/05/06/",
    }
    assert result.feed_ids_pinned == 0 and not [f for f in result.findings if f.kind == "feed"]


RUST_BLOG = """
-- config.toml --
base_url = "https://example.org"
title = "Rust Notes"
-- content/_index.md --
+++
sort_by = "date"
+++
-- content/fragment.md --
+++
title = "A fragment"
date = 2019-05-06
+++
Only part of a program:

```rust
let x: u8 = "text";
```
-- content/plain.md --
+++
title = "Plain"
date = 2019-06-07
+++
No code.
"""


def test_a_blog_with_rust_examples_checks_only_the_posts_written_after_its_import(
    tmp_path: Path,
) -> None:
    result, _ = _import(tmp_path, "zola", RUST_BLOG)
    assert result.rust_since == IMPORTED_ON
    assert load_config(result.site_dir).rust.since == IMPORTED_ON
    [finding] = [f for f in result.findings if f.kind == "rust"]
    assert finding.path == "content/fragment.md"
    assert "1 posts hold Rust examples: `[rust] since = 2026-11-20`" in finding.message


def test_a_blog_without_rust_examples_gets_no_rust_policy(tmp_path: Path) -> None:
    result, _ = _import(tmp_path, "zola", RUST_BLOG.replace("```rust", "```text"))
    assert result.rust_since is None
    assert "[rust]" not in (result.site_dir / "site.toml").read_text()


@pytest.mark.rustc
@pytest.mark.skipif(not Path(RUSTC).exists(), reason="rustc is not installed")
def test_the_first_check_of_an_imported_blog_passes_its_old_rust_fragments(tmp_path: Path) -> None:
    result, _ = _import(tmp_path, "zola", RUST_BLOG)

    def rust_errors() -> list[str]:
        options = CheckOptions(
            checks=frozenset({"rust"}),
            load=LoadOptions(now=NOW, jobs=1),
            rustc=RUSTC,
            use_cache=False,
        )
        report = run_checks(result.site_dir, options)
        return [str(d.location) for d in report.diagnostics if d.check == "rust"]

    assert rust_errors() == []
    toml = result.site_dir / "site.toml"
    toml.write_text(re.sub(r"(?m)^.*since.*$", "", toml.read_text()))
    assert rust_errors() == ["content/posts/fragment.md:9:13"]  # without the policy it fails
