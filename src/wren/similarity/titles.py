"""Title similarity: how alike two titles are, and which pairs of titles are worth scoring.

The ``near-title`` signal of :mod:`wren.similarity.duplicates`. Each title becomes a
:class:`TitleKey`, a set of weighted *content tokens*: stop words ("the", "your", "ai",
"how", "use", ...) are dropped; framing words ("guide", "introduction", "explained",
"understanding", "beginners", "the case for", ...) become one interchangeable token of
weight 0.3;
words are stemmed with Snowball (Porter 2, PyStemmer; British "-ise" read as "-ize" first), a short
table folds irregular verbs ("knew"/"known") and synonyms ("picking"/"choosing",
"building"/"writing", "tiny"/"small", "language models"/"LLMs"); "painless" reads as
"without pain"; number words become digits. The word tables are in
``data/title_words.toml``. The score (:func:`key_similarity`) is the weighted Jaccard
index of the two sets, where leftover tokens that look like one word spelled or
inflected differently (five letters or more, same first two letters, rapidfuzz
``ratio`` >= 80: "collection" / "collector") count partially. The check flags a pair from
``near_title`` = 0.78: one extra word next to four shared ones (0.8) is a rewording, while
one word swapped for an unrelated one ("Lexer"/"Parser", "Kubernetes on AWS"/"on GCP",
0.33 to 0.75) is a different post. :func:`title_relation` says when titles are
different posts whatever their words:

* each carries a number the other lacks: series parts, "Week 12"/"Week 13", versions
  ("Python 3.12"/"3.13", "Wren 0.4"/"0.4.1", read as one number each), months
  ("March 2025"/"April 2025"), "Top 5"/"Top 10" (a title that merely adds a number,
  "a Year"/"One Year", is compared on its words);
* only one of them is negated ("Why You Should Use an ORM" / "... Shouldn't ...");
* the first subject word after "for" or "from" differs ("Rust for Python
  Developers" / "Python for Rust Developers", "From REST to GraphQL" / reversed);

and titles that differ only in a year ("My Year in Review: 2024"/"2025") are yearly
editions of one post.

Complexity, for *n* titles:

* same titles (:func:`same_title_pairs`): one dictionary pass, O(n) plus the pairs found;
* near titles (:func:`title_candidate_pairs`): an index of tokens and of pairs of tokens,
  O(n) plus the pairs found; only titles sharing two tokens (or a short title sharing a
  rare one, or a title whose words' initials are a token of the other: "RAG") are scored
  in Python.

:func:`token_words` (the words behind each token), :meth:`TitleKey.initialisms` and
``STANCE_TOKENS`` (words that take a side: "love", "stop", "without") serve
:mod:`wren.similarity.rewording`.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from itertools import combinations
from typing import Literal

import Stemmer

from wren.similarity.same_title import title_identity

__all__ = [
    "FRAMING_TOKEN",
    "RARE_TOKEN_TITLES",
    "STANCE_TOKENS",
    "TitleKey",
    "TitleRelation",
    "full_tokens",
    "key_similarity",
    "normalize_title",
    "same_title_pairs",
    "stem_word",
    "title_candidate_pairs",
    "title_key",
    "title_relation",
    "title_similarity",
    "titles_conflict",
    "token_words",
]

_WORD = re.compile(r"[^\W_]+(?:[+#]+(?!\w))?")
"""A run of letters and digits; keeps the ``++``/``#`` of "C++", "C#", "F#"."""
_VERSION = re.compile(r"(?<![\w.])v?(\d+(?:\.\d+)+)(?![\w.]|\.\w)")
"""A dotted version ("1.80", "0.4.1", "v2.0"): one number, not several."""
_VERSION_WORD = re.compile(r"v(\d+(?:x\d+)+)")
_YEAR = re.compile(r"(?:19|20)\d\d")
_APOSTROPHE = re.compile(r"['’ʼ`]")
_NEGATED_CONTRACTION = re.compile(r"(\w)n['’ʼ]t\b")
_CLITIC = re.compile(r"['’ʼ](?:s|d|ll|ve|re|m)\b")
_STEMMER = Stemmer.Stemmer("english")  # PyStemmer: the Snowball algorithms in C
_BRITISH = re.compile(r"(?<=\w\w)is(e|es|ed|ing|ation|ations|er|ers)$")


@dataclass(frozen=True, slots=True)
class _WordTables:
    """The word lists of ``data/title_words.toml``."""

    stop_words: frozenset[str]
    negations: frozenset[str]
    framing_words: frozenset[str]
    stance: dict[str, str]
    """Word -> the side it takes."""
    directional: frozenset[str]
    not_privative: frozenset[str]
    series_words: frozenset[str]
    months: dict[str, str]
    numbers: dict[str, str]
    roman: dict[str, str]
    contractions: dict[str, str]
    phrases: tuple[tuple[re.Pattern[str], str], ...]
    irregular: dict[str, str]
    synonym_groups: tuple[tuple[str, ...], ...]


def _load_tables() -> _WordTables:
    raw = tomllib.loads(resources.files("wren.similarity").joinpath(_TABLES).read_text("utf-8"))

    def words(key: str) -> list[str]:
        return str(raw[key]).split()

    numbers = {word: str(value) for value, word in enumerate(words("numbers"))}
    numbers.update({word: str(value) for word, value in raw["tens"].items()})
    numbers.update({word: str(value) for value, word in enumerate(words("ordinals"), 1)})
    return _WordTables(
        stop_words=frozenset(words("stop_words")),
        negations=frozenset(words("negations")),
        framing_words=frozenset(words("framing_words")),
        stance={word: side for side, text in raw["stance"].items() for word in text.split()},
        directional=frozenset(words("directional")),
        not_privative=frozenset(words("not_privative")),
        series_words=frozenset(words("series_words")),
        months={word: f"month {value}" for value, word in enumerate(words("months"), 1)},
        numbers=numbers,
        contractions=dict(raw["contractions"]),
        phrases=tuple((re.compile(pattern), text) for pattern, text in raw["phrases"]),
        roman={word: str(value) for value, word in enumerate(words("roman"), 1)},
        irregular=dict(raw["irregular"]),
        synonym_groups=tuple(tuple(group) for group in raw["synonyms"]),
    )


_TABLES = "data/title_words.toml"
_WORDS = _load_tables()
_FRAMING_WEIGHT = 0.3
_FRAMING_TOKEN = "(framing)"
"""Framing words are interchangeable: "Understanding X" and "X, Explained" match."""


def normalize_title(title: str) -> str:
    """Return *title* NFKC-normalized and casefolded, with punctuation and whitespace folded.

    The rule of "the same title" everywhere (:func:`wren.similarity.same_title.title_identity`)::

        >>> normalize_title("  Async/Await in Python — A Mental MODEL ")
        'async await in python a mental model'
    """
    return title_identity(title)


@functools.lru_cache(maxsize=65536)
def stem_word(word: str) -> str:
    """The Snowball (Porter 2) stem of *word*, British "-ise" spelled "-ize" first."""
    if not word.isalpha():
        return word
    return str(_STEMMER.stemWord(_BRITISH.sub(r"iz\1", word)))


def _expand_privatives(words: Iterable[str]) -> Iterable[str]:
    """Spell "painless" as "without pain", so it matches "Without the Pain"."""
    for word in words:
        if word.endswith("less") and len(word) >= 7 and word not in _WORDS.not_privative:
            yield "without"
            yield word[:-4]
        else:
            yield word


def _build_synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _WORDS.synonym_groups:
        canonical = stem_word(group[0])
        for word in group:
            table[stem_word(word)] = canonical
    return table


_SYNONYMS = _build_synonyms()
_ANY_PHRASE = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _WORDS.phrases))
"""Whether a title has a phrase to spell otherwise: most have none."""
_FRAMING_STEMS = frozenset(stem_word(word) for word in _WORDS.framing_words)
FRAMING_TOKEN = _FRAMING_TOKEN


_INITIALISM_WORDS = (3, 4)
"""Runs of this many words are read for their initials: "RAG", "ORM", "HTTP"."""
_SHORT_INITIALISM_WORDS = 2
"""Runs of two words are read for their initials ("CI", "ML") only when asked: two
letters are often a word ("Go", "Up"), so an abbreviation of two letters must be written
in capitals to count (:mod:`wren.similarity.rewording`)."""


@dataclass(frozen=True, slots=True)
class TitleKey:
    """A title as it is scored: its normalized form and its weighted content tokens."""

    normalized: str
    weights: dict[str, float]
    """Content token -> weight (1 for subject words and numbers, less for framing)."""
    numbers: tuple[str, ...]
    """Numbers, versions and months of the title: a series or release marker."""
    years: tuple[str, ...]
    negated: bool
    objects: dict[str, str]
    """"for"/"from" -> the first content token after it: the audience or origin."""
    block: str
    """The full-weight tokens, sorted and joined: what ``cdist`` compares."""
    spellable: dict[str, list[str]]
    """First two letters -> the tokens that may be spelled otherwise (:func:`_spellable`)."""
    runs: tuple[tuple[str, tuple[str, ...]], ...]
    """Its runs of two content words or more (stop words, numbers and framing words
    break a run), as their initials and their tokens: ``("rag", ("retriev", "augment",
    "generat"))`` for "Retrieval-Augmented Generation From Scratch"."""

    def initialisms(self, *, two: bool = False) -> Iterator[tuple[str, tuple[str, ...]]]:
        """The initials of each run of three or four of its words (with *two*, of two
        words too), and their tokens."""
        sizes = (_SHORT_INITIALISM_WORDS, *_INITIALISM_WORDS) if two else _INITIALISM_WORDS
        for letters, tokens in self.runs:
            for size in sizes:
                for start in range(len(letters) - size + 1):
                    yield letters[start : start + size], tokens[start : start + size]


def _canonical(word: str) -> str:
    word = _WORDS.irregular.get(word, word)
    stem = stem_word(word)
    return _SYNONYMS.get(stem, stem)


STANCE_TOKENS = {_canonical(word): side for word, side in _WORDS.stance.items()}
"""Tokens of words that take a side ("love", "stop", "without") -> the side
(``data/title_words.toml``)."""


@functools.lru_cache(maxsize=65536)
def title_key(title: str) -> TitleKey:
    """The key :func:`key_similarity` and :func:`titles_conflict` compare *title* by.

    Keys are kept for the titles asked most recently: treat them as read-only."""
    words = _title_words(title)
    tokens = _read_tokens(words)
    # A title made of stop words only: compare all of its words.
    weights = tokens.weights or {_canonical(word): 1.0 for word in words}
    full = sorted(token for token, weight in weights.items() if weight == 1.0)
    return TitleKey(
        normalized=normalize_title(title),
        weights=weights,
        numbers=tuple(sorted(tokens.numbers)),
        years=tuple(sorted(tokens.years)),
        negated=tokens.negated,
        objects=tokens.objects,
        block=" ".join(full or sorted(weights)),
        spellable=_spellable_by_start(weights),
        runs=tuple(
            ("".join(word[0] for word, _ in run), tuple(token for _, token in run))
            for run in tokens.runs
            if len(run) >= _SHORT_INITIALISM_WORDS
        ),
    )


def _title_words(title: str) -> list[str]:
    """The words of *title*, casefolded, contractions and known phrases spelled out."""
    text = unicodedata.normalize("NFKC", title).casefold()
    for contraction, expansion in _WORDS.contractions.items():
        text = text.replace(contraction, expansion)
    text = _NEGATED_CONTRACTION.sub(r"\1 not", text)
    text = _APOSTROPHE.sub("", _CLITIC.sub("", text))
    text = _VERSION.sub(lambda match: "v" + match[1].replace(".", "x"), text)
    if _ANY_PHRASE.search(text):
        for pattern, replacement in _WORDS.phrases:
            text = pattern.sub(replacement, text)
    return _WORD.findall(text)


@dataclass(slots=True)
class _TitleTokens:
    """What :func:`_read_tokens` finds in the words of a title."""

    weights: dict[str, float] = field(default_factory=dict)
    numbers: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    objects: dict[str, str] = field(default_factory=dict)
    negated: bool = False
    runs: list[list[tuple[str, str]]] = field(default_factory=lambda: [[]])
    """Runs of full-weight words, as (word, token): what initialisms are read from."""


def _read_tokens(words: Iterable[str]) -> _TitleTokens:
    """Numbers, negation, the subjects after "for"/"from", and the weighted content tokens."""
    found = _TitleTokens()
    previous = ""
    open_preposition = ""
    for word in _expand_privatives(words):
        if word in _WORDS.directional:
            open_preposition = previous = word
            found.runs.append([])
            continue
        number = _number_value(word, previous)
        if number is not None and _YEAR.fullmatch(number):
            found.years.append(number)
            found.weights[number] = 1.0
            if previous in _WORDS.months:  # "March 2025": a monthly edition
                found.numbers.append(_WORDS.months[previous])
        elif number is not None:
            found.numbers.append(number)
            found.weights[number] = 1.0
        previous = word
        if number is None and word in _WORDS.negations:
            found.negated = True
        elif number is None and word not in _WORDS.stop_words:
            token, weight = _weighted_token(word)
            found.weights[token] = max(weight, found.weights.get(token, 0.0))
            if open_preposition and weight == 1.0:
                found.objects.setdefault(open_preposition, token)
                open_preposition = ""
            if weight == 1.0 and word.isalpha():
                found.runs[-1].append((word, token))
                continue
        found.runs.append([])
    return found


@functools.lru_cache(maxsize=65536)
def token_words(title: str) -> dict[str, tuple[str, ...]]:
    """The words of *title* behind each of its content tokens (numbers left out), as
    written once casefolded: ``"making"`` and ``"built"`` for the token ``build``."""
    found: defaultdict[str, list[str]] = defaultdict(list)
    previous = ""
    for word in _expand_privatives(_title_words(title)):
        number = _number_value(word, previous)
        previous = word
        if word in _WORDS.directional or number is not None or word in _WORDS.negations:
            continue
        if word not in _WORDS.stop_words:
            found[_weighted_token(word)[0]].append(word)
    return {token: tuple(words) for token, words in found.items()}


def _number_value(word: str, previous: str) -> str | None:
    """The number *word* stands for ("12", "twelve", "third", "IV" after "part", a version
    "1.80" read as ``v1x80`` by :func:`_title_words`), or None."""
    if word.isdecimal():
        return str(int(word))
    version = _VERSION_WORD.fullmatch(word)
    if version:
        return version[1].replace("x", ".")
    if word in _WORDS.numbers:
        return _WORDS.numbers[word]
    if word in _WORDS.roman and previous in _WORDS.series_words:
        return _WORDS.roman[word]
    return None


def _weighted_token(word: str) -> tuple[str, float]:
    """The content token of *word* and its weight: framing words share one light token."""
    token = _canonical(word)
    if token in _FRAMING_STEMS:
        return _FRAMING_TOKEN, _FRAMING_WEIGHT
    return token, 1.0


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


def key_similarity(a: TitleKey, b: TitleKey) -> float:
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
        from rapidfuzz import fuzz  # imported by the first pair that needs it

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


TitleRelation = Literal["comparable", "edition", "distinct"]
"""How two titles relate whatever their words say: ``distinct`` posts (another part,
version, month or number, an opposite claim, another audience), yearly editions (``edition``) of
one post (at most worth a note), or ``comparable`` on their words."""


def title_relation(a: TitleKey, b: TitleKey, *, negation: bool = True) -> TitleRelation:
    """Whether two titles are distinct posts, yearly editions, or to be compared.

    With ``negation=False`` a negation in one title only does not matter: for titles
    that share a part, where "nothing" may sit in a subtitle.
    """
    if _numbers_disagree(a.numbers, b.numbers) or (negation and a.negated != b.negated):
        return "distinct"
    if any(b.objects.get(word, token) != token for word, token in a.objects.items()):
        return "distinct"
    if _numbers_disagree(a.years, b.years):
        return "edition"
    return "comparable"


def titles_conflict(a: TitleKey, b: TitleKey) -> bool:
    """Whether two titles can never be near-duplicates (:func:`title_relation`)."""
    return title_relation(a, b) != "comparable"


def title_similarity(first: str, second: str) -> float:
    """How alike two titles are, 0 to 1: 1 for the same words, less for a rewording.

    This is the raw score: it does not apply the rules on numbers, negation and
    "for"/"from" that keep "Part 1"/"Part 2", "Should"/"Shouldn't" and "Rust for Python
    Developers"/"Python for Rust Developers" apart.
    """
    a, b = title_key(first), title_key(second)
    if a.normalized and a.normalized == b.normalized:
        return 1.0
    return key_similarity(a, b)


# --------------------------------------------------------------------------------------
# Pairs worth scoring


def same_title_pairs(keys: Sequence[TitleKey]) -> set[tuple[int, int]]:
    """Every pair ``(i, j)``, ``i < j``, of keys whose normalized titles are equal."""
    by_title: defaultdict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        if key.normalized:
            by_title[key.normalized].append(index)
    return {pair for indices in by_title.values() for pair in combinations(indices, 2)}


RARE_TOKEN_TITLES = 64
"""A short title (two full-weight tokens or fewer) is paired with every title that shares
one of its tokens, unless that token is in more titles than this."""


def full_tokens(key: TitleKey) -> list[str]:
    """The full-weight tokens of a title key, sorted: what candidate pairs are found by."""
    return sorted(token for token, weight in key.weights.items() if weight == 1.0)


def _acronym_pairs(
    keys: Sequence[TitleKey], by_token: Mapping[str, list[int]]
) -> set[tuple[int, int]]:
    """Pairs of a title whose words' initials are a token of the other ("Retrieval-Augmented
    Generation" / "RAG"), unless that token is in more than ``RARE_TOKEN_TITLES`` titles."""
    pairs: set[tuple[int, int]] = set()
    for index, key in enumerate(keys):
        for initials, _ in key.initialisms():
            others = by_token.get(initials, ())
            if len(others) <= RARE_TOKEN_TITLES:
                pairs.update((min(index, j), max(index, j)) for j in others if j != index)
    return pairs


def title_candidate_pairs(keys: Sequence[TitleKey]) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of titles worth scoring: titles that share two
    full-weight tokens, and short titles that share one rare token with another.

    ``near_title`` needs a weighted Jaccard index of 0.78: two titles of three tokens or
    more that share fewer than two cannot reach it even if every other word were a
    spelling of one in the other title. One pass over an index of tokens and of pairs of
    tokens: O(n) plus the pairs found, instead of comparing every pair.
    """
    by_token: defaultdict[str, list[int]] = defaultdict(list)
    by_two: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    short: list[tuple[int, list[str]]] = []
    for index, key in enumerate(keys):
        tokens = full_tokens(key)
        for token in tokens:
            by_token[token].append(index)
        for two in combinations(tokens, 2):
            by_two[two].append(index)
        if len(tokens) <= 2:
            short.append((index, tokens))
    pairs: set[tuple[int, int]] = set()
    for indices in by_two.values():
        if len(indices) > 1:  # most pairs of tokens are in one title only
            pairs.update(combinations(indices, 2))
    pairs |= _acronym_pairs(keys, by_token)
    for index, tokens in short:
        for token in tokens:
            others = by_token[token]
            if len(others) <= RARE_TOKEN_TITLES:
                pairs.update((min(index, j), max(index, j)) for j in others if j != index)
    return pairs
