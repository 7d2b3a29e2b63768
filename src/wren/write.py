"""Write: output files land in a fresh folder that replaces the old one only when complete.

A file whose bytes did not change is hard-linked from the previous build, so it keeps its
modification time and deploys by rsync or to a CDN move only what changed. The new folder
is swapped in with one atomic exchange where the system offers it (Linux ``renameat2``).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from wren.errors import OutputError, SourceLocation
from wren.render import OutputFile

__all__ = ["WriteStats", "check_output_dir", "write_output"]

_RENAME_EXCHANGE = 2


@dataclass(frozen=True, slots=True)
class WriteStats:
    written: int  # new or changed files
    unchanged: int  # identical to the previous build, kept as they were
    removed: int  # files of the previous build that no longer exist


def check_output_dir(out_dir: Path, site_dir: Path) -> None:
    """Refuse an output folder whose replacement would destroy the site or a home folder."""
    out, site = out_dir.resolve(), site_dir.resolve()
    if out == site or out in site.parents or out == Path.home().resolve() or out == Path("/"):
        raise OutputError(
            f"refusing to use {out_dir} as the output folder: it holds the site itself",
            SourceLocation(str(out_dir)),
            hint="choose a folder of its own, such as public/",
        )
    for name in ("content", "templates", "static"):
        if out == site / name or (site / name) in out.parents:
            raise OutputError(
                f"the output folder {out_dir} lies inside the site's {name}/ folder",
                SourceLocation(str(out_dir)),
            )


def write_output(files: Iterable[OutputFile], out_dir: Path) -> WriteStats:
    """Write every file into a staging folder, then swap it in for ``out_dir``."""
    out_dir = out_dir.absolute()
    staging = out_dir.with_name(f".{out_dir.name}.wren-new")
    previous = out_dir if out_dir.is_dir() else None
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(staging)
    try:
        staging.mkdir(parents=True)
        written = unchanged = 0
        seen: set[str] = set()
        for item in files:
            if item.path in seen:
                raise OutputError(f"two outputs write {item.path}", SourceLocation(item.path))
            seen.add(item.path)
            if _place(item, staging, previous):
                written += 1
            else:
                unchanged += 1
        removed = _count_removed(previous, seen)
        _swap_in(staging, out_dir)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(
            f"could not write the output: {error}", SourceLocation(str(out_dir))
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteStats(written, unchanged, removed)


def _place(item: OutputFile, staging: Path, previous: Path | None) -> bool:
    """Put one file in the staging folder; True when it is new or changed."""
    target = staging / item.path
    target.parent.mkdir(parents=True, exist_ok=True)
    old = previous / item.path if previous is not None else None
    if item.data is not None:
        if old is not None and _same_bytes(old, item.data):
            os.link(old, target)
            return False
        target.write_bytes(item.data)
        return True
    assert item.source is not None
    if old is not None and _same_file(old, item.source):
        os.link(old, target)
        return False
    shutil.copy2(item.source, target)
    return True


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.is_symlink() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _same_file(old: Path, source: Path) -> bool:
    try:
        a, b = old.stat(), source.stat()
    except OSError:
        return False
    return a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime)


def _count_removed(previous: Path | None, kept: set[str]) -> int:
    if previous is None:
        return 0
    return sum(
        1
        for path in previous.rglob("*")
        if path.is_file() and path.relative_to(previous).as_posix() not in kept
    )


def _swap_in(staging: Path, out_dir: Path) -> None:
    if out_dir.exists() and _exchange(staging, out_dir):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous build
        return
    retired = out_dir.with_name(f".{out_dir.name}.wren-old")
    shutil.rmtree(retired, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(retired)
    staging.rename(out_dir)
    shutil.rmtree(retired, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths with Linux's renameat2; False where unsupported."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)
