"""`wren import`: small Hugo, Zola and Jekyll sites, written inline in their own formats,
imported and built; every address the source tool gave a post, tag or feed still leads to
the same page (or a redirect to it), and what has no Markdown form is reported by line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from support import NOW, compare_with_tool, read_tree, write_txtar
from wren.build import BuildOptions, build_site
from wren.commands.cli import cli
from wren.errors import ContentError
from wren.importers import REPORT_FILE, ImportResult, import_site
from wren.importers.verify import resolve

HUGO = """
-- hugo.toml --
baseURL = "https://example.org/"
title = "Hugo Blog"
[params]
description = "A blog made with Hugo"
version = "1.2.3"
-- content/_index.md --
---
title: Home
---
-- content/posts/_index.md --
---
title: Posts
---
-- content/posts/first.md --
---
title: "First Post"
date: 2024-01-02T10:00:00Z
tags: ["Rust Lang", "tools"]
categories: [news]
summary: The first one.
---
Version {{< param version >}}.

{{< highlight rust >}}
fn main() {}
{{< /highlight >}}

Literal: {{</* figure src="x.png" */>}}
-- content/posts/second.md --
+++
title = "Second"
date = 2024-02-03
slug = "Second-Post"
aliases = ["/old/second/", "second.html"]
+++
See [the first]({{< ref "first.md#intro" >}}).

{{< note >}}
-- content/posts/bundle/index.md --
---
title: Bundle
date: 2024-03-04
---
{{< figure src="photo.png" alt="A photo" caption="Taken at noon" >}}
-- content/posts/bundle/photo.png --
PNG
-- content/about.md --
---
title: About Me
date: 2020-01-01
---
Who I am.
-- content/docs/install.md --
---
title: Install
---
Steps.
-- static/robots-extra.txt --
kept
-- layouts/_default/single.html --
{{ .Title }} {{ .Content }}
-- layouts/_default/list.html --
{{ .Title }}
-- layouts/shortcodes/note.html --
<aside>A note.</aside>
"""


def _import(tmp_path: Path, tool: str, text: str) -> tuple[ImportResult, Path, Path]:
    source = write_txtar(tmp_path / "source", text)
    before = read_tree(source)
    result = import_site(tool, source, tmp_path / "site")
    assert read_tree(source) == before  # nothing in the source is written
    build_site(result.site_dir, BuildOptions(now=NOW, search=False, use_cache=False))
    return result, source, result.site_dir / "public"


def _leads_to(out: Path, url: str, title: str) -> str:
    found = resolve(out, url)
    assert found is not None, f"{url} leads nowhere"
    text = found.read_text(encoding="utf-8")
    assert title in text, f"{url} leads to {found}, not to {title!r}"
    return text


def test_hugo_site_keeps_every_post_tag_and_feed_address(tmp_path: Path) -> None:
    result, _, out = _import(tmp_path, "hugo", HUGO)
    assert (result.posts, result.pages) == (3, 2)
    _leads_to(out, "/about/", "About Me")  # a page outside the main section
    assert (result.site_dir / "content/pages/docs/install.md").is_file()  # at its old path
    _leads_to(out, "/posts/first/", "First Post")
    _leads_to(out, "/posts/second-post/", "Second")  # Hugo lowercases an explicit slug
    _leads_to(out, "/old/second/", "Second")
    _leads_to(out, "/posts/second.html", "Second")  # a relative alias sits beside the page
    _leads_to(out, "/posts/bundle/", "Bundle")
    _leads_to(out, "/tags/rust-lang/", "Rust Lang")
    _leads_to(out, "/categories/news/", "news")  # categories are merged into tags
    _leads_to(out, "/categories/news/index.xml", "news")
    _leads_to(out, "/index.xml", "Hugo Blog")
    _leads_to(out, "/posts/index.xml", "Hugo Blog")
    _leads_to(out, "/tags/tools/index.xml", "tools")


def test_hugo_shortcodes_become_markdown_and_the_rest_is_reported(tmp_path: Path) -> None:
    result, _, out = _import(tmp_path, "hugo", HUGO)
    first = _leads_to(out, "/posts/first/", "First Post")
    assert "Version 1.2.3." in first
    assert '<code class="language-rust' in first or "language-rust" in first
    assert "{{&lt; figure src=" in first or '{{< figure src="x.png" >}}' in first
    second = _leads_to(out, "/posts/second-post/", "Second")
    assert 'href="/posts/first/#intro"' in second
    bundle = _leads_to(out, "/posts/bundle/", "Bundle")
    assert 'alt="A photo"' in bundle and "<em>Taken at noon</em>" in bundle
    assert (out / "posts/bundle/photo.png").read_text() == "PNG\n"
    assert (out / "robots-extra.txt").is_file()
    report = (result.site_dir / REPORT_FILE).read_text()
    assert "content/posts/second.md:9: shortcode: shortcode `note`" in report
    assert [f.kind for f in result.findings].count("shortcode") == 1


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
-- content/blog/_index.md --
+++
title = "Blog"
sort_by = "date"
+++
-- content/blog/2024-01-02-hello.md --
+++
title = "Hello"
aliases = ["old/hello", "/2024/hello.html"]
[taxonomies]
tags = ["Rust", "Café Talk"]
+++
Intro paragraph.
<!-- more -->
Read [the bundle](@/blog/bundle/index.md#part) and {{ gallery(n=3) }}.

```
{{ not_a_shortcode() }}
```
-- content/blog/bundle/index.md --
+++
title = "Bundle"
date = 2024-03-04
[extra]
starts = 09:30:00
+++
{{ figure(src="pic.png", caption="A picture") }}

## Part
-- content/blog/bundle/pic.png --
PNG
-- content/notes/_index.md --
+++
title = "Notes"
+++
-- content/notes/colophon.md --
+++
title = "Colophon"
date = 2024-01-01
+++
-- content/blog/moved.md --
+++
title = "Moved"
date = 2024-05-06
path = "custom/place"
+++
Text.
"""


def test_zola_site_keeps_every_post_tag_and_feed_address(tmp_path: Path) -> None:
    result, _, out = _import(tmp_path, "zola", ZOLA)
    assert (result.posts, result.pages) == (3, 1)
    _leads_to(out, "/blog/hello/", "Hello")  # the date prefix of the file name is not in it
    _leads_to(out, "/old/hello/", "Hello")
    _leads_to(out, "/2024/hello.html", "Hello")
    _leads_to(out, "/blog/bundle/", "Bundle")
    _leads_to(out, "/custom/place/", "Moved")
    _leads_to(out, "/notes/colophon/", "Colophon")  # a section not sorted by date: a page
    _leads_to(out, "/blog/", "Bundle")  # the section's listing leads to the posts
    _leads_to(out, "/tags/cafe-talk/", "Café Talk")  # Zola's slugs are ASCII
    _leads_to(out, "/tags/cafe-talk/atom.xml", "Café Talk")
    _leads_to(out, "/tags/rust/rss.xml", "Rust")
    _leads_to(out, "/atom.xml", "Zola Blog")
    _leads_to(out, "/rss.xml", "Zola Blog")
    for old in result.old_urls:
        assert resolve(out, old) is not None, old
    hello = _leads_to(out, "/blog/hello/", "Hello")
    assert 'href="/blog/bundle/#part"' in hello
    assert "{{ not_a_shortcode() }}" in hello  # code is left as Zola leaves it
    bundle = _leads_to(out, "/blog/bundle/", "Bundle")
    assert 'src="pic.png"' in bundle and "<em>A picture</em>" in bundle
    assert [(f.path, f.line, f.kind) for f in result.findings] == [
        ("content/blog/2024-01-02-hello.md", 9, "shortcode")
    ]


ZOLA_ON_NETLIFY = """
-- config.toml --
base_url = "https://example.org"
title = "Photo Blog"
[slugify]
paths = "off"
-- content/blog/_index.md --
+++
sort_by = "date"
+++
-- content/blog/2019/_index.md --
+++
transparent = true
+++
-- content/blog/2019/desk: mark ii/index.md --
+++
title = "Desk"
date = 2019-05-06
+++
{{ photo(url="https://img.example.org/desk.jpg", caption="The desk, from above") }}

{{ gallery(path="album.json") }}
-- content/about.md --
+++
title = "About"
+++
Old links: [about](/about_me) and [desk](/desk).
-- templates/shortcodes/photo.html --
{# one captioned picture #}
<figure>
  <img src="{{ url }}" loading="lazy">
  <figcaption>{{ caption }}</figcaption>
</figure>
-- templates/shortcodes/gallery.html --
{% set photos = load_data(path=path) %}<div class="gallery"></div>
-- static/_redirects --
# moved in 2020
/about_me   /about/
/desk       https://example.org/blog/2019/desk:%20mark%20ii/   301
/feed       /atom.xml
/talks      https://talks.example.org/   302
/blog/*     /posts/:splat
/home       /   200
"""


def test_zola_shortcodes_of_the_site_that_show_one_image_become_markdown(
    tmp_path: Path,
) -> None:
    result, _, out = _import(tmp_path, "zola", ZOLA_ON_NETLIFY)
    desk = _leads_to(out, "/blog/2019/desk:%20mark%20ii/", "Desk")  # slugify.paths = "off"
    assert 'src="https://img.example.org/desk.jpg"' in desk
    assert "<em>The desk, from above</em>" in desk
    assert "photo(" not in desk
    shortcodes = [(f.path, f.line) for f in result.findings if f.kind == "shortcode"]
    assert shortcodes == [("content/blog/2019/desk: mark ii/index.md", 7)]  # gallery: a loop


def test_netlify_redirects_to_imported_pages_become_their_aliases(tmp_path: Path) -> None:
    result, _, out = _import(tmp_path, "zola", ZOLA_ON_NETLIFY)
    _leads_to(out, "/about_me", "About")
    _leads_to(out, "/desk", "Desk")  # an absolute URL of the site itself
    assert "/about_me" in result.old_urls and "/desk" in result.old_urls
    assert (out / "_redirects").read_text().startswith("# moved in 2020")  # kept as it was
    reported = {f.line or 0: f.message for f in result.findings if f.kind == "redirect"}
    assert sorted(reported) == [4, 5, 6, 7]  # by their line in static/_redirects
    assert "/feed -> /atom.xml leads to no imported page" in reported[4]
    assert "leads to another site" in reported[5]
    assert "is not one address to another" in reported[6]  # a pattern
    assert "is not one address to another" in reported[7]  # a rewrite (200)
    for old in result.old_urls:
        assert resolve(out, old) is not None, old


HUGO_FROM_BLOGGER = """
-- hugo.toml --
baseURL = "https://example.org/"
title = "Moved Blog"
[security]
allowContent = ['.*']
-- content/posts/2009-12-14-welcome.html --
---
date: "2009-12-14T10:02:00Z"
tags: ["meta"]
title: Welcome
url: "2009/12/welcome.html"
---
Welcome to the <b>new</b> blog.<br /><br />It moved here.

    The `type` is *not* Markdown: <tt>x_1</tt>
-- content/posts/2022-08-14-libc++-format.md --
---
title: "std::format in
  libc++"
date: 2022-08-14
tags: ["C++", "libc++", "c"]
------------------------------
Text about formatting.
-- layouts/_default/single.html --
{{ .Title }} {{ .Content }}
-- layouts/_default/list.html --
{{ .Title }}
"""


def test_hugo_html_posts_odd_front_matter_and_plus_signs_in_addresses(tmp_path: Path) -> None:
    result, _, out = _import(tmp_path, "hugo", HUGO_FROM_BLOGGER)
    assert (result.posts, result.pages) == (2, 0)
    welcome = _leads_to(out, "/2009/12/welcome.html", "Welcome")  # HTML content, kept as HTML
    assert "<b>new</b> blog.<br /><br />It moved here." in welcome
    assert "The `type` is *not* Markdown: <tt>x_1</tt>" in welcome  # as Hugo shows it
    listing = (out / "index.html").read_text()
    assert "Welcome to the new blog." in listing  # its first paragraph, as the summary
    libcxx = _leads_to(out, "/posts/2022-08-14-libc++-format/", "std::format in libc++")
    assert "<hr" in libcxx  # Hugo ends front matter at `------`; the rest of it is a rule
    _leads_to(out, "/tags/c++/", "C++")  # Hugo keeps `+` in addresses
    _leads_to(out, "/tags/libc++/index.xml", "libc++")
    assert [(f.path, f.line, f.kind) for f in result.findings] == [
        ("content/posts/2009-12-14-welcome.html", 7, "html")
    ]


def test_an_old_tag_page_that_listed_two_terms_stays_the_page_of_one(tmp_path: Path) -> None:
    site = """
-- config.toml --
base_url = "https://example.org"
title = "Tags"
taxonomies = [{ name = "tags", feed = true }]
-- content/_index.md --
+++
sort_by = "date"
+++
-- content/a.md --
+++
title = "On C"
date = 2024-01-01
[taxonomies]
tags = ["C"]
+++
-- content/b.md --
+++
title = "On C++"
date = 2024-01-02
[taxonomies]
tags = ["C++"]
+++
"""
    result, _, out = _import(tmp_path, "zola", site)  # Zola's slug of both is `c`
    assert "On C<" in _leads_to(out, "/tags/c/", "On C")
    _leads_to(out, "/tags/c-plus-plus/", "On C++")
    assert [(f.path, f.kind) for f in result.findings] == [("tags/c/", "url")]
    for old in result.old_urls:
        assert resolve(out, old) is not None, old


JEKYLL = """
-- _config.yml --
title: Jekyll Blog
url: https://example.org
plugins: [jekyll-feed, jekyll-redirect-from]
-- _posts/2019-03-04-hello-world.md --
---
title: Hello World
categories: notes
tags: ruby tips
redirect_from: /hello/
---
{% highlight ruby %}
puts 1
{% endhighlight %}

See [next]({% post_url 2019-04-05-next %}) and [logo]({{ site.baseurl }}/assets/logo.txt).

{% include note.html %}
-- _posts/2019-04-05-next.md --
---
title: Next
---
{% raw %}{{ kept }}{% endraw %}
-- _posts/2019-05-06-third.markdown --
---
title: Third
---
Text.
-- assets/logo.txt --
logo
-- about.html --
---
title: About
---
<p>About this blog.</p>
-- tags/ruby/index.html --
---
layout: tag
tag: ruby
---
-- tags/ruby/feed/index.xml --
---
layout: tagfeed
---
<feed xmlns="http://www.w3.org/2005/Atom">{% for post in site.posts %}{% endfor %}</feed>
-- archive/index.html --
---
layout: default
---
<ul>{% for post in site.posts %}<li>{{ post.title }}</li>{% endfor %}</ul>
-- _layouts/default.html --
<html></html>
-- _includes/note.html --
<aside>A note.</aside>
"""


def test_jekyll_site_keeps_every_post_and_feed_address(tmp_path: Path) -> None:
    result, _, out = _import(tmp_path, "jekyll", JEKYLL)
    assert (result.posts, result.pages) == (3, 1)
    assert "About this blog." in _leads_to(out, "/about.html", "About")  # raw HTML kept
    _leads_to(out, "/tags/ruby/", "ruby")  # a page its layout made: Wren's tag page
    _leads_to(out, "/tags/ruby/feed/index.xml", "ruby")  # a feed made by Liquid: Wren's
    _leads_to(out, "/archive/", "Hello World")  # a listing made by a Liquid loop
    _leads_to(out, "/2019/05/06/third.html", "Third")
    hello = _leads_to(out, "/notes/2019/03/04/hello-world.html", "Hello World")
    _leads_to(out, "/hello/", "Hello World")
    _leads_to(out, "/2019/04/05/next.html", "Next")
    _leads_to(out, "/feed.xml", "Jekyll Blog")
    assert (
        'href="/2019/04/05/next.html"' in hello
    )  # the pattern most posts follow and 'href="/assets/logo.txt"' in hello
    assert "language-ruby" in hello
    assert "{{ kept }}" in _leads_to(out, "/2019/04/05/next.html", "Next")
    assert (out / "assets/logo.txt").is_file() and not (out / "_layouts").exists()
    assert sorted((f.path, f.line or 0, f.kind) for f in result.findings) == [
        ("_posts/2019-03-04-hello-world.md", 13, "liquid"),
        ("about.html", 4, "html"),
        ("archive/index.html", 0, "file"),
        ("tags/ruby/index.html", 0, "file"),
    ]


def test_import_refuses_a_site_folder_that_holds_files(tmp_path: Path) -> None:
    source = write_txtar(tmp_path / "source", JEKYLL)
    site = tmp_path / "site"
    site.mkdir()
    (site / "notes.txt").write_text("mine")
    with pytest.raises(ContentError, match="is not empty"):
        import_site("jekyll", source, site)
    assert [p.name for p in site.iterdir()] == ["notes.txt"]


def test_import_refuses_a_site_folder_inside_the_source(tmp_path: Path) -> None:
    source = write_txtar(tmp_path / "source", JEKYLL)
    with pytest.raises(ContentError, match="inside the source site"):
        import_site("jekyll", source, source / "wren")
    assert not (source / "wren").exists()


def test_import_command_prints_findings_by_line_and_a_summary(tmp_path: Path) -> None:
    source = write_txtar(tmp_path / "source", JEKYLL)
    result = CliRunner().invoke(cli, ["import", "jekyll", str(source), str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert f"{source}/_posts/2019-03-04-hello-world.md:13: liquid:" in result.stderr
    assert "Imported 3 posts and 1 page into" in result.stdout
    assert "1 post at a new address: the old one redirects there" in result.stdout
    assert "feed_id set on 3 posts: feed readers know them by" in result.stdout  # jekyll-feed
    again = CliRunner().invoke(cli, ["import", "jekyll", str(source), str(tmp_path / "site")])
    assert again.exit_code == 1 and "is not empty" in again.stderr


@pytest.mark.oracle
@pytest.mark.parametrize(
    ("tool", "text"), [("hugo", HUGO), ("hugo", HUGO_FROM_BLOGGER), ("jekyll", JEKYLL)]
)
def test_every_address_the_tool_itself_writes_leads_to_a_page_after_import(
    tmp_path: Path, tool: str, text: str
) -> None:
    found = compare_with_tool(tool, text, tmp_path)
    assert found.written and found.lost == [] and found.invented == []
