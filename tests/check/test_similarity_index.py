"""Tests for ``wren.similarity.index``: a site's features kept between questions give the
answers the site-wide pass gives."""

from __future__ import annotations

import random

from wren.errors import SourceLocation
from wren.similarity.duplicates import DuplicateCandidate, SimilarPair, find_similar_pairs
from wren.similarity.index import SimilarityIndex

_VOCABULARY = [f"w{n}" for n in range(400)]
_TOPICS = ["Tokio", "Serde", "Rayon", "Axum", "Bevy", "Clap", "Diesel", "Nom", "Tracing"]
_NAMES = [
    a + b for a in ("Kav", "Zen", "Mor", "Tul", "Bri", "Quo") for b in ("ro", "til", "dax", "pem")
]
_OPENERS = ["Notes on", "A Week With", "Revisiting", "Questions About", "Lessons From"]


def _site(seed: int, count: int) -> list[DuplicateCandidate]:
    """Posts whose titles share topics and openers and whose bodies are drawn from one
    bank of sentences, with a template paragraph in every third (boilerplate), and
    reworded copies of some of them."""
    rng = random.Random(seed)
    bank = [" ".join(rng.choice(_VOCABULARY) for _ in range(9)) + "." for _ in range(3000)]
    template = " ".join(bank[:4])
    posts = []
    for n in range(count):
        title = f"{rng.choice(_OPENERS)} {rng.choice(_TOPICS)} {rng.choice(_NAMES)} {n}"
        if n % 17 == 5:
            title = f"Part {n}: {title}"
        body = " ".join(rng.choice(bank) for _ in range(rng.randint(0, 40)))
        if n % 3 == 0:
            body = f"{template} {body}"
        posts.append(DuplicateCandidate(SourceLocation(f"p{n:03}.md", 2), title, body))
    for n in range(0, count, 9):  # reworded copies: a title variant, a share of the body
        original = posts[n]
        sentences = original.text.split(".")
        kept = ".".join(s for s in sentences if rng.random() < 0.8)
        title = rng.choice(
            [
                original.title.upper(),
                f"{original.title}: A Second Look",
                f"Revisited: {original.title}",
                original.title.replace("Lessons From", "What I Learned From"),
            ]
        )
        posts.append(DuplicateCandidate(SourceLocation(f"copy{n:03}.md", 2), title, kept))
    rng.shuffle(posts)
    return posts


def _described(pairs: list[SimilarPair]) -> list[tuple[str, str, str, float, float, str]]:
    return [
        (
            p.first.location.path,
            p.second.location.path,
            p.kind,
            p.title_score,
            p.body_score,
            p.shared,
        )
        for p in pairs
    ]


def _expected(site: list[DuplicateCandidate], new: DuplicateCandidate) -> list[SimilarPair]:
    return [p for p in find_similar_pairs([*site, new]) if p.second is new]


def test_a_query_gives_the_pairs_of_the_site_wide_pass_with_the_new_post() -> None:
    posts = _site(seed=1, count=240)
    site, newcomers = posts[:200], posts[200:]
    index = SimilarityIndex(site[:120])
    for candidate in site[120:]:
        index.put(candidate)
    found = 0
    for new in newcomers:
        expected = _expected(site, new)
        assert _described(index.query(new)) == _described(expected), new.location.path
        found += len(expected)
    assert found >= 5  # the comparison covers pairs found, not only empty answers
    assert _described(index.pairs()) == _described(find_similar_pairs(site))


def test_updated_and_removed_documents_are_judged_as_they_are_now() -> None:
    posts = _site(seed=2, count=160)
    index = SimilarityIndex(posts[:150])
    site = posts[:150]
    rng = random.Random(3)
    for step in range(30):
        victim = rng.randrange(len(site))
        if step % 3 == 0:
            index.remove(site.pop(victim).location.path)
        else:
            old = site[victim]
            other = site[rng.randrange(len(site))]
            site[victim] = DuplicateCandidate(old.location, other.title.lower(), other.text)
            index.put(site[victim])
        new = posts[150 + step % 10]
        assert _described(index.query(new)) == _described(_expected(site, new))
    assert sorted(index.paths) == sorted(p.location.path for p in site)


def test_exclude_leaves_the_document_being_changed_out() -> None:
    posts = _site(seed=4, count=60)
    index = SimilarityIndex(posts)
    changed = posts[7]
    new = DuplicateCandidate(SourceLocation("new.md", 2), changed.title, changed.text)
    assert changed.location.path in {p.first.location.path for p in index.query(new)}
    without = [p for p in posts if p is not changed]
    answer = index.query(new, exclude=changed.location.path)
    assert _described(answer) == _described(_expected(without, new))
    assert changed.location.path in index  # put back after the question


def _article(seed: int, words: list[str], kept: str = "") -> str:
    rng = random.Random(seed)
    common = [
        "the",
        "team",
        "found",
        "that",
        "this",
        "change",
        "made",
        "our",
        "work",
        "slower",
        "than",
        "before",
    ]
    text = " ".join(rng.choice(words if rng.random() < 0.35 else common) for _ in range(160))
    return f"{text} {kept}"


def test_acronyms_and_articles_written_again_are_found_as_the_site_wide_pass_finds_them() -> None:
    specific = [f"{a}{b}" for a in ("zor", "quil", "vex", "mord") for b in ("ax", "en", "ip")]
    vault = _article(1, specific)
    titles_and_bodies = [
        ("Retrieval-Augmented Generation for Code Search", ""),
        ("RAG for Log Search", ""),
        ("Rotating Secrets With Vault Agent", vault),
        *((f"Unrelated Post {n}", _article(10 + n, _NAMES)) for n in range(6)),
    ]
    site = [
        DuplicateCandidate(SourceLocation(f"p{n}.md", 2), title, body)
        for n, (title, body) in enumerate(titles_and_bodies)
    ]
    newcomers = [
        ("RAG for Code Search", ""),
        ("Retrieval-Augmented Generation for Log Search", ""),
        ("Short-Lived Database Passwords From Vault Agent", _article(2, specific, vault[:80])),
    ]
    index = SimilarityIndex(site)
    kinds = []
    for n, (title, body) in enumerate(newcomers):
        new = DuplicateCandidate(SourceLocation(f"new{n}.md", 2), title, body)
        expected = _expected(site, new)
        assert _described(index.query(new)) == _described(expected), title
        kinds += [p.kind for p in expected]
    assert kinds == ["near-title", "near-title", "rewritten"]
