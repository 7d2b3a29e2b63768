"""A small site built with the default theme equals its golden copy in ``tests/golden/``.

A change to the theme or to any page's output shows here as a diff to review. After an
intended change, write the new copy with ``pytest tests/test_golden.py --update-golden``
and review ``git diff tests/golden/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import NOW, read_tree, write_txtar
from wren.build import BuildOptions, build_site

GOLDEN = Path(__file__).parent / "golden"


def test_the_golden_site_builds_to_its_golden_copy(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    site = write_txtar(tmp_path / "site", (GOLDEN / "site.txtar").read_text(encoding="utf-8"))
    out = tmp_path / "public"
    build_site(site, BuildOptions(out, now=NOW, use_cache=False, jobs=1))
    built = read_tree(out)
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN / "expected", ignore_errors=True)
        shutil.copytree(out, GOLDEN / "expected")
    expected = read_tree(GOLDEN / "expected")
    assert sorted(built) == sorted(expected)
    for path, data in expected.items():
        assert built[path].decode(errors="replace") == data.decode(errors="replace"), path
        assert built[path] == data, path
