"""Does this article already exist? One call for other programs, on the duplicates check's rules.

:func:`find_similar` takes a title, optionally a body, and the site's existing documents,
and returns the documents that are the same article or close to it, best first, each with
its scores and the reasons in words. It is the rule ``wren check`` and ``wren new post``
apply (:func:`wren.similarity.duplicates.find_similar_pairs`), so an answer here is the
warning the check would give once the article is written::

    >>> existing = [ExistingDocument("content/posts/mcp.md", "Building MCP Servers in Rust")]
    >>> [m.verdict for m in find_similar("Building MCP Servers in Rust: A Guide", existing)]
    ['close']

A program that asks many times (``wren mcp``) keeps a
:class:`~wren.similarity.index.SimilarityIndex` of the site and asks
:func:`find_similar_in`, which reads only the new article and the documents it could be
paired with: milliseconds on a 1,000-post site, where reading every document takes a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from wren.errors import Severity, SourceLocation
from wren.similarity.duplicates import (
    DEFAULT_OPTIONS,
    DuplicateCandidate,
    DuplicateOptions,
    PairKind,
    SimilarPair,
    pair_severity,
)
from wren.similarity.index import SimilarityIndex

__all__ = [
    "ExistingDocument",
    "SimilarDocument",
    "Verdict",
    "as_candidate",
    "find_similar",
    "find_similar_in",
]

Verdict = Literal["same article", "close", "another edition"]
"""``same article``: publishing it would be an error of ``wren check`` (a copied
body, under the same title or another); ``close``: a warning (the same or a reworded title
over a different text, a shared distinctive part of the title, much of the body in
common); ``another edition``: a yearly edition of it."""

_NEW = "<new>"


@dataclass(frozen=True, slots=True)
class ExistingDocument:
    """A post or chapter already on the site."""

    path: str
    """Its Markdown file, relative to the site."""
    title: str
    text: str = ""
    """Its body as plain text; empty to compare titles only."""
    date: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class SimilarDocument:
    """An existing document that is the asked-about article, or close to it."""

    document: ExistingDocument
    verdict: Verdict
    kind: PairKind
    title_score: float
    """How alike the titles are, 0 to 1."""
    body_score: float
    """Share of the bodies' word runs in common (Jaccard index), 0 to 1; 0 without a body."""
    reasons: tuple[str, ...]


def find_similar(
    title: str,
    documents: Sequence[ExistingDocument],
    body: str = "",
    options: DuplicateOptions = DEFAULT_OPTIONS,
) -> list[SimilarDocument]:
    """The existing documents that are the article *title* (and *body*) or close to it.

    The documents are judged as one site: a word or a part of a title used by many of
    them is a topic or a series, not an identity. The answer is sorted same articles
    first, then by score; it is empty when nothing is alike.
    """
    return find_similar_in(
        SimilarityIndex([as_candidate(d) for d in documents], options), title, body
    )


def find_similar_in(
    index: SimilarityIndex, title: str, body: str = "", exclude: str | None = None
) -> list[SimilarDocument]:
    """:func:`find_similar` against the documents of an index kept between questions;
    *exclude* leaves one path out (the document being changed)."""
    options = index.options
    new = DuplicateCandidate(SourceLocation(_NEW), title, body)
    found = [
        SimilarDocument(
            _document(pair.first),
            _verdict(pair, options),
            pair.kind,
            pair.title_score,
            pair.body_score,
            _reasons(pair, options),
        )
        for pair in index.query(new, exclude)
    ]
    order = {"same article": 0, "close": 1, "another edition": 2}
    return sorted(
        found,
        key=lambda m: (order[m.verdict], -max(m.title_score, m.body_score), m.document.path),
    )


def as_candidate(document: ExistingDocument) -> DuplicateCandidate:
    """The document as the duplicates check reads it."""
    return DuplicateCandidate(
        SourceLocation(document.path),
        document.title,
        document.text,
        date=document.date,
        url=document.url,
    )


def _document(candidate: DuplicateCandidate) -> ExistingDocument:
    return ExistingDocument(
        candidate.location.path, candidate.title, candidate.text, candidate.date, candidate.url
    )


def _verdict(pair: SimilarPair, options: DuplicateOptions) -> Verdict:
    severity = pair_severity(pair, options.body_error)
    if severity is Severity.ERROR:
        return "same article"
    return "another edition" if severity is Severity.INFO else "close"


def _reasons(pair: SimilarPair, options: DuplicateOptions) -> tuple[str, ...]:
    reasons = []
    if pair.kind == "same-title":
        reasons.append("the same title, case and punctuation aside")
    elif pair.kind in ("near-title", "rewritten"):
        reasons.append(f"titles {pair.title_score:.0%} alike")
    elif pair.kind == "shared-part":
        reasons.append(f"both titles carry the distinctive part {pair.shared!r}")
    elif pair.kind == "edition":
        reasons.append("the same post for another year")
    if pair.body_score >= options.body_warning or pair.kind == "rewritten":
        reasons.append(f"bodies share {pair.body_score:.0%} of their word runs")
    return tuple(reasons)
