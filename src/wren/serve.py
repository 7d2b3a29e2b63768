"""The development server: builds a site in memory and serves it over HTTP."""

from __future__ import annotations

import errno
import mimetypes
import socket
import threading
import webbrowser
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import click

from wren.build import Builder, BuildOptions, SiteOutput
from wren.errors import OutputError, SourceLocation

__all__ = ["ServeOptions", "resolve_request_path", "serve_site"]

DEFAULT_PORT = 8000


@dataclass(frozen=True, slots=True)
class ServeOptions:
    port: int | None = None
    bind: str = "127.0.0.1"
    include_drafts: bool = False
    include_future: bool = False
    open_browser: bool = False


def resolve_request_path(raw_path: str) -> str | None:
    """The output file a request path names, or None when it is not a safe path."""
    path = unquote(urlsplit(raw_path).path)
    if "\x00" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p]
    if any(part in (".", "..") for part in parts):
        return None
    rel = "/".join(parts)
    if path.endswith("/") or not parts:
        rel = f"{rel}/index.html" if rel else "index.html"
    return rel


class _Snapshot:
    def __init__(self, output: SiteOutput) -> None:
        self.output = output
        self.lock = threading.Lock()


def _handler(snapshot: _Snapshot) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            rel = resolve_request_path(self.path)
            if rel is None:
                self.send_error(HTTPStatus.BAD_REQUEST)
                return
            files = snapshot.output.files
            item = files.get(rel)
            if item is None and f"{rel}/index.html" in files:
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", "/" + rel + "/")
                self.end_headers()
                return
            status = HTTPStatus.OK
            if item is None:
                status, item = HTTPStatus.NOT_FOUND, files.get("404.html")
                rel = "404.html"
            body = b"" if item is None else (item.data or (item.source or Path()).read_bytes())
            kind = mimetypes.guess_type(rel)[0] or "application/octet-stream"
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8" if "text" in kind else kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


def _bind(options: ServeOptions, handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    ports = [options.port] if options.port is not None else range(DEFAULT_PORT, DEFAULT_PORT + 50)
    for port in ports:
        try:
            return ThreadingHTTPServer((options.bind, port), handler)
        except OSError as error:
            if error.errno != errno.EADDRINUSE or options.port is not None:
                raise OutputError(
                    f"cannot listen on {options.bind}:{port}: {error.strerror}",
                    SourceLocation("wren serve"),
                    hint="choose another port with --port" if options.port else None,
                ) from None
    raise OutputError("no free port found", SourceLocation("wren serve"))


def serve_site(site_dir: Path, options: ServeOptions) -> None:
    builder = Builder(site_dir, BuildOptions(None, options.include_drafts, options.include_future))
    snapshot = _Snapshot(builder.build())
    server = _bind(options, _handler(snapshot))
    host, port = server.server_address[:2]
    shown = "localhost" if host in ("127.0.0.1", "::1") else socket.getfqdn(str(host))
    url = f"http://{shown}:{port}/"
    click.echo(f"Serving {snapshot.output.pages:,} pages at {url} (Ctrl-C to stop)")
    if options.open_browser:
        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.server_close()
