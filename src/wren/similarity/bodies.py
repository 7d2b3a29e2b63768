"""Body similarity: the Jaccard index of word shingles, found with MinHash and LSH banding.

The ``near-body`` signal of :mod:`wren.similarity.duplicates`. A body becomes its set of
*shingles* (:func:`shingle_sets`): the 64-bit hashes of every run of ``shingle_size``
consecutive words, casefolded. :func:`near_body_scores` finds every pair of sets whose
Jaccard index reaches ``body_warning`` without comparing every pair.

Complexity, for *n* bodies of *w* words: tokenizing and shingle hashing are O(n · w),
vectorized with NumPy over about half a megabyte of text at a time (one
``bytes.translate`` per ASCII body, then a polynomial hash of every word read off one
running sum of the bytes: no Python call per word). Each body gets a MinHash signature
of ``num_perm`` (216) hashes ``a·x + b mod 2**32`` of its shingles, computed in NumPy in cache-sized
tiles of bodies × hash functions: O(n · w · num_perm), about 50 ms for 1,000 posts. LSH
banding makes a pair a candidate when the signatures agree on all ``lsh_rows`` (3) hashes
of one of ``lsh_bands`` (72) bands, with probability 1 - (1 - s³)^72 at Jaccard index
*s*: 0.07 at 0.1, 0.44 at 0.2, 0.86 at 0.3, 0.99993 at 0.5 (the warning) and 1 at 0.9.
Equal bands are found by sorting, in O(n log n) plus the candidates. Posts in one voice
on one subject can share a tenth of their shingles or more (the benchmark posts of
``benchmarks/generate.py`` pair at 0.1 to 0.2, so 34,000 of 511,000 pairs are
candidates): every candidate's signatures are then compared in one vectorized step, and
only pairs whose signatures agree on at least 73 of 216 hashes are kept (a pair at 0.5
falls below that with probability 5e-7; one at 0.25 passes with 0.002). The few left are
verified with the exact Jaccard index of their shingle sets, so the scores never depend
on MinHash estimates.

Word hashes are a fixed polynomial of the word's UTF-8 bytes modulo ``2**64`` and the hash
functions come from a fixed seed, so results do not depend on ``PYTHONHASHSEED`` or
NumPy's version.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

import numpy as np
import numpy.typing as npt

__all__ = [
    "BodyOptions",
    "Shingles",
    "containment",
    "drop_boilerplate",
    "jaccard",
    "near_body_scores",
    "shingle_sets",
]

Shingles = npt.NDArray[np.uint64]
"""A body's shingle hashes, sorted and distinct."""
_Pairs = npt.NDArray[np.intp]
"""Rows of two candidate indices."""
_Array = TypeVar("_Array", npt.NDArray[np.uint64], npt.NDArray[np.intp], npt.NDArray[np.int32])


class BodyOptions(Protocol):
    """The thresholds bodies are compared by (:class:`~wren.similarity.duplicates.DuplicateOptions`
    has them)."""

    @property
    def body_warning(self) -> float: ...
    @property
    def min_shingles(self) -> int: ...
    @property
    def num_perm(self) -> int: ...
    @property
    def lsh_bands(self) -> int: ...
    @property
    def lsh_rows(self) -> int: ...


_PAIR_BLOCK = 4096
"""Candidate pairs whose signatures are compared at once: memory O(block × num_perm)."""
_FILTER_MISS = 1e-6
"""The chance, at most, that the signature filter drops a pair at ``body_warning``."""
_SEED = 0x5EED_D0_0B1E
_TILE = (16, 27)
"""Shingle sets and hash functions whose MinHashes are computed at once: about 1 MB for
posts of 600 words: nearly twice as fast as one hash function over every set at once."""


_BODY_WORD = re.compile(r"\w+")
_ASCII_NON_WORD_BYTES = bytes(
    c if chr(c).isalnum() or chr(c) == "_" else ord(" ") for c in range(256)
)
"""The ASCII characters ``\\w`` does not match, made spaces: in ASCII text, the runs
between spaces are then the words ``_BODY_WORD`` finds."""
_SPACE = ord(" ")
_NO_SHINGLES: Shingles = np.empty(0, dtype=np.uint64)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_AVALANCHE = np.uint64(0xBF58476D1CE4E5B9)
_HALF = np.uint64(32)
_BASE = 0x100000001B3
"""The odd base of the word hash ``Σ byte_k · BASE**k mod 2**64``."""
_CHUNK_BYTES = 1 << 19
"""Texts whose shingles are made at once: a few megabytes of work arrays."""
_BLOCK_BYTES = 1 << 18
"""Text whose words are read off one running sum: powers of ``BASE`` are kept for this
many bytes (4 MB), however long a text is (a longer word gets its own)."""


def _spaced_words(text: str) -> bytes:
    """The casefolded words of *text* as UTF-8, separated by spaces (several at times).

    For ASCII text, NFKC and casefolding are ``lower`` and the non-word characters become
    spaces with one ``bytes.translate``; other text goes through ``_BODY_WORD``.
    """
    if text.isascii():
        return text.encode("ascii").lower().translate(_ASCII_NON_WORD_BYTES)
    return " ".join(_BODY_WORD.findall(unicodedata.normalize("NFKC", text).casefold())).encode()


@functools.cache
def _powers(size: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """``BASE**k`` and ``BASE**-k`` modulo ``2**64`` for ``k < size``."""
    up = np.full(size, _BASE, dtype=np.uint64)
    down = np.full(size, pow(_BASE, -1, 2**64), dtype=np.uint64)
    up[0] = down[0] = 1
    return np.cumprod(up), np.cumprod(down)  # products wrap modulo 2**64, as intended


def shingle_sets(texts: Iterable[str], size: int) -> list[Shingles]:
    """The shingle set of each text: the distinct hashes of its runs of *size* words."""
    found: list[Shingles] = []
    chunk: list[bytes] = []
    length = 0
    for text in texts:
        chunk.append(_spaced_words(text))
        length += len(chunk[-1]) + 1
        if length >= _CHUNK_BYTES:
            found += _chunk_shingles(chunk, size)
            chunk, length = [], 0
    if chunk:
        found += _chunk_shingles(chunk, size)
    return found


def _chunk_shingles(texts: Sequence[bytes], size: int) -> list[Shingles]:
    """:func:`shingle_sets` of texts already reduced to spaced words, hashed at once.

    A word's hash (:func:`_word_hashes`) is mixed, and a shingle mixes the hashes of its
    words in order.
    """
    joined = b" " + b" ".join(texts) + b" "
    chars = np.frombuffer(joined, dtype=np.uint8)
    in_word = chars != _SPACE
    starts = np.flatnonzero(in_word[1:] > in_word[:-1]) + 1
    ends = np.flatnonzero(in_word[:-1] > in_word[1:]) + 1
    words = _word_hashes(chars, starts, ends)
    words ^= words >> _HALF
    words *= _AVALANCHE
    words ^= words >> _HALF
    count = max(words.size - size + 1, 0)
    hashes = words[:count].copy()
    for offset in range(1, size):
        hashes *= _MIX
        hashes ^= words[offset : offset + count]
    text_starts = np.cumsum([1, *(len(text) + 1 for text in texts)])
    bounds = np.searchsorted(starts, text_starts).tolist()
    found = []
    for first, last in itertools.pairwise(bounds):
        runs = last - first - size + 1  # the shingles that do not run into the next text
        found.append(
            _sorted_distinct(hashes[first : first + runs].copy()) if runs > 0 else _NO_SHINGLES
        )
    return found


def _word_hashes(
    chars: npt.NDArray[np.uint8], starts: npt.NDArray[np.intp], ends: npt.NDArray[np.intp]
) -> npt.NDArray[np.uint64]:
    """The polynomial ``Σ byte_k · BASE**k mod 2**64`` of each word ``chars[start:end]``.

    With ``H`` the running sum of ``byte_t · BASE**t`` over a block of about
    ``_BLOCK_BYTES``, the word at ``[s, e)`` of the block is ``(H[e] - H[s]) · BASE**-s``
    (``BASE`` is odd, so invertible modulo ``2**64``): the same, whatever its place.
    """
    words = np.empty(starts.size, dtype=np.uint64)
    first = 0
    while first < starts.size:
        origin = int(starts[first])
        last = max(first + 1, int(np.searchsorted(ends, origin + _BLOCK_BYTES, side="right")))
        block = chars[origin : int(ends[last - 1])]
        up, down = _powers(max(_BLOCK_BYTES, 1 << (block.size - 1).bit_length()))
        running = np.zeros(block.size + 1, dtype=np.uint64)
        np.cumsum(block * up[: block.size], out=running[1:])
        local = starts[first:last] - origin
        words[first:last] = (running[ends[first:last] - origin] - running[local]) * down[local]
        first = last
    return words


def _sorted_distinct(values: _Array) -> _Array:
    """``np.unique(values)`` for a 1-D array, sorting it in place, without its overhead
    (ten times the work on small arrays, and the import of ``numpy.ma``)."""
    if not values.size:
        return values
    values.sort()
    return values[_first_of_runs(values)]


def _first_of_runs(ordered: _Array) -> npt.NDArray[np.bool_]:
    """Where each run of equal values of the sorted, non-empty *ordered* starts."""
    first = np.empty(ordered.size, dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return first


def _members(values: _Array, ordered: _Array) -> npt.NDArray[np.bool_]:
    """``np.isin(values, ordered)`` for a sorted *ordered* without repeats, by binary search
    (and without the import of ``numpy.ma``)."""
    if not ordered.size:
        return np.zeros(values.size, dtype=bool)
    found = np.minimum(np.searchsorted(ordered, values), ordered.size - 1)
    return np.asarray(ordered[found] == values)


def distinct_counts(values: _Array) -> tuple[_Array, npt.NDArray[np.intp]]:
    """``np.unique(values, return_counts=True)`` for a 1-D array, without importing
    ``numpy.ma`` (a sixth of a second) on the first call."""
    if not values.size:
        return values, np.empty(0, dtype=np.intp)
    ordered = np.sort(values)
    starts = np.flatnonzero(_first_of_runs(ordered))
    return ordered[starts], np.diff(np.append(starts, ordered.size))


BOILERPLATE_MIN_POSTS = 5
BOILERPLATE_SHARE = 0.005
"""A shingle found in at least ``max(5, 0.5%)`` of the site's bodies is boilerplate
(a template, a standard footer): it does not count towards any body's similarity."""
_BUCKET_BITS = 20


_GROUP = 256
"""Shingle sets counted at once: a few megabytes, not one array of the whole site."""


def _buckets(shingles: Shingles) -> npt.NDArray[np.intp]:
    return (shingles >> np.uint64(64 - _BUCKET_BITS)).astype(np.intp)  # the mixed top bits


def drop_boilerplate(shingles: Sequence[Shingles]) -> list[Shingles]:
    """The shingle sets without the shingles that occur in many of them.

    Shingles are first counted in ``2**20`` buckets of their hash, ``_GROUP`` sets at a
    time; only those in a bucket that reaches the limit are counted exactly, so a bucket
    shared by chance never drops a shingle.
    """
    limit = max(BOILERPLATE_MIN_POSTS, math.ceil(BOILERPLATE_SHARE * len(shingles)))
    if len(shingles) < limit:
        return list(shingles)
    groups = [shingles[start : start + _GROUP] for start in range(0, len(shingles), _GROUP)]
    counts = np.zeros(1 << _BUCKET_BITS, dtype=np.intp)
    for group in groups:
        counts += np.bincount(_buckets(np.concatenate(group)), minlength=counts.size)
    if not any((counts[_buckets(np.concatenate(group))] >= limit).any() for group in groups):
        return list(shingles)
    every = np.concatenate(shingles)
    suspects = counts[_buckets(every)] >= limit
    values, counts = distinct_counts(every[suspects])
    common = np.zeros(every.size, dtype=bool)
    common[suspects] = _members(every[suspects], values[counts >= limit])
    ends = np.cumsum([s.size for s in shingles])
    kept = np.split(~common, ends[:-1])
    return [s[keep] for s, keep in zip(shingles, kept, strict=True)]


def jaccard(a: Shingles, b: Shingles) -> float:
    """The Jaccard index of two shingle sets (0 when either is empty)."""
    if not a.size or not b.size:
        return 0.0
    common = np.intersect1d(a, b, assume_unique=True).size
    return common / (a.size + b.size - common)


def containment(a: Shingles, b: Shingles) -> float:
    """The share of the smaller shingle set found in the other (0 when either is empty)."""
    if not a.size or not b.size:
        return 0.0
    return np.intersect1d(a, b, assume_unique=True).size / min(a.size, b.size)


@functools.cache
def _hash_functions(count: int) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
    """Odd multipliers and addends of *count* hash functions ``x -> a·x + b mod 2**32``.

    Drawn with SplitMix64 from a fixed seed, so they do not change with NumPy's generators.
    """
    state, drawn = _SEED, []
    for _ in range(2 * count):
        state = (state + 0x9E3779B97F4A7C15) % 2**64
        z = (state ^ state >> 30) * 0xBF58476D1CE4E5B9 % 2**64
        z = (z ^ z >> 27) * 0x94D049BB133111EB % 2**64
        drawn.append((z ^ z >> 31) >> 32)
    table = np.array(drawn, dtype=np.uint32)
    return table[:count] | np.uint32(1), table[count:]


def _signatures(shingles: Sequence[Shingles], num_perm: int) -> npt.NDArray[np.uint32]:
    """MinHash signatures of non-empty shingle sets: one row per set, one column per hash.

    A column is the least of ``a·x + b mod 2**32`` over the set's shingles ``x`` (its top
    32 bits), computed in tiles of ``_TILE`` sets × hash functions that fit in the cache.
    """
    starts = np.cumsum([0, *(s.size for s in shingles)])
    multipliers, addends = (column[:, np.newaxis] for column in _hash_functions(num_perm))
    signatures = np.empty((len(shingles), num_perm), dtype=np.uint32)
    sets, functions = _TILE
    for first in range(0, len(shingles), sets):
        last = min(first + sets, len(shingles))
        rows = slice(first, last)
        values = (np.concatenate(shingles[rows]) >> _HALF).astype(np.uint32)  # the top half
        offsets = starts[rows] - starts[first]
        for column in range(0, num_perm, functions):
            columns = slice(column, column + functions)
            hashed = values * multipliers[columns]
            hashed += addends[columns]
            signatures[rows, columns] = np.minimum.reduceat(hashed, offsets, axis=1).T
    return signatures


def _band_pairs(signatures: npt.NDArray[np.uint32], bands: int, rows: int) -> _Pairs:
    """Rows ``(i, j)``, ``i < j``, of the signatures that agree on every row of a band."""
    count = signatures.shape[0]
    rows_of_bands = signatures[:, : bands * rows].astype(np.uint64).reshape(count, bands, rows)
    keys = rows_of_bands[:, :, 0]
    for row in range(1, rows):
        keys = keys * _MIX ^ rows_of_bands[:, :, row]  # unequal bands rarely collide
    order = np.argsort(keys, axis=0, kind="stable")
    ordered = np.take_along_axis(keys, order, axis=0)
    found = [np.empty((0, 2), dtype=np.intp)]
    for gap in range(1, count):  # equal keys are runs: a run of k yields gaps 1 to k - 1
        same_row, band = (ordered[gap:] == ordered[:-gap]).nonzero()
        if not same_row.size:
            break
        found.append(np.stack((order[same_row, band], order[same_row + gap, band]), axis=1))
    pairs = np.sort(np.concatenate(found), axis=1)
    codes = _sorted_distinct(pairs[:, 0] * count + pairs[:, 1])
    return np.stack(np.divmod(codes, count), axis=1)


def _agreement_floor(num_perm: int, similarity: float) -> int:
    """The fewest agreeing hashes kept: a pair at *similarity* has fewer with chance
    at most ``_FILTER_MISS`` (the binomial tail; each hash agrees with that chance)."""
    if similarity <= 0.0 or similarity >= 1.0:
        return round(similarity * num_perm)
    log_p, log_q = math.log(similarity), math.log1p(-similarity)
    below = 0.0
    for agreeing in range(num_perm + 1):
        below += math.exp(
            math.lgamma(num_perm + 1)
            - math.lgamma(agreeing + 1)
            - math.lgamma(num_perm - agreeing + 1)
            + agreeing * log_p
            + (num_perm - agreeing) * log_q
        )
        if below > _FILTER_MISS:
            return agreeing
    return num_perm


def near_body_scores(
    shingles: Sequence[Shingles], options: BodyOptions
) -> dict[tuple[int, int], float]:
    """The exact Jaccard index of every pair of bodies found at ``body_warning`` or more."""
    indexed = np.array([i for i, s in enumerate(shingles) if s.size >= options.min_shingles])
    if indexed.size < 2:
        return {}
    signatures = _signatures([shingles[i] for i in indexed], options.num_perm)
    candidates = _band_pairs(signatures, options.lsh_bands, options.lsh_rows)
    floor = _agreement_floor(options.num_perm, options.body_warning)
    likely = [np.empty((0, 2), dtype=np.intp)]
    for start in range(0, len(candidates), _PAIR_BLOCK):
        block = candidates[start : start + _PAIR_BLOCK]
        agreeing = (signatures[block[:, 0]] == signatures[block[:, 1]]).sum(axis=1)
        likely.append(block[agreeing >= floor])
    scores: dict[tuple[int, int], float] = {}
    for i, j in indexed[np.concatenate(likely)].tolist():
        score = jaccard(shingles[i], shingles[j])
        if score >= options.body_warning:
            scores[i, j] = score
    return scores
