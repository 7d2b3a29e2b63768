"""`wren import` keeps the later pages of a blog's paginated listings: Wren splits its front
page and tag pages as the old tool did (`paginate`), and an old page that Wren has no page
for leads to Wren's page that starts with the same post."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import NOW, compare_with_tool, write_txtar
from wren.build import BuildOptions, build_site
from wren.config import load_config
from wren.importers import ImportResult, import_site
from wren.importers.verify import output_file, resolve


def _import(tmp_path: Path, tool: str, text: str) -> tuple[ImportResult, Path]:
    source = write_txtar(tmp_path / "source", text)
    result = import_site(tool, source, tmp_path / "site")
    build_site(result.site_dir, BuildOptions(now=NOW, search=False, use_cache=False))
    return result, result.site_dir / "public"


def _titles(out: Path, url: str) -> list[str]:
    """The titles of the posts listed on the page ``url`` leads to, in order."""
    found = resolve(out, url)
    assert found is not None, f"{url} leads nowhere"
    text = found.read_text(encoding="utf-8")
    return [name for name in ("Five", "Four", "Three", "Two", "One") if f">{name}</a>" in text]


def _zola(per_page: int, per_tag: int) -> str:
    posts = "".join(
        f'-- content/{name.lower()}.md --\n+++\ntitle = "{name}"\ndate = 2024-01-0{day}\n'
        f'[taxonomies]\ntags = ["Café"]\n+++\nText {day}.\n'
        for day, name in enumerate(("One", "Two", "Three", "Four", "Five"), start=1)
    )
    return (
        '-- config.toml --\nbase_url = "https://example.org"\ntitle = "Zola"\n'
        f'taxonomies = [{{ name = "tags", paginate_by = {per_tag} }}]\n'
        f'-- content/_index.md --\n+++\nsort_by = "date"\npaginate_by = {per_page}\n+++\n' + posts
    )


def test_zola_front_page_pages_are_wren_s_own(tmp_path: Path) -> None:
    result, out = _import(tmp_path, "zola", _zola(2, 2))
    assert load_config(result.site_dir).paginate == 2
    assert output_file(out, "/page/2/") is not None  # Wren's page, not a redirect
    assert _titles(out, "/page/2/") == ["Three", "Two"]
    assert _titles(out, "/page/3/") == ["One"]
    assert output_file(out, "/page/4/") is None  # Zola had three pages too
    assert _titles(out, "/tags/cafe/page/3/") == ["One"]  # Zola's slug leads to Wren's tag
    assert {"/page/2/", "/page/3/", "/tags/cafe/page/2/"} <= set(result.old_urls)


def test_zola_s_first_pages_at_page_1_lead_to_the_listings(tmp_path: Path) -> None:
    """Zola writes ``page/1/`` of a paginated listing as a redirect to the listing."""
    result, out = _import(tmp_path, "zola", _zola(2, 2))
    assert _titles(out, "/page/1/") == ["Five", "Four"]
    assert _titles(out, "/tags/cafe/page/1/") == ["Five", "Four"]
    assert {"/page/1/", "/tags/cafe/page/1/"} <= set(result.old_urls)


def test_a_listing_split_otherwise_leads_to_wren_s_page_with_its_first_post(
    tmp_path: Path,
) -> None:
    _, out = _import(tmp_path, "zola", _zola(2, 1))
    assert _titles(out, "/tags/cafe/page/2/") == ["Five", "Four"]  # Zola's showed Four
    assert _titles(out, "/tags/cafe/page/3/") == ["Three", "Two"]  # ... and Three
    assert _titles(out, "/tags/cafe/page/5/") == ["One"]


HUGO = """
-- hugo.toml --
baseURL = "https://example.org/"
title = "Hugo"
[pagination]
pagerSize = 2
-- layouts/_default/list.html --
{{ range .Paginator.Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
-- layouts/_default/single.html --
{{ .Title }}
""" + "".join(
    f"-- content/posts/{name.lower()}.md --\n---\ntitle: {name}\ndate: 2024-01-0{day}\n---\nx\n"
    for day, name in enumerate(("One", "Two", "Three", "Four", "Five"), start=1)
)


def test_hugo_section_pages_lead_to_the_front_page_s(tmp_path: Path) -> None:
    result, out = _import(tmp_path, "hugo", HUGO)
    assert load_config(result.site_dir).paginate == 2
    assert _titles(out, "/posts/page/2/") == ["Three", "Two"]
    assert _titles(out, "/posts/page/3/") == ["One"]
    assert _titles(out, "/page/3/") == ["One"]
    assert _titles(out, "/page/1/") == ["Five", "Four"]  # Hugo's page 1 leads to the first
    assert _titles(out, "/posts/page/1/") == ["Five", "Four"]
    assert not [f for f in result.findings if f.kind == "url"]


def test_hugo_without_its_templates_says_later_pages_are_not_kept(tmp_path: Path) -> None:
    text = (
        HUGO.split("-- layouts/")[0]
        + "-- content/posts/x.md"
        + HUGO.split("-- content/posts/one.md")[1]
    )
    result, _ = _import(tmp_path, "hugo", text)
    assert load_config(result.site_dir).paginate == 0
    [finding] = [f for f in result.findings if f.kind == "url"]
    assert finding.path == "layouts" and "/page/2/" in finding.message


JEKYLL = """
-- _config.yml --
title: Jekyll
url: https://example.org
paginate: 2
paginate_path: /blog/page:num/
plugins: [jekyll-paginate]
-- blog/index.html --
---
title: Blog
---
{% for post in paginator.posts %}<a href="{{ post.url }}">{{ post.title }}</a>{% endfor %}
""" + "".join(
    f"-- _posts/2024-01-0{day}-{name.lower()}.md --\n---\ntitle: {name}\n---\nx\n"
    for day, name in enumerate(("One", "Two", "Three", "Four", "Five"), start=1)
)


def test_jekyll_paginate_path_leads_to_wren_s_pages(tmp_path: Path) -> None:
    result, out = _import(tmp_path, "jekyll", JEKYLL)
    assert load_config(result.site_dir).paginate == 2
    assert _titles(out, "/blog/page2/") == ["Three", "Two"]
    assert _titles(out, "/blog/page3/") == ["One"]
    assert "/blog/page4/" not in result.old_urls


@pytest.mark.oracle
@pytest.mark.parametrize(("tool", "text"), [("hugo", HUGO), ("jekyll", JEKYLL)])
def test_every_listing_page_the_tool_itself_writes_leads_to_a_page_after_import(
    tmp_path: Path, tool: str, text: str
) -> None:
    found = compare_with_tool(tool, text, tmp_path)
    assert found.written and found.lost == [] and found.invented == []
