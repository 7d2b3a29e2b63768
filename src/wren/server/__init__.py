"""The dev server behind ``wren serve``: live reload, rebuilds on save, errors in the browser.

Modules, from the outside in::

    app        DevServer: binds, starts the threads, prints the URL; ServeOptions
    httpd      the threaded HTTP server and its request handler
    hosts      which Host and Origin headers are answered (DNS rebinding)
    paths      request target -> output path; copied files confined to the site
    inject     the live-reload script added to HTML responses
    reload     the live-reload channel to every open tab
    websocket  one tab's WebSocket, spoken by the websockets library's sans-I/O protocol
    watch      saved files -> debounced batches -> rebuilds -> snapshots
    changes    saved path -> ChangeKind; two builds -> the outputs that changed
    snapshot   the built site the server answers from, swapped whole
    console    what the author reads in the terminal
    live.js    the script in the page: reload, in-place refresh, stylesheet swap, overlay,
               the panel of build warnings
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wren.server.app import DevServer, ServeOptions, serve_site
    from wren.server.changes import ChangeKind, changed_outputs, detect_change_kind

_EXPORTS = {
    "DevServer": "wren.server.app",
    "ServeOptions": "wren.server.app",
    "serve_site": "wren.server.app",
    "ChangeKind": "wren.server.changes",
    "changed_outputs": "wren.server.changes",
    "detect_change_kind": "wren.server.changes",
}

__all__ = [
    "ChangeKind",
    "DevServer",
    "ServeOptions",
    "changed_outputs",
    "detect_change_kind",
    "serve_site",
]


def __getattr__(name: str) -> Any:
    # Imported on first use, so that importing one module of this package loads only it.
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
