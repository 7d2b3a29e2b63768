"""Where each imported post and page goes in the Wren site, and at which URL.

Posts keep their old addresses through one ``[permalinks]`` pattern when a single pattern
gives every post its old address (``/blog/:year/:slug/``), their slug then written as the
old address has it; otherwise they live at ``/posts/<slug>/`` and their old addresses
become aliases. A page whose old address is a folder keeps it, as a file at that path
under ``content/pages/``; any other page is named after its old path, with an alias.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from wren.importers.model import Entry
from wren.pipeline.slug import slug_problem, slugify

__all__ = ["Placed", "Placement", "place", "post_pattern"]

# First folders of addresses that Wren's own pages take.
_RESERVED = frozenset({"posts", "tags", "courses", "search", "pagefind", "404"})


@dataclass(frozen=True, slots=True)
class Placed:
    entry: Entry
    path: str  # the file in the Wren site, such as content/posts/x.md
    url: str  # its Wren URL
    slug: str | None  # written as `slug`


@dataclass(frozen=True, slots=True)
class Placement:
    items: list[Placed]
    post_pattern: str | None  # for `[permalinks] posts`, when one pattern keeps every post


def post_pattern(url: str, date: dt.date) -> tuple[str, str] | None:
    """The permalink pattern and slug that give a post dated ``date`` the address ``url``.

    >>> post_pattern("/blog/2024/06/Hello.html", dt.date(2024, 6, 5))
    ('/blog/:year/:month/:slug.html', 'Hello')
    """
    parts = [part for part in url.split("/") if part]
    if not parts:
        return None
    *folders, last = parts
    dates = [
        (f"{date.year:04d}", ":year"),
        (f"{date.month:02d}", ":month"),
        (f"{date.day:02d}", ":day"),
    ]
    pattern = "/"
    for part in folders:  # date parts in their order: in /2009/05/05/ the month comes first
        found = next((index for index, (value, _) in enumerate(dates) if value == part), None)
        pattern += f"{dates[found][1] if found is not None else part}/"
        dates = dates[found + 1 :] if found is not None else dates
    for suffix in (".html", ".htm"):
        if last.endswith(suffix) and not url.endswith("/"):
            return f"{pattern}:slug{suffix}", last.removesuffix(suffix)
    if not url.endswith("/") or ":" in pattern.replace(":year", "").replace(":month", "").replace(
        ":day", ""
    ):
        return None
    return f"{pattern}:slug/", last


def place(entries: Iterable[Entry]) -> Placement:
    """Each entry's file, URL and slug; a name claimed twice gets a number. The pattern
    most posts' addresses follow is the site's; a post that does not follow it is placed
    by it too, and keeps its old address as an alias."""
    ordered = sorted(entries, key=lambda entry: (entry.kind, entry.source))
    posts = [entry for entry in ordered if entry.kind == "post"]
    pattern, slugs = _site_pattern(posts)
    taken: set[str] = set(_RESERVED) | {entry.old_url.casefold() for entry in posts}
    items = []
    for entry in posts:
        stem = entry.source.rsplit("/", 1)[-1]
        if stem.rsplit(".", 1)[0] == "index":
            stem = entry.source.rsplit("/", 2)[-2]
        wanted = slugify(stem.rsplit(".", 1)[0]) or "post"
        name = _unique(f"posts/{wanted}", taken).removeprefix("posts/")
        folder = f"content/posts/{name}"
        path = f"{folder}/index.md" if entry.assets else f"{folder}.md"
        if pattern is not None and entry.source in slugs:
            items.append(Placed(entry, path, entry.old_url, slugs[entry.source]))
        elif pattern is not None and isinstance(entry.date, dt.date):
            slug = slugify(_last(entry.old_url)) or name
            url = _expand(pattern, entry.date, slug)
            while url.casefold() in taken:
                slug = _unique(slug, taken, prefix="slug:")
                url = _expand(pattern, entry.date, slug)
            taken.add(url.casefold())
            items.append(Placed(entry, path, url, slug))
        else:
            slug = _unique(slugify(_last(entry.old_url) or name) or name, taken, prefix="slug:")
            items.append(Placed(entry, path, f"/posts/{slug}/", slug))
    pages = [entry for entry in ordered if entry.kind == "page"]
    items += _place_pages(pages, taken)
    return Placement(items, pattern)


def _place_pages(pages: list[Entry], taken: set[str]) -> list[Placed]:
    items = []
    kept = [entry for entry in pages if _keeps_folder(entry.old_url)]
    for entry in kept:
        taken.add(entry.old_url.casefold())
    for entry in pages:
        parts = [part for part in entry.old_url.split("/") if part]
        if entry in kept:
            path = "content/pages/" + "/".join(parts) + ".md"
            items.append(Placed(entry, path, entry.old_url, parts[-1]))
            continue
        joined = "-".join(part.removesuffix(".html").removesuffix(".htm") for part in parts)
        name = _unique(slugify(joined) or "page", taken)
        items.append(Placed(entry, f"content/pages/{name}.md", f"/{name}/", None))
    return items


def _keeps_folder(url: str) -> bool:
    parts = [part for part in url.split("/") if part]
    return (
        url.endswith("/")
        and bool(parts)
        and parts[0].casefold() not in _RESERVED
        and all(slugify(part) and "\\" not in part and part not in (".", "..") for part in parts)
    )


def _site_pattern(posts: list[Entry]) -> tuple[str | None, dict[str, str]]:
    """The pattern most posts' addresses follow (at least half of them), and the slug of
    each post that follows it; None when there is no such pattern. A post whose last
    segment cannot be a Wren slug (a space in it) follows none: it keeps its address as an
    alias."""
    found: dict[str, tuple[str, str]] = {}
    for entry in posts:
        if isinstance(entry.date, dt.date):
            made = post_pattern(entry.old_url, entry.date)
            if made is not None and slug_problem(made[1]) is None:  # a slug Wren can write
                found[entry.source] = made
    counts = Counter(pattern for pattern, _ in found.values())
    if not counts or counts.most_common(1)[0][1] * 2 < len(posts):
        return None, {}
    pattern = counts.most_common(1)[0][0]
    return pattern, {source: slug for source, (made, slug) in found.items() if made == pattern}


def _expand(pattern: str, date: dt.date, slug: str) -> str:
    values = {":year": f"{date.year:04d}", ":month": f"{date.month:02d}", ":day": f"{date.day:02d}"}
    for token, value in values.items():
        pattern = pattern.replace(token, value)
    return pattern.replace(":slug", slug)


def _last(url: str) -> str:
    parts = [part for part in url.split("/") if part]
    return parts[-1].removesuffix(".html").removesuffix(".htm") if parts else ""


def _unique(wanted: str, taken: set[str], prefix: str = "") -> str:
    name, number = wanted, 2
    while (prefix + name).casefold() in taken:
        name, number = f"{wanted}-{number}", number + 1
    taken.add((prefix + name).casefold())
    return name
