"""Accessible HTML for what Markdown leaves unlabelled: task-list boxes and wide tables.

Pulldown-cmark writes a task item's box as a bare ``<input type="checkbox">`` with no name,
and a table as a bare ``<table>`` that can be wider than a phone. The box gets a name that
says its state; the table goes in a box that scrolls sideways (not the page) and that a
keyboard can reach to scroll it.
"""

from __future__ import annotations

import re

__all__ = ["accessible_html"]

_TASK_BOX = re.compile(r'<input disabled="" type="checkbox"( checked="")?/>')
_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)


def _label_box(match: re.Match[str]) -> str:
    checked, label = (' checked=""', "Done") if match.group(1) else ("", "To do")
    return f'<input disabled="" type="checkbox"{checked} aria-label="{label}"/>'


def accessible_html(page_html: str) -> str:
    """Name task-list checkboxes by their state; put each table in a scrolling region."""
    if "<input" in page_html:
        page_html = _TASK_BOX.sub(_label_box, page_html)
    if "<table>" in page_html:
        page_html = _TABLE.sub(
            r'<div class="table-wrap" role="region" aria-label="Table" tabindex="0">'
            r"<table>\1</table></div>",
            page_html,
        )
    return page_html
