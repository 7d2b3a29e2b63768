"""Content lint: what a reader or a listing would trip on, found before publishing.

* a post or chapter without a description (info: the summary is then the first paragraph,
  which is fine, but the author should know), or with neither (warning: listings show
  nothing);
* a description longer than ``summary_length``: listings and the meta description cut it;
* a heading level skipped (the page title is ``h1``, so the body starts at ``##``);
* a code block without a language (it is neither highlighted nor clearly plain text);
* an image without alt text;
* a course's chapter numbers with a gap, or one number used by two files;
* a template construct of another generator in the text (a Hugo shortcode ``{{< x >}}``, a
  Zola shortcode ``{{ x() }}``, a Liquid tag ``{% x %}``), which Wren shows as it is written;
* what the parser warns of: more than ``MANY_TAGS`` tags on one post.

Every finding is a warning except the missing description, which is an info.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from wren.config import SiteConfig, find_key_line
from wren.errors import Diagnostic, Severity, SourceLocation
from wren.pipeline.discover import SourceKind
from wren.pipeline.frontmatter import ChapterMeta, PostMeta
from wren.pipeline.highlight import fence_language
from wren.pipeline.markdown import CodeBlock, Link
from wren.pipeline.parse import Document
from wren.pipeline.slug import number_prefix
from wren.pipeline.summary import cut_summary

__all__ = [
    "LintSource",
    "front_matter_line",
    "lint_chapter_numbers",
    "lint_document",
    "markdown_headings",
]

CHECK = "lint"

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
# Another generator's template syntax, and the name it is known by.
_TEMPLATE_TAGS = (
    (re.compile(r"\{\{[<%]-?\s*/?\s*([\w.-]+)"), "a Hugo shortcode"),
    (re.compile(r"\{\{-?\s*([A-Za-z_]\w*)\("), "a Zola shortcode"),
    (re.compile(r"(?<!\{)\{%-?\s*([A-Za-z_]\w*)"), "a Liquid or Zola template tag"),
    (
        re.compile(r"\{\{-?\s*((?:site|page|post|paginator|include|config)\.[\w.]+)"),
        "a template value",
    ),
)


@dataclass(frozen=True, slots=True)
class LintSource:
    """A published document with what lint reads beside it: the file's text, links, code."""

    document: Document
    text: str
    links: Sequence[Link]
    code_blocks: Sequence[CodeBlock]


def _warning(
    path: str, line: int | None, message: str, hint: str, column: int | None = None
) -> Diagnostic:
    return Diagnostic(Severity.WARNING, SourceLocation(path, line, column), message, CHECK, hint)


def lint_document(source: LintSource, config: SiteConfig) -> list[Diagnostic]:
    """Every lint finding of one published file."""
    return [
        *source.document.warnings,  # the parser's: too many tags on a post
        *_description(source, config),
        *_headings(source),
        *_code_languages(source),
        *_image_alts(source),
        *_template_tags(source),
    ]


def _description(source: LintSource, config: SiteConfig) -> Iterator[Diagnostic]:
    document = source.document
    meta = document.meta
    if not isinstance(meta, PostMeta | ChapterMeta):
        return
    if meta.description is None:
        first = document.body.first_paragraph
        if not first:
            yield _warning(
                document.rel,
                document.title_line,
                "no description and no first paragraph: listings will show no summary",
                'add `description: "..."` to the front matter',
            )
            return
        shown = cut_summary(first, config.summary_length)
        yield Diagnostic(
            Severity.INFO,
            SourceLocation(document.rel, document.title_line),
            "no description: the summary will be derived from the first paragraph",
            CHECK,
            f'listings will show: "{shown}"',
        )
        return
    description = " ".join(meta.description.split())
    if len(description) > config.summary_length:
        yield _warning(
            document.rel,
            front_matter_line(source.text, "description"),
            f"the description will be cut: it is {len(description)} characters and "
            f"listings show {config.summary_length}",
            f'shorten it; listings will show: "{cut_summary(description, config.summary_length)}"',
        )


def front_matter_line(text: str, key: str) -> int | None:
    """The line of a file on which a front matter key is set."""
    lines = text.split("\n")
    end = _body_start(lines)
    if end == 0:
        return None
    found = find_key_line("\n".join(lines[1 : end - 1]), key)
    return found + 1 if found is not None else None


def _body_start(lines: Sequence[str]) -> int:
    """The index of the first body line (0 when the file has no front matter)."""
    fence = lines[0].removeprefix("\ufeff").rstrip() if lines else ""
    if fence not in ("---", "+++"):
        return 0
    end = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() == fence), None)
    return end + 1 if end is not None else 0


def _body_lines(lines: Sequence[str]) -> Iterator[int]:
    """The index of every body line of a Markdown file outside fenced code."""
    fence: str | None = None
    for index in range(_body_start(lines), len(lines)):
        opened = _FENCE.match(lines[index])
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        yield index


def markdown_headings(text: str) -> list[tuple[int, int]]:
    """(level, line) of every ATX and setext heading of a Markdown file, outside code."""
    lines = text.split("\n")
    found: list[tuple[int, int]] = []
    start = _body_start(lines)
    for index in _body_lines(lines):
        line = lines[index]
        atx = _ATX.match(line)
        if atx:
            found.append((len(atx.group(1)), index + 1))
            continue
        underline = _SETEXT.match(line)
        previous = lines[index - 1] if index > start else ""
        if underline and _is_paragraph_line(previous):
            found.append((1 if underline.group(1)[0] == "=" else 2, index))
    return found


def _is_paragraph_line(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not _ATX.match(line) and stripped[0] not in "-*+>|`~<"


def _heading_lines(source: LintSource) -> list[int | None]:
    """The source line of each heading of the rendered body, where it can be told."""
    headings = source.document.body.headings
    written = markdown_headings(source.text)
    if len(written) == len(headings):
        return [line for _, line in written]
    by_level: dict[int, list[int]] = {}
    for level, line in written:
        by_level.setdefault(level, []).append(line)
    lines: list[int | None] = []
    seen: dict[int, int] = {}
    for heading in headings:
        index = seen.get(heading.level, 0)
        seen[heading.level] = index + 1
        candidates = by_level.get(heading.level, [])
        lines.append(candidates[index] if index < len(candidates) else None)
    return lines


def _headings(source: LintSource) -> Iterator[Diagnostic]:
    previous = 1  # the page title
    headings = source.document.body.headings
    for heading, line in zip(headings, _heading_lines(source), strict=True):
        if heading.level > previous + 1:
            after = "the page title (h1)" if previous == 1 else f"an h{previous}"
            yield _warning(
                source.document.rel,
                line,
                f"heading level skipped: `{heading.text}` is an h{heading.level} after {after}",
                f"make it an h{previous + 1}: {'#' * (previous + 1)} {heading.text}",
            )
        previous = heading.level


def _code_languages(source: LintSource) -> Iterator[Diagnostic]:
    for block in source.code_blocks:
        if fence_language(block.info) is None:
            yield _warning(
                source.document.rel,
                block.line,
                "code block without a language",
                "name it after the opening fence, e.g. ```rust, or ```text for plain text",
            )


def _image_alts(source: LintSource) -> Iterator[Diagnostic]:
    for link in source.links:
        if link.is_image and not link.has_alt:
            yield _warning(
                source.document.rel,
                link.line,
                f"image without alt text: {link.url}",
                f"describe it between the brackets: ![what it shows]({link.url})",
                link.column,
            )


def _template_tags(source: LintSource) -> Iterator[Diagnostic]:
    """Another generator's shortcodes and template tags, outside code, each at its place."""
    lines = source.text.split("\n")
    for index in _body_lines(lines):
        line = _CODE_SPAN.sub(lambda span: " " * len(span.group(0)), lines[index])
        for pattern, kind in _TEMPLATE_TAGS:
            for match in pattern.finditer(line):
                yield _warning(
                    source.document.rel,
                    index + 1,
                    f"`{match.group(0).strip()}` looks like {kind} (`{match.group(1)}`), "
                    "which Wren publishes as literal text",
                    "write it as Markdown or HTML (`wren import` converts the common ones), "
                    "or put it in a code span if it is meant as text",
                    match.start() + 1,
                )


@dataclass(frozen=True, slots=True)
class _Numbered:
    path: str
    number: int
    line: int


def lint_chapter_numbers(sources: Iterable[LintSource]) -> list[Diagnostic]:
    """Gaps and repeats in each course's chapter numbers (a course starts at 0 or 1)."""
    courses: dict[str, list[_Numbered]] = {}
    for source in sources:
        document = source.document
        if document.kind is SourceKind.CHAPTER and document.course is not None:
            numbered = _chapter_number(source)
            if numbered is not None:
                courses.setdefault(document.course, []).append(numbered)
    found: list[Diagnostic] = []
    for chapters in courses.values():
        found += _number_problems(chapters)
    return found


def _chapter_number(source: LintSource) -> _Numbered | None:
    """The number a chapter is ordered by: its ``order``, or its file name's ``NN-``."""
    meta = source.document.meta
    assert isinstance(meta, ChapterMeta)
    path = source.document.rel
    if meta.order is not None:
        return _Numbered(path, meta.order, front_matter_line(source.text, "order") or 1)
    number = number_prefix(path.rsplit("/", 1)[-1])
    return _Numbered(path, number, 1) if number is not None else None


def _number_problems(chapters: Sequence[_Numbered]) -> Iterator[Diagnostic]:
    by_number: dict[int, list[_Numbered]] = {}
    for chapter in sorted(chapters, key=lambda c: (c.number, c.path)):
        by_number.setdefault(chapter.number, []).append(chapter)
    expected = 0 if 0 in by_number else 1
    for number, same in sorted(by_number.items()):
        if number > expected:
            gap = str(expected) if number - 1 == expected else f"{expected} to {number - 1}"
            yield _warning(
                same[0].path,
                same[0].line,
                f"chapter number {gap} missing: this chapter is number {number}",
                "renumber the chapters, or write the missing one",
            )
        expected = number + 1
        if len(same) > 1:
            names = ", ".join(c.path.rsplit("/", 1)[-1] for c in same)
            for chapter in same:
                yield _warning(
                    chapter.path,
                    chapter.line,
                    f"chapter number {number} repeated: {names}",
                    "give each chapter its own number; equal numbers are read in file order",
                )
