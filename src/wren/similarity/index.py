"""A site's documents as the duplicate guard reads them, kept between questions.

:func:`wren.similarity.duplicates.find_similar_pairs` reads every title and body of a site
each time it is called: right for ``wren check``, which asks once, but an agent asks
"does this exist?" before every post it writes. A :class:`SimilarityIndex` keeps each
document's features (its title key and parts, its body's shingles) and what the rules
count across the site (how many titles carry each token and part, how many bodies carry
each shingle), updated as documents are put or removed. :meth:`SimilarityIndex.query`
then judges one new document against the site by the same rules, looking only at the
documents it could be paired with:

* titles: those with the same normalized title, those sharing two full-weight tokens
  (or a rare token, for short titles), and those sharing a part key, found in
  dictionaries of paths;
* bodies: those sharing one of its non-boilerplate shingles, found in a sorted array of
  every shingle of the site (:class:`_Postings`); the Jaccard index is exact, so no pair
  is lost to sampling.

The answer is what :func:`~wren.similarity.duplicates.find_similar_pairs` gives for the
site's documents followed by the new one, restricted to pairs with the new one (a test
compares both). :meth:`SimilarityIndex.pairs` is that site-wide pass over the stored
features. An index is not safe to share between threads.

Cost of a query on a site of *n* documents of *w* shingles: O(w log(n·w)) for the body,
plus the candidates found; putting a document copies the shingle array once, O(n·w)
memory traffic (about a millisecond for 1,000 posts).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations
from typing import overload

import numpy as np
import numpy.typing as npt

from wren.similarity.bodies import (
    BOILERPLATE_MIN_POSTS,
    BOILERPLATE_SHARE,
    Shingles,
    distinct_counts,
)
from wren.similarity.duplicates import (
    DEFAULT_OPTIONS,
    DocumentFeatures,
    DuplicateCandidate,
    DuplicateOptions,
    PairSignals,
    SimilarPair,
    document_features,
    site_pairs,
)
from wren.similarity.title_structure import (
    Distinctiveness,
    PartKey,
    part_index_keys,
    title_part_keys,
    title_tokens,
)
from wren.similarity.titles import RARE_TOKEN_TITLES, full_tokens

__all__ = ["SimilarityIndex"]

_Slots = npt.NDArray[np.int32]


class _Postings:
    """Every shingle of the site, sorted, with the slot of the document it is in."""

    def __init__(self) -> None:
        self.values: Shingles = np.empty(0, dtype=np.uint64)
        self.slots: _Slots = np.empty(0, dtype=np.int32)

    def build(self, shingles: Sequence[tuple[int, Shingles]]) -> None:
        if not shingles:
            return
        values = np.concatenate([self.values, *(s for _, s in shingles)])
        slots = np.concatenate(
            [self.slots, *(np.full(s.size, slot, dtype=np.int32) for slot, s in shingles)]
        )
        order = np.argsort(values, kind="stable")
        self.values, self.slots = values[order], slots[order]

    def add(self, slot: int, shingles: Shingles) -> None:
        at = np.searchsorted(self.values, shingles)
        self.values = np.insert(self.values, at, shingles)
        self.slots = np.insert(self.slots, at, np.int32(slot))

    def remove(self, slot: int) -> None:
        keep = self.slots != slot
        self.values, self.slots = self.values[keep], self.slots[keep]

    def counts(self, shingles: Shingles) -> npt.NDArray[np.intp]:
        """In how many documents each of *shingles* is."""
        left = np.searchsorted(self.values, shingles, side="left")
        return np.searchsorted(self.values, shingles, side="right") - left

    def shared(self, shingles: Shingles) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.intp]]:
        """The slots of the documents that have some of *shingles*, and how many each."""
        left = np.searchsorted(self.values, shingles, side="left")
        right = np.searchsorted(self.values, shingles, side="right")
        lengths = right - left
        if not lengths.sum():
            return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.intp)
        starts = np.repeat(left - np.cumsum(lengths) + lengths, lengths)
        positions = starts + np.arange(lengths.sum())
        slots, counts = distinct_counts(self.slots[positions])
        return slots, counts


class SimilarityIndex:
    """The duplicate guard's view of a site, kept up to date document by document.

    Documents are known by their path (``candidate.location.path``): putting a document
    with a known path replaces it.
    """

    def __init__(
        self,
        candidates: Sequence[DuplicateCandidate] = (),
        options: DuplicateOptions = DEFAULT_OPTIONS,
    ) -> None:
        self.options = options
        self._docs: dict[str, DocumentFeatures] = {}
        self._slots: dict[str, int] = {}
        self._free: list[int] = []
        self._parts: dict[str, tuple[PartKey, ...]] = {}
        self._by_title: defaultdict[str, set[str]] = defaultdict(set)
        self._by_token: defaultdict[str, set[str]] = defaultdict(set)
        self._by_part: defaultdict[PartKey, set[str]] = defaultdict(set)
        self._by_initialism: defaultdict[str, set[str]] = defaultdict(set)
        self._token_titles: Counter[str] = Counter()
        self._part_titles: Counter[PartKey] = Counter()
        self._postings: _Postings | None = None
        for features in document_features(candidates, options):
            self._put(features)

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, path: object) -> bool:
        return path in self._docs

    def candidate(self, path: str) -> DuplicateCandidate:
        return self._docs[path].candidate

    @property
    def paths(self) -> list[str]:
        """The documents' paths, in the order they were first put."""
        return list(self._docs)

    def put(self, candidate: DuplicateCandidate) -> None:
        """Add *candidate*, or replace the document of its path."""
        self._put(document_features([candidate], self.options)[0])

    def remove(self, path: str) -> None:
        """Forget the document at *path* (nothing happens if there is none)."""
        features = self._docs.pop(path, None)
        if features is None:
            return
        parts = self._parts.pop(path)
        self._by_title[features.key.normalized].discard(path)
        for token in full_tokens(features.key):
            self._by_token[token].discard(path)
        for part in set(parts):
            self._by_part[part].discard(path)
        for initials, _ in features.key.initialisms():
            self._by_initialism[initials].discard(path)
        self._token_titles.subtract(title_tokens(parts))
        self._part_titles.subtract(set(parts))
        slot = self._slots.pop(path)
        self._free.append(slot)
        if self._postings is not None:
            self._postings.remove(slot)

    def pairs(self) -> list[SimilarPair]:
        """Every pair of documents that look like the same post (the site-wide pass)."""
        return site_pairs(list(self._docs.values()), self.options)

    def query(self, candidate: DuplicateCandidate, exclude: str | None = None) -> list[SimilarPair]:
        """The documents *candidate* looks like, as pairs ``(document, candidate)``.

        The same as :func:`~wren.similarity.duplicates.find_similar_pairs` over the
        documents followed by *candidate*, keeping the pairs with *candidate*. *exclude*
        is a path to leave out, as if it were not on the site (the post being changed).
        """
        excluded = self._docs.get(exclude) if exclude is not None else None
        if excluded is not None:
            self.remove(excluded.candidate.location.path)
        try:
            return self._query(document_features([candidate], self.options)[0])
        finally:
            if excluded is not None:
                self._put(excluded)

    # ----------------------------------------------------------------------------------

    def _put(self, features: DocumentFeatures) -> None:
        path = features.candidate.location.path
        self.remove(path)
        parts = title_part_keys(features.candidate.title)
        self._docs[path] = features
        self._parts[path] = parts
        self._by_title[features.key.normalized].add(path)
        for token in full_tokens(features.key):
            self._by_token[token].add(path)
        for part in set(parts):
            self._by_part[part].add(path)
        for initials, _ in features.key.initialisms():
            self._by_initialism[initials].add(path)
        self._token_titles.update(title_tokens(parts))
        self._part_titles.update(set(parts))
        slot = self._free.pop() if self._free else len(self._slots)
        self._slots[path] = slot
        if self._postings is not None:
            self._postings.add(slot, features.shingles)

    def _body_postings(self) -> _Postings:
        if self._postings is None:
            self._postings = _Postings()
            self._postings.build([(self._slots[p], f.shingles) for p, f in self._docs.items()])
        return self._postings

    def _query(self, new: DocumentFeatures) -> list[SimilarPair]:
        parts = title_part_keys(new.candidate.title)
        judge = self._distinctiveness(parts)
        body = _BodyQuery(self, new.shingles)
        paths = self._title_candidates(new, parts, judge) | body.candidates()
        ordered = [path for path in self._docs if path in paths]
        local = [self._docs[path] for path in ordered] + [new]
        last = len(local) - 1
        scores = {
            (i, last): score
            for i, path in enumerate(ordered)
            if (score := body.near_scores.get(path)) is not None
        }
        signals = PairSignals(
            [f.candidate.title for f in local],
            [f.key for f in local],
            judge,
            _Bodies(body, [self._docs[path] for path in ordered]),
            scores,
            self.options,
            [f.shingles for f in local],
            [f.candidate.text for f in local],
            lambda: [*(f.candidate.text for f in self._docs.values()), new.candidate.text],
        )
        return signals.judged([f.candidate for f in local], ((i, last) for i in range(last)))

    def _distinctiveness(self, parts: tuple[PartKey, ...]) -> Distinctiveness:
        """Distinctiveness of the site with the new title among its titles."""
        tokens = Counter(self._token_titles)
        tokens.update(title_tokens(parts))
        part_titles = Counter(self._part_titles)
        part_titles.update(set(parts))
        return Distinctiveness.of_counts(+tokens, +part_titles, len(self._docs) + 1)

    def _title_candidates(
        self, new: DocumentFeatures, parts: tuple[PartKey, ...], judge: Distinctiveness
    ) -> set[str]:
        """Paths of the titles the new one is scored against: the pairs that
        ``same_title_pairs``, ``title_candidate_pairs`` and ``shared_part_pairs`` make."""
        found = set(self._by_title.get(new.key.normalized, ())) if new.key.normalized else set()
        tokens = full_tokens(new.key)
        for a, b in combinations(tokens, 2):
            found |= self._by_token.get(a, set()) & self._by_token.get(b, set())
        for token in tokens:
            others = self._by_token.get(token, set())
            if len(others) + 1 > RARE_TOKEN_TITLES:
                continue
            if len(tokens) <= 2:
                found |= others
            else:
                found |= {path for path in others if len(full_tokens(self._docs[path].key)) <= 2}
        found |= self._acronym_candidates(new, tokens)
        for part in part_index_keys(parts, judge.series_parts):
            members = {
                path
                for path in self._by_part.get(part, ())
                if part in part_index_keys(self._parts[path], judge.series_parts)
            }
            if 0 < len(members) < 3:
                found |= members
        return found

    def _acronym_candidates(self, new: DocumentFeatures, tokens: list[str]) -> set[str]:
        """Paths of the titles that ``_acronym_pairs`` pairs with the new one: one whose
        initials are a token of the other, unless that token is in too many titles."""
        found: set[str] = set()
        for initials, _ in new.key.initialisms():
            others = self._by_token.get(initials, set())
            if len(others) + (initials in tokens) <= RARE_TOKEN_TITLES:
                found |= others
        for token in tokens:
            if len(self._by_token.get(token, ())) + 1 <= RARE_TOKEN_TITLES:
                found |= self._by_initialism.get(token, set())
        return found


class _Bodies(Sequence[Shingles]):
    """The bodies of the documents a new one is judged against, then the new one's, each
    read without boilerplate when a pair needs it."""

    def __init__(self, query: _BodyQuery, documents: list[DocumentFeatures]) -> None:
        self._query = query
        self._documents = documents

    def __len__(self) -> int:
        return len(self._documents) + 1

    @overload
    def __getitem__(self, index: int) -> Shingles: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Shingles]: ...
    def __getitem__(self, index: int | slice) -> Shingles | Sequence[Shingles]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        if index in (len(self._documents), -1):
            return self._query.query
        return self._query.filtered(self._documents[index])


class _BodyQuery:
    """A new body against the site's bodies: boilerplate judged with it among them."""

    def __init__(self, index: SimilarityIndex, shingles: Shingles) -> None:
        options = index.options
        self.index = index
        self.postings = index._body_postings()
        self.shingles = shingles
        documents = len(index) + 1
        self.limit = max(BOILERPLATE_MIN_POSTS, math.ceil(BOILERPLATE_SHARE * documents))
        self.boilerplate_possible = documents >= self.limit
        self.query = self._without_boilerplate(shingles, 1)
        self.near_scores: dict[str, float] = {}
        if self.query.size < options.min_shingles:
            return
        slots, shared = self.postings.shared(self.query)
        paths = {slot: path for path, slot in index._slots.items()}
        for slot, common in zip(slots.tolist(), shared.tolist(), strict=True):
            if common < options.body_warning * self.query.size:
                continue  # the Jaccard index is at most common / |query|
            path = paths[slot]
            other = self.filtered(index._docs[path])
            if other.size < options.min_shingles:
                continue
            score = common / (self.query.size + other.size - common)
            if score >= options.body_warning:
                self.near_scores[path] = score

    def candidates(self) -> set[str]:
        return set(self.near_scores)

    def filtered(self, features: DocumentFeatures) -> Shingles:
        """A document's shingles without the site's boilerplate, the new body counted."""
        return self._without_boilerplate(features.shingles, 0)

    def _without_boilerplate(self, shingles: Shingles, extra: int) -> Shingles:
        if not self.boilerplate_possible or not shingles.size:
            return shingles
        counts = self.postings.counts(shingles) + extra
        if extra == 0 and self.shingles.size:
            at = np.searchsorted(self.shingles, shingles).clip(max=self.shingles.size - 1)
            counts += self.shingles[at] == shingles
        return shingles[counts < self.limit]
