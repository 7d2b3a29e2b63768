"""Footnotes: numbered in order of first reference, collected at the end of the body with
back-links to every reference, as GitHub and Hugo render them.

Ids come from the label (``[^note]`` gives ``fn-note``; each reference ``fnref-note``,
``fnref-note-1``...), handed out before any heading's, so they never move.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from wren.pipeline.markdown_events import Event, start_of
from wren.pipeline.markdown_ids import IdAllocator, footnote_key
from wren.pipeline.slug import heading_slug

__all__ = ["Footnotes"]


class Footnotes:
    """Footnote numbers (in order of first reference) and ids; the section at the end."""

    def __init__(self) -> None:
        self.number_of: dict[str, int] = {}
        self.id_of: dict[str, str] = {}
        self.reference_ids: dict[str, list[str]] = {}
        self.bodies: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.pending: dict[str, list[str]] = {}  # reference ids, in the order written

    @classmethod
    def number(cls, events: Sequence[Event], ids: IdAllocator) -> Footnotes:
        notes = cls()
        defined = set()
        for event in events:
            start = start_of(event)
            if isinstance(start, dict) and "FootnoteDefinition" in start:
                label = start["FootnoteDefinition"]
                defined.add(footnote_key(label))
                notes.labels.setdefault(footnote_key(label), label)
        order = []
        for event in events:
            if isinstance(event, dict) and "FootnoteReference" in event:
                key = footnote_key(event["FootnoteReference"])
                if key not in notes.number_of:
                    notes.number_of[key] = len(notes.number_of) + 1
                    order.append(key)
        for key in sorted(defined - set(order), key=list(notes.labels).index):
            notes.number_of[key] = len(notes.number_of) + 1
        for key in notes.number_of:
            number = notes.number_of[key]
            name = heading_slug(notes.labels.get(key, key), "wren") or str(number)
            notes.id_of[key] = ids.unique(f"fn-{name}")
        for event in events:  # every reference's id, before any heading takes one
            if isinstance(event, dict) and "FootnoteReference" in event:
                key = footnote_key(event["FootnoteReference"])
                ref_id = ids.unique(notes.id_of[key].replace("fn-", "fnref-", 1))
                notes.pending.setdefault(key, []).append(ref_id)
        return notes

    def reference(self, label: str) -> str:
        key = footnote_key(label)
        number = self.number_of[key]
        refs = self.reference_ids.setdefault(key, [])
        ref_id = self.pending[key][len(refs)]
        refs.append(ref_id)
        return (
            f'<sup class="footnote-ref"><a href="#{html.escape(self.id_of[key])}" '
            f'id="{html.escape(ref_id)}">{number}</a></sup>'
        )

    def section(self) -> str:
        if not self.bodies:
            return ""
        items = []
        for key in sorted(self.bodies, key=self.number_of.__getitem__):
            items.append(self._item(key))
        return (
            '<section class="footnotes" aria-label="Footnotes">\n<ol>\n'
            + "".join(items)
            + "</ol>\n</section>\n"
        )

    def _item(self, key: str) -> str:
        number = self.number_of[key]
        links = []
        for count, ref_id in enumerate(self.reference_ids.get(key, []), start=1):
            mark = "↩" if count == 1 else f"↩<sup>{count}</sup>"
            label = f"Back to reference {number}" + (f"-{count}" if count > 1 else "")
            links.append(
                f'<a href="#{html.escape(ref_id)}" class="footnote-backref" '
                f'aria-label="{label}">{mark}</a>'
            )
        body = self.bodies[key].rstrip("\n")
        backrefs = " ".join(links)
        if backrefs and body.endswith("</p>"):
            body = body[: -len("</p>")] + f" {backrefs}</p>"
        elif backrefs:
            body += f"\n<p>{backrefs}</p>"
        return f'<li id="{html.escape(self.id_of[key])}">\n{body}\n</li>\n'
