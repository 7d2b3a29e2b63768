"""What ``wren posts``, ``wren mcp`` and ``wren new post --format json`` do, for agents and
scripts that run commands rather than speak MCP (``wren.commands.cli`` parses the options)."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

import click

__all__ = ["new_post_as_json", "print_posts", "serve_mcp"]


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _require_site(site: Path) -> None:
    from wren.config import CONFIG_FILE
    from wren.errors import ConfigError

    if not (site / CONFIG_FILE).is_file():
        raise ConfigError(
            f"{site} is not a Wren site (it has no {CONFIG_FILE})",
            hint="name the site folder, or run `wren new SITE` to start one",
        )


def print_posts(site: Path, output_format: str, **filters: Any) -> None:
    """``wren posts``: the site's posts (or a course's chapters) as text or JSON."""
    from wren.agent.operations import list_posts
    from wren.agent.workspace import Workspace

    _require_site(site)
    found = list_posts(Workspace(site), **filters)
    if output_format == "json":
        _print_json({"posts": [dataclasses.asdict(p) for p in found]})
        return
    for post in found:
        date = (post.date or "")[:10]
        mark = " (draft)" if post.draft else ""
        click.echo(f"{date:10}  {post.title}{mark}\n            {post.path} -> {post.url}")


def serve_mcp(site: Path, read_only: bool) -> None:
    """``wren mcp``: serve the site's tools over stdio until the client closes them."""
    _require_site(site)
    from wren.agent.mcp_server import serve_stdio

    serve_stdio(site, read_only)


def new_post_as_json(
    site: Path,
    title: str,
    distinct_because: str | None,
    body_file: Path | None,
    description: str | None,
    tags: tuple[str, ...],
) -> None:
    """``wren new post --format json``: refuse a repeat as the MCP tool does; print JSON."""
    from wren.agent.operations import NewPage, create_post
    from wren.agent.workspace import Workspace

    _require_site(site)
    body = ""
    if body_file is not None:
        body = sys.stdin.read() if str(body_file) == "-" else body_file.read_text("utf-8")
    page = NewPage(title, body, description, tags, distinct_because=distinct_because)
    result = create_post(Workspace(site), page)
    _print_json(dataclasses.asdict(result))
    if result.status != "created":
        sys.exit(1)
