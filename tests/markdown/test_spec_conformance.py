"""Every CommonMark spec example, and the GFM spec's table, task list, strikethrough and
extended-autolink examples, rendered by Wren's whole Markdown stage (``MarkdownRenderer``,
with links to sources resolved as the render stage resolves a link to a missing source)."""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path
from typing import Any

import pytest
from spec_html import normalize_html

from wren.pipeline.markdown import SOURCE_LINK_PREFIX, MarkdownRenderer

SPEC = Path(__file__).parent / "spec"
COMMONMARK: list[dict[str, Any]] = json.loads(
    (SPEC / "commonmark-0.31.2.json").read_text(encoding="utf-8")
)
GFM: list[dict[str, Any]] = json.loads(
    (SPEC / "gfm-0.29-extensions.json").read_text(encoding="utf-8")
)
RENDERER = MarkdownRenderer()
SOURCE = "example.md"

# CommonMark alone leaves these bare URLs and addresses as text. GitHub links them by GFM's
# extended-autolink rules, and so does Wren: the expected HTML is GitHub's.
GFM_AUTOLINKED = {
    602: '<p>&lt;<a href="https://foo.bar/baz">https://foo.bar/baz</a> bim&gt;</p>\n',
    606: '<p>&lt;<a href="mailto:foo+@bar.example.com">foo+@bar.example.com</a>&gt;</p>\n',
    608: '<p>&lt; <a href="https://foo.bar">https://foo.bar</a> &gt;</p>\n',
    611: '<p><a href="https://example.com">https://example.com</a></p>\n',
    612: '<p><a href="mailto:foo@bar.example.com">foo@bar.example.com</a></p>\n',
}


def rendered(markdown: str) -> str:
    """The body as a page shows it when no source by that name exists."""

    def resolve(match: re.Match[str]) -> str:
        target = html.unescape(match.group(1))
        return html.escape(posixpath.relpath(target, posixpath.dirname(SOURCE) or "."))

    body = RENDERER.render(markdown, SOURCE).html
    return re.sub(re.escape(SOURCE_LINK_PREFIX) + r'([^"]*)', resolve, body)


def test_the_vendored_specs_are_whole() -> None:
    assert len(COMMONMARK) == 652
    kinds = [example["extension"] for example in GFM]
    assert (kinds.count("table"), kinds.count("tasklist")) == (8, 2)
    assert (kinds.count("strikethrough"), kinds.count("autolink")) == (2, 11)


def test_only_bare_urls_are_expected_otherwise_than_commonmark_says() -> None:
    for number in GFM_AUTOLINKED:
        expected = COMMONMARK[number - 1]["html"]
        assert "<a " not in expected and "<a " in GFM_AUTOLINKED[number]
        assert re.sub(r"<a [^>]*>|</a>", "", GFM_AUTOLINKED[number]) == expected


@pytest.mark.parametrize(
    "example", COMMONMARK, ids=[f"commonmark-{e['example']}" for e in COMMONMARK]
)
def test_commonmark_example_renders_as_the_spec_says(example: dict[str, Any]) -> None:
    expected = GFM_AUTOLINKED.get(example["example"], example["html"])
    assert normalize_html(rendered(example["markdown"])) == normalize_html(expected)


@pytest.mark.parametrize("example", GFM, ids=[f"gfm-{e['example']}" for e in GFM])
def test_gfm_extension_example_renders_as_the_spec_says(example: dict[str, Any]) -> None:
    assert normalize_html(rendered(example["markdown"])) == normalize_html(example["html"])
