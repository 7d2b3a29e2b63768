"""Whether an old address still leads somewhere in a built site: the file it names, or
the page its redirect pages lead to; and which addresses a built site holds."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["output_file", "resolve", "written_addresses"]

_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)"')
_MAX_HOPS = 5
_FEED_SUFFIXES = (".xml",)


def output_file(out_dir: Path, url: str) -> Path | None:
    """The file a static server sends for the site path ``url``, if there is one."""
    path = unquote(url.split("#")[0]).strip("/")
    candidate = out_dir / path
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def resolve(out_dir: Path, url: str, base_path: str = "/") -> Path | None:
    """The file ``url`` ends on after following redirect pages; None when a step is missing."""
    for _ in range(_MAX_HOPS):
        found = output_file(out_dir, url)
        if found is None or found.suffix != ".html":
            return found
        head = found.read_text(encoding="utf-8", errors="replace")[:2000]
        match = _REFRESH.search(head)
        if match is None:
            return found
        url = urlsplit(match.group(1).replace("&amp;", "&")).path
        url = "/" + url.removeprefix(base_path).lstrip("/")
    return None


def written_addresses(out_dir: Path) -> list[str]:
    """Every page and feed address of the site built into ``out_dir``, sorted: a folder's
    ``index.html`` as the folder (``/posts/a/``), other HTML and feed files by name; the
    sitemap and the theme's files (CSS, images, scripts) are no addresses a reader keeps."""
    urls = []
    for path in sorted(out_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(out_dir).as_posix()
        if path.name == "index.html":
            urls.append("/" + rel.removesuffix("index.html"))
        elif path.suffix in (".html", *_FEED_SUFFIXES) and path.name != "sitemap.xml":
            urls.append("/" + rel)
    return sorted(urls)
