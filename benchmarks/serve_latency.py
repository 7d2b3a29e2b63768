"""Time from saving one post to the browser having reloaded it, through ``wren serve``.

    .venv/bin/python benchmarks/serve_latency.py [--sizes 1000,4000] [--edits 10] [--json PATH]
    .venv/bin/python benchmarks/serve_latency.py --site SITE --post content/posts/x.md
    .venv/bin/python benchmarks/serve_latency.py --wren-src /tmp/before/src --wren-src src

For each size it writes the generated benchmark blog (``generate.py``) into
``benchmarks/.work/serve-N/`` once, starts ``wren serve`` on a free port in a child process,
and opens one post in Chromium (Debian's, through Playwright). Then, edit after edit, it
appends a sentence to that post the way an editor saves (a temporary file renamed over the
post) and waits until the page shows it. The latency is the wall-clock time from the rename
to the first animation frame after the new text is in the document, whether the page was
refreshed in place or reloaded. Its parts: until the page hears of the rebuild, and the
server's own rebuild time (watcher batch to new snapshot) from its log. Two edits warm up.

To compare two versions of Wren in one run, name their ``src`` folders with ``--wren-src``
(``git archive REF src | tar -x -C /tmp/before`` makes one): each gets its own ``wren serve``,
copy of the site and tab, and the edits take turns between them, so a change in the machine's
load falls on both alike.

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
from contextlib import ExitStack, contextmanager
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
    wren: str | None  # the --wren-src this Wren ran from; None: the installed one
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

    def __init__(self, site: Path, src: Path | None = None) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
        if src is not None:
            env["PYTHONPATH"] = str(src.resolve())
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
def serving(site: Path, src: Path | None = None) -> Iterator[tuple[ServeProcess, str]]:
    server = ServeProcess(site, src)
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


@dataclass(slots=True)
class Tab:
    """One Wren under test: its server, its copy of the site, its page, its timings."""

    server: ServeProcess
    post: Path
    page: Any
    channel: LiveChannel
    timings: list[Timing]


def run_size(
    browser: Any, site: Path, post: Path, edits: int, posts: int, sources: Sequence[Path | None]
) -> list[Result]:
    """Time ``edits`` edits of ``post`` under each Wren of ``sources``, taking turns."""
    sites = [site] + [site_copy(site, n) for n in range(1, len(sources))]
    posts_edited = [copy / post.relative_to(site) for copy in sites]
    original = post.read_text(encoding="utf-8")
    tabs: list[Tab] = []
    with ExitStack() as stack:
        for copy, edited, src in zip(sites, posts_edited, sources, strict=True):
            server, base = stack.enter_context(serving(copy, src))
            stack.callback(save, edited, original)
            page = browser.new_page()
            stack.callback(page.close)
            page.add_init_script(_INSTRUMENT)
            channel = LiveChannel(page)
            page.goto(base + post_url(edited))
            channel.wait_connected(after=0)
            tabs.append(Tab(server, edited, page, channel, []))
        for edit in range(WARM_UP + edits):
            for tab in tabs:
                marker = f"Edited for the latency benchmark, edit {edit} at {time.time_ns()}."
                text = f"{original}\n{marker}\n"
                timing = measure_edit(tab.page, tab.channel, tab.server, tab.post, text, marker)
                if edit >= WARM_UP:
                    tab.timings.append(timing)
                time.sleep(0.3)  # let the watcher settle, as between two saves by hand
    return [
        Result(
            None if src is None else str(src),
            posts,
            edits,
            [t.shown_ms for t in tab.timings],
            [t.notified_ms for t in tab.timings],
            [t.rebuild_ms for t in tab.timings],
            sum(t.in_place for t in tab.timings),
            GOALS_MS.get(posts),
        )
        for tab, src in zip(tabs, sources, strict=True)
    ]


def site_copy(site: Path, number: int) -> Path:
    """A copy of ``site`` for the ``number``-th Wren of a comparison, made once."""
    copy = site.with_name(f"{site.name}-copy{number}")
    if not (copy / "site.toml").is_file():
        shutil.copytree(site, copy, dirs_exist_ok=True)
    return copy


def middle_post(site: Path) -> Path:
    posts = sorted((site / "content/posts").glob("*.md"))
    return posts[len(posts) // 2]


def print_table(results: Sequence[Result]) -> None:
    print(
        "save -> new text painted (ms); parts: save -> page notified, notified -> painted,"
        " the server's rebuild"
    )
    width = max((len(r.wren) for r in results if r.wren is not None), default=0)
    label = f"{'wren':<{width}} " if width else ""
    print(
        f"{label}{'posts':>6} {'edits':>5} {'median':>7} {'p90':>5} {'min':>5} {'max':>5}"
        f" {'notified':>9} {'+painted':>8} {'rebuild':>8} {'in place':>9}  goal"
    )
    for r in results:
        ordered = sorted(r.reload_ms)
        p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
        verdict = {True: "PASS", False: "FAIL", None: ""}[r.passed()]
        goal = f"< {r.goal_ms:.0f} {verdict}" if r.goal_ms else ""
        after = statistics.median(s - n for s, n in zip(r.reload_ms, r.notified_ms, strict=True))
        label = f"{r.wren or 'installed':<{width}} " if width else ""
        print(
            f"{label}{r.posts:>6,} {r.edits:>5} {r.median():>7.0f} {p90:>5.0f} {ordered[0]:>5.0f}"
            f" {ordered[-1]:>5.0f} {statistics.median(r.notified_ms):>9.0f} {after:>8.0f}"
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
    parser.add_argument(
        "--wren-src",
        type=Path,
        action="append",
        help="time the Wren in this src folder (repeat to compare, edits taking turns)",
    )
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
            results += run_size(browser, site, post, args.edits, size, args.wren_src or [None])
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
