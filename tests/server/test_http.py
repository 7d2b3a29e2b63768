"""The dev server over real HTTP: pages, 404s, the reload script, traversal and Host checks."""

from __future__ import annotations

import http.client
import socket
import time
from pathlib import Path

import pytest
from servekit import LiveSocket, RawChannel, get, raw_get, running_server, wait_until
from websockets.frames import Close, CloseCode, Frame, Opcode

from support import write_txtar
from wren.build import BuildOptions, build_site
from wren.server import DevServer
from wren.server.httpd import RequestHandler


def test_pages_are_served_with_the_live_reload_script(server: DevServer) -> None:
    response = get(server.port, "/")
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Second" in response.text
    assert response.text.count('<script src="/__wren/live.js"') == 1
    assert response.text.index("/__wren/live.js") < response.text.rindex("</body>")


def test_every_connection_sends_at_once_without_waiting_for_acknowledgements(
    server: DevServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TCP_NODELAY: a body written after its headers, or a reload message after the one
    before, leaves at once, not after the browser's delayed acknowledgement (40 ms)."""
    nodelay: list[int] = []
    handle = RequestHandler.handle

    def handle_and_note(handler: RequestHandler) -> None:
        nodelay.append(handler.connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        handle(handler)

    monkeypatch.setattr(RequestHandler, "handle", handle_and_note)
    assert get(server.port, "/").status == 200
    channel = LiveSocket(server.port)
    channel.receive()  # the hello
    channel.close()
    assert len(nodelay) == 2 and all(nodelay)


def test_the_reload_script_is_never_written_to_the_output_folder(
    server: DevServer, site: Path
) -> None:
    assert get(server.port, "/posts/first/").status == 200
    assert not (site / "public").exists()
    build_site(site, BuildOptions())
    written = [path.read_bytes() for path in (site / "public").rglob("*") if path.is_file()]
    assert written
    assert not any(b"__wren" in data for data in written)


def test_other_files_are_served_as_they_are(server: DevServer, site: Path) -> None:
    response = get(server.port, "/style.css")
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/css; charset=utf-8"
    assert response.body == (site / "static/style.css").read_bytes()


def test_a_missing_page_gets_the_sites_404_page_with_status_404(server: DevServer) -> None:
    response = get(server.port, "/posts/nothing-here/")
    assert response.status == 404
    assert "/__wren/live.js" in response.text
    assert 'data-paths="posts/nothing-here/index.html' in response.text


def test_a_folder_without_its_slash_redirects_to_it(server: DevServer) -> None:
    response = get(server.port, "/posts/first")
    assert response.status == 302
    assert response.headers["Location"] == "/posts/first/"


def test_head_requests_get_headers_only(server: DevServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("HEAD", "/")
    response = connection.getresponse()
    assert response.status == 200
    assert int(response.headers["Content-Length"]) > 0
    assert response.read() == b""
    connection.close()


def test_the_live_script_is_served_as_javascript(server: DevServer) -> None:
    response = get(server.port, "/__wren/live.js")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert "WebSocket" in response.text


@pytest.fixture
def guarded_site(site: Path) -> Path:
    """The site, with a secret in a sibling folder named like it and symlinks pointing there."""
    private = site.parent / f"{site.name}-private"
    private.mkdir()
    (private / "secret.txt").write_text("TOP SECRET")
    (site / "static/leak.txt").symlink_to(private / "secret.txt")
    (site / "static/linked").symlink_to(private, target_is_directory=True)
    return site


TRAVERSALS = [
    b"/../site.toml",
    b"/posts/../../site.toml",
    b"/%2e%2e/site.toml",
    b"/%2E%2E/%2e%2e/etc/passwd",
    b"/%252e%252e/site.toml",
    b"/..%5csite.toml",
    b"/..\\site.toml",
    b"/..%2fsite.toml",
    b"/index.html%00.css",
    b"/index.html\x00.css",
    b"/../site-private/secret.txt",
    b"/leak.txt",
    b"/linked/secret.txt",
    b"../site.toml",
]


def test_no_request_reads_a_file_outside_the_site(guarded_site: Path) -> None:
    with running_server(guarded_site) as server:
        statuses = {target: raw_get(server.port, target) for target in TRAVERSALS}
        assert {target: s for target, s in statuses.items() if s not in (400, 404)} == {}
        assert get(server.port, "/").status == 200  # and the server is still up


def test_a_symlink_leaving_the_site_is_refused_with_404(guarded_site: Path) -> None:
    with running_server(guarded_site) as server:
        response = get(server.port, "/leak.txt")
        assert response.status == 404
        assert "TOP SECRET" not in response.text


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.nip.io", ""])
def test_requests_for_other_host_names_are_refused(server: DevServer, host: str) -> None:
    response = get(server.port, "/", {"Host": host})
    assert response.status == 403
    assert "Second" not in response.text


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]"])
def test_requests_for_localhost_are_answered(server: DevServer, host: str) -> None:
    assert get(server.port, "/", {"Host": f"{host}:{server.port}"}).status == 200


def test_the_reload_channel_greets_its_own_origin_with_the_build(server: DevServer) -> None:
    live = LiveSocket(server.port, origin=f"http://127.0.0.1:{server.port}")
    try:
        assert live.status == 101
        hello = live.receive()
        assert hello == {
            "type": "hello",
            "build": server.state.current.build_id,
            "error": None,
            "warnings": [],
        }
    finally:
        live.close()


@pytest.mark.parametrize("origin", ["https://evil.example", "null"])
def test_the_reload_channel_refuses_other_origins(server: DevServer, origin: str) -> None:
    live = LiveSocket(server.port, origin=origin)
    live.close()
    assert live.status == 403


def test_the_reload_channel_refuses_other_host_names(server: DevServer) -> None:
    live = LiveSocket(server.port, origin="http://rebind.example", host="rebind.example")
    live.close()
    assert live.status == 403


def test_a_tab_that_closes_the_channel_gets_a_close_at_once_and_leaves(
    server: DevServer,
) -> None:
    live = LiveSocket(server.port)
    live.receive()
    assert server.channel.listeners == 1
    started = time.monotonic()
    live.connection.close(CloseCode.GOING_AWAY)  # returns once the server answered and hung up
    assert time.monotonic() - started < 0.4
    assert live.connection.protocol.close_rcvd is not None
    assert live.connection.protocol.close_rcvd.code == CloseCode.GOING_AWAY
    wait_until(lambda: server.channel.listeners == 0, what="the channel to let go")


def test_a_ping_gets_a_pong(server: DevServer) -> None:
    live = LiveSocket(server.port)
    try:
        live.receive()
        assert live.connection.ping(b"are you there").wait(5)
    finally:
        live.close()


def test_a_pong_and_a_close_in_one_read_are_both_handled(server: DevServer) -> None:
    channel = RawChannel(server.port)
    try:
        assert channel.frames_until(Opcode.TEXT)  # the hello
        channel.send_together(
            Frame(Opcode.PONG, b""), Frame(Opcode.CLOSE, Close(1001, "").serialize())
        )
        close = channel.frames_until(Opcode.CLOSE)[-1]
        assert Close.parse(close.data).code == 1001
        assert channel.at_eof()
    finally:
        channel.close()
    wait_until(lambda: server.channel.listeners == 0, what="the channel to let go")


def test_a_tab_that_just_disconnects_leaves_the_channel(server: DevServer) -> None:
    live = LiveSocket(server.port)
    live.receive()
    live.close()
    wait_until(lambda: server.channel.listeners == 0, what="the channel to let go")


def test_pages_at_permalink_urls_are_served(tmp_path: Path) -> None:
    site = write_txtar(
        tmp_path / "site",
        """
        -- site.toml --
        title = "Links"
        search = false
        [permalinks]
        posts = "/:year/:slug.html"
        pages = "/info/:slug/"
        tags = "/topics/:slug/"
        -- content/posts/2026-01-01-first.md --
        ---
        title: First
        tags: [notes]
        ---
        The first post.
        -- content/pages/about.md --
        ---
        title: About
        ---
        About.
        """,
    )
    with running_server(site) as server:
        for path, text in (
            ("/2026/first.html", "The first post."),
            ("/info/about/", "About."),
            ("/topics/notes/", "First"),
        ):
            response = get(server.port, path)
            assert (response.status, text in response.text) == (200, True), path
