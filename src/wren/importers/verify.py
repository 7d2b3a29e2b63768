"""Whether an old address still leads somewhere in a built site: the file it names, or
the page its redirect pages lead to."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["output_file", "resolve"]

_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)"')
_MAX_HOPS = 5


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
