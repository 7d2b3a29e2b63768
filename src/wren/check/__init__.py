"""Content checks run by ``wren check``: links, duplicates, Rust examples and lint.

``run_checks(site_dir, options)`` returns a ``CheckReport`` of ``Diagnostic`` values; it
never raises for a problem in the site's content. ``format_text`` and ``format_json``
print a report for people and for tools.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wren.check.report import format_json, format_text, summary_line
    from wren.check.run import CHECKS, CheckOptions, CheckReport, run_checks
    from wren.check.site import LoadOptions

_EXPORTS = {
    "format_json": "wren.check.report",
    "format_text": "wren.check.report",
    "summary_line": "wren.check.report",
    "CHECKS": "wren.check.run",
    "CheckOptions": "wren.check.run",
    "CheckReport": "wren.check.run",
    "run_checks": "wren.check.run",
    "LoadOptions": "wren.check.site",
}

__all__ = [
    "CHECKS",
    "CheckOptions",
    "CheckReport",
    "LoadOptions",
    "format_json",
    "format_text",
    "run_checks",
    "summary_line",
]


def __getattr__(name: str) -> Any:
    # Imported on first use, so that importing one module of this package loads only it.
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
