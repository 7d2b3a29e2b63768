"""A site held open for an agent: documents parsed once and kept while their files stay unchanged.

An agent calls many small tools in a row (list, look for similar posts, create, check).
Parsing a 1,000-post site for each call would cost seconds, so a :class:`Workspace`
keeps every parsed document by path and digest. Each call re-reads only files whose size
or modification time changed (``SourceReader``), takes unchanged files from memory or
from the build cache in ``.wren-cache/``, and parses the rest without highlighting code
(an agent reads text, not colours). Files that fail to parse are kept as errors, so one
broken post never hides the others.

The duplicate guard's :class:`~wren.similarity.index.SimilarityIndex` is kept the same
way: :meth:`Workspace.similarity_index` compares each entry of a snapshot with what the
index holds and puts or removes only the documents that changed, so asking "does this
post exist?" reads one new post, not the whole site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

from wren.config import SiteConfig, load_config
from wren.errors import Diagnostic, ErrorGroup, SourceLocation, WrenError
from wren.incremental.cache import CACHE_DIR, DocumentCache, source_key
from wren.pipeline.assemble import AssembleOptions, Site, assemble_site
from wren.pipeline.discover import SourceFile, SourceKind, SourceReader, classify
from wren.pipeline.frontmatter import PostMeta
from wren.pipeline.highlight import Highlighter
from wren.pipeline.markdown import MarkdownRenderer, RenderedBody
from wren.pipeline.parse import Document, parse_source
from wren.similarity.duplicates import DuplicateCandidate
from wren.similarity.index import SimilarityIndex

__all__ = ["Entry", "Snapshot", "Validated", "Workspace"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One post or chapter as an agent sees it."""

    path: str  # relative to the site, as tools take it back
    kind: str  # "post" or "chapter"
    title: str
    url: str | None  # None when the site does not assemble
    date: dt.datetime | None
    summary: str
    reading_minutes: int
    tags: tuple[str, ...]
    draft: bool
    course: str | None
    text: str  # the body as plain text
    title_line: int


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The site as it is on disk now: its settings, entries, model and the errors found."""

    config: SiteConfig
    entries: tuple[Entry, ...]  # posts oldest first, then chapters in course order
    documents: tuple[Document, ...]
    site: Site | None
    errors: tuple[WrenError, ...]

    def entry(self, path: str) -> Entry | None:
        return next((e for e in self.entries if e.path == path), None)


@dataclass(frozen=True, slots=True)
class Validated:
    """A file checked before it is written: what lint finds in it, and its address."""

    diagnostics: list[Diagnostic]
    url: str | None


class Workspace:
    """One site, re-read incrementally on every :meth:`snapshot`."""

    def __init__(self, site_dir: Path, clock: Callable[[], dt.datetime] | None = None) -> None:
        self.site_dir = site_dir
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._reader = SourceReader(site_dir)
        self._renderer = MarkdownRenderer(highlighter=cast(Highlighter, _no_highlighting))
        self._disk_cache = DocumentCache.load(site_dir / CACHE_DIR)
        self._parsed: dict[str, tuple[str, Document | WrenError]] = {}
        self._site: Site | None = None
        self._texts: dict[str, str] = {}  # plain text by source key
        self._index = SimilarityIndex()
        self._indexed: dict[str, tuple[object, ...]] = {}  # what the index holds, by path

    def now(self) -> dt.datetime:
        return self.clock()

    def snapshot(self) -> Snapshot:
        """Read what changed on disk since the last call, and return the whole site."""
        config = load_config(self.site_dir)
        sources = self._reader.read()
        documents: list[Document] = []
        errors: list[WrenError] = []
        parsed: dict[str, tuple[str, Document | WrenError]] = {}
        for source in sources:
            result = self._parse(source)
            parsed[source.rel] = (source.digest, result)
            if isinstance(result, WrenError):
                errors.append(result)
            else:
                documents.append(result)
        self._parsed = parsed
        site = self._assemble(documents, config, errors)
        self._texts = {d.source_key: self._text(d) for d in documents}
        entries = _entries(documents, site, config, self._texts)
        return Snapshot(config, entries, tuple(documents), site, tuple(errors))

    def similarity_index(self, snap: Snapshot) -> SimilarityIndex:
        """The duplicate guard's index of the snapshot's posts and chapters, brought up to
        date: entries that changed since the last call are put again, gone ones removed."""
        index, indexed = self._index, self._indexed
        current = {entry.path: entry for entry in snap.entries}
        for path in [path for path in indexed if path not in current]:
            index.remove(path)
            del indexed[path]
        for path, entry in current.items():
            seen = (entry.title, entry.text, entry.date, entry.url, entry.title_line)
            if indexed.get(path) != seen:
                index.put(_candidate(entry))
                indexed[path] = seen
        return index

    def render(self, body: str) -> RenderedBody:
        """A Markdown body rendered as the build would, without highlighting."""
        return self._renderer.render(body, "<new>")

    def validate(self, rel: str, text: str, snap: Snapshot) -> Validated:
        """Parse ``text`` as the file ``rel`` and place it in the site as it is.

        Raises the file's errors, and any clash the file would cause (its URL taken); returns
        what ``wren check``'s lint finds in it, and its URL. Posts that did not change are
        taken from the snapshot's site, not made again.
        """
        from wren.check.lint import LintSource, lint_document

        found = classify(rel)
        if found is None:
            raise WrenError(f"{rel} is not a post, chapter or course file")
        document = parse_source(SourceFile(rel, found[0], text, found[1]), self._renderer)
        others = [d for d in snap.documents if d.rel != rel]
        options = AssembleOptions(True, True, self.now(), refuse_repeated_titles=False)
        site = assemble_site([*others, document], snap.config, options, previous=snap.site)
        source = LintSource(document, text, *document.body.references())
        page = site.page(rel)
        return Validated(lint_document(source, snap.config), page.url if page else None)

    def _text(self, document: Document) -> str:
        known = self._texts.get(document.source_key)
        return known if known is not None else document.body.text

    def _parse(self, source: SourceFile) -> Document | WrenError:
        known = self._parsed.get(source.rel)
        if known is not None and source.digest and known[0] == source.digest:
            return known[1]
        try:
            source = self._reader.load(source)
            key = source_key(source)
            cached = self._disk_cache.get(key)
            if cached is not None:
                return cached
            return replace(parse_source(source, self._renderer), source_key=key)
        except WrenError as error:
            return error
        except OSError as error:
            return WrenError(f"cannot read the file: {error.strerror}", hint=source.rel)

    def _assemble(
        self, documents: Sequence[Document], config: SiteConfig, errors: list[WrenError]
    ) -> Site | None:
        options = AssembleOptions(
            include_drafts=True,
            include_future=True,
            now=self.now(),
            refuse_repeated_titles=False,
        )
        try:
            self._site = assemble_site(documents, config, options, previous=self._site)
        except ErrorGroup as group:
            errors.extend(group.errors)
            return None
        except WrenError as error:
            errors.append(error)
            return None
        return self._site


def _no_highlighting(language: str | None, code: str) -> str | None:
    return None


def _entries(
    documents: Sequence[Document],
    site: Site | None,
    config: SiteConfig,
    texts: dict[str, str],
) -> tuple[Entry, ...]:
    from wren.pipeline.summary import reading_minutes

    posts = sorted(
        (d for d in documents if isinstance(d.meta, PostMeta)),
        key=lambda d: (d.meta.date if isinstance(d.meta, PostMeta) else None, d.rel),
    )
    chapters = sorted(
        (d for d in documents if d.kind is SourceKind.CHAPTER),
        key=lambda d: (d.course or "", _chapter_number(site, d.rel), d.rel),
    )
    found = []
    for document in [*posts, *chapters]:
        meta = document.meta
        page = site.page(document.rel) if site is not None else None
        found.append(
            Entry(
                path=document.rel,
                kind="post" if isinstance(meta, PostMeta) else "chapter",
                title=meta.title,
                url=page.url if page is not None else None,
                date=getattr(meta, "date", None),
                summary=page.summary if page is not None else document.body.first_paragraph,
                reading_minutes=reading_minutes(document.body.word_count, config.words_per_minute),
                tags=tuple(getattr(meta, "tags", ())),
                draft=meta.draft,
                course=document.course,
                text=texts[document.source_key],
                title_line=document.title_line,
            )
        )
    return tuple(found)


def _candidate(entry: Entry) -> DuplicateCandidate:
    return DuplicateCandidate(
        SourceLocation(entry.path, entry.title_line),
        entry.title,
        entry.text,
        date=entry.date.isoformat() if entry.date is not None else "",
        url=entry.url or "",
    )


def _chapter_number(site: Site | None, key: str) -> int:
    chapter = site.chapters.get(key) if site is not None else None
    return chapter.number if chapter is not None else 0
