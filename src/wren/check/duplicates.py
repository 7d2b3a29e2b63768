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
    The titles say the same thing in other words. Each title becomes a set of weighted
    *content tokens*: stop words ("the", "your", "ai", "how", "use", ...) are dropped;
    framing words ("guide", "introduction", "explained", "understanding", "the case
    for", ...) become one interchangeable token of weight 0.3; words are stemmed with
    a small suffix stripper, British "-ise" becomes "-ize", a short table folds irregular
    verbs ("knew"/"known") and synonyms ("picking"/"choosing", "building"/"writing",
    "tiny"/"small", "language models"/"LLMs"); "painless" reads as "without pain"; number
    words become digits. The score is the weighted Jaccard index of the two sets, where
    leftover tokens that look like one word spelled or inflected differently (five
    letters or more, same first two letters, rapidfuzz ``ratio`` >= 80: "collection" /
    "collector") count partially. A pair is flagged from ``near_title`` = 0.78: one
    extra word next to four shared ones (0.8) is a rewording, while one word swapped
    for an unrelated one ("Lexer"/"Parser", "Kubernetes on AWS"/"on GCP", 0.33 to 0.75)
    is a different post. Titles are never near-duplicates when

    * each carries a number the other lacks: series parts, "Week 12"/"Week 13",
      "Python 3.12"/"3.13", "Top 5"/"Top 10" are distinct posts (a title that merely
      adds a number, "a Year"/"One Year", is compared on its words);
    * only one of them is negated ("Why You Should Use an ORM" / "... Shouldn't ...");
    * the first subject word after "for" or "from" differs ("Rust for Python
      Developers" / "Python for Rust Developers", "From REST to GraphQL" / reversed).

``near-body`` (warning; error from ``body_error``)
    The bodies share most of their text: the Jaccard index of their sets of
    ``shingle_size``-word shingles is at least ``body_warning`` (0.5). From
    ``body_error`` (0.9) the bodies are near-verbatim copies and the pair is an error
    whatever the titles say. Bodies with fewer than ``min_shingles`` (25) distinct
    shingles, such as empty posts and "coming soon" stubs, are never compared, so
    placeholders do not all match each other.

``DuplicateCandidate.summary`` is carried for callers but not scored: many sites give
every post the same default description, which would pair unrelated posts.

Measured on the labelled set in ``tests/check/data/duplicate_pairs.json`` (171 pairs):
no false positives in any split; recall 1.0 on the splits used for tuning and 0.57 on
the holdout written after the thresholds were frozen, whose misses are paraphrases
sharing too few words ("RAG" / "Retrieval-Augmented Generation").

Complexity, for *n* candidates with bodies of *w* words:

* same titles: one dictionary pass, O(n) plus the pairs found;
* near titles: rapidfuzz ``process.cdist`` compares the sorted full-weight tokens of
  every pair of titles in C: O(n²) comparisons of ~30-character strings, about 10 ms
  for 1,000 titles, done in row blocks of ``_CDIST_BLOCK`` so memory stays
  O(block × n). Only pairs above the generous ``title_block_cutoff`` (every labelled
  duplicate scores 86 or more against a cutoff of 55; ~700 of 500,000 random pairs
  pass) are scored in Python;
* bodies: tokenizing and shingle hashing (64-bit, vectorized with NumPy) are O(n · w).
  Each body gets a MinHash signature of ``num_perm`` (216) hashes ``a·x + b mod 2**32``
  of its shingles, computed in NumPy in cache-sized tiles of bodies × hash functions:
  O(n · w · num_perm), about 50 ms for 1,000 posts. LSH banding makes a pair a
  candidate when the signatures agree on all ``lsh_rows`` (3) hashes of one of
  ``lsh_bands`` (72) bands, with probability 1 - (1 - s³)^72 at Jaccard index *s*:
  0.07 at 0.1, 0.44 at 0.2, 0.86 at 0.3, 0.99993 at 0.5 (the warning) and 1 at 0.9.
  Equal bands are found by sorting, in O(n log n) plus the candidates. Posts in one
  voice on one subject can share a tenth of their shingles or more (the benchmark
  posts of ``benchmarks/generate.py`` pair at 0.1 to 0.2, so 34,000 of 511,000 pairs
  are candidates): every candidate's signatures are then compared in one vectorized
  step, and only pairs whose signatures agree on at least 73 of 216 hashes are kept (a
  pair at 0.5 falls below that with probability 5e-7; one at 0.25 passes with 0.002).
  The few left are verified with the exact Jaccard index of their shingle sets, so the
  scores never depend on MinHash estimates.

1,000 posts of ~750 words from ``benchmarks/generate.py`` take about 0.25 s of CPU
(``benchmarks/duplicates_eval.py``). Word hashes are CRC-32 and the hash functions come
from a fixed seed, so results do not depend on ``PYTHONHASHSEED`` or NumPy's version.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal, TypeVar

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from wren.errors import Diagnostic, Severity, SourceLocation

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
_Shingles = npt.NDArray[np.uint64]
_Pairs = npt.NDArray[np.intp]
"""Rows of two candidate indices."""
_Array = TypeVar("_Array", npt.NDArray[np.uint64], npt.NDArray[np.intp])


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

# --------------------------------------------------------------------------------------
# Titles

_WORD = re.compile(r"[^\W_]+(?:[+#]+(?!\w))?")
"""A run of letters and digits; keeps the ``++``/``#`` of "C++", "C#", "F#"."""
_APOSTROPHE = re.compile(r"['’ʼ`]")
_NEGATED_CONTRACTION = re.compile(r"(\w)n['’ʼ]t\b")
_CLITIC = re.compile(r"['’ʼ](?:s|d|ll|ve|re|m)\b")

_CONTRACTIONS = {"can't": "can not", "cannot": "can not", "won't": "will not"}

_PHRASES = [
    (re.compile(r"\blarge language models?\b"), "llm"),
    (re.compile(r"\blanguage models?\b"), "llm"),
    (re.compile(r"\bmak(?:e|es|ing) sense of\b"), "understanding"),
    (re.compile(r"\bgetting started\b"), "introduction"),
    (re.compile(r"\bdeep dive\b"), "guide"),
    (re.compile(r"\b(?:the case for|in defen[cs]e of|in praise of)\b"), "guide"),
    (re.compile(r"\bcrash course\b"), "introduction"),
    (re.compile(r"\bstep by step\b"), "guide"),
    (re.compile(r"\bmachine learning\b"), "ml"),
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _ordered_words(text: str) -> list[str]:
    return text.split()


_STOP_WORDS = _words(
    """
    a an the and or but nor of to in on at by for from with into onto about over under
    via vs versus per as than then so too very just really also is are was were be been
    being am do does did done has have had having it its this that these those there
    here i me my mine we us our ours you your yours he him his she her they them their
    how why what when where which who whom whose should would could can will may might
    must shall ca some any every each all more most much many such own use uses used
    using ai
    """
)
"""Dropped before scoring: function words, question words, modal verbs, "use", and "AI"
(which agents add to and remove from titles freely: "Your Agent" / "Your AI Agent")."""

_NEGATIONS = frozenset({"not", "no", "never", "nothing", "nobody", "none"})

_FRAMING_WORDS = _words(
    """
    guide introduction intro primer tutorial overview explained explainer explanation
    understanding understand basics fundamentals practical complete ultimate simple
    quick gentle notes walkthrough handbook beginning started start
    """
)
"""Words that frame a post rather than name its subject; they weigh ``_FRAMING_WEIGHT``."""
_FRAMING_WEIGHT = 0.3
_FRAMING_TOKEN = "(framing)"
"""Framing words are interchangeable: "Understanding X" and "X, Explained" match."""

_IRREGULAR = {
    "knew": "know",
    "known": "know",
    "wrote": "write",
    "written": "write",
    "built": "build",
    "made": "make",
    "took": "take",
    "taken": "take",
    "thought": "think",
    "learnt": "learn",
    "ran": "run",
    "found": "find",
    "got": "get",
    "gotten": "get",
    "chose": "choose",
    "chosen": "choose",
    "broke": "break",
    "broken": "break",
    "forgot": "forget",
    "forgotten": "forget",
    "began": "begin",
    "begun": "begin",
    "spent": "spend",
    "taught": "teach",
    "fought": "fight",
    "caught": "catch",
}

_SYNONYM_GROUPS = (
    ("choose", "pick", "select"),
    ("build", "write", "create", "make", "implement"),
    ("small", "tiny", "minimal", "little", "mini"),
    ("fast", "quick", "speedy"),
    ("move", "switch", "migrate"),
    ("fix", "solve", "repair"),
    ("javascript", "js"),
    ("typescript", "ts"),
    ("kubernetes", "k8s"),
    ("postgresql", "postgres"),
    ("database", "db"),
    ("application", "app"),
    ("repository", "repo"),
    ("llm", "llms"),
)

_NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        _ordered_words(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
        )
    )
}
_NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100"})
_ORDINALS = {
    word: str(value)
    for value, word in enumerate(
        _ordered_words("first second third fourth fifth sixth seventh eighth ninth tenth"),
        start=1,
    )
}
_SERIES_WORDS = frozenset(
    {"part", "chapter", "volume", "vol", "episode", "season", "day", "week", "lesson"}
)
_ROMAN = {
    "i": "1",
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "v": "5",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "x": "10",
}
_DIRECTIONAL = frozenset({"for", "from"})
"""The first subject word after these names an audience or an origin ("Rust for Python
Developers", "Moving From Go"): titles that disagree on it are different posts."""
_NOT_PRIVATIVE = frozenset({"regardless", "nevertheless", "nonetheless", "doubtless"})
_BRITISH = re.compile(r"(?<=\w\w)is(e|es|ed|ing|ation|ations|er|ers)$")


def normalize_title(title: str) -> str:
    """Return *title* NFKC-normalized and casefolded, with punctuation and whitespace folded.

    Apostrophes vanish ("Python's" -> "pythons"), every other run of punctuation or
    whitespace becomes one space, and the ``+``/``#`` closing a word are kept so that
    "C++" and "C#" stay distinct from "C"::

        >>> normalize_title("  Async/Await in Python — A Mental MODEL ")
        'async await in python a mental model'
    """
    text = _APOSTROPHE.sub("", unicodedata.normalize("NFKC", title).casefold())
    return " ".join(_WORD.findall(text))


def _stem(word: str) -> str:
    """A deliberately small suffix stripper: enough to fold plurals and -ing/-ed forms."""
    if not word.isalpha() or len(word) <= 3:
        return word.removesuffix("e") if len(word) == 3 and word.endswith("e") else word
    word = _BRITISH.sub(r"iz\1", word)
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if suffix == "ed" and word.endswith("eed"):
            break  # speed, need, feed: not past tenses
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]  # running -> run, but not calling -> cal
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _expand_privatives(words: Iterable[str]) -> Iterable[str]:
    """Spell "painless" as "without pain", so it matches "Without the Pain"."""
    for word in words:
        if word.endswith("less") and len(word) >= 7 and word not in _NOT_PRIVATIVE:
            yield "without"
            yield word[:-4]
        else:
            yield word


def _build_synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _SYNONYM_GROUPS:
        canonical = _stem(group[0])
        for word in group:
            table[_stem(word)] = canonical
    return table


_SYNONYMS = _build_synonyms()
_FRAMING_STEMS = frozenset(_stem(word) for word in _FRAMING_WORDS)


@dataclass(frozen=True, slots=True)
class _TitleKey:
    normalized: str
    weights: dict[str, float]
    """Content token -> weight (1 for subject words and numbers, less for framing)."""
    numbers: tuple[str, ...]
    negated: bool
    objects: dict[str, str]
    """"for"/"from" -> the first content token after it: the audience or origin."""
    block: str
    """The full-weight tokens, sorted and joined: what ``cdist`` compares."""
    spellable: dict[str, list[str]]
    """First two letters -> the tokens that may be spelled otherwise (:func:`_spellable`)."""


def _canonical(word: str) -> str:
    word = _IRREGULAR.get(word, word)
    stem = _stem(word)
    return _SYNONYMS.get(stem, stem)


def _title_key(title: str) -> _TitleKey:
    text = unicodedata.normalize("NFKC", title).casefold()
    for contraction, expansion in _CONTRACTIONS.items():
        text = text.replace(contraction, expansion)
    text = _NEGATED_CONTRACTION.sub(r"\1 not", text)
    text = _APOSTROPHE.sub("", _CLITIC.sub("", text))
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    words = _WORD.findall(text)

    weights: dict[str, float] = {}
    numbers: list[str] = []
    objects: dict[str, str] = {}
    negated = False
    previous = ""
    open_preposition = ""
    for word in _expand_privatives(words):
        if word in _DIRECTIONAL:
            open_preposition = word
            previous = word
            continue
        number: str | None = None
        if word.isdecimal():
            number = str(int(word))
        elif word in _NUMBER_WORDS:
            number = _NUMBER_WORDS[word]
        elif word in _ORDINALS:
            number = _ORDINALS[word]
        elif word in _ROMAN and previous in _SERIES_WORDS:
            number = _ROMAN[word]
        previous = word
        if number is not None:
            numbers.append(number)
            weights[number] = 1.0
            continue
        if word in _NEGATIONS:
            negated = True
            continue
        if word in _STOP_WORDS:
            continue
        token = _canonical(word)
        weight = 1.0
        if token in _FRAMING_STEMS:
            token, weight = _FRAMING_TOKEN, _FRAMING_WEIGHT
        weights[token] = max(weight, weights.get(token, 0.0))
        if open_preposition and weight == 1.0:
            objects.setdefault(open_preposition, token)
            open_preposition = ""

    if not weights:  # a title made of stop words only: compare all of its words
        weights = {_canonical(word): 1.0 for word in words}
    full = sorted(token for token, weight in weights.items() if weight == 1.0)
    block = " ".join(full or sorted(weights))
    return _TitleKey(
        normalized=normalize_title(title),
        weights=weights,
        numbers=tuple(sorted(numbers)),
        negated=negated,
        objects=objects,
        block=block,
        spellable=_spellable_by_start(weights),
    )


_SPELLING_CUTOFF = 80.0


def _spellable(token: str) -> bool:
    """Whether a token may be a word spelled or inflected differently in another title.

    Two such tokens must both be words of five letters or more and start alike: a changed
    beginning is usually a prefix that changes the meaning ("async"/"sync").
    """
    return len(token) >= 5 and token.isalpha()


def _spellable_by_start(tokens: Iterable[str]) -> dict[str, list[str]]:
    by_start: defaultdict[str, list[str]] = defaultdict(list)
    for token in filter(_spellable, tokens):
        by_start[token[:2]].append(token)
    return dict(by_start)


def _key_similarity(a: _TitleKey, b: _TitleKey) -> float:
    """Weighted Jaccard index of the content tokens, with partial credit for spelling."""
    if not a.weights or not b.weights:
        return 0.0
    matched = 0.0
    rest_a: list[str] = []
    for token, weight in a.weights.items():
        other = b.weights.get(token)
        if other is None:
            rest_a.append(token)
        else:
            matched += min(weight, other)
    rest_b = [token for token in b.weights if token not in a.weights]
    # Tokens left over on both sides may be spellings of one word ("vectorisation" is
    # folded, "judgement"/"judgment" is not): pair them greedily by similarity.
    if rest_a and rest_b:
        # Sorted on the unordered pair, so that swapping the titles picks the same matches.
        scored = sorted(
            (
                (fuzz.ratio(x, y, score_cutoff=_SPELLING_CUTOFF), min(x, y), max(x, y), x, y)
                for x in rest_a
                if _spellable(x)
                for y in b.spellable.get(x[:2], ())
                if y not in a.weights
            ),
            reverse=True,
        )
        used_a: set[str] = set()
        used_b: set[str] = set()
        for score, _, _, x, y in scored:
            if score == 0.0 or x in used_a or y in used_b:
                continue
            used_a.add(x)
            used_b.add(y)
            matched += score / 100.0 * min(a.weights[x], b.weights[y])
    total = sum(a.weights.values()) + sum(b.weights.values()) - matched
    return matched / total if total > 0 else 0.0


def _numbers_disagree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Both titles carry a number the other lacks: "Part 1"/"Part 2", "3.12"/"3.13".

    One title adding a number ("Ten Lessons From a Year" / "10 Lessons From One Year")
    is not a disagreement.
    """
    left, right = Counter(a), Counter(b)
    return bool(left - right) and bool(right - left)


def _titles_conflict(a: _TitleKey, b: _TitleKey) -> bool:
    """Whether two titles name different posts whatever their words say."""
    if _numbers_disagree(a.numbers, b.numbers):
        return True
    if any(b.objects.get(word, token) != token for word, token in a.objects.items()):
        return True
    return a.negated != b.negated


def title_similarity(first: str, second: str) -> float:
    """How alike two titles are, 0 to 1: 1 for the same words, less for a rewording.

    This is the raw score: it does not apply the rules on numbers, negation and
    "for"/"from" that keep "Part 1"/"Part 2", "Should"/"Shouldn't" and "Rust for Python
    Developers"/"Python for Rust Developers" apart.
    """
    a, b = _title_key(first), _title_key(second)
    if a.normalized and a.normalized == b.normalized:
        return 1.0
    return _key_similarity(a, b)


# --------------------------------------------------------------------------------------
# Bodies

_CDIST_BLOCK = 512
_PAIR_BLOCK = 4096
"""Candidate pairs whose signatures are compared at once: memory O(block × num_perm)."""
_FILTER_MISS = 1e-6
"""The chance, at most, that the signature filter drops a pair at ``body_warning``."""
_SEED = 0x5EED_D0_0B1E
_TILE = (16, 27)
"""Shingle sets and hash functions whose MinHashes are computed at once: about 1 MB for
posts of 600 words: nearly twice as fast as one hash function over every set at once."""


class _WordIds(dict[str, int]):
    """CRC-32 of each word, computed once per word."""

    def __missing__(self, word: str) -> int:
        value = self[word] = zlib.crc32(word.encode("utf-8"))
        return value


_BODY_WORD = re.compile(r"\w+")
_ASCII_NON_WORD = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "_")}
)
"""The ASCII characters ``\\w`` does not match, made spaces: in ASCII text, ``split()``
then finds the words ``_BODY_WORD`` finds, in less than half the time."""
_NO_SHINGLES: _Shingles = np.empty(0, dtype=np.uint64)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_AVALANCHE = np.uint64(0xBF58476D1CE4E5B9)
_HALF = np.uint64(32)


def _body_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    if folded.isascii():
        return folded.translate(_ASCII_NON_WORD).split()
    return _BODY_WORD.findall(folded)


def _shingles(text: str, size: int, word_ids: _WordIds) -> _Shingles:
    """The sorted, distinct 64-bit hashes of every run of *size* consecutive words."""
    words = _body_words(text)
    count = len(words) - size + 1
    if count <= 0:
        return _NO_SHINGLES
    ids = np.fromiter(map(word_ids.__getitem__, words), dtype=np.uint64, count=len(words))
    hashes = ids[:count].copy()
    for offset in range(1, size):
        hashes *= _MIX  # array arithmetic wraps modulo 2**64, as intended
        hashes ^= ids[offset : offset + count]
    return _sorted_distinct(hashes)


def _sorted_distinct(values: _Array) -> _Array:
    """``np.unique(values)`` for a 1-D array, sorting it in place, without its overhead
    (ten times the work on small arrays, and the import of ``numpy.ma``)."""
    if not values.size:
        return values
    values.sort()
    distinct = np.empty(values.size, dtype=bool)
    distinct[0] = True
    np.not_equal(values[1:], values[:-1], out=distinct[1:])
    return values[distinct]


def _jaccard(a: _Shingles, b: _Shingles) -> float:
    if not a.size or not b.size:
        return 0.0
    common = np.intersect1d(a, b, assume_unique=True).size
    return common / (a.size + b.size - common)


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


def _signatures(shingles: Sequence[_Shingles], num_perm: int) -> npt.NDArray[np.uint32]:
    """MinHash signatures of non-empty shingle sets: one row per set, one column per hash.

    A column is the least of ``a·x + b mod 2**32`` over the set's shingles ``x`` (folded to
    32 bits), computed in tiles of ``_TILE`` sets × hash functions that fit in the cache.
    """
    keys = np.concatenate(shingles)
    keys ^= keys >> _HALF  # fold and mix the 64-bit hashes: a bijection, then the low half
    keys *= _AVALANCHE
    keys ^= keys >> _HALF
    folded = keys.astype(np.uint32)
    starts = np.cumsum([0, *(s.size for s in shingles)])
    multipliers, addends = (column[:, np.newaxis] for column in _hash_functions(num_perm))
    signatures = np.empty((len(shingles), num_perm), dtype=np.uint32)
    sets, functions = _TILE
    for first in range(0, len(shingles), sets):
        last = min(first + sets, len(shingles))
        rows = slice(first, last)
        values = folded[starts[first] : starts[last]]
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


def _body_scores(
    shingles: Sequence[_Shingles], options: DuplicateOptions
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
        score = _jaccard(shingles[i], shingles[j])
        if score >= options.body_warning:
            scores[i, j] = score
    return scores


def _same_title_pairs(keys: Sequence[_TitleKey]) -> set[tuple[int, int]]:
    by_title: defaultdict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        if key.normalized:
            by_title[key.normalized].append(index)
    return {pair for indices in by_title.values() for pair in combinations(indices, 2)}


def _title_candidate_pairs(
    keys: Sequence[_TitleKey], options: DuplicateOptions
) -> Iterable[tuple[int, int]]:
    blocks = [key.block for key in keys]
    n = len(blocks)
    for start in range(0, n, _CDIST_BLOCK):
        stop = min(start + _CDIST_BLOCK, n)
        scores = process.cdist(
            blocks[start:stop],
            blocks[start:],
            scorer=fuzz.ratio,
            score_cutoff=options.title_block_cutoff,
            dtype="uint8",
        )
        rows, columns = scores.nonzero()
        for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
            i, j = start + row, start + column
            if i < j and keys[i].weights and keys[j].weights:
                yield i, j


# --------------------------------------------------------------------------------------
# Pairs and diagnostics


@dataclass(frozen=True, slots=True)
class _Signals:
    """What pairs of candidates are judged on: a title key and a shingle set each."""

    keys: list[_TitleKey]
    shingles: list[_Shingles]
    body_scores: dict[tuple[int, int], float]
    """Pairs whose bodies reach ``body_warning``, and their Jaccard index."""
    options: DuplicateOptions

    def body_score(self, i: int, j: int) -> float:
        known = self.body_scores.get((i, j))
        if known is not None:
            return known
        a, b = self.shingles[i], self.shingles[j]
        return _jaccard(a, b) if min(a.size, b.size) >= self.options.min_shingles else 0.0

    def judge(self, i: int, j: int, titles_alike: bool) -> tuple[PairKind, float, float] | None:
        """Kind, title score and body score of a pair, or None if it is not a duplicate.

        Only pairs that pass the title prefilter (``titles_alike``) can be near-titles.
        """
        a, b, options = self.keys[i], self.keys[j], self.options
        same_title = bool(a.normalized) and a.normalized == b.normalized
        title_score = 1.0 if same_title else _key_similarity(a, b) if titles_alike else None
        near_title = (
            title_score is not None
            and title_score >= options.near_title
            and not _titles_conflict(a, b)
        )
        if not (same_title or near_title or (i, j) in self.body_scores):
            return None
        if title_score is None:  # reported, not judged
            title_score = _key_similarity(a, b)
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
    keys = [_title_key(candidate.title) for candidate in candidates]
    word_ids = _WordIds()
    shingles = [
        _shingles(candidate.text, options.shingle_size, word_ids) for candidate in candidates
    ]
    signals = _Signals(keys, shingles, _body_scores(shingles, options), options)
    titles_alike = _same_title_pairs(keys) | set(_title_candidate_pairs(keys, options))
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
