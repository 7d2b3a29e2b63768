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
* everything that differs is framing: framing words ("introduction", "beginners", "guide")
  or words with no surprise at all, the most common words of English ("good", "making",
  "possible", "word"), once tokens that are one word clipped ("Proc" / "Procedural") or
  spelled otherwise are paired up.

A word of its own on either side that is rarer than that ("Node.js" / "Go", "Clients" /
"Servers", "Lisp" / "Forth", "Work" / "Trained") is a different article; so is a number, a
version or a year on one side only. Words that take a side (``stance`` in
``data/title_words.toml``) must take the same one: "Stopped Using" / "Gave Up On" is one
claim, "Love" / "Stopped Using" and "With" / "Without" are two. The titles must also be
``comparable`` (:func:`wren.similarity.titles.title_relation`): not another part, version,
claim or audience.
"""

from __future__ import annotations

from rapidfuzz import fuzz

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
    title_initialisms,
    title_relation,
    token_words,
)

__all__ = ["reframed"]

_SPELLING_CUTOFF = 80.0
_SWAP_ZIPF = 5.5
"""Words swapped for others must be this common in English (Zipf scale): "up", "make",
"get", "good", not "Europe" (5.0) or "possible" (5.4)."""
_MIN_SHARED_BESIDE_COMMON = 3
"""A common word of its own on either side is a rewording only beside three shared words or
more: "Is SQLite (Good) Enough for Production?", not "Serde in Production" / "The Cost of
Serde", where the common words are the whole angle of each article."""
_MIN_CLIPPED = 3
"""The fewest letters of a clipped word ("proc" for "procedural")."""


def reframed(first: str, second: str, a: TitleKey, b: TitleKey, judge: Distinctiveness) -> bool:
    """Whether titles *first* and *second* (keys *a* and *b*) are one subject framed
    differently (see the module's docstring)."""
    if title_relation(a, b) != "comparable":
        return False
    words_a, words_b = token_words(first), token_words(second)
    rest_a = [token for token in a.weights if token not in b.weights]
    rest_b = [token for token in b.weights if token not in a.weights]
    if any(map(_number, (*rest_a, *rest_b))) or _stance(rest_a) != _stance(rest_b):
        return False
    rest_a = [token for token in rest_a if token not in STANCE_TOKENS]
    rest_b = [token for token in rest_b if token not in STANCE_TOKENS]
    acronyms = _spelled_out(rest_a, rest_b, second) + _spelled_out(rest_b, rest_a, first)
    if _unmatched(rest_a, rest_b) > 1 or _unmatched(rest_b, rest_a) > 1:
        return False  # settled without reading word frequencies: most pairs end here
    light_a = [t for t in rest_a if _light(t, words_a)]
    light_b = [t for t in rest_b if _light(t, words_b)]
    common_a = [t for t in light_a if t != FRAMING_TOKEN]
    common_b = [t for t in light_b if t != FRAMING_TOKEN]
    if len(common_a) > 1 or len(common_b) > 1:
        return False
    if _swapped(common_a, words_a) and _swapped(common_b, words_b):
        return False
    matched = _pair_up(
        [t for t in rest_a if t not in light_a],
        [t for t in rest_b if t not in light_b],
        words_a,
        words_b,
    )
    if matched is None:
        return False
    shared = [token for token in a.weights if token in b.weights]
    # An acronym stands for the words it abbreviates: they count as shared.
    matched += [token for _, run in acronyms for token in run]
    if (common_a or common_b) and len(shared) + len(matched) < _MIN_SHARED_BESIDE_COMMON:
        return False
    surprise = sum(
        _surprise(token, words_a.get(token, ()) + words_b.get(token, ()), judge)
        for token in shared + matched
    )
    return surprise >= DISTINCTIVE_SURPRISE


def _number(token: str) -> bool:
    """A number, version or year: never mere framing."""
    return any(character.isdigit() for character in token)


def _spelled_out(
    rest: list[str], other: list[str], other_title: str
) -> list[tuple[str, tuple[str, ...]]]:
    """The tokens of *rest* that are the initials of words of *other* ("RAG" for
    "Retrieval-Augmented Generation"), with those words' tokens; removes both from the
    lists."""
    found = []
    for initials, run in title_initialisms(other_title).items():
        if initials in rest and all(token in other for token in run):
            rest.remove(initials)
            for token in run:
                other.remove(token)
            found.append((initials, run))
    return found


def _unmatched(rest: list[str], other: list[str]) -> int:
    """How many tokens of *rest* cannot be a word of *other* clipped or spelled otherwise:
    at most one of them may be a common word, so two are a different article."""
    starts = {token[:2] for token in other}
    return sum(1 for token in rest if token != FRAMING_TOKEN and token[:2] not in starts)


def _stance(tokens: list[str]) -> frozenset[str] | None:
    """The sides the words of *tokens* take, or None when they take more than one."""
    sides = frozenset(STANCE_TOKENS[token] for token in tokens if token in STANCE_TOKENS)
    return sides if len(sides) <= 1 else None


def _swapped(common: list[str], words: dict[str, tuple[str, ...]]) -> bool:
    """Whether *common*, the common word of one title that the other lacks (when it too
    has one of its own), is more than one of the commonest words ("up" / "making" is a
    rewording, "Europe" / "China" is not)."""
    return any(english_zipf(w) < _SWAP_ZIPF for token in common for w in words.get(token, ()))


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
    """One word clipped ("proc" / "procedural") or spelled otherwise ("judgement")."""
    for x in first:
        for y in second:
            short, long = sorted((x, y), key=len)
            # "Java" is not "JavaScript" clipped: what is cut off must be no word of its own.
            clipped = len(short) >= _MIN_CLIPPED and short.isalpha() and long.startswith(short)
            if clipped and english_zipf(long[len(short) :]) == 0.0:
                return True
            if x[:2] == y[:2] and fuzz.ratio(x, y, score_cutoff=_SPELLING_CUTOFF):
                return True
    return False


def _surprise(token: str, words: tuple[str, ...], judge: Distinctiveness) -> float:
    """How much a shared token says about the subject: none for framing and for a topic
    of the site, else the surprise of its rarest spelling."""
    if token == FRAMING_TOKEN or token in judge.topic_tokens or not words:
        return 0.0
    return max(word_surprise(word) for word in words)
