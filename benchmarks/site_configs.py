"""Each tool's settings (and Hugo's layouts) for the benchmark site.

The aim is the same output set from every tool: a page per post, per course chapter and per
tag, a tag index, a home page listing every post, and code highlighted with Pygments (Wren,
Pelican) or Chroma (Hugo). Feeds are capped at 20 entries where a tool writes them by default.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["hugo_config", "pelican_config", "wren_config"]

HUGO_LAYOUTS = Path(__file__).resolve().parent / "hugo_layouts"

TITLE = "Bench Notes"
TAGLINE = "A generated blog for timing static site generators."
BASE_URL = "https://bench.example.org/"
AUTHOR = "Wren Bench"

_WREN = f"""title = "{TITLE}"
tagline = "{TAGLINE}"
base_url = "{BASE_URL}"
author = "{AUTHOR}"
language = "en"
"""

# Hugo's defaults (pages, section and tag lists, RSS, sitemap), except that categories, which
# no page uses, are not a taxonomy and RSS feeds hold 20 entries, as Wren's do. Chroma
# highlighting of fenced code is on by default; it is spelled out so that nobody wonders.
_HUGO = f"""baseURL = "{BASE_URL}"
title = "{TITLE}"
languageCode = "en"
[taxonomies]
tag = "tags"

[params]
author = "{AUTHOR}"
description = "{TAGLINE}"

[services.rss]
limit = 20

[markup.highlight]
codeFences = true
noClasses = false
style = "friendly"
"""

# Pelican's defaults, spelled out: Markdown with codehilite (Pygments), "extra" for tables and
# footnotes. Pages Wren has no counterpart for (authors, categories, archives) are not written.
_PELICAN = f"""AUTHOR = "{AUTHOR}"
SITENAME = "{TITLE}"
SITESUBTITLE = "{TAGLINE}"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "simple"
PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
MARKDOWN = {{
    "extension_configs": {{
        "markdown.extensions.codehilite": {{"css_class": "highlight"}},
        "markdown.extensions.extra": {{}},
        "markdown.extensions.meta": {{}},
    }},
    "output_format": "html5",
}}
ARTICLE_URL = "posts/{{slug}}/"
ARTICLE_SAVE_AS = "posts/{{slug}}/index.html"
TAG_URL = "tags/{{slug}}/"
TAG_SAVE_AS = "tags/{{slug}}/index.html"
TAGS_SAVE_AS = "tags/index.html"
DIRECT_TEMPLATES = ["index", "tags"]
CATEGORY_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
DEFAULT_PAGINATION = False
FEED_MAX_ITEMS = 20
FEED_ALL_ATOM = "feeds/all.atom.xml"
TAG_FEED_ATOM = "feeds/tags/{{slug}}.atom.xml"
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
CACHE_PATH = ".pelican-cache"
LOAD_CONTENT_CACHE = False
"""


def wren_config() -> dict[str, str]:
    return {"site.toml": _WREN}


def hugo_config() -> dict[str, str]:
    """``hugo.toml`` and a minimal layout set from ``hugo_layouts/``: home, single, list,
    taxonomy and term pages (Hugo renders nothing without layouts)."""
    layouts = {
        f"layouts/{path.name}": path.read_text(encoding="utf-8")
        for path in sorted(HUGO_LAYOUTS.glob("*.html"))
    }
    return {"hugo.toml": _HUGO, **layouts}


def pelican_config() -> dict[str, str]:
    return {"pelicanconf.py": _PELICAN}
