"""Time the duplicates check of a large site, stage by stage (CPU seconds).

Run from the repository root::

    .venv/bin/python benchmarks/duplicates_speed.py [--posts 10000] [--repeat 3]

The posts are the made-up-vocabulary posts of ``duplicates_eval.py`` (3 to 6 word titles,
300 to 1,200 word bodies). The stages are those of ``find_similar_pairs``: title keys,
title candidates, shingles, boilerplate, near bodies, title parts, judging and reporting;
the total is one call of ``check_duplicates``, best of ``--repeat``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import TypeVar

from duplicates_eval import generated_posts

from wren.similarity.bodies import drop_boilerplate, near_body_scores, shingle_sets
from wren.similarity.duplicates import DEFAULT_OPTIONS, check_duplicates
from wren.similarity.title_structure import Distinctiveness, shared_part_pairs
from wren.similarity.titles import title_candidate_pairs, title_key

T = TypeVar("T")


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
    posts = generated_posts(args.posts)
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
        start = time.process_time()
        diagnostics = check_duplicates(posts)
        totals.append(time.process_time() - start)
    print(
        f"check_duplicates: best {min(totals):.2f} s CPU of {args.repeat} runs, "
        f"{len(diagnostics)} diagnostics"
    )


if __name__ == "__main__":
    main()
