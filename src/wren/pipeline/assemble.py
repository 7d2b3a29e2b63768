"""Assemble: parsed documents become the site model (posts, courses, chapters, tags).

Pages refer to one another by key (the source path), never by object: ``Post.previous`` is
the key of the older post. URLs are claimed here, and two files that claim one URL fail the
build with an error naming both.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from wren.config import SiteConfig
from wren.errors import ContentError, Diagnostic, ErrorGroup, SourceLocation, WrenError
from wren.pipeline.discover import SourceKind, markdown_stem
from wren.pipeline.frontmatter import ChapterMeta, CourseMeta, PostMeta
from wren.pipeline.markdown import RenderedBody
from wren.pipeline.pages import Page, make_pages
from wren.pipeline.parse import Document
from wren.pipeline.repeats import repeated_titles
from wren.pipeline.slug import number_prefix, slug_from_filename, slugify, tag_slug
from wren.pipeline.summary import reading_minutes
from wren.pipeline.urls import (
    ARCHIVE_URL,
    COURSES_URL,
    TAGS_URL,
    chapter_url,
    course_url,
    post_url,
    tag_url,
)

__all__ = [
    "AssembleOptions",
    "Chapter",
    "Course",
    "Page",
    "Post",
    "Site",
    "Tag",
    "TagRef",
    "assemble_site",
    "post_slug",
    "post_url_of",
]


@dataclass(frozen=True, slots=True)
class AssembleOptions:
    include_drafts: bool = False
    include_future: bool = False
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    # Posts that share a title: one published twice stops the build (``duplicate_posts``),
    # others are warnings. ``wren check`` turns this off and reports them (with
    # near-duplicates) itself.
    refuse_repeated_titles: bool = True


@dataclass(frozen=True, slots=True)
class TagRef:
    name: str
    slug: str
    url: str


@dataclass(frozen=True, slots=True)
class Post:
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
    body: RenderedBody
    aliases: tuple[str, ...]
    extra: Mapping[str, Any]
    bundle_dir: str | None  # the folder of an ``index.md`` post, whose files are copied beside it
    previous: str | None = None  # the next older post
    next: str | None = None  # the next newer post
    source_key: str = ""  # content hash of the source file
    feed_id: str | None = None  # the feed entry's id, pinned by the front matter


@dataclass(frozen=True, slots=True)
class Chapter:
    key: str
    course: str
    number: int
    slug: str
    url: str
    title: str
    description: str | None
    summary: str
    draft: bool
    reading_minutes: int
    body: RenderedBody
    updated: dt.datetime | None
    aliases: tuple[str, ...]
    extra: Mapping[str, Any]
    previous: str | None = None
    next: str | None = None
    date: dt.datetime | None = None  # optional for chapters: when it was published
    source_key: str = ""  # content hash of the source file
    feed_id: str | None = None  # the feed entry's id, pinned by the front matter


@dataclass(frozen=True, slots=True)
class Course:
    key: str  # the course folder name
    slug: str
    url: str
    title: str
    description: str | None
    intro: RenderedBody | None
    chapters: tuple[str, ...]  # chapter keys in reading order
    reading_minutes: int
    source: str  # the `_index.md`, or the folder when there is none


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    slug: str
    url: str
    posts: tuple[str, ...]  # post keys, newest first


@dataclass(frozen=True, slots=True)
class Site:
    config: SiteConfig
    posts: tuple[Post, ...]  # newest first
    courses: tuple[Course, ...]
    chapters: Mapping[str, Chapter]
    tags: tuple[Tag, ...]
    posts_by_key: Mapping[str, Post]
    url_by_source: Mapping[str, str]
    scheduled: tuple[Post, ...] = ()  # future posts left out of this build
    warnings: tuple[Diagnostic, ...] = ()  # such as two posts that share a title
    pages: tuple[Page, ...] = ()  # standalone pages, by URL

    @property
    def chapter_count(self) -> int:
        return sum(len(course.chapters) for course in self.courses)

    def page(self, key: str) -> Post | Chapter | Page | None:
        found = self.posts_by_key.get(key) or self.chapters.get(key)
        return found or next((page for page in self.pages if page.key == key), None)


def assemble_site(
    documents: Sequence[Document],
    config: SiteConfig,
    options: AssembleOptions,
    previous: Site | None = None,
) -> Site:
    """Build the site model; raise every URL clash and course problem at once.

    Given the previous build's site, a post whose source and settings did not change is
    taken from it as it was (same object), which keeps rebuilds of large sites cheap.
    """
    documents = _settle_unknown_keys(documents, config)
    visible = [d for d in documents if options.include_drafts or not d.meta.draft]
    reusable = previous.posts_by_key if previous and previous.config == config else {}
    all_posts = [
        _reused(reusable.get(d.rel), d) or _make_post(d, config)
        for d in visible
        if isinstance(d.meta, PostMeta)
    ]
    scheduled = tuple(p for p in all_posts if not options.include_future and p.date > options.now)
    scheduled_keys = {p.key for p in scheduled}
    posts = _link_posts(
        sorted(
            (p for p in all_posts if p.key not in scheduled_keys),
            key=lambda p: (p.date, p.key),
            reverse=True,
        )
    )
    warnings: list[Diagnostic] = []
    if options.refuse_repeated_titles:
        warnings = repeated_titles(posts, config.duplicate_posts)
    courses, chapters = _make_courses(documents, visible, config, options)
    tags = _same_tags(_collect_tags(posts, config), previous.tags if previous else ())
    pages = make_pages(visible, config)
    _check_urls([*posts, *pages], courses, chapters.values(), tags)
    _check_feed_ids([*posts, *chapters.values()])
    urls = {p.key: p.url for p in posts}
    urls.update({c.key: c.url for c in chapters.values()})
    urls.update({c.source: c.url for c in courses})
    urls.update({p.key: p.url for p in pages})
    # The same object when no URL changed, so that what is made from it is known unchanged
    # at a glance (the page cache hashes it once, not on every edit).
    same = previous is not None and previous.url_by_source == urls
    url_by_source = previous.url_by_source if previous is not None and same else urls
    return Site(
        config=config,
        posts=tuple(posts),
        courses=tuple(courses),
        chapters=chapters,
        tags=tags,
        posts_by_key={p.key: p for p in posts},
        url_by_source=url_by_source,
        scheduled=scheduled,
        warnings=tuple(warnings),
        pages=tuple(pages),
    )


def _settle_unknown_keys(documents: Sequence[Document], config: SiteConfig) -> list[Document]:
    """Front matter keys no field has: every one an error, or kept in ``extra`` (by the
    site's ``unknown_front_matter``), so a blog from another tool builds as it is."""
    if config.unknown_front_matter == "error":
        ErrorGroup.raise_if_any(
            ContentError(
                f"unknown front matter key `{key.name}`",
                SourceLocation(d.rel, key.line),
                key.hint + '; or set unknown_front_matter = "extra" in site.toml',
            )
            for d in documents
            for key in d.meta.unknown
        )
        return list(documents)
    settled = []
    for d in documents:
        if d.meta.unknown:
            kept = {key.name: key.value for key in d.meta.unknown}
            meta = replace(d.meta, extra={**kept, **d.meta.extra}, unknown=())
            d = replace(d, meta=meta)
        settled.append(d)
    return settled


def _summary(description: str | None, body: RenderedBody) -> str:
    return description if description else body.first_paragraph


def post_slug(rel: str, meta: PostMeta) -> str:
    """The slug of the post at *rel*: its ``slug`` as written, else its file or bundle name
    (slugified, without a leading date)."""
    parts = rel.split("/")
    stem = markdown_stem(parts[-1])
    if stem == "index" and len(parts) > 3:
        stem = parts[-2]
    return meta.slug if meta.slug else slug_from_filename(stem)


def post_url_of(rel: str, meta: PostMeta, config: SiteConfig) -> str:
    """The URL of the post at *rel*, by the site's ``posts`` permalink."""
    return post_url(config.permalinks, post_slug(rel, meta), meta.date, slugify(meta.title))


def _make_post(document: Document, config: SiteConfig) -> Post:
    meta = document.meta
    assert isinstance(meta, PostMeta)
    parts = document.rel.split("/")
    bundle = markdown_stem(parts[-1]) == "index" and len(parts) > 3
    slug = post_slug(document.rel, meta)
    if not slug:
        raise ContentError("the slug is empty", SourceLocation(document.rel, 1))
    return Post(
        key=document.rel,
        slug=slug,
        url=post_url_of(document.rel, meta, config),
        title=meta.title,
        date=meta.date,
        updated=meta.updated,
        description=meta.description,
        summary=_summary(meta.description, document.body),
        tags=_tag_refs(meta.tags, document.rel, config),
        draft=meta.draft,
        reading_minutes=reading_minutes(document.body.word_count, config.words_per_minute),
        body=document.body,
        aliases=meta.aliases,
        extra=meta.extra,
        bundle_dir="/".join(parts[:-1]) if bundle else None,
        source_key=document.source_key,
        feed_id=meta.feed_id,
    )


def _reused(post: Post | None, document: Document) -> Post | None:
    if post is not None and document.source_key and post.source_key == document.source_key:
        return post
    return None


def _link_posts(posts: list[Post]) -> list[Post]:
    """Set previous (older) and next (newer) keys; posts are newest first."""
    linked = []
    for index, post in enumerate(posts):
        newer = posts[index - 1].key if index > 0 else None
        older = posts[index + 1].key if index + 1 < len(posts) else None
        if (post.previous, post.next) != (older, newer):
            post = replace(post, previous=older, next=newer)
        linked.append(post)
    return linked


def _make_courses(
    documents: Sequence[Document],
    visible: Sequence[Document],
    config: SiteConfig,
    options: AssembleOptions,
) -> tuple[list[Course], dict[str, Chapter]]:
    names = sorted({d.course for d in documents if d.course})
    courses: list[Course] = []
    chapters: dict[str, Chapter] = {}
    errors: list[WrenError] = []
    for name in names:
        index = next(
            (d for d in documents if d.course == name and d.kind is SourceKind.COURSE), None
        )
        if index is not None and index.meta.draft and not options.include_drafts:
            continue
        docs = [d for d in visible if d.course == name and d.kind is SourceKind.CHAPTER]
        try:
            ordered = _order_chapters(docs)
        except WrenError as error:
            errors.append(error)
            continue
        course, course_chapters = _make_course(name, index, ordered, config)
        courses.append(course)
        chapters.update({c.key: c for c in course_chapters})
    ErrorGroup.raise_if_any(errors)
    courses.sort(key=lambda c: (c.title.casefold(), c.key))
    return courses, chapters


def _order_chapters(docs: Sequence[Document]) -> list[Document]:
    def position(doc: Document) -> tuple[int, str]:
        assert isinstance(doc.meta, ChapterMeta)
        stem = markdown_stem(doc.rel.rsplit("/", 1)[-1])
        order = doc.meta.order if doc.meta.order is not None else number_prefix(stem)
        if order is None:
            raise ContentError(
                "a chapter needs a number: name it `NN-name.md` or set `order`",
                SourceLocation(doc.rel, 1),
            )
        return order, doc.rel

    return sorted(docs, key=position)


def _make_course(
    name: str, index: Document | None, docs: Sequence[Document], config: SiteConfig
) -> tuple[Course, list[Chapter]]:
    course_slug = slugify(name)
    made: list[Chapter] = []
    for number, doc in enumerate(docs, start=1):
        meta = doc.meta
        assert isinstance(meta, ChapterMeta)
        stem = markdown_stem(doc.rel.rsplit("/", 1)[-1])
        slug = slug_from_filename(stem, numbered=True)
        url = chapter_url(config.permalinks, course_slug, slug, slugify(meta.title))
        made.append(
            Chapter(
                key=doc.rel,
                course=name,
                number=number,
                slug=slug,
                url=url,
                title=meta.title,
                description=meta.description,
                summary=_summary(meta.description, doc.body),
                draft=meta.draft,
                reading_minutes=reading_minutes(doc.body.word_count, config.words_per_minute),
                body=doc.body,
                updated=meta.updated,
                aliases=meta.aliases,
                extra=meta.extra,
                previous=docs[number - 2].rel if number > 1 else None,
                next=docs[number].rel if number < len(docs) else None,
                date=meta.date,
                source_key=doc.source_key,
                feed_id=meta.feed_id,
            )
        )
    meta = index.meta if index is not None else CourseMeta(title=name.replace("-", " ").title())
    assert isinstance(meta, CourseMeta)
    course = Course(
        key=name,
        slug=course_slug,
        url=course_url(course_slug),
        title=meta.title,
        description=meta.description,
        intro=index.body if index is not None and index.body.html.strip() else None,
        chapters=tuple(c.key for c in made),
        reading_minutes=sum(c.reading_minutes for c in made),
        source=index.rel if index is not None else f"content/courses/{name}",
    )
    return course, made


def _tag_refs(names: Sequence[str], path: str, config: SiteConfig) -> tuple[TagRef, ...]:
    """A post's tags, each slug once; a tag with nothing to make a URL of is an error."""
    refs: dict[str, TagRef] = {}
    for name in names:
        slug = tag_slug(name)
        if not slug:
            raise ContentError(
                f"the tag {name!r} has no letter, digit or emoji to make its URL of",
                SourceLocation(path, 1),
                hint="spell the tag with at least one letter or digit",
            )
        url = tag_url(config.permalinks, slug)
        earlier = refs.setdefault(slug, TagRef(name, slug, url))
        if _tag_key(earlier.name) != _tag_key(name):
            raise ContentError(
                f"the tags {earlier.name!r} and {name!r} both make the URL {url}",
                SourceLocation(path, 1),
                hint="keep one of them, or make one more distinct",
            )
    return tuple(refs.values())


@functools.lru_cache(maxsize=4096)  # asked for every tag of every post on each rebuild
def _tag_key(name: str) -> str:
    """Two spellings of one tag: the same name, case and spacing aside."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _collect_tags(posts: Sequence[Post], config: SiteConfig) -> tuple[Tag, ...]:
    """Tags by slug, of ``posts`` (newest first); two tags spelled differently (case and
    spacing aside) that come to one slug are an error naming both files, never one page for
    both."""
    names: dict[str, str] = {}
    first_file: dict[tuple[str, str], str] = {}
    members: dict[str, list[str]] = {}
    errors: list[WrenError] = []
    for post in reversed(posts):  # oldest first: posts are newest first, by date and key
        for tag in post.tags:
            name = names.get(tag.slug)
            if name is None:
                names[tag.slug] = name = tag.name
                first_file[(tag.slug, _tag_key(name))] = post.key
            if name == tag.name:
                continue  # the spelling of the tag's first post, whose file is known
            first_file.setdefault((tag.slug, _tag_key(tag.name)), post.key)
            if _tag_key(name) != _tag_key(tag.name):
                other = first_file[(tag.slug, _tag_key(name))]
                errors.append(
                    ContentError(
                        f"the tag {tag.name!r} and the tag {name!r} of {other} both make "
                        f"the URL {tag.url}",
                        SourceLocation(post.key, 1),
                        hint="spell both tags the same way, or make one more distinct",
                    )
                )
    ErrorGroup.raise_if_any(errors)
    for post in posts:
        for tag in post.tags:
            members.setdefault(tag.slug, []).append(post.key)
    return tuple(
        Tag(names[slug], slug, tag_url(config.permalinks, slug), tuple(members[slug]))
        for slug in sorted(names, key=lambda s: names[s].casefold())
    )


def _same_tags(tags: tuple[Tag, ...], before: tuple[Tag, ...]) -> tuple[Tag, ...]:
    """``tags``, each equal one taken from the previous build as it was (same object), so
    that what is made from an unchanged tag is recognised as unchanged at a glance."""
    known = {tag.slug: tag for tag in before}
    return tuple(tag if known.get(tag.slug) != tag else known[tag.slug] for tag in tags)


def _check_urls(
    posts: Iterable[Post | Page],
    courses: Sequence[Course],
    chapters: Iterable[Chapter],
    tags: Iterable[Tag],
) -> None:
    """Every URL is claimed once (case aside); each clash is an error naming both claims,
    at the source file among them."""
    reserved = {
        TAGS_URL: "the tag index",
        "/": "the front page",
        "/404.html": "the 404 page",
        ARCHIVE_URL: "the list of posts",
    }
    if courses:
        reserved[COURSES_URL] = "the list of courses"
    claims = [(url, owner, False) for url, owner in reserved.items()]
    claims += [(t.url, f"the tag page of {t.name!r}", False) for t in tags]
    claims += [(p.url, p.key, True) for p in posts]
    claims += [(c.url, c.source, True) for c in courses]
    claims += [(c.url, c.key, True) for c in chapters]
    claimed: dict[str, tuple[str, bool]] = {}
    errors: list[WrenError] = []
    for url, owner, is_file in claims:
        folded = url.casefold()
        if folded not in claimed:
            claimed[folded] = (owner, is_file)
            continue
        other, other_is_file = claimed[folded]
        if other_is_file:
            first, second = sorted((other, owner))
        else:
            first, second = other, owner
        errors.append(
            ContentError(
                f"{second} and {first} both claim the URL {url}",
                SourceLocation(second, 1),
                hint="give one of them a different `slug` or file name, or change the "
                "site's [permalinks]",
            )
        )
    ErrorGroup.raise_if_any(errors)


def _check_feed_ids(pages: Sequence[Post | Chapter]) -> None:
    """Two pages that pin one ``feed_id`` would be one entry to feed readers: an error."""
    first: dict[str, str] = {}
    errors: list[WrenError] = []
    for page in sorted(pages, key=lambda p: p.key):
        if page.feed_id is None:
            continue
        earlier = first.setdefault(page.feed_id, page.key)
        if earlier != page.key:
            errors.append(
                ContentError(
                    f"the feed_id {page.feed_id!r} is also the feed_id of {earlier}",
                    SourceLocation(page.key, 1),
                    hint="each post or chapter needs a feed id of its own; remove one of them",
                )
            )
    ErrorGroup.raise_if_any(errors)
