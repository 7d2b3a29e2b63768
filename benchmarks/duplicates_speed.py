"""Time the duplicates check of a large site, stage by stage (CPU seconds).

Run from the repository root::

    .venv/bin/python benchmarks/duplicates_speed.py [--posts 10000] [--repeat 3]

The posts are the made-up-vocabulary posts of ``duplicates_eval.py`` (3 to 6 word titles,
300 to 1,200 word bodies). The stages are those of ``find_similar_pairs``: title keys,
title candidates, shingles, boilerplate, near bodies, title parts, judging and reporting;
the total is one call of ``check_duplicates``, best of ``--repeat``. Then the same posts
go into a ``SimilarityIndex``, and 20 more posts are asked about one by one (the median
query), as ``wren mcp`` asks before each post an agent writes.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import TypeVar

from duplicates_eval import generated_posts

from wren.similarity.bodies import drop_boilerplate, near_body_scores, shingle_sets
from wren.similarity.duplicates import DEFAULT_OPTIONS, check_duplicates
from wren.similarity.index import SimilarityIndex
from wren.similarity.title_structure import Distinctiveness, _part_words, shared_part_pairs
from wren.similarity.titles import title_candidate_pairs, title_key

T = TypeVar("T")
_QUERIES = 20


def _timed(name: str, run: Callable[[], T]) -> T:
    start = time.process_time()
    result = run()
    print(f"  {name:<18} {time.process_time() - start:6.2f} s CPU")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    posts = generated_posts(args.posts + _QUERIES)
    posts, questions = posts[: args.posts], posts[args.posts :]
    titles = [post.title for post in posts]
    print(f"{len(posts)} made-up-vocabulary posts, stage by stage:")
    keys = _timed("title keys", lambda: [title_key(title) for title in titles])
    _timed("title candidates", lambda: title_candidate_pairs(keys))
    shingles = _timed("shingles", lambda: shingle_sets((p.text for p in posts), 4))
    kept = _timed("boilerplate", lambda: drop_boilerplate(shingles))
    _timed("near bodies", lambda: near_body_scores(kept, DEFAULT_OPTIONS))
    parts = _timed("title parts", lambda: Distinctiveness.of_site(titles))
    _timed("shared parts", lambda: shared_part_pairs(titles, parts))
    totals = []
    for _ in range(args.repeat):
        title_key.cache_clear()  # the stages above filled it: time the check from nothing
        _part_words.cache_clear()
        start = time.process_time()
        diagnostics = check_duplicates(posts)
        totals.append(time.process_time() - start)
    print(
        f"check_duplicates: best {min(totals):.2f} s CPU of {args.repeat} runs, "
        f"{len(diagnostics)} diagnostics"
    )
    index = _timed("index", lambda: SimilarityIndex(posts))
    seconds = []
    for question in questions:
        start = time.process_time()
        index.query(question)
        seconds.append(time.process_time() - start)
    median = statistics.median(seconds) * 1000
    print(f"  one query          {median:6.1f} ms CPU (median of {_QUERIES})")


if __name__ == "__main__":
    main()
