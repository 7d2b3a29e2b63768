"""Fixtures for the dev server tests: a small live site and a server running on a free port."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from servekit import SITE, running_server

from wren.server import DevServer


@pytest.fixture
def site(make_site: Callable[[str], Path]) -> Path:
    return make_site(SITE)


@pytest.fixture
def server(site: Path) -> Iterator[DevServer]:
    with running_server(site) as running:
        yield running
