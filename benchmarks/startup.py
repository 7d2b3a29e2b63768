"""Start-up: wall time of short commands, with and without compiled bytecode.

    .venv/bin/python benchmarks/startup.py [--runs 5] [--wren-src /tmp/before/src --wren-src src]

Times, as the median of ``--runs`` runs taking turns, ``wren --help``, a build of a 20-post
site, and ``wren check --no-rust`` of the site ``wren new`` makes and of the 20-post site
(issue 17: each under 0.3 s). Each runs twice: with the bytecode the packages were installed
with, and with none (``PYTHONPYCACHEPREFIX`` names an empty folder and
``PYTHONDONTWRITEBYTECODE`` is set, as where packages were installed without it), so every
module is compiled from source at each start. ``--wren-src`` compares Wrens from several
``src`` folders (see ``serve_latency.py``). The sites go to ``benchmarks/.work/startup/``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
WORK_DIR = BENCH_DIR / ".work" / "startup"
WREN = str(Path(sys.executable).with_name("wren"))


def sites() -> tuple[Path, Path]:
    """The site of ``wren new`` and a 20-post generated site, made once and built once."""
    small, twenty = WORK_DIR / "new", WORK_DIR / "twenty"
    if not (small / "site.toml").is_file():
        shutil.rmtree(small, ignore_errors=True)
        subprocess.run([WREN, "new", str(small)], check=True, capture_output=True)
    if not (twenty / "site.toml").is_file():
        sys.path.insert(0, str(BENCH_DIR))
        from generate import generate_posts, write_wren_site

        write_wren_site(twenty, generate_posts(20))
        subprocess.run([WREN, "build", str(twenty), "--no-search"], check=True)
    return small, twenty


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--wren-src", type=Path, action="append", help="time this src folder")
    args = parser.parse_args(argv)
    small, twenty = sites()
    commands = {
        "wren --help": ["--help"],
        "wren build, 20 posts": ["build", str(twenty), "--no-search"],
        "wren check --no-rust, wren new's site": ["check", str(small), "--no-rust"],
        "wren check --no-rust, 20 posts": ["check", str(twenty), "--no-rust"],
    }
    empty = WORK_DIR / "no-bytecode"
    empty.mkdir(parents=True, exist_ok=True)
    variants: dict[str, dict[str, str]] = {}
    for src in args.wren_src or [None]:
        for bytecode in (True, False):
            env = {**os.environ}
            if src is not None:
                env["PYTHONPATH"] = str(src.resolve())
            if not bytecode:  # found nowhere, and never written
                env |= {"PYTHONPYCACHEPREFIX": str(empty), "PYTHONDONTWRITEBYTECODE": "1"}
            label = f"{src or 'installed'}, {'bytecode' if bytecode else 'no bytecode'}"
            variants[label] = env
    times: dict[tuple[str, str], list[float]] = {(c, v): [] for c in commands for v in variants}
    for _ in range(args.runs):
        for command, arguments in commands.items():
            for label, env in variants.items():
                started = time.perf_counter()
                done = subprocess.run([WREN, *arguments], env=env, capture_output=True)
                times[command, label].append(time.perf_counter() - started)
                if done.returncode != 0:
                    sys.exit(f"{command} ({label}) failed:\n{done.stdout.decode()}")
    width = max(map(len, variants))
    for command in commands:
        print(command)
        for label in variants:
            runs = times[command, label]
            median = statistics.median(runs)
            print(f"  {label:<{width}}  median {median:.3f} s  min {min(runs):.3f}")
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
