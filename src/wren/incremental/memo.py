"""Values made from frozen objects, remembered by identity from one build to the next.

Assembling reuses an unchanged post as the very same object (see ``assemble_site``), so a
value made from it alone, such as its line of ``llms.txt``, need not be made again: an edit
of one post makes one line anew, not one for every post.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["ByObject"]

T = TypeVar("T")


class ByObject(Generic[T]):
    """One value per object, made by the first ``get`` of each build that has no value for it.

    A value may depend on its object and on the ``basis`` given to ``start`` only: a build
    with another basis (such as other site settings) forgets every value. Values of objects
    not asked for in a build are forgotten at the start of the next.
    """

    def __init__(self) -> None:
        self._basis: object = None
        self._previous: dict[int, tuple[object, T]] = {}
        self._current: dict[int, tuple[object, T]] = {}

    def start(self, basis: object) -> None:
        """Begin a build whose values also depend on ``basis``."""
        kept = self._current if basis == self._basis else {}
        self._basis, self._previous, self._current = basis, kept, {}

    def get(self, obj: object, make: Callable[[], T]) -> T:
        key = id(obj)  # the object is kept alive with its value, so its id is not reused
        found = self._current.get(key) or self._previous.get(key)
        if found is None or found[0] is not obj:
            found = (obj, make())
        self._current[key] = found
        return found[1]
