"""Repeated titles: a post published twice, or two posts that only share a title.

Real blogs repeat titles on purpose ("Security advisory for Cargo" in 2019 and in 2026);
what must never ship by accident is one article twice. Posts whose titles are one title
(:func:`wren.similarity.same_title.title_identity`) are judged by the duplicate guard
(:mod:`wren.similarity.duplicates`), the rule ``wren check`` applies too: when it calls
their texts one article, the later post is published twice, an error (or a warning, with
``duplicate_posts = "warn"``); otherwise both are published, with a warning.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from wren.errors import ContentError, Diagnostic, ErrorGroup, Severity, SourceLocation
from wren.similarity.same_title import title_identity

if TYPE_CHECKING:
    from wren.pipeline.assemble import Post

__all__ = ["repeated_titles"]

# Asked for every post's title on each rebuild, of which an edit changes one at most.
_identity = functools.lru_cache(maxsize=1 << 16)(title_identity)


def repeated_titles(posts: Sequence[Post], policy: str) -> list[Diagnostic]:
    """The warnings about posts that share a title; raise the posts published twice when
    ``policy`` is ``"error"``. One problem for each later post, naming the earliest post it
    repeats."""
    groups: dict[str, list[Post]] = {}
    for post in sorted(posts, key=lambda p: (p.date, p.key)):
        groups.setdefault(_identity(post.title), []).append(post)
    repeated = [group for group in groups.values() if len(group) > 1]
    if not repeated:
        return []
    # The guard needs NumPy: loaded only for a site that repeats a title.
    from wren.similarity.duplicates import DuplicateCandidate, find_similar_pairs, pair_severity

    errors: list[ContentError] = []
    warnings: list[Diagnostic] = []
    for group in repeated:
        candidates = [
            DuplicateCandidate(SourceLocation(p.key, 1), p.title, p.body.text) for p in group
        ]
        position = {id(candidate): i for i, candidate in enumerate(candidates)}
        verdicts: dict[int, tuple[int, bool, float]] = {}  # later -> earlier, copy?, shared
        for pair in find_similar_pairs(candidates):
            first, later = position[id(pair.first)], position[id(pair.second)]
            copy = pair_severity(pair) is Severity.ERROR
            known = verdicts.get(later)
            if known is None or (copy and not known[1]):
                verdicts[later] = (first, copy, pair.body_score)
        for later, (first, copy, shared) in sorted(verdicts.items()):
            post, earlier = group[later], group[first]
            where = SourceLocation(post.key, 1)
            describe = _published_twice if copy else _shared_title
            message, hint = describe(post, earlier, shared)
            if copy and policy == "error":
                errors.append(ContentError(message, where, hint))
            else:
                warnings.append(Diagnostic(Severity.WARNING, where, message, "titles", hint))
    ErrorGroup.raise_if_any(errors)
    return warnings


def _dated(post: Post) -> str:
    return f"{post.key} ({post.date.date().isoformat()})"


def _published_twice(post: Post, earlier: Post, shared: float) -> tuple[str, str]:
    text = "no text that tells them apart"
    if shared >= 1:
        text = "the same text"
    elif shared > 0:
        text = f"nearly the same text ({shared:.0%} shared)"
    message = (
        f"the post {post.title!r} of {post.date.date().isoformat()} is published twice: "
        f"{_dated(earlier)} has the same title and {text}"
    )
    hint = (
        f"keep {earlier.key}: delete this copy and add its address to that post's front "
        f"matter, aliases: {json.dumps([post.url])}, or set draft: true here; if both "
        'belong on the site, set duplicate_posts = "warn" in site.toml'
    )
    return message, hint


def _shared_title(post: Post, earlier: Post, shared: float) -> tuple[str, str]:
    message = (
        f"the title {post.title!r} is also the title of {_dated(earlier)}; their texts "
        f"differ ({shared:.0%} shared), so both are published"
    )
    hint = (
        "a title that tells them apart helps readers; if this post replaces the other, set "
        f"draft: true there and add its address to this post's aliases: {json.dumps([earlier.url])}"
    )
    return message, hint
