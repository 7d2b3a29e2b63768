"""Parse: one source file into a Document, independently of every other file.

``parse_source`` is a pure function of the file's text and path, so it can run in a worker
process and its result can be cached by content hash.
"""

from __future__ import annotations

from dataclasses import dataclass

from wren.config import find_key_line
from wren.errors import ContentError, SourceLocation, WrenError
from wren.pipeline.discover import SourceFile, SourceKind
from wren.pipeline.frontmatter import (
    ChapterMeta,
    CourseMeta,
    PageMeta,
    PostMeta,
    split_front_matter,
    validate_chapter,
    validate_course,
    validate_page,
    validate_post,
)
from wren.pipeline.markdown import MarkdownRenderer, RenderedBody

__all__ = ["Document", "Meta", "parse_source"]

Meta = PostMeta | ChapterMeta | CourseMeta | PageMeta


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed source file: validated metadata and the rendered body."""

    rel: str
    kind: SourceKind
    course: str | None
    meta: Meta
    body: RenderedBody
    title_line: int  # where `title` is set, for diagnostics about the title
    source_key: str = ""  # the content hash the build cache knows this document by


def parse_source(source: SourceFile, renderer: MarkdownRenderer) -> Document:
    """Split, validate and render one file. Raises ContentError naming the file and line."""
    matter = split_front_matter(source.text, source.rel)
    if matter.format == "none" and source.kind is not SourceKind.COURSE:
        raise ContentError(
            "no front matter",
            SourceLocation(source.rel, 1),
            hint='start the file with a `---` line, `title: "..."`, and a closing `---` line',
        )
    meta: Meta
    if source.kind is SourceKind.POST:
        meta = validate_post(matter, source.rel)
    elif source.kind is SourceKind.CHAPTER:
        meta = validate_chapter(matter, source.rel)
    elif source.kind is SourceKind.PAGE:
        meta = validate_page(matter, source.rel)
    else:
        meta = validate_course(matter, source.rel, default_title=source.course or "Course")
    try:
        body = renderer.render(matter.body, source.rel, matter.body_line)
    except WrenError:
        raise
    except Exception as error:  # the Markdown engine or a highlighter failed on this file
        raise ContentError(
            f"could not render Markdown: {error}", SourceLocation(source.rel)
        ) from None
    line = find_key_line(matter.text, "title")  # counted from the opening fence's next line
    title_line = line + 1 if line is not None else 1
    return Document(source.rel, source.kind, source.course, meta, body, title_line)
