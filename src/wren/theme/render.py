"""Render: the site model becomes output files through Jinja2 templates.

Templates come from the site's ``templates/`` folder first, then the default theme. They see
views of the model (``views``: ``site``, ``page``, neighbours and listed posts), courses,
tags, pagers and a few helpers, never the pipeline's internals, so a page's fingerprint
covers everything its templates can read. Every value is escaped unless a template marks it
safe; only rendered Markdown bodies are.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import html
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from wren import __version__
from wren.config import NavLink, SiteConfig
from wren.errors import ContentError, SourceLocation, TemplateError
from wren.incremental.fingerprint import Deferred, PageCache
from wren.pipeline.assemble import Chapter, Course, Page, Post, Site, Tag
from wren.pipeline.dates import rfc822, rfc3339
from wren.pipeline.markdown import SOURCE_LINK_PREFIX
from wren.pipeline.summary import cut_summary
from wren.pipeline.urls import (
    ARCHIVE_URL,
    COURSES_URL,
    SEARCH_URL,
    TAGS_URL,
    FeedKind,
    feed_path,
    page_folder,
    page_path,
)
from wren.pipeline.views import ChapterEntry, PostEntry, SiteView, ViewMaker
from wren.pipeline.write import OutputFile
from wren.theme.metadata import PageMetadata
from wren.theme.pagination import Pager, paginate

__all__ = [
    "OutputFile",
    "PageRenderer",
    "compile_templates",
    "count_line",
    "render_site",
    "template_globals",
]

THEME_DIR = Path(__file__).parent.parent / "themes" / "default"
_SOURCE_LINK = re.compile(
    r'(href|src)="' + re.escape(SOURCE_LINK_PREFIX) + r'([^"#?]*)([?#][^"]*)?"'
)


# Characters a URL path may hold as they are; a space and the like are percent-encoded.
_URL_SAFE = "/!$&'()*+,;=:@-._~%"


@dataclass(frozen=True, slots=True)
class PendingPage:
    """A page to render: ``make`` renders it; its fingerprint goes to the page cache."""

    path: str
    fingerprint: bytes | None
    make: Callable[[], OutputFile]


def count_line(posts: int, chapters: int) -> str:
    """``130 posts · 12 course chapters``, with singulars where the count is one."""
    post_word = "post" if posts == 1 else "posts"
    chapter_word = "course chapter" if chapters == 1 else "course chapters"
    return f"{posts:,} {post_word} · {chapters:,} {chapter_word}"


def make_environment(
    site_dir: Path | None, compiled: jinja2.BytecodeCache | None = None
) -> jinja2.Environment:
    """The templates of the site in ``site_dir`` over the default theme's; ``compiled`` keeps
    compiled templates for the next process."""
    loaders: list[jinja2.BaseLoader] = []
    if site_dir is not None:  # the folder may appear later, while the dev server runs
        loaders.append(jinja2.FileSystemLoader(site_dir / "templates"))
    loaders.append(jinja2.FileSystemLoader(THEME_DIR / "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=compiled,
    )
    env.filters["date"] = _format_date
    env.filters["isodate"] = lambda d: d.isoformat()
    env.filters["rfc3339"] = rfc3339
    env.filters["rfc822"] = rfc822
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.filters["cut_summary"] = _cut_summary
    return env


def compile_templates(env: jinja2.Environment) -> None:
    """Compile every template now, so that processes forked later share them; a template
    that does not compile is left to the page that uses it, which reports it."""
    for name in env.list_templates():
        with contextlib.suppress(jinja2.TemplateError, OSError, UnicodeDecodeError):
            env.get_template(name)


@jinja2.pass_context
def _cut_summary(context: jinja2.runtime.Context, text: str) -> str:
    """A summary cut at the site's ``summary_length``, read from the page's own context, so
    that one environment serves every site and build."""
    return cut_summary(text, context["config"].summary_length)


def _format_date(value: dt.datetime) -> str:
    return f"{value:%B} {value.day}, {value.year}"


class PageRenderer:
    """Renders each kind of page of one site with one template environment."""

    def __init__(
        self,
        site: Site,
        env: jinja2.Environment,
        cache: PageCache | None = None,
        pending: list[PendingPage] | None = None,
        views: ViewMaker | None = None,
    ) -> None:
        self.site = site
        self.env = env
        self.cache = cache
        self.pending = pending  # when given, pages to render are listed here, not rendered
        self.metadata = PageMetadata(site)
        self.views = views or ViewMaker()
        self.view = view = self.views.site(site)
        self.globals = template_globals(view)
        self.globals["entry"] = self.entry
        self._templates: frozenset[str] | None = None  # every template's name, when needed

    def render(self, template_name: str, out_path: str, **context: Any) -> OutputFile:
        """Render one template to one output file; TemplateError names the template's line.

        With a page cache, a page whose inputs did not change since the last build is taken
        from there instead. ``Deferred`` values are computed only when the page is rendered.
        """
        fingerprint = None
        if self.cache is not None:
            fingerprint = self.cache.fingerprint(template_name, out_path, context)
            reused = self.cache.lookup(out_path, fingerprint) if fingerprint else None
            if reused is not None:
                return reused

        def make() -> OutputFile:
            values = {k: v.compute() if isinstance(v, Deferred) else v for k, v in context.items()}
            return self._render(template_name, out_path, values)

        if self.pending is not None:
            self.pending.append(PendingPage(out_path, fingerprint, make))
            return OutputFile(out_path)  # stands in until the pending page is made
        file = make()
        if self.cache is not None and fingerprint is not None:
            self.cache.store(fingerprint, file)
        return file

    def _render(self, template_name: str, out_path: str, context: dict[str, Any]) -> OutputFile:
        text = self._render_text(template_name, {"output_path": out_path, **context})
        return OutputFile(out_path, text.encode())

    def _render_text(self, template_name: str, context: dict[str, Any]) -> str:
        try:
            template = self.env.get_template(template_name)
            text = template.render(**self.globals, **context)
        except jinja2.TemplateSyntaxError as error:
            where = SourceLocation(f"templates/{error.name or template_name}", error.lineno)
            raise TemplateError(f"template syntax error: {error.message}", where) from None
        except jinja2.TemplateError as error:
            name, line = _failing_template(error, template_name)
            raise TemplateError(
                f"template error: {error}", SourceLocation(f"templates/{name}", line)
            ) from None
        except RecursionError:
            raise TemplateError(
                "template error: templates include or extend each other without end",
                SourceLocation(f"templates/{template_name}"),
                hint="look for an {% include %} or {% extends %} that leads back to itself",
            ) from None
        except (ArithmeticError, LookupError, TypeError, ValueError, OSError) as error:
            name, line = _failing_template(error, template_name)
            raise TemplateError(
                f"template error: {type(error).__name__}: {error}",
                SourceLocation(f"templates/{name}", line),
            ) from None
        return text

    def entry(self, post: PostEntry, heading: str = "h3") -> Markup:
        """One post as listing pages show it (template ``entry.html``), made once per post."""

        def make() -> str:
            return self._render_text("entry.html", {"post": post, "heading": heading})

        if self.cache is None:
            return Markup(make())
        return Markup(self.cache.fragment(("entry", post, heading), make))

    def body(self, page: Post | Chapter | Course | Page) -> Markup:
        rendered = page.intro if isinstance(page, Course) else page.body
        if rendered is None:
            return Markup("")
        text = rendered.html
        if SOURCE_LINK_PREFIX in text:
            source = page.source if isinstance(page, Course) else page.key
            text = _SOURCE_LINK.sub(lambda m: self._resolve(m, source), text)
        return Markup(text)

    def _resolve(self, match: re.Match[str], source: str) -> str:
        attr, target, fragment = match.group(1), match.group(2), match.group(3) or ""
        url = self.site.url_by_source.get(html.unescape(target))
        if url is None:  # a broken link: keep what the author wrote; `wren check` reports it
            relative = posixpath.relpath(html.unescape(target), posixpath.dirname(source))
            return f'{attr}="{html.escape(quote(relative, safe=_URL_SAFE))}{fragment}"'
        return f'{attr}="{html.escape(self.site.config.site_url(url))}{fragment}"'

    def index(self, pager: Pager) -> OutputFile:
        pager = self.views.same(pager.url, pager)
        years: dict[int, list[PostEntry]] = {}
        for key in pager.items:
            post = self.view.posts_by_key[key]
            years.setdefault(post.date.year, []).append(post)
        return self.render(
            "index.html",
            page_path(pager.url),
            years=list(years.items()),
            pager=pager,
            meta=Deferred(lambda: self.metadata.front(pager)),
        )

    def post(self, post: Post) -> OutputFile:
        path, page = page_path(post.url), self.views.post_page(post)
        previous, next_entry = self._post_entry(post.previous), self._post_entry(post.next)
        if self.cache is not None:  # the page's every input is one of these frozen views
            kept = self.cache.unchanged(path, "post.html", (page, previous, next_entry))
            if kept is not None:
                return kept
        return self.render(
            "post.html",
            path,
            page=page,
            body=Deferred(lambda: self.body(post)),
            meta=Deferred(lambda: self.metadata.post(post)),
            previous=previous,
            next=next_entry,
        )

    def _post_entry(self, key: str | None) -> PostEntry | None:
        return self.view.posts_by_key.get(key or "")

    def _chapter_entry(self, key: str | None) -> ChapterEntry | None:
        return self.view.chapters.get(key or "")

    def course(self, course: Course) -> OutputFile:
        chapters = [self.view.chapters[key] for key in course.chapters]
        return self.render(
            "course.html",
            page_path(course.url),
            course=course,
            chapters=chapters,
            body=Deferred(lambda: self.body(course)),
            meta=Deferred(lambda: self.metadata.course(course)),
        )

    def chapter(self, chapter: Chapter) -> OutputFile:
        course = next(c for c in self.site.courses if c.key == chapter.course)
        return self.render(
            "chapter.html",
            page_path(chapter.url),
            page=self.views.chapter_page(chapter),
            course=course,
            body=Deferred(lambda: self.body(chapter)),
            meta=Deferred(lambda: self.metadata.chapter(chapter, course)),
            previous=self._chapter_entry(chapter.previous),
            next=self._chapter_entry(chapter.next),
            chapters=[self.view.chapters[key] for key in course.chapters],
        )

    def standalone(self, page: Page) -> OutputFile:
        """A standalone page (``content/pages/``), with its own template if it names one."""
        if page.template not in self._template_names():
            raise ContentError(
                f"the template `{page.template}` is in neither templates/ nor the theme",
                SourceLocation(page.key),
                hint=f"add templates/{page.template}, or remove `template` to use page.html",
            )
        return self.render(
            page.template,
            page_path(page.url),
            page=self.views.standalone_page(page),
            body=Deferred(lambda: self.body(page)),
            meta=Deferred(lambda: self.metadata.standalone(page)),
        )

    def _template_names(self) -> frozenset[str]:
        if self._templates is None:
            self._templates = frozenset(self.env.list_templates())
        return self._templates

    def tag_index(self) -> OutputFile:
        meta = self.metadata.page("Tags", TAGS_URL, f"Every tag of {self.site.config.title}")
        return self.render("tags.html", page_path(TAGS_URL), meta=meta)

    def tag(self, tag: Tag, pager: Pager) -> OutputFile:
        pager = self.views.same(pager.url, pager)
        posts = [self.view.posts_by_key[key] for key in pager.items]
        return self.render(
            "tag.html",
            page_path(pager.url),
            tag=tag,
            posts=posts,
            pager=pager,
            meta=Deferred(lambda: self.metadata.tag(tag, pager)),
        )

    def archive(self) -> OutputFile:
        """``/posts/``: every post, newest first, by year."""
        path = page_path(ARCHIVE_URL)
        if self.cache is not None:  # the page is made from the posts' entries alone
            kept = self.cache.unchanged(path, "posts.html", (self.view.posts,))
            if kept is not None:
                return kept
        years: dict[int, list[PostEntry]] = {}
        for post in self.site.posts:
            years.setdefault(post.date.year, []).append(self.view.posts_by_key[post.key])
        title = self.site.config.title
        meta = self.metadata.page("Posts", ARCHIVE_URL, f"Every post of {title}, by year")
        return self.render(
            "posts.html",
            path,
            years=list(years.items()),
            count=len(self.site.posts),
            meta=meta,
        )

    def course_index(self) -> OutputFile:
        """``/courses/``: every course."""
        title = self.site.config.title
        meta = self.metadata.page("Courses", COURSES_URL, f"Every course of {title}")
        return self.render("courses.html", page_path(COURSES_URL), meta=meta)

    def search(self) -> OutputFile:
        meta = self.metadata.page("Search", SEARCH_URL, f"Search {self.site.config.title}")
        return self.render("search.html", page_path(SEARCH_URL), meta=meta)

    def not_found(self) -> OutputFile:
        return self.render(
            "404.html",
            "404.html",
            meta=Deferred(lambda: self.metadata.page("Page not found", None)),
        )


def feed_url(config: SiteConfig, page_url: str, kind: FeedKind = "atom") -> str:
    """The link to the ``kind`` feed of the page at ``page_url`` (``feed_url(tag.url)``)."""
    return config.site_url(feed_path(page_url, kind, config.feeds))


def template_globals(view: SiteView) -> dict[str, Any]:
    """What every template sees besides its page's values: all derived from ``view``."""
    config = view.config
    return {
        "site": view,
        "config": config,
        "url": config.site_url,
        "absolute_url": config.absolute_url,
        "feed_url": functools.partial(feed_url, config),
        "count_line": count_line(len(view.posts), view.chapter_count),
        "wren_version": __version__,
        "page_of": view.page,
        "nav_current": nav_current,
    }


def nav_current(link: NavLink, output_path: str) -> str:
    """The ``aria-current`` of a nav entry on the page written to ``output_path``: ``page``
    on the entry's own page, ``true`` on the pages below its URL, else empty.

    >>> about, posts = NavLink("About", "/about/"), NavLink("Posts", "/posts/")
    >>> nav_current(about, "about/index.html"), nav_current(posts, "posts/x/index.html")
    ('page', 'true')
    >>> nav_current(NavLink("Home", "/"), "posts/x/index.html")
    ''
    """
    if link.external:
        return ""
    if output_path == page_path(link.url):
        return "page"
    folder = page_folder(link.url)
    return "true" if folder and output_path.startswith(folder + "/") else ""


def render_site(
    site: Site,
    env: jinja2.Environment,
    cache: PageCache | None = None,
    pending: list[PendingPage] | None = None,
    views: ViewMaker | None = None,
) -> Iterator[OutputFile]:
    """Every page of the site, in a fixed order.

    With ``pending``, pages not taken from the cache are listed there to be made later
    (perhaps in several processes), and stand-ins without data are yielded for them.
    """
    renderer = PageRenderer(site, env, cache, pending, views)
    per_page = site.config.paginate
    for post in site.posts:
        yield renderer.post(post)
    for course in site.courses:
        yield renderer.course(course)
        for key in course.chapters:
            yield renderer.chapter(site.chapters[key])
    for page in site.pages:
        yield renderer.standalone(page)
    for tag in site.tags:
        for pager in paginate(tag.posts, per_page, tag.url):
            yield renderer.tag(tag, pager)
    for pager in paginate([post.key for post in site.posts], per_page, "/"):
        yield renderer.index(pager)
    yield renderer.tag_index()
    yield renderer.archive()
    if site.courses:
        yield renderer.course_index()
    if site.config.search:
        yield renderer.search()
    yield renderer.not_found()


def _failing_template(error: Exception, template_name: str) -> tuple[str, int | None]:
    """The innermost template running when ``error`` was raised (an include, perhaps)."""
    found: tuple[str, int | None] = (template_name, None)
    traceback = error.__traceback__
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if "/templates/" in filename and not filename.endswith(".py"):
            found = (filename.rsplit("/templates/", 1)[1], traceback.tb_lineno)
        traceback = traceback.tb_next
    return found
