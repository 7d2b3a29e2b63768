"""Fixtures for the publishing outputs: build an inline site and read its output back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from support import NOW
from wren.build import BuildOptions, BuildResult, build_site


@pytest.fixture
def build_result(make_site: Callable[[str], Path]) -> Callable[..., BuildResult]:
    """Write a txtar site and build it at NOW, by default without the search index.

    Keyword arguments override BuildOptions (``search=True`` makes the index).
    """

    def run(text: str, **options: Any) -> BuildResult:
        settings: dict[str, Any] = {"now": NOW, "search": False}
        settings.update(options)
        return build_site(make_site(text), BuildOptions(**settings))

    return run


@pytest.fixture
def build(build_result: Callable[..., BuildResult]) -> Callable[..., Path]:
    """Like ``build_result``, returning the output folder."""

    def run(text: str, **options: Any) -> Path:
        return build_result(text, **options).output_dir

    return run
