"""Fixtures for what readers see: the demo and the wide site, built once per test session.

``tests/sites/wide/`` is a small site of wide code, wide tables, task lists, very long words,
rustdoc marks and a one-chapter course: the content that breaks layouts on phones.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from wren.build import BuildOptions, build_site

TESTS = Path(__file__).parent.parent
DEMO = TESTS.parent / "examples" / "wren-learns-rust"
WIDE = TESTS / "sites" / "wide"
TORTURE = TESTS / "sites" / "torture"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}

Serve = Callable[[Path], contextlib.AbstractContextManager[str]]


def _served(site: Path, factory: pytest.TempPathFactory, serve: Serve) -> Iterator[str]:
    out = factory.mktemp(site.name) / "public"
    build_site(site, BuildOptions(output_dir=out, search=True, use_cache=False))
    with serve(out) as url:
        yield url


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory: pytest.TempPathFactory, serve_folder: Serve) -> Iterator[str]:
    """The demo site, with its search index, served over HTTP."""
    yield from _served(DEMO, tmp_path_factory, serve_folder)


@pytest.fixture(scope="session")
def wide_url(tmp_path_factory: pytest.TempPathFactory, serve_folder: Serve) -> Iterator[str]:
    """The wide site, with its search index, served over HTTP."""
    yield from _served(WIDE, tmp_path_factory, serve_folder)


@pytest.fixture(scope="session")
def torture_site(
    tmp_path_factory: pytest.TempPathFactory, serve_folder: Serve
) -> Iterator[tuple[str, Path]]:
    """The Markdown torture site, served under its base path /blog/, and its output folder."""
    root = tmp_path_factory.mktemp("torture")
    out = root / "blog"
    build_site(TORTURE, BuildOptions(output_dir=out, search=True, use_cache=False))
    with serve_folder(root) as url:
        yield url + "/blog", out


@pytest.fixture
def tab_at(browser: Any) -> Iterator[Callable[..., Any]]:
    """``tab_at("phone")``: a fresh tab at that width (options go to ``new_context``)."""
    contexts: list[Any] = []

    def open_tab(width: str, **options: Any) -> Any:
        context = browser.new_context(viewport=WIDTHS[width], **options)
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


def _overflow(page: Any) -> int:
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


@pytest.fixture(scope="session")
def page_overflow() -> Callable[[Any], int]:
    """``page_overflow(tab)``: how many pixels the page scrolls sideways (0 when it fits)."""
    return _overflow
