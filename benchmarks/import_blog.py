"""Import a real blog with `wren import`, build it, and say what survived.

    uv run --group bench python benchmarks/import_blog.py SOURCE --tool hugo|zola|jekyll
        [--section blog] [--scratch DIR]

Prints the posts and pages imported, the import report's findings by kind, the old
addresses that no longer lead anywhere in Wren's output (the goal is none), and Wren's
build time beside the source tool's own when that tool is installed and builds the blog.

The old addresses are those of the source tool's own build when it succeeds (every HTML
page and feed it wrote, paginated listings included, less the tool's own assets), else those
the importer derived from the tool's rules. The blog is imported into a scratch folder
(default: a temporary one), never into this repository.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from tools import hugo_binary  # type: ignore[import-not-found]

from wren.build import BuildOptions, build_site
from wren.errors import WrenError
from wren.importers import import_site
from wren.importers.hugo import content_dir, read_config
from wren.importers.verify import resolve, written_addresses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--tool", choices=["hugo", "zola", "jekyll"], required=True)
    parser.add_argument("--section", action="append", default=[], help="Hugo: sections to import")
    parser.add_argument("--scratch", type=Path, help="work here (default: a temporary folder)")
    parser.add_argument("--show", type=int, default=20, help="unresolved addresses to list")
    args = parser.parse_args()
    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="wren-import-"))
    site = scratch / "site"
    if site.exists():
        shutil.rmtree(site)
    started = time.perf_counter()
    result = import_site(args.tool, args.source, site, args.section)
    import_seconds = time.perf_counter() - started
    print(
        f"imported {result.posts} posts, {result.pages} pages ({result.drafts} drafts)"
        f" in {import_seconds:.2f} s into {site}"
    )
    print(
        f"posts at their old address: {result.posts_in_place}; given their old feed"
        f" entry id (feed_id): {result.feed_ids_pinned}"
    )
    if result.rust_since is not None:
        print(f"posts hold Rust examples: [rust] since = {result.rust_since}")
    kinds = Counter(finding.kind for finding in result.findings)
    print("findings by kind: " + (", ".join(f"{k} {n}" for k, n in kinds.most_common()) or "none"))
    started = time.perf_counter()
    try:
        build = build_site(site, BuildOptions(use_cache=False, search=False, force=True))
    except WrenError as error:
        print(f"wren build failed:\n{error}")
        return 1
    wren_seconds = time.perf_counter() - started
    print(f"wren build (cold, no search index): {wren_seconds:.2f} s, {build.pages} pages")
    tool_urls, tool_seconds = _tool_build(args.tool, args.source, scratch)
    if not tool_urls and args.tool == "hugo":
        tool_urls, tool_seconds = _hugo_plain_build(args.source, args.section, scratch)
    if tool_seconds is not None:
        print(
            f"{args.tool} build: {tool_seconds:.2f} s; ratio wren/{args.tool}"
            f" {wren_seconds / tool_seconds:.2f}"
        )
    urls = tool_urls if tool_urls else sorted(result.old_urls)
    origin = f"{args.tool}'s own build" if tool_urls else f"{args.tool}'s rules (importer)"
    out = site / "public"
    lost = [url for url in urls if resolve(out, url) is None]
    print(f"old addresses ({origin}): {len(urls)}; not resolving in Wren's output: {len(lost)}")
    for url in lost[: args.show]:
        print(f"  {url}")
    return 0


def _tool_build(tool: str, source: Path, scratch: Path) -> tuple[list[str], float | None]:
    """The addresses the tool's own build writes, and its time; nothing when it cannot."""
    binary = hugo_binary() if tool == "hugo" else shutil.which(tool)
    if binary is None:
        print(f"{tool}: not installed; old addresses come from its rules")
        return [], None
    copy = scratch / "source"  # the tool writes lock files and caches into its site
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(source, copy, symlinks=True)
    out = scratch / f"out-{tool}"
    commands = {
        "hugo": [str(binary), "--source", str(copy), "--destination", str(out)],
        "zola": [str(binary), "--root", str(copy), "build", "--output-dir", str(out), "--force"],
        "jekyll": [str(binary), "build", "--source", str(copy), "--destination", str(out), "-q"],
    }
    command = commands[tool]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        lines = (done.stderr + done.stdout).strip().splitlines()
        last = next((line for line in lines if "ERROR" in line or "Error" in line), "")
        print(f"{tool} build failed ({last[:200]}); old addresses come from its rules")
        return [], None
    return written_addresses(out), seconds


_HUGO_SHORTCODES = {"figure", "gist", "highlight", "instagram", "param", "qr", "ref", "relref",
                    "vimeo", "x", "youtube", "details"}  # fmt: skip
_SHORTCODE = re.compile(r"\{\{[<%]\s*(/?\s*[\w.-][\w./-]*)")


def _hugo_plain_build(
    source: Path, sections: list[str], scratch: Path
) -> tuple[list[str], float | None]:
    """When a Hugo blog cannot be built as it is (its theme is a module fetched from the
    network), build its content with one-line layouts instead: the same URLs, from Hugo."""
    binary = hugo_binary()
    if binary is None:
        return [], None
    config = read_config(source)
    content = content_dir(source, config)
    site = scratch / "hugo-plain"
    if site.exists():
        shutil.rmtree(site)
    for path in content.iterdir():
        if path.is_dir() and (not sections or path.name in sections):
            shutil.copytree(path, site / "content" / path.name)
        elif path.is_file():
            (site / "content").mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, site / "content" / path.name)
    kept = ("baseURL", "title", "permalinks", "taxonomies", "disableKinds", "uglyURLs",
            "disablePathToLower", "defaultContentLanguage")  # fmt: skip
    settings = {key: config[key] for key in kept if key in config}
    (site / "hugo.json").write_text(json.dumps(settings, default=str), encoding="utf-8")
    layouts = site / "layouts"
    for name in ("single", "list"):
        (layouts / "_default").mkdir(parents=True, exist_ok=True)
        (layouts / "_default" / f"{name}.html").write_text("{{ .Title }}\n{{ .Content }}")
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.md")]
    used = {name for text in texts for name in _SHORTCODE.findall(text)}
    closed = {name.lstrip("/") for name in used if name.startswith("/")}
    for name in sorted(used - _HUGO_SHORTCODES - {f"/{name}" for name in closed} - closed):
        if name.startswith("/"):
            continue
        stub = layouts / "shortcodes" / f"{name}.html"
        stub.parent.mkdir(parents=True, exist_ok=True)
        stub.write_text("")
    for name in sorted(closed - _HUGO_SHORTCODES):  # paired: its template shows the inside
        stub = layouts / "shortcodes" / f"{name}.html"
        stub.parent.mkdir(parents=True, exist_ok=True)
        stub.write_text("{{ .Inner }}")
    out = scratch / "out-hugo-plain"
    started = time.perf_counter()
    command = [str(binary), "--source", str(site), "--destination", str(out), "--quiet"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0 and not out.is_dir():
        print(f"hugo build with one-line layouts failed: {done.stderr.strip()[-300:]}")
        return [], None
    print(
        f"hugo built the blog's content with one-line layouts (its theme is not here)"
        f" in {seconds:.2f} s"
    )
    return written_addresses(out), seconds


if __name__ == "__main__":
    sys.exit(main())
