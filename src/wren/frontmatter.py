"""Front matter: split from the body, loaded safely, validated into typed metadata.

YAML sits between ``---`` lines, TOML between ``+++`` lines. Dates without an offset are
taken as UTC; a date without a time is midnight UTC.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from wren.config import find_key_line
from wren.errors import ContentError, SourceLocation

__all__ = [
    "ChapterMeta",
    "CourseMeta",
    "FrontMatter",
    "PostMeta",
    "split_front_matter",
    "validate_chapter",
    "validate_course",
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


@dataclass(frozen=True, slots=True)
class CourseMeta:
    title: str
    description: str | None = None
    draft: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)


_FENCES = {"---": "yaml", "+++": "toml"}


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
            match = re.search(r"at line (\d+)", str(error))
            line = int(match.group(1)) + 1 if match else 1
            message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
            raise ContentError(
                f"invalid TOML front matter: {message}", SourceLocation(path, line)
            ) from None
    import yaml  # here, not above: a build whose files are all cached never needs it

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(matter, Loader=loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        last_line = matter.count("\n") + 1
        line = min(mark.line + 2, last_line) if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ContentError(
            f"invalid YAML front matter: {problem}", SourceLocation(path, line)
        ) from None
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


class _Validator:
    """Checks one file's front matter against the fields its kind allows."""

    def __init__(self, matter: FrontMatter, path: str, allowed: tuple[str, ...]) -> None:
        self.matter = matter
        self.path = path
        self.allowed = allowed

    def where(self, key: str) -> SourceLocation:
        line = find_key_line(self.matter.text, key)
        return SourceLocation(self.path, line + 1 if line is not None else 1)

    def check_keys(self, kind: str) -> None:
        for key in self.matter.data:
            if key in self.allowed:
                continue
            close = difflib.get_close_matches(str(key), self.allowed, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else ""
            hint += (" " if hint else "") + f"{kind} fields: {', '.join(self.allowed)}"
            raise ContentError(f"unknown front matter key `{key}`", self.where(str(key)), hint)

    def string(self, key: str, *, required: bool = False) -> str | None:
        value = self.matter.data.get(key)
        if value is None:
            if required:
                location = SourceLocation(self.path, 1)
                raise ContentError(f"missing required field `{key}`", location)
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ContentError(f"`{key}` must be text", self.where(key))
        text = str(value).strip()
        if required and not text:
            raise ContentError(f"`{key}` must not be empty", self.where(key))
        return text

    def boolean(self, key: str) -> bool:
        value = self.matter.data.get(key, False)
        if not isinstance(value, bool):
            raise ContentError(f"`{key}` must be true or false", self.where(key))
        return value

    def integer(self, key: str) -> int | None:
        value = self.matter.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ContentError(f"`{key}` must be a whole number", self.where(key))
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.matter.data.get(key, [])
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            raise ContentError(
                f"`{key}` must be a list of strings", self.where(key), hint=f'{key}: ["a", "b"]'
            )
        return tuple(dict.fromkeys(item.strip() for item in value))

    def table(self, key: str) -> Mapping[str, Any]:
        value = self.matter.data.get(key, {})
        if not isinstance(value, dict):
            raise ContentError(f"`{key}` must be a table of values", self.where(key))
        return value

    def date(self, key: str, *, required: bool = False) -> dt.datetime | None:
        value = self.matter.data.get(key)
        if value is None:
            if required:
                raise ContentError(
                    f"missing required field `{key}`",
                    SourceLocation(self.path, 1),
                    hint=f"{key}: 2026-01-31 (or 2026-01-31T09:30:00+02:00)",
                )
            return None
        parsed = _to_datetime(value)
        if parsed is None:
            raise ContentError(
                f"`{key}` must be a date such as 2026-01-31 or 2026-01-31T09:30:00+02:00, "
                f"not {value!r}",
                self.where(key),
            )
        return parsed


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
)
_COURSE_KEYS = ("title", "description", "draft", "extra")


def validate_post(matter: FrontMatter, path: str) -> PostMeta:
    check = _Validator(matter, path, _POST_KEYS)
    check.check_keys("post")
    date = check.date("date", required=True)
    assert date is not None
    updated = check.date("updated")
    if updated is not None and updated < date:
        raise ContentError("`updated` is earlier than `date`", check.where("updated"))
    title = check.string("title", required=True)
    assert title is not None
    return PostMeta(
        title=title,
        date=date,
        description=check.string("description") or None,
        tags=check.strings("tags"),
        draft=check.boolean("draft"),
        updated=updated,
        slug=check.string("slug") or None,
        aliases=check.strings("aliases"),
        extra=check.table("extra"),
    )


def validate_chapter(matter: FrontMatter, path: str) -> ChapterMeta:
    check = _Validator(matter, path, _CHAPTER_KEYS)
    check.check_keys("chapter")
    title = check.string("title", required=True)
    assert title is not None
    date, updated = check.date("date"), check.date("updated")
    if date is not None and updated is not None and updated < date:
        raise ContentError("`updated` is earlier than `date`", check.where("updated"))
    return ChapterMeta(
        title=title,
        description=check.string("description") or None,
        draft=check.boolean("draft"),
        order=check.integer("order"),
        updated=updated,
        aliases=check.strings("aliases"),
        extra=check.table("extra"),
        date=date,
    )


def validate_course(matter: FrontMatter, path: str, default_title: str) -> CourseMeta:
    check = _Validator(matter, path, _COURSE_KEYS)
    check.check_keys("course")
    return CourseMeta(
        title=check.string("title") or default_title,
        description=check.string("description") or None,
        draft=check.boolean("draft"),
        extra=check.table("extra"),
    )
