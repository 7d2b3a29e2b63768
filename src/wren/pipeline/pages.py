"""Standalone pages: ``content/pages/**/*.md`` become pages such as ``/about/``.

A page has a title and a body, and no date, tags or reading time; it is in the sitemap,
search, ``llms.txt`` and ``index.json``, and never in feeds, the front page or tag pages. Its
URL comes from the ``pages`` permalink (default ``/:path/``): ``content/pages/about.md`` is
``/about/``, ``content/pages/docs/setup.md`` is ``/docs/setup/``, and a folder's
``index.md`` is the folder's own page (``content/pages/docs/index.md`` is ``/docs/``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wren.config import SiteConfig
from wren.errors import ContentError, ErrorGroup, SourceLocation, WrenError
from wren.pipeline.discover import markdown_stem
from wren.pipeline.frontmatter import PageMeta
from wren.pipeline.markdown import RenderedBody
from wren.pipeline.parse import Document
from wren.pipeline.slug import slugify
from wren.pipeline.urls import standalone_url

__all__ = ["PAGES_DIR", "PAGE_TEMPLATE", "Page", "make_pages"]

PAGES_DIR = "content/pages/"
PAGE_TEMPLATE = "page.html"


@dataclass(frozen=True, slots=True)
class Page:
    key: str  # the source path
    slug: str
    url: str
    title: str
    description: str | None
    summary: str
    draft: bool
    updated: dt.datetime | None
    aliases: tuple[str, ...]
    extra: Mapping[str, Any]
    template: str  # the template it is rendered with
    body: RenderedBody
    source_key: str = ""  # content hash of the source file


def make_pages(documents: Sequence[Document], config: SiteConfig) -> list[Page]:
    """Every page among ``documents``, sorted by URL; a page with an empty slug is an error."""
    pages: list[Page] = []
    errors: list[WrenError] = []
    for document in documents:
        if isinstance(document.meta, PageMeta):
            try:
                pages.append(_make_page(document, document.meta, config))
            except ContentError as error:
                errors.append(error)
    ErrorGroup.raise_if_any(errors)
    return sorted(pages, key=lambda page: (page.url, page.key))


def _make_page(document: Document, meta: PageMeta, config: SiteConfig) -> Page:
    folders = document.rel.removeprefix(PAGES_DIR).split("/")
    name = markdown_stem(folders.pop())
    if name == "index" and folders:
        name = folders.pop()
    slug = meta.slug or slugify(name)
    if not slug:
        raise ContentError(
            "the page's file name gives an empty slug",
            SourceLocation(document.rel, 1),
            hint="rename the file, or set `slug`",
        )
    path = "/".join(slugify(folder) for folder in folders)
    url = standalone_url(config.permalinks, path, slug, slugify(meta.title))
    return Page(
        key=document.rel,
        slug=slug,
        url=url,
        title=meta.title,
        description=meta.description,
        summary=meta.description or document.body.first_paragraph,
        draft=meta.draft,
        updated=meta.updated,
        aliases=meta.aliases,
        extra=meta.extra,
        template=meta.template or PAGE_TEMPLATE,
        body=document.body,
        source_key=document.source_key,
    )
