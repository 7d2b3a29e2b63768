"""Write: output files land in a fresh folder that replaces the old one only when complete.

Wren replaces only a folder it wrote itself: each build leaves a marker file
(``.wren-output``) in the folder, and a folder that holds other files and no marker is
refused unless the user says ``--force``. Some folders are never replaced, whatever the
flags: the site itself or any folder holding it, the home folder, the build cache, and
any version-control folder (``.git``, ``.hg``) or folder holding one.

A file whose bytes did not change is hard-linked from the previous build, so it keeps its
modification time and deploys by rsync or to a CDN move only what changed. The new folder
is swapped in with one atomic exchange where the system offers it (Linux ``renameat2``),
and the retired one is deleted by a detached process. A build that changes nothing
touches nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from wren.errors import OutputError, SourceLocation

__all__ = [
    "OUTPUT_MARKER",
    "OutputFile",
    "WriteStats",
    "check_output_dir",
    "output_lock",
    "write_output",
]

OUTPUT_MARKER = ".wren-output"
_MARKER_TEXT = (
    b"This folder is written by Wren (wren build), which replaces it whole on every build.\n"
    b"Keep no other files here: they would be deleted by the next build.\n"
)
_NEVER_REPLACED = (".git", ".hg", ".svn", ".jj")
_RENAME_EXCHANGE = 2
# A read-only folder's files cannot be deleted until it is made writable again.
_REMOVE_SCRIPT = '{ chmod -R u+w -- "$1"; rm -rf -- "$1"; } >/dev/null 2>&1 &'


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the built site: bytes to write, or a file to copy."""

    path: str  # relative to the output folder, with forward slashes
    data: bytes | None = None
    source: Path | None = None

    def __post_init__(self) -> None:
        parts = self.path.split("/")
        if not self.path or self.path.startswith("/") or ".." in parts or "\\" in self.path:
            raise ValueError(f"an output path must stay inside the output folder: {self.path!r}")


@dataclass(frozen=True, slots=True)
class WriteStats:
    written: int  # new or changed files
    unchanged: int  # identical to the previous build, kept as they were
    removed: int  # files of the previous build that no longer exist


def check_output_dir(
    out_dir: Path, site_dir: Path, cache_dir: Path | None = None, force: bool = False
) -> None:
    """Refuse an output folder that Wren did not write, and those it must never replace.

    ``force`` takes over a folder of someone else's files; it never allows the folders
    that are refused whatever the flags (see the module's docstring)."""
    out, site = out_dir.resolve(), site_dir.resolve()
    _refuse_protected(out, out_dir, site, cache_dir)
    if os.path.lexists(out) and not out.is_dir():
        raise OutputError(
            f"the output folder {out_dir} is a file",
            hint="choose a folder with -o, or move the file away",
        )
    if not out.is_dir() or (out / OUTPUT_MARKER).is_file():
        return
    try:
        names = os.listdir(out)
    except OSError as error:
        raise OutputError(f"cannot read the output folder {out_dir}: {error.strerror}") from None
    held = sorted(set(names) & set(_NEVER_REPLACED))
    if held:
        raise OutputError(
            f"refusing to replace {out_dir}: it holds a repository ({held[0]}/)",
            hint="build into a folder of its own (such as public/), then copy it into place",
        )
    if names and not force:
        shown = ", ".join(sorted(names)[:3]) + (", ..." if len(names) > 3 else "")
        raise OutputError(
            f"refusing to replace {out_dir}: it holds files that Wren did not write ({shown})",
            hint="choose an empty or new folder with -o, or pass --force to replace this"
            " folder and delete everything in it",
        )


def _refuse_protected(out: Path, out_dir: Path, site: Path, cache_dir: Path | None) -> None:
    home = Path.home().resolve()
    reason = None
    if out == site or out in site.parents:
        reason = "it holds the site itself"
    elif out == home or out in home.parents:
        reason = "it is your home folder or holds it"
    elif any(part in _NEVER_REPLACED for part in out.parts):
        reason = "it is inside a version-control folder"
    elif cache_dir is not None and (
        out == cache_dir.resolve() or cache_dir.resolve() in out.parents
    ):
        reason = "it is the build cache"
    if reason is not None:
        raise OutputError(
            f"refusing to use {out_dir} as the output folder: {reason}",
            hint="choose a folder of its own, such as public/ (the default)",
        )
    for name in ("content", "templates", "static"):
        if out == site / name or (site / name) in out.parents:
            raise OutputError(
                f"the output folder {out_dir} lies inside the site's {name}/ folder",
                hint="choose a folder of its own, such as public/ (the default)",
            )


@contextlib.contextmanager
def output_lock(out_dir: Path, waiting: Callable[[], None]) -> Iterator[None]:
    """Hold the output folder for one build at a time: a second build of the same output
    waits (after calling ``waiting``) until the first is done, so no folder mixes two builds.

    The lock is on the folder holding the output (an exclusive ``flock``), so no lock file is
    left behind, and a build killed at any moment releases it."""
    parent = out_dir.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def write_output(
    files: Iterable[OutputFile],
    out_dir: Path,
    late: Callable[[], Iterable[OutputFile]] | None = None,
) -> WriteStats:
    """Write every file into a staging folder, then swap it in for ``out_dir``.

    ``late`` makes more files while the others are written (the search index, which Pagefind
    finishes meanwhile); they join the staging folder before it is swapped in. The others are
    let go before ``late`` runs: given as an iterator that holds them alone, their bytes are
    free by then. Without ``late``, when every file is already in place with the same bytes,
    nothing is touched.
    """
    out_dir = out_dir.absolute()
    if out_dir.is_symlink():  # the link stays; the folder it points to is replaced
        out_dir = out_dir.resolve()
    if os.path.ismount(out_dir):
        raise OutputError(
            f"the output folder {out_dir} is a mount point, which cannot be replaced whole",
            hint=f"build into a folder inside it, such as -o {out_dir}/site",
        )
    items = _unique([*files, OutputFile(OUTPUT_MARKER, _MARKER_TEXT)])
    previous = out_dir if out_dir.is_dir() else None
    existing = _existing_files(previous) if previous is not None else set()
    if (
        late is None
        and previous is not None
        and existing == set(items)
        and _all_unchanged(items, previous)
    ):
        return WriteStats(0, len(items) - 1, 0)  # the marker is bookkeeping, not a page
    staging = out_dir.with_name(f".{out_dir.name}.wren-new")
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(staging)
    try:
        staging.mkdir(parents=True)
        placed = [_place(item, staging, previous) for item in items.values()]
        written = sum(placed) - placed[-1]  # the marker (last) is bookkeeping, not counted
        paths = set(items)
        items.clear()
        if late is not None:
            made = _unique(late())
            clashes = sorted(made.keys() & paths)
            if clashes:
                raise _two_outputs(clashes[0])
            written += sum(_place(made[path], staging, previous) for path in sorted(made))
            paths |= made.keys()
        _swap_in(staging, out_dir)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise _write_error(error, out_dir) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteStats(written, len(paths) - 1 - written, len(existing - paths))


def _write_error(error: OSError, out_dir: Path) -> OutputError:
    hints = {
        errno.ENOSPC: "the disk is full: free some space and build again",
        errno.EDQUOT: "your disk quota is used up: free some space and build again",
        errno.EACCES: f"make {out_dir.parent} writable, or choose another folder with -o",
        errno.EPERM: f"make {out_dir.parent} writable, or choose another folder with -o",
        errno.EROFS: "the disk is read-only: choose another folder with -o",
    }
    where = f" ({error.filename})" if error.filename else ""
    return OutputError(
        f"could not write the output to {out_dir}: {error.strerror or error}{where};"
        " the previous output is left as it was",
        hint=hints.get(error.errno or 0),
    )


def _unique(files: Iterable[OutputFile]) -> dict[str, OutputFile]:
    items: dict[str, OutputFile] = {}
    for item in files:
        if item.path in items:
            raise _two_outputs(item.path)
        items[item.path] = item
    return items


def _two_outputs(path: str) -> OutputError:
    return OutputError(f"two outputs write {path}", SourceLocation(path))


def _existing_files(folder: Path) -> set[str]:
    found: set[str] = set()
    top = str(folder)
    for root, _, names in os.walk(top):
        prefix = root[len(top) + 1 :].replace(os.sep, "/")
        found.update(f"{prefix}/{name}" if prefix else name for name in names)
    return found


def _all_unchanged(items: dict[str, OutputFile], previous: Path) -> bool:
    return all(_unchanged(item, previous) for item in items.values())


def _unchanged(item: OutputFile, previous: Path) -> bool:
    old = os.path.join(previous, item.path)
    if item.data is not None:
        return _same_bytes(Path(old), item.data)
    assert item.source is not None
    return str(item.source) == old or _same_file(Path(old), item.source)


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
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Put the staging folder in place of the output; the old one is deleted in the background."""
    retired = out_dir.with_name(f".{out_dir.name}.wren-old-{os.getpid()}-{time.monotonic_ns()}")
    if out_dir.exists() and _exchange(staging, out_dir):
        staging.rename(retired)  # it now holds the previous build
    else:
        if out_dir.exists():
            out_dir.rename(retired)
        staging.rename(out_dir)
    for leftover in out_dir.parent.glob(f".{out_dir.name}.wren-old-*"):
        _remove_in_background(leftover)


def _remove_in_background(folder: Path) -> None:
    """Deleting thousands of files is slow on some disks: let a detached process do it."""
    shell = shutil.which("sh")
    if shell is None:
        shutil.rmtree(folder, ignore_errors=True)
        return
    # The shell starts rm in the background and returns at once; rm outlives this process.
    subprocess.run(
        [
            shell,
            "-c",
            '{ chmod -R u+w -- "$1"; rm -rf -- "$1"; } >/dev/null 2>&1 &',
            "sh",
            str(folder),
        ],
        stdin=subprocess.DEVNULL,
        check=False,
        start_new_session=True,
    )


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
