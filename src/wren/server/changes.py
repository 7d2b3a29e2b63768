"""Changes: what a saved file means for the dev server, and which outputs a rebuild changed.

Both are pure functions, in the manner of Zola's ``detect_change_kind``: a path relative to
the site folder maps to a ``ChangeKind``, and two output maps (plus the files touched on
disk) map to the list of output paths a browser tab may need to reload.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from pathlib import Path, PurePosixPath

from wren.pipeline.discover import is_ignored_name
from wren.pipeline.write import OutputFile

__all__ = ["ChangeKind", "changed_outputs", "detect_change_kind", "is_scratch_name"]

# Names editors and tools write beside the real file while saving, besides the ones
# ``discover.is_ignored_name`` knows: Emacs autosaves (#x#), Kate and JetBrains swap files,
# half-finished downloads.
_SCRATCH_SUFFIXES = (".swo", ".kate-swp", "___jb_tmp___", "___jb_old___", ".crdownload", ".part")


class ChangeKind(enum.StrEnum):
    CONTENT = "content"  # a post, chapter, course page or a file of a page bundle
    TEMPLATE = "template"
    STATIC_CSS = "static-css"
    STATIC_OTHER = "static-other"
    CONFIG = "config"  # site.toml
    IGNORED = "ignored"  # editor scratch files, the output folder, caches, anything else


def is_scratch_name(name: str) -> bool:
    """Hidden files and the temporary, backup and swap files editors write while saving."""
    return is_ignored_name(name) or name.endswith(_SCRATCH_SUFFIXES)


def detect_change_kind(rel: str) -> ChangeKind:
    """What a change to ``rel`` (a path relative to the site folder, forward slashes) means."""
    parts = PurePosixPath(rel).parts
    if not parts or any(is_scratch_name(part) for part in parts):
        return ChangeKind.IGNORED
    if parts == ("site.toml",):
        return ChangeKind.CONFIG
    # The folders themselves count: files written into a folder just created can come before
    # the watcher watches it, and only the folder's event tells that a build must look.
    top = parts[0]
    if top == "content":
        return ChangeKind.CONTENT
    if top == "templates":
        return ChangeKind.TEMPLATE
    if top == "static":
        return ChangeKind.STATIC_CSS if parts[-1].endswith(".css") else ChangeKind.STATIC_OTHER
    return ChangeKind.IGNORED


def changed_outputs(
    before: Mapping[str, OutputFile] | None,
    after: Mapping[str, OutputFile],
    touched: Collection[Path] = (),
) -> list[str] | None:
    """The output paths that differ between two builds, sorted; None when all are new.

    Rendered files are compared by their bytes. Copied files are compared by their source
    path, and count as changed when that source is among ``touched``, the files saved on
    disk since ``before`` was built.
    """
    if before is None:
        return None
    changed = [path for path in before if path not in after]
    for path, file in after.items():
        old = before.get(path)
        if (old is not file and old != file) or (
            file.source is not None and file.source in touched
        ):
            changed.append(path)
    return sorted(changed)
