"""Search: a full-text index of posts and chapters, made by Pagefind, served as static files.

The ``pagefind-bin`` package ships Pagefind's binary. Wren runs it as a service
(``pagefind --service``) and talks to it over its standard input and output, in the messages
of Pagefind's service protocol (JSON, base64-encoded, each followed by a comma). The rendered
pages that mark their content with ``data-pagefind-body`` (posts and chapters) go to it from
memory, as they are rendered, and Pagefind indexes them in its own process while Wren renders
and writes the rest; the index's files (the index, its WebAssembly and the search UI's script
and styles) come back the same way, as output files under ``pagefind/``, written with the rest
of the site. Nothing touches the disk on the way, and nothing is fetched at run time: the search
page loads the UI from the site itself.

Pagefind holds every page it has read until the index is made, and making it (which its
service does twice for one ``GetFiles``) is the largest use of memory of a build. Two things
keep that peak low: its allocator (jemalloc, configured through ``_RJEM_MALLOC_CONF``) is asked
to give freed memory back at once rather than after ten seconds, and the process is stopped as
soon as the index's files have arrived, before Wren decodes them.

The ``pagefind`` package's own Python client speaks the same protocol, but it reads one reply
every 0.1 s (400 s for 4,000 pages) and cannot read a reply over 2 MiB, less than the index of a
large site; this module's client is small, synchronous and starts no thread, so a build can
still fork its render workers.

``wren build`` makes the index unless ``search = false`` in ``site.toml`` or the build is
asked to skip it; the dev server keeps a ``LiveSearchIndex`` and indexes in the background
after its builds (``server/search.py``), giving Pagefind only the pages that changed.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import select
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from wren.errors import OutputError
from wren.pipeline.write import OutputFile

__all__ = [
    "INDEXED_MARK",
    "SEARCH_DIR",
    "LiveSearchIndex",
    "SearchIndex",
    "pagefind_executable",
    "search_index_files",
]

SEARCH_DIR = "pagefind"
INDEXED_MARK = b"data-pagefind-body"
# Left out of the index: heading anchors, dates and reading times, badges, tables of contents.
EXCLUDED = ["a.anchor", "a.footnote-backref", ".page-header .meta", ".badge", ".toc"]
_TIMEOUT_S = 600
# Pagefind's allocator returns freed pages to the system at once: making the index frees as
# much as it allocates, and with the default ten-second delay both add up (4,000 posts: 910
# MiB at its peak; 760 MiB without the delay, for a second more of system time).
_ALLOCATOR_ENV = "_RJEM_MALLOC_CONF"
_ALLOCATOR_CONF = "dirty_decay_ms:0,muzzy_decay_ms:0"
_HINT = "set `search = false` in site.toml to build without search"


def pagefind_executable() -> Path:
    """The Pagefind binary of the installed ``pagefind-bin`` package."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise OutputError(
            "the search index needs the pagefind-bin package, which is not installed",
            hint="install pagefind-bin, or set `search = false` in site.toml",
        ) from None
    try:
        return Path(get_executable())
    except FileNotFoundError as error:
        raise OutputError(
            f"no Pagefind binary: {error}",
            hint="reinstall pagefind-bin, or set `search = false` in site.toml",
        ) from None


def search_index_files(
    pages: Iterable[OutputFile], executable: Path | None = None
) -> list[OutputFile]:
    """Index the pages marked for search; the index's files, under ``pagefind/``.

    A site with nothing to index (no posts or chapters) gets no index.
    """
    with SearchIndex(executable) as index:
        index.include(pages)
        return index.finish()


class SearchIndex:
    """One Pagefind index, made by a ``pagefind --service`` process of its own.

    ``add`` hands Pagefind a page and returns at once; Pagefind indexes it while the caller
    goes on. ``files`` hands over the pages not added yet, waits for all of them and returns
    the index. A page added again under the same address replaces the one before. The process
    starts with the first page and ends with ``close`` (or the ``with`` block).
    """

    def __init__(self, executable: Path | None = None) -> None:
        self._executable = executable
        self._service: _Service | None = None
        self._index_id = -1
        self._added: dict[int, str] = {}  # message id of each page sent -> its path
        self._paths: set[str] = set()  # pages sent

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def started(self) -> bool:
        return self._service is not None

    def add(self, page: OutputFile) -> None:
        """Index ``page`` if it is an HTML page marked for search; other files are ignored."""
        data = _html(page)
        if data is None or INDEXED_MARK not in data:
            return
        if self._service is None:
            self._service = _Service(self._executable or pagefind_executable())
            reply = self._service.call(
                {"type": "NewIndex", "config": {"exclude_selectors": EXCLUDED}}
            )
            self._index_id = int(reply["index_id"])
        message = {
            "type": "AddFile",
            "index_id": self._index_id,
            "url": page_url(page.path),
            "file_path": None,
            "file_contents": data.decode("utf-8", errors="replace"),
        }
        self._added[self._service.send(message)] = page.path
        self._paths.add(page.path)

    def include(self, pages: Iterable[OutputFile]) -> None:
        """Add the ``pages`` not added yet."""
        for page in pages:
            if page.path not in self._paths:
                self.add(page)

    def files(self, pages: Iterable[OutputFile] = ()) -> list[OutputFile]:
        """Add the ``pages`` not added yet, then the index of every page added; no files when
        no page is marked for search. Raises OutputError when Pagefind fails."""
        self.include(pages)
        return self._get_files(last=False)

    def finish(self) -> list[OutputFile]:
        """The index of every page added, as ``files``; the Pagefind process ends as soon as
        the index has arrived, so that its memory is free before the index is decoded."""
        try:
            return self._get_files(last=True)
        finally:
            self.close()

    def _get_files(self, last: bool) -> list[OutputFile]:
        if self._service is None:
            return []
        service = self._service
        reply = service.call({"type": "GetFiles", "index_id": self._index_id}, last=last)
        failed = [(self._added[key], text) for key, text in service.failures if key in self._added]
        service.failures.clear()
        if failed:
            path, text = failed[0]
            more = f" (and {len(failed) - 1} more pages)" if len(failed) > 1 else ""
            raise OutputError(
                f"Pagefind could not index /{path} for search: {text}{more}", hint=_HINT
            )
        self._added.clear()
        return [
            OutputFile(f"{SEARCH_DIR}/{item['path']}", base64.b64decode(item["content"]))
            for item in sorted(reply["files"], key=lambda item: str(item["path"]))
        ]

    def close(self) -> None:
        """End the Pagefind process, if it was started."""
        if self._service is not None:
            self._service.close()
        self._service = None
        self._added.clear()
        self._paths.clear()


class LiveSearchIndex:
    """The dev server's index, kept from one build to the next.

    Each call gives Pagefind only the pages whose HTML changed since the last call: Pagefind
    replaces a page added again under its address, and the rest of the index stays as it was.
    Pagefind cannot remove a page, so when a page is gone the index is made anew from all.
    """

    def __init__(self, executable: Path | None = None) -> None:
        self._executable = executable
        self._index: SearchIndex | None = None
        self._indexed: dict[str, bytes] = {}  # path -> digest of the HTML Pagefind holds
        self._files: list[OutputFile] = []  # the index it made of them

    def __call__(self, pages: Iterable[OutputFile]) -> list[OutputFile]:
        marked = {path: data for path, data in _html_pages(pages) if INDEXED_MARK in data}
        digests = {
            path: hashlib.blake2b(data, digest_size=16).digest() for path, data in marked.items()
        }
        if self._index is None or not self._indexed.keys() <= digests.keys():
            self.close()
            self._index = SearchIndex(self._executable)
        index = self._index
        changed = [path for path in marked if self._indexed.get(path) != digests[path]]
        if not changed and self._files:
            return self._files  # Pagefind would write the same index again
        for path in changed:
            index.add(OutputFile(path, marked[path]))
        try:
            self._files = index.files()
        except BaseException:
            self.close()  # what Pagefind holds is unknown now: the next call starts afresh
            raise
        self._indexed = digests
        return self._files

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
        self._index = None
        self._indexed = {}
        self._files = []


def page_url(path: str) -> str:
    """The address Pagefind gives a page at ``path`` in the output (as its CLI would)."""
    return "/" + path.removesuffix("index.html")


def _html(page: OutputFile) -> bytes | None:
    """An HTML page's bytes, whether rendered now or reused from the previous output."""
    if not page.path.endswith(".html"):
        return None
    if page.data is not None:
        return page.data
    return page.source.read_bytes() if page.source is not None else None


def _html_pages(pages: Iterable[OutputFile]) -> Iterator[tuple[str, bytes]]:
    for page in pages:
        data = _html(page)
        if data is not None:
            yield page.path, data


class _Service:
    """A ``pagefind --service`` process: requests written as they come, replies read when
    one is awaited (Pagefind queues its replies, so its output never holds it up)."""

    def __init__(self, binary: Path) -> None:
        # Pagefind's own messages, if any: a file, so that they can never fill a pipe
        self._errors: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close)
        env = {_ALLOCATOR_ENV: _ALLOCATOR_CONF, **os.environ}  # unless set by the user
        try:
            self._process = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._errors,
                env=env,
            )
        except OSError as error:
            self._errors.close()
            raise OutputError(
                f"could not start Pagefind to index the site for search: {error}", hint=_HINT
            ) from None
        self._last_id = 0
        self._awaited = 0
        self._received = 0  # replies: Pagefind answers every request once, in order
        self._stop_after = 0  # the reply after which Pagefind is stopped (0: none)
        self._replies: dict[int, dict[str, Any]] = {}
        self._unread = bytearray()
        self.failures: list[tuple[int, str]] = []  # message id and Pagefind's error

    def send(self, payload: dict[str, Any]) -> int:
        """Write a request; its message id."""
        self._last_id += 1
        message = json.dumps({"message_id": self._last_id, "payload": payload}).encode()
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(base64.b64encode(message) + b",")
            stdin.flush()
        except OSError:  # Pagefind has stopped: said when its reply is awaited
            pass
        return self._last_id

    def call(self, payload: dict[str, Any], last: bool = False) -> dict[str, Any]:
        """Send a request and wait for its reply; OutputError if Pagefind answers an error.

        With ``last``, Pagefind is stopped once the reply has arrived, before it is decoded."""
        key = self._awaited = self.send(payload)
        if last:
            self._stop_after = key
        deadline = time.monotonic() + _TIMEOUT_S
        while key not in self._replies:
            self._read(deadline)
        reply = self._replies.pop(key)
        if reply.get("type") == "Error":
            raise OutputError(
                f"Pagefind failed to index the site for search: {reply.get('message')}",
                hint=_HINT,
            )
        return reply

    def _read(self, deadline: float) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        wait = deadline - time.monotonic()
        ready, _, _ = select.select([stdout], [], [], max(wait, 0))
        if not ready:
            raise OutputError(
                f"Pagefind did not finish indexing the site within {_TIMEOUT_S} s", hint=_HINT
            )
        chunk = os.read(stdout.fileno(), 1 << 20)
        if not chunk:
            raise OutputError(
                f"Pagefind stopped while indexing the site for search{self._last_words()}",
                hint=_HINT,
            )
        start = len(self._unread)
        self._unread += chunk
        end = self._unread.find(b",", start)
        while end != -1:
            message = bytes(self._unread[:end])
            del self._unread[: end + 1]
            self._received += 1
            if self._received == self._stop_after:
                self._stop()
            self._take(message)
            end = self._unread.find(b",")

    def _take(self, message: bytes) -> None:
        try:
            reply = json.loads(base64.b64decode(message))
            key, payload = reply.get("message_id"), reply["payload"]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise OutputError(
                "Pagefind answered something Wren cannot read while indexing the site",
                hint="reinstall pagefind-bin, or " + _HINT,
            ) from None
        if key is None:  # a request Pagefind could not read
            raise OutputError(
                f"Pagefind failed to index the site for search: {payload.get('message')}",
                hint=_HINT,
            )
        if key == self._awaited:
            self._replies[key] = payload
        elif payload.get("type") == "Error":
            self.failures.append((key, str(payload.get("message"))))

    def _last_words(self) -> str:
        self._errors.seek(0)
        lines = self._errors.read().decode(errors="replace").strip().splitlines()
        return f": {lines[-1]}" if lines else ""

    def _stop(self) -> None:
        if self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()  # Pagefind exits at the end of its input
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def close(self) -> None:
        self._stop()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._errors.close()
