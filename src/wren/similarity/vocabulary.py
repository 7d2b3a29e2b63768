"""A body's vocabulary: which words it uses and how much each says, for articles written again.

An article written a second time in other words may share almost none of its word runs
with the first (as little as 2 to 3% of 4-word shingles), but it keeps its specific
vocabulary: "sops", "age", "gitleaks", "pre-commit" come back in the rewrite, while a
different article on the same subject shares the subject's words and not the specifics.
:func:`vocabulary` weighs each word of a body (stemmed with Snowball, so "timer" and
"timers" are one) by how rare it is in English, ``7 - zipf``
(:func:`wren.similarity.title_structure.english_zipf`: about 0 for "the", 2 for "use", 4
for "replica", 7 for a word English does not list), times the times it is used;
:func:`overlap` compares two vocabularies (a weighted Jaccard index), leaving out the
site's topic words (:func:`site_topics`).

Measured on the labelled bodies of ``tests/check/data/`` when the rule was made: articles
written again in other words overlap 0.48 to 0.86, the same text lightly edited 0.86 to 1,
and distinct articles on one subject 0.30 or less; posts written from one template reach
0.45, and those are yearly or numbered editions that the titles already keep apart. The
duplicates check reads a vocabulary only for pairs whose titles already say something
alike and whose bodies share a phrase (``rewritten_vocabulary_title``,
``rewritten_phrases``), never for every pair of a site: reading a body here costs a
fraction of a millisecond in Python, and finding a site's topic words reads up to
``SITE_SAMPLE`` bodies.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence, Set

from wren.similarity.title_structure import english_zipf
from wren.similarity.titles import stem_word

__all__ = ["MIN_OWN_STEMS", "SITE_SAMPLE", "Vocabulary", "overlap", "site_topics", "vocabulary"]

Vocabulary = dict[str, float]
"""Stem -> weight: the times the stem's words are used, each times its rarity."""

_WORD = re.compile(r"[^\W\d_]{3,}")
"""Words of three letters or more: shorter ones are function words, or too ambiguous."""
_TOP_ZIPF = 7.0
SITE_SAMPLE = 256
"""Bodies read to find a site's topic words: all of a smaller site, else evenly spaced."""
_TOPIC_SHARE = 0.05
MIN_OWN_STEMS = 10
_TOPIC_MIN = 4


@functools.lru_cache(maxsize=65536)
def _weighted_stem(word: str) -> tuple[str, float]:
    return stem_word(word), max(0.0, _TOP_ZIPF - english_zipf(word))


def vocabulary(text: str) -> Vocabulary:
    """The weighted vocabulary of a body of plain text.

    >>> words = vocabulary("Timers replace cron. The timer runs.")
    >>> sorted(words), round(words["timer"], 1), round(words["run"], 1)
    (['cron', 'replac', 'run', 'timer'], 7.0, 2.2)
    """
    uses = Counter(_WORD.findall(text.casefold()))
    found: dict[str, float] = {}
    for word, count in uses.items():
        stem, weight = _weighted_stem(word)
        if weight > 0.0:
            found[stem] = found.get(stem, 0.0) + weight * count
    return found


def site_topics(texts: Sequence[str]) -> frozenset[str]:
    """The stems a site's bodies use throughout: those in more than ``max(4, 5%)`` of them.

    A site's subject ("telemetry", "collector" on a blog of one project) and the words of
    its templates say nothing about which article a body is. Up to ``SITE_SAMPLE`` bodies
    are read, evenly spaced, so the cost does not grow with the site.
    """
    step = max(1.0, len(texts) / SITE_SAMPLE)
    sample = [texts[int(k * step)] for k in range(min(len(texts), SITE_SAMPLE))]
    uses = Counter(stem for text in sample for stem in vocabulary(text))
    limit = max(_TOPIC_MIN, _TOPIC_SHARE * len(sample))
    return frozenset(stem for stem, count in uses.items() if count > limit)


def overlap(a: Vocabulary, b: Vocabulary, topics: Set[str] = frozenset()) -> float:
    """The weighted Jaccard index of two vocabularies without the site's *topics*:
    ``Σ min / Σ max`` over their stems, 0 to 1.

    It is 0 when either body has fewer than ``MIN_OWN_STEMS`` stems outside the topics:
    a body made of the site's words alone has no vocabulary of its own to compare.
    """
    if min(len(a.keys() - topics), len(b.keys() - topics)) < MIN_OWN_STEMS:
        return 0.0
    least = most = 0.0
    for stem in a.keys() | b.keys():
        if stem not in topics:
            x, y = a.get(stem, 0.0), b.get(stem, 0.0)
            least += min(x, y)
            most += max(x, y)
    return least / most
