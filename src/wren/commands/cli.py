"""The ``wren`` command line: new, build, serve, check.

Exit codes: 0 success, 1 content or configuration errors, 2 usage errors, 130 interrupted
(Ctrl-C). A user's mistake is printed as ``path:line: message``, never as a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from wren import __version__
from wren.config import CACHE_DIR, CONFIG_FILE, load_config
from wren.errors import WrenError

if TYPE_CHECKING:
    from wren.build import BuildResult

F = TypeVar("F", bound=Callable[..., Any])

CHECKED_STAMP = Path(CACHE_DIR) / "checked"  # written by `wren check`; read by `wren build`

SITE_ARGUMENT = click.argument(
    "site", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
)

FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for tools and agents.",
)


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


def reports_errors(command: F) -> F:
    """Print WrenErrors as ``path:line: message`` and exit 1; exit 130 on Ctrl-C."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except WrenError as error:
            report_error(error)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)

    return wrapper  # type: ignore[return-value]


@contextlib.contextmanager
def one_shot() -> Iterator[None]:
    """For a command that runs once and exits: no cyclic garbage collection on the way.

    A build makes millions of small objects that live until it ends; collecting them over
    and over costs about a sixth of its time and frees almost nothing. The dev server,
    which runs for hours, keeps the collector on.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def report_error(error: WrenError) -> None:
    for line in str(error).splitlines():
        prefix = "" if line.startswith("  ") else "error: "
        click.echo(f"{prefix}{line}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wren")
def cli() -> None:
    """Wren: a fast static publisher for blogs with posts and courses."""


def summary_line(result: BuildResult) -> str:
    """What a build did; a second line names the scheduled posts it left out, if any."""
    stats = result.stats
    cached = f"{result.cached:,} cached; " if result.cached else ""
    line = (
        f"Built {result.pages:,} pages in {result.seconds:.2f} s ({cached}{result.files:,} files:"
        f" {stats.written:,} written, {stats.unchanged:,} unchanged, {stats.removed:,} removed)"
        f" -> {result.output_dir}"
    )
    scheduled = result.scheduled
    if scheduled:
        noun = "post" if len(scheduled) == 1 else "posts"
        soonest = sorted(scheduled, key=lambda post: (post[1], post[0]))
        posts = "; ".join(f"{key}, {date:%Y-%m-%d}" for key, date in soonest[:5])
        more = f"; and {len(scheduled) - 5:,} more" if len(scheduled) > 5 else ""
        line += f"\n{len(scheduled):,} scheduled {noun} skipped: {posts}{more}"
    return line


@cli.command(short_help="Build SITE (default: the current folder) into public/.")
@SITE_ARGUMENT
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: SITE/public).",
)
@click.option("--drafts", is_flag=True, help="Include drafts, marked with a Draft badge.")
@click.option("--future", is_flag=True, help="Include posts dated in the future.")
@click.option("--no-search", is_flag=True, help="Skip the search index (for quicker builds).")
@click.option(
    "--force",
    is_flag=True,
    help="Replace the output folder even if it holds files Wren did not write (deletes them).",
)
@click.option(
    "--check",
    "check_first",
    is_flag=True,
    help="Run `wren check` first; build only if it finds no errors.",
)
@click.option("--no-rust", is_flag=True, help="With --check: do not compile the Rust examples.")
@reports_errors
def build(
    site: Path,
    output: Path | None,
    drafts: bool,
    future: bool,
    no_search: bool,
    force: bool,
    check_first: bool,
    no_rust: bool,
) -> None:
    """Build SITE (default: the current folder) into public/."""
    if check_first:
        check_before_build(site, drafts, future, rust=not no_rust)
    from wren.build import BuildOptions, build_site
    from wren.progress import TerminalReporter

    options = BuildOptions(output, drafts, future, search=not no_search, force=force)

    def waiting() -> None:
        click.echo("waiting for another build of this output folder to finish...", err=True)

    with one_shot():
        result = build_site(site, options, TerminalReporter(), waiting)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for warning in result.warnings:
        click.echo(warning.format(), err=True)
    click.echo(summary_line(result))
    if not (site / CHECKED_STAMP).exists():
        click.echo(
            "hint: run `wren check` before publishing: it finds broken links, duplicate posts"
            " and Rust examples that fail",
            err=True,
        )


@cli.command(short_help="Serve SITE on a local address, rebuilding on every change.")
@SITE_ARGUMENT
@click.option(
    "-p",
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Port (default: 8000, or the next free one).",
)
@click.option("--bind", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--drafts", is_flag=True, help="Include drafts.")
@click.option("--future", is_flag=True, help="Include posts dated in the future.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@reports_errors
def serve(
    site: Path, port: int | None, bind: str, drafts: bool, future: bool, open_browser: bool
) -> None:
    """Build SITE and serve it on a local address, rebuilding on every change."""
    from wren.server import ServeOptions, serve_site

    load_config(site)  # a missing folder or site.toml, said before anything starts

    serve_site(
        site,
        ServeOptions(
            port=port,
            bind=bind,
            include_drafts=drafts,
            include_future=future,
            open_browser=open_browser,
        ),
    )


@cli.command(
    context_settings={"ignore_unknown_options": False},
    short_help="Start a site, a post, a page, a course or a chapter.",
)
@click.argument("what", nargs=-1, required=True)
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    help="The site folder, for `new post`, `new page`, `new course` and `new chapter`.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="json: for agents; a post that repeats another is refused (see docs/agents.md).",
)
@click.option(
    "--distinct-because", help="With --format json: why a similar post is a different article."
)
@click.option(
    "--body",
    "body_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --format json: the Markdown body from this file (- for standard input).",
)
@click.option("--description", help="With --format json: the post's description.")
@click.option("--tag", "tags", multiple=True, help="With --format json: a tag (repeatable).")
@reports_errors
def new(
    what: tuple[str, ...],
    site_dir: Path,
    output_format: str,
    distinct_because: str | None,
    body_file: Path | None,
    description: str | None,
    tags: tuple[str, ...],
) -> None:
    """Start a site, a post, a page, a course or a chapter.

    \b
      wren new SITE                   scaffold a site that builds
      wren new post "Title"           write content/posts/YYYY-MM-DD-title.md
      wren new page "Title"           write content/pages/title.md (the page /title/)
      wren new course "Title"         write content/courses/title/_index.md
      wren new chapter COURSE "Title" write the course's next numbered chapter
    """
    from wren.commands import scaffold

    if what[0] == "course":
        if len(what) != 2:
            raise click.UsageError('usage: wren new course "Title"')
        path = scaffold.new_course(site_dir, what[1])
        course = path.parent.name
        click.echo(f'Wrote {path}. Next: wren new chapter {course} "First Chapter"')
    elif what[0] == "post":
        if len(what) != 2:
            raise click.UsageError('usage: wren new post "Title"')
        if output_format == "json":
            from wren.agent.commands import new_post_as_json

            new_post_as_json(site_dir, what[1], distinct_because, body_file, description, tags)
            return
        path, warnings = scaffold.new_post(site_dir, what[1])
        for warning in warnings:
            click.echo(f"warning: {warning}", err=True)
        click.echo(f"Wrote {path}")
    elif what[0] == "page":
        if len(what) != 2:
            raise click.UsageError('usage: wren new page "Title"')
        path = scaffold.new_page(site_dir, what[1])
        click.echo(f"Wrote {path}. Link it from the header with [[nav]] in site.toml")
    elif what[0] == "chapter":
        if len(what) != 3:
            raise click.UsageError('usage: wren new chapter COURSE "Title"')
        path = scaffold.new_chapter(site_dir, what[1], what[2])
        click.echo(f"Wrote {path}")
    else:
        if len(what) != 1:
            raise click.UsageError("usage: wren new SITE")
        target = Path(what[0])
        scaffold.new_site(target)
        click.echo(f"Started a site in {target}. Next: wren serve {shell_word(str(target))}")


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def shell_word(text: str) -> str:
    """``text`` as one word of a shell command: as is when plain, else in double quotes."""
    if re.fullmatch(r"[\w@%+=:,./-]+", text):
        return text
    return '"' + re.sub(r'(["\\$`])', r"\\\1", text) + '"'


def _check_names(ctx: click.Context, param: click.Parameter, value: str | None) -> frozenset[str]:
    from wren.check import CHECKS

    if value is None:
        return frozenset(CHECKS)
    names = {name.strip() for name in value.split(",") if name.strip()}
    unknown = sorted(names - set(CHECKS))
    if unknown or not names:
        wrong = f"unknown check `{unknown[0]}`; " if unknown else ""
        raise click.BadParameter(f"{wrong}choose from {','.join(CHECKS)}")
    return frozenset(names)


@cli.command(short_help="Check SITE before publishing: links, duplicates, Rust, lint.")
@SITE_ARGUMENT
@FORMAT_OPTION
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option("--external", is_flag=True, help="Also fetch http(s) links (cached for a day).")
@click.option("--no-rust", is_flag=True, help="Do not compile the Rust examples.")
@click.option(
    "--only",
    callback=_check_names,
    metavar="CHECKS",
    help="Run only these checks, comma-separated: links,duplicates,rust,lint.",
)
@reports_errors
def check(
    site: Path,
    output_format: str,
    strict: bool,
    external: bool,
    no_rust: bool,
    only: frozenset[str],
) -> None:
    """Check SITE before publishing: broken links and anchors, duplicate posts, Rust
    examples that do not compile, and content lint.

    Exit codes: 0 no errors, 1 errors (or warnings, with --strict), 2 usage errors.
    """
    from wren.check import CheckOptions, format_json, format_text, run_checks

    checks = only - {"rust"} if no_rust else only
    with one_shot():
        report = run_checks(site, CheckOptions(checks=checks, external=external))
    _remember_check(site)
    click.echo(format_json(report) if output_format == "json" else format_text(report))
    sys.exit(1 if report.failed(strict) else 0)


def check_before_build(site: Path, drafts: bool, future: bool, rust: bool = True) -> None:
    """``wren build --check``: print what the checks found; stop before building on errors."""
    from wren.check import CHECKS, CheckOptions, LoadOptions, format_text, run_checks

    load = LoadOptions(include_drafts=drafts, include_future=future)
    checks = frozenset(CHECKS) if rust else frozenset(CHECKS) - {"rust"}
    report = run_checks(site, CheckOptions(checks=checks, load=load))
    _remember_check(site)
    click.echo(format_text(report), err=True)
    if report.failed():
        click.echo("error: not built, because `wren check` found errors", err=True)
        sys.exit(1)


@cli.command(name="import", short_help="Import a Hugo, Zola or Jekyll site into a new SITE.")
@click.argument("tool", type=click.Choice(["hugo", "zola", "jekyll"]))
@click.argument("source", type=click.Path(file_okay=False, path_type=Path))
@click.argument("site", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--section",
    "sections",
    multiple=True,
    help="Hugo: import only this content section, as posts (repeatable).",
)
@reports_errors
def import_(tool: str, source: Path, site: Path, sections: tuple[str, ...]) -> None:
    """Import the TOOL site in SOURCE into SITE (new or empty), keeping every old URL.

    Posts, pages, tags, feeds and static files are written as a Wren site; old addresses
    that change become redirects. What could not be converted is listed, as path:line, in
    SITE/import-report.txt. SOURCE is never written to.
    """
    from wren.importers import import_site
    from wren.progress import TerminalReporter

    result = import_site(tool, source, site, sections, TerminalReporter())
    for finding in result.findings:
        click.echo(f"{source / finding.path}{finding.format()[len(finding.path) :]}", err=True)
    drafts = f" ({result.drafts:,} drafts)" if result.drafts else ""
    click.echo(
        f"Imported {_count(result.posts, 'post')} and {_count(result.pages, 'page')}{drafts}"
        f" into {site};"
        f" {len(result.findings):,} findings in {result.report_path}"
    )
    if result.posts_in_place < result.posts:
        moved = result.posts - result.posts_in_place
        click.echo(f"{_count(moved, 'post')} at a new address: the old one redirects there")
    if result.feed_ids_pinned:
        click.echo(
            f"feed_id set on {_count(result.feed_ids_pinned, 'post')}: feed readers know"
            " them by the ids of their old feed entries and do not show them again"
        )
    click.echo(f"Next: wren build {shell_word(str(site))}")


@cli.command(short_help="List SITE's posts (or a course's chapters) with paths and URLs.")
@SITE_ARGUMENT
@click.option("--tag", help="Only posts with this tag.")
@click.option("--course", help="List this course's chapters instead of posts.")
@click.option("--year", type=int, help="Only posts dated in this year.")
@click.option("--drafts/--no-drafts", "draft", default=None, help="Only drafts, or no drafts.")
@click.option("--text", help="Only posts whose title or text contains this.")
@FORMAT_OPTION
@reports_errors
def posts(site: Path, output_format: str, **filters: Any) -> None:
    """List SITE's posts, newest first (or a course's chapters), with paths and URLs."""
    from wren.agent.commands import print_posts

    print_posts(site, output_format, **filters)


@cli.command(short_help="Serve SITE to an AI agent over MCP (stdio).")
@SITE_ARGUMENT
@click.option("--read-only", is_flag=True, help="Offer only the tools that change nothing.")
@reports_errors
def mcp(site: Path, read_only: bool) -> None:
    """Serve SITE to an AI agent over the Model Context Protocol (stdio).

    An MCP client starts it as `wren mcp /path/to/site`; docs/agents.md lists the tools.
    """
    from wren.agent.commands import serve_mcp

    serve_mcp(site, read_only)


def _remember_check(site: Path) -> None:
    """Note that ``wren check`` ran on ``site``, so that builds stop suggesting it."""
    with contextlib.suppress(OSError):
        if (site / CONFIG_FILE).is_file():
            (site / CHECKED_STAMP).parent.mkdir(exist_ok=True)
            (site / CHECKED_STAMP).touch()


def main() -> None:
    cli(prog_name="wren")
