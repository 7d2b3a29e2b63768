"""What the default theme must give the Markdown stage: its own ids, and readable alerts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wren.pipeline.markdown import MarkdownRenderer
from wren.pipeline.markdown_ids import THEME_IDS

THEME = Path(__file__).parents[2] / "src" / "wren" / "themes" / "default"
CSS = (THEME / "static" / "style.css").read_text(encoding="utf-8")


def test_no_heading_can_take_an_id_the_templates_give() -> None:
    written = set()
    for template in (THEME / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        written |= {i.replace("{{ year }}", "2026") for i in re.findall(r'\bid="([^"]*)"', text)}
    assert "main" in written and "year-2026" in written
    markdown = "".join(f"## {ident}\n\n## Other {{#{ident}}}\n\n" for ident in sorted(written))
    body = MarkdownRenderer().render(markdown, "posts/a.md")
    assert len(body.headings) == 2 * len(written)
    assert not written & {heading.id for heading in body.headings}
    fixed = {ident for ident in written if not re.fullmatch(r"(?:year|archive)-2026", ident)}
    assert fixed <= THEME_IDS


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_alert_labels_meet_wcag_aa_contrast(scheme: str) -> None:
    dark_at = CSS.index("@media (prefers-color-scheme: dark)")
    root = CSS[:dark_at] if scheme == "light" else CSS[dark_at:]
    background = re.search(r"--bg: (#[0-9a-f]{6})", root)
    assert background is not None
    block = CSS[CSS.index("/* ---- Markdown:") :]
    alert_dark_at = block.index("@media (prefers-color-scheme: dark)")
    part = block[:alert_dark_at] if scheme == "light" else block[alert_dark_at:]
    colours = dict(re.findall(r"\.markdown-alert-(\w+) \{ --alert: (#[0-9a-f]{6}); \}", part))
    assert set(colours) == {"note", "tip", "important", "warning", "caution"}
    for kind, colour in colours.items():
        assert _contrast(colour, background.group(1)) >= 4.5, kind
