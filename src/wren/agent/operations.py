"""What an agent can do with a site, with the same rules as a person and stricter guard rails.

Every operation takes a :class:`~wren.agent.workspace.Workspace` and plain values, and
returns a frozen dataclass that serialises to JSON as it is (``dataclasses.asdict``).
A request Wren refuses raises :class:`~wren.agent.files.AgentError` with a message and a
hint; content problems found along the way are returned as diagnostics, never raised.

The guard rails a person gets as warnings are refusals here:

- a new post that :func:`find_similar` calls the same article as an existing one is not
  written unless the call says why it is distinct (``distinct_because``); a post with the
  very same title is never written (the build would refuse it);
- an update names the revision it read, and is refused if the file changed since;
- nothing is ever deleted: a post is retired by :func:`unpublish_post` (``draft: true``,
  and optionally its URL redirected to the post that replaces it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wren.agent.files import AgentError, atomic_create, atomic_write, content_path, revision_of
from wren.agent.frontmatter_edit import render_file, updated_file
from wren.agent.workspace import Entry, Snapshot, Workspace
from wren.errors import Diagnostic, WrenError

__all__ = [
    "BuildSummary",
    "CheckSummary",
    "Created",
    "Match",
    "NewPage",
    "PostSummary",
    "PostText",
    "SiteInfo",
    "Updated",
    "build",
    "check",
    "create_chapter",
    "create_post",
    "find_similar",
    "list_posts",
    "read_post",
    "site_info",
    "unpublish_post",
    "update_post",
]

MAX_SLUG = 80  # characters; longer titles are cut at a word boundary for the file name


@dataclass(frozen=True, slots=True)
class CourseInfo:
    name: str
    title: str
    url: str
    chapters: int


@dataclass(frozen=True, slots=True)
class TagInfo:
    name: str
    url: str
    posts: int


@dataclass(frozen=True, slots=True)
class SiteInfo:
    title: str
    tagline: str
    base_url: str
    language: str
    posts: int  # published, drafts and scheduled posts left out
    drafts: int
    scheduled: int
    chapters: int
    courses: tuple[CourseInfo, ...]
    tags: tuple[TagInfo, ...]
    words_per_minute: int
    summary_length: int
    errors: tuple[str, ...]  # problems that stop the site from building, as path:line: message


@dataclass(frozen=True, slots=True)
class PostSummary:
    path: str
    kind: str
    title: str
    date: str | None
    url: str | None
    summary: str
    reading_minutes: int
    tags: tuple[str, ...]
    draft: bool
    course: str | None


@dataclass(frozen=True, slots=True)
class PostText:
    path: str
    revision: str
    front_matter: Mapping[str, Any]
    body: str


@dataclass(frozen=True, slots=True)
class Match:
    """An existing post or chapter that looks like the same article."""

    path: str
    title: str
    url: str | None
    date: str | None
    verdict: str  # "same article", "close" or "another edition"
    kind: str  # "same-title", "near-title", "shared-part", "near-body", "rewritten" or "edition"
    title_score: float
    body_score: float
    reason: str


@dataclass(frozen=True, slots=True)
class DiagnosticData:
    severity: str
    path: str
    line: int | None
    column: int | None
    message: str
    check: str
    hint: str | None

    @classmethod
    def of(cls, diagnostic: Diagnostic) -> DiagnosticData:
        where = diagnostic.location
        return cls(
            str(diagnostic.severity),
            where.path,
            where.line,
            where.column,
            diagnostic.message,
            diagnostic.check,
            diagnostic.hint,
        )


@dataclass(frozen=True, slots=True)
class NewPage:
    """What a new post or chapter says; ``None`` leaves a field out of its front matter."""

    title: str
    body: str
    description: str | None = None
    tags: tuple[str, ...] = ()
    date: str | None = None  # YYYY-MM-DD or an ISO date-time; default: today
    draft: bool = False
    slug: str | None = None
    distinct_because: str | None = None


@dataclass(frozen=True, slots=True)
class Created:
    status: str  # "created" or "refused"
    message: str
    path: str | None = None
    url: str | None = None
    revision: str | None = None
    matches: tuple[Match, ...] = ()
    diagnostics: tuple[DiagnosticData, ...] = ()


@dataclass(frozen=True, slots=True)
class Updated:
    path: str
    revision: str
    url: str | None
    diagnostics: tuple[DiagnosticData, ...]


@dataclass(frozen=True, slots=True)
class CheckSummary:
    ok: bool  # no errors
    errors: int
    warnings: int
    infos: int
    diagnostics: tuple[DiagnosticData, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BuildSummary:
    output_dir: str
    pages: int
    files: int
    written: int
    unchanged: int
    removed: int
    seconds: float
    changed_urls: tuple[str, ...]
    warnings: tuple[DiagnosticData, ...] = ()  # what `wren build` warns of: symlinks, tags, ...


# Reading ---------------------------------------------------------------------------------


def site_info(workspace: Workspace) -> SiteInfo:
    """The site's settings and what it holds."""
    snap = workspace.snapshot()
    config, now = snap.config, workspace.now()
    posts = [e for e in snap.entries if e.kind == "post"]
    courses: tuple[CourseInfo, ...] = ()
    tags: tuple[TagInfo, ...] = ()
    if snap.site is not None:
        courses = tuple(
            CourseInfo(c.key, c.title, c.url, len(c.chapters)) for c in snap.site.courses
        )
        tags = tuple(TagInfo(t.name, t.url, len(t.posts)) for t in snap.site.tags)
    return SiteInfo(
        title=config.title,
        tagline=config.tagline,
        base_url=config.base_url,
        language=config.language,
        posts=sum(1 for e in posts if not e.draft and (e.date is None or e.date <= now)),
        drafts=sum(1 for e in posts if e.draft),
        scheduled=sum(1 for e in posts if not e.draft and e.date is not None and e.date > now),
        chapters=sum(1 for e in snap.entries if e.kind == "chapter"),
        courses=courses,
        tags=tags,
        words_per_minute=config.words_per_minute,
        summary_length=config.summary_length,
        errors=tuple(str(error).splitlines()[0] for error in snap.errors),
    )


def list_posts(
    workspace: Workspace,
    *,
    tag: str | None = None,
    course: str | None = None,
    year: int | None = None,
    draft: bool | None = None,
    text: str | None = None,
    limit: int | None = None,
) -> list[PostSummary]:
    """Posts newest first, then chapters (with ``course``); every filter given must match."""
    snap = workspace.snapshot()
    entries = [e for e in snap.entries if e.kind == "post"][::-1]
    if course is not None:
        entries = [e for e in snap.entries if e.kind == "chapter" and e.course == course]
    wanted = text.casefold() if text else None
    tag_key = tag.casefold() if tag else None
    found = [
        e
        for e in entries
        if (tag_key is None or tag_key in (t.casefold() for t in e.tags))
        and (year is None or (e.date is not None and e.date.year == year))
        and (draft is None or e.draft == draft)
        and (wanted is None or wanted in e.title.casefold() or wanted in e.text.casefold())
    ]
    return [_summary(e) for e in found[:limit]]


def read_post(workspace: Workspace, path: str) -> PostText:
    """A post's or chapter's front matter and body, with the revision an update must name."""
    file = content_path(workspace.site_dir, path)
    data = _read_bytes(file, path)
    from wren.pipeline.frontmatter import split_front_matter

    try:
        matter = split_front_matter(data.decode("utf-8"), path)
    except UnicodeDecodeError:
        raise AgentError(f"{path} is not UTF-8 text") from None
    return PostText(path, revision_of(data), _json_safe(matter.data), matter.body.lstrip("\n"))


def find_similar(
    workspace: Workspace, title: str, body: str | None = None, *, exclude: str | None = None
) -> list[Match]:
    """Existing posts and chapters that look like the same article as ``title`` and ``body``.

    Empty when nothing is close. ``exclude`` leaves out one path (the post being updated).
    """
    return _matches(workspace, workspace.snapshot(), title, body or "", exclude)


def _matches(
    workspace: Workspace, snap: Snapshot, title: str, body: str, exclude: str | None
) -> list[Match]:
    from wren.pipeline.markdown import html_to_text
    from wren.similarity.similar import find_similar_in

    text = html_to_text(workspace.render(body).html) if body.strip() else ""
    index = workspace.similarity_index(snap)
    existing = {e.path: e for e in snap.entries}
    return [
        Match(
            path=m.document.path,
            title=m.document.title,
            url=existing[m.document.path].url,
            date=_date(existing[m.document.path].date),
            verdict=m.verdict,
            kind=m.kind,
            title_score=round(m.title_score, 3),
            body_score=round(m.body_score, 3),
            reason="; ".join(m.reasons),
        )
        for m in find_similar_in(index, title, text, exclude)
    ]


# Writing ---------------------------------------------------------------------------------


def create_post(workspace: Workspace, page: NewPage) -> Created:
    """Write ``content/posts/YYYY-MM-DD-slug.md``, unless it repeats an existing post."""
    from wren.pipeline.slug import slugify

    _check_page(page)
    date = _parse_date(page.date) if page.date else workspace.now()
    slug = _cut_slug(slugify(page.slug if page.slug else page.title))
    if not slug:
        raise AgentError(
            "the title gives an empty file name", hint="pass a `slug` of letters or digits"
        )
    rel = f"content/posts/{date:%Y-%m-%d}-{slug}.md"
    fields: dict[str, Any] = {"title": page.title, "date": _date_value(page.date, date)}
    return _create(workspace, rel, fields, page)


def create_chapter(workspace: Workspace, course: str, page: NewPage) -> Created:
    """Write the course's next numbered chapter, unless it repeats an existing page."""
    from wren.pipeline.slug import number_prefix, slugify

    _check_page(page)
    if not course or "/" in course or "\\" in course or course in (".", "..") or "\x00" in course:
        raise AgentError(f"not a course name: {course!r}", hint="use a folder of content/courses/")
    folder = content_path(workspace.site_dir, f"content/courses/{course}/_index.md").parent
    if not folder.is_dir():
        snap = workspace.snapshot()
        known = sorted({e.course for e in snap.entries if e.course})
        raise AgentError(
            f"no course {course!r} in content/courses/",
            hint=f"courses: {', '.join(known)}" if known else "create the course folder first",
        )
    numbers = [number_prefix(p.stem) or 0 for p in folder.glob("*.md") if p.name != "_index.md"]
    number = max(numbers, default=0) + 1
    slug = _cut_slug(slugify(page.slug if page.slug else page.title))
    if not slug:
        raise AgentError(
            "the title gives an empty file name", hint="pass a `slug` of letters or digits"
        )
    rel = f"content/courses/{course}/{number:0{max(2, len(str(number)))}d}-{slug}.md"
    return _create(workspace, rel, {"title": page.title}, dataclasses.replace(page, tags=()))


def _create(workspace: Workspace, rel: str, fields: dict[str, Any], page: NewPage) -> Created:
    file = content_path(workspace.site_dir, rel)
    snap = workspace.snapshot()
    matches = _matches(workspace, snap, page.title, page.body, None)
    refusal = _refusal(matches, page.distinct_because)
    if refusal is not None:
        return Created("refused", refusal, matches=tuple(matches))
    if file.exists():
        raise AgentError(f"{rel} already exists", hint="pass another `slug`, or update that file")
    if page.description is not None:
        fields["description"] = page.description
    if page.tags:
        fields["tags"] = list(page.tags)
    if page.draft:
        fields["draft"] = True
    if page.slug:
        fields["slug"] = page.slug
    if page.distinct_because and matches:
        fields["extra"] = {"distinct_because": page.distinct_because}
    text = render_file(fields, page.body)
    validated = workspace.validate(rel, text, snap)
    atomic_create(file, text)
    return Created(
        "created",
        f"wrote {rel}",
        path=rel,
        url=validated.url,
        revision=revision_of(text.encode("utf-8")),
        matches=tuple(matches),
        diagnostics=tuple(DiagnosticData.of(d) for d in validated.diagnostics),
    )


def _refusal(matches: Sequence[Match], distinct_because: str | None) -> str | None:
    """Why a new page must not be written, or None: a repeated title always, the same or a
    close article unless the caller says how it differs. Another year's edition is allowed."""
    same_title = [m for m in matches if m.kind == "same-title"]
    if same_title:
        first = same_title[0]
        return (
            f"refused: {first.path} already has this title ({first.title!r}); "
            "a post published twice is never written. If it is a different article, "
            "give it a title that tells them apart; to change that post, use update_post"
        )
    alike = [m for m in matches if m.verdict != "another edition"]
    if alike and not (distinct_because and distinct_because.strip()):
        first = alike[0]
        return (
            f"refused: this looks like the same article as {first.path} ({first.title!r}): "
            f"{first.reason}. If it is a different article, call again with "
            "`distinct_because` saying how it differs; to change that post, use update_post"
        )
    return None


def update_post(
    workspace: Workspace,
    path: str,
    revision: str,
    changes: Mapping[str, Any],
    body: str | None = None,
    distinct_because: str | None = None,
) -> Updated:
    """Change a post's front matter fields and/or body, if it is still at ``revision``.

    ``changes`` maps front matter keys to new values (``None`` removes a key). A new title
    that repeats another post is refused as for :func:`create_post`.
    """
    file = content_path(workspace.site_dir, path)
    data = _read_bytes(file, path)
    if revision_of(data) != revision:
        raise AgentError(
            f"{path} changed since revision {revision} was read; nothing was written",
            hint="call read_post again and apply the change to what it returns",
        )
    snap = workspace.snapshot()
    title = changes.get("title")
    if isinstance(title, str):
        new_body = body if body is not None else ""
        matches = _matches(workspace, snap, title, new_body, path)
        refusal = _refusal(matches, distinct_because)
        if refusal is not None:
            raise AgentError(refusal, hint="nothing was written")
    text = updated_file(data.decode("utf-8"), path, changes, body)
    validated = workspace.validate(path, text, snap)
    if revision_of(file.read_bytes()) != revision:  # changed while we worked
        raise AgentError(f"{path} changed while it was being updated; nothing was written")
    atomic_write(file, text)
    return Updated(
        path,
        revision_of(text.encode("utf-8")),
        validated.url,
        tuple(DiagnosticData.of(d) for d in validated.diagnostics),
    )


def unpublish_post(
    workspace: Workspace, path: str, revision: str, redirect_to: str | None = None
) -> Updated:
    """Take a post off the site without deleting it: ``draft: true``.

    With ``redirect_to`` (the path of the post that replaces it), the retired post's URL
    becomes an alias of that post, so links to it keep working.
    """
    snap = workspace.snapshot()
    retired = snap.entry(path)
    result = update_post(workspace, path, revision, {"draft": True})
    if redirect_to is None:
        return result
    keeper = snap.entry(redirect_to)
    if keeper is None or keeper.kind != "post":
        raise AgentError(f"{redirect_to!r} is not a post of this site", hint="see list_posts")
    if retired is None or retired.url is None:
        return result
    current = read_post(workspace, redirect_to)
    aliases = list(current.front_matter.get("aliases") or [])
    if retired.url not in aliases:
        aliases.append(retired.url)
    update_post(workspace, redirect_to, current.revision, {"aliases": aliases})
    return result


# Checking and building ------------------------------------------------------------------


def check(workspace: Workspace, only: Sequence[str] = (), path: str | None = None) -> CheckSummary:
    """Run ``wren check`` (all checks, or ``only`` these) on the site or one file of it."""
    from wren.check.run import CHECKS, CheckOptions, run_checks
    from wren.errors import Severity

    unknown = sorted(set(only) - set(CHECKS))
    if unknown:
        raise AgentError(f"unknown check {unknown[0]!r}", hint=f"checks: {', '.join(CHECKS)}")
    if path is not None:
        content_path(workspace.site_dir, path)
    checks = frozenset(only) if only else frozenset(CHECKS)
    report = run_checks(workspace.site_dir, CheckOptions(checks=checks))
    found = [d for d in report.diagnostics if path is None or d.location.path == path]
    return CheckSummary(
        ok=not any(d.severity is Severity.ERROR for d in found),
        errors=sum(1 for d in found if d.severity is Severity.ERROR),
        warnings=sum(1 for d in found if d.severity is Severity.WARNING),
        infos=sum(1 for d in found if d.severity is Severity.INFO),
        diagnostics=tuple(DiagnosticData.of(d) for d in found),
        notes=report.notes,
    )


def build(workspace: Workspace, output_dir: Path | None = None) -> BuildSummary:
    """Build the site (into ``output_dir``, default ``public/``) and say which pages changed."""
    from wren.build import BuildOptions, build_site

    out_dir = output_dir or workspace.site_dir / "public"
    before = _stamps(out_dir)
    result = build_site(workspace.site_dir, BuildOptions(output_dir=output_dir))
    after = _stamps(out_dir)
    changed = sorted(_page_url(rel) for rel, stamp in after.items() if before.get(rel) != stamp)
    stats = result.stats
    return BuildSummary(
        output_dir=str(result.output_dir),
        pages=result.pages,
        files=result.files,
        written=stats.written,
        unchanged=stats.unchanged,
        removed=stats.removed,
        seconds=round(result.seconds, 3),
        changed_urls=tuple(changed),
        warnings=tuple(DiagnosticData.of(warning) for warning in result.warnings),
    )


# Helpers ---------------------------------------------------------------------------------


def _summary(entry: Entry) -> PostSummary:
    return PostSummary(
        path=entry.path,
        kind=entry.kind,
        title=entry.title,
        date=_date(entry.date),
        url=entry.url,
        summary=entry.summary,
        reading_minutes=entry.reading_minutes,
        tags=entry.tags,
        draft=entry.draft,
        course=entry.course,
    )


def _check_page(page: NewPage) -> None:
    if not page.title.strip():
        raise AgentError("the title is empty", hint="give the post a title")
    if "\n" in page.title or "\r" in page.title:
        raise AgentError("the title has a line break", hint="a title is one line")
    if "\x00" in page.body or "\x00" in page.title:
        raise AgentError("the text holds a NUL character", hint="remove it")
    for tag in page.tags:
        if not tag.strip():
            raise AgentError("a tag is empty", hint="leave it out")


def _cut_slug(slug: str) -> str:
    if len(slug) <= MAX_SLUG:
        return slug
    cut = slug[:MAX_SLUG]
    return cut.rsplit("-", 1)[0] if "-" in cut else cut


def _parse_date(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise AgentError(
            f"not a date: {text!r}", hint="write 2026-01-31 or 2026-01-31T09:30:00+02:00"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _date_value(text: str | None, date: dt.datetime) -> dt.date | dt.datetime:
    if text is None or len(text.strip()) <= 10:
        return date.date()
    return date


def _date(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _read_bytes(file: Path, path: str) -> bytes:
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise AgentError(f"{path} does not exist", hint="see list_posts for the paths") from None
    except OSError as error:
        raise AgentError(f"cannot read {path}: {error.strerror}") from None


def _json_safe(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value


def _stamps(out_dir: Path) -> dict[str, tuple[int, int]]:
    import os

    found: dict[str, tuple[int, int]] = {}
    base = len(str(out_dir)) + 1
    for root, _folders, files in os.walk(out_dir):
        for name in files:
            if not name.endswith(".html"):
                continue
            full = os.path.join(root, name)
            try:
                info = os.stat(full)
            except OSError:
                continue
            found[full[base:].replace(os.sep, "/")] = (info.st_mtime_ns, info.st_size)
    return found


def _page_url(rel: str) -> str:
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel.removesuffix("index.html")
    return "/" + rel


def error_text(error: WrenError) -> str:
    """An error as an agent reads it: ``path:line: message``, then the hint."""
    return str(error)
