"""The site as ``wren check`` sees it: parsed, assembled and built in memory, never raising.

Each stage runs as far as the content allows. A file that does not parse becomes an error
diagnostic and the other files go on; a site that does not assemble or render still has
its documents linted, compiled and compared, but no pages to check links in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wren.build import Builder, BuildOptions, SiteOutput
from wren.config import SiteConfig
from wren.errors import Diagnostic, ErrorGroup, Severity, SourceLocation, WrenError
from wren.incremental.cache import CACHE_DIR, DocumentCache
from wren.incremental.workers import parse_all
from wren.pipeline.assemble import Site
from wren.pipeline.discover import SourceFile, SourceKind, SourceReader, walk_site_files
from wren.pipeline.frontmatter import PostMeta
from wren.pipeline.markdown import MarkdownRenderer, MarkdownSettings
from wren.pipeline.parse import Document

__all__ = ["LoadOptions", "LoadedSite", "diagnostic_from_error", "load_site"]


@dataclass(frozen=True, slots=True)
class LoadOptions:
    include_drafts: bool = False
    include_future: bool = False
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    jobs: int | None = None
    use_cache: bool = True  # parsed documents from and to SITE/.wren-cache/, as builds do


@dataclass(frozen=True, slots=True)
class LoadedSite:
    """Everything the checks read, and the problems found on the way."""

    site_dir: Path
    config: SiteConfig
    texts: Mapping[str, str]  # the text of every source file, by path
    documents: tuple[Document, ...]  # every file that parsed, in path order
    unparsed: frozenset[str]  # files that did not
    site: Site | None  # None when the site does not assemble
    output: SiteOutput | None  # None when it does not build
    problems: tuple[Diagnostic, ...]
    include_drafts: bool = False
    include_future: bool = False

    @property
    def content(self) -> list[Document]:
        """What will be published: every document but drafts (scheduled posts included)."""
        if self.include_drafts:
            return list(self.documents)
        draft_courses = {
            d.course for d in self.documents if d.kind is SourceKind.COURSE and d.meta.draft
        }
        return [d for d in self.documents if not d.meta.draft and d.course not in draft_courses]

    def why_unpublished(self, path: str) -> str:
        """Why a source path has no page: ``is a draft``, ``does not exist``..."""
        document = next((d for d in self.documents if d.rel == path), None)
        if path in self.unparsed:
            return "has errors, so it has no page"
        if document is None:
            exists = (self.site_dir / path).is_file()
            return "is not a post, chapter, course or page" if exists else "does not exist"
        if document.meta.draft:
            return "is a draft"
        if isinstance(document.meta, PostMeta) and not self.include_future:
            return f"is scheduled for {document.meta.date:%Y-%m-%d}"
        return "is not published"


def diagnostic_from_error(error: WrenError, check: str) -> Diagnostic:
    """A build error as an error diagnostic at its place."""
    location = error.location or SourceLocation("site.toml")
    return Diagnostic(Severity.ERROR, location, error.message, check, error.hint)


def _errors(error: WrenError) -> Sequence[WrenError]:
    return error.errors if isinstance(error, ErrorGroup) else (error,)


def _discover(site_dir: Path) -> tuple[list[SourceFile], list[WrenError], list[Diagnostic]]:
    """Every source that can be read, the errors of those that cannot, and what ``wren build``
    warns of in the site's files: each symlink it skips under content/ and static/, and each
    file under content/ that is not published and is not an asset."""
    reader = SourceReader(site_dir)
    sources = reader.read()
    warnings = list(reader.warnings)
    for _ in walk_site_files(site_dir / "static", site_dir, warnings):
        pass
    return sources, list(reader.errors), warnings


def _parse(
    sources: Sequence[SourceFile],
    cache: DocumentCache,
    jobs: int | None,
    renderer: MarkdownRenderer,
) -> tuple[list[Document], list[WrenError]]:
    """Parse every source (cached ones are reused); when some fail, parse the others again
    without them."""
    try:
        return parse_all(sources, cache, jobs, renderer=renderer), []
    except WrenError as raised:
        errors = list(_errors(raised))
    failed = {e.location.path for e in errors if e.location is not None}
    if not failed:  # errors that name no file: parse the files one by one
        documents: list[Document] = []
        errors = []
        for source in sources:
            try:
                documents += parse_all([source], DocumentCache(), jobs, renderer=renderer)
            except WrenError as raised:
                errors += _errors(raised)
        return documents, errors
    others = [s for s in sources if s.rel not in failed]
    documents, more = _parse(others, cache, jobs, renderer)
    return documents, errors + more


def load_site(site_dir: Path, config: SiteConfig, options: LoadOptions) -> LoadedSite:
    """Parse, assemble and build ``site_dir`` in memory; collect every problem on the way."""
    sources, errors, warnings = _discover(site_dir)
    cache = DocumentCache.load(site_dir / CACHE_DIR if options.use_cache else None)
    renderer = MarkdownRenderer(settings=MarkdownSettings.of(config))
    documents, parse_errors = _parse(sources, cache, options.jobs, renderer)
    errors += parse_errors
    problems = [diagnostic_from_error(e, "content") for e in errors]
    problems += warnings
    unparsed = frozenset(e.location.path for e in errors if e.location is not None)
    site, output = None, None
    if not errors:
        site, output, build_errors = _build(site_dir, cache, options)
        problems += [diagnostic_from_error(e, "build") for e in build_errors]
        cache.save()
    return LoadedSite(
        site_dir=site_dir,
        config=config,
        texts={s.rel: s.text for s in sources},
        documents=tuple(documents),
        unparsed=unparsed,
        site=site,
        output=output,
        problems=tuple(problems),
        include_drafts=options.include_drafts,
        include_future=options.include_future,
    )


def _build(
    site_dir: Path, cache: DocumentCache, options: LoadOptions
) -> tuple[Site | None, SiteOutput | None, Sequence[WrenError]]:
    """Build in memory with the Builder, handing it the documents parsed already (in
    ``cache``); its own caches stay off, so every page is rendered for the check to read."""
    build_options = BuildOptions(
        include_drafts=options.include_drafts,
        include_future=options.include_future,
        now=options.now,
        use_cache=False,
        template_cache=options.use_cache,  # compiled templates change no page
        jobs=options.jobs,
        refuse_repeated_titles=False,  # the duplicates check reports them, with more
    )
    builder = Builder(site_dir, build_options)
    builder.cache = cache
    try:
        output = builder.build()
    except WrenError as error:
        return None, None, _errors(error)
    return output.site, output, ()
