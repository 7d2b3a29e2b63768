"""``wren check``: every check over one site, as one list of diagnostics.

The flow: load ``site.toml``; parse, assemble and build the site in memory (``site.py``,
which turns every failure into a diagnostic); then run the checks asked for over what
will be published: ``links`` (the built pages), ``duplicates``, ``rust`` and ``lint`` (the
Markdown of every post and chapter that is not a draft, scheduled posts included).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from wren.check.links import (
    BuiltPages,
    LinkChecker,
    PageSource,
    TemplateFile,
    check_source_links,
)
from wren.check.lint import LintSource, lint_chapter_numbers, lint_document
from wren.check.rust import (
    RustCheckOptions,
    RustExample,
    check_rust_examples,
    examples_to_compile,
    is_rust_block,
    rustc_missing_note,
    rustc_version,
)
from wren.check.site import LoadedSite, LoadOptions, diagnostic_from_error, load_site
from wren.config import RustPolicy, SiteConfig, load_config
from wren.errors import Diagnostic, Severity, SourceLocation, WrenError
from wren.incremental.cache import CACHE_DIR
from wren.pipeline.discover import SourceKind
from wren.pipeline.frontmatter import ChapterMeta, PostMeta
from wren.pipeline.urls import page_path
from wren.theme.render import THEME_DIR

if TYPE_CHECKING:
    from wren.similarity.duplicates import DuplicateCandidate

__all__ = ["CHECKS", "CheckOptions", "CheckReport", "run_checks"]

CHECKS = ("links", "duplicates", "rust", "lint")
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class CheckOptions:
    checks: frozenset[str] = frozenset(CHECKS)
    external: bool = False  # fetch http(s) links too (with the links check)
    load: LoadOptions = field(default_factory=LoadOptions)  # drafts, future posts, jobs
    rustc: str = "rustc"
    external_timeout_s: float = 10.0
    use_cache: bool = True  # SITE/.wren-cache/: parsed files, rust/, links.json


@dataclass(frozen=True, slots=True)
class CheckReport:
    diagnostics: tuple[Diagnostic, ...]  # sorted by path, line, column
    pages: int | None = None  # None: the links check did not run
    documents: int = 0  # Markdown files read (posts, chapters, course pages)
    rust_examples: int | None = None  # None: the Rust check did not run
    external_links: int | None = None  # None: external links were not fetched
    seconds: float = 0.0
    notes: tuple[str, ...] = ()  # checks that could not run, and why
    timings: Mapping[str, float] = field(default_factory=dict)  # seconds, by stage

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def files(self) -> int:
        return len({d.location.path for d in self.diagnostics})

    def failed(self, strict: bool = False) -> bool:
        """Errors fail a check; with ``strict``, warnings too."""
        failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return any(d.severity in failing for d in self.diagnostics)


@dataclass(slots=True)
class _Run:
    """One run of the checks: what they read, and the counts the report shows."""

    loaded: LoadedSite
    sources: list[LintSource]
    options: CheckOptions
    pages: int | None = None
    rust_examples: int | None = None
    external_links: int | None = None
    notes: list[str] = field(default_factory=list)


def run_checks(site_dir: Path, options: CheckOptions = CheckOptions()) -> CheckReport:
    """Run the checks of ``options`` on ``site_dir``. Content problems never raise."""
    started = time.perf_counter()
    try:
        config = load_config(site_dir)
    except WrenError as error:
        diagnostic = diagnostic_from_error(error, "config")
        return CheckReport((diagnostic,), seconds=time.perf_counter() - started)
    timings: dict[str, float] = {}
    with _stopwatch(timings, "build"):
        loaded = load_site(site_dir, config, replace(options.load, use_cache=options.use_cache))
        sources = [
            LintSource(d, loaded.texts.get(d.rel, ""), *d.body.references()) for d in loaded.content
        ]
    run = _Run(loaded, sources, options)
    found = list(loaded.problems)
    for name, check in _CHECKERS.items():
        if name in options.checks:
            with _stopwatch(timings, name):
                found += check(run)
    return CheckReport(
        diagnostics=_sorted(found),
        pages=run.pages,
        documents=len(sources),
        rust_examples=run.rust_examples,
        external_links=run.external_links,
        seconds=time.perf_counter() - started,
        notes=tuple(run.notes),
        timings=timings,
    )


@contextlib.contextmanager
def _stopwatch(timings: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = time.perf_counter() - started


def _links(run: _Run) -> list[Diagnostic]:
    if run.loaded.output is None:
        run.notes.append("links were not checked: the site does not build")
        return []
    found, run.pages, run.external_links = _check_links(run.loaded, run.sources, run.options)
    return found


def _duplicates(run: _Run) -> list[Diagnostic]:
    # Imported here, so that NumPy is imported only when this check runs.
    from wren.similarity.duplicates import check_duplicates

    return check_duplicates(_duplicate_candidates(run.sources, run.loaded.config))


def _rust(run: _Run) -> list[Diagnostic]:
    policy = run.loaded.config.rust
    examples = _rust_examples([s for s in run.sources if _compiles_rust(s.document.meta, policy)])
    wanted = examples_to_compile(examples, compile_ignored=policy.compile == "all")
    version = rustc_version(run.options.rustc) if wanted else None
    if wanted and version is None:  # said once, and no examples are counted as checked
        note = rustc_missing_note(wanted, run.options.rustc, compile_ignored=True)
        run.notes += [note] if note else []
        return []
    run.rust_examples = len(wanted)
    options = _rust_options(run.loaded.site_dir, run.options, run.loaded.config)
    return check_rust_examples(wanted, options, version)


def _compiles_rust(meta: object, policy: RustPolicy) -> bool:
    """Whether the Rust examples of a post or chapter (given its front matter) are compiled:
    its ``compile_rust`` when set, else the site's ``[rust]`` settings, where ``since``
    leaves out posts and chapters dated earlier. ``compile = "none"`` is never overridden."""
    if policy.compile == "none":
        return False
    if not isinstance(meta, PostMeta | ChapterMeta):
        return True
    if meta.compile_rust is not None:
        return meta.compile_rust
    return policy.since is None or meta.date is None or meta.date.date() >= policy.since


def _lint(run: _Run) -> list[Diagnostic]:
    found = [d for source in run.sources for d in lint_document(source, run.loaded.config)]
    return found + lint_chapter_numbers(run.sources)


_CHECKERS: dict[str, Callable[[_Run], list[Diagnostic]]] = {
    "links": _links,
    "duplicates": _duplicates,
    "rust": _rust,
    "lint": _lint,
}


def _sorted(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    def key(d: Diagnostic) -> tuple[str, int, int, int, str]:
        where = d.location
        return (
            where.path,
            where.line or 0,
            where.column or 0,
            _SEVERITY_ORDER[d.severity],
            d.message,
        )

    return tuple(sorted(set(diagnostics), key=key))


def _check_links(
    loaded: LoadedSite, sources: Sequence[LintSource], options: CheckOptions
) -> tuple[list[Diagnostic], int, int | None]:
    """Broken links in the built pages and in source links; external ones if asked."""
    assert loaded.output is not None and loaded.site is not None
    site = loaded.site
    checker = LinkChecker(_built_pages(loaded), loaded.config)
    found = checker.check_internal()
    found += check_source_links(
        ((s.document.rel, s.links) for s in sources), site.url_by_source, loaded.why_unpublished
    )
    if not options.external:
        return found, checker.page_count, None
    # Imported here: the HTTP client and its thread pool only when links are fetched.
    from wren.check.external import ExternalOptions, check_external_urls

    cache = loaded.site_dir / CACHE_DIR / "links.json" if options.use_cache else None
    urls = list(checker.external_links)
    failures = check_external_urls(
        urls, ExternalOptions(cache_file=cache, timeout_s=options.external_timeout_s)
    )
    return found + checker.external_diagnostics(failures), checker.page_count, len(urls)


def _built_pages(loaded: LoadedSite) -> BuiltPages:
    assert loaded.output is not None and loaded.site is not None
    site = loaded.site
    files = loaded.output.files
    pages = {
        path: file.data.decode("utf-8", errors="replace")
        for path, file in files.items()
        if file.data is not None and path.endswith(".html")
    }
    sources: dict[str, PageSource] = {}
    for post in site.posts:
        sources[page_path(post.url)] = PageSource(post.key, post.body)
    for page in site.pages:
        sources[page_path(page.url)] = PageSource(page.key, page.body)
    for chapter in site.chapters.values():
        sources[page_path(chapter.url)] = PageSource(chapter.key, chapter.body)
    for course in site.courses:
        if course.intro is not None:
            sources[page_path(course.url)] = PageSource(course.source, course.intro)
    return BuiltPages(pages, files.keys(), sources, site.url_by_source, _templates(loaded))


def _templates(loaded: LoadedSite) -> list[TemplateFile]:
    """The site's templates (by their path in the site), then the theme's (by full path)."""
    found = []
    for root, named_in_site in (
        (loaded.site_dir / "templates", True),
        (THEME_DIR / "templates", False),
    ):
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if not path.is_file():
                continue
            name = path.relative_to(loaded.site_dir).as_posix() if named_in_site else str(path)
            try:
                found.append(TemplateFile(name, path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError):
                continue
    return found


def _duplicate_candidates(
    sources: Sequence[LintSource], config: SiteConfig
) -> list[DuplicateCandidate]:
    """Posts oldest first, then chapters: the later copy of a pair is the one reported."""
    from wren.pipeline.assemble import post_url_of
    from wren.similarity.duplicates import DuplicateCandidate

    posts = sorted(
        (s.document for s in sources if isinstance(s.document.meta, PostMeta)),
        key=lambda d: (d.meta.date if isinstance(d.meta, PostMeta) else None, d.rel),
    )
    chapters = [s.document for s in sources if s.document.kind is SourceKind.CHAPTER]
    return [
        DuplicateCandidate(
            location=SourceLocation(d.rel, d.title_line),
            title=d.meta.title,
            text=d.body.text,
            summary=d.meta.description or d.body.first_paragraph,
            date=d.meta.date.date().isoformat() if isinstance(d.meta, PostMeta) else "",
            url=post_url_of(d.rel, d.meta, config) if isinstance(d.meta, PostMeta) else "",
        )
        for d in [*posts, *chapters]
    ]


def _rust_examples(sources: Sequence[LintSource]) -> list[RustExample]:
    return [
        RustExample(SourceLocation(s.document.rel, block.line), block.info, block.code)
        for s in sources
        for block in s.code_blocks
        if is_rust_block(block.info)
    ]


def _rust_options(site_dir: Path, options: CheckOptions, config: SiteConfig) -> RustCheckOptions:
    cache = site_dir / CACHE_DIR / "rust" if options.use_cache else None
    jobs = options.load.jobs or os.cpu_count() or 1
    return RustCheckOptions(
        cache_dir=cache,
        jobs=jobs,
        rustc=options.rustc,
        default_edition=config.rust.edition,
        compile_ignored=config.rust.compile == "all",
    )
