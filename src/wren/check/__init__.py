"""Content checks run by ``wren check``: links, duplicates, Rust examples and lint.

``run_checks(site_dir, options)`` returns a ``CheckReport`` of ``Diagnostic`` values; it
never raises for a problem in the site's content. ``format_text`` and ``format_json``
print a report for people and for tools.
"""

from wren.check.report import format_json, format_text, summary_line
from wren.check.run import CHECKS, CheckOptions, CheckReport, run_checks
from wren.check.site import LoadOptions

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
