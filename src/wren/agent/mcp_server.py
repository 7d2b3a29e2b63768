"""``wren mcp``: the agent operations as a Model Context Protocol server over stdio.

Built on the official ``mcp`` SDK (``MCPServer``). Each tool is a thin wrapper over
:mod:`wren.agent.operations`: typed arguments with descriptions, a structured result, and
a refusal or a mistake returned as a tool error whose text is ``path:line: message`` and
a hint, never a traceback. With ``read_only`` only the tools that change nothing are
offered (``site_info``, ``list_posts``, ``read_post``, ``find_similar``, ``check``).

Resources: every post and chapter as ``wren://content/{path}`` (its Markdown), the course
outline as ``wren://outline`` (JSON) and the site's ``llms.txt`` as ``wren://llms.txt``.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from wren import __version__
from wren.agent import operations as ops
from wren.agent.files import content_path
from wren.agent.workspace import Workspace
from wren.errors import WrenError

__all__ = ["make_server", "serve_stdio"]

T = TypeVar("T")

INSTRUCTIONS = """\
This server publishes to one Wren site (a blog of posts and multi-chapter courses).
Before writing, call find_similar with the title (and body): a post that repeats an
existing article is refused unless you pass distinct_because. Paths are relative to the
site, as list_posts returns them. update_post needs the revision read_post returned.
Nothing is ever deleted: unpublish_post makes a post a draft and can redirect its URL.
Run check before build; both return structured results."""


def _run(call: Callable[[], T]) -> T:
    """Run one operation; a Wren error becomes a tool error with its place and hint."""
    try:
        return call()
    except WrenError as error:
        raise ToolError(str(error)) from None


def _data(value: Any) -> dict[str, Any]:
    """A result dataclass as the JSON object the client receives."""
    return dataclasses.asdict(value)


def _rows(values: list[Any]) -> list[dict[str, Any]]:
    return [_data(value) for value in values]


def make_server(site_dir: Path, read_only: bool = False) -> MCPServer:
    """A server for the site in ``site_dir``; tools that write are left out if ``read_only``."""
    workspace = Workspace(site_dir)
    server = MCPServer(
        name="wren",
        title=f"Wren: {site_dir.resolve().name}",
        instructions=INSTRUCTIONS,
        version=__version__,
    )
    _reading_tools(server, workspace)
    if not read_only:
        _writing_tools(server, workspace)
    _resources(server, workspace)
    return server


def _reading_tools(server: MCPServer, workspace: Workspace) -> None:
    @server.tool()
    def site_info() -> dict[str, Any]:
        """The site's title, base URL, counts of posts, drafts, scheduled posts and chapters,
        its courses and tags, and the settings that matter to an author."""
        return _data(_run(lambda: ops.site_info(workspace)))

    @server.tool()
    def list_posts(
        tag: Annotated[str | None, Field(description="only posts with this tag")] = None,
        course: Annotated[
            str | None, Field(description="list this course's chapters instead of posts")
        ] = None,
        year: Annotated[int | None, Field(description="only posts dated in this year")] = None,
        draft: Annotated[
            bool | None, Field(description="true: only drafts; false: no drafts")
        ] = None,
        text: Annotated[
            str | None, Field(description="only posts whose title or text contains this")
        ] = None,
        limit: Annotated[int | None, Field(description="at most this many", ge=1)] = None,
    ) -> dict[str, Any]:
        """Posts, newest first: title, date, URL, path, summary, reading time, tags, draft."""
        found = _run(
            lambda: ops.list_posts(
                workspace, tag=tag, course=course, year=year, draft=draft, text=text, limit=limit
            )
        )
        return {"posts": _rows(found)}

    @server.tool()
    def read_post(
        path: Annotated[str, Field(description="the file, relative to the site, from list_posts")],
    ) -> dict[str, Any]:
        """A post's or chapter's front matter and Markdown body, and its `revision`, which
        update_post needs."""
        return _data(_run(lambda: ops.read_post(workspace, path)))

    @server.tool()
    def find_similar(
        title: Annotated[str, Field(description="the title of the post you mean to write")],
        body: Annotated[str | None, Field(description="its Markdown body, if written")] = None,
    ) -> dict[str, Any]:
        """Existing posts that are the same article as this title (and body) or close to it,
        with scores and reasons. An empty list means nothing like it exists."""
        return {"matches": _rows(_run(lambda: ops.find_similar(workspace, title, body)))}

    @server.tool()
    def check(
        only: Annotated[
            list[str] | None,
            Field(description="some of: links, duplicates, rust, lint (default: all)"),
        ] = None,
        path: Annotated[str | None, Field(description="report only this file's findings")] = None,
    ) -> dict[str, Any]:
        """Run `wren check`: broken links, duplicate posts, Rust examples that fail, lint.
        Returns the findings as data; `ok` is false when any is an error."""
        return _data(_run(lambda: ops.check(workspace, tuple(only or ()), path)))


def _writing_tools(server: MCPServer, workspace: Workspace) -> None:
    @server.tool()
    def create_post(
        title: Annotated[str, Field(description="the post's title, one line")],
        body: Annotated[str, Field(description="the Markdown body, without front matter")],
        description: Annotated[
            str | None, Field(description="the summary listings show (under 150 characters)")
        ] = None,
        tags: Annotated[list[str] | None, Field(description="tags, such as ['async']")] = None,
        date: Annotated[
            str | None, Field(description="YYYY-MM-DD or an ISO date-time; default today")
        ] = None,
        draft: Annotated[bool, Field(description="write it as a draft")] = False,
        slug: Annotated[
            str | None, Field(description="the URL name; default from the title")
        ] = None,
        distinct_because: Annotated[
            str | None,
            Field(description="why this is not the same article as a similar existing post"),
        ] = None,
    ) -> dict[str, Any]:
        """Write a new post. Refused (status "refused", with the matches) when it repeats an
        existing post's title, or looks like the same article and `distinct_because` is not
        given. Returns its path, URL, revision and the lint findings for the file."""
        page = ops.NewPage(
            title, body, description, tuple(tags or ()), date, draft, slug, distinct_because
        )
        return _data(_run(lambda: ops.create_post(workspace, page)))

    @server.tool()
    def create_chapter(
        course: Annotated[str, Field(description="the course folder name, from site_info")],
        title: Annotated[str, Field(description="the chapter's title")],
        body: Annotated[str, Field(description="the Markdown body, without front matter")],
        description: Annotated[str | None, Field(description="a one-line summary")] = None,
        draft: Annotated[bool, Field(description="write it as a draft")] = False,
        distinct_because: Annotated[
            str | None,
            Field(description="why this is not the same as a similar existing page"),
        ] = None,
    ) -> dict[str, Any]:
        """Write the course's next numbered chapter; refused like create_post."""
        page = ops.NewPage(title, body, description, (), None, draft, None, distinct_because)
        return _data(_run(lambda: ops.create_chapter(workspace, course, page)))

    @server.tool()
    def update_post(
        path: Annotated[str, Field(description="the file, relative to the site")],
        revision: Annotated[str, Field(description="the revision read_post returned")],
        title: Annotated[str | None, Field(description="a new title")] = None,
        body: Annotated[str | None, Field(description="a new Markdown body")] = None,
        description: Annotated[str | None, Field(description="a new description")] = None,
        tags: Annotated[list[str] | None, Field(description="the new tags")] = None,
        draft: Annotated[bool | None, Field(description="true to make it a draft")] = None,
        distinct_because: Annotated[
            str | None, Field(description="why a new title is not another post's article")
        ] = None,
    ) -> dict[str, Any]:
        """Change a post or chapter. Refused, and nothing written, if the file changed since
        `revision` was read. Never deletes: see unpublish_post."""
        changes: dict[str, Any] = {}
        for key, value in (
            ("title", title),
            ("description", description),
            ("tags", tags),
            ("draft", draft),
        ):
            if value is not None:
                changes[key] = value
        return _data(
            _run(
                lambda: ops.update_post(workspace, path, revision, changes, body, distinct_because)
            )
        )

    @server.tool()
    def unpublish_post(
        path: Annotated[str, Field(description="the post to take off the site")],
        revision: Annotated[str, Field(description="the revision read_post returned")],
        redirect_to: Annotated[
            str | None,
            Field(description="the path of the post that replaces it: its URL redirects there"),
        ] = None,
    ) -> dict[str, Any]:
        """Retire a post without deleting it: it becomes a draft, and with `redirect_to` its
        old URL becomes an alias of the post that replaces it."""
        return _data(_run(lambda: ops.unpublish_post(workspace, path, revision, redirect_to)))

    @server.tool()
    def build(
        preview: Annotated[
            bool, Field(description="build into a scratch folder instead of public/")
        ] = False,
    ) -> dict[str, Any]:
        """Build the site. Returns the page and file counts, the seconds taken, the URLs of
        the pages that changed and the build's warnings; a content error is returned as an
        error."""
        output = Path(tempfile.mkdtemp(prefix="wren-preview-")) / "public" if preview else None
        return _data(_run(lambda: ops.build(workspace, output)))


def _resources(server: MCPServer, workspace: Workspace) -> None:
    @server.resource(
        "wren://content/{+path}",
        name="page",
        description="A post or chapter's Markdown file, by its path under content/",
        mime_type="text/markdown",
    )
    def page(path: str) -> str:
        file = _run(lambda: content_path(workspace.site_dir, f"content/{path}"))
        return file.read_text(encoding="utf-8")

    @server.resource("wren://outline", name="outline", mime_type="application/json")
    def outline() -> str:
        """Every course with its chapters in reading order: title, URL and path."""
        snap = workspace.snapshot()
        courses = []
        if snap.site is not None:
            for course in snap.site.courses:
                chapters = [snap.site.chapters[key] for key in course.chapters]
                courses.append(
                    {
                        "name": course.key,
                        "title": course.title,
                        "url": course.url,
                        "chapters": [
                            {"title": c.title, "url": c.url, "path": c.key} for c in chapters
                        ],
                    }
                )
        return json.dumps({"courses": courses}, ensure_ascii=False, indent=2)

    @server.resource("wren://llms.txt", name="llms.txt", mime_type="text/plain")
    def llms() -> str:
        """The site's llms.txt: every post and chapter with its summary."""
        from wren.pipeline.assemble import AssembleOptions, assemble_site
        from wren.publish.listings import llms_txt

        snap = workspace.snapshot()
        options = AssembleOptions(now=workspace.now())
        return llms_txt(_run(lambda: assemble_site(snap.documents, snap.config, options)))


def serve_stdio(site_dir: Path, read_only: bool = False) -> None:
    """Serve the site's tools over stdin and stdout until the client closes them."""
    make_server(site_dir, read_only).run("stdio")
