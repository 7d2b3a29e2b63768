"""Views: what templates may read of the site, and so what a page's fingerprint hashes.

Templates never see the model (``Post``, ``Chapter``, ``Site``): they see these frozen
views, whose field names are the model's, so templates written for the model keep working.
A view's fields are the one definition of what a template can read, and the page cache
hashes a view by exactly those fields (``fingerprint.Fingerprinter`` hashes every compared
field of a dataclass). What a template shows and what decides whether a page is rendered
again therefore cannot drift apart.

- ``PostPage`` and ``ChapterPage``: the page being rendered, with its body.
- ``StandalonePage``: a standalone page (``content/pages/``) being rendered, with its body.
- ``PostEntry``, ``ChapterEntry`` and ``StandaloneEntry``: a page as other pages list it
  (neighbours, listings, ``site.posts``, ``site.pages``): everything but the body.
- ``SiteView``: what every template sees as ``site``. Its ``LISTING`` fields (every post's
  and chapter's entry) are hashed into every page only when some template can read them
  (``reads_listings``); the default theme lists posts from values passed to each page.

Courses, tags, pagers and settings are plain frozen values already; templates see them as
they are, and they are hashed whole.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import jinja2
import jinja2.nodes

from wren.config import SiteConfig
from wren.pipeline.assemble import Chapter, Course, Page, Post, Site, Tag, TagRef
from wren.pipeline.markdown import RenderedBody

__all__ = [
    "LISTING",
    "ChapterEntry",
    "ChapterPage",
    "PostEntry",
    "PostPage",
    "SiteView",
    "StandaloneEntry",
    "StandalonePage",
    "ViewMaker",
    "reads_listings",
    "view_of",
    "visible_site",
]

LISTING = {"listing": True}  # field metadata: every page's listing of every post or chapter


@dataclass(frozen=True, slots=True)
class PostEntry:
    """A post as other pages list it: everything a template may read but its body."""

    key: str
    slug: str
    url: str
    title: str
    date: dt.datetime
    updated: dt.datetime | None
    description: str | None
    summary: str
    tags: tuple[TagRef, ...]
    draft: bool
    reading_minutes: int
    aliases: tuple[str, ...]
    feed_id: str | None  # the id of its feed entries, when the front matter pins one
    extra: Mapping[str, Any]
    previous: str | None  # the key of the next older post
    next: str | None  # the key of the next newer post


@dataclass(frozen=True, slots=True)
class PostPage(PostEntry):
    """The post a page is about."""

    body: RenderedBody


@dataclass(frozen=True, slots=True)
class ChapterEntry:
    """A chapter as other pages list it: everything a template may read but its body."""

    key: str
    course: str  # the course's key
    number: int
    slug: str
    url: str
    title: str
    description: str | None
    summary: str
    draft: bool
    reading_minutes: int
    updated: dt.datetime | None
    aliases: tuple[str, ...]
    feed_id: str | None
    extra: Mapping[str, Any]
    previous: str | None
    next: str | None
    date: dt.datetime | None


@dataclass(frozen=True, slots=True)
class ChapterPage(ChapterEntry):
    """The chapter a page is about."""

    body: RenderedBody


@dataclass(frozen=True, slots=True)
class StandaloneEntry:
    """A standalone page as other pages may list it: everything but its body."""

    key: str
    slug: str
    url: str
    title: str
    description: str | None
    summary: str
    draft: bool
    updated: dt.datetime | None
    aliases: tuple[str, ...]
    extra: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class StandalonePage(StandaloneEntry):
    """The standalone page a page is about."""

    body: RenderedBody


@dataclass(frozen=True, slots=True)
class SiteView:
    """What every template sees as ``site``."""

    config: SiteConfig
    courses: tuple[Course, ...]
    tags: tuple[Tag, ...]
    chapter_count: int
    url_by_source: Mapping[str, str]  # source links in bodies resolve through it
    posts: tuple[PostEntry, ...] = field(metadata=LISTING)  # newest first
    chapters: Mapping[str, ChapterEntry] = field(metadata=LISTING)
    scheduled: tuple[PostEntry, ...] = field(metadata=LISTING)  # future posts left out
    pages: tuple[StandaloneEntry, ...] = field(default=(), metadata=LISTING)  # by URL
    # Derived from ``posts``, so neither compared nor hashed.
    posts_by_key: Mapping[str, PostEntry] = field(init=False, compare=False, metadata=LISTING)

    def __post_init__(self) -> None:
        object.__setattr__(self, "posts_by_key", {p.key: p for p in self.posts})

    def page(self, key: str) -> PostEntry | ChapterEntry | StandaloneEntry | None:
        found = self.posts_by_key.get(key) or self.chapters.get(key)
        return found or next((page for page in self.pages if page.key == key), None)


# What templates may read of ``site`` without reading the listings.
_SHAPE_ATTRIBUTES = frozenset(
    f.name for f in dataclasses.fields(SiteView) if not f.metadata.get("listing")
)
# Globals through which a template reaches the listings without naming ``site``.
_LISTING_GLOBALS = frozenset({"page_of"})


def visible_site(view: SiteView, listings: bool) -> tuple[object, ...]:
    """The values of ``view`` every page's fingerprint covers: all of them when templates
    read the listings, else all but the ``LISTING`` fields."""
    return tuple(
        getattr(view, f.name)
        for f in dataclasses.fields(view)
        if f.compare and (listings or not f.metadata.get("listing"))
    )


def reads_listings(env: jinja2.Environment) -> bool:
    """Whether any template the environment can load may read ``site``'s listings.

    Conservative: any use of ``site`` other than ``site.<shape attribute>`` (such as
    ``site.posts``, ``site['posts']`` or ``{% set s = site %}``) counts as reading them, and
    so does a template that does not parse.
    """
    loader = env.loader
    assert loader is not None
    return any(
        _source_reads_listings(loader.get_source(env, name)[0]) for name in loader.list_templates()
    )


@functools.lru_cache(maxsize=256)
def _source_reads_listings(source: str) -> bool:
    if "site" not in source and not any(name in source for name in _LISTING_GLOBALS):
        return False  # most templates: no need to parse them
    try:
        tree = jinja2.Environment().parse(source)
    except jinja2.TemplateSyntaxError:
        return True
    return _reads_listings(tree)


def _reads_listings(tree: jinja2.nodes.Template) -> bool:
    names = [n for n in tree.find_all(jinja2.nodes.Name) if n.ctx == "load"]
    if any(n.name in _LISTING_GLOBALS for n in names):
        return True
    uses = sum(1 for n in names if n.name == "site")
    safe = sum(
        1
        for node in tree.find_all(jinja2.nodes.Getattr)
        if isinstance(node.node, jinja2.nodes.Name)
        and node.node.name == "site"
        and node.attr in _SHAPE_ATTRIBUTES
    )
    return uses > safe


View = TypeVar("View")


def view_of(kind: type[View], model: object) -> View:
    """A view of ``model``: the model's values of the view's fields, by name."""
    names = [f.name for f in dataclasses.fields(cast(Any, kind)) if f.init]
    return kind(**{name: getattr(model, name) for name in names})


Same = Callable[[object, object], bool]


class ViewMaker:
    """Makes the views of one build's model, and remembers them for the next build.

    A model object that did not change between builds is the same object (assemble reuses
    it), and gets the same view object, whose digest the fingerprinter remembers. With
    ``same`` (true when two views hash alike), an edited page whose entry reads as before
    (its body changed, not its title, summary or dates) keeps its entry object too, so the
    listings and neighbours that show it are known unchanged at a glance.
    """

    def __init__(self, same: Same | None = None) -> None:
        self._same = same
        self._previous: dict[tuple[int, type], tuple[object, object]] = {}
        self._current: dict[tuple[int, type], tuple[object, object]] = {}
        # The last build's views by page key and kind, made when a new view wants them.
        self._by_key: dict[tuple[object, type], object] | None = None
        self._site: tuple[Site, SiteView] | None = None
        self._earlier_values: dict[str, object] = {}
        self._values: dict[str, object] = {}

    def site(self, site: Site) -> SiteView:
        """The view of ``site``; the first call for a new site starts a new build."""
        if self._site is not None and self._site[0] is site:
            return self._site[1]
        self._previous, self._current = self._current, {}
        self._earlier_values, self._values = self._values, {}
        self._by_key = None
        chapters = {key: self.chapter_entry(c) for key, c in site.chapters.items()}
        view = SiteView(
            config=site.config,
            courses=site.courses,
            tags=site.tags,
            chapter_count=site.chapter_count,
            url_by_source=site.url_by_source,
            posts=tuple(self.post_entry(p) for p in site.posts),
            chapters=chapters,
            scheduled=tuple(self.post_entry(p) for p in site.scheduled),
            pages=tuple(self._entry(StandaloneEntry, p) for p in site.pages),
        )
        self._site = (site, view)
        return view

    def same(self, key: str, value: View) -> View:
        """``value``, or the equal value the last build gave for ``key`` (that very object),
        so that the page cache sees at a glance that a page's inputs did not change. Only
        for values whose equality means equal content: numbers, text and tuples of them."""
        before = self._values.get(key, self._earlier_values.get(key))
        found = before if type(before) is type(value) and before == value else value
        self._values[key] = found
        return found

    def post_entry(self, post: Post) -> PostEntry:
        return self._entry(PostEntry, post)

    def post_page(self, post: Post) -> PostPage:
        return self._view(PostPage, post)

    def chapter_entry(self, chapter: Chapter) -> ChapterEntry:
        return self._entry(ChapterEntry, chapter)

    def chapter_page(self, chapter: Chapter) -> ChapterPage:
        return self._view(ChapterPage, chapter)

    def standalone_page(self, page: Page) -> StandalonePage:
        return self._view(StandalonePage, page)

    def _view(self, kind: type[View], model: object) -> View:
        key = (id(model), kind)
        found = self._current.get(key) or self._previous.get(key)
        if found is None or found[0] is not model:
            found = (model, view_of(kind, model))
        self._current[key] = found
        view = found[1]
        assert isinstance(view, kind)
        return view

    def _entry(self, kind: type[View], model: Post | Chapter | Page) -> View:
        """The entry of ``model``: the last build's entry of its page when it reads the same."""
        key = (id(model), kind)
        found = self._current.get(key) or self._previous.get(key)
        if found is not None and found[0] is model:
            self._current[key] = found
            return cast(View, found[1])
        view = view_of(kind, model)
        if self._same is not None:
            if self._by_key is None:
                self._by_key = {
                    (getattr(before, "key", None), type(before)): before
                    for _, before in self._previous.values()
                }
            before = self._by_key.get((model.key, kind))
            if before is not None and self._same(before, view):
                view = cast(View, before)
        self._current[key] = (model, view)
        return view
