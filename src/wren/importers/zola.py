"""Zola sites: ``config.toml``, the content tree of sections (folders with ``_index.md``)
and pages, and Zola's rules for URLs.

A page's address is its ``path``, else its section's folders and its ``slug`` (else its
file or bundle name without a date prefix), slugified as ``slugify.paths`` says. Pages whose
nearest section that is not ``transparent`` is sorted by date (and that have a date) are
posts; the others are standalone pages. Taxonomy terms live at ``/NAME/TERM/``, feeds at
the names ``feed_filenames`` gives.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from anyascii import anyascii

from wren.errors import ContentError
from wren.importers.convert import ImageTemplate, convert_zola, image_template
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

__all__ = ["read_zola", "zola_slug"]

_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][\d:]+(?:Z|[+-][\d:]+)?)?[-_]")
_NOT_PAGES = ("templates", "sass", "themes")


def zola_slug(text: str, mode: str = "on") -> str:
    """A slug by Zola's ``slugify`` setting: ``on`` transliterates to lowercase ASCII words
    joined by ``-``; ``safe`` only drops characters unsafe in paths; ``off`` keeps it all.

    >>> zola_slug("Héllo, World!")
    'hello-world'
    """
    if mode == "off":
        return text
    if mode == "safe":
        return re.sub(r'[<>:"/\\|?*#\s]+', "-", text.strip()).strip("-")
    return "-".join(re.findall(r"[a-z0-9]+", anyascii(text).lower()))


@dataclass(frozen=True, slots=True)
class _Section:
    folder: str  # relative to content/, "" for the root
    data: dict[str, Any]

    @property
    def transparent(self) -> bool:
        return bool(self.data.get("transparent"))


def read_zola(root: Path) -> SourceSite:
    """Read the Zola site in ``root``."""
    if not (root / "config.toml").is_file():
        raise ContentError(f"no config.toml in {root}", hint="a Zola site has config.toml")
    config = load_config_file(root / "config.toml")
    markdown = config.get("markdown") if isinstance(config.get("markdown"), dict) else {}
    settings: dict[str, Any] = {
        "title": str(config.get("title") or root.name),
        "base_url": str(config.get("base_url") or "http://localhost/").rstrip("/") + "/",
        "heading_ids": "zola",
        "extra": config.get("extra") if isinstance(config.get("extra"), dict) else {},
    }
    if isinstance(config.get("description"), str):
        settings["tagline"] = config["description"]
    if isinstance(config.get("default_language"), str):
        settings["language"] = config["default_language"]
    if (markdown or {}).get("smart_punctuation") is True:
        settings["smart_punctuation"] = True
    site = SourceSite("Zola", root, settings)
    site.convert = functools.partial(convert_zola, images=_image_shortcodes(root, config))
    slugify = config.get("slugify") if isinstance(config.get("slugify"), dict) else {}
    path_mode = str((slugify or {}).get("paths", "on"))
    content = root / "content"
    sections = _sections(content, site)
    feeds = _feed_names(config)
    for section in sections.values():
        url = join_url(section.folder)
        if section.data.get("render", True) is not False:
            site.listings.append(url)
        if section.data.get("generate_feeds") or section.data.get("generate_feed"):
            site.feeds.update({f"{url}{name}": f"/{_wren_feed(name, feeds)}" for name in feeds})
    for path in sorted(content.rglob("*")):
        rel = path.relative_to(content).as_posix()
        if not path.is_file() or any(part.startswith(".") for part in rel.split("/")):
            continue
        folder = path.parent.relative_to(content).as_posix().removeprefix(".")
        if path.suffix in MARKDOWN_SUFFIXES and path.stem != "_index":
            bundle = path.stem == "index" and folder not in sections
            entry = _entry(site, path, rel, sections, path_mode, bundle)
            if entry is not None:
                site.entries.append(entry)
        elif path.suffix not in MARKDOWN_SUFFIXES and folder in sections:
            site.static_files.append((path, rel))  # a section's assets sit beside its page
    if (root / "static").is_dir():
        site.static_dirs.append((root / "static", ""))
    for name in _NOT_PAGES:
        if (root / name).is_dir():
            site.findings.add(name, None, "file", f"Zola's {name}/ are not imported")
    if config.get("generate_feeds", config.get("generate_feed")):
        site.feeds.update({f"/{name}": f"/{_wren_feed(name, feeds)}" for name in feeds})
    _taxonomies(config, site, feeds)
    _paginated(sections, site)
    site.pages_from = 1  # Zola writes page/1/ too, a redirect to the listing itself
    if "atom.xml" in feeds and (site.feeds or any(t.feeds for t in site.taxonomies.values())):
        settings["feeds"] = {"atom": "atom.xml"}  # Wren's Atom feeds at Zola's addresses
    site.resolve = _resolve
    return site


def _image_shortcodes(root: Path, config: dict[str, Any]) -> dict[str, ImageTemplate]:
    """The shortcodes of the site (and of its theme) whose template shows only an image,
    by name; the site's own template of a name wins over its theme's."""
    folders = [root / "templates" / "shortcodes"]
    if isinstance(config.get("theme"), str):
        folders.insert(0, root / "themes" / config["theme"] / "templates" / "shortcodes")
    found: dict[str, ImageTemplate | None] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.html")) if folder.is_dir() else []:
            found[path.stem] = image_template(path.read_text(encoding="utf-8", errors="replace"))
    return {name: template for name, template in found.items() if template is not None}


def _sections(content: Path, site: SourceSite) -> dict[str, _Section]:
    sections = {}
    for path in sorted(content.rglob("_index.*")):
        if path.suffix not in MARKDOWN_SUFFIXES:
            continue
        read = read_source(path, path.relative_to(site.root).as_posix(), site.findings)
        folder = path.parent.relative_to(content).as_posix().removeprefix(".")
        sections[folder] = _Section(folder, read[0] if read else {})
    return sections


def _feed_names(config: dict[str, Any]) -> list[str]:
    names = config.get("feed_filenames") or [config.get("feed_filename") or "atom.xml"]
    return [str(name) for name in as_list(names)]


def _wren_feed(name: str, names: list[str]) -> str:
    """The Wren feed that serves Zola's feed ``name``: Atom (named ``atom.xml`` when Zola
    writes that) or RSS."""
    if "atom" not in name:
        return "rss.xml"
    return "atom.xml" if "atom.xml" in names else "feed.xml"


def _taxonomies(config: dict[str, Any], site: SourceSite, feeds: list[str]) -> None:
    """Zola's taxonomies, each term's page at ``/NAME/TERM/`` (with feeds when the
    taxonomy has ``feed = true``); all of them become Wren's tags."""
    slugify = config.get("slugify") if isinstance(config.get("slugify"), dict) else {}
    mode = str((slugify or {}).get("taxonomies", "on"))
    for taxonomy in config.get("taxonomies") or []:
        if not isinstance(taxonomy, dict) or "name" not in taxonomy:
            continue
        name = str(taxonomy["name"])
        if name != "tags":
            site.findings.add("config.toml", None, "taxonomy", f"`{name}` is merged into tags")
        with_feeds = taxonomy.get("feed") or taxonomy.get("rss")
        per = taxonomy.get("paginate_by")
        site.taxonomies[name] = Taxonomy(
            f"/{zola_slug(name, mode)}/{{}}/",
            functools.partial(zola_slug, mode=mode),
            {feed: _wren_feed(feed, feeds) for feed in feeds} if with_feeds else {},
            per if isinstance(per, int) and not isinstance(per, bool) and per > 0 else 0,
            str(taxonomy.get("paginate_path", "page")).strip("/") + "/{}/",
        )


def _paginated(sections: dict[str, _Section], site: SourceSite) -> None:
    """The post sections split into pages (``paginate_by``): the front page's later pages
    are Wren's own; another section's lead there when it lists every post."""
    posts = [entry.ref for entry in site.entries if entry.kind == "post"]
    for section in sections.values():
        per = section.data.get("paginate_by")
        if not isinstance(per, int) or isinstance(per, bool) or per <= 0:
            continue
        path = str(section.data.get("paginate_path", "page")).strip("/")
        pattern = join_url(section.folder, path) + "{}/"
        inside = [ref for ref in posts if ref.startswith(f"{section.folder}/")]
        if not section.folder or (posts and len(inside) == len(posts)):
            site.paginated.append((pattern, per))
        elif inside:
            site.findings.add(
                f"content/{section.folder}/_index.md",
                None,
                "url",
                f"its later pages ({pattern.format(2)}...) are not kept: Wren splits only"
                " the list of every post into pages",
            )


def _is_post_section(folder: str, sections: dict[str, _Section]) -> bool:
    while True:
        section = sections.get(folder)
        if section is not None and not section.transparent:
            return section.data.get("sort_by") == "date"
        if not folder:
            return False
        folder = folder.rsplit("/", 1)[0] if "/" in folder else ""


def _entry(
    site: SourceSite,
    path: Path,
    rel: str,
    sections: dict[str, _Section],
    path_mode: str,
    bundle: bool,
) -> Entry | None:
    shown = path.relative_to(site.root).as_posix()
    read = read_source(path, shown, site.findings)
    if read is None:
        return None
    data, body, line = read
    folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
    if bundle:
        folder = folder.rsplit("/", 1)[0] if "/" in folder else ""
    name = path.parent.name if bundle else path.stem
    when = as_date(data.get("date")) or file_date(name)
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        title = title_from_name(name)
        site.findings.add(shown, 1, "front matter", f"no title; imported as {title!r}")
    kind: Literal["post", "page"] = (
        "post" if when is not None and _is_post_section(folder, sections) else "page"
    )
    fields = _fields(data, kind)
    if isinstance(data.get("path"), str):
        url = join_url(data["path"])
    else:
        slug = zola_slug(str(data.get("slug") or _DATE_PREFIX.sub("", name)), path_mode)
        url = join_url(folder, slug)
    entry = Entry(shown, kind, " ".join(title.split()), when, body, line, url, rel, fields)
    entry.aliases = ["/" + alias.lstrip("/") for alias in as_list(data.get("aliases"))]
    entry.terms = _terms(data)
    if bundle:
        entry.asset_root = path.parent
        entry.assets = [
            asset
            for asset in sorted(path.parent.rglob("*"))
            if asset.is_file() and asset != path and not asset.name.startswith(".")
        ]
    return entry


def _fields(data: dict[str, Any], kind: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if isinstance(data.get("description"), str) and data["description"].strip():
        fields["description"] = " ".join(data["description"].split())
    tags: dict[str, str] = {}
    for values in _terms(data).values():
        for tag in as_list(values):
            tags.setdefault(tag.strip().casefold(), tag.strip())
    if tags and kind == "post":
        fields["tags"] = list(tags.values())
    if data.get("draft") is True:
        fields["draft"] = True
    updated = as_date(data.get("updated"))
    if updated is not None and kind == "post":
        fields["updated"] = updated
    extra = dict(data["extra"]) if isinstance(data.get("extra"), dict) else {}
    for key in ("template", "weight", "authors", "in_search_index", "render"):
        if key in data:
            extra[key] = data[key]
    if extra:
        fields["extra"] = extra
    return fields


def _terms(data: dict[str, Any]) -> dict[str, list[str]]:
    taxonomies = data.get("taxonomies")
    if not isinstance(taxonomies, dict):
        return {}
    return {str(name): as_list(values) for name, values in taxonomies.items()}


def _resolve(ref: str, entry: Entry) -> tuple[str, str] | None:
    """``@/blog/post.md#part``: a path under content/."""
    path, hash_, fragment = ref.removeprefix("@/").partition("#")
    return path, hash_ + fragment
