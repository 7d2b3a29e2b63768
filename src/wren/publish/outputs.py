"""Publishing outputs beside the pages: feeds, sitemap, robots.txt, redirects and listings.

``publishing_files`` runs right after ``render_site`` and takes its pages, so that aliases can
be checked against every path a page already takes. Each output is made by its own module
(``feeds``, ``sitemap``, ``redirects``, ``listings``); this one only renders and names them.
The search index is made later, from the rendered pages (see ``search``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import unquote

import jinja2

from wren.config import CONFIG_FILE
from wren.errors import ConfigError, ErrorGroup, SourceLocation, WrenError
from wren.incremental.fingerprint import PageCache
from wren.incremental.memo import ByObject
from wren.pipeline.assemble import Chapter, Post, Site
from wren.pipeline.dates import site_dates
from wren.pipeline.urls import FEED_KINDS, feed_path
from wren.pipeline.views import ViewMaker
from wren.pipeline.write import OutputFile
from wren.publish.feeds import Feed, FeedBuilder
from wren.publish.listings import INDEX_JSON_PATH, LLMS_TXT_PATH, index_json, llms_txt
from wren.publish.redirects import collect_redirects
from wren.publish.sitemap import SITEMAP_PATH, SitemapEntry, robots_txt, sitemap_entries
from wren.theme.render import PageRenderer

__all__ = ["ListingParts", "publishing_files"]


@dataclass(slots=True)
class ListingParts:
    """Each post's view and parts of the listings, kept from one build to the next (see
    ``ByObject``), so that an edit of one post makes its parts anew and reuses every other
    post's."""

    views: ViewMaker = field(default_factory=ViewMaker)
    llms_items: ByObject[str] = field(default_factory=ByObject)
    json_records: ByObject[str] = field(default_factory=ByObject)
    sitemap_entries: ByObject[SitemapEntry] = field(default_factory=ByObject)

    def start(self, site: Site) -> None:
        """Begin a build: every part depends on its post and on the site's settings."""
        for parts in (self.llms_items, self.json_records, self.sitemap_entries):
            parts.start(site.config)


def publishing_files(
    site: Site,
    env: jinja2.Environment,
    pages: Sequence[OutputFile],
    cache: PageCache | None = None,
    parts: ListingParts | None = None,
) -> Iterator[OutputFile]:
    """Feeds, the sitemap, robots.txt, llms.txt, index.json and one page per alias.

    With a page cache, each output is made again only when the pages it lists changed; with
    ``parts`` from the last build, only the parts of the posts that changed are made.
    """
    parts = parts or ListingParts()
    renderer = PageRenderer(site, env, views=parts.views)  # `produce` decides what is made
    produce = cache.produce if cache is not None else _make_now
    parts.start(site)
    outputs = _feed_files(site, renderer, produce)
    # What the sitemap, llms.txt and index.json show of each page is in its entry; the
    # courses, tags and settings are hashed into every fingerprint already. The view keeps
    # an unchanged entry's object, so an edit that changes no entry is seen at a glance.
    view = renderer.view
    everything = (view.posts, tuple(view.chapters.values()), view.pages)
    outputs += [
        produce(SITEMAP_PATH, everything, partial(_sitemap, site, renderer, parts)),
        OutputFile("robots.txt", robots_txt(site).encode()),
        produce(
            LLMS_TXT_PATH,
            everything,
            lambda: OutputFile(LLMS_TXT_PATH, llms_txt(site, parts.llms_items).encode()),
        ),
        produce(
            INDEX_JSON_PATH,
            everything,
            lambda: OutputFile(INDEX_JSON_PATH, index_json(site, parts.json_records).encode()),
        ),
    ]
    yield from outputs
    copies = list(_feed_copies(site, outputs))
    yield from copies
    taken = {file.path for file in [*pages, *outputs, *copies]}
    for redirect in collect_redirects(site, taken):
        page = site.page(redirect.source)
        target = site.config.absolute_url(redirect.target)
        title = page.title if page else target
        yield renderer.render(
            "redirect.html",
            redirect.path,
            target=target,
            target_path=site.config.site_url(redirect.target),
            title=title,
        )


Produce = Callable[[str, object, Callable[[], OutputFile]], OutputFile]


def _sitemap(site: Site, renderer: PageRenderer, parts: ListingParts) -> OutputFile:
    entries = sitemap_entries(site, parts.sitemap_entries)
    return renderer.render("sitemap.xml", SITEMAP_PATH, entries=entries)


def _feed_files(site: Site, renderer: PageRenderer, produce: Produce) -> list[OutputFile]:
    """Atom and RSS for the site, each course and each tag; each feed made once if at all."""

    def content_of(page: Post | Chapter) -> str:
        return str(renderer.body(page))

    feeds = FeedBuilder(site, content_of)
    outputs: list[OutputFile] = []
    for page_url, listed, make_feed in _feed_sources(site, feeds):
        made = functools.cache(make_feed)
        for kind in FEED_KINDS:
            path = feed_path(page_url, kind, site.config.feeds)
            template = f"{kind}.xml"
            make = partial(_feed_file, renderer, template, path, made)
            outputs.append(produce(path, listed, make))
    return outputs


def _feed_file(
    renderer: PageRenderer, template: str, path: str, feed: Callable[[], Feed]
) -> OutputFile:
    return renderer.render(template, path, feed=feed())


def _make_now(path: str, inputs: object, make: Callable[[], OutputFile]) -> OutputFile:
    return make()


def _feed_sources(site: Site, feeds: FeedBuilder) -> list[tuple[str, object, Callable[[], Feed]]]:
    """Each feed: the page it follows, the values it is made from, and how to make it."""
    limit = site.config.feed_limit
    sources: list[tuple[str, object, Callable[[], Feed]]] = [
        ("/", site.posts[:limit], feeds.site_feed)
    ]
    newest = site_dates(site)  # undated chapters take the site's newest date (see `dates`)
    for course in site.courses:
        chapters = tuple(site.chapters[key] for key in course.chapters)
        listed = (course, chapters, newest)
        sources.append((course.url, listed, partial(feeds.course_feed, course)))
    for tag in site.tags:
        posts = tuple(site.posts_by_key[key] for key in tag.posts[:limit])
        sources.append((tag.url, (tag, posts), partial(feeds.tag_feed, tag)))
    return sources


def _feed_copies(site: Site, outputs: Sequence[OutputFile]) -> Iterator[OutputFile]:
    """``feed_aliases``: each old feed address gets the bytes of the feed it names."""
    by_path = {file.path: file for file in outputs}
    site_atom, site_rss = (feed_path("/", kind, site.config.feeds) for kind in FEED_KINDS)
    errors: list[WrenError] = []
    for old, new, line in site.config.feed_aliases:
        where = SourceLocation(CONFIG_FILE, line)
        feed = by_path.get(new.strip("/"))
        if feed is None or not new.endswith(".xml"):
            errors.append(
                ConfigError(
                    f"feed_aliases: {new} is not a feed of this site",
                    where,
                    hint=f"name a feed such as /{site_atom}, /{site_rss} or /tags/NAME/{site_atom}",
                )
            )
            continue
        try:
            yield OutputFile(unquote(old).strip("/"), feed.data, feed.source)
        except ValueError:
            errors.append(ConfigError(f"feed_aliases: {old} is not a path in the site", where))
    ErrorGroup.raise_if_any(errors)
