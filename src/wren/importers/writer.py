"""The Wren site an import writes: posts, pages, static files, settings and the report.

Every old address is kept: a post or page whose Wren URL differs from the one the source
tool gave it gets that address as an ``alias``; an old feed address is a ``feed_aliases``
entry; an old tag or listing page that Wren has no page for gets a small redirect page in
``static/``. ``ImportResult.old_urls`` lists them all, with where each now leads.

Feed readers know a post by its entry's id: a post whose Wren id (its absolute URL) is not
the one the source's feed gave it gets that id as ``feed_id``, so that subscribers are not
shown old posts again. The later pages of paginated listings are Wren's own (``paginate``
set to the old page size) or redirect to Wren's page that starts with the same post. A site
whose posts hold Rust examples gets ``[rust] since`` = the day of the import: old fragments
are not compiled by ``wren check``, new posts are.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

import yaml

from wren.check.rust import is_rust_block
from wren.config import CONFIG_FILE, SiteConfig
from wren.importers.convert import Context
from wren.importers.model import Finding, SourceSite
from wren.importers.placement import Placed, place
from wren.pipeline.slug import tag_slug
from wren.pipeline.summary import cut_summary
from wren.progress import Reporter
from wren.theme.pagination import page_url

__all__ = ["REPORT_FILE", "ImportResult", "write_site"]

REPORT_FILE = "import-report.txt"
_WREN_LISTINGS = ("/", "/posts/", "/tags/", "/courses/", "/search/")  # pages Wren makes
_SUMMARY_LENGTH = SiteConfig(title="").summary_length  # the imported site keeps the default


@dataclass(frozen=True, slots=True)
class ImportResult:
    site_dir: Path
    posts: int
    pages: int
    drafts: int
    findings: tuple[Finding, ...]
    old_urls: dict[str, str]  # every old address -> the Wren address that serves or redirects
    report_path: Path
    posts_in_place: int = 0  # posts served at their old address
    feed_ids_pinned: int = 0  # posts given the `feed_id` of their old feed entry
    rust_since: dt.date | None = None  # `[rust] since`, when posts hold Rust examples


def write_site(
    source: SourceSite, site_dir: Path, reporter: Reporter, today: dt.date | None = None
) -> ImportResult:
    """Write ``source`` as a Wren site in ``site_dir`` (new or empty); ``today`` is the
    day of the import (``[rust] since``)."""
    placement = place(source.entries)
    placed = placement.items
    by_ref = {item.entry.ref: item for item in placed}
    old_urls: dict[str, str] = {}
    redirects: dict[str, str] = {}  # old address -> Wren address, as pages in static/
    pinned = _pin_feed_ids(source, placed)
    with_rust: list[str] = []
    reporter.stage("writing", len(placed))
    for item in placed:
        body = _write_entry(source, item, by_ref, site_dir, old_urls)
        if item.entry.kind == "post" and _has_rust_block(body):
            with_rust.append(item.entry.source)
        reporter.advance()
    feed_aliases = dict(source.feeds)
    published = {
        f"/tags/{tag_slug(tag)}/"
        for item in placed
        if item.entry.kind == "post" and not item.entry.fields.get("draft")
        for tag in item.entry.fields.get("tags", ())
    }
    for name, taxonomy in source.taxonomies.items():
        terms = {
            term
            for item in placed
            if not item.entry.fields.get("draft") and item.entry.kind == "post"
            for term in item.entry.terms.get(name, ())
        }
        if terms and taxonomy.listing != "/tags/":
            redirects[taxonomy.listing] = old_urls[taxonomy.listing] = "/tags/"
        for term in sorted(terms):
            old, new = taxonomy.url.format(taxonomy.slug(term)), f"/tags/{tag_slug(term)}/"
            if old != new and old in published:  # one old page of two terms (libc, libc++)
                old_urls.setdefault(old, old)
                source.findings.add(
                    old.lstrip("/"),
                    None,
                    "url",
                    f"{old} listed `{term}` too; it is Wren's page of another tag, and"
                    f" `{term}` is at {new}",
                )
                continue
            old_urls[old] = new
            if old != new:
                redirects[old] = new
            for feed, wren_feed in taxonomy.feeds.items():
                feed_aliases[f"{old}{feed}"] = f"{new}{wren_feed}"
    for old, new in list(feed_aliases.items()):
        if new.startswith("/tags/") and new.rsplit("/", 1)[0] + "/" not in published:
            source.findings.add(
                old.lstrip("/"), None, "url", f"{old}: no published post has its tag"
            )
            del feed_aliases[old]
            continue
        old_urls[old] = new
    feed_aliases = {old: new for old, new in feed_aliases.items() if old != new}
    for url in source.left_out:  # reported; listed so that a check can see what they lead to
        old_urls.setdefault(url, url)
    paginate = _paginate(source, placed, redirects, old_urls)
    page_urls = {item.url.casefold() for item in placed} | set(old_urls)
    for listing in source.listings:
        if listing not in _WREN_LISTINGS and listing.casefold() not in page_urls:
            redirects[listing] = old_urls[listing] = "/posts/"
    bundled = {
        f"{item.url.strip('/')}/{asset.relative_to(item.entry.asset_root).as_posix()}": asset
        for item in placed
        if item.entry.kind == "post" and item.entry.asset_root is not None
        for asset in item.entry.assets
    }
    _copy_static(source, site_dir, redirects, bundled)
    settings = dict(source.settings)
    if paginate:
        settings["paginate"] = paginate
    if placement.post_pattern is not None:
        settings["permalinks"] = {"posts": placement.post_pattern}
    since = None
    if with_rust:
        since = today or dt.datetime.now(dt.UTC).date()
        settings["rust"] = {"since": since}
        source.findings.add(
            with_rust[0],
            None,
            "rust",
            f"{len(with_rust)} posts hold Rust examples: `[rust] since = {since}` leaves them"
            " out of `wren check`, which compiles the examples of posts dated from then on",
        )
    if feed_aliases:
        settings["feed_aliases"] = feed_aliases
    (site_dir / CONFIG_FILE).write_text(_toml(settings), encoding="utf-8")
    (site_dir / ".gitignore").write_text("public/\n.wren-cache/\n", encoding="utf-8")
    findings = tuple(source.findings)
    report_path = site_dir / REPORT_FILE
    report_path.write_text(format_report(source, findings), encoding="utf-8")
    posts = sum(item.entry.kind == "post" for item in placed)
    drafts = sum(bool(item.entry.fields.get("draft")) for item in placed)
    in_place = sum(item.entry.kind == "post" and item.url == item.entry.old_url for item in placed)
    return ImportResult(
        site_dir,
        posts,
        len(placed) - posts,
        drafts,
        findings,
        old_urls,
        report_path,
        in_place,
        pinned,
        since,
    )


def _paginate(
    source: SourceSite, placed: list[Placed], redirects: dict[str, str], old_urls: dict[str, str]
) -> int:
    """Wren's ``paginate`` for the source's paginated listings, whose later pages lead to
    Wren's page that starts with the same post: the front page's, and a tag's, are Wren's
    own when the sizes agree. 0 when the source paginates nothing."""
    sizes = [per for _, per in source.paginated] + [
        taxonomy.per_page for taxonomy in source.taxonomies.values() if taxonomy.per_page
    ]
    if not sizes:
        return 0
    paginate = next((per for url, per in source.paginated if url == "/page/{}/"), sizes[0])
    published = [
        item.entry
        for item in placed
        if item.entry.kind == "post" and not item.entry.fields.get("draft")
    ]

    def lead(pattern: str, per: int, count: int, first: str, size: int = paginate) -> None:
        for number in range(source.pages_from, -(-count // per) + 1):
            start = (number - 1) * per // size + 1  # Wren's page holding its first post
            old_urls[pattern.format(number)] = new = page_url(first, start)
            if new != pattern.format(number):
                redirects[pattern.format(number)] = new

    for pattern, per in source.paginated:
        lead(pattern, per, len(published), "/")
    for name, taxonomy in source.taxonomies.items():
        counts = Counter(term for entry in published for term in set(entry.terms.get(name, ())))
        if taxonomy.terms_per_page:  # Wren lists every tag on one page
            old, terms = taxonomy.listing + taxonomy.page_path, max(len(counts), 1)
            lead(old, taxonomy.terms_per_page, terms, "/tags/", size=terms)
        if not taxonomy.per_page:
            continue
        for term, count in counts.items():
            old = taxonomy.url.format(taxonomy.slug(term)) + taxonomy.page_path
            lead(old, taxonomy.per_page, count, f"/tags/{tag_slug(term)}/")
    return paginate


def _pin_feed_ids(source: SourceSite, placed: list[Placed]) -> int:
    """Give each published post whose Wren feed id (its absolute URL) differs from the id
    of its entry in the source's feed that id as ``feed_id``; how many were given one."""
    base = str(source.settings.get("base_url", "/"))
    first: dict[str, str] = {}
    pinned = 0
    for item in placed:
        entry = item.entry
        if entry.kind != "post" or entry.fields.get("draft"):
            continue
        old = entry.feed_id or _absolute(base, entry.old_url)
        if old == _absolute(base, item.url):
            continue
        earlier = first.setdefault(old, entry.source)
        if earlier != entry.source:
            source.findings.add(
                entry.source, None, "feed", f"its old feed id {old} is also {earlier}'s: not kept"
            )
            continue
        entry.fields["feed_id"] = old
        pinned += 1
    return pinned


def _absolute(base_url: str, url: str) -> str:
    """A site path as an absolute URL under ``base_url``, as Wren's feeds write it; a space
    or control character (kept in a Zola path by ``slugify.paths = "off"``) escaped."""
    absolute = base_url.rstrip("/") + "/" + url.lstrip("/")
    return re.sub(r"[\s\x00-\x1f\x7f]", lambda char: quote(char[0]), absolute)


_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})[ \t]*([^`\n]*)$", re.MULTILINE)


def _has_rust_block(body: str) -> bool:
    return any(is_rust_block(info) for info in _FENCE.findall(body))


def _write_entry(
    source: SourceSite,
    item: Placed,
    by_ref: dict[str, Placed],
    site_dir: Path,
    old_urls: dict[str, str],
) -> str:
    """Write one post or page; the body written."""
    entry = item.entry

    def link(ref: str) -> str | None:
        found = source.resolve(ref, entry) if source.resolve else None
        if found is None or found[0] not in by_ref:
            return None
        target = by_ref[found[0]].path
        here = PurePosixPath(item.path).parent
        return os.path.relpath(target, here).replace(os.sep, "/") + found[1]

    body = entry.body
    if source.convert is not None:
        params = {**source.settings.get("extra", {}), **entry.fields.get("extra", {})}
        context = Context(entry.source, entry.body_line, source.findings, link, params)
        body = source.convert(body, context)
    if body == entry.body and PurePosixPath(entry.source).suffix in (".html", ".htm"):
        if "description" not in entry.fields and (summary := _html_summary(body)):
            entry.fields["description"] = summary  # Markdown finds no paragraph in HTML
        body = _raw_html(body)
    aliases: list[str] = []
    kept = {_folded(item.url): item.url}
    for old in [entry.old_url, *entry.aliases]:
        if not entry.fields.get("draft"):  # a draft had no public address
            old_urls[old] = item.url
        same = kept.setdefault(_folded(old), old)
        if same != old:
            source.findings.add(
                entry.source, None, "url", f"{old} is served as {same} (letter case aside)"
            )
        elif old in _WREN_LISTINGS:
            source.findings.add(
                entry.source, None, "url", f"{old} is Wren's own page; this one is at {item.url}"
            )
        elif old != item.url:
            aliases.append(old)
    matter: dict[str, Any] = {"title": entry.title}
    if entry.date is not None and entry.kind == "post":
        matter["date"] = entry.date
    matter.update(entry.fields)
    if entry.date is not None and entry.kind == "page":  # no date field; templates may show it
        matter["extra"] = {**matter.get("extra", {}), "date": entry.date}
    if item.slug is not None:
        matter["slug"] = item.slug
    if aliases:
        matter["aliases"] = aliases
    target = site_dir / item.path
    target.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.dump(matter, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
    target.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    if entry.assets and entry.asset_root is not None:
        into = target.parent if entry.kind == "post" else site_dir / "static" / item.url.strip("/")
        for asset in entry.assets:
            destination = into / asset.relative_to(entry.asset_root)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(asset, destination)
    return body


def _raw_html(body: str) -> str:
    """An HTML body as one HTML block, which Markdown leaves as it is: in a ``<div>``, each
    blank line (which would end the block) an empty comment. (A body in which shortcodes
    were turned into Markdown is left to Markdown, or they would show as written.)"""
    lines = [line if line.strip() else "<!---->" for line in body.strip("\n").split("\n")]
    return "<div>\n" + "\n".join(lines) + "\n</div>\n"


_PARAGRAPH_END = re.compile(r"</p\s*>|<br\s*/?>\s*<br\s*/?>|\n\s*\n|<a name=[\"']more[\"']", re.I)
_NOT_TEXT = re.compile(r"<(script|style|pre)\b.*?</\1\s*>|<!--.*?-->", re.I | re.DOTALL)


def _html_summary(body: str) -> str:
    """The text of an HTML body's first paragraph that has any, cut as Wren cuts the
    summary it takes from a Markdown body's first paragraph; "" when there is none."""
    for chunk in _PARAGRAPH_END.split(_NOT_TEXT.sub(" ", body)):
        text = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", chunk)).split())
        if text:
            return cut_summary(text, _SUMMARY_LENGTH)
    return ""


class _Dumper(yaml.SafeDumper):
    """YAML for front matter: a value YAML has no tag for (a TOML time of day) as text."""


_Dumper.add_multi_representer(object, lambda dumper, value: dumper.represent_str(str(value)))


def _folded(url: str) -> str:
    """An address as the file it is written to: with or without its last ``/``, any case."""
    return url.casefold() if url.endswith((".html", ".htm")) else url.casefold().rstrip("/")


def _copy_static(
    source: SourceSite, site_dir: Path, redirects: dict[str, str], bundled: dict[str, Path]
) -> None:
    """Static files, then redirect pages; a static file at the address of a post bundle's
    file is left out (said in the report unless the two are the same bytes)."""
    static = site_dir / "static"
    files = list(source.static_files)
    for folder, under in source.static_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                files.append((path, f"{under}/{path.relative_to(folder).as_posix()}".lstrip("/")))
    for path, rel in files:
        destination = static / rel
        twin = bundled.get(rel)
        if twin is not None:
            if twin.read_bytes() != path.read_bytes():
                shown = path.relative_to(source.root).as_posix()
                where = twin.relative_to(source.root).as_posix()
                source.findings.add(shown, None, "file", f"not copied: {where} has its address")
            continue
        if destination.exists():
            shown = path.relative_to(source.root).as_posix()
            source.findings.add(shown, None, "file", f"not copied: static/{rel} is taken")
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
    for text, rel in source.generated_files:
        destination = static / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(text, encoding="utf-8")
    base = source.settings.get("base_url", "/")
    for old, new in sorted(redirects.items()):
        destination = static / old.strip("/") / "index.html"
        if destination.exists():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(_redirect_page(base.rstrip("/") + new), encoding="utf-8")


def _redirect_page(target: str) -> str:
    """A page that sends readers on to ``target`` (an old tag or listing address)."""
    url = html.escape(target)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved to {url}</title>\n"
        f'<link rel="canonical" href="{url}">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        f'</head>\n<body>\n<p>This page moved to <a href="{url}">{url}</a>.</p>\n'
        "</body>\n</html>\n"
    )


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml(settings: dict[str, Any]) -> str:
    """``site.toml`` for the settings the import found (text, numbers, booleans, one
    level of tables)."""
    lines, tables = [], []
    for key, value in settings.items():
        if key == "extra":
            continue
        if isinstance(value, dict):
            tables.append(f"\n[{key}]")
            tables += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()]
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines + tables) + "\n"


def _toml_key(key: str) -> str:
    """A key as TOML writes it: bare when it may be (``since``), else quoted (``"/index.xml"``)."""
    return key if _BARE_KEY.fullmatch(key) else _toml_value(key)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float) or type(value) is dt.date:
        return str(value)
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def format_report(source: SourceSite, findings: Iterable[Finding]) -> str:
    """The import report: what could not be carried across, one ``path:line`` a line."""
    items = list(findings)
    counts = source.findings.by_kind()
    head = [
        f"Imported from {source.tool} site {source.root}",
        f"{len(items)} findings"
        + (": " if counts else "")
        + ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items())),
        "",
    ]
    return "\n".join(head + [item.format() for item in items]) + "\n"
