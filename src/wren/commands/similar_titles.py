"""Titles: warn at once, when a post is started, that its title nearly matches another's.

``wren new post "Title"`` calls :func:`near_title_matches`. Only titles are read (the
front matter of each post, not its body), and they are compared by the duplicates
check's rules, so a warning here is the warning ``wren check`` would give later.
"""

from __future__ import annotations

from pathlib import Path

from wren.errors import WrenError
from wren.pipeline.discover import SourceKind, discover_sources
from wren.pipeline.frontmatter import split_front_matter
from wren.similarity.similar import ExistingDocument, find_similar

__all__ = ["near_title_matches", "post_titles"]


def post_titles(site_dir: Path, exclude: Path | None = None) -> list[tuple[str, str]]:
    """(path, title) of every post of the site, drafts included; unreadable files skipped."""
    skip = exclude.resolve() if exclude is not None else None
    try:
        sources = discover_sources(site_dir)
    except WrenError:
        return []
    titles = []
    for source in sources:
        if source.kind is not SourceKind.POST or (site_dir / source.rel).resolve() == skip:
            continue
        try:
            title = split_front_matter(source.text, source.rel).data.get("title")
        except WrenError:
            continue
        if isinstance(title, str) and title.strip():
            titles.append((source.rel, title.strip()))
    return titles


def near_title_matches(site_dir: Path, title: str, exclude: Path | None = None) -> list[str]:
    """One warning for each existing post that is the article ``title`` names, or close.

    Each names the existing file and its title. ``exclude`` is the file just written.
    """
    existing = [ExistingDocument(path, known) for path, known in post_titles(site_dir, exclude)]
    warnings = []
    for match in find_similar(title, existing):
        old = match.document
        if match.kind == "same-title":
            warnings.append(f"{old.path} already has this title: {old.title!r}")
        elif match.verdict == "another edition":
            warnings.append(f"another year's edition of {old.title!r} is in {old.path}")
        else:
            warnings.append(
                f"similar title ({'; '.join(match.reasons)}) in {old.path}: {old.title!r}"
            )
    return warnings
