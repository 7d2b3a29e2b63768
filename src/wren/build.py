"""Build: the whole pipeline, ``discover -> parse -> assemble -> render -> write``."""

from __future__ import annotations

import ctypes
import datetime as dt
import functools
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from wren.config import load_config
from wren.errors import Diagnostic, ErrorGroup, OutputError, WrenError
from wren.incremental.cache import (
    CACHE_DIR,
    CacheProblems,
    DocumentCache,
    TemplateCodeCache,
    load_page_manifest,
    load_source_stamps,
    remember_outputs,
    reusable_outputs,
    save_page_manifest,
    save_source_stamps,
    stamp_outputs,
)
from wren.incremental.fingerprint import PageCache, template_digest
from wren.incremental.heap import LongLived
from wren.incremental.unchanged import (
    BuildRecord,
    Inputs,
    date_bounds,
    output_stamps,
    recorded_build,
)
from wren.incremental.workers import document_key, fork_map, parse_all
from wren.pipeline.assemble import AssembleOptions, Site, assemble_site
from wren.pipeline.discover import SourceFile, SourceReader, is_markdown, walk_site_files
from wren.pipeline.highlight import code_css
from wren.pipeline.markdown import MarkdownRenderer, MarkdownSettings
from wren.pipeline.parse import Document
from wren.pipeline.urls import page_folder, page_path
from wren.pipeline.views import ViewMaker, reads_listings, visible_site
from wren.pipeline.write import WriteStats, check_output_dir, output_lock, write_output
from wren.progress import NullReporter, Reporter
from wren.publish.outputs import ListingParts, publishing_files
from wren.publish.search import SearchIndex
from wren.theme.render import (
    THEME_DIR,
    OutputFile,
    PendingPage,
    compile_templates,
    make_environment,
    render_site,
)

_SEARCH_CACHE = "search.pickle"
# Below this many pages to render, forking costs more than it saves.
_PARALLEL_RENDER_FROM = 200

__all__ = [
    "BuildOptions",
    "BuildResult",
    "Builder",
    "SiteOutput",
    "build_site",
    "parse_documents",
    "static_files",
]


@dataclass(frozen=True, slots=True)
class BuildOptions:
    output_dir: Path | None = None  # default: SITE/public
    include_drafts: bool = False
    include_future: bool = False
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    use_cache: bool = True  # read and write SITE/.wren-cache/
    jobs: int | None = None  # worker processes for parsing; default: one per core
    search: bool = True  # make the search index (when site.toml does not turn search off)
    # keep compiled templates in SITE/.wren-cache/ (default: as use_cache)
    template_cache: bool | None = None
    refuse_repeated_titles: bool = True  # judge posts that share a title (duplicate_posts)
    force: bool = False  # replace an output folder that holds files Wren did not write


@dataclass(frozen=True, slots=True)
class SiteOutput:
    """A built site held in memory: what the writer puts on disk and the dev server serves."""

    site: Site
    files: Mapping[str, OutputFile]  # by output path
    pages: int


@dataclass(frozen=True, slots=True)
class BuildResult:
    site: Site | None  # None when nothing changed since the last build, which was not redone
    output_dir: Path
    pages: int
    files: int
    stats: WriteStats
    seconds: float
    cached: int = 0  # pages reused from the previous build without rendering
    notes: tuple[str, ...] = ()  # one line each, such as a build cache that was not usable
    warnings: tuple[Diagnostic, ...] = ()  # symlinks skipped, too many tags, ...: see Builder
    scheduled: tuple[tuple[str, dt.datetime], ...] = ()  # posts left out for a future date


class Builder:
    """Runs the pipeline for one site; the dev server keeps one and calls ``build`` again."""

    def __init__(
        self,
        site_dir: Path,
        options: BuildOptions = BuildOptions(),
        reporter: Reporter | None = None,
        *,
        once: bool = False,  # only one build: keep no values for a next one
    ) -> None:
        self.site_dir = site_dir
        self.options = options
        self.reporter: Reporter = reporter or NullReporter()
        cache_dir = site_dir / CACHE_DIR if options.use_cache else None
        self.cache_problems = CacheProblems()
        self.cache = DocumentCache.load(cache_dir, self.cache_problems)
        self.stamps = load_source_stamps(cache_dir, self.cache_problems)
        self.reader = SourceReader(site_dir, self.stamps)
        self.renderer = MarkdownRenderer()  # keeps its lexers between rebuilds
        self.out_dir = options.output_dir or site_dir / "public"
        previous = load_page_manifest(cache_dir, self.out_dir, self.cache_problems)
        self.pages = PageCache(previous=previous, verified=set(previous))
        self.site: Site | None = None  # the last site built, for reuse by the next build
        # Of the last build, each once: symlinks skipped, unknown files under content/, too
        # many tags on a post, posts that share a title.
        self.warnings: list[Diagnostic] = []
        keep_templates = (
            options.use_cache if options.template_cache is None else options.template_cache
        )
        self.compiled = TemplateCodeCache(site_dir / CACHE_DIR) if keep_templates else None
        self.env = make_environment(site_dir, self.compiled)
        self.templates = template_digest(self.env)
        self.listings = reads_listings(self.env)  # whether templates can read `site.posts`
        # keeps unchanged posts' views between rebuilds, and entries that read the same
        self.views = ViewMaker(self.pages.same_content)
        self.parts = ListingParts(self.views)  # and their parts of the listings
        self.once = once
        self.heap = LongLived(self)
        self.heap.keep()  # the caches just loaded live as long as the builder

    def build(self, search: SearchIndex | None = None) -> SiteOutput:
        """Build the whole site in memory. Raises WrenError; has no effect on disk.

        With ``search``, a build that renders pages hands every page to the search index as
        soon as it has it, so Pagefind indexes while the rest is rendered and written."""
        config = load_config(self.site_dir)
        if self.renderer.settings != MarkdownSettings.of(config):
            self.renderer = MarkdownRenderer(settings=MarkdownSettings.of(config))
            self.heap.release()
        self.warnings = []
        sources = [self._readable(source) for source in self.reader.read()]
        self.warnings += self.reader.warnings
        self.reporter.stage("Parsing", len(sources))
        try:
            documents = parse_all(
                sources, self.cache, self.options.jobs, self.reporter.advance, self.renderer
            )
        except WrenError as error:  # reported with the files that could not be read
            ErrorGroup.raise_if_any([*self.reader.errors, *_each(error)])
            raise
        ErrorGroup.raise_if_any(self.reader.errors)
        self.warnings += [warning for doc in documents for warning in doc.warnings]
        options = self.options
        site = assemble_site(
            documents,
            config,
            AssembleOptions(
                options.include_drafts,
                options.include_future,
                options.now,
                options.refuse_repeated_titles,
            ),
            previous=self.site,
        )
        self.warnings += site.warnings
        env = self._environment()
        view = self.views.site(site)
        self.pages.start(visible_site(view, self.listings), env)
        pages = self._render_pages(site, env, search)
        extras = publishing_files(site, env, pages, self.pages, self.parts)
        copied = static_files(self.site_dir, site, self.warnings)
        files = claim_paths([*pages, *extras], copied, site)
        self.pages.finish()
        self.site = site
        self.warnings = list(dict.fromkeys(self.warnings))  # a bundle's link is walked twice
        if not self.once:
            self.heap.keep()
        return SiteOutput(site, files, len(pages))

    def _render_pages(
        self, site: Site, env: jinja2.Environment, search: SearchIndex | None
    ) -> list[OutputFile]:
        """Every page: unchanged ones from the page cache, the rest rendered on all cores."""
        pending: list[PendingPage] = []
        pages = list(render_site(site, env, self.pages, pending, self.views))
        self.reporter.stage("Rendering", len(pending))
        workers = self.options.jobs or os.cpu_count() or 1
        if len(pending) < _PARALLEL_RENDER_FROM:
            workers = 1
        if workers > 1:
            compile_templates(env)  # once, here, rather than once in every worker
        each = None
        if search is not None and pending:  # the index will be made anew: start it now
            rendering = {job.path for job in pending}
            for page in pages:
                if page.path not in rendering:
                    search.add(page)
            each = _first(search.add)
        made = fork_map(functools.partial(_make_page, self.pages), pending, workers, each)
        for job, (file, fragments) in zip(pending, made, strict=True):
            if job.fingerprint is not None:
                self.pages.store(job.fingerprint, file)
            self.pages.add_fragments(fragments)
        self.reporter.advance(len(made))
        by_path = {file.path: file for file, _ in made}
        return [by_path.get(page.path, page) for page in pages]

    def forget_page_bytes(self, out_dir: Path) -> None:
        """The pages of the last build are in ``out_dir`` (or are being written there): the
        page cache refers to them there rather than holding their bytes."""
        self.pages.previous = {
            path: (fingerprint, OutputFile(path, source=out_dir / path))
            for path, (fingerprint, _) in self.pages.previous.items()
        }

    def _readable(self, source: SourceFile) -> SourceFile:
        """The source, read from disk if it is ``unread`` and the cache cannot stand in."""
        if source.unread and not self.cache.contains(document_key(source, self.renderer)):
            return self.reader.load(source)
        return source

    def _environment(self) -> jinja2.Environment:
        """The template environment, made anew when any template was added, edited or removed."""
        digest = template_digest(self.env)
        if digest != self.templates:
            self.env, self.templates = make_environment(self.site_dir, self.compiled), digest
            self.listings = reads_listings(self.env)
            self.heap.release()
        return self.env


def _first(add: Callable[[OutputFile], None]) -> Callable[[tuple[OutputFile, object]], None]:
    return lambda made: add(made[0])


def _each(error: WrenError) -> tuple[WrenError, ...]:
    return error.errors if isinstance(error, ErrorGroup) else (error,)


def _make_page(cache: PageCache, page: PendingPage) -> tuple[OutputFile, dict[bytes, str]]:
    """Render a page; with it, the listing entries made for it, which the cache keeps."""
    return page.make(), cache.take_new_fragments()


def build_site(
    site_dir: Path,
    options: BuildOptions = BuildOptions(),
    reporter: Reporter | None = None,
    waiting: Callable[[], None] = lambda: None,
) -> BuildResult:
    """Build the site in ``site_dir`` to disk; the previous output stays untouched on error.

    One build at a time writes an output folder: another build of it waits for this one
    (``waiting`` is called first, to say so)."""
    started = time.perf_counter()
    config = load_config(site_dir)  # a missing site is said before any folder is made for it
    out_dir = options.output_dir or site_dir / "public"
    check_output_dir(out_dir, site_dir, site_dir / CACHE_DIR, options.force)
    with output_lock(out_dir, waiting):
        check_output_dir(out_dir, site_dir, site_dir / CACHE_DIR, options.force)
        problems = CacheProblems()
        inputs, kept = _unchanged_build(site_dir, options, out_dir, problems)
        if kept is not None:
            (reporter or NullReporter()).close()
            return _replayed(kept, out_dir, time.perf_counter() - started)
        with SearchIndex() as search:
            builder = Builder(site_dir, options, reporter, once=True)
            builder.cache_problems.found[:0] = problems.found
            indexed = options.search and config.search
            site, pages, stats = _build_and_write(builder, out_dir, search if indexed else None)
            builder.cache.save()
            save_page_manifest(builder.cache.folder, out_dir, builder.pages.previous)
            stamp_outputs(builder.cache.folder, _SEARCH_CACHE, out_dir)
            save_source_stamps(builder.cache.folder, builder.reader.stamps, builder.stamps)
            builder.reporter.close()
        seconds = time.perf_counter() - started
        note = builder.cache_problems.note()
        notes = [note] if note else []
        result = BuildResult(
            site,
            out_dir,
            pages,
            stats.written + stats.unchanged,  # every file written or kept
            stats,
            seconds,
            builder.pages.reused,
            tuple(notes),
            tuple(builder.warnings),
            tuple((post.key, post.date) for post in site.scheduled),
        )
        if inputs is not None and builder.cache.folder is not None:  # while the output is ours
            _record(result, inputs, len(builder.pages.previous)).save(builder.cache.folder)
    return result


def _unchanged_build(
    site_dir: Path, options: BuildOptions, out_dir: Path, problems: CacheProblems
) -> tuple[Inputs | None, BuildRecord | None]:
    """What the build will read (with the cache only); and the last build's record, if
    nothing changed since (see ``wren.incremental.unchanged``)."""
    if not options.use_cache:
        return None, None
    settings = (
        str(out_dir.absolute()),
        options.include_drafts,
        options.include_future,
        options.search,
        options.refuse_repeated_titles,
    )
    inputs = Inputs.of(site_dir, settings)
    record = recorded_build(site_dir / CACHE_DIR, problems)
    now = None if options.include_future else options.now
    if record is not None and record.holds(inputs, now, out_dir):
        return inputs, record
    return inputs, None


def _replayed(record: BuildRecord, out_dir: Path, seconds: float) -> BuildResult:
    """The result of a build that found nothing changed: the last one's, nothing written."""
    stats = WriteStats(written=0, unchanged=record.files, removed=0)
    return BuildResult(
        None,
        out_dir,
        record.pages,
        record.files,
        stats,
        seconds,
        record.cached,
        (),
        record.warnings,
        record.scheduled,
    )


def _record(result: BuildResult, inputs: Inputs, cached: int) -> BuildRecord:
    """The record of a finished build, for the next build to find nothing changed."""
    assert result.site is not None
    newest, scheduled_from = date_bounds(
        (post.date for post in result.site.posts), (post.date for post in result.site.scheduled)
    )
    return BuildRecord(
        inputs,
        output_stamps(result.output_dir),
        newest,
        scheduled_from,
        result.pages,
        result.files,
        cached,
        result.warnings,
        result.scheduled,
    )


def _build_and_write(
    builder: Builder, out_dir: Path, search: SearchIndex | None
) -> tuple[Site, int, WriteStats]:
    """Build the site, then write it; the site, its number of pages and what was written.

    The pages' bytes are let go as they are written, before Pagefind makes the index (its
    largest use of memory), so that the two do not add up."""
    files, site, pages, make_index = _files_to_write(builder, out_dir, search)
    builder.reporter.stage("Writing", len(files))
    return site, pages, write_output(_handed_over(files), out_dir, make_index)


def _files_to_write(
    builder: Builder, out_dir: Path, search: SearchIndex | None
) -> tuple[list[OutputFile], Site, int, Callable[[], list[OutputFile]] | None]:
    output = builder.build(search)
    files = list(output.files.values())
    make_index = None
    if search is not None:
        reused, make_index = _search_index(builder, output, out_dir, search)
        files += reused or []
    builder.forget_page_bytes(out_dir)
    return files, output.site, output.pages, make_index


def _handed_over(files: list[OutputFile]) -> Iterator[OutputFile]:
    """The files, each taken out of ``files`` as it is handed over."""
    files.reverse()
    while files:
        yield files.pop()


def claim_paths(
    made: Sequence[OutputFile], copied: Iterable[OutputFile], site: Site | None = None
) -> dict[str, OutputFile]:
    """Every output file by path; a path claimed twice is an error naming both claims (by
    the source files of ``site``'s pages, where known).

    A page bundle's or ``static/`` file never silently replaces a page."""
    files: dict[str, OutputFile] = {}
    errors: list[WrenError] = []
    reported: set[str] = set()
    sources: dict[str, list[str]] | None = None
    for file in [*made, *copied]:
        first = files.get(file.path)
        if first is None:
            files[file.path] = file
            continue
        if file.path in reported:
            continue
        reported.add(file.path)
        if sources is None:  # looked up only once a path is claimed twice
            sources = _page_sources(site) if site is not None else {}
        pages = sources.get(file.path, [])
        claims = [str(f.source) for f in (first, file) if f.source is not None]
        named = [*pages, *claims]
        if not named:
            named = ["two of the pages Wren makes (a tag whose name gives an empty slug?)"]
        elif len(named) == 1:
            named.append("a page Wren makes")
        errors.append(
            OutputError(
                f"two files would be written to /{file.path}: {' and '.join(named)}",
                hint="rename or move one of them: a static file, an alias, or a file name or"
                " tag of only punctuation (its slug is empty)",
            )
        )
    ErrorGroup.raise_if_any(errors)
    return files


def _page_sources(site: Site) -> dict[str, list[str]]:
    """The source files of the pages, by output path."""
    found: dict[str, list[str]] = {}
    for source, url in site.url_by_source.items():
        found.setdefault(page_path(url), []).append(source)
    return found


def _search_index(
    builder: Builder, output: SiteOutput, out_dir: Path, search: SearchIndex
) -> tuple[list[OutputFile] | None, Callable[[], list[OutputFile]] | None]:
    """Pagefind's index of the pages: the previous one when no page's inputs changed, else
    a function that finishes the new one (Pagefind works on it while the site is written)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(output.files):
        if not path.endswith(".html"):
            continue
        known = builder.pages.previous.get(path)
        file = output.files[path]
        digest.update(path.encode() + (known[0] if known else file.data or b"?"))
    folder, key = builder.cache.folder, digest.digest()
    reused = reusable_outputs(folder, _SEARCH_CACHE, key, out_dir)
    if reused is not None:
        return reused, None
    search.include(output.files.values())

    def finish() -> list[OutputFile]:
        builder.reporter.stage("Indexing", 1)
        _give_back_freed_memory()  # the pages' bytes, written by now
        made = search.finish()
        remember_outputs(folder, _SEARCH_CACHE, key, out_dir, made)
        return made

    return None, finish


def _give_back_freed_memory() -> None:
    """Hand the memory freed so far back to the system, where the C library allows it.

    glibc keeps freed blocks for reuse, so letting go of the pages does not lower the
    process's resident memory until it is asked to trim them."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)


def parse_documents(sources: Sequence[SourceFile], jobs: int | None = None) -> list[Document]:
    """Parse every source (in parallel when there are many); report every broken file at once."""
    return parse_all(sources, DocumentCache(), jobs)


def static_files(
    site_dir: Path, site: Site, warnings: list[Diagnostic] | None = None
) -> Iterator[OutputFile]:
    """The theme's assets, code colours, the site's ``static/`` and page bundles' files;
    symlinks out of the site are skipped (see ``walk_site_files``), each told to ``warnings``."""
    warnings = [] if warnings is None else warnings
    seen: set[str] = set()
    yield OutputFile("pygments.css", code_css().encode())
    site_static = site_dir / "static"
    for root in (site_static, THEME_DIR / "static"):
        for path in _files_below(root, site_dir if root == site_static else root, warnings):
            rel = path.relative_to(root).as_posix()
            if rel not in seen and rel != "pygments.css":
                seen.add(rel)
                yield OutputFile(rel, source=path)
    for post in site.posts:
        if post.bundle_dir is None:
            continue
        bundle = site_dir / post.bundle_dir
        for path in _files_below(bundle, site_dir, warnings):
            if not is_markdown(path.name):
                rel = path.relative_to(bundle).as_posix()
                folder = page_folder(post.url)
                yield OutputFile(f"{folder}/{rel}" if folder else rel, source=path)


def _files_below(root: Path, inside: Path, warnings: list[Diagnostic]) -> list[Path]:
    return [path for path, _ in walk_site_files(root, inside, warnings)]
