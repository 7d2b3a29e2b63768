"""External links: fetched concurrently, each with a timeout, successes cached for a day.

Only ``wren check --external`` runs this. A page that answers 404 or 410 is gone: an
error. Anything else that is not a success (403 from a site that refuses robots, 429, a
server error, a timeout, no connection) may pass by itself: a warning. Successes are kept
in ``SITE/.wren-cache/links.json`` for ``max_age_s``; failures are always fetched again.

Fetching sits behind the ``Fetch`` type, so a test can swap it; the default uses urllib
(and so honours ``HTTPS_PROXY`` and ``NO_PROXY``), tries ``HEAD`` first and falls back to
``GET`` when ``HEAD`` fails, since some servers refuse or mishandle ``HEAD``.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from http.client import responses
from pathlib import Path

from wren import __version__
from wren.atomic import write_atomic
from wren.errors import Severity

__all__ = [
    "ExternalOptions",
    "Fetch",
    "LinkStatus",
    "check_external_urls",
    "fetch_status",
]

_CACHE_FORMAT = 1
_GONE = frozenset({404, 410})


@dataclass(frozen=True, slots=True)
class LinkStatus:
    """What fetching a URL gave: an HTTP status, or an error with no response."""

    status: int | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400

    def describe(self) -> str:
        if self.status is None:
            return self.error or "no response"
        return f"{self.status} {responses.get(self.status, '')}".strip()


Fetch = Callable[[str, float], LinkStatus]


def _request(url: str, method: str, timeout: float) -> int:
    headers = {"User-Agent": f"wren-check/{__version__} (+link checker)", "Accept": "*/*"}
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        with contextlib.closing(error):
            if 300 <= error.code < 400:  # urllib gave up following: a loop, or too many
                raise _RedirectLoop(error.msg) from None
            return int(error.code)


class _RedirectLoop(Exception):
    """The redirects of a URL never reach a page."""


def fetch_status(url: str, timeout: float) -> LinkStatus:
    """The HTTP status of ``url`` after redirects (HEAD, then GET if HEAD is refused)."""
    try:
        status = _request(url, "HEAD", timeout)
        if status >= 400:  # some servers refuse HEAD, or answer it wrongly
            status = _request(url, "GET", timeout)
        return LinkStatus(status)
    except _RedirectLoop:
        return LinkStatus(None, "its redirects never reach a page (a loop, or too many)")
    except TimeoutError:
        return LinkStatus(None, f"no answer within {timeout:g} s")
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            return LinkStatus(None, f"no answer within {timeout:g} s")
        return LinkStatus(None, f"cannot connect: {reason}")
    except (OSError, ValueError) as error:
        return LinkStatus(None, f"cannot fetch: {error}")


@dataclass(frozen=True, slots=True)
class ExternalOptions:
    cache_file: Path | None  # None: no cache
    timeout_s: float = 10.0
    workers: int = 16
    max_age_s: float = 24 * 3600.0
    fetch: Fetch = fetch_status
    clock: Callable[[], float] = time.time


def _read_cache(path: Path | None, now: float, max_age: float) -> dict[str, float]:
    """URLs that answered with success, and when, if not longer ago than ``max_age``."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        checked = data["ok"] if data.get("format") == _CACHE_FORMAT else {}
        return {
            str(url): float(when)
            for url, when in checked.items()
            if isinstance(when, int | float) and 0 <= now - float(when) <= max_age
        }
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _write_cache(path: Path | None, ok: Mapping[str, float]) -> None:
    if path is None:
        return
    try:
        data = {"format": _CACHE_FORMAT, "ok": dict(sorted(ok.items()))}
        write_atomic(path, json.dumps(data, indent=0).encode())
    except OSError:
        pass  # a cache that cannot be written only costs time


def check_external_urls(
    urls: Iterable[str], options: ExternalOptions
) -> dict[str, tuple[Severity, str]]:
    """The URLs that fail, with a severity and what went wrong; the others are cached."""
    now = options.clock()
    cached = _read_cache(options.cache_file, now, options.max_age_s)
    wanted = sorted({url for url in urls if url not in cached})
    failures: dict[str, tuple[Severity, str]] = {}
    if wanted:
        workers = max(1, min(options.workers, len(wanted)))
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            statuses = pool.map(lambda url: options.fetch(url, options.timeout_s), wanted)
            for url, status in zip(wanted, statuses, strict=True):
                if status.ok:
                    cached[url] = now
                else:
                    severity = Severity.ERROR if status.status in _GONE else Severity.WARNING
                    failures[url] = (severity, status.describe())
    _write_cache(options.cache_file, cached)
    return failures
