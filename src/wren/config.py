"""Site settings: ``site.toml`` read, validated and frozen."""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
import urllib.parse
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from wren.errors import ConfigError, ErrorGroup, SourceLocation, WrenError

__all__ = ["CONFIG_FILE", "SiteConfig", "find_key_line", "load_config", "parse_config"]

CONFIG_FILE = "site.toml"
MAX_PAGINATE = 10_000  # posts on one listing page


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
        line = _toml_error_line(str(error))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise ConfigError(f"invalid TOML: {message}", SourceLocation(CONFIG_FILE, line)) from None
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
    if isinstance(value, bool) and expected is int:
        raise ConfigError(f"`{key}` must be a whole number, not {value!r}", where)
    if not isinstance(value, expected):
        name = {str: "a string", int: "a whole number", bool: "true or false"}[expected]  # type: ignore[index]
        raise ConfigError(f"`{key}` must be {name}, not {type(value).__name__}", where)
    return value


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
