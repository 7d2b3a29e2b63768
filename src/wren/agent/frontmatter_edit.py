"""Writing front matter: a new file's, and a changed field of an existing file's.

A new file gets YAML front matter whose strings are written JSON-quoted (JSON strings are
valid YAML, so no title can break out of its line). An update rewrites the front matter
with the changed fields in place and the others in their order; the body is kept byte for
byte unless it is replaced. Comments inside YAML front matter are not kept when a field
changes. TOML front matter (``+++``) is read but not rewritten: its fields are edited by
hand, and only the body of such a file can be updated.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from wren.agent.files import AgentError
from wren.pipeline.frontmatter import split_front_matter

__all__ = ["render_file", "updated_file"]


def render_file(fields: Mapping[str, Any], body: str) -> str:
    """A Markdown file: ``---`` front matter holding ``fields``, then ``body``."""
    lines = ["---"]
    for key, value in fields.items():
        lines.extend(_field(key, value))
    lines.append("---")
    text = "\n".join(lines) + "\n"
    if body:
        text += "\n" + body.rstrip("\n") + "\n"
    return text


def updated_file(text: str, path: str, changes: Mapping[str, Any], body: str | None = None) -> str:
    """``text`` with the front matter fields in ``changes`` set (``None`` removes one)."""
    matter = split_front_matter(text, path)
    new_body = matter.body if body is None else body
    if not changes:
        if body is None:
            return text
        head = "" if matter.format == "none" else text[: len(text) - len(matter.body)]
        return head + ("\n" + _ending(body) if body and head else _ending(body))
    if matter.format == "toml":
        raise AgentError(
            f"{path} has TOML front matter, which Wren does not rewrite",
            hint="change only the body, or edit its front matter by hand",
        )
    fields = dict(matter.data)
    for key, value in changes.items():
        if value is None:
            fields.pop(key, None)
        else:
            fields[key] = value
    return render_file(fields, new_body)


def _ending(body: str) -> str:
    return body.rstrip("\n") + "\n" if body else ""


def _field(key: str, value: Any) -> list[str]:
    if isinstance(value, Mapping):
        if not value:
            return [f"{key}: {{}}"]
        nested = [f"{key}:"]
        for inner, inner_value in value.items():
            nested.extend("  " + line for line in _field(str(inner), inner_value))
        return nested
    return [f"{key}: {_scalar(value)}"]


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if value is None:
        return "null"
    return json.dumps(str(value), ensure_ascii=False)
