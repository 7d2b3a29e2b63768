"""Time a rebuild after one post is edited, through the dev server's code path.

``wren serve`` keeps one ``wren.build.Builder`` and calls ``build()`` again when a file
changes. This script does the same in one process: build once, append a paragraph to one
post, build again and time that second build (wall and this process's CPU time, which other
work on a loaded machine distorts less). It prints the result as one JSON line, checks that
the edit reached the post's page, and puts the post back as it was.

With ``--search`` each build is followed by the search index the dev server keeps
(``LiveSearchIndex``): the time is the rebuild plus bringing the index up to date.

    python benchmarks/edit_rebuild.py SITE content/posts/2023-01-02-x.md [--search]
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

from wren.build import Builder, BuildOptions, SiteOutput
from wren.publish.search import LiveSearchIndex
from wren.server.app import SERVE_JOBS


def edit_and_rebuild(site: Path, post: Path, search: bool = False) -> dict[str, object]:
    builder = Builder(site, BuildOptions(jobs=SERVE_JOBS))  # as `wren serve` makes it
    index = LiveSearchIndex()

    def build() -> tuple[SiteOutput, list[bytes]]:
        output = builder.build()
        found = index(output.files.values()) if search else []
        fragments = [f for f in found if f.path.startswith("pagefind/fragment/")]
        return output, [gzip.decompress(f.data) for f in fragments if f.data is not None]

    original = post.read_text(encoding="utf-8")
    marker = f"Edited for the benchmark at {time.time_ns()}."
    try:
        build()
        post.write_text(original + f"\n{marker}\n", encoding="utf-8")
        started, cpu = time.perf_counter(), time.process_time()
        output, index_files = build()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        post.write_text(original, encoding="utf-8")
        index.close()
    seen = any(f.data is not None and marker.encode() in f.data for f in output.files.values())
    if search:
        seen = seen and any(marker.encode() in fragment for fragment in index_files)
    return {"seconds": seconds, "cpu_seconds": cpu, "pages": output.pages, "edit_seen": seen}


def main() -> None:
    site, post = Path(sys.argv[1]), Path(sys.argv[2])
    result = edit_and_rebuild(site, site / post, "--search" in sys.argv[3:])
    print(json.dumps(result))
    sys.exit(0 if result["edit_seen"] else 1)


if __name__ == "__main__":
    main()
