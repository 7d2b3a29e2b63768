"""Time a rebuild after one post is edited, through the dev server's code path.

``wren serve`` keeps one ``wren.build.Builder`` and calls ``build()`` again when a file
changes. This script does the same in one process: build once, append a paragraph to one
post, build again and time that second build. It prints the result as one JSON line, checks
that the edit reached the post's page, and puts the post back as it was.

    python benchmarks/edit_rebuild.py SITE content/posts/2023-01-02-x.md
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from wren.build import Builder, BuildOptions
from wren.server.app import SERVE_JOBS


def edit_and_rebuild(site: Path, post: Path) -> dict[str, object]:
    builder = Builder(site, BuildOptions(jobs=SERVE_JOBS))  # as `wren serve` makes it
    builder.build()
    original = post.read_text(encoding="utf-8")
    marker = f"Edited for the benchmark at {time.time_ns()}."
    try:
        post.write_text(original + f"\n{marker}\n", encoding="utf-8")
        started = time.perf_counter()
        output = builder.build()
        seconds = time.perf_counter() - started
    finally:
        post.write_text(original, encoding="utf-8")
    seen = any(f.data is not None and marker.encode() in f.data for f in output.files.values())
    return {"seconds": seconds, "pages": output.pages, "edit_seen": seen}


def main() -> None:
    site, post = Path(sys.argv[1]), Path(sys.argv[2])
    result = edit_and_rebuild(site, site / post)
    print(json.dumps(result))
    sys.exit(0 if result["edit_seen"] else 1)


if __name__ == "__main__":
    main()
