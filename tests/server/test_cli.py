"""``wren serve`` as the author runs it: a real process, its messages, ports and Ctrl-C."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from servekit import URL_LINE, WREN, get, serving


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
        child.wait_for_line(URL_LINE.pattern)
        time.sleep(0.5)  # press Ctrl-C half a second into the build
        started = time.monotonic()
        code, stderr = child.interrupt()
        assert time.monotonic() - started < 8
    assert (code, stderr) == (0, "")
    assert child.seen[-1] == "Stopped.\n"
    assert not any(line.startswith("Built") for line in child.seen)  # it was interrupted
