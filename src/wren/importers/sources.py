"""What the readers share: reading a source file, its dates and tags, and site paths."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from wren.errors import ContentError
from wren.importers.model import Findings
from wren.pipeline.frontmatter import split_front_matter

__all__ = [
    "MARKDOWN_SUFFIXES",
    "as_date",
    "as_list",
    "file_date",
    "join_url",
    "load_config_file",
    "read_source",
    "title_from_name",
]

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
_FILE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})[-_]")


def read_source(
    path: Path, rel: str, findings: Findings, *, fence_prefix: bool = False
) -> tuple[dict[str, Any], str, int] | None:
    """A source file's front matter, body and the line its body starts on; None (with a
    finding) when it cannot be read. With ``fence_prefix`` (Hugo's rule) the front matter
    ends at the first line that starts with its fence: ``-----`` closes ``---``, the rest
    of that line beginning the body."""
    try:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as error:
        findings.add(rel, None, "file", f"not read: {error}")
        return None
    split = 0
    if fence_prefix:
        text, split = _split_fence_line(text)
    try:
        matter = split_front_matter(text, rel)
    except ContentError as error:
        line = error.location.line if error.location else None
        findings.add(rel, line, "front matter", f"not imported: {error.message}")
        return None
    return dict(matter.data), matter.body, matter.body_line - split


def _split_fence_line(text: str) -> tuple[str, int]:
    """``text`` with the first line after the opening fence that starts with that fence
    cut after the fence (``-----`` as a line ``---`` and a line ``--``), and 1; else
    ``text`` and 0."""
    first, _, rest = text.partition("\n")
    fence = first.rstrip()
    if fence not in ("---", "+++"):
        return text, 0
    line = re.search(rf"^{re.escape(fence)}(.*)$", rest, flags=re.MULTILINE)
    if line is None or not line[1].strip():
        return text, 0
    at = len(first) + 1
    return text[: at + line.start()] + f"{fence}\n{line[1]}" + text[at + line.end() :], 1


def load_config_file(path: Path) -> dict[str, Any]:
    """A TOML, YAML or JSON settings file as a table; ContentError naming it when it is not."""
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix == ".toml":
            return tomllib.loads(text)
        loaded = yaml.safe_load(text)  # JSON is YAML
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        raise ContentError(f"cannot read {path.name}: {error}") from None
    return loaded if isinstance(loaded, dict) else {}


def file_date(name: str) -> dt.date | None:
    """The date a file or folder name starts with (``2019-01-31-name``)."""
    match = _FILE_DATE.match(name)
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def as_date(value: object) -> dt.datetime | dt.date | None:
    """A front matter date: kept as the source wrote it when Wren reads it the same way."""
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, str):
        text = value.strip().replace(" ", "T", 1).removesuffix("Z")
        text = re.sub(r"T?\s*([+-]\d{2})(\d{2})$", r"\1:\2", text)
        try:
            return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)
        except ValueError:
            return None
    return None


def as_list(value: object) -> list[str]:
    """A list of names from a list, one name, or (as Jekyll writes them) words."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, Mapping):
        return [str(item) for item in value if item is not None and str(item).strip()]
    return [str(value)]


def join_url(*parts: str) -> str:
    """A site path from its parts: one ``/`` between them, one at the start and the end.

    >>> join_url("blog", "/2024/", "x")
    '/blog/2024/x/'
    """
    inner = "/".join(part.strip("/") for part in parts if part.strip("/"))
    return f"/{inner}/" if inner else "/"


def title_from_name(name: str) -> str:
    """A title for a page that has none, from its file name."""
    stem = _FILE_DATE.sub("", name.rsplit(".", 1)[0] if "." in name else name)
    return re.sub(r"[-_]+", " ", stem).strip().capitalize() or name
