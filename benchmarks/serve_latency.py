"""Time from saving one post to the browser having reloaded it, through ``wren serve``.

    .venv/bin/python benchmarks/serve_latency.py [--sizes 1000,4000] [--edits 10] [--json PATH]
    .venv/bin/python benchmarks/serve_latency.py --site SITE --post content/posts/x.md

For each size it writes the generated benchmark blog (``generate.py``) into
``benchmarks/.work/serve-N/`` once, starts ``wren serve`` on a free port in a child process,
and opens one post in Chromium (Debian's, through Playwright). Then, edit after edit, it
appends a sentence to that post the way an editor saves (a temporary file renamed over the
post) and waits until the page shows it. The latency is the wall-clock time from the rename
to the first animation frame after the new text is in the document, whether the page was
refreshed in place or reloaded. Its parts: until the page hears of the rebuild, and the
server's own rebuild time (watcher batch to new snapshot) from its log. Two edits warm up.

Goals (issue 4): under 150 ms at 1,000 posts and under 300 ms at 4,000.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
WORK_DIR = BENCH_DIR / ".work"
WREN = str(Path(sys.executable).with_name("wren"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
GOALS_MS = {1000: 150.0, 4000: 300.0}
WARM_UP = 2
_URL = re.compile(r"http://127\.0\.0\.1:(\d+)/")
_REBUILT = re.compile(r"^(content/\S+): .*\(([\d,]+) ms\)$")
# In every document of the tab: note when the page hears of a rebuild, and when the text
# named by sessionStorage.wrenMarker is in the document, at the next animation frame.
_INSTRUMENT = """
const NativeWebSocket = window.WebSocket;
window.WebSocket = function (...args) {
  const socket = new NativeWebSocket(...args);
  socket.addEventListener("message", (event) => {
    if (event.data.includes('"update"'))
      sessionStorage.setItem("wrenUpdateAt", String(performance.timeOrigin + performance.now()));
  });
  return socket;
};
window.wrenWatchFor = (marker) => {
  const shown = () => document.body && document.body.textContent.includes(marker);
  const note = () => requestAnimationFrame(() =>
    sessionStorage.setItem("wrenShownAt", String(performance.timeOrigin + performance.now())));
  const observer = new MutationObserver(() => {
    if (shown()) { observer.disconnect(); note(); }
  });
  observer.observe(document, { childList: true, subtree: true });
};
const marker = sessionStorage.getItem("wrenMarker");
if (marker) window.wrenWatchFor(marker);
"""


@dataclass(frozen=True, slots=True)
class Result:
    posts: int
    edits: int
    reload_ms: list[float]  # save -> the new text painted, per measured edit
    notified_ms: list[float]  # save -> the page receives the update message
    server_ms: list[float]  # the server's rebuild (batch -> snapshot), per measured edit
    in_place: int  # edits shown by refreshing the page in place rather than reloading it
    goal_ms: float | None

    def median(self) -> float:
        return statistics.median(self.reload_ms)

    def passed(self) -> bool | None:
        return None if self.goal_ms is None else self.median() < self.goal_ms


def generated_site(posts: int) -> Path:
    """The benchmark blog with ``posts`` posts, written once and reused."""
    site = WORK_DIR / f"serve-{posts}"
    if (site / "site.toml").is_file():
        return site
    sys.path.insert(0, str(BENCH_DIR))
    from generate import generate_posts, write_wren_site

    partial = site.with_name(site.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    write_wren_site(partial, generate_posts(posts))
    partial.rename(site)
    return site


def post_url(post: Path) -> str:
    """``content/posts/2023-01-02-some-title.md`` is served at ``/posts/some-title/``."""
    name = post.parent.name if post.name == "index.md" else post.stem
    return "/posts/" + re.sub(r"^\d{4}-\d{2}-\d{2}-", "", name) + "/"


class ServeProcess:
    """``wren serve`` in a child process; its stdout lines arrive on a queue."""

    def __init__(self, site: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
        self.process = subprocess.Popen(
            [WREN, "serve", str(site), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: queue.SimpleQueue[str] = queue.SimpleQueue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: re.Pattern[str], timeout: float = 300.0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            found = pattern.search(line)
            if found:
                return found
            if line.startswith("error:"):
                raise RuntimeError(f"wren serve: {line}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@contextmanager
def serving(site: Path) -> Iterator[tuple[ServeProcess, str]]:
    server = ServeProcess(site)
    try:
        port = server.wait_for(_URL).group(1)
        server.wait_for(re.compile(r"^Built [\d,]+ pages"))
        yield server, f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def save(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


class LiveChannel:
    """Counts the live-reload sockets a page opens and the messages each has received."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.frames: list[int] = []  # messages received, per socket in opening order
        page.on("websocket", self._opened)

    def _opened(self, socket: Any) -> None:
        index = len(self.frames)
        self.frames.append(0)
        socket.on("framereceived", lambda _: self._received(index))

    def _received(self, index: int) -> None:
        self.frames[index] += 1

    def wait_connected(self, after: int, timeout: float = 30.0) -> None:
        """Wait until a socket opened after the first ``after`` ones has had its hello."""
        deadline = time.monotonic() + timeout
        while not any(self.frames[after:]):
            if time.monotonic() > deadline:
                raise TimeoutError("the page did not reconnect to the live-reload channel")
            self.page.wait_for_timeout(10)


@dataclass(frozen=True, slots=True)
class Timing:
    shown_ms: float
    notified_ms: float
    rebuild_ms: float
    in_place: bool


def measure_edit(
    page: Any, channel: LiveChannel, server: ServeProcess, post: Path, text: str, marker: str
) -> Timing:
    """Save ``text``, which holds ``marker``, into ``post`` and time it until shown."""
    sockets = len(channel.frames)
    origin = page.evaluate(
        "(marker) => { sessionStorage.clear(); sessionStorage.setItem('wrenMarker', marker);"
        " window.wrenWatchFor(marker); return performance.timeOrigin; }",
        marker,
    )
    saved_at = time.time() * 1000
    save(post, text)
    shown_at, notified_at, new_origin = _wait_until_shown(page)
    if new_origin != origin:  # reloaded: wait for the new document's live-reload channel
        channel.wait_connected(after=sockets)
    rebuilt = float(server.wait_for(_REBUILT, timeout=60).group(2).replace(",", ""))
    return Timing(shown_at - saved_at, notified_at - saved_at, rebuilt, new_origin == origin)


def _wait_until_shown(page: Any, timeout: float = 60.0) -> tuple[float, float, float]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = page.evaluate(
                "[sessionStorage.getItem('wrenShownAt'), sessionStorage.getItem('wrenUpdateAt'),"
                " performance.timeOrigin]"
            )
        except Exception:  # the page is between two documents
            found = [None, None, 0]
        if found[0] is not None and found[1] is not None:
            return float(found[0]), float(found[1]), float(found[2])
        page.wait_for_timeout(5)
    raise TimeoutError("the edit never showed in the page")


def run_size(browser: Any, site: Path, post: Path, edits: int, posts: int) -> Result:
    original = post.read_text(encoding="utf-8")
    timings: list[Timing] = []
    with serving(site) as (server, base):
        page = browser.new_page()
        page.add_init_script(_INSTRUMENT)
        channel = LiveChannel(page)
        page.goto(base + post_url(post))
        channel.wait_connected(after=0)
        try:
            for edit in range(WARM_UP + edits):
                marker = f"Edited for the latency benchmark, edit {edit} at {time.time_ns()}."
                text = f"{original}\n{marker}\n"
                timing = measure_edit(page, channel, server, post, text, marker)
                if edit >= WARM_UP:
                    timings.append(timing)
                time.sleep(0.3)  # let the watcher settle, as between two saves by hand
        finally:
            save(post, original)
            page.close()
    return Result(
        posts,
        edits,
        [t.shown_ms for t in timings],
        [t.notified_ms for t in timings],
        [t.rebuild_ms for t in timings],
        sum(t.in_place for t in timings),
        GOALS_MS.get(posts),
    )


def middle_post(site: Path) -> Path:
    posts = sorted((site / "content/posts").glob("*.md"))
    return posts[len(posts) // 2]


def print_table(results: Sequence[Result]) -> None:
    print("save -> new text painted (ms); parts: save -> page notified, the server's rebuild")
    print(
        f"{'posts':>6} {'edits':>5} {'median':>7} {'p90':>5} {'min':>5} {'max':>5}"
        f" {'notified':>9} {'rebuild':>8} {'in place':>9}  goal"
    )
    for r in results:
        ordered = sorted(r.reload_ms)
        p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
        verdict = {True: "PASS", False: "FAIL", None: ""}[r.passed()]
        goal = f"< {r.goal_ms:.0f} {verdict}" if r.goal_ms else ""
        print(
            f"{r.posts:>6,} {r.edits:>5} {r.median():>7.0f} {p90:>5.0f} {ordered[0]:>5.0f}"
            f" {ordered[-1]:>5.0f} {statistics.median(r.notified_ms):>9.0f}"
            f" {statistics.median(r.server_ms):>8.0f} {f'{r.in_place}/{r.edits}':>9}  {goal}"
        )
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,4000", help="post counts (default 1000,4000)")
    parser.add_argument("--edits", type=int, default=10, help="measured edits per size")
    parser.add_argument("--site", type=Path, help="time this site instead of generated ones")
    parser.add_argument("--post", type=Path, help="with --site: the post to edit (relative)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    jobs: list[tuple[Path, Path, int]] = []
    if args.site:
        post = args.site / args.post if args.post else middle_post(args.site)
        jobs.append((args.site, post, len(list((args.site / "content/posts").glob("*.md")))))
    else:
        for size in (int(s) for s in args.sizes.split(",")):
            site = generated_site(size)
            jobs.append((site, middle_post(site), size))
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        for site, post, size in jobs:
            results.append(run_size(browser, site, post, args.edits, size))
        browser.close()
    print_table(results)
    if args.json:
        record = {
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
            "results": [{**asdict(r), "median_ms": r.median()} for r in results],
        }
        args.json.write_text(json.dumps(record, indent=2) + "\n")


if __name__ == "__main__":
    main()
