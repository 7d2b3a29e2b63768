"""Title structure: a main title and a subtitle, and which parts name an article.

Many titles are a main title and a subtitle ("Building MCP Servers in Rust: Exposing
Tools to AI Agents"), and the same article comes back as its main title alone, with
another subtitle, or with the main title demoted to a subtitle. :func:`title_parts`
splits a title at the first ``:``, `` — ``, `` – ``, `` - `` or ``?`` followed by more
words, or before a parenthetical that ends it ("... (And Where It Lives Now)"). Every
part, and the whole title, becomes a *part key*: its full-weight content tokens (stemmed,
synonyms folded, stop and framing words dropped, as :mod:`wren.similarity.titles` reads
them).

Two titles that share a part key share an identity only when that part is
*distinctive* (:class:`Distinctiveness`):

* it has at least ``MIN_PART_WORDS`` (2) content words, and the words' *surprise*
  adds up to ``DISTINCTIVE_SURPRISE`` (2.0) or more. A word's surprise is ``5 - zipf``,
  between 0 and 3, where ``zipf`` is its frequency in English from the ``wordfreq``
  package (offline; 3 for a word it does not list, such as "Tokio" or "WebGPU"):
  "Lessons Learned", "An Honest Take" and "First Impressions" are generic, "Tokio Under
  the Hood" and "ECS in Rust" are not;
* a word that appears in more than ``max(4, 5%)`` of the site's titles ("Rust" on a Rust
  blog) has no surprise: on that site it is a topic, not an identity;
* a part key shared by more than ``SERIES_MIN_TITLES - 1`` (3) titles is a series
  marker ("Learning Rust: ..."), never evidence;
* a part that is the whole title of one of the two is that post's name: with
  ``WHOLE_TITLE_WORDS`` (3) content words or more that are not topics of the site it is
  distinctive whatever their surprise ("How Design Docs Saved Our Team", every word
  common in English); "Lessons Learned" as a whole title has too few.

Finding the pairs that share a part is one dictionary pass over the part keys, O(n)
plus the pairs found.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from wren.similarity.titles import title_key

__all__ = [
    "Distinctiveness",
    "PartKey",
    "TitleParts",
    "english_zipf",
    "part_index_keys",
    "shared_part_pairs",
    "title_part_keys",
    "title_parts",
    "title_tokens",
    "word_surprise",
]

PartKey = frozenset[str]
"""The full-weight content tokens of a part of a title."""

_SPLIT = re.compile(r"\s*(?::|(?<=\s)[—–-](?=\s)|\?)\s+(?=\w)|\s+\((?=\w[^()]*\)$)")
"""Where a main title ends and its subtitle starts: a mark followed by words, or the
opening bracket of a parenthetical that ends the title."""
MIN_PART_WORDS = 2
DISTINCTIVE_SURPRISE = 2.0
SERIES_MIN_TITLES = 4
WHOLE_TITLE_WORDS = 3
_MAX_SURPRISE = 3.0
_SUBJECT_SURPRISE = 0.5
_COMMON_ZIPF = 5.0
_SITE_TOPIC_SHARE = 0.05
_SITE_TOPIC_MIN = 4


@dataclass(frozen=True, slots=True)
class TitleParts:
    """A title's main title and subtitle (empty when the title has none)."""

    main: str
    subtitle: str


def title_parts(title: str) -> TitleParts:
    """Split *title* at the first subtitle mark that has words on both sides.

    >>> title_parts("Tokio Under the Hood: How the Scheduler Works")
    TitleParts(main='Tokio Under the Hood', subtitle='How the Scheduler Works')
    >>> title_parts("Do You Really Need Kubernetes? A Small Team's Answer")
    TitleParts(main='Do You Really Need Kubernetes', subtitle="A Small Team's Answer")
    >>> title_parts("Leaving the Cloud (And What It Cost Us)")
    TitleParts(main='Leaving the Cloud', subtitle='And What It Cost Us')
    >>> title_parts("Async/Await in Rust")
    TitleParts(main='Async/Await in Rust', subtitle='')
    """
    stripped = title.strip()
    match = _SPLIT.search(stripped)
    if match is None or match.start() == 0:
        return TitleParts(stripped, "")
    subtitle = stripped[match.end() :]
    if match[0].endswith("("):
        subtitle = subtitle.removesuffix(")")
    return TitleParts(stripped[: match.start()].strip(), subtitle.strip())


@dataclass(frozen=True, slots=True)
class _PartWords:
    key: PartKey
    words: tuple[str, ...]
    """The surface words behind the key's tokens, for their frequency in English."""


@functools.lru_cache(maxsize=65536)
def _part_words(text: str) -> _PartWords:
    key = title_key(text)
    tokens = frozenset(token for token, weight in key.weights.items() if weight == 1.0)
    words = tuple(word for word in re.findall(r"[^\W\d_]+", text.casefold()) if len(word) > 1)
    return _PartWords(tokens, words)


def title_part_keys(title: str) -> tuple[PartKey, ...]:
    """The part keys of *title*: the whole title, then its main title and subtitle."""
    parts = title_parts(title)
    texts = [title] if not parts.subtitle else [title, parts.main, parts.subtitle]
    return tuple(_part_words(text).key for text in texts)


def title_tokens(parts: Iterable[PartKey]) -> frozenset[str]:
    """The tokens of a title's part keys, each once."""
    return frozenset().union(*parts)


def part_index_keys(parts: Sequence[PartKey], series: Set[PartKey]) -> list[PartKey]:
    """The part keys a title is found by when looking for titles sharing a part: its only
    key, or those of its parts (and whole) that have two tokens and are not *series* markers."""
    if len(parts) == 1:
        return [parts[0]]
    return [part for part in parts if len(part) >= MIN_PART_WORDS and part not in series]


@functools.cache
def _english_frequencies() -> dict[str, float]:
    """``wordfreq``'s small English list as ``{word: frequency}``, read once, only when a
    title has a part worth judging.

    The list is read from the package's data file rather than through
    ``wordfreq.get_frequency_dict``: importing ``wordfreq`` loads ``ftfy``, ``langcodes`` and
    ``regex`` for its tokeniser, about 0.25 s that ``wren check`` would spend on every
    run, and the guard only looks words up. The file is wordfreq's documented "cBpack":
    gzipped msgpack, a header, then one list of words per centibel of frequency (the
    list at index *i* holds the words used ``10 ** (-i / 100)`` of the time). A test
    holds the result equal to ``wordfreq.get_frequency_dict("en", "small")``.
    """
    import gzip
    import importlib.util

    import msgpack  # wordfreq's own dependency

    spec = importlib.util.find_spec("wordfreq")  # finds the package without importing it
    folder = next(iter(spec.submodule_search_locations or ())) if spec else None
    if folder is None:
        raise ModuleNotFoundError("wordfreq is not installed")
    with gzip.open(Path(folder, "data", "small_en.msgpack.gz"), "rb") as packed:
        header, *buckets = msgpack.load(packed, raw=False)
    if header != {"format": "cB", "version": 1}:
        raise ValueError(f"wordfreq's English list has an unknown header: {header!r}")
    return {word: 10 ** (-index / 100) for index, words in enumerate(buckets) for word in words}


def english_zipf(word: str) -> float:
    """How often *word* is used in English on the Zipf scale (``log10`` of its uses per
    billion words: 7 for "the", 3 for "runtime"), 0 for a word ``wordfreq`` does not list."""
    frequency = _english_frequencies().get(word.casefold(), 0.0)
    return math.log10(frequency) + 9.0 if frequency > 0.0 else 0.0


def word_surprise(word: str) -> float:
    """How little *word* is used in English: ``5 - zipf``, between 0 and 3."""
    zipf = english_zipf(word)
    if zipf <= 0.0:
        return _MAX_SURPRISE
    return min(_MAX_SURPRISE, max(0.0, _COMMON_ZIPF - zipf))


@dataclass(frozen=True, slots=True)
class Distinctiveness:
    """Judges parts of titles against the language and against one site's titles."""

    topic_tokens: frozenset[str]
    """Tokens in more than ``max(4, 5%)`` of the site's titles: topics, not identities."""
    series_parts: frozenset[PartKey]
    """Part keys shared by ``SERIES_MIN_TITLES`` titles or more: series markers."""

    @classmethod
    def of_site(cls, titles: Iterable[str]) -> Distinctiveness:
        """Distinctiveness judged from the titles of one site."""
        keys = [title_part_keys(title) for title in titles]
        token_titles = Counter(token for parts in keys for token in title_tokens(parts))
        part_titles = Counter(part for parts in keys for part in set(parts))
        return cls.of_counts(token_titles, part_titles, len(keys))

    @classmethod
    def of_counts(
        cls, token_titles: Mapping[str, int], part_titles: Mapping[PartKey, int], titles: int
    ) -> Distinctiveness:
        """Distinctiveness from the number of titles each token and each part key is in,
        out of *titles*."""
        limit = max(_SITE_TOPIC_MIN, _SITE_TOPIC_SHARE * titles)
        return cls(
            frozenset(token for token, count in token_titles.items() if count > limit),
            frozenset(part for part, count in part_titles.items() if count >= SERIES_MIN_TITLES),
        )

    def is_distinctive(self, text: str, *, whole: bool = False) -> bool:
        """Whether the part *text* of a title names one article on this site.

        With *whole*, the part is the whole of a title: it is that post's name, and
        ``WHOLE_TITLE_WORDS`` content words that are not topics of the site name an article
        however common each word is in English.
        """
        part = _part_words(text)
        if len(part.key) < MIN_PART_WORDS or part.key in self.series_parts:
            return False
        subject = [
            word
            for word in part.words
            if title_key(word).block not in self.topic_tokens and title_key(word).block in part.key
        ]
        if whole and len({title_key(word).block for word in subject}) >= WHOLE_TITLE_WORDS:
            return True
        return sum(map(word_surprise, subject)) >= DISTINCTIVE_SURPRISE


def shared_part(first: str, second: str, judge: Distinctiveness) -> str | None:
    """The distinctive part two titles share (as *first* spells it), or None.

    Shared wholes are not counted here: equal or reworded whole titles are the
    title similarity's concern.
    """
    a, b = _spelled_parts(first), _spelled_parts(second)
    b_keys = {key for key, _ in b}
    whole_a, whole_b = a[0][0], b[0][0]
    for key, text in a:
        shared = key in b_keys and not (key == whole_a and key == whole_b)
        whole = key in (whole_a, whole_b)
        if shared and judge.is_distinctive(text, whole=whole) and not _one_template(a, b, key):
            return text
    return None


def _one_template(a: list[tuple[PartKey, str]], b: list[tuple[PartKey, str]], key: PartKey) -> bool:
    """Whether the parts beside the shared one are one template with another subject
    ("Async Rust: Pinning Explained" / "Async Rust: Cancellation Explained"): a series."""
    rest_a = [text for part, text in a[1:] if part != key]
    rest_b = [text for part, text in b[1:] if part != key]
    if len(rest_a) != 1 or len(rest_b) != 1:
        return False
    x, y = set(title_key(rest_a[0]).weights), set(title_key(rest_b[0]).weights)
    if not (len(x) == len(y) and x & y and len(x - y) == 1):
        return False
    # The swapped words must be subjects ("pinning"), not common words ("a first look").
    return _subject_word(rest_a[0], x - y) and _subject_word(rest_b[0], y - x)


def _subject_word(text: str, tokens: set[str]) -> bool:
    words = [w for w in _part_words(text).words if title_key(w).block in tokens]
    return bool(words) and all(word_surprise(word) >= _SUBJECT_SURPRISE for word in words)


def _spelled_parts(title: str) -> list[tuple[PartKey, str]]:
    parts = title_parts(title)
    texts = [title] if not parts.subtitle else [title, parts.main, parts.subtitle]
    return [(_part_words(text).key, text) for text in texts]


def shared_part_pairs(titles: Sequence[str], judge: Distinctiveness) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of titles that share a part key which is not a series
    marker (whether the part is distinctive is judged later, by :func:`shared_part`)."""
    by_part: defaultdict[PartKey, set[int]] = defaultdict(set)
    for index, title in enumerate(titles):
        for part in part_index_keys(title_part_keys(title), judge.series_parts):
            by_part[part].add(index)
    pairs: set[tuple[int, int]] = set()
    for indices in by_part.values():
        if 1 < len(indices) < SERIES_MIN_TITLES:
            pairs.update(combinations(sorted(indices), 2))
    return pairs
