"""Keep a build's long-lived values out of the cycle collector's way.

A built site stays in memory for the next build: parsed documents, the site, its views, the
page fingerprints, some 200,000 objects at 4,000 posts. CPython's cycle collector walks all
of them in each full collection, and the first rebuild after a large build paid for one:
half of its time. So after each build the builder collects what it no longer needs and
freezes the rest (``gc.freeze``): the collector no longer walks it. A frozen object is still
freed by reference counting when dropped (which is how a replaced post, a plain frozen value,
goes); only a cycle among frozen objects is not. So everything frozen is handed back to the
collector (``gc.unfreeze``) when the builder lets go of something that holds cycles (a
template environment, say) and when the builder itself is dropped.
"""

from __future__ import annotations

import gc
import weakref

__all__ = ["LongLived"]


class LongLived:
    """The objects alive after each build of one owner (a ``Builder``), frozen until it goes."""

    def __init__(self, owner: object) -> None:
        weakref.finalize(owner, gc.unfreeze)

    def keep(self) -> None:
        """Collect, then freeze every object alive: call it when a build's values are made.

        The collection walks only what is not frozen yet, the objects made since the last
        ``keep``: after a rebuild of one post, a few thousand."""
        gc.collect()
        gc.freeze()

    def release(self) -> None:
        """Hand every frozen object back to the collector, so that the cycles among the values
        the owner just dropped are freed (by the next ``keep``, which then walks them all)."""
        gc.unfreeze()
