"""Keep a build's long-lived values out of the cycle collector's way.

A built site stays in memory for the next build: parsed documents, the site, its views, the
page fingerprints, some 200,000 objects at 4,000 posts. CPython's cycle collector walks all
of them in each full collection, and the first rebuild after a large build paid for one:
half of its time. ``gc.freeze`` moves the objects alive now out of the collector's sight.
They are still freed by reference counting when dropped (which is how a replaced post, a
plain frozen value, goes); only a cycle among them is not freed while frozen. So they are
given back to the collector (``gc.unfreeze``) when their owner lets go of something that
holds cycles (a template environment, say) and when the owner itself is dropped.
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
        """Freeze every object alive now: call it when a build's values are all made."""
        gc.freeze()

    def release(self) -> None:
        """Hand every frozen object back to the collector, to free the cycles among the values
        the owner just dropped (the next full collection walks them all once)."""
        gc.unfreeze()
