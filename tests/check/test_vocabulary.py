"""A body's vocabulary (``wren.similarity.vocabulary``): what an article written again keeps."""

from __future__ import annotations

import pytest

from wren.similarity.vocabulary import MIN_OWN_STEMS, overlap, site_topics, vocabulary


def test_inflections_are_one_word_and_rare_words_weigh_more_than_common_ones() -> None:
    words = vocabulary("The timer fires. Two timers fired. The the the.")
    assert set(words) == {"timer", "fire", "two"}  # "the" weighs nothing
    assert words["timer"] > words["fire"] > words["two"]


LITESTREAM = (
    "Litestream replicates the SQLite write-ahead log to object storage: every second it "
    "copies new frames, and a restore replays generations and snapshots from the bucket."
)
LITESTREAM_AGAIN = (
    "From the bucket, a restore replays snapshots and generations; every second new frames "
    "of the SQLite write-ahead log go to object storage, which is what Litestream does."
)


def test_overlap_is_symmetric_and_between_zero_and_one() -> None:
    a, b = vocabulary(LITESTREAM), vocabulary(LITESTREAM_AGAIN)
    assert overlap(a, b) == pytest.approx(overlap(b, a))
    assert 0.5 < overlap(a, b) <= 1.0
    assert overlap(a, a) == pytest.approx(1.0)
    bread = "Brioche dough rises overnight in the fridge, then proves for two hours in a tin."
    assert overlap(a, vocabulary(bread)) == 0.0


def test_a_body_with_few_words_of_its_own_is_not_compared() -> None:
    a = vocabulary(LITESTREAM)
    short = vocabulary("Litestream replicates SQLite to object storage.")
    assert 0 < len(short) < MIN_OWN_STEMS
    assert overlap(a, short) == 0.0
    assert overlap(a, {}) == 0.0


def test_the_sites_topics_do_not_count() -> None:
    a, b = vocabulary(LITESTREAM), vocabulary(LITESTREAM_AGAIN)
    topics = frozenset({"litestream", "sqlite", "bucket"})
    assert 0.0 < overlap(a, b, topics) < overlap(a, b)
    assert overlap(a, b, frozenset(a)) == 0.0  # nothing of its own left


def test_a_word_in_more_than_five_percent_of_the_bodies_is_a_topic() -> None:
    texts = [f"post number {n} about brioche" for n in range(100)]
    texts[:10] = [text + " sourdough" for text in texts[:10]]  # 10%
    texts[10:14] = [text + " focaccia" for text in texts[10:14]]  # 4%
    topics = site_topics(texts)
    assert {"brioch", "sourdough"} <= topics
    assert "focaccia" not in topics


def test_a_small_site_has_no_topic_below_five_bodies() -> None:
    assert site_topics(["brioche and sourdough"] * 4) == frozenset()


def test_a_large_site_is_judged_on_a_sample_of_its_bodies() -> None:
    # Every fourth of 10,000 bodies: the evenly spaced sample sees a quarter of them.
    texts = ["plain words" + (" sourdough" if n % 4 == 0 else "") for n in range(10_000)]
    assert "sourdough" in site_topics(texts)
