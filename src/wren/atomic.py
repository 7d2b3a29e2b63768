"""One way to replace a file: write a temporary file beside it, then rename it over the old.

A reader sees the old file or the new one, never half of either; a write that fails (a full
disk, a killed process) leaves the old file as it was and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["create_atomic", "write_atomic"]


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; raises OSError, leaving ``path`` untouched."""
    temporary = _written_beside(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def create_atomic(path: Path, data: bytes) -> None:
    """Write a new file whole, or not at all; FileExistsError if ``path`` exists, even if it
    appeared a moment ago (the name is taken with ``link``, which never replaces a file)."""
    temporary = _written_beside(path, data)
    try:
        os.link(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _written_beside(path: Path, data: bytes) -> str:
    """A temporary file in ``path``'s folder holding ``data``, flushed to the disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary
