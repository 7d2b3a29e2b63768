"""Inject: the live-reload script, added to HTML responses at serve time only.

The built files never contain it, so ``wren build`` output is exactly what is published.
The script reads the snapshot it was served from in ``data-`` attributes: the build id, the
output paths this response stands for, the current error and the last good build's
warnings, if any (escaped here, and shown with ``textContent`` by the script).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from wren.server.snapshot import Snapshot

__all__ = ["LIVE_SCRIPT", "LIVE_SCRIPT_PATH", "inject_live_reload", "status_page"]

LIVE_SCRIPT_PATH = "/__wren/live.js"
LIVE_SCRIPT = (Path(__file__).parent / "live.js").read_bytes()
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def live_snippet(snapshot: Snapshot, paths: Sequence[str]) -> bytes:
    """The ``<script>`` tag that connects a page to the live-reload channel."""
    attributes = {
        "src": LIVE_SCRIPT_PATH,
        "data-build": snapshot.build_id,
        "data-paths": " ".join(paths),
    }
    if snapshot.error:
        attributes["data-error"] = snapshot.error
    if snapshot.warnings:
        attributes["data-warnings"] = "\n".join(snapshot.warnings)
    text = " ".join(f'{name}="{html.escape(value)}"' for name, value in attributes.items())
    return f"<script {text}></script>\n".encode()


def inject_live_reload(page: bytes, snapshot: Snapshot, paths: Sequence[str]) -> bytes:
    """``page`` with the live-reload script added just before its last ``</body>``."""
    snippet = live_snippet(snapshot, paths)
    ends = list(_BODY_END.finditer(page))
    if not ends:
        return page + snippet
    at = ends[-1].start()
    return page[:at] + snippet + page[at:]


def status_page(snapshot: Snapshot) -> bytes:
    """What every page shows before the first good build: progress, or the error."""
    if snapshot.error:
        title, text = "Build failed", snapshot.error
    else:
        title, text = "Building", "Wren is building the site; this page reloads when it is done."
    page = (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Wren: {html.escape(title)}</title>\n</head>\n<body>\n"
        f'<pre style="white-space:pre-wrap">{html.escape(text)}</pre>\n</body>\n</html>\n'
    )
    return inject_live_reload(page.encode(), snapshot, [])
