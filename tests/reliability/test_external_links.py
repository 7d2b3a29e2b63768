"""`wren check --external` against a local server: a redirect loop is not a working link."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from wren.check.external import fetch_status


class Redirects(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        target = {"/loop": "/loop", "/a": "/b", "/b": "/a"}.get(self.path)
        if target is None:
            self.send_response(200)
        else:
            self.send_response(302)
            self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirects)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("path", ["/loop", "/a"])
def test_a_redirect_loop_is_not_ok(server: str, path: str) -> None:
    status = fetch_status(f"{server}{path}", 5)
    assert not status.ok
    assert "never reach a page" in status.describe()


def test_a_plain_page_is_still_ok(server: str) -> None:
    assert fetch_status(f"{server}/page", 5).ok
