"""Links: every internal link, anchor, image and asset of the built site must resolve.

The check reads the pages as the build renders them, so links written in templates are
checked with those in Markdown. A broken link found in a page's body is reported at the
Markdown line that wrote it; one that comes from a template is reported once, at the
template line that holds it, with the number of pages it breaks. Links to Markdown sources
(``../posts/x.md#part``), which the build turns into page URLs, are checked at the source:
a target that is missing, a draft or scheduled is an error on the line of the link.

External links (``http(s)://`` elsewhere) are only collected here; ``external.py`` fetches
them. Absolute links to the site's own ``base_url`` are checked as internal ones.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from wren.check._html import PageLink, ScannedPage, scan_page
from wren.config import CONFIG_FILE, SiteConfig
from wren.errors import Diagnostic, Severity, SourceLocation
from wren.pipeline.discover import is_markdown
from wren.pipeline.markdown import Link, RenderedBody, resolve_source_link
from wren.publish.search import SEARCH_DIR

__all__ = [
    "GENERATED_AFTER_BUILD",
    "BuiltPages",
    "LinkChecker",
    "PageSource",
    "TemplateFile",
    "check_source_links",
]

CHECK = "links"
# Where a link that no source file or template line can be found for is reported: the
# built page, under the default output folder.
BUILT_PAGES = "public"
# Output made after the pages are built, from them: the search index.
GENERATED_AFTER_BUILD = (f"{SEARCH_DIR}/",)
_SKIPPED_SCHEMES = frozenset({"mailto", "tel", "data", "javascript", "sms", "ftp", "irc", "xmpp"})


@dataclass(frozen=True, slots=True)
class PageSource:
    """The Markdown file a page's body was rendered from."""

    path: str
    body: RenderedBody


@dataclass(frozen=True, slots=True)
class TemplateFile:
    """A template's text, and the path diagnostics name it by."""

    path: str
    text: str


@dataclass(frozen=True, slots=True)
class BuiltPages:
    """What the link check reads of a site built in memory."""

    pages: Mapping[str, str]  # HTML text, by output path
    files: Collection[str]  # every output path
    sources: Mapping[str, PageSource]  # the Markdown behind each page with a body
    url_by_source: Mapping[str, str]  # page URL by Markdown source path
    templates: Sequence[TemplateFile] = ()  # searched, in order, for template links


@dataclass(frozen=True, slots=True)
class _Target:
    """An internal link: the site path it names (below the base path) and its fragment.

    ``outside``: the link names a path of this host above the base path (``path`` is then
    the whole path)."""

    path: str
    fragment: str
    outside: bool = False


@dataclass(frozen=True, slots=True)
class _External:
    url: str


@dataclass(frozen=True, slots=True)
class _Finding:
    """A broken link on one page, before it is placed in a source file."""

    page: str
    link: PageLink
    message: Callable[[str], str]  # given the URL as the author wrote it
    hint: str | None
    severity: Severity = Severity.ERROR


class _Resolver:
    """Turns a URL on a page into a site path, an external URL, or nothing to check."""

    def __init__(self, config: SiteConfig) -> None:
        base = urlsplit(config.base_url)
        self.origin = (base.scheme.lower(), base.netloc.lower())
        self.base_path = config.base_path
        self._rooted: dict[str, _Target | _External | None] = {}

    def resolve(self, url: str, page: str) -> _Target | _External | None:
        url = url.strip()
        if not url:
            return None
        if url.startswith("#"):
            return _Target(page, unquote(url[1:]))
        if url.startswith("/") and not url.startswith("//"):
            if url not in self._rooted:
                self._rooted[url] = self._resolve(url, page)
            return self._rooted[url]
        return self._resolve(url, page)

    def _resolve(self, url: str, page: str) -> _Target | _External | None:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme in _SKIPPED_SCHEMES or (scheme and scheme not in ("http", "https")):
            return None
        if parts.netloc:
            if ((scheme or self.origin[0]), parts.netloc.lower()) != self.origin:
                return _External(url if scheme else f"{self.origin[0] or 'https'}:{url}")
            path = parts.path or "/"
        else:
            path = urlsplit(urljoin(self.base_path + page, url)).path
        path = unquote(path)
        if not path.startswith(self.base_path):
            return _Target(path, unquote(parts.fragment), outside=True)
        return _Target(path[len(self.base_path) :], unquote(parts.fragment))


def _output_path(path: str, files: Collection[str]) -> str | None:
    """The output file a site path is served from, if the site has it."""
    if path == "" or path.endswith("/"):
        candidates = [path + "index.html"]
    else:
        candidates = [path, path + "/index.html"]
    for candidate in candidates:
        if candidate in files:
            return candidate
    if path.startswith(GENERATED_AFTER_BUILD):
        return path
    return None


def _what(link: PageLink) -> str:
    if link.tag in ("img", "video", "audio", "source", "track", "picture"):
        return "image" if link.tag in ("img", "picture") else "media file"
    return "link" if link.is_navigation else "asset"


def _close(word: str, options: Iterable[str]) -> str | None:
    """The option most like ``word``, if one is alike enough to suggest."""
    from rapidfuzz import fuzz, process  # only when a link is broken

    found = process.extractOne(word, list(options), scorer=fuzz.ratio, score_cutoff=60)
    return str(found[0]) if found else None


class LinkChecker:
    """Checks the links of one built site's pages."""

    def __init__(self, built: BuiltPages, config: SiteConfig) -> None:
        self.config = config
        self.scanned = {path: scan_page(text) for path, text in built.pages.items()}
        self.files = frozenset(built.files) | frozenset(built.pages)
        self.locator = _Locator(config, built)
        self._resolver = _Resolver(config)
        self._external: dict[str, list[tuple[str, PageLink]]] = {}
        self._paths = sorted({p.removesuffix("index.html") for p in self.files})
        self._hints: dict[str, str | None] = {}

    @property
    def page_count(self) -> int:
        return len(self.scanned)

    def check_internal(self) -> list[Diagnostic]:
        """Every broken internal link, anchor, image and asset; collects external links."""
        findings: list[_Finding] = []
        for page, scanned in self.scanned.items():
            for link in scanned.links:
                target = self._resolver.resolve(link.url, page)
                if isinstance(target, _External):
                    self._external.setdefault(target.url.split("#", 1)[0], []).append((page, link))
                elif target is not None:
                    finding = self._check_target(page, link, target)
                    if finding is not None:
                        findings.append(finding)
        return self.locator.place(findings, self.scanned)

    @property
    def external_links(self) -> Mapping[str, Sequence[tuple[str, PageLink]]]:
        """External URLs (without fragments) and where they appear; after check_internal."""
        return self._external

    def external_diagnostics(
        self, failures: Mapping[str, tuple[Severity, str]]
    ) -> list[Diagnostic]:
        """Diagnostics at every place a failing external URL is linked from.

        ``failures``: the severity and a description of the failure, by URL."""
        findings = [
            _Finding(page, link, _external_message(status), None, severity)
            for url, (severity, status) in failures.items()
            for page, link in self._external.get(url, ())
        ]
        return self.locator.place(findings, self.scanned, check="external")

    def _check_target(self, page: str, link: PageLink, target: _Target) -> _Finding | None:
        what = _what(link)
        if target.outside:
            return _Finding(
                page,
                link,
                lambda url: f"broken {what} `{url}`: {target.path} is outside the site",
                f"the site's pages are under {self.config.base_path}",
            )
        found = _output_path(target.path, self.files)
        if found is None:
            if is_markdown(link.url.split("#", 1)[0].split("?", 1)[0]):
                return None  # a source link: check_source_links reports it at the source
            shown = self.config.base_path + target.path
            missing = "no page or file" if link.is_navigation else "no file"
            return _Finding(
                page,
                link,
                lambda url: f"broken {what} `{url}`: {missing} at {shown}",
                self._path_hint(target.path),
            )
        if not target.fragment or not link.is_navigation:
            return None
        scanned = self.scanned.get(found)
        if scanned is None or target.fragment in scanned.ids or target.fragment.lower() == "top":
            return None
        shown_page = self.config.base_path + found.removesuffix("index.html")
        fragment = target.fragment
        close = _close(fragment, scanned.ids)
        return _Finding(
            page,
            link,
            lambda url: f"broken anchor `{url}`: {shown_page} has no id `{fragment}`",
            f"did you mean `#{close}`?" if close else None,
        )

    def _path_hint(self, path: str) -> str | None:
        if path not in self._hints:
            close = _close(path, self._paths)
            shown = f"did you mean {self.config.base_path}{close}?" if close is not None else None
            self._hints[path] = shown
        return self._hints[path]


def _external_message(status: str) -> Callable[[str], str]:
    return lambda url: f"external link `{url}`: {status}"


class _Locator:
    """Places a finding in the Markdown line or template line that wrote the link."""

    def __init__(self, config: SiteConfig, built: BuiltPages) -> None:
        self.config = config
        self.sources = built.sources
        self.templates = built.templates
        self.url_by_source = built.url_by_source

    def place(
        self,
        findings: Sequence[_Finding],
        scanned: Mapping[str, ScannedPage],
        check: str = CHECK,
    ) -> list[Diagnostic]:
        placed: dict[tuple[SourceLocation, str], tuple[_Finding, int, str | None]] = {}
        by_page: dict[str, list[_Finding]] = {}
        for finding in findings:
            by_page.setdefault(finding.page, []).append(finding)
        for page, page_findings in by_page.items():
            for location, url, finding in self._locate_page(page, page_findings, scanned):
                key = (location, finding.message(url))
                first, count, _ = placed.get(key, (finding, 0, None))
                placed[key] = (first, count + 1, finding.hint)
        return [
            Diagnostic(first.severity, location, _on_pages(message, first, count), check, hint)
            for (location, message), (first, count, hint) in placed.items()
        ]

    def _locate_page(
        self, page: str, findings: Sequence[_Finding], scanned: Mapping[str, ScannedPage]
    ) -> Iterable[tuple[SourceLocation, str, _Finding]]:
        source = self.sources.get(page)
        written = self._rendered_links(source) if source else {}
        used: dict[str, int] = {}
        for finding in findings:
            key = unquote(finding.link.url)
            links = written.get(key, [])
            index = used.get(key, 0)
            used[key] = index + 1
            if source is not None and index < len(links):
                link = links[index]
                yield SourceLocation(source.path, link.line, link.column), link.url, finding
                continue
            yield self._template_location(page, finding, scanned), finding.link.url, finding

    def _rendered_links(self, source: PageSource) -> dict[str, list[Link]]:
        """The body's links by the URL the page shows for them (source links resolved)."""
        found: dict[str, list[Link]] = {}
        for link in source.body.links:
            url = link.url
            resolved = resolve_source_link(url, source.path)
            if resolved is not None and resolved[0] in self.url_by_source:
                target, query_and_fragment = resolved
                url = self.config.site_url(self.url_by_source[target]) + query_and_fragment
            found.setdefault(unquote(url), []).append(link)
        return found

    def _template_location(
        self, page: str, finding: _Finding, scanned: Mapping[str, ScannedPage]
    ) -> SourceLocation:
        url = finding.link.url
        for entry in self.config.nav:  # a link of the site's nav: wrong in site.toml
            if not entry.external and url in (entry.url, self.config.site_url(entry.url)):
                return SourceLocation(CONFIG_FILE, entry.line)
        wanted = [url]
        if url.startswith(self.config.base_path) and self.config.base_path != "/":
            wanted.append("/" + url[len(self.config.base_path) :])
        for text in wanted:
            if len(text) < 2:
                continue
            for template in self.templates:
                line = _line_containing(template.text, text)
                if line is not None:
                    return SourceLocation(template.path, line)
        source = self.sources.get(page)
        if source is not None and len(url) > 1 and url in source.body.source:
            # written in the Markdown, though not as a link: a bare URL made into one
            before = source.body.source[: source.body.source.index(url)]
            line = source.body.first_line + before.count("\n")
            return SourceLocation(source.path, line, len(before) - before.rfind("\n"))
        line, column = scanned[page].position(finding.link.offset)
        return SourceLocation(f"{BUILT_PAGES}/{page}", line, column)


def _on_pages(message: str, finding: _Finding, count: int) -> str:
    if count < 2:
        return message
    return f"{message} (on {count:,} pages, first /{finding.page.removesuffix('index.html')})"


def _line_containing(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return None if index < 0 else text.count("\n", 0, index) + 1


def check_source_links(
    links_by_source: Iterable[tuple[str, Sequence[Link]]],
    url_by_source: Mapping[str, str],
    why_unpublished: Callable[[str], str],
) -> list[Diagnostic]:
    """Links to Markdown files (``../posts/x.md``) must name a published page.

    ``links_by_source``: the links of every published file, by its path;
    ``why_unpublished``: why a source path has no page (``"is a draft"``).
    """
    diagnostics = []
    for path, links in links_by_source:
        for link in links:
            resolved = resolve_source_link(link.url, path)
            if resolved is None or resolved[0] in url_by_source:
                continue
            target = resolved[0]
            reason = why_unpublished(target)
            close = _close(target, url_by_source) if reason == "does not exist" else None
            diagnostics.append(
                Diagnostic(
                    Severity.ERROR,
                    SourceLocation(path, link.line, link.column),
                    f"broken link `{link.url}`: {target} {reason}",
                    CHECK,
                    f"did you mean {posixpath.relpath(close, posixpath.dirname(path))}?"
                    if close
                    else None,
                )
            )
    return diagnostics
