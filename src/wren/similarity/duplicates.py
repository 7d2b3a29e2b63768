"""Find posts that are the same article twice: repeated titles, reworded titles, copied bodies.

A blog written in a hurry (or by an agent that forgets what it already wrote) ends up with
the same post two or three times, sometimes under a reworded title. ``wren check`` runs
:func:`check_duplicates` over every post and chapter so that such a copy cannot be
published by accident, while distinct posts that merely share a subject stay quiet.

Each pair is reported on its *later* file: the candidate that comes second in the
sequence given (pass posts oldest first, so the newer copy is flagged and the message
names the older one). Three signals:

``same-title`` (error)
    The titles are equal after :func:`normalize_title` (NFKC, casefold, punctuation and
    whitespace folded).

``near-title`` (warning)
    The titles say the same thing in other words: the weighted Jaccard index of their
    content tokens (stop words dropped, framing words weighed less, words stemmed,
    synonyms and number words folded) is at least ``near_title`` (0.78). Titles are
    never near-duplicates when each carries a number the other lacks ("Part 1" /
    "Part 2"), when only one of them is negated ("Should" / "Shouldn't"), or when the
    first subject word after "for" or "from" differs ("Rust for Python Developers" /
    "Python for Rust Developers"). The scoring is in :mod:`wren.similarity.titles`.

``near-body`` (warning; error from ``body_error``)
    The bodies share most of their text: the Jaccard index of their sets of
    ``shingle_size``-word shingles is at least ``body_warning`` (0.5). From
    ``body_error`` (0.9) the bodies are near-verbatim copies and the pair is an error
    whatever the titles say. Bodies with fewer than ``min_shingles`` (25) distinct
    shingles, such as empty posts and "coming soon" stubs, are never compared, so
    placeholders do not all match each other. The shingles, MinHash and banding are in
    :mod:`wren.similarity.bodies`.

``DuplicateCandidate.summary`` is carried for callers but not scored: many sites give
every post the same default description, which would pair unrelated posts.

Measured on the labelled set in ``tests/check/data/duplicate_pairs.json`` (171 pairs):
no false positives in any split; recall 1.0 on the splits used for tuning and 0.57 on
the holdout written after the thresholds were frozen, whose misses are paraphrases
sharing too few words ("RAG" / "Retrieval-Augmented Generation").

Not every pair is compared: titles pass a rapidfuzz ``cdist`` prefilter, bodies MinHash
and LSH banding, and only the pairs either finds are judged here, on both signals.
1,000 posts of ~750 words from ``benchmarks/generate.py`` take about 0.25 s of CPU
(``benchmarks/duplicates_eval.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from wren.errors import Diagnostic, Severity, SourceLocation
from wren.similarity.bodies import Shingles, jaccard, near_body_scores, shingle_sets
from wren.similarity.titles import (
    TitleKey,
    key_similarity,
    normalize_title,
    same_title_pairs,
    title_candidate_pairs,
    title_key,
    title_similarity,
    titles_conflict,
)

__all__ = [
    "DuplicateCandidate",
    "DuplicateOptions",
    "SimilarPair",
    "check_duplicates",
    "find_similar_pairs",
    "normalize_title",
    "title_similarity",
]

CHECK_NAME = "duplicates"

PairKind = Literal["same-title", "near-title", "near-body"]


@dataclass(frozen=True, slots=True)
class DuplicateCandidate:
    """A post or chapter as the duplicates check sees it."""

    location: SourceLocation
    """The Markdown file (relative to the site) and the line of its title in the front matter."""
    title: str
    text: str
    """The body as plain text (no markup)."""
    summary: str = ""
    """The description, or the first paragraph."""


@dataclass(frozen=True, slots=True)
class SimilarPair:
    """Two candidates that look like the same post; ``second`` is the one reported."""

    first: DuplicateCandidate
    second: DuplicateCandidate
    title_score: float
    """Similarity of the titles, 0 to 1 (1 for equal normalized titles)."""
    body_score: float
    """Jaccard index of the bodies' word shingles, 0 to 1 (0 when a body is too short)."""
    kind: PairKind


@dataclass(frozen=True, slots=True)
class DuplicateOptions:
    """Thresholds of the duplicates check. The defaults are tuned on a labelled set."""

    near_title: float = 0.78
    """Title similarity (0 to 1) from which two titles are near-duplicates."""
    title_block_cutoff: float = 55.0
    """rapidfuzz ``ratio`` (0 to 100) of sorted content tokens below which a pair of
    titles is not scored at all. Far below anything ``near_title`` accepts."""
    body_warning: float = 0.5
    """Shingle Jaccard index from which bodies are near-duplicates (a warning)."""
    body_error: float = 0.9
    """Shingle Jaccard index from which bodies are copies (an error)."""
    shingle_size: int = 4
    """Words per shingle."""
    min_shingles: int = 25
    """Bodies with fewer distinct shingles are not compared."""
    num_perm: int = 216
    """MinHash hash functions."""
    lsh_bands: int = 72
    lsh_rows: int = 3
    """Bodies whose MinHash signatures agree on all ``lsh_rows`` hashes of one of the
    ``lsh_bands`` bands are compared further: at Jaccard index *s*, with probability
    1 - (1 - s^rows)^bands."""

    def __post_init__(self) -> None:
        for name in ("near_title", "body_warning", "body_error"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, not {value}")
        if self.body_warning > self.body_error:
            raise ValueError("body_warning must not exceed body_error")
        if not 0.0 <= self.title_block_cutoff <= 100.0:
            raise ValueError("title_block_cutoff must be between 0 and 100")
        if self.shingle_size < 1 or self.min_shingles < 1:
            raise ValueError("shingle_size and min_shingles must be positive")
        if self.lsh_bands < 2 or self.lsh_rows < 1:
            raise ValueError("LSH banding needs at least 2 bands of at least 1 row")
        if self.lsh_bands * self.lsh_rows > self.num_perm:
            raise ValueError("lsh_bands * lsh_rows must not exceed num_perm")


DEFAULT_OPTIONS = DuplicateOptions()


@dataclass(frozen=True, slots=True)
class _Signals:
    """What pairs of candidates are judged on: a title key and a shingle set each."""

    keys: list[TitleKey]
    shingles: list[Shingles]
    body_scores: dict[tuple[int, int], float]
    """Pairs whose bodies reach ``body_warning``, and their Jaccard index."""
    options: DuplicateOptions

    def body_score(self, i: int, j: int) -> float:
        known = self.body_scores.get((i, j))
        if known is not None:
            return known
        a, b = self.shingles[i], self.shingles[j]
        return jaccard(a, b) if min(a.size, b.size) >= self.options.min_shingles else 0.0

    def judge(self, i: int, j: int, titles_alike: bool) -> tuple[PairKind, float, float] | None:
        """Kind, title score and body score of a pair, or None if it is not a duplicate.

        Only pairs that pass the title prefilter (``titles_alike``) can be near-titles.
        """
        a, b, options = self.keys[i], self.keys[j], self.options
        same_title = bool(a.normalized) and a.normalized == b.normalized
        title_score = 1.0 if same_title else key_similarity(a, b) if titles_alike else None
        near_title = (
            title_score is not None
            and title_score >= options.near_title
            and not titles_conflict(a, b)
        )
        if not (same_title or near_title or (i, j) in self.body_scores):
            return None
        if title_score is None:  # reported, not judged
            title_score = key_similarity(a, b)
        body_score = self.body_score(i, j)
        kind: PairKind
        if same_title:
            kind = "same-title"
        elif near_title and body_score < options.body_error:
            kind = "near-title"
        else:
            kind = "near-body"
        return kind, title_score, body_score


def find_similar_pairs(
    candidates: Sequence[DuplicateCandidate], options: DuplicateOptions = DEFAULT_OPTIONS
) -> list[SimilarPair]:
    """Every pair of candidates that look like the same post, in candidate order.

    ``first`` comes before ``second`` in *candidates*; pairs are sorted by the positions
    of ``first``, then ``second``. Two candidates with the same path are never paired.
    """
    if len(candidates) < 2:
        return []
    keys = [title_key(candidate.title) for candidate in candidates]
    shingles = shingle_sets((candidate.text for candidate in candidates), options.shingle_size)
    signals = _Signals(keys, shingles, near_body_scores(shingles, options), options)
    prefiltered = title_candidate_pairs(keys, options.title_block_cutoff)
    titles_alike = same_title_pairs(keys) | set(prefiltered)
    found: list[SimilarPair] = []
    for i, j in sorted(titles_alike | signals.body_scores.keys()):
        first, second = candidates[i], candidates[j]
        if first.location.path == second.location.path:
            continue
        judged = signals.judge(i, j, (i, j) in titles_alike)
        if judged is not None:
            kind, title_score, body_score = judged
            found.append(SimilarPair(first, second, title_score, body_score, kind))
    return found


def _diagnostic(pair: SimilarPair, options: DuplicateOptions) -> Diagnostic:
    first, second = pair.first, pair.second
    body_note = (
        f"; bodies {pair.body_score:.0%} alike" if pair.body_score >= options.body_warning else ""
    )
    if pair.kind == "same-title":
        return Diagnostic(
            Severity.ERROR,
            second.location,
            f"duplicate title: also at {first.location}{body_note}",
            CHECK_NAME,
            hint="delete the copy, or retitle it if it is a different post",
        )
    if pair.kind == "near-title":
        return Diagnostic(
            Severity.WARNING,
            second.location,
            f"near-duplicate title ({pair.title_score:.0%} similar): {second.title!r} here, "
            f"{first.title!r} at {first.location}{body_note}",
            CHECK_NAME,
            hint="if this is the same post, delete one copy; "
            "if not, make the titles tell the posts apart",
        )
    copied = pair.body_score >= options.body_error
    return Diagnostic(
        Severity.ERROR if copied else Severity.WARNING,
        second.location,
        f"{'duplicate' if copied else 'near-duplicate'} body: shares {pair.body_score:.0%} "
        f"of its text with {first.location} ({first.title!r})",
        CHECK_NAME,
        hint=f"similarity is the Jaccard index of {options.shingle_size}-word runs; "
        "delete one copy, or rewrite the post if it is meant to be different",
    )


def check_duplicates(
    candidates: Sequence[DuplicateCandidate], options: DuplicateOptions = DEFAULT_OPTIONS
) -> list[Diagnostic]:
    """Diagnostics for every duplicate pair, each reported on the later file of the pair.

    A title repeated *k* times gives *k* - 1 errors, each pointing at the first copy,
    rather than one per pair.
    """
    first_with_title: dict[str, SourceLocation] = {}
    diagnostics: list[Diagnostic] = []
    for pair in find_similar_pairs(candidates, options):
        if pair.kind == "same-title":
            normalized = normalize_title(pair.first.title)
            original = first_with_title.setdefault(normalized, pair.first.location)
            if pair.first.location != original:
                continue
        diagnostics.append(_diagnostic(pair, options))
    return diagnostics
