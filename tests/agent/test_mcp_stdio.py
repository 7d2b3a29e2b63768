"""``wren mcp`` driven by the official MCP SDK's client, over stdio, in a real subprocess."""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from agent_sites import SITE, TIDE_BODY, files_below
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

WREN = [sys.executable, "-m", "wren"]
READING_TOOLS = {"site_info", "list_posts", "read_post", "find_similar", "check"}
WRITING_TOOLS = {"create_post", "create_chapter", "update_post", "unpublish_post", "build"}


@pytest.fixture
def site(make_site: Callable[[str], Path]) -> Path:
    return make_site(SITE.replace("{body}", TIDE_BODY))


@contextlib.asynccontextmanager
async def connected(site: Path, *flags: str) -> AsyncIterator[ClientSession]:
    params = StdioServerParameters(command=WREN[0], args=[*WREN[1:], "mcp", str(site), *flags])
    with open(site.parent / "server.log", "w") as log:
        async with (
            stdio_client(params, errlog=log) as (read, write),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            yield session


def run(site: Path, scenario: Callable[[ClientSession], Awaitable[None]], *flags: str) -> None:
    async def main() -> None:
        async with connected(site, *flags) as session:
            await scenario(session)

    # A thread of its own: a session-wide Playwright may hold this thread's event loop.
    failures: list[BaseException] = []

    def in_thread() -> None:
        try:
            anyio.run(main)
        except BaseException as error:  # re-raised below, in the test's thread
            failures.append(error)

    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


async def call(session: ClientSession, tool: str, **arguments: Any) -> dict[str, Any]:
    result = await session.call_tool(tool, arguments)
    assert not result.is_error, result.content
    assert result.structured_content is not None
    content: dict[str, Any] = result.structured_content
    return content


async def error_text(session: ClientSession, tool: str, **arguments: Any) -> str:
    result = await session.call_tool(tool, arguments)
    assert result.is_error, result.structured_content
    return " ".join(getattr(part, "text", "") for part in result.content)


def test_the_tools_are_listed_with_descriptions_and_typed_inputs(site: Path) -> None:
    async def scenario(session: ClientSession) -> None:
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
        assert set(tools) == READING_TOOLS | WRITING_TOOLS
        create = tools["create_post"]
        assert create.description and "refused" in create.description.lower()
        assert create.input_schema["required"] == ["title", "body"]
        assert "distinct_because" in create.input_schema["properties"]

    run(site, scenario)


def test_read_only_offers_only_the_tools_that_change_nothing(site: Path) -> None:
    async def scenario(session: ClientSession) -> None:
        tools = {tool.name for tool in (await session.list_tools()).tools}
        assert tools == READING_TOOLS
        result = await session.call_tool("create_post", {"title": "T", "body": "B"})
        assert result.is_error

    run(site, scenario, "--read-only")
    assert not list((site / "content/posts").glob("*-t.md"))


def test_an_agent_session_creates_is_refused_explains_and_updates(site: Path) -> None:
    async def scenario(session: ClientSession) -> None:
        created = await call(
            session,
            "create_post",
            title="Sea Glass",
            body="Frosted by the sand.",
            date="2026-03-01",
        )
        assert created["status"] == "created"
        assert created["path"] == "content/posts/2026-03-01-sea-glass.md"
        assert created["url"] == "/posts/sea-glass/"

        again = await call(session, "create_post", title="Sea Glass", body="Once more.")
        assert again["status"] == "refused"
        assert "content/posts/2026-03-01-sea-glass.md already has this title" in again["message"]

        reworded = await call(
            session, "create_post", title="Understanding Harbour Tide Charts", body=TIDE_BODY
        )
        assert reworded["status"] == "refused"
        match = reworded["matches"][0]
        assert match["path"] == "content/posts/2026-01-05-reading-the-tide-tables.md"
        assert match["body_score"] > 0.9

        explained = await call(
            session,
            "create_post",
            title="Understanding Harbour Tide Charts",
            body=TIDE_BODY,
            distinct_because="a chart is drawn from the tables; this post is about the drawing",
        )
        assert explained["status"] == "created"

        read = await call(session, "read_post", path="content/posts/2026-03-01-sea-glass.md")
        assert read["front_matter"]["title"] == "Sea Glass"
        updated = await call(
            session,
            "update_post",
            path=read["path"],
            revision=read["revision"],
            description="Why sea glass is frosted.",
        )
        assert updated["revision"] != read["revision"]

    run(site, scenario)
    assert (site / "content/posts/2026-03-01-sea-glass.md").exists()


def test_an_update_with_a_stale_revision_is_refused_and_the_file_unchanged(site: Path) -> None:
    path = "content/posts/2026-02-10-rock-pool-census.md"

    async def scenario(session: ClientSession) -> None:
        read = await call(session, "read_post", path=path)
        (site / path).write_text((site / path).read_text() + "\nEdited by a person.\n")
        before = (site / path).read_bytes()
        text = await error_text(
            session, "update_post", path=path, revision=read["revision"], title="Census"
        )
        assert "changed since revision" in text and "hint: call read_post again" in text
        assert (site / path).read_bytes() == before

    run(site, scenario)


ESCAPES = ["../../outside.md", "/etc/passwd", "content/../../x.md", "content/posts/../../../y.md"]


def test_no_string_argument_can_reach_outside_the_site(site: Path) -> None:
    outside = site.parent
    before = files_below(outside)

    async def scenario(session: ClientSession) -> None:
        for escape in ESCAPES:
            assert "leaves the site" in await error_text(session, "read_post", path=escape)
            assert await error_text(session, "update_post", path=escape, revision="0", body="x")
            assert await error_text(session, "check", path=escape)
            assert await error_text(session, "unpublish_post", path=escape, revision="0")
            assert await error_text(session, "create_chapter", course=escape, title="T", body="B")
            for field in ("title", "slug", "date", "description"):
                arguments = {"title": "Safe Title", "body": "Body.", field: escape}
                result = await session.call_tool("create_post", arguments)
                written = result.structured_content or {}
                if written.get("path"):
                    assert written["path"].startswith("content/posts/")
                    assert ".." not in written["path"]
                    (site / written["path"]).unlink()
            tagged = await session.call_tool(
                "create_post", {"title": "Tagged", "body": "B", "tags": [escape]}
            )
            path = (tagged.structured_content or {}).get("path")
            if path:
                (site / path).unlink()

    run(site, scenario)
    after = files_below(outside)
    assert {k: v for k, v in after.items() if k != "server.log"} == {
        k: v for k, v in before.items() if k != "server.log"
    }


def test_check_and_build_return_structured_results(site: Path) -> None:
    (site / "content/posts/2026-02-11-link.md").write_text(
        "---\ntitle: Broken Link\ndate: 2026-02-11\n---\n\nSee [this](missing.md).\n"
    )

    async def scenario(session: ClientSession) -> None:
        checked = await call(session, "check", only=["links"])
        assert checked["ok"] is False
        (finding,) = checked["diagnostics"]
        assert finding["path"] == "content/posts/2026-02-11-link.md"
        assert finding["line"] == 6
        assert finding["severity"] == "error"
        (site / "content/posts/2026-02-11-link.md").unlink()
        built = await call(session, "build", preview=True)
        assert built["pages"] >= 4
        assert "/posts/rock-pool-census/" in built["changed_urls"]
        assert Path(built["output_dir"], "posts/rock-pool-census/index.html").is_file()

    run(site, scenario)
    assert not (site / "public").exists()


def test_resources_serve_posts_the_outline_and_llms_txt(site: Path) -> None:
    async def scenario(session: ClientSession) -> None:
        page = await session.read_resource("wren://content/posts/2026-02-10-rock-pool-census.md")
        assert "A Census of One Rock Pool" in page.contents[0].text  # type: ignore[union-attr]
        outline = await session.read_resource("wren://outline")
        assert '"Zones of the Shore"' in outline.contents[0].text  # type: ignore[union-attr]
        llms = await session.read_resource("wren://llms.txt")
        assert "Tide Notes" in llms.contents[0].text  # type: ignore[union-attr]

    run(site, scenario)
