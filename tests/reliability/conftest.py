"""Fixtures for the reliability tests (helpers are in ``reliakit``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from reliakit import SMALL_SITE


@pytest.fixture
def small_site(make_site: Callable[[str], Path]) -> Path:
    return make_site(SMALL_SITE)


@pytest.fixture
def make_small_site(make_site: Callable[[str], Path]) -> Callable[[str], Path]:
    """The small site with more sections added (txtar text, same format)."""

    def make(extra: str) -> Path:
        make_site(SMALL_SITE)
        return make_site(extra)

    return make
