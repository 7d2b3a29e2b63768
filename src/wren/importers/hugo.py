"""Hugo sites: ``hugo.toml``/``config.toml`` (or YAML, JSON, ``config/_default/``), the
content tree with its sections and page bundles, and Hugo's rules for URLs.

A page's address is its ``url``, else its section's ``permalinks`` pattern, else its
section folders and its ``slug`` (or file or bundle name), lowercased. Pages of the main
sections (``mainSections``, else the section with the most dated pages) are posts; the
others are standalone pages. Tags and categories (merged into tags) live at
``/tags/NAME/`` with a feed at ``/tags/NAME/index.xml``; the site's feed is ``/index.xml``.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wren.errors import ContentError
from wren.importers.convert import convert_hugo
from wren.importers.model import Entry, SourceSite, Taxonomy
from wren.importers.sources import (
    MARKDOWN_SUFFIXES,
    as_date,
    as_list,
    file_date,
    join_url,
    load_config_file,
    read_source,
    title_from_name,
)

__all__ = ["content_dir", "hugo_path", "read_config", "read_hugo"]

_CONFIG_NAMES = ("hugo", "config")
_CONFIG_SUFFIXES = (".toml", ".yaml", ".yml", ".json")
_KNOWN_FIELDS = {
    "title", "date", "publishDate", "pubDate", "published", "lastmod", "modified",
    "description", "summary", "tags", "categories", "draft", "slug", "url", "aliases",
}  # fmt: skip
_TOKEN = re.compile(r":(\w+)")


def hugo_path(text: str) -> str:
    """A path part as Hugo writes it in URLs: lowercase, spaces as ``-``, and only
    letters, digits, marks, ``.-_/~+#@`` and ``%`` before two hex digits kept.

    >>> hugo_path("My Post: Part 2"), hugo_path("libc++ & C#")
    ('my-post-part-2', 'libc++-c#')
    """
    kept = re.sub(r"%(?![0-9a-f]{2})|[^\w.\-/~+#@% ]", "", text.strip().lower())
    return re.sub(r"\s+", "-", kept)


def read_config(root: Path) -> dict[str, Any]:
    for name in _CONFIG_NAMES:
        for suffix in _CONFIG_SUFFIXES:
            if (root / f"{name}{suffix}").is_file():
                return load_config_file(root / f"{name}{suffix}")
    folder = root / "config" / "_default"
    if not folder.is_dir():
        raise ContentError(
            f"no Hugo settings in {root}",
            hint="a Hugo site has hugo.toml, config.toml (or .yaml, .json) or config/_default/",
        )
    config: dict[str, Any] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix in _CONFIG_SUFFIXES and path.is_file():
            loaded = load_config_file(path)
            if path.stem in _CONFIG_NAMES:
                config.update(loaded)
            else:
                config[path.stem] = loaded
    return config


def content_dir(root: Path, config: dict[str, Any]) -> Path:
    language = str(config.get("defaultContentLanguage", "en"))
    languages = config.get("languages") or {}
    own = languages.get(language, {}) if isinstance(languages, dict) else {}
    named = config.get("contentDir") or (own.get("contentDir") if isinstance(own, dict) else None)
    if named:
        return root / str(named)
    content = root / "content"
    if isinstance(languages, dict) and len(languages) > 1 and (content / language).is_dir():
        return content / language  # one folder per language, as multilingual sites have
    return content


@dataclass(frozen=True, slots=True)
class _File:
    path: Path
    rel: str  # relative to the content folder
    data: dict[str, Any]
    body: str
    line: int

    @property
    def section(self) -> str:
        return self.rel.split("/")[0] if "/" in self.rel else ""


def read_hugo(root: Path, sections: Sequence[str] = ()) -> SourceSite:
    """Read the Hugo site in ``root``; with ``sections``, only those are posts and the
    other sections are left out (each named in the report)."""
    config = read_config(root)
    content = content_dir(root, config)
    params: dict[str, Any] = config["params"] if isinstance(config.get("params"), dict) else {}
    settings: dict[str, Any] = {
        "title": str(config.get("title") or root.name),
        "base_url": str(config.get("baseURL") or config.get("baseurl") or "http://localhost/"),
        "heading_ids": "github",
        "extra": params,
    }
    if isinstance(params.get("description"), str):
        settings["tagline"] = params["description"]
    site = SourceSite("Hugo", root, settings)
    site.convert = convert_hugo
    site.taxonomies = _taxonomies(config)
    files = _content_files(content, site)
    main = set(sections) or _main_sections(config, params, files)
    rules = _Rules(
        _permalinks(config),
        not config.get("disablePathToLower", False),
        bool(config.get("uglyURLs")),
    )
    left_out: set[str] = set()
    for file in files:
        if sections and file.section not in main and file.rel.count("/"):
            left_out.add(file.section)
            continue
        if file.path.stem == "_index":
            url = join_url(*[hugo_path(part) for part in file.rel.split("/")[:-1]])
            site.listings.append(url)
            if file.body.strip():
                site.findings.add(
                    _shown(file.path, root),
                    None,
                    "section",
                    f"the text of the listing {url} is not imported",
                )
            continue
        entry = _entry(root, file, "post" if file.section in main else "page", site)
        entry.old_url = _url(file, entry, rules)
        entry.aliases = [
            _absolute(alias, entry.old_url) for alias in as_list(file.data.get("aliases"))
        ]
        site.entries.append(entry)
    for section in sorted(left_out):
        where = _shown(content / section, root) if section else _shown(content, root)
        site.findings.add(where, None, "section", "left out: not one of the sections imported")
    for name in site.taxonomies:
        if name != "tags" and any(file.data.get(name) for file in files):
            site.findings.add(
                _shown(content, root), None, "taxonomy", f"{name} are merged into tags"
            )
    if (root / "static").is_dir():
        site.static_dirs.append((root / "static", ""))
    if (root / "assets").is_dir():
        site.findings.add("assets", None, "file", "Hugo's asset pipeline folder is not copied")
    site.resolve = _resolver(site.entries)
    rss = _rss_name(config)
    if rss != "rss.xml":
        settings["feeds"] = {"rss": rss}  # Wren's RSS feeds at Hugo's addresses
    site.feeds = {f"/{rss}": f"/{rss}"}
    for taxonomy in site.taxonomies.values():  # the list of every term, and its feed
        site.listings.append(taxonomy.listing)
        site.feeds.update({f"{taxonomy.listing}{feed}": f"/{rss}" for feed in taxonomy.feeds})
    # Every top-level folder is a section, with or without _index.md: a listing and a feed.
    top = {
        file.section
        for file in files
        if file.section and not (sections and file.section not in main)
    }
    site.listings += [join_url(hugo_path(section)) for section in sorted(top)]
    site.feeds.update({f"{url}{rss}": f"/{rss}" for url in site.listings if url != "/"})
    _paginated(root, config, main, site)
    return site


def _paginated(root: Path, config: dict[str, Any], main: set[str], site: SourceSite) -> None:
    """Hugo splits a listing into pages of ``pagerSize`` (10 by default) where its
    template asks for ``.Paginator``: the front page, the main section and term pages
    then have later pages at ``page/N/``. Without the templates (a theme fetched as a
    module) that is not known, and said."""
    pagination = config.get("pagination")
    size = (pagination or {}).get("pagerSize") if isinstance(pagination, dict) else None
    size = size or config.get("paginate") or 10
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        return
    folders = [root / "layouts"]
    folders += [root / "themes" / theme / "layouts" for theme in as_list(config.get("theme"))]
    templates = [path for folder in folders if folder.is_dir() for path in folder.rglob("*.html")]
    if not any(".Paginat" in path.read_text(errors="replace") for path in templates):
        if not templates or any(not folder.is_dir() for folder in folders[1:]):
            site.findings.add(
                "layouts",
                None,
                "url",
                "its templates are not here: later pages of listings (/page/2/...), if the"
                " theme makes them, are not kept",
            )
        return
    site.pages_from = 1  # Hugo's page/1/ redirects to the listing
    site.paginated.append(("/page/{}/", size))
    if len(main) == 1:
        site.paginated.append((join_url(hugo_path(next(iter(main))), "page") + "{}/", size))
    for name, taxonomy in site.taxonomies.items():
        site.taxonomies[name] = dataclasses.replace(taxonomy, per_page=size, terms_per_page=size)


def _rss_name(config: dict[str, Any]) -> str:
    """The file name of Hugo's RSS feeds: ``index.xml``, unless ``outputFormats`` renames it."""
    formats = config.get("outputFormats") or config.get("outputformats")
    named = (
        {str(key).lower(): value for key, value in formats.items()}
        if isinstance(formats, dict)
        else {}
    )
    rss = named.get("rss")
    base = (
        {str(k).lower(): v for k, v in rss.items()}.get("basename")
        if isinstance(rss, dict)
        else None
    )
    return (
        f"{base}.xml" if isinstance(base, str) and base.strip() and "/" not in base else "index.xml"
    )


def _taxonomies(config: dict[str, Any]) -> dict[str, Taxonomy]:
    """Hugo's taxonomies (``tags`` and ``categories`` unless set), each term's page at
    ``/PLURAL/TERM/`` with its feed ``index.xml``; none when term pages are turned off."""
    named = config.get("taxonomies")
    plurals = named.values() if isinstance(named, dict) else ("tags", "categories")
    disabled = {str(kind).lower() for kind in as_list(config.get("disableKinds"))}
    if disabled & {"term", "taxonomyterm"}:
        return {}
    rss = _rss_name(config)
    feeds = {} if "rss" in disabled else {rss: rss}
    return {
        str(plural): Taxonomy(f"/{hugo_path(str(plural))}/{{}}/", hugo_path, feeds)
        for plural in plurals
    }


@dataclass(frozen=True, slots=True)
class _Rules:
    permalinks: dict[str, str]  # section -> pattern
    lower: bool
    ugly: bool


def _permalinks(config: dict[str, Any]) -> dict[str, str]:
    table = config.get("permalinks")
    if not isinstance(table, dict):
        return {}
    if isinstance(table.get("page"), dict):  # the newer form: [permalinks.page]
        table = table["page"]
    return {str(key): str(value) for key, value in table.items() if isinstance(value, str)}


_HTML = (".html", ".htm")  # content Hugo renders without Markdown


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _content_files(content: Path, site: SourceSite) -> list[_File]:
    """The content files Hugo makes pages of: Markdown, and HTML with front matter (its
    body kept as raw HTML, reported); other formats are reported."""
    files = []
    pages = (*MARKDOWN_SUFFIXES, *_HTML)
    bundles = {path.parent for path in content.rglob("index.*") if path.suffix in pages}
    for path in sorted(content.rglob("*")):
        rel = path.relative_to(content).as_posix()
        if not path.is_file() or any(part.startswith(".") for part in rel.split("/")):
            continue
        in_bundle = any(folder in bundles for folder in path.parents) and path.stem != "index"
        if path.suffix not in pages or in_bundle:
            if path.suffix in (".adoc", ".org", ".rst", ".pdc") and not in_bundle:
                site.findings.add(
                    _shown(path, site.root), None, "file", f"{path.suffix} content is not imported"
                )
            continue
        read = read_source(path, _shown(path, site.root), site.findings, fence_prefix=True)
        if read is None:
            continue
        data, body, line = read
        if data.get("headless") or _never_rendered(data):
            continue
        if path.suffix in _HTML:
            if not data:
                site.findings.add(
                    _shown(path, site.root),
                    None,
                    "file",
                    "HTML without front matter is not imported",
                )
                continue
            message = "an HTML page: its body is kept as raw HTML"
            site.findings.add(_shown(path, site.root), line, "html", message)
        files.append(_File(path, rel, data, body, line))
    return files


def _never_rendered(data: dict[str, Any]) -> bool:
    build = data.get("build") or data.get("_build")
    return isinstance(build, dict) and build.get("render") in ("never", False)


def _main_sections(config: dict[str, Any], params: dict[str, Any], files: list[_File]) -> set[str]:
    named = params.get("mainSections") or config.get("mainSections")
    if named:
        return set(as_list(named))
    dated = Counter(
        file.section for file in files if file.path.stem != "_index" and file.data.get("date")
    )
    return {dated.most_common(1)[0][0]} if dated else set()


def _entry(root: Path, file: _File, kind: str, site: SourceSite) -> Entry:
    data, shown = file.data, _shown(file.path, root)
    bundle = file.path.stem == "index"
    name = file.path.parent.name if bundle else file.path.stem
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        title = title_from_name(name)
        site.findings.add(shown, 1, "front matter", f"no title; imported as {title!r}")
    when = next(
        (
            as_date(data[key])
            for key in ("date", "publishDate", "pubDate", "published")
            if data.get(key)
        ),
        None,
    ) or file_date(name)
    if kind == "post" and when is None:
        site.findings.add(shown, 1, "front matter", "no date: imported as a page")
        kind = "page"
    fields: dict[str, Any] = {}
    summary = data.get("description") or data.get("summary")
    if isinstance(summary, str) and summary.strip():
        fields["description"] = " ".join(summary.split())
    terms = {name: as_list(data.get(name)) for name in site.taxonomies}
    tags = _tags([term for names in terms.values() for term in names])
    if tags and kind == "post":
        fields["tags"] = tags
    if data.get("draft") is True:
        fields["draft"] = True
    updated = as_date(data.get("lastmod") or data.get("modified"))
    if updated is not None and kind == "post":
        fields["updated"] = updated
    extra = {key: value for key, value in data.items() if key not in _KNOWN_FIELDS}
    if extra:
        fields["extra"] = extra
    entry = Entry(
        shown,
        "post" if kind == "post" else "page",
        " ".join(title.split()),
        when,
        file.body,
        file.line,
        "",
        file.rel,
        fields,
    )
    entry.terms = {name: names for name, names in terms.items() if names}
    if bundle:
        entry.asset_root = file.path.parent
        entry.assets = [
            path
            for path in sorted(file.path.parent.rglob("*"))
            if path.is_file() and path != file.path and not path.name.startswith(".")
        ]
    return entry


def _tags(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.strip().casefold(), name.strip())
    return [name for name in seen.values() if name]


def _url(file: _File, entry: Entry, rules: _Rules) -> str:
    data = file.data
    if isinstance(data.get("url"), str) and data["url"].strip():
        url = "/" + str(data["url"]).strip().lstrip("/")
        return url if url.endswith("/") or "." in url.rsplit("/", 1)[-1] else url + "/"
    parts = file.rel.split("/")[:-1]
    name = parts.pop() if file.path.stem == "index" else file.path.stem
    slug = str(data.get("slug") or name)
    pattern = rules.permalinks.get(file.section)
    if pattern is not None and entry.date is not None:
        path = _expand(pattern, file, entry, slug, name)
    else:
        path = join_url(*parts, slug)
    if rules.lower:
        path = "/".join(hugo_path(part) for part in path.split("/"))
    if rules.ugly and path.endswith("/") and path != "/":
        path = path.rstrip("/") + ".html"
    return path


def _expand(pattern: str, file: _File, entry: Entry, slug: str, name: str) -> str:
    date = entry.date
    assert date is not None
    values = {
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "monthname": date.strftime("%B"),
        "day": f"{date.day:02d}",
        "weekday": str(date.isoweekday() % 7),
        "weekdayname": date.strftime("%A"),
        "yearday": date.strftime("%j"),
        "section": file.section,
        "sections": "/".join(file.rel.split("/")[:-1]),
        "title": hugo_path(entry.title),
        "slug": hugo_path(str(file.data.get("slug") or entry.title)),
        "filename": name,
        "contentbasename": name,
        "slugorfilename": str(file.data.get("slug") or name),
        "slugorcontentbasename": str(file.data.get("slug") or name),
    }
    path = _TOKEN.sub(lambda m: values.get(m[1], m[0]), pattern)
    return "/" + path.lstrip("/")


def _absolute(alias: str, page_url: str) -> str:
    """An alias as a site path: one without a leading ``/`` is beside the page."""
    if alias.startswith("/"):
        return alias
    folder = page_url.rstrip("/").rsplit("/", 1)[0]
    return f"{folder}/{alias}"


def _resolver(entries: list[Entry]) -> Callable[[str, Entry], tuple[str, str] | None]:
    """``ref``/``relref``: a path under the content folder, a path beside the page, or a
    file name that only one page has."""
    full: dict[str, str] = {}
    base: dict[str, list[str]] = {}
    for entry in entries:
        for key in _keys(entry.ref):
            full.setdefault(key, entry.ref)
        base.setdefault(entry.ref.rsplit("/", 1)[-1], []).append(entry.ref)

    def resolve(ref: str, entry: Entry) -> tuple[str, str] | None:
        path, hash_, fragment = ref.partition("#")
        suffix = hash_ + fragment
        if not path:
            return entry.ref, suffix
        here = entry.ref.rsplit("/", 1)[0] if "/" in entry.ref else ""
        tries = [path.lstrip("/")] if path.startswith("/") else [f"{here}/{path}".lstrip("/"), path]
        for attempt in tries:
            key = _normal(attempt)
            if key in full:
                return full[key], suffix
        found = base.get(path.rsplit("/", 1)[-1], [])
        return (found[0], suffix) if len(found) == 1 else None

    return resolve


def _keys(ref: str) -> list[str]:
    stem = ref.rsplit(".", 1)[0]
    keys = [ref, stem]
    if stem.endswith("/index"):
        keys.append(stem.removesuffix("/index"))
    return [_normal(key) for key in keys]


def _normal(path: str) -> str:
    parts: list[str] = []
    for part in path.strip("/").split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)
