"""The examples in Wren's docstrings hold (``>>>`` lines run as tests)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import support
import wren

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(wren.__path__, "wren.")
    if not info.ispkg and info.name != "wren.__main__"  # importing it runs the command
)


@pytest.mark.parametrize("name", [*MODULES, "support"])
def test_docstring_examples_hold(name: str) -> None:
    module = support if name == "support" else importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_some_modules_have_examples() -> None:
    finder = doctest.DocTestFinder()
    examples = sum(
        len(test.examples)
        for name in MODULES
        for test in finder.find(importlib.import_module(name))
    )
    assert examples >= 4
