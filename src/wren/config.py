"""Site settings: ``site.toml`` read, validated and frozen."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import tomllib
import urllib.parse
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from wren.errors import ConfigError, ErrorGroup, SourceLocation, WrenError

__all__ = [
    "CONFIG_FILE",
    "PERMALINK_TOKENS",
    "NavLink",
    "Permalinks",
    "SiteConfig",
    "describe_value",
    "find_key_line",
    "load_config",
    "parse_config",
    "toml_error",
]

CONFIG_FILE = "site.toml"
CACHE_DIR = ".wren-cache"  # in the site folder: what makes the next build cheap
MAX_PAGINATE = 10_000  # posts on one listing page

# The tokens each kind's permalink pattern may use (see ``pipeline.urls``).
PERMALINK_TOKENS: dict[str, tuple[str, ...]] = {
    "posts": ("year", "month", "day", "slug", "title"),
    "chapters": ("course", "slug", "title"),
    "pages": ("path", "slug", "title"),
    "tags": ("slug",),
}


@dataclass(frozen=True, slots=True)
class Permalinks:
    """The URL pattern of each kind of page: ``[permalinks]`` in ``site.toml``."""

    posts: str = "/posts/:slug/"
    chapters: str = "/courses/:course/:slug/"
    pages: str = "/:path/"
    tags: str = "/tags/:slug/"


@dataclass(frozen=True, slots=True)
class NavLink:
    """One entry of the site's navigation: ``[[nav]]`` in ``site.toml``."""

    name: str
    url: str  # a site path such as ``/about/``, or an http(s) address
    line: int | None = field(default=None, compare=False)  # of ``url`` in site.toml

    @property
    def external(self) -> bool:
        return not self.url.startswith("/")


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Settings of one site, with the documented defaults."""

    title: str
    base_url: str = "http://localhost/"
    tagline: str = ""
    author: str = ""
    language: str = "en"
    words_per_minute: int = 200
    summary_length: int = 150
    feed_limit: int = 20
    feed_content: str = "full"
    paginate: int = 0
    search: bool = True
    unknown_front_matter: str = "error"  # "error", or "extra": kept in the page's `extra`
    # (old feed address, the path of the feed it copies, the line of site.toml that says so)
    feed_aliases: tuple[tuple[str, str, int], ...] = ()
    heading_ids: str = "wren"  # "wren", "github" or "zola": whose rule makes heading ids
    smart_punctuation: bool = False  # -- to an en dash, "quotes" to curly quotes
    permalinks: Permalinks = Permalinks()
    nav: tuple[NavLink, ...] = ()  # empty: the theme's own (posts, courses, tags)

    @property
    def base_path(self) -> str:
        """The path part of ``base_url``, always ending in ``/`` (``/`` for a site at the root)."""
        return _url_path(self.base_url)

    def site_url(self, url: str) -> str:
        """A site path such as ``/posts/x/`` as linked from pages: under ``base_url``'s path."""
        return self.base_path + url.lstrip("/")

    def absolute_url(self, url: str) -> str:
        """A site path such as ``/posts/x/`` as an absolute URL under ``base_url``."""
        return self.base_url.rstrip("/") + "/" + url.lstrip("/")


_EXPECTED_TYPES: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "base_url": str,
    "tagline": str,
    "author": str,
    "language": str,
    "words_per_minute": int,
    "summary_length": int,
    "feed_limit": int,
    "feed_content": str,
    "paginate": int,
    "search": bool,
    "feed_aliases": dict,
    "unknown_front_matter": str,
    "heading_ids": str,
    "smart_punctuation": bool,
    "permalinks": dict,
    "nav": list,
}


@functools.lru_cache(maxsize=16)
def _url_path(url: str) -> str:
    match = re.match(r"^[a-z]+://[^/]+(/.*)?$", url)
    path = (match.group(1) if match else None) or "/"
    return path if path.endswith("/") else path + "/"


def find_key_line(text: str, key: str) -> int | None:
    """The 1-based line on which a TOML or YAML key is set, if it can be found."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*[=:]")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def load_config(site_dir: Path) -> SiteConfig:
    """Read ``site.toml`` from a site folder."""
    path = site_dir / CONFIG_FILE
    if not site_dir.is_dir():
        raise ConfigError(
            f"the folder {site_dir} does not exist",
            hint="pass the folder of a site, or run `wren new SITE` to start one",
        )
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is allowed
    except FileNotFoundError:
        raise ConfigError(
            f"no {CONFIG_FILE} in {site_dir}",
            SourceLocation(CONFIG_FILE),
            hint="run `wren new SITE` to start a site, or pass the site folder",
        ) from None
    except IsADirectoryError:
        raise ConfigError(
            f"{CONFIG_FILE} is a folder, not a file",
            SourceLocation(CONFIG_FILE),
            hint=f"remove the folder and write the settings in a file named {CONFIG_FILE}",
        ) from None
    except OSError as error:
        raise ConfigError(
            f"cannot read {CONFIG_FILE}: {error.strerror}",
            SourceLocation(CONFIG_FILE),
            hint="check its permissions (it must be readable by you)",
        ) from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"not UTF-8 text ({error.reason})", SourceLocation(CONFIG_FILE)) from None
    return parse_config(text)


def parse_config(text: str) -> SiteConfig:
    """Validate the text of a ``site.toml``; every error names its line."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        location, message, hint = toml_error(error, CONFIG_FILE)
        raise ConfigError(f"invalid TOML: {message}", location, hint) from None
    allowed = [f.name for f in fields(SiteConfig)]
    values: dict[str, Any] = {}
    errors: list[WrenError] = []
    for key, value in raw.items():
        where = SourceLocation(CONFIG_FILE, find_key_line(text, key))
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean `{close[0]}`? " if close else ""
            errors.append(
                ConfigError(
                    f"unknown key `{key}`", where, hint=f"{hint}allowed keys: {', '.join(allowed)}"
                )
            )
            continue
        try:
            values[key] = _checked(key, value, where)
            if key == "feed_aliases":
                values[key] = _feed_aliases(value, where)
            elif key == "permalinks":
                values[key] = _permalinks(value, text, errors)
            elif key == "nav":
                values[key] = _nav(value, text, errors)
        except ConfigError as error:
            errors.append(error)
    if isinstance(values.get("base_url"), str):  # HTTPS://x/ is https://x/
        scheme, colon, rest = values["base_url"].partition(":")
        values["base_url"] = scheme.lower() + colon + rest
    if "title" not in raw:
        errors.append(ConfigError("missing required key `title`", SourceLocation(CONFIG_FILE, 1)))
    # Every setting is checked, so that one run reports every error.
    errors += _range_errors(SiteConfig(**{"title": "", **values}), text)
    ErrorGroup.raise_if_any(errors)
    return SiteConfig(**values)


def _checked(key: str, value: object, where: SourceLocation) -> object:
    expected = _EXPECTED_TYPES[key]
    if not isinstance(value, expected) or (isinstance(value, bool) and expected is int):
        name = {
            str: "text in quotes",
            int: "a whole number",
            bool: "true or false",
            dict: "a table",
            list: "a list of tables",
        }[expected]  # type: ignore[index]
        examples = {
            str: f'{key} = "..."',
            int: f"{key} = 10",
            bool: f"{key} = true",
            dict: f'{key} = {{ "a" = "b" }}',
            list: f'[[{key}]] name = "About" url = "/about/"',
        }
        raise ConfigError(
            f"`{key}` must be {name}, not {describe_value(value)}",
            where,
            hint=examples[expected],  # type: ignore[index]
        )
    return value


def describe_value(value: object) -> str:
    """A value's kind as a site's author writes it (no Python type names)."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a table of keys"
    if isinstance(value, dt.date | dt.time):
        return "a date or time"
    return "a value of another kind"


# What tomllib's messages mean, said as a fix.
_TOML_HINTS = (
    ("Illegal character '\\n'", "a string's closing quote is missing: close it on the same line"),
    ("Invalid value", 'text needs quotes: key = "value"; lists are written ["a", "b"]'),
    ("Expected '=' after a key", "each line is `key = value`"),
    ("Cannot overwrite a value", "each key is set once"),
    ("Cannot declare", "each table is declared once"),
    ("Unclosed array", "close the list with `]`"),
    ("Unterminated string", 'close the string with `"""`'),
)
_TOML_TABLE = re.compile(r"\(((?:'[^']*',?\s*)+)\)")


def toml_error(
    error: tomllib.TOMLDecodeError, path: str, first_line: int = 1
) -> tuple[SourceLocation, str, str]:
    """A TOML syntax error as a place, a message and a hint.

    ``first_line`` is the file line on which the TOML text starts (2 for front matter).
    """
    text = str(error)
    found = re.search(r"\(at line (\d+), column (\d+)\)", text)
    message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", text)
    message = _TOML_TABLE.sub(
        lambda m: "[" + ".".join(re.findall(r"'([^']*)'", m[1])) + "]", message
    )
    hint = next((fix for start, fix in _TOML_HINTS if message.startswith(start)), None)
    if message.startswith("Illegal character '\\n'"):
        message = "the line ends inside a quoted string"
    hint = hint or 'TOML lines are `key = value`, with text in quotes: title = "My Site"'
    if found is None:
        return SourceLocation(path), message, hint
    line = int(found.group(1)) + first_line - 1
    return SourceLocation(path, line, int(found.group(2))), message, hint


def _feed_aliases(
    table: dict[str, object], where: SourceLocation
) -> tuple[tuple[str, str, int], ...]:
    pairs = []
    for old, new in table.items():
        if not isinstance(new, str):
            raise ConfigError(
                f"`feed_aliases` maps an old address to a feed's path, such as "
                f'"/index.xml" = "/rss.xml"; {old!r} maps to {new!r}',
                where,
            )
        pairs.append((old, new, where.line or 1))
    return tuple(pairs)


def _table_line(text: str, table: str, key: str | None = None, index: int = 0) -> int | None:
    """The line of ``[table]`` (the ``index``-th ``[[table]]``), or of ``key`` inside it."""
    header = re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?\s*(#.*)?$")
    lines = text.splitlines()
    starts = [number for number, line in enumerate(lines, start=1) if header.match(line)]
    if index >= len(starts):
        return find_key_line(text, table)
    start = starts[index]
    if key is None:
        return start
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.lstrip().startswith("["):
            break
        if re.match(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return number
    return start


_TOKEN = re.compile(r":([A-Za-z_]+)")


def permalink_problem(kind: str, pattern: str) -> str | None:
    """What is wrong with ``pattern`` as the permalink of ``kind``; None when it is fine."""
    allowed = PERMALINK_TOKENS[kind]
    if not pattern.startswith("/"):
        return "must start with /"
    ending = ("/",) if kind == "tags" else ("/", ".html")
    if not pattern.endswith(ending):
        made = "a folder" if kind == "tags" else "a folder, or in .html for a file"
        return f"must end in / for {made}"
    unknown = [name for name in _TOKEN.findall(pattern) if name not in allowed]
    if unknown:
        return f"has the unknown token `:{unknown[0]}`"
    naming = {"posts": ("slug", "title"), "pages": ("path", "slug", "title")}.get(kind, ("slug",))
    if not any(f":{name}" in pattern for name in naming):
        return "must hold " + " or ".join(f"`:{name}`" for name in naming)
    if re.search(r"[\s?#\\]|//", pattern) or "/../" in pattern or "/./" in pattern:
        return "holds a space, `?`, `#`, a backslash or an empty, `.` or `..` segment"
    return None


def _permalinks(table: dict[str, object], text: str, errors: list[WrenError]) -> Permalinks:
    """The ``[permalinks]`` table: every pattern checked, every problem reported."""
    patterns: dict[str, str] = {}
    for kind, pattern in table.items():
        where = SourceLocation(CONFIG_FILE, _table_line(text, "permalinks", kind))
        allowed = PERMALINK_TOKENS.get(kind)
        if allowed is None:
            kinds = ", ".join(PERMALINK_TOKENS)
            errors.append(ConfigError(f"unknown permalink kind `{kind}`", where, f"kinds: {kinds}"))
            continue
        tokens = " ".join(f":{name}" for name in allowed)
        default = getattr(Permalinks(), kind)
        problem = (
            permalink_problem(kind, pattern)
            if isinstance(pattern, str)
            else f"must be text, not {describe_value(pattern)}"
        )
        if problem is not None:
            message = f"the permalink of {kind} {problem}"
            errors.append(ConfigError(message, where, f'{kind} = "{default}" ({tokens})'))
            continue
        assert isinstance(pattern, str)
        patterns[kind] = pattern
    return Permalinks(**patterns)


def _nav(entries: list[object], text: str, errors: list[WrenError]) -> tuple[NavLink, ...]:
    """``[[nav]]`` entries, each a name and a URL."""
    links = []
    example = '[[nav]]\nname = "About"\nurl = "/about/"'
    for index, entry in enumerate(entries):
        where = SourceLocation(CONFIG_FILE, _table_line(text, "nav", index=index))
        if not isinstance(entry, dict):
            errors.append(ConfigError("each `nav` entry must be a table", where, example))
            continue
        extra = sorted(set(entry) - {"name", "url"})
        if extra:
            errors.append(
                ConfigError(f"unknown key `{extra[0]}` in a nav entry", where, "keys: name, url")
            )
        name, url = entry.get("name"), entry.get("url")
        if not isinstance(name, str) or not name.strip():
            where = SourceLocation(CONFIG_FILE, _table_line(text, "nav", "name", index))
            errors.append(ConfigError("a nav entry needs a `name` (text)", where, example))
            continue
        where = SourceLocation(CONFIG_FILE, _table_line(text, "nav", "url", index))
        if not isinstance(url, str) or not (
            (url.startswith("/") and not url.startswith("//")) or base_url_problem(url) is None
        ):
            errors.append(
                ConfigError(
                    f"the nav entry {name!r} needs a `url`: a site path or an http(s) address",
                    where,
                    'url = "/about/" or url = "https://example.org/"',
                )
            )
            continue
        links.append(NavLink(name.strip(), url.strip(), where.line))
    return tuple(links)


def _range_errors(config: SiteConfig, text: str) -> list[ConfigError]:
    errors: list[ConfigError] = []

    def fail(key: str, message: str, hint: str | None = None) -> None:
        where = SourceLocation(CONFIG_FILE, find_key_line(text, key))
        errors.append(ConfigError(message, where, hint=hint))

    if config.words_per_minute < 1:
        fail("words_per_minute", "`words_per_minute` must be at least 1")
    if config.summary_length < 10:
        fail("summary_length", "`summary_length` must be at least 10")
    if config.feed_limit < 1:
        fail("feed_limit", "`feed_limit` must be at least 1")
    if not 0 <= config.paginate <= MAX_PAGINATE:
        fail("paginate", f"`paginate` must be 0 (off) or a number up to {MAX_PAGINATE:,}")
    if config.feed_content not in ("full", "summary"):
        fail("feed_content", '`feed_content` must be "full" or "summary"')
    if config.unknown_front_matter not in ("error", "extra"):
        fail(
            "unknown_front_matter",
            '`unknown_front_matter` must be "error" (the default) or "extra"',
        )
    if config.heading_ids not in ("wren", "github", "zola"):
        fail("heading_ids", '`heading_ids` must be "wren", "github" or "zola"')
    problem = base_url_problem(config.base_url)
    if problem is not None:
        example = "an http(s) address such as https://example.org/ or https://example.org/blog/"
        fail("base_url", f"`base_url` {problem}", example)
    return errors


def base_url_problem(url: str) -> str | None:
    """What makes ``url`` unusable as the base of every absolute link; None when it is fine.

    The scheme's case does not matter: ``parse_config`` writes it in lower case."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as error:
        return f"is not a valid URL ({error})"
    if parts.scheme.lower() not in ("http", "https") or not url.lower().startswith(
        f"{parts.scheme.lower()}://"
    ):
        return "must start with http:// or https://"
    if not parts.hostname:
        return "has no host name"
    if parts.username is not None or parts.password is not None:
        return "must not hold a user name or password: it is copied into every page"
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        return "must not have a query (?) or fragment (#): every link is built on it"
    if port == 0:
        return "has port 0"
    if re.search(r"[\s<>\"'`\\{}|^]", url):
        return "holds a space or a character that is not allowed in a URL"
    host = parts.hostname
    if not re.fullmatch(r"[a-z0-9.\-\[\]:_]+", host) or ".." in host or host.startswith("."):
        return f"has an invalid host name `{host}`"
    return None


def _toml_error_line(message: str) -> int | None:
    match = re.search(r"at line (\d+)", message)
    return int(match.group(1)) if match else None
