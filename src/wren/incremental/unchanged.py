"""A build that nothing changed: known from file stamps alone, and skipped whole.

After each build, ``SITE/.wren-cache/build.pickle`` records what the build read and what it
left in the output folder: the stamp (modification and change times, size, inode) of every
file below the site's ``site.toml``, ``content/``, ``static/`` and ``templates/`` and below
Wren's own package (code and theme), taken before the build read any of them; the settings
that decide the output; the range of dates in which the same posts are published and the
same ones scheduled; the stamp of every file and folder of the output; and what the build
reported. A later build whose inputs, settings, date range and output all match the record
has nothing to write: it reports the recorded result without reading, parsing or rendering
anything.

A file's change time moves with every write, even one that keeps its size and puts its
modification time back, so such an edit is seen too. A site file modified less than
``RACY_NS`` before the recorded build started might have been modified again within the
same tick of the clock without its stamp changing: such a record is not trusted (Wren's own
modules are hashed whole besides, by the cache's envelope). The record is read through that
envelope (``cache.load_value``): a damaged record, or one written by other code, is never
trusted.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from wren.errors import Diagnostic
from wren.incremental.cache import CacheProblems, load_value, save_value

__all__ = ["RACY_NS", "BuildRecord", "Inputs", "date_bounds", "output_stamps", "recorded_build"]

_RECORD = "build.pickle"
# Modification times this close to the recorded build's start may hide a later edit (two
# seconds: the coarsest clock of common file systems, FAT's).
RACY_NS = 2_000_000_000
_PACKAGE = Path(__file__).parent.parent  # Wren's code and default theme
_SITE_INPUTS = ("site.toml", "content", "static", "templates")

InputStamp = tuple[int, int, int, int]  # modification time, change time (ns), size, inode
OutputStamp = tuple[int, int, int] | None  # size, modification time (ns), inode; None: a folder


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a build of a site reads, as stamps taken before it reads anything."""

    settings: tuple[object, ...]  # the options that decide the output, the output folder's path
    stamps: dict[str, InputStamp]  # the site's files
    code: dict[str, InputStamp]  # Wren's (its modules are also hashed whole: ``load_value``)
    started: int  # the clock (ns since the epoch) when the stamps were taken

    @classmethod
    def of(cls, site_dir: Path, settings: tuple[object, ...]) -> Inputs:
        started = time.time_ns()
        stamps: dict[str, InputStamp] = {}
        site, folders = os.path.realpath(site_dir), set[str]()
        for name in _SITE_INPUTS:
            _stamp_below(str(site_dir / name), stamps, folders, site)
        code: dict[str, InputStamp] = {}
        _stamp_below(str(_PACKAGE), code, set(), os.path.realpath(_PACKAGE))
        # The interpreter, and so the libraries installed beside it, are inputs too.
        return cls((*settings, sys.executable, sys.version), stamps, code, started)

    def same(self, other: Inputs) -> bool:
        return (self.settings, self.stamps, self.code) == (other.settings, other.stamps, other.code)


@dataclass(frozen=True, slots=True)
class BuildRecord:
    """A finished build: what it read, what it left in the output folder, what it said."""

    inputs: Inputs
    outputs: dict[str, OutputStamp]
    # The posts published and scheduled stay the same while ``newest <= now < scheduled``
    # (without bounds when future posts are built).
    newest: dt.datetime | None
    scheduled_from: dt.datetime | None
    pages: int
    files: int
    cached: int  # the pages a build of the same inputs takes from the page cache
    warnings: tuple[Diagnostic, ...]
    scheduled: tuple[tuple[str, dt.datetime], ...]  # posts left out for their future date

    def save(self, cache_dir: Path) -> None:
        save_value(cache_dir, _RECORD, self)

    def holds(self, inputs: Inputs, now: dt.datetime | None, out_dir: Path) -> bool:
        """Whether a build of ``inputs`` at ``now`` (None: future posts built) would write
        exactly what this build left, and the output folder still holds just that."""
        recorded = self.inputs
        if not recorded.same(inputs):
            return False
        racy = recorded.started - RACY_NS
        if any(stamp[0] >= racy for stamp in recorded.stamps.values()):
            return False
        if now is not None:
            if self.newest is not None and self.newest > now:
                return False
            if self.scheduled_from is not None and self.scheduled_from <= now:
                return False
        return output_stamps(out_dir) == self.outputs


def recorded_build(cache_dir: Path, problems: CacheProblems | None = None) -> BuildRecord | None:
    """The record of the last build of the site, if there is a usable one."""
    record = load_value(cache_dir, _RECORD, problems)
    return record if isinstance(record, BuildRecord) else None


def date_bounds(
    published: Iterable[dt.datetime], scheduled: Iterable[dt.datetime]
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The newest date published and the soonest scheduled (see ``BuildRecord``)."""
    return max(published, default=None), min(scheduled, default=None)


def output_stamps(out_dir: Path) -> dict[str, OutputStamp]:
    """Every file and folder below ``out_dir`` (symlinks not followed), by relative path."""
    found: dict[str, OutputStamp] = {}
    top = len(str(out_dir)) + 1
    pending = [str(out_dir)]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            rel = entry.path[top:].replace(os.sep, "/")
            try:
                if entry.is_dir(follow_symlinks=False):  # known from the listing alone
                    found[rel + "/"] = None
                    pending.append(entry.path)
                    continue
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            found[rel] = (info.st_size, info.st_mtime_ns, info.st_ino)
    return found


def _stamp_below(path: str, stamps: dict[str, InputStamp], folders: set[str], inside: str) -> None:
    """The stamps of ``path`` and every file below it, hidden names included: more than a
    build reads, never less. Links are followed to files anywhere and to folders within
    ``inside`` (a real path), each folder once; the build skips a link to a folder out of the
    site, and so is the walk: only the folder's own stamp is taken."""
    try:
        info = os.stat(path)
    except OSError:  # missing, or a dangling link: its appearance changes the stamps
        return
    if not stat.S_ISDIR(info.st_mode):
        stamps[path] = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
        return
    stamps[path + os.sep] = (0, 0, 0, info.st_ino)
    real = os.path.realpath(path)
    if real in folders or not (real == inside or real.startswith(inside + os.sep)):
        return
    folders.add(real)
    try:
        names = sorted(os.listdir(path))
    except OSError:
        return
    for name in names:
        if name != "__pycache__":
            _stamp_below(os.path.join(path, name), stamps, folders, inside)
