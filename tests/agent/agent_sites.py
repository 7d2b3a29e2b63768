"""A small site for the agent tests, and a way to list every file below a folder."""

from __future__ import annotations

from pathlib import Path

SITE = """
-- site.toml --
title = "Tide Notes"
base_url = "https://tide.example.org/"
-- content/posts/2026-01-05-reading-the-tide-tables.md --
---
title: "Reading the Tide Tables"
date: 2026-01-05
description: "How the harbour's tide tables are laid out, and what each column means."
tags: ["tides"]
---

{body}
-- content/posts/2026-02-10-rock-pool-census.md --
---
title: "A Census of One Rock Pool"
date: 2026-02-10
tags: ["pools", "counting"]
---

Every morning for a month I counted what lived in one rock pool: limpets, anemones,
two shrimps that never stayed still, and a crab who watched me count.
-- content/courses/shore/_index.md --
---
title: "The Shore"
---
-- content/courses/shore/01-zones.md --
---
title: "Zones of the Shore"
---

From the splash zone down to the kelp, each band of the shore has its own residents.
"""

TIDE_BODY = " ".join(
    f"Column {n} of the table gives the height of the water at a given hour, measured "
    f"from chart datum, and the {n}th row is the day of the month at the harbour."
    for n in range(1, 16)
)


def files_below(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` and its bytes, by path relative to ``root``."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".wren-cache" not in p.parts
    }
