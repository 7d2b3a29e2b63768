"""Jekyll sites: ``_config.yml``, posts in ``_posts/`` (and ``_drafts/``), Markdown pages
elsewhere, and Jekyll's permalink rules.

A post's address is its ``permalink``, else the site's ``permalink`` pattern (``date``
by default: ``/:categories/:year/:month/:day/:title.html``); a page's is its ``permalink``,
else its path with ``.html`` (``index.md`` is its folder). Every other file that does not
start with ``_`` or ``.`` is a static file. ``redirect_from`` becomes ``aliases``;
jekyll-feed's ``/feed.xml`` is Wren's Atom feed.

A post's feed entry id is the one the site's own feed template gives it (the ``<id>`` or
``<guid>`` inside its ``{% for post in site.posts %}``, worked out from the post's front
matter), else jekyll-feed's: the absolute form of ``post.id``.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

from wren.errors import ContentError
from wren.importers.convert import convert_jekyll
from wren.importers.model import Entry, SourceSite
from wren.importers.sources import (
    MARKDOWN_SUFFIXES,
    as_date,
    as_list,
    file_date,
    load_config_file,
    read_source,
    title_from_name,
)
from wren.pipeline.slug import tag_slug

__all__ = ["read_jekyll"]

_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_EXCLUDED = ("Gemfile", "Gemfile.lock", "node_modules", "vendor", "README", "LICENSE", "UNLICENSE")
_KNOWN_FIELDS = {
    "title", "date", "description", "excerpt", "tags", "tag", "categories", "category",
    "published", "last_modified_at", "slug", "permalink", "redirect_from", "layout",
}  # fmt: skip
_TOKEN = re.compile(r":(\w+)")
_LIQUID_LOOP = re.compile(r"\{%-?\s*for\b")  # a listing made from the site's posts
_FEED_LOOP = re.compile(r"\{%-?\s*for\s+(\w+)\s+in\s+site\.posts\b.*?%\}(.*?)\{%-?\s*endfor", re.S)
_ENTRY_ID = re.compile(r"<(id|guid)\b[^>]*>(.*?)</\1>", re.S)
_OUTPUT = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_SAME_TEXT = ("xml_escape", "escape", "strip", "cdata_escape")  # filters that keep an id's text


def read_jekyll(root: Path) -> SourceSite:
    """Read the Jekyll site in ``root``."""
    config_path = root / "_config.yml"
    if not config_path.is_file():
        raise ContentError(f"no _config.yml in {root}", hint="a Jekyll site has _config.yml")
    config = load_config_file(config_path)
    url = str(config.get("url") or "http://localhost").rstrip("/")
    base = "/" + str(config.get("baseurl") or "").strip("/")
    settings: dict[str, Any] = {
        "title": str(config.get("title") or root.name),
        "base_url": url + base.rstrip("/") + "/",
        "heading_ids": "github",
    }
    if isinstance(config.get("description"), str):
        settings["tagline"] = config["description"]
    if isinstance(config.get("author"), str):
        settings["author"] = config["author"]
    site = SourceSite("Jekyll", root, settings)
    site.convert = convert_jekyll
    pattern = str(config.get("permalink") or "date")
    pattern = _STYLES.get(pattern, pattern)
    excluded = {*_EXCLUDED, *as_list(config.get("exclude"))}
    posts: dict[str, dict[str, Any]] = {}  # each post's `post` variable, by its file
    feeds: list[tuple[str, str]] = []  # the site's own feeds: (file, Liquid text)
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        parts = rel.split("/")
        if not path.is_file() or any(part.startswith(".") for part in parts):
            continue
        if parts[0] in excluded or rel in excluded or path.stem in excluded:
            continue
        if "_posts" in parts or "_drafts" in parts:
            if path.suffix in MARKDOWN_SUFFIXES or path.suffix == ".html":
                _add(site, _post(site, path, rel, pattern, posts))
            elif path.suffix == ".textile":
                site.findings.add(rel, None, "file", f"a {path.suffix} post is not imported")
            continue
        if any(part.startswith("_") for part in parts):
            continue
        if path.suffix in (*MARKDOWN_SUFFIXES, ".html") and _has_front_matter(path):
            _add(site, _page(site, path, rel))
        elif _has_front_matter(path):
            _processed_file(site, path, rel, feeds)
        else:
            site.static_files.append((path, rel))
    per = config.get("paginate")
    if isinstance(per, int) and not isinstance(per, bool) and per > 0:  # jekyll-paginate
        later = str(config.get("paginate_path") or "/page:num/").strip("/")
        site.paginated.append(("/" + later.replace(":num", "{}") + "/", per))
    plugins = as_list(config.get("plugins") or config.get("gems"))
    if "jekyll-feed" in plugins:
        site.feeds["/feed.xml"] = "/feed.xml"
    variables = {"url": url, "baseurl": base.rstrip("/")}
    if feeds or "jekyll-feed" in plugins:
        _feed_ids(site, feeds, posts, variables)
    site.resolve = _resolver(site.entries)
    return site


def _feed_ids(
    site: SourceSite,
    feeds: list[tuple[str, str]],
    posts: dict[str, dict[str, Any]],
    variables: dict[str, str],
) -> None:
    """Each post's id in the site's feed: by the entry id of its own feed template, else
    (jekyll-feed) ``post.id`` made absolute. A template this cannot follow is reported."""
    template: tuple[str, str, str] | None = None  # (feed file, loop variable, id template)
    for rel, text in feeds:
        loop = _FEED_LOOP.search(text)
        found = _ENTRY_ID.search(loop.group(2)) if loop else None
        if loop is None or found is None:
            site.findings.add(rel, None, "feed", "no entry id found: posts get new ids")
            return
        template = (rel, loop.group(1), found.group(2).strip())
        break
    missing = 0
    for entry in site.entries:
        post = posts.get(entry.source)
        if post is None:
            continue
        if template is None:
            entry.feed_id = _absolute_url(post["id"], variables)
            continue
        entry.feed_id = _liquid_id(template[2], template[1], post, variables)
        missing += entry.feed_id is None
    if template is not None and missing:
        site.findings.add(
            template[0],
            None,
            "feed",
            f"the entry id {template[2]!r} could not be worked out for {missing} posts:"
            " they get new ids, and feed readers may show them again",
        )


def _liquid_id(
    template: str, name: str, post: dict[str, Any], variables: dict[str, str]
) -> str | None:
    """A feed entry's id from its Liquid template (``urn:uuid:{{ post.uuid }}``); None
    when it uses what this cannot follow or a value the post does not have."""
    if "{%" in template:
        return None
    parts: list[str] = []
    end = 0
    for match in _OUTPUT.finditer(template):
        parts.append(template[end : match.start()])
        end = match.end()
        value = _liquid_value(match.group(1), name, post, variables)
        if not value:
            return None
        parts.append(value)
    parts.append(template[end:])
    made = html.unescape("".join(parts)).strip()
    return made if _URI.match(made) else None


def _liquid_value(
    expression: str, name: str, post: dict[str, Any], variables: dict[str, str]
) -> str | None:
    """One ``{{ ... }}``: a value of ``site`` or of the post, or a quoted string, through
    ``prepend``, ``append``, ``absolute_url`` and filters that keep the text."""
    head, *filters = [part.strip() for part in expression.split("|")]

    def operand(text: str) -> str | None:
        text = text.strip()
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
            return text[1:-1]
        owner, _, key = text.partition(".")
        if owner == "site":
            return variables.get(key)
        value = post.get(key) if owner == name else None
        return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None

    value = operand(head)
    for item in filters:
        kind, _, argument = item.partition(":")
        extra = operand(argument) if argument else None
        if value is None:
            return None
        if kind == "absolute_url":
            value = _absolute_url(str(value), variables)
        elif kind in ("prepend", "append") and extra is not None:
            value = f"{extra}{value}" if kind == "prepend" else f"{value}{extra}"
        elif kind not in _SAME_TEXT:
            return None
    return None if value is None else str(value)


def _absolute_url(path: str, variables: dict[str, str]) -> str:
    """Jekyll's ``absolute_url``: a site path under ``url`` and ``baseurl``."""
    if _URI.match(path):
        return path
    return variables["url"] + variables["baseurl"] + "/" + path.lstrip("/")


def _post_id(url: str, slug: str) -> str:
    """Jekyll's ``post.id``: the folder of its URL joined to its slug
    (``/2019/03/04/hello.html`` is ``/2019/03/04/hello``)."""
    folder = url.rstrip("/").rsplit("/", 1)[0]
    return f"{folder}/{slug}"


def _add(site: SourceSite, entry: Entry | None) -> None:
    if entry is not None:
        site.entries.append(entry)


def _has_front_matter(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4).rstrip(b"\r\n") == b"---"


def _post(
    site: SourceSite, path: Path, rel: str, pattern: str, posts: dict[str, dict[str, Any]]
) -> Entry | None:
    read = read_source(path, rel, site.findings)
    if read is None:
        return None
    data, body, line = read
    draft = "_drafts" in rel.split("/") or data.get("published") is False
    when = as_date(data.get("date")) or file_date(path.name)
    if when is None:
        if not draft:
            site.findings.add(rel, None, "front matter", "no date in the file name or front matter")
            return None
        when = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).date()
    name = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", path.stem)
    folders = [part for part in rel.split("/")[:-1] if part not in ("_posts", "_drafts")]
    categories = [*folders, *_words(data.get("categories")), *_words(data.get("category"))]
    permalink = data.get("permalink")
    url = (
        str(permalink)
        if isinstance(permalink, str)
        else _expand(pattern, when, str(data.get("slug") or name), categories, data)
    )
    title = data.get("title") if isinstance(data.get("title"), str) else title_from_name(name)
    fields = _fields(data, categories, draft)
    if path.suffix == ".html":
        site.findings.add(rel, line, "html", "an HTML post: its body is kept as raw HTML")
    entry = Entry(rel, "post", " ".join(str(title).split()), when, body, line, url, rel, fields)
    entry.aliases = [_slashed(alias) for alias in as_list(data.get("redirect_from"))]
    slug = str(data.get("slug") or name)
    posts[rel] = {**data, "url": url, "slug": slug, "id": _post_id(url, slug)}
    return entry


def _page(site: SourceSite, path: Path, rel: str) -> Entry | None:
    read = read_source(path, rel, site.findings)
    if read is None:
        return None
    data, body, line = read
    url = _page_url(path, rel, data.get("permalink"))
    if path.suffix == ".html" and not body.strip():
        site.findings.add(rel, None, "file", "an HTML page made by its layout is not imported")
        site.left_out.append(url)
        return None
    if path.suffix == ".html" and _LIQUID_LOOP.search(body):  # an archive: Wren's is /posts/
        site.findings.add(rel, None, "file", "a listing made by a Liquid loop leads to /posts/")
        site.listings.append(url)
        return None
    if path.suffix == ".html":
        site.findings.add(rel, line, "html", "an HTML page: its body is kept as raw HTML")
    if url == "/":
        site.findings.add(
            rel, None, "file", "the front page is Wren's own; its text is not imported"
        )
        return None
    title = data.get("title") if isinstance(data.get("title"), str) else title_from_name(path.stem)
    fields = _fields(data, [], data.get("published") is False)
    fields.pop("tags", None)
    entry = Entry(rel, "page", " ".join(str(title).split()), None, body, line, url, rel, fields)
    entry.aliases = [_slashed(alias) for alias in as_list(data.get("redirect_from"))]
    return entry


def _processed_file(site: SourceSite, path: Path, rel: str, feeds: list[tuple[str, str]]) -> None:
    """A file other than a page with front matter, which Jekyll runs through Liquid: a
    feed becomes a copy of Wren's feed (of the tag whose folder it is in; the site's own
    is added to ``feeds``); any other file is copied without its front matter, and
    reported when Liquid is left in it."""
    text = path.read_text(encoding="utf-8", errors="replace")
    body = text.split("\n---", 1)[1].split("\n", 1)[-1] if "\n---" in text else ""
    url = "/" + rel
    if path.suffix == ".xml" and ("<feed" in body or "<rss" in body):
        name = "feed.xml" if "<feed" in body else "rss.xml"
        parts = rel.split("/")
        tag = parts[1] if len(parts) > 2 and parts[0] == "tags" else None
        site.feeds[url] = f"/tags/{tag_slug(tag)}/{name}" if tag else f"/{name}"
        if tag is None:
            feeds.append((rel, body))
        return
    if "{{" in body or "{%" in body:
        site.findings.add(rel, None, "liquid", "Liquid in a static file is not run; copied as is")
    site.generated_files.append((body, rel))


def _page_url(path: Path, rel: str, permalink: object) -> str:
    """A page's address: its ``permalink``, else its path with ``.html`` (an ``index``
    file is its folder)."""
    if isinstance(permalink, str):
        return _slashed(permalink)
    if path.stem == "index":
        return "/" + rel.rsplit("/", 1)[0] + "/" if "/" in rel else "/"
    return "/" + rel.rsplit(".", 1)[0] + ".html"


def _words(value: object) -> list[str]:
    """Jekyll's categories and tags: a list, or words separated by spaces."""
    if isinstance(value, str):
        return value.split()
    return as_list(value)


def _fields(data: dict[str, Any], categories: list[str], draft: bool) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    summary = data.get("description") or data.get("excerpt")
    if isinstance(summary, str) and summary.strip():
        fields["description"] = " ".join(summary.split())
    tags: dict[str, str] = {}
    for tag in [*_words(data.get("tags")), *_words(data.get("tag"))]:
        tags.setdefault(tag.casefold(), tag)
    if tags:
        fields["tags"] = list(tags.values())
    if draft:
        fields["draft"] = True
    updated = as_date(data.get("last_modified_at"))
    if updated is not None:
        fields["updated"] = updated
    extra = {key: value for key, value in data.items() if key not in _KNOWN_FIELDS}
    if categories:
        extra["categories"] = categories
    if extra:
        fields["extra"] = extra
    return fields


def _expand(
    pattern: str, when: dt.date, name: str, categories: list[str], data: dict[str, Any]
) -> str:
    values = {
        "year": f"{when.year:04d}",
        "short_year": f"{when.year % 100:02d}",
        "month": f"{when.month:02d}",
        "i_month": str(when.month),
        "short_month": when.strftime("%b"),
        "long_month": when.strftime("%B"),
        "day": f"{when.day:02d}",
        "i_day": str(when.day),
        "y_day": when.strftime("%j"),
        "week": when.strftime("%V"),
        "short_day": when.strftime("%a"),
        "long_day": when.strftime("%A"),
        "title": name,
        "slug": re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"),
        "categories": "/".join(category.lower().replace(" ", "-") for category in categories),
        "output_ext": ".html",
    }
    path = _TOKEN.sub(lambda m: values.get(m[1], m[0]), pattern)
    path = re.sub(r"/+", "/", "/" + path)
    return path if path.endswith(("/", ".html")) else path + "/"


def _slashed(path: str) -> str:
    return "/" + path.strip().lstrip("/")


def _resolver(entries: list[Entry]) -> Any:
    """``{% link path %}`` names a file from the site's root; ``{% post_url name %}`` a
    post's file name without its folder and suffix (``2019-01-31-title``)."""
    by_path = {entry.ref: entry.ref for entry in entries}
    by_post = {
        entry.ref.rsplit("/", 1)[-1].rsplit(".", 1)[0]: entry.ref
        for entry in entries
        if entry.kind == "post"
    }

    def resolve(ref: str, entry: Entry) -> tuple[str, str] | None:
        kind, _, name = ref.partition(":")
        name, hash_, fragment = name.partition("#")
        found = (
            by_post.get(name.rsplit("/", 1)[-1])
            if kind == "post_url"
            else by_path.get(name.lstrip("/"))
        )
        return (found, hash_ + fragment) if found else None

    return resolve
