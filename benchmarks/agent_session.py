"""A scripted agent session through ``wren mcp``: does the guard stop repeats, and how fast is it?

An agent writes 200 posts into a generated 1,000-post site through the MCP server, using
the official SDK's client over stdio, as an agent would. 160 posts are new; 40 repeat a post
the session wrote earlier: 20 exactly (same title and body, as an agent that forgot it
already published), 20 reworded (the title said another way, a quarter of the paragraphs
dropped and one added, as an agent that wrote the same article again). Before each post the
agent asks ``find_similar``, then calls ``create_post`` without ``distinct_because``.

Reported: how many exact repeats and rewordings were refused (goals: all, and at least 90%),
how many new posts were wrongly refused (goal: none), and the median and 90th-percentile
latency of ``find_similar`` and ``create_post`` (goal: a median under 100 ms).

    uv run python benchmarks/agent_session.py [--posts 1000] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from generate import GeneratedPost, generate_course, generate_posts, write_wren_site
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

NEW_POSTS, EXACT_REPEATS, REWORDINGS = 160, 20, 20

# How the benchmark's title openers are said another way: written by hand, not tuned.
REWORDED_OPENERS = {
    "What I Learned About": "Lessons From",
    "Notes on": "My Notes About",
    "A Week with": "Seven Days of",
    "Finally Understanding": "Making Sense of",
    "Mistakes I Made with": "Where I Went Wrong with",
    "Revisiting": "Another Look at",
    "A Small Guide to": "A Short Introduction to",
    "Questions About": "Open Questions on",
}


@dataclass(frozen=True, slots=True)
class Planned:
    kind: str  # "new", "exact" or "reworded"
    title: str
    body: str
    description: str
    tags: tuple[str, ...]


def reworded(post: GeneratedPost, rng: random.Random) -> Planned:
    """The same article written again: another title, some paragraphs gone, one new."""
    opener = next(o for o in REWORDED_OPENERS if post.title.startswith(o))
    title = REWORDED_OPENERS[opener] + post.title[len(opener) :]
    paragraphs = post.body.split("\n\n")
    kept = [p for p in paragraphs if p.startswith(("#", "```", "-")) or rng.random() > 0.25]
    kept.insert(1, "I wrote about this before, but the subject deserves another pass.")
    return Planned("reworded", title, "\n\n".join(kept), post.description, post.tags)


def plan(existing: int, seed: int = 7) -> list[Planned]:
    """200 posts in the order the agent writes them; every repeat comes after its original."""
    rng = random.Random(seed)
    fresh = generate_posts(existing + NEW_POSTS)[existing:]
    session = [Planned("new", p.title, p.body, p.description, p.tags) for p in fresh]
    originals = rng.sample(range(NEW_POSTS // 2), EXACT_REPEATS + REWORDINGS)
    for number, index in enumerate(originals):
        post = fresh[index]
        copy = (
            Planned("exact", post.title, post.body, post.description, post.tags)
            if number < EXACT_REPEATS
            else reworded(post, rng)
        )
        session.insert(rng.randrange(NEW_POSTS // 2 + 1, len(session) + 1), copy)
    return session


async def timed(session: ClientSession, tool: str, arguments: dict[str, Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = await session.call_tool(tool, arguments)
    elapsed = time.perf_counter() - started
    if result.is_error:
        raise RuntimeError(f"{tool} failed: {result.content}")
    return result.structured_content, elapsed


async def run_session(site: Path, planned: Sequence[Planned]) -> dict[str, Any]:
    params = StdioServerParameters(command=sys.executable, args=["-m", "wren", "mcp", str(site)])
    latencies: dict[str, list[float]] = {"find_similar": [], "create_post": []}
    outcome = {kind: {"written": 0, "refused": 0} for kind in ("new", "exact", "reworded")}
    caught_by: dict[str, int] = {}
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        await timed(session, "site_info", {})  # the first call reads the whole site
        for number, post in enumerate(planned):
            _, seconds = await timed(
                session, "find_similar", {"title": post.title, "body": post.body}
            )
            latencies["find_similar"].append(seconds)
            arguments = {
                "title": post.title,
                "body": post.body,
                "description": post.description,
                "tags": list(post.tags),
                "date": f"2026-{1 + number % 12:02d}-{1 + number % 28:02d}",
            }
            created, seconds = await timed(session, "create_post", arguments)
            latencies["create_post"].append(seconds)
            refused = created["status"] == "refused"
            outcome[post.kind]["refused" if refused else "written"] += 1
            if refused and created["matches"]:
                kind = created["matches"][0]["kind"]
                caught_by[kind] = caught_by.get(kind, 0) + 1
    return {
        "outcome": outcome,
        "caught_by": caught_by,
        "latency_ms": {
            tool: {
                "median": round(statistics.median(values) * 1000, 1),
                "p90": round(statistics.quantiles(values, n=10)[-1] * 1000, 1),
            }
            for tool, values in latencies.items()
        },
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000, help="posts already on the site")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wren-agent-bench-") as folder:
        site = write_wren_site(Path(folder), generate_posts(args.posts), generate_course())
        planned = plan(args.posts)
        results = anyio.run(run_session, site, planned)
    results["site_posts"] = args.posts
    outcome = results["outcome"]
    latency = results["latency_ms"]
    print(f"{len(planned)} posts written through wren mcp into a {args.posts:,}-post site")
    print(f"  exact repeats refused: {outcome['exact']['refused']}/{EXACT_REPEATS}")
    print(f"  rewordings refused:    {outcome['reworded']['refused']}/{REWORDINGS}")
    print(f"  new posts refused:     {outcome['new']['refused']}/{NEW_POSTS} (should be 0)")
    print(f"  refusals by signal:    {results['caught_by']}")
    for tool, figures in latency.items():
        print(f"  {tool}: median {figures['median']} ms, p90 {figures['p90']} ms")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
