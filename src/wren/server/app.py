"""The dev server: one site built, watched and served, from ``wren serve`` or a test."""

from __future__ import annotations

import errno
import os
import sys
import threading
import webbrowser
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from wren.build import Builder, BuildOptions
from wren.config import CONFIG_FILE
from wren.errors import ConfigError, OutputError, SourceLocation
from wren.server.console import ConsoleReporter, Reporter
from wren.server.hosts import host_guard_for, is_loopback
from wren.server.httpd import HEADER_SECONDS, LiveHTTPServer, ServeContext
from wren.server.reload import ReloadChannel
from wren.server.search import SearchIndexer
from wren.server.snapshot import SiteState
from wren.server.watch import Rebuilder, SiteWatcher
from wren.theme.render import THEME_DIR

__all__ = ["DevServer", "ServeOptions", "serve_site"]

DEFAULT_PORT = 8000
PORT_TRIES = 50  # how far past 8000 to look for a free port
SERVE_JOBS = 1  # parsing processes


@dataclass(frozen=True, slots=True)
class ServeOptions:
    port: int | None = None  # None: 8000, or the next free port after it
    bind: str = "127.0.0.1"
    include_drafts: bool = False
    include_future: bool = False
    open_browser: bool = False
    header_seconds: float = HEADER_SECONDS  # for a request's line and headers, once begun


class DevServer:
    """Builds, watches and serves one site until closed.

    The socket is bound on construction, so a busy port fails at once; the first build runs
    in the background, and until it finishes every page says so and reloads by itself.
    """

    def __init__(
        self,
        site_dir: Path,
        options: ServeOptions = ServeOptions(),
        reporter: Reporter | None = None,
    ) -> None:
        self.site_dir = site_dir.resolve()
        if not (self.site_dir / CONFIG_FILE).is_file():
            raise ConfigError(
                f"no {CONFIG_FILE} in {site_dir}",
                SourceLocation(CONFIG_FILE),
                hint="run `wren new SITE` to start a site, or pass the site folder",
            )
        self.options = options
        self.reporter = reporter or ConsoleReporter()
        self.state = SiteState()
        self.channel = ReloadChannel()
        # One process: Ctrl-C must never wait for, or orphan, a pool of parsing processes,
        # and after the first build a save re-parses one file only.
        build_options = BuildOptions(
            None, options.include_drafts, options.include_future, jobs=SERVE_JOBS
        )
        builder = Builder(self.site_dir, build_options)
        self.indexer = SearchIndexer(self.state, self.channel, self.reporter)
        rebuilder = Rebuilder(builder, self.state, self.channel, self.reporter, self.indexer)
        self.watcher = SiteWatcher(rebuilder)
        roots = (self.site_dir, THEME_DIR.resolve())
        guard = host_guard_for(options.bind)
        context = ServeContext(
            self.state, self.channel, guard, roots, self.reporter, options.header_seconds
        )
        self.httpd = bind_server(options, context, self.reporter)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        host = self.options.bind.strip("[]")
        if host in ("", "0.0.0.0"):
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        return f"http://[{host}]:{self.port}/" if ":" in host else f"http://{host}:{self.port}/"

    def start(self) -> None:
        """Build, watch and serve in background threads (for tests and embedding)."""
        self.indexer.start()
        self.watcher.start()
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self._thread.start()

    def run(self) -> None:
        """Build, watch and serve on this thread until Ctrl-C."""
        if not is_loopback(self.options.bind):
            self.reporter.warning(
                f"listening on {self.options.bind}: anyone who can reach this machine "
                "can read the site, drafts included"
            )
        try:
            self.reporter.info(f"Serving {self.site_dir.name} at {self.url} (Ctrl-C to stop)")
            self.indexer.start()
            self.watcher.start()
            if self.options.open_browser:
                webbrowser.open(self.url)
            self.httpd.serve_forever(poll_interval=0.25)
        except KeyboardInterrupt:
            self.indexer.stop(timeout=0)  # says nothing after "Stopped."
            self.reporter.info("Stopped.")
        finally:
            self.close(timeout=0.5)

    def close(self, timeout: float = 5.0) -> None:
        """Stop serving and watching; wait up to ``timeout`` s for a build in progress."""
        self.watcher.stop(timeout)
        self.indexer.stop(timeout)
        self.channel.close()
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join()
            self._thread = None
        self.httpd.server_close()

    def __enter__(self) -> DevServer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def serve_site(site_dir: Path, options: ServeOptions) -> None:
    """``wren serve``: serve ``site_dir`` until Ctrl-C."""
    server = DevServer(site_dir, options)
    server.run()
    if server.watcher.building:
        # A build cannot be interrupted, and a thread still running Markdown or template code
        # while the interpreter shuts down can crash it. Nothing is left to write: leave now.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def bind_server(options: ServeOptions, context: ServeContext, reporter: Reporter) -> LiveHTTPServer:
    """Listen on ``--port``, or on the first free port from 8000 when none was given."""
    explicit = options.port is not None
    ports = (
        [options.port]
        if options.port is not None
        else range(DEFAULT_PORT, DEFAULT_PORT + PORT_TRIES)
    )
    for port in ports:
        try:
            server = LiveHTTPServer((options.bind, port), context)
        except OSError as error:
            if error.errno == errno.EADDRINUSE and not explicit:
                continue
            raise _listen_error(options.bind, port, error) from None
        if not explicit and port != DEFAULT_PORT:
            reporter.info(f"Port {DEFAULT_PORT} is in use; using port {port}.")
        return server
    raise OutputError(
        f"ports {DEFAULT_PORT}-{ports[-1]} are all in use", hint="choose one with --port"
    )


def _listen_error(bind: str, port: int, error: OSError) -> OutputError:
    hints = {
        errno.EADDRINUSE: "another program uses this port: stop it, or choose another --port",
        errno.EACCES: "ports below 1024 need special rights: choose another --port",
        errno.EADDRNOTAVAIL: "no network interface has this address: check --bind",
    }
    reason = error.strerror or str(error)
    return OutputError(
        f"cannot listen on {bind}:{port}: {reason}", hint=hints.get(error.errno or 0)
    )
