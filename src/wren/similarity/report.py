"""Duplicate reports: pairs gathered into groups, each group said once.

When three posts are one article, :func:`wren.similarity.duplicates.find_similar_pairs` finds
up to three pairs; :func:`cluster_pairs` joins every pair that shares a post into one
:class:`DuplicateCluster`, and :func:`cluster_diagnostic` reports it once, on its newest
post, naming every post with its date and address, which one to keep (the oldest: its
address is the one links and feeds already know) and how to redirect the others with
``aliases``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wren.errors import Diagnostic, Severity

if TYPE_CHECKING:
    from wren.similarity.duplicates import DuplicateCandidate, DuplicateOptions, SimilarPair

__all__ = [
    "DuplicateCluster",
    "cluster_diagnostic",
    "cluster_pairs",
    "edition_diagnostic",
    "pair_severity",
]

CHECK_NAME = "duplicates"
_BODY_ERROR = 0.9


@dataclass(frozen=True, slots=True)
class DuplicateCluster:
    """Posts that are one article, oldest first, and the pairs that tie them."""

    members: tuple[DuplicateCandidate, ...]
    pairs: tuple[SimilarPair, ...]


def pair_severity(pair: SimilarPair, body_error: float = _BODY_ERROR) -> Severity:
    """An error for a copied body (under the same title or another) and for a repeated
    title with no text beside it to tell the two apart; a note for yearly editions; else a
    warning: two posts that share only a title are a warning."""
    if pair.body_score >= body_error or (pair.kind == "same-title" and not _both_texts(pair)):
        return Severity.ERROR
    return Severity.INFO if pair.kind == "edition" else Severity.WARNING


def _both_texts(pair: SimilarPair) -> bool:
    return bool(pair.first.text.strip() and pair.second.text.strip())


def cluster_pairs(
    candidates: Sequence[DuplicateCandidate], pairs: Sequence[SimilarPair]
) -> list[DuplicateCluster]:
    """Pairs joined into groups of posts (union-find), in the order of their newest post."""
    index = {id(candidate): i for i, candidate in enumerate(candidates)}
    parent = list(range(len(candidates)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for pair in pairs:
        a, b = root(index[id(pair.first)]), root(index[id(pair.second)])
        parent[max(a, b)] = min(a, b)
    groups: dict[int, list[SimilarPair]] = {}
    for pair in pairs:
        groups.setdefault(root(index[id(pair.first)]), []).append(pair)
    clusters = []
    for group in groups.values():
        members = sorted({index[id(c)] for pair in group for c in (pair.first, pair.second)})
        clusters.append(DuplicateCluster(tuple(candidates[i] for i in members), tuple(group)))
    return sorted(clusters, key=lambda c: index[id(c.members[-1])])


def _strongest(cluster: DuplicateCluster, body_error: float) -> SimilarPair:
    order = {"same-title": 0, "near-body": 1, "near-title": 2, "shared-part": 3, "rewritten": 4}
    return min(
        cluster.pairs,
        key=lambda p: (
            pair_severity(p, body_error) is not Severity.ERROR,
            order.get(p.kind, 4),
            -max(p.title_score, p.body_score),
        ),
    )


def _what(pair: SimilarPair, body_error: float) -> str:
    if pair.kind == "same-title":
        if pair_severity(pair, body_error) is Severity.ERROR:
            return "duplicate title"
        return f"repeated title over different texts ({pair.body_score:.0%} shared)"
    if pair.kind == "near-title":
        return f"near-duplicate title ({pair.title_score:.0%} similar)"
    if pair.kind == "shared-part":
        return f"titles share the distinctive part {pair.shared!r}"
    if pair.kind == "rewritten":
        return (
            f"one article written again (titles {pair.title_score:.0%} alike, "
            f"bodies {pair.body_score:.0%} shared)"
        )
    copied = pair.body_score >= body_error
    return f"{'duplicate' if copied else 'near-duplicate'} body ({pair.body_score:.0%} shared)"


def _describe(candidate: DuplicateCandidate) -> str:
    facts = ", ".join(fact for fact in (candidate.date, candidate.url) if fact)
    return f"{candidate.title!r} at {candidate.location}" + (f" ({facts})" if facts else "")


def redirect_hint(cluster: DuplicateCluster) -> str:
    """Which post to keep and how the others' addresses reach it."""
    keep, others = cluster.members[0], cluster.members[1:]
    urls = [other.url for other in others if other.url]
    where = keep.url or keep.location.path
    if not urls:
        return f"keep {where} (the oldest) and delete the other copies"
    return (
        f"keep {where} (the oldest), delete the other copies, and add their addresses "
        f"to its front matter so old links still arrive: aliases: {json.dumps(urls)}"
    )


def cluster_diagnostic(cluster: DuplicateCluster, options: DuplicateOptions) -> Diagnostic:
    """One diagnostic for a group, on its newest post, naming every post of it."""
    strongest = _strongest(cluster, options.body_error)
    severity = pair_severity(strongest, options.body_error)
    count = len(cluster.members)
    posts = "; ".join(_describe(member) for member in cluster.members)
    shared_title = strongest.kind == "same-title" and severity is Severity.WARNING
    are = "share a title" if shared_title else "are one article"
    message = f"{_what(strongest, options.body_error)}: {count} posts {are}: {posts}"
    hint = redirect_hint(cluster)
    if shared_title:
        hint = (
            "different posts may share a title, though one that tells them apart helps "
            f"readers; if they are one article, {hint}"
        )
    elif severity is Severity.WARNING:
        hint += "; if they are different posts, make the titles tell them apart"
    return Diagnostic(severity, cluster.members[-1].location, message, CHECK_NAME, hint=hint)


def edition_diagnostic(pair: SimilarPair) -> Diagnostic:
    """A note on two yearly editions of one post."""
    return Diagnostic(
        Severity.INFO,
        pair.second.location,
        f"another year's edition of {_describe(pair.first)}",
        CHECK_NAME,
        hint="fine for a yearly post; if it repeats last year's text, update that post instead",
    )
