"""Publishing outputs beside the pages: feeds, sitemap, robots.txt, redirects and listings.

``publishing_files`` runs right after ``render_site`` and takes its pages, so that aliases can
be checked against every path a page already takes. Each output is made by its own module
(``feeds``, ``sitemap``, ``redirects``, ``listings``); this one only renders and names them.
The search index is made later, from the rendered pages (see ``search``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import jinja2

from wren.assemble import Chapter, Post, Site
from wren.feeds import site_feeds
from wren.listings import INDEX_JSON_PATH, LLMS_TXT_PATH, index_json, llms_txt
from wren.redirects import collect_redirects
from wren.render import OutputFile, PageRenderer
from wren.sitemap import SITEMAP_PATH, robots_txt, sitemap_entries

__all__ = ["publishing_files"]


def publishing_files(
    site: Site, env: jinja2.Environment, pages: Sequence[OutputFile]
) -> Iterator[OutputFile]:
    """Feeds, the sitemap, robots.txt, llms.txt, index.json and one page per alias."""
    renderer = PageRenderer(site, env)

    def content_of(page: Post | Chapter) -> str:
        return str(renderer.body(page))

    outputs: list[OutputFile] = []
    for feed in site_feeds(site, content_of):
        outputs.append(renderer.render("atom.xml", feed.atom_path, feed=feed))
        outputs.append(renderer.render("rss.xml", feed.rss_path, feed=feed))
    outputs += [
        renderer.render("sitemap.xml", SITEMAP_PATH, entries=sitemap_entries(site)),
        OutputFile("robots.txt", robots_txt(site).encode()),
        OutputFile(LLMS_TXT_PATH, llms_txt(site).encode()),
        OutputFile(INDEX_JSON_PATH, index_json(site).encode()),
    ]
    yield from outputs
    taken = {file.path for file in [*pages, *outputs]}
    for redirect in collect_redirects(site, taken):
        page = site.page(redirect.source)
        target = site.config.absolute_url(redirect.target)
        yield renderer.render(
            "redirect.html",
            redirect.path,
            target=target,
            title=page.title if page else target,
        )
