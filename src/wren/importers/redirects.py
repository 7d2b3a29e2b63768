"""Redirects a host reads from the site's own files: Netlify's and Cloudflare Pages'
``_redirects`` (``/old /new 301``, one rule a line) in the folder copied to ``static/``.

The file is copied as it is, but only those hosts read it. A rule from one plain address to
an imported post or page becomes an alias of that page as well, so every host serves the
old address and ``wren check`` knows it; every other rule (a pattern, a rewrite, a
condition, another site, a feed or listing) is named in the report, kept only in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from wren.importers.model import Entry, SourceSite

__all__ = ["RedirectRule", "add_redirect_aliases", "read_rules"]

FILE = "_redirects"
_REDIRECT_STATUSES = ("", "301", "302", "303", "307", "308")


@dataclass(frozen=True, slots=True)
class RedirectRule:
    line: int
    source: str
    target: str
    status: str  # "301", "200!"...; "" when the rule gives none (a 301)
    plain: bool  # one address to another: no pattern, condition, rewrite or query


def read_rules(text: str) -> list[RedirectRule]:
    """The rules of a ``_redirects`` file, by line; blank lines and ``#`` comments skipped."""
    rules = []
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split()
        if not words or words[0].startswith("#") or len(words) < 2:
            continue
        source, target, rest = words[0], words[1], words[2:]
        status = rest[0] if rest and rest[0].rstrip("!").isdigit() else ""
        conditions = rest[1:] if status else rest
        plain = (
            source.startswith("/")
            and not any(part.startswith(":") or "*" in part for part in source.split("/"))
            and not any(mark in source + target for mark in ("?", "*", ":splat"))
            and status.rstrip("!") in _REDIRECT_STATUSES
            and not conditions
        )
        rules.append(RedirectRule(number, source, target, status, plain))
    return rules


def add_redirect_aliases(site: SourceSite) -> None:
    """Make each plain rule of the site's ``_redirects`` that leads to an imported entry an
    alias of that entry; report the rules that stay only in the file."""
    found = _redirects_file(site)
    if found is None:
        return
    path, shown = found
    by_url: dict[str, Entry] = {}
    for entry in site.entries:
        by_url.setdefault(entry.old_url.rstrip("/"), entry)
    taken = {url.rstrip("/") for entry in site.entries for url in (entry.old_url, *entry.aliases)}
    host = urlsplit(str(site.settings.get("base_url", ""))).netloc
    for rule in read_rules(path.read_text(encoding="utf-8", errors="replace")):
        target = urlsplit(rule.target)
        local = target.netloc in ("", host)
        leads_to = by_url.get(unquote(target.path).rstrip("/")) if local else None
        if target.fragment:  # an alias leads to the top of its page
            leads_to = None
        source = unquote(rule.source)
        free = source.rstrip("/") not in taken
        if rule.plain and leads_to is not None and free:
            if not leads_to.fields.get("draft"):  # a draft has no address to lead to
                leads_to.aliases.append(source)
                taken.add(source.rstrip("/"))
            continue
        if not rule.plain:
            why = "is not one address to another"
        elif target.fragment:
            why = "leads to a part of a page"
        elif not free:
            why = "starts at an imported page's address"
        else:
            why = "leads to no imported page" if local else "leads to another site"
        site.findings.add(
            shown,
            rule.line,
            "redirect",
            f"{rule.source} -> {rule.target} {why}: kept only in static/{FILE}, which"
            " Netlify and Cloudflare Pages read (other hosts do not)",
        )


def _redirects_file(site: SourceSite) -> tuple[Path, str] | None:
    """The ``_redirects`` file copied to the root of ``static/``, and its path as shown."""
    for path, rel in site.static_files:
        if rel == FILE:
            return path, path.relative_to(site.root).as_posix()
    for folder, under in site.static_dirs:
        if not under.strip("/") and (folder / FILE).is_file():
            return folder / FILE, (folder / FILE).relative_to(site.root).as_posix()
    return None
