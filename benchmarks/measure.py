"""Run one command and measure its wall time, CPU time and peak memory, children included.

CPU time (user + system, from ``wait4``) is steadier than wall time when other work shares
the machine, so it is recorded beside it.

Peak memory is the larger of two figures, so that it is never understated:

- ``max_rss``: the peak resident set of the largest single process of the run, from the
  kernel's accounting at exit (``wait4``), which is what ``/usr/bin/time -v`` prints;
- ``tree_rss``: the highest sum of the resident sets of the command and all its descendants,
  sampled every 25 ms, which counts the workers of a process pool together.

Summing resident sets counts a page shared by two processes twice, so for a process pool this
overstates. The sampled proportional set size (``tree_pss``, shared pages split between the
processes sharing them) is recorded too, as the fairer figure for a pool.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Measurement", "measure"]

SAMPLE_SECONDS = 0.025
_KIB = 1024


@dataclass(frozen=True, slots=True)
class Measurement:
    seconds: float
    cpu_seconds: float  # user + system time of the command and the children it waited for
    max_rss: int  # bytes
    tree_rss: int  # bytes
    tree_pss: int  # bytes
    returncode: int

    @property
    def peak_memory(self) -> int:
        return max(self.max_rss, self.tree_rss)


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it, from the parent ids in ``/proc/*/stat``.

    Only processes started after ``root`` are read (process ids grow until they wrap around,
    which takes millions of processes), so that sampling stays cheap on a busy machine.
    """
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) <= root:
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


def _rss_and_pss(pid: int) -> tuple[int, int]:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = {}
    for line in text.splitlines()[1:]:
        key, _, rest = line.partition(":")
        if key in ("Rss", "Pss"):
            values[key] = int(rest.split()[0]) * _KIB
    return values.get("Rss", 0), values.get("Pss", 0)


class _TreeSampler(threading.Thread):
    """Samples the memory of a process tree until told to stop; keeps the peaks."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_rss = 0
        self.peak_pss = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            pairs = [_rss_and_pss(pid) for pid in _descendants(self.pid)]
            self.peak_rss = max(self.peak_rss, sum(rss for rss, _ in pairs))
            self.peak_pss = max(self.peak_pss, sum(pss for _, pss in pairs))
            self.done.wait(SAMPLE_SECONDS)


def measure(command: Sequence[str | Path], cwd: Path, log: Path) -> Measurement:
    """Run ``command`` in ``cwd`` with its output sent to ``log``; measure it."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(part) for part in command], cwd=cwd, stdout=out, stderr=subprocess.STDOUT
        )
        sampler = _TreeSampler(process.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - started
        except BaseException:  # Ctrl-C: leave no build running
            process.kill()
            process.wait()
            raise
        finally:
            sampler.done.set()
            sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    return Measurement(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        max_rss=usage.ru_maxrss * _KIB,
        tree_rss=sampler.peak_rss,
        tree_pss=sampler.peak_pss,
        returncode=process.returncode,
    )
