"""Reworded titles that share few words: one subject, framed another way.

"A Gentle Introduction to eBPF" and "eBPF for Beginners" share one word of five, and
"Is SQLite Enough for Production?" and "Is SQLite Good Enough for Production?" score 0.75:
below ``near_title``, yet a reader sees one article. :func:`reframed` lines the two titles
up token by token (:func:`wren.similarity.titles.title_key`) and calls them a rewording
when

* what they share names a subject: the shared words' *surprise*
  (:func:`wren.similarity.title_structure.word_surprise`, from their frequency in English,
  none for a topic of the site) adds up to ``DISTINCTIVE_SURPRISE`` (2.0), as a shared
  part of a title must; and
* everything that differs is framing (framing words: "introduction", "beginners",
  "guide"), once tokens that are one word clipped ("Proc" / "Procedural"), spelled
  otherwise, made an adverb or adjective in "-ly" ("Every Day" / "Daily"), or an acronym
  and the words it abbreviates ("RAG" / "Retrieval-Augmented Generation"; "CI" /
  "Continuous Integration" only written in capitals, as two letters are often a word)
  are paired up; except that one of the titles may add one word with no
  surprise at all, among the most common of English ("good", "word"), when three words
  or more are shared besides: "Is SQLite (Good) Enough for Production?", but not "Serde
  in Production" / "The Cost of Serde", where the common words are each article's angle.

A word of its own on both sides ("Europe" / "China", "Work" / "Trained", "Clients" /
"Servers") is a different article, and so is a rarer word added ("Node.js" / "Go"), a
number, a version or a year on one side only. Words that take a side (``stance`` in
``data/title_words.toml``) must take the same one: "Stopped Using" / "Gave Up On" is one
claim, "Love" / "Stopped Using" and "With" / "Without" are two. The titles must also be
``comparable`` (:func:`wren.similarity.titles.title_relation`): not another part, version,
claim or audience. Most pairs are settled before any word's frequency is read, so a site
whose titles never come close does not load the ``wordfreq`` tables for this rule.
"""

from __future__ import annotations

import re
from collections import Counter

from wren.similarity.title_structure import (
    DISTINCTIVE_SURPRISE,
    Distinctiveness,
    english_zipf,
    word_surprise,
)
from wren.similarity.titles import (
    FRAMING_TOKEN,
    STANCE_TOKENS,
    TitleKey,
    title_relation,
    token_words,
)

__all__ = ["reframed"]

_SPELLING_CUTOFF = 80.0
_MIN_SHARED_BESIDE_COMMON = 3
"""A common word added by one title is a rewording only beside three shared words or
more: "Is SQLite (Good) Enough for Production?", not "Serde in Production" / "The Cost of
Serde", where the common words are the whole angle of each article."""
_MIN_CLIPPED = 3
_SHORT_INITIALS = 2
"""The fewest letters of a clipped word ("proc" for "procedural")."""


def reframed(first: str, second: str, a: TitleKey, b: TitleKey, judge: Distinctiveness) -> bool:
    """Whether titles *first* and *second* (keys *a* and *b*) are one subject framed
    differently (see the module's docstring)."""
    if title_relation(a, b) != "comparable":
        return False
    rest_a = [token for token in a.weights if token not in b.weights]
    rest_b = [token for token in b.weights if token not in a.weights]
    if any(map(_number, (*rest_a, *rest_b))) or _stance(rest_a) != _stance(rest_b):
        return False
    rest_a = [token for token in rest_a if token not in STANCE_TOKENS]
    rest_b = [token for token in rest_b if token not in STANCE_TOKENS]
    acronyms = _spelled_out(rest_a, rest_b, b, first) + _spelled_out(rest_b, rest_a, a, second)
    # An acronym stands for the words it abbreviates: they count as shared.
    shared = [token for token in a.weights if token in b.weights]
    shared += [token for _, run in acronyms for token in run]
    # Settled without reading word frequencies, as most pairs are: a word of its own on
    # both sides, two on one side, or one beside too few shared words.
    unmatched = sorted(_unmatched(rest_a, rest_b))
    if unmatched[0] > 0 or unmatched[1] > 1:
        return False
    if unmatched[1] and len(shared) + min(len(rest_a), len(rest_b)) < _MIN_SHARED_BESIDE_COMMON:
        return False
    words = token_words(first), token_words(second)
    matched = _framing_apart(rest_a, rest_b, words, len(shared))
    if matched is None:
        return False
    surprise = sum(
        _surprise(token, words[0].get(token, ()) + words[1].get(token, ()), judge)
        for token in shared + matched
    )
    return surprise >= DISTINCTIVE_SURPRISE


def _framing_apart(
    rest_a: list[str],
    rest_b: list[str],
    words: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]],
    shared: int,
) -> list[str] | None:
    """The tokens of *rest_a* that pair up with tokens of *rest_b* as one word, when all
    that is left is framing, or one common word beside enough shared ones; else None."""
    light_a = [t for t in rest_a if _light(t, words[0])]
    light_b = [t for t in rest_b if _light(t, words[1])]
    # A common word on each side may be one word in two forms ("day" / "daily"): no
    # word of its own then.
    common_a = [t for t in light_a if t != FRAMING_TOKEN]
    common_b = [t for t in light_b if t != FRAMING_TOKEN]
    common = [] if _pair_up(common_a, common_b, *words) else common_a + common_b
    if len(common) > 1:
        return None
    matched = _pair_up(
        [t for t in rest_a if t not in light_a],
        [t for t in rest_b if t not in light_b],
        *words,
    )
    if matched is None or (common and shared + len(matched) < _MIN_SHARED_BESIDE_COMMON):
        return None
    return matched


def _number(token: str) -> bool:
    """A number, version or year: never mere framing."""
    return any(character.isdigit() for character in token)


def _spelled_out(
    rest: list[str], other: list[str], other_key: TitleKey, title: str
) -> list[tuple[str, tuple[str, ...]]]:
    """The tokens of *rest* (of *title*) that are the initials of words of *other* ("RAG"
    for "Retrieval-Augmented Generation"), with those words' tokens; removes both from the
    lists. Initials of two letters ("CI") count only written in capitals in *title*: "Go"
    is a word, "GO" an abbreviation."""
    found = []
    for initials, run in dict(other_key.initialisms(two=True)).items():
        if len(run) == _SHORT_INITIALS and not re.search(rf"\b{initials.upper()}\b", title):
            continue
        if initials in rest and all(token in other for token in run):
            rest.remove(initials)
            for token in run:
                other.remove(token)
            found.append((initials, run))
    return found


def _unmatched(rest_a: list[str], rest_b: list[str]) -> tuple[int, int]:
    """How many tokens of each side can be no word of the other clipped or spelled
    otherwise (which starts alike): one of the titles may add one common word, no more."""
    starts_a = Counter(token[:2] for token in rest_a if token != FRAMING_TOKEN)
    starts_b = Counter(token[:2] for token in rest_b if token != FRAMING_TOKEN)
    pairs = sum((starts_a & starts_b).values())
    return starts_a.total() - pairs, starts_b.total() - pairs


def _stance(tokens: list[str]) -> frozenset[str] | None:
    """The sides the words of *tokens* take, or None when they take more than one."""
    sides = frozenset(STANCE_TOKENS[token] for token in tokens if token in STANCE_TOKENS)
    return sides if len(sides) <= 1 else None


def _light(token: str, words: dict[str, tuple[str, ...]]) -> bool:
    """A framing token, or a token whose words are among the commonest of English."""
    if token == FRAMING_TOKEN:
        return True
    spelled = words.get(token, ())
    return bool(spelled) and all(word_surprise(word) == 0.0 for word in spelled)


def _pair_up(
    rest_a: list[str],
    rest_b: list[str],
    words_a: dict[str, tuple[str, ...]],
    words_b: dict[str, tuple[str, ...]],
) -> list[str] | None:
    """The tokens of *rest_a* that are a token of *rest_b* clipped or spelled otherwise,
    when every token on both sides finds its match; None when one does not."""
    if len(rest_a) != len(rest_b):
        return None
    matched: list[str] = []
    unmatched = list(rest_b)
    for token in rest_a:
        other = next(
            (o for o in unmatched if _same_word(words_a.get(token, ()), words_b.get(o, ()))),
            None,
        )
        if other is None:
            return None
        unmatched.remove(other)
        matched.append(token)
    return matched


def _same_word(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """One word clipped ("proc" / "procedural"), spelled otherwise ("judgement"), or
    made an adverb or adjective with "-ly" ("day" / "daily", "week" / "weekly")."""
    from rapidfuzz import fuzz  # loaded by the first pair of words that needs it

    for x in first:
        for y in second:
            short, long = sorted((x, y), key=len)
            if len(short) >= _MIN_CLIPPED and _ly_form(short, long):
                return True
            # "Java" is not "JavaScript" clipped: what is cut off must be no word of its own.
            clipped = len(short) >= _MIN_CLIPPED and short.isalpha() and long.startswith(short)
            if clipped and english_zipf(long[len(short) :]) == 0.0:
                return True
            if x[:2] == y[:2] and fuzz.ratio(x, y, score_cutoff=_SPELLING_CUTOFF):
                return True
    return False


def _ly_form(word: str, other: str) -> bool:
    """Whether *other* is *word* with "-ly" ("weekly"), a final "y" made "i" ("daily")."""
    if not other.endswith("ly"):
        return False
    stem = other[:-2]
    return stem == word or (word.endswith("y") and stem == word[:-1] + "i")


def _surprise(token: str, words: tuple[str, ...], judge: Distinctiveness) -> float:
    """How much a shared token says about the subject: none for framing and for a topic
    of the site, else the surprise of its rarest spelling."""
    if token == FRAMING_TOKEN or token in judge.topic_tokens or not words:
        return 0.0
    return max(word_surprise(word) for word in words)
