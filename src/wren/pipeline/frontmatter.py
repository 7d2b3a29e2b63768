"""Front matter: split from the body, loaded safely, validated into typed metadata.

YAML sits between ``---`` lines, TOML between ``+++`` lines. Dates without an offset are
taken as UTC; a date without a time is midnight UTC.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from wren.config import describe_value, find_key_line, toml_error
from wren.errors import ContentError, Diagnostic, ErrorGroup, Severity, SourceLocation
from wren.pipeline.simple_yaml import read_simple_yaml
from wren.pipeline.slug import slug_problem

__all__ = [
    "MANY_TAGS",
    "ChapterMeta",
    "CourseMeta",
    "FrontMatter",
    "PageMeta",
    "PostMeta",
    "UnknownKey",
    "date_from_path",
    "post_warnings",
    "split_front_matter",
    "validate_chapter",
    "validate_course",
    "validate_page",
    "validate_post",
]


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The raw front matter of a file, and where its body starts."""

    data: Mapping[str, Any]
    text: str
    format: Literal["yaml", "toml", "none"]
    body: str
    body_line: int  # 1-based line of the file on which the body starts


@dataclass(frozen=True, slots=True)
class PostMeta:
    title: str
    date: dt.datetime
    description: str | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False
    updated: dt.datetime | None = None
    slug: str | None = None
    aliases: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)
    unknown: tuple[UnknownKey, ...] = ()  # keys no field has; see UnknownKey
    compile_rust: bool | None = None  # None: as the site's [rust] settings say
    feed_id: str | None = None  # the id of its feed entries (an old feed's), else its URL


@dataclass(frozen=True, slots=True)
class ChapterMeta:
    title: str
    description: str | None = None
    draft: bool = False
    order: int | None = None
    updated: dt.datetime | None = None
    aliases: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)
    date: dt.datetime | None = None  # when the chapter was published, for feeds and the sitemap
    unknown: tuple[UnknownKey, ...] = ()  # keys no field has; see UnknownKey
    compile_rust: bool | None = None  # None: as the site's [rust] settings say
    feed_id: str | None = None  # the id of its feed entries (an old feed's), else its URL


@dataclass(frozen=True, slots=True)
class CourseMeta:
    title: str
    description: str | None = None
    draft: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)
    unknown: tuple[UnknownKey, ...] = ()  # keys no field has; see UnknownKey


@dataclass(frozen=True, slots=True)
class PageMeta:
    """A standalone page (``content/pages/``): no date, tags or reading time."""

    title: str
    description: str | None = None
    draft: bool = False
    updated: dt.datetime | None = None
    slug: str | None = None
    aliases: tuple[str, ...] = ()
    template: str | None = None  # the template to render it with; default page.html
    extra: Mapping[str, Any] = field(default_factory=dict)
    unknown: tuple[UnknownKey, ...] = ()  # keys no field has; see UnknownKey


_FENCES = {"---": "yaml", "+++": "toml"}
# stands in for a missing date while the file's other errors are collected
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def split_front_matter(text: str, path: str) -> FrontMatter:
    """Split a Markdown file into front matter and body; load the front matter safely."""
    text = text.removeprefix("\ufeff")
    first, _, rest = text.partition("\n")
    fence = first.rstrip()
    if fence not in _FENCES:
        return FrontMatter({}, "", "none", text, 1)
    closing = re.search(rf"^{re.escape(fence)}[ \t]*$", rest, flags=re.MULTILINE)
    if closing is None:
        raise ContentError(
            f"front matter opened with `{fence}` is never closed",
            SourceLocation(path, 1),
            hint=f"end the front matter with a line holding only `{fence}`",
        )
    matter = rest[: closing.start()]
    body = rest[closing.end() :].removeprefix("\n")
    body_line = matter.count("\n") + 3
    kind: Literal["yaml", "toml"] = "yaml" if fence == "---" else "toml"
    data = _load(matter, kind, path)
    return FrontMatter(data, matter, kind, body, body_line)


def _load(matter: str, kind: Literal["yaml", "toml"], path: str) -> Mapping[str, Any]:
    if kind == "toml":
        try:
            return tomllib.loads(matter)
        except tomllib.TOMLDecodeError as error:
            location, message, hint = toml_error(error, path, first_line=2)
            raise ContentError(f"invalid TOML front matter: {message}", location, hint) from None
    simple = read_simple_yaml(matter)
    if simple is not None:  # has no key twice, or it would have been refused
        return simple
    import yaml  # here, not above: a build whose files are all cached never needs it

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(matter, Loader=loader)
    except yaml.YAMLError as error:
        raise _yaml_error(error, matter, path) from None
    except ValueError as error:  # a date-like value that is no date, such as 2026-13-01
        line = _bad_date_line(matter)
        raise ContentError(
            f"invalid date in front matter: {error}",
            SourceLocation(path, line),
            hint="dates are written 2026-01-31, or 2026-01-31T09:30:00+02:00",
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ContentError(
            "front matter must be a table of `key: value` lines", SourceLocation(path, 2)
        )
    seen: set[str] = set()
    for number, written in enumerate(matter.splitlines(), start=2):
        found = re.match(r"([A-Za-z_][\w-]*)\s*:", written)
        if found is None:
            continue
        if found.group(1) in seen:
            raise ContentError(f"`{found.group(1)}` is set twice", SourceLocation(path, number))
        seen.add(found.group(1))
    return data


def _yaml_error(error: Exception, matter: str, path: str) -> ContentError:
    """A YAML syntax error at the line to fix, said as the fix.

    PyYAML notices an unclosed quote or list only where the text ends; its ``context_mark``
    is where the quote or list was opened, which is the line to fix.
    """
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None) or ""
    mark = getattr(error, "problem_mark", None)
    opened = getattr(error, "context_mark", None)
    hint = None
    if opened is not None and "quoted scalar" in context:
        mark, problem = opened, "a quote is opened and never closed"
        text = (matter.splitlines()[opened.line :] or [""])[0].rstrip()
        quote = text[opened.column] if opened.column < len(text) else '"'
        hint = f"close the quote on the same line: {text.strip()}{quote}"
    elif opened is not None and context.startswith("while parsing a flow"):
        mark, problem = opened, "a list or table is opened and never closed"
        hint = 'close it on the same line: tags: ["rust", "notes"]'
    elif "tab character" in problem:
        hint = "indent with spaces: YAML does not allow tabs there"
    elif "mapping values are not allowed" in problem:
        problem = "a value that contains `: ` needs quotes"
        hint = _quote_hint(matter, mark.line if mark is not None else None)
    last_line = matter.count("\n") + 1
    line = min(mark.line + 2, last_line) if mark is not None else None
    return ContentError(f"invalid YAML front matter: {problem}", SourceLocation(path, line), hint)


def _quote_hint(matter: str, index: int | None) -> str:
    lines = matter.splitlines()
    key, sep, value = lines[index].partition(": ") if index is not None else ("", "", "")
    if not sep or not value.strip() or value.strip()[0] in "\"'":
        return 'put the value in quotes: title: "Rust: the hard parts"'
    quoted = json.dumps(value.strip(), ensure_ascii=False)
    return f"put the value in quotes: {key}: {quoted}"


_DATE_LIKE = re.compile(r"^[^:#]+:\s*['\"]?(\d{4}-\d{1,2}-\d{1,2}[^'\"#]*)")


def _bad_date_line(matter: str) -> int:
    """The file line of the first date-like value that is not a valid date."""
    for number, line in enumerate(matter.splitlines(), start=2):
        found = _DATE_LIKE.match(line)
        if found is None:
            continue
        try:
            dt.datetime.fromisoformat(found.group(1).strip().replace(" ", "T", 1))
        except ValueError:
            return number
    return 1


@dataclass(frozen=True, slots=True)
class UnknownKey:
    """A front matter key that no field of its kind has: an error, or kept in ``extra``.

    Which of the two is the site's choice (``unknown_front_matter`` in ``site.toml``), made
    when the site is assembled; parsing a file never depends on the site's settings.
    """

    name: str
    value: Any
    line: int
    hint: str


class _Validator:
    """Checks one file's front matter against the fields its kind allows.

    Every problem of the file is collected, so that one run reports them all.
    """

    def __init__(self, matter: FrontMatter, path: str, allowed: tuple[str, ...]) -> None:
        self.matter = matter
        self.path = path
        self.allowed = allowed
        self.errors: list[ContentError] = []

    def where(self, key: str) -> SourceLocation:
        line = find_key_line(self.matter.text, key)
        return SourceLocation(self.path, line + 1 if line is not None else 1)

    def fail(self, message: str, where: SourceLocation, hint: str | None = None) -> None:
        self.errors.append(ContentError(message, where, hint))

    def finish(self) -> None:
        """Raise every problem found, at once."""
        ErrorGroup.raise_if_any(self.errors)

    def unknown_keys(self, kind: str) -> tuple[UnknownKey, ...]:
        found = []
        for key, value in self.matter.data.items():
            if key in self.allowed:
                continue
            close = _misspelt(str(key), self.allowed)
            hint = f"did you mean `{close}`? " if close else ""
            hint += f"{kind} fields: {', '.join(self.allowed)}; other values go under `extra`"
            line = self.where(str(key)).line or 1
            found.append(UnknownKey(str(key), value, line, hint))
        return tuple(found)

    def string(self, key: str, *, required: bool = False) -> str | None:
        value = self.matter.data.get(key)
        if value is None:
            if required:
                self.fail(f"missing required field `{key}`", SourceLocation(self.path, 1))
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(f"`{key}` must be text", self.where(key))
            return None
        text = str(value).strip()
        if required and not text:
            self.fail(f"`{key}` must not be empty", self.where(key))
        return text

    def slug(self) -> str | None:
        """``slug`` as written; only what cannot be one URL segment is refused."""
        slug = self.string("slug") or None
        problem = slug_problem(slug) if slug else None
        if problem:
            self.fail(
                f"the slug {slug!r} {problem}: it cannot be one segment of a URL",
                self.where("slug"),
                hint="use `-` between words; the slug is used as written, case and dots kept",
            )
        return slug

    def template(self) -> str | None:
        name = self.string("template") or None
        if name is not None and (not name.endswith(".html") or ".." in name.split("/")):
            self.fail(
                f"`template` must name a template file such as page.html, not {name!r}",
                self.where("template"),
                hint="put the template in the site's templates/ folder",
            )
            return None
        return name

    def boolean(self, key: str) -> bool:
        return self.optional_boolean(key) or False

    def feed_id(self) -> str | None:
        """``feed_id``: an absolute URI, as Atom requires of an id."""
        value = self.string("feed_id")
        if value and not _URI.fullmatch(value):
            self.fail(
                "`feed_id` must be an absolute URI, such as the post's old address",
                self.where("feed_id"),
                'feed_id: "https://old.example.org/2019/05/my-post/" (or "tag:…", "urn:…")',
            )
        return value or None

    def optional_boolean(self, key: str) -> bool | None:
        """True or false, or None when the key is not set."""
        if key not in self.matter.data:
            return None
        value = self.matter.data[key]
        if not isinstance(value, bool):
            self.fail(f"`{key}` must be true or false", self.where(key))
            return None
        return value

    def integer(self, key: str) -> int | None:
        value = self.matter.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"`{key}` must be a whole number", self.where(key))
            return None
        return value

    def strings(self, key: str, *, single: bool = False) -> tuple[str, ...]:
        """A list of strings; with ``single``, one string or number stands for a list of one
        (``tags: rust``), and numbers are text (``tags: [2019]``)."""
        value = self.matter.data.get(key, [])
        if single and _is_scalar(value):
            value = [value]
        if single and isinstance(value, list):
            value = [str(v) if _is_scalar(v) else v for v in value]
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            self.fail(
                f"`{key}` must be a list of strings", self.where(key), hint=f'{key}: ["a", "b"]'
            )
            return ()
        return tuple(dict.fromkeys(item.strip() for item in value))

    def table(self, key: str) -> Mapping[str, Any]:
        value = self.matter.data.get(key, {})
        if not isinstance(value, dict):
            self.fail(f"`{key}` must be a table of values", self.where(key))
            return {}
        return value

    def date(self, key: str, *, required: bool = False) -> dt.datetime | None:
        value = self.matter.data.get(key)
        if value is None:
            if required:
                self.fail(
                    f"missing required field `{key}`",
                    SourceLocation(self.path, 1),
                    hint=f"{key}: 2026-01-31 (or 2026-01-31T09:30:00+02:00), or name the file "
                    "YYYY-MM-DD-name.md",
                )
            return None
        parsed = _to_datetime(value)
        if parsed is None:
            self.fail(
                f"`{key}` must be a date such as 2026-01-31 or 2026-01-31T09:30:00+02:00, "
                f"not {_shown(value)}",
                self.where(key),
            )
        return parsed


def _misspelt(key: str, allowed: tuple[str, ...]) -> str | None:
    """The field ``key`` is a slip of the keyboard for: one edit away (two for long names).

    Only a slip gets a suggestion: ``tagz`` is ``tags``, but ``subtitle`` is not ``title``
    and ``images`` is not ``tags``.
    """
    from rapidfuzz.distance import DamerauLevenshtein

    best = min(allowed, key=lambda name: DamerauLevenshtein.distance(key.lower(), name))
    limit = 2 if len(best) >= 8 else 1
    return best if DamerauLevenshtein.distance(key.lower(), best) <= limit else None


def _is_scalar(value: object) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


_FILE_DATE = re.compile(r"(?:^|/)(\d{4}-\d{2}-\d{2})[-_][^/]*$")


def date_from_path(path: str) -> dt.datetime | None:
    """The date a file name (or a bundle's folder name) starts with: ``2026-01-31-name.md``.

    >>> date_from_path("content/posts/2026-01-31-hello/index.md")
    datetime.datetime(2026, 1, 31, 0, 0, tzinfo=datetime.timezone.utc)
    """
    stem = path.removesuffix("/index.md").removesuffix("/index.markdown")
    match = _FILE_DATE.search(stem)
    if match is None:
        return None
    try:
        return _to_datetime(dt.date.fromisoformat(match.group(1)))
    except ValueError:
        return None


def _shown(value: object) -> str:
    """A wrong value as the author wrote it, if it was text, else its kind."""
    return f"`{value}`" if isinstance(value, str) else describe_value(value)


def _to_datetime(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if isinstance(value, str):
        try:
            return _to_datetime(dt.datetime.fromisoformat(value.strip()))
        except ValueError:
            return None
    return None


_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"]+")

_POST_KEYS = (
    "title",
    "date",
    "description",
    "tags",
    "draft",
    "updated",
    "slug",
    "aliases",
    "extra",
    "compile_rust",
    "feed_id",
)
_CHAPTER_KEYS = (
    "title",
    "description",
    "draft",
    "order",
    "date",
    "updated",
    "aliases",
    "extra",
    "compile_rust",
    "feed_id",
)
_COURSE_KEYS = ("title", "description", "draft", "extra")
_PAGE_KEYS = ("title", "description", "draft", "updated", "slug", "aliases", "template", "extra")


def validate_post(matter: FrontMatter, path: str) -> PostMeta:
    """A post's front matter; its date may come from the file name (``2026-01-31-name.md``)."""
    check = _Validator(matter, path, _POST_KEYS)
    unknown = check.unknown_keys("post")
    from_name = date_from_path(path) if "date" not in matter.data else None
    date = from_name or check.date("date", required=True)
    updated = check.date("updated")
    if date is not None and updated is not None and updated < date:
        check.fail("`updated` is earlier than `date`", check.where("updated"))
    title = check.string("title", required=True)
    meta = PostMeta(
        title=title or "",
        date=date or _EPOCH,
        description=check.string("description") or None,
        tags=check.strings("tags", single=True),
        draft=check.boolean("draft"),
        updated=updated,
        slug=check.slug(),
        aliases=check.strings("aliases", single=True),
        extra=check.table("extra"),
        unknown=unknown,
        compile_rust=check.optional_boolean("compile_rust"),
        feed_id=check.feed_id(),
    )
    check.finish()
    return meta


# More tags than this on one post is a warning. Each tag is a page and two feeds, and feeds
# list at most this many tags of an entry, so that no tag's feed grows with a post's tag count.
MANY_TAGS = 50


def post_warnings(meta: PostMeta, matter: FrontMatter, path: str) -> tuple[Diagnostic, ...]:
    """What a post's front matter may hold but its author should hear of: too many tags."""
    if len(meta.tags) <= MANY_TAGS:
        return ()
    line = find_key_line(matter.text, "tags")
    where = SourceLocation(path, line + 1 if line is not None else 1)
    message = (
        f"{len(meta.tags):,} tags on one post: each tag makes a page and two feeds, "
        f"and feeds list only the first {MANY_TAGS}"
    )
    hint = f"keep the few tags a reader would browse by ({MANY_TAGS} at most)"
    return (Diagnostic(Severity.WARNING, where, message, "lint", hint),)


def validate_page(matter: FrontMatter, path: str) -> PageMeta:
    """A standalone page's front matter."""
    check = _Validator(matter, path, _PAGE_KEYS)
    unknown = check.unknown_keys("page")
    title = check.string("title", required=True)
    meta = PageMeta(
        title=title or "",
        description=check.string("description") or None,
        draft=check.boolean("draft"),
        updated=check.date("updated"),
        slug=check.slug(),
        aliases=check.strings("aliases", single=True),
        template=check.template(),
        extra=check.table("extra"),
        unknown=unknown,
    )
    check.finish()
    return meta


def validate_chapter(matter: FrontMatter, path: str) -> ChapterMeta:
    check = _Validator(matter, path, _CHAPTER_KEYS)
    unknown = check.unknown_keys("chapter")
    title = check.string("title", required=True)
    date, updated = check.date("date"), check.date("updated")
    if date is not None and updated is not None and updated < date:
        check.fail("`updated` is earlier than `date`", check.where("updated"))
    meta = ChapterMeta(
        title=title or "",
        description=check.string("description") or None,
        draft=check.boolean("draft"),
        order=check.integer("order"),
        updated=updated,
        aliases=check.strings("aliases", single=True),
        extra=check.table("extra"),
        date=date,
        unknown=unknown,
        compile_rust=check.optional_boolean("compile_rust"),
        feed_id=check.feed_id(),
    )
    check.finish()
    return meta


def validate_course(matter: FrontMatter, path: str, default_title: str) -> CourseMeta:
    check = _Validator(matter, path, _COURSE_KEYS)
    unknown = check.unknown_keys("course")
    meta = CourseMeta(
        title=check.string("title") or default_title,
        description=check.string("description") or None,
        draft=check.boolean("draft"),
        extra=check.table("extra"),
        unknown=unknown,
    )
    check.finish()
    return meta
