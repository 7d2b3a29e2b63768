"""External links: fetched from a local HTTP server on 127.0.0.1, never the internet."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from check_sites import SITE_TOML, check, found, post

from wren.check.external import ExternalOptions, LinkStatus, check_external_urls, fetch_status
from wren.errors import Severity

MakeSite = Callable[[str], Path]


class _Handler(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[tuple[str, str]]] = []

    def _answer(self, with_body: bool) -> None:
        self.requests.append((self.command, self.path))
        path = self.path.split("?", 1)[0]
        if path == "/slow":
            time.sleep(1.0)
        if path == "/no-head" and self.command == "HEAD":
            status = 405
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        else:
            status = {"/ok": 200, "/no-head": 200, "/slow": 200, "/gone": 410}.get(path, 404)
            status = 503 if path == "/down" else status
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(False)

    def do_GET(self) -> None:
        self._answer(True)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A local server: /ok, /moved (to /ok), /no-head (405 to HEAD), /gone (410),
    /down (503), /slow (1 s), anything else 404."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    _Handler.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_fetch_status_follows_redirects_and_retries_refused_head(server: str) -> None:
    assert fetch_status(f"{server}/ok", 5) == LinkStatus(200)
    assert fetch_status(f"{server}/moved", 5) == LinkStatus(200)
    assert fetch_status(f"{server}/no-head", 5) == LinkStatus(200)
    assert fetch_status(f"{server}/missing", 5) == LinkStatus(404)


def test_fetch_status_reports_a_timeout_without_a_status(server: str) -> None:
    status = fetch_status(f"{server}/slow", 0.2)
    assert status.status is None
    assert status.describe() == "no answer within 0.2 s"


def test_fetch_status_reports_a_refused_connection() -> None:
    status = fetch_status("http://127.0.0.1:9/", 2)
    assert status.status is None
    assert status.describe().startswith("cannot connect")


def test_gone_pages_are_errors_and_flaky_ones_warnings(server: str) -> None:
    urls = [f"{server}/{p}" for p in ("ok", "missing", "gone", "down", "slow")]
    failures = check_external_urls(urls, ExternalOptions(cache_file=None, timeout_s=0.3))
    assert failures == {
        f"{server}/missing": (Severity.ERROR, "404 Not Found"),
        f"{server}/gone": (Severity.ERROR, "410 Gone"),
        f"{server}/down": (Severity.WARNING, "503 Service Unavailable"),
        f"{server}/slow": (Severity.WARNING, "no answer within 0.3 s"),
    }


def test_links_are_fetched_concurrently(server: str) -> None:
    urls = [f"{server}/slow?{n}" for n in range(6)]
    started = time.perf_counter()
    failures = check_external_urls(urls, ExternalOptions(cache_file=None, timeout_s=5))
    assert failures == {}
    assert time.perf_counter() - started < 3.0  # six one-second answers, not one after another


def test_successes_are_cached_until_they_expire(server: str, tmp_path: Path) -> None:
    cache = tmp_path / "links.json"
    clock = [1000.0]
    options = ExternalOptions(cache_file=cache, max_age_s=60, clock=lambda: clock[0])
    urls = [f"{server}/ok", f"{server}/missing"]
    check_external_urls(urls, options)
    assert sorted(_Handler.requests) == [("GET", "/missing"), ("HEAD", "/missing"), ("HEAD", "/ok")]
    _Handler.requests.clear()
    clock[0] += 30
    check_external_urls(urls, options)
    assert _Handler.requests == [("HEAD", "/missing"), ("GET", "/missing")]  # failures again
    _Handler.requests.clear()
    clock[0] += 60
    check_external_urls(urls, options)
    assert ("HEAD", "/ok") in _Handler.requests  # expired


def test_a_broken_cache_file_is_ignored(server: str, tmp_path: Path) -> None:
    cache = tmp_path / "links.json"
    cache.write_text("{not json")
    assert check_external_urls([f"{server}/ok"], ExternalOptions(cache_file=cache)) == {}
    assert '"format": 1' in cache.read_text()


def test_check_external_reports_broken_links_at_their_markdown_lines(
    server: str, make_site: MakeSite
) -> None:
    site = make_site(
        SITE_TOML
        + post(
            "a",
            f"[fine]({server}/ok)\n\n[gone]({server}/gone#part)\n\n<{server}/down>\n\n"
            f"Bare: {server}/missing",
        )
    )
    report = check(site, "links", external=True)
    assert found(report) == [
        f"content/posts/a.md:9:1: error: external link `{server}/gone#part`: 410 Gone",
        f"content/posts/a.md:11:1: warning: external link `{server}/down`: 503 Service Unavailable",
        f"content/posts/a.md:13:7: error: external link `{server}/missing`: 404 Not Found",
    ]
    assert report.external_links == 4
