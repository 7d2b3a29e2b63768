"""``wren serve`` as the author runs it: a real process, its messages, ports and Ctrl-C."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from servekit import get

WREN = str(Path(sys.executable).with_name("wren"))
_URL = re.compile(r"http://127\.0\.0\.1:(\d+)/")


class ServeProcess:
    """``wren serve`` in a child process, its stdout read line by line in a thread."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
        self.process = subprocess.Popen(
            [WREN, "serve", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: queue.SimpleQueue[str] = queue.SimpleQueue()
        self.seen: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for_line(self, pattern: str, timeout: float = 15.0) -> re.Match[str]:
        while True:
            line = self.lines.get(timeout=timeout)
            self.seen.append(line)
            found = re.search(pattern, line)
            if found:
                return found

    def ready(self) -> int:
        """Wait for the URL and the first build; return the port."""
        port = int(self.wait_for_line(_URL.pattern).group(1))
        self.wait_for_line(r"^Built \d+ pages in \d+ ms")
        return port

    def interrupt(self) -> tuple[int, str]:
        """Press Ctrl-C; return the exit code and everything written to stderr."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=15)
        assert self.process.stderr is not None
        stderr = self.process.stderr.read()
        self._reader.join(5)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code, stderr

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=15)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@contextmanager
def serving(*args: str) -> Iterator[ServeProcess]:
    child = ServeProcess(*args)
    try:
        yield child
    finally:
        child.kill()


@contextmanager
def occupied(port: int) -> Iterator[int]:
    """Hold ``port`` on 127.0.0.1 (or find it already held by someone else)."""
    sock = socket.socket()
    try:
        with suppress(OSError):
            sock.bind(("127.0.0.1", port))
            sock.listen()
        yield sock.getsockname()[1] if port == 0 else port
    finally:
        sock.close()


def test_serve_prints_its_url_serves_and_stops_cleanly_on_ctrl_c(site: Path) -> None:
    with serving(str(site), "--port", "0") as child:
        port = child.ready()
        assert get(port, "/").status == 200
        code, stderr = child.interrupt()
    assert code == 0
    assert "Traceback" not in stderr
    assert child.seen[-1] == "Stopped.\n"


def test_an_explicit_port_in_use_fails_with_a_clear_message(site: Path) -> None:
    with occupied(0) as port:
        result = subprocess.run(
            [WREN, "serve", str(site), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"error: cannot listen on 127.0.0.1:{port}: Address already in use\n"
    )
    assert "hint: another program uses this port" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_default_port_moves_to_the_next_free_one_and_prints_it(site: Path) -> None:
    with occupied(8000), serving(str(site)) as child:
        port = child.ready()
        assert port != 8000
        assert get(port, "/").status == 200
        assert any(f"using port {port}" in line for line in child.seen)
        code, _ = child.interrupt()
    assert code == 0


def test_binding_every_interface_prints_a_warning(site: Path) -> None:
    with serving(str(site), "--bind", "0.0.0.0", "--port", "0") as child:
        port = child.ready()
        assert get(port, "/", {"Host": f"localhost:{port}"}).status == 200
        code, stderr = child.interrupt()
    assert code == 0
    assert "warning: listening on 0.0.0.0: anyone who can reach this machine" in stderr


def test_serving_a_folder_without_a_site_fails_at_once(tmp_path: Path) -> None:
    result = subprocess.run(
        [WREN, "serve", str(tmp_path), "--port", "0"], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: site.toml: no site.toml in {tmp_path}\n")


def test_serve_documents_its_options() -> None:
    result = subprocess.run([WREN, "serve", "--help"], capture_output=True, text=True, timeout=30)
    for option in ("--port", "--bind", "--drafts", "--future", "--open"):
        assert option in result.stdout


def test_ctrl_c_during_the_first_build_exits_at_once(site: Path) -> None:
    example = '\n\n```rust\nfn main() {\n    println!("{}", 1 + 2);\n}\n```\n'
    body = ("Words about Rust. " * 100 + example) * 4
    for number in range(600):
        (site / f"content/posts/2025-01-01-filler-{number}.md").write_text(
            f"---\ntitle: Filler {number}\ndate: 2025-01-01\n---\n{body}"
        )
    with serving(str(site), "--port", "0") as child:
        child.wait_for_line(_URL.pattern)
        time.sleep(0.5)  # press Ctrl-C half a second into the build
        started = time.monotonic()
        code, stderr = child.interrupt()
        assert time.monotonic() - started < 8
    assert (code, stderr) == (0, "")
    assert child.seen[-1] == "Stopped.\n"
    assert not any(line.startswith("Built") for line in child.seen)  # it was interrupted
