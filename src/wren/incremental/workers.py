"""Parse many sources at once: cached documents are reused, the rest spread over all cores.

Output never depends on scheduling: results come back in the order of the sources.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from wren.errors import ErrorGroup, WrenError
from wren.incremental.cache import DocumentCache, source_key
from wren.pipeline.discover import SourceFile
from wren.pipeline.markdown import MarkdownRenderer
from wren.pipeline.parse import Document, parse_source

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

# multiprocessing, concurrent.futures and ctypes are imported where a process is started:
# a small site, built in one process, never needs them.

__all__ = ["ParseOutcome", "document_key", "fork_map", "parse_all"]

ParseOutcome = Document | WrenError
T = TypeVar("T")
R = TypeVar("R")
# Below this many files to parse, starting worker processes costs more than it saves.
_PARALLEL_FROM = 48
_PR_SET_PDEATHSIG = 1


def fork_map(
    func: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    each: Callable[[R], None] | None = None,
) -> list[R]:
    """``[func(item) for item in items]``, shared with forked children that inherit ``func``
    and ``items`` as they are in memory: only the results travel back, pickled.

    ``each`` sees every result as soon as this process has it: one by one for the share this
    process makes itself, then each child's share as it arrives (not in the order of ``items``).
    Runs in this process alone where forking is unsafe (other threads) or not worth it.
    """
    see = each or (lambda result: None)
    if workers <= 1 or len(items) < 2 * workers or not _can_fork():
        return [_seen(func(item), see) for item in items]
    import multiprocessing

    context = multiprocessing.get_context("fork")
    children = []
    try:
        for part in range(1, workers):
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_child, args=(func, items[part::workers], send))
            child.start()
            send.close()
            children.append((child, receive))
        parts: list[list[R]] = [[_seen(func(item), see) for item in items[0::workers]]]
        for _, receive in children:
            outcome = receive.recv()
            if isinstance(outcome, BaseException):
                raise outcome
            parts.append([_seen(result, see) for result in outcome])
    finally:
        for child, receive in children:
            receive.close()
            child.join(timeout=5)
            if child.is_alive():
                child.kill()
    results: list[R] = [None] * len(items)  # type: ignore[list-item]
    for part, values in enumerate(parts):
        results[part::workers] = values
    return results


def _seen(result: R, each: Callable[[R], None]) -> R:
    each(result)
    return result


def _child(func: Callable[[T], R], items: Sequence[T], send: Connection) -> None:
    die_with_parent()
    try:
        send.send([func(item) for item in items])
    except BaseException as error:  # handed to the parent, which raises it
        send.send(error)
    finally:
        send.close()


def die_with_parent() -> None:
    """In a worker process: be killed when the process that started it dies (Linux), so a
    build killed by a time-out or the OOM killer leaves no worker holding its output pipes."""
    import ctypes.util
    import multiprocessing

    name = ctypes.util.find_library("c")
    prctl = getattr(ctypes.CDLL(name), "prctl", None) if name else None
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # it died before prctl took effect
        os._exit(1)


def _can_fork() -> bool:
    return os.name == "posix" and threading.active_count() == 1


def _parse_chunk(
    chunk: Sequence[SourceFile], renderer: MarkdownRenderer | None = None
) -> list[ParseOutcome]:
    renderer = renderer or MarkdownRenderer()
    outcomes: list[ParseOutcome] = []
    for source in chunk:
        try:
            outcomes.append(parse_source(source, renderer))
        except WrenError as error:
            outcomes.append(error)
    return outcomes


def _chunks(items: Sequence[SourceFile], count: int) -> list[Sequence[SourceFile]]:
    size = max(1, -(-len(items) // count))
    return [items[start : start + size] for start in range(0, len(items), size)]


def _parse_misses(
    misses: Sequence[SourceFile],
    jobs: int,
    progress: Callable[[int], None],
    renderer: MarkdownRenderer,
) -> list[ParseOutcome]:
    if jobs <= 1 or len(misses) < _PARALLEL_FROM:
        outcomes = []
        for chunk in _chunks(misses, max(1, len(misses) // 64)):
            outcomes.extend(_parse_chunk(chunk, renderer))
            progress(len(chunk))
        return outcomes
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork is cheapest, but only safe while this process runs a single thread.
    method = "fork" if _can_fork() else "spawn"
    context = multiprocessing.get_context(method)
    outcomes = []
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=die_with_parent
    ) as executor:
        for chunk, result in zip(
            chunks := _chunks(misses, jobs * 8), executor.map(_parse_chunk, chunks), strict=True
        ):
            outcomes.extend(result)
            progress(len(chunk))
    return outcomes


def document_key(source: SourceFile, renderer: MarkdownRenderer) -> str:
    """The cache key of a parsed document: a body rendered with other Markdown settings
    is another body."""
    return f"{source_key(source)}:{renderer.settings.key}"


def parse_all(
    sources: Sequence[SourceFile],
    cache: DocumentCache,
    jobs: int | None = None,
    progress: Callable[[int], None] = lambda n: None,
    renderer: MarkdownRenderer | None = None,
) -> list[Document]:
    """Every source parsed (or taken from the cache); all broken files reported at once."""
    renderer = renderer or MarkdownRenderer()
    keys = [document_key(source, renderer) for source in sources]
    found: dict[str, Document] = {}
    missed: list[tuple[str, SourceFile]] = []
    for key, source in zip(keys, sources, strict=True):
        cached = cache.get(key)
        if cached is not None:
            found[key] = cached
        else:
            missed.append((key, source))
    progress(len(found))
    errors: list[WrenError] = []
    misses = [source for _, source in missed]
    workers = jobs or os.cpu_count() or 1
    outcomes = _parse_misses(misses, workers, progress, renderer)
    for (key, _), outcome in zip(missed, outcomes, strict=True):
        if isinstance(outcome, WrenError):
            errors.append(outcome)
        else:
            found[key] = dataclasses.replace(outcome, source_key=key)
    ErrorGroup.raise_if_any(errors)
    cache.keep_only(found)
    return [found[key] for key in keys]
