"""The builder freezes its long-lived values between builds and frees them when it goes."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from support import NOW, write_txtar
from wren.build import Builder, BuildOptions

SITE = """
-- site.toml --
title = "Heap"
-- templates/post.html --
{{ page.title }}
-- content/posts/2026-01-01-one.md --
---
title: One
date: 2026-01-01
---
Text.
"""
OPTIONS = BuildOptions(now=NOW, use_cache=False, jobs=1, search=False)


def test_a_builder_freezes_what_it_keeps_and_unfreezes_when_dropped(tmp_path: Path) -> None:
    builder = Builder(write_txtar(tmp_path / "site", SITE), OPTIONS)
    builder.build()
    assert gc.get_freeze_count() > 0
    del builder
    assert gc.get_freeze_count() == 0


def test_a_replaced_template_environment_is_freed(tmp_path: Path) -> None:
    site = write_txtar(tmp_path / "site", SITE)
    builder = Builder(site, OPTIONS)
    builder.build()
    old = weakref.ref(builder.env)
    (site / "templates/post.html").write_text("{{ page.title }}!\n")
    builder.build()
    assert old() is None
    assert builder.build().files["posts/one/index.html"].data == b"One!"
