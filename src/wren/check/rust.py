"""Compile and run every ```rust block of a site, the way ``rustdoc --test`` / ``mdbook test`` do.

Each block becomes a program as rustdoc builds it (hidden ``# `` lines shown, crate attributes on
top, ``fn main`` added if missing), compiled by the real ``rustc`` in a temporary folder, several
at once, then run as its info string says. Errors point at the Markdown line the compiler or the
panic names.

Results are cached in ``.wren-cache/rust/`` by the block's text, info string, edition, the
compiler's flags and ``rustc --version``: a success in ``KEY.json``, a failure in
``KEY-LINE.json`` (the fence's line, which the compiled program's line numbers follow) as
the compiler's and the program's exit status and output, from which the diagnostic is
made again exactly as the first time. Timeouts are not cached: they may be the machine's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wren.atomic import write_atomic
from wren.config import RUST_EDITIONS
from wren.errors import Diagnostic, Severity, SourceLocation
from wren.pipeline.highlight import fence_tokens, hidden_lines_stripped, rust_lines, rustdoc_line

__all__ = [
    "RustAttributes",
    "RustCheckOptions",
    "RustExample",
    "check_rust_examples",
    "examples_to_compile",
    "hidden_lines_stripped",
    "is_rust_block",
    "parse_info",
    "program_source",
    "rustc_missing_note",
    "rustc_version",
]

CHECK = "rust"
EDITIONS = RUST_EDITIONS
HINT_LINES = 15
_SOURCE_NAME = "main.rs"
_CACHE_FORMAT = 2
_TAIL_BYTES = 64 * 1024
_RUSTC_FLAGS = ("--cfg", "doctest", "-A", "warnings", "--error-format=json")
_ERROR_CODE = re.compile(r"E\d{4}")
_MAIN_FN = re.compile(
    r"^[ \t]*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?"
    r"(?:extern\s+(?:\"[^\"]*\"\s+)?)?fn\s+main\s*[(<]",
    re.MULTILINE,
)
_SOURCE_POSITION = re.compile(re.escape(_SOURCE_NAME) + r":(\d+):(\d+)")
_PANIC_AT = re.compile(r"panicked at " + re.escape(_SOURCE_NAME) + r":(\d+):(\d+):\n(.*)")
_INNER_MAIN = "fn main() { fn _inner() -> core::result::Result<(), impl core::fmt::Debug> {"


@dataclass(frozen=True, slots=True)
class RustExample:
    """One fenced Rust block: where its opening fence is, its info string and its text."""

    location: SourceLocation
    info: str
    code: str


@dataclass(frozen=True, slots=True)
class RustAttributes:
    """What a block's info string asks for, as rustdoc reads it."""

    is_rust: bool
    ignore: bool = False
    no_run: bool = False
    should_panic: bool = False
    compile_fail: bool = False
    test_harness: bool = False
    edition: str | None = None
    error_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RustCheckOptions:
    """How to check: where to cache, how many compilations at once, which rustc."""

    cache_dir: Path | None
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    rustc: str = "rustc"
    default_edition: str = "2021"
    timeout_s: float = 30.0
    compile_ignored: bool = False  # compile `ignore` blocks too (``[rust] compile = "all"``)


@dataclass(frozen=True, slots=True)
class _Origin:
    """Where a program line came from: its index in the block and how its columns shifted."""

    index: int
    shift_after: int = 0  # columns greater than this one moved right by ``shift``
    shift: int = 0


@dataclass(frozen=True, slots=True)
class _Program:
    source: str
    origins: tuple[_Origin | None, ...]  # one per program line

    def locate(self, example: RustExample, line: int, column: int) -> SourceLocation:
        """Map a 1-based program line and column back to the Markdown file."""
        fence = example.location
        origin = self.origins[line - 1] if 0 < line <= len(self.origins) else None
        if origin is None or fence.line is None:
            return SourceLocation(fence.path, fence.line)
        if column > origin.shift_after:
            column += origin.shift
        return SourceLocation(fence.path, fence.line + 1 + origin.index, column)


@dataclass(frozen=True, slots=True)
class _Job:
    example: RustExample
    attrs: RustAttributes
    edition: str
    program: _Program
    key: str


@dataclass(frozen=True, slots=True)
class _Outcome:
    status: int | None  # None: timed out
    stderr: str


def is_rust_block(info: str) -> bool:
    """True for ``rust`` and ``rust`` with attributes; false for ``rustc-output``, ``text``…"""
    tokens = fence_tokens(info)
    return bool(tokens) and tokens[0].lower() == "rust"


def parse_info(info: str) -> RustAttributes:
    """Read a fence info string such as ``rust,no_run`` or ``rust should_panic edition2018``."""
    tokens = set(fence_tokens(info))
    editions = [t.removeprefix("edition") for t in tokens if t.removeprefix("edition") in EDITIONS]
    return RustAttributes(
        is_rust=is_rust_block(info),
        ignore="ignore" in tokens,
        no_run="no_run" in tokens,
        should_panic="should_panic" in tokens,
        compile_fail="compile_fail" in tokens,
        test_harness="test_harness" in tokens,
        edition=max(editions) if editions else None,
        error_codes=tuple(sorted(t for t in tokens if _ERROR_CODE.fullmatch(t))),
    )


def _split_line(line: str) -> tuple[bool, str, _Origin]:
    """Read one block line as rustdoc does: (hidden?, text compiled, column shift)."""
    hidden, text = rustdoc_line(line)
    indent = len(line) - len(line.lstrip())
    if not hidden and line.strip().startswith("##"):
        return False, text, _Origin(0, indent + 1, 1)
    if hidden and text:
        return True, text, _Origin(0, 0, indent + 2)
    return hidden, text, _Origin(0)


def _prelude_length(lines: Sequence[str]) -> int:
    """How many leading lines (crate attributes, ``extern crate``) stay outside ``main``."""
    length, depth, crates = 0, 0, False
    for number, line in enumerate(lines, start=1):
        trimmed = line.strip()
        if depth > 0 or (trimmed.startswith("#![") and not crates):
            depth = max(0, depth + trimmed.count("[") - trimmed.count("]"))
        elif trimmed.startswith(("extern crate", "#[macro_use] extern crate")):
            crates = True
        elif trimmed and not (trimmed.startswith("//") and not trimmed.startswith("///")):
            break
        length = number
    return length


def _build_program(code: str, attrs: RustAttributes, fence_line: int | None = None) -> _Program:
    """The program for a block; given the fence line, blank lines are added after the first so
    that the block's code sits on the same line numbers as in the Markdown file (compiler
    snippets then show the right numbers)."""
    lines: list[str] = []
    origins: list[_Origin | None] = [None]
    for index, line in enumerate(rust_lines(code)):
        _, text, origin = _split_line(line)
        lines.append(text)
        origins.append(dataclasses.replace(origin, index=index))
    prelude = _prelude_length(lines)
    body = "\n".join(lines[prelude:])
    out = ["#![allow(unused)]", *lines[:prelude]]
    wrap = not (attrs.test_harness or _MAIN_FN.search(body))
    pad = max(0, fence_line - (2 if wrap else 1)) if fence_line else 0
    out[1:1], origins[1:1] = [""] * pad, [None] * pad
    if not wrap:
        out += lines[prelude:]
    else:
        result = body.rstrip().endswith("(())")
        out += [_INNER_MAIN if result else "fn main() {", *lines[prelude:]]
        out.append("} _inner().unwrap() }" if result else "}")
        origins.insert(pad + prelude + 1, None)
        origins.append(None)
    return _Program("\n".join(out) + "\n", tuple(origins))


def program_source(code: str, attrs: RustAttributes) -> str:
    """The program compiled for a block: hidden lines shown, wrapped in ``fn main`` if needed."""
    return _build_program(code, attrs).source


def rustc_version(rustc: str = "rustc") -> str | None:
    """``rustc --version`` (e.g. ``rustc 1.83.0 (90b35a623 2024-11-26)``), or None if missing."""
    try:
        done = subprocess.run(
            [rustc, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    version = done.stdout.strip()
    return version if done.returncode == 0 and version else None


def _read_tail(path: Path) -> str:
    try:
        with path.open("rb") as file:
            file.seek(max(0, path.stat().st_size - _TAIL_BYTES))
            return file.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _execute(args: Sequence[str], cwd: Path, name: str, timeout: float) -> _Outcome:
    """Run a process in its own session; kill the whole group if it outlives ``timeout``."""
    err_path = cwd / f"{name}.stderr"
    env, quiet = {**os.environ, "RUST_BACKTRACE": "0"}, subprocess.DEVNULL
    with err_path.open("wb") as err:
        proc = subprocess.Popen(
            args, cwd=cwd, stdin=quiet, stdout=quiet, stderr=err, env=env, start_new_session=True
        )
        try:
            status: int | None = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                proc.kill()
            proc.wait()
            status = None
    return _Outcome(status, _read_tail(err_path))


def _rustc_errors(stderr: str) -> list[dict[str, Any]]:
    """The errors in rustc's JSON output, without the closing "aborting due to" summary."""
    found: list[dict[str, Any]] = []
    for line in stderr.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if not isinstance(item, dict) or item.get("$message_type", "diagnostic") != "diagnostic":
            continue
        level, message = str(item.get("level")), str(item.get("message"))
        if level.startswith("error") and not message.startswith("aborting due to"):
            found.append(item)
    return found


def _error_code(item: dict[str, Any]) -> str | None:
    code = item.get("code")
    value = code.get("code") if isinstance(code, dict) else None
    return value if isinstance(value, str) else None


def _primary_position(item: dict[str, Any]) -> tuple[int, int] | None:
    """The line and column in our source of the primary span, through macro expansions."""
    for span in item.get("spans") or ():
        current = span if isinstance(span, dict) and span.get("is_primary") else None
        while isinstance(current, dict):
            if current.get("file_name") == _SOURCE_NAME:
                return int(current["line_start"]), int(current["column_start"])
            expansion = current.get("expansion")
            current = expansion.get("span") if isinstance(expansion, dict) else None
    return None


def _headline(item: dict[str, Any]) -> str:
    code = _error_code(item)
    level = str(item.get("level", "error"))
    prefix = f"{level}[{code}]" if code and _ERROR_CODE.fullmatch(code) else level
    return f"{prefix}: {item.get('message', '')}"


def _trimmed(text: str, job: _Job, *, tail: bool = False) -> str:
    """At most HINT_LINES lines of ``text``, with program positions turned into Markdown ones."""

    def relocate(match: re.Match[str]) -> str:
        return str(job.program.locate(job.example, int(match[1]), int(match[2])))

    lines = _SOURCE_POSITION.sub(relocate, text).strip("\n").rstrip().splitlines()
    if len(lines) <= HINT_LINES:
        return "\n".join(lines)
    if tail:
        return "\n".join(["…", *lines[-HINT_LINES:]])
    return "\n".join([*lines[:HINT_LINES], f"… ({len(lines) - HINT_LINES} more lines)"])


def _error(location: SourceLocation, message: str, hint: str | None) -> Diagnostic:
    return Diagnostic(Severity.ERROR, location, message, CHECK, hint or None)


def _compile_error(job: _Job, outcome: _Outcome) -> Diagnostic:
    errors = _rustc_errors(outcome.stderr)
    fence = job.example.location
    if not errors:
        message = f"Rust example does not compile: rustc exited with status {outcome.status}"
        return _error(fence, message, _trimmed(outcome.stderr, job))
    position = _primary_position(errors[0])
    location = job.program.locate(job.example, *position) if position else fence
    rendered = "".join(str(item.get("rendered") or "") for item in errors)
    hint = _trimmed(rendered, job)
    return _error(location, f"Rust example does not compile: {_headline(errors[0])}", hint)


def _compile_fail_result(job: _Job, outcome: _Outcome) -> Diagnostic | None:
    fence = job.example.location
    if outcome.status == 0:
        hint = "remove `compile_fail` from the info string, or make the example fail to compile"
        return _error(fence, "Rust example marked compile_fail compiled successfully", hint)
    errors = _rustc_errors(outcome.stderr)
    found = {_error_code(item) for item in errors}
    missing = [code for code in job.attrs.error_codes if code not in found]
    if not missing:
        return None
    rendered = "".join(str(item.get("rendered") or "") for item in errors)
    message = f"Rust example marked compile_fail did not fail with {', '.join(missing)}"
    return _error(fence, message, _trimmed(rendered, job))


def _run_error(job: _Job, outcome: _Outcome, timeout: float) -> Diagnostic | None:
    fence = job.example.location
    hint = _trimmed(outcome.stderr, job, tail=True)
    if outcome.status is None:
        return _error(fence, f"Rust example timed out: running took over {timeout:g}s", hint)
    if job.attrs.should_panic:
        if outcome.status == 101:
            return None
        what = "did not panic" if outcome.status == 0 else f"exited with status {outcome.status}"
        return _error(fence, f"Rust example marked should_panic {what}", hint)
    if outcome.status == 0:
        return None
    panic = _PANIC_AT.search(outcome.stderr)
    if panic and outcome.status == 101:
        location = job.program.locate(job.example, int(panic[1]), int(panic[2]))
        return _error(location, f"Rust example panicked: {panic[3].strip()}", hint)
    if outcome.status == 101:
        return _error(fence, "Rust example panicked", hint)
    status = outcome.status
    how = f"killed by signal {-status}" if status < 0 else f"exited with status {status}"
    return _error(fence, f"Rust example failed: {how}", hint)


def _compile_and_run(
    job: _Job, options: RustCheckOptions, tmp: Path
) -> tuple[_Outcome, _Outcome | None]:
    """The compiler's outcome, and the program's when it was run."""
    (tmp / _SOURCE_NAME).write_text(job.program.source, encoding="utf-8")
    exe = tmp / "example"
    kind = ("--test",) if job.attrs.test_harness else ("--crate-type", "bin")
    args = [options.rustc, "--edition", job.edition, *kind, *_RUSTC_FLAGS, "-o", str(exe)]
    built = _execute([*args, _SOURCE_NAME], tmp, "rustc", options.timeout_s)
    if built.status != 0 or job.attrs.compile_fail or job.attrs.no_run:
        return built, None
    return built, _execute([str(exe)], tmp, "run", options.timeout_s)


def _verdict(job: _Job, built: _Outcome, ran: _Outcome | None, timeout: float) -> Diagnostic | None:
    """What the outcomes say about the example: nothing, or its diagnostic."""
    if built.status is None:
        message = f"Rust example timed out: compiling took over {timeout:g}s"
        return _error(job.example.location, message, None)
    if job.attrs.compile_fail:
        return _compile_fail_result(job, built)
    if built.status != 0:
        return _compile_error(job, built)
    return None if ran is None else _run_error(job, ran, timeout)


@dataclass(frozen=True, slots=True)
class _Cached:
    """A block's cached result: a success, or the outcomes of a failure."""

    ok: bool
    built: _Outcome | None = None
    ran: _Outcome | None = None


def _read_cached(path: Path | None) -> _Cached | None:
    if path is None:
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if record.get("outcome") == "ok":
            return _Cached(ok=True)
        if record.get("outcome") == "failed":
            ran = record["ran"]
            return _Cached(False, _Outcome(*record["built"]), _Outcome(*ran) if ran else None)
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        pass
    return None


def _store(path: Path | None, record: dict[str, Any]) -> None:
    if path is None:
        return
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
        write_atomic(path, json.dumps(record).encode())


def _check_one(job: _Job, options: RustCheckOptions, version: str) -> Diagnostic | None:
    folder = options.cache_dir
    success = folder / f"{job.key}.json" if folder else None
    failure = folder / f"{job.key}-{job.example.location.line or 0}.json" if folder else None
    cached = _read_cached(success) or _read_cached(failure)
    if cached is not None and cached.ok:
        return None
    if cached is not None and cached.built is not None:
        return _verdict(job, cached.built, cached.ran, options.timeout_s)
    try:
        with tempfile.TemporaryDirectory(prefix="wren-rust-") as tmp:
            built, ran = _compile_and_run(job, options, Path(tmp))
    except OSError as exc:
        return _error(job.example.location, f"Rust example could not be checked: {exc}", None)
    result = _verdict(job, built, ran, options.timeout_s)
    if result is None:
        _store(success, {"outcome": "ok", "rustc": version})
    elif built.status is not None and (ran is None or ran.status is not None):
        outcomes = {"built": dataclasses.astuple(built), "ran": ran and dataclasses.astuple(ran)}
        _store(failure, {"outcome": "failed", "rustc": version, **outcomes})
    return result


def _make_job(example: RustExample, options: RustCheckOptions, version: str) -> _Job:
    attrs = parse_info(example.info)
    edition = attrs.edition or options.default_edition
    flags = list(_RUSTC_FLAGS)
    payload = [_CACHE_FORMAT, version, edition, flags, dataclasses.asdict(attrs), example.code]
    key = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
    program = _build_program(example.code, attrs, example.location.line)
    return _Job(example, attrs, edition, program, key)


def examples_to_compile(
    examples: Sequence[RustExample], compile_ignored: bool = False
) -> list[RustExample]:
    """The Rust examples that are compiled, in file order: all but those marked ``ignore``,
    or with ``compile_ignored`` (``[rust] compile = "all"``) those too."""
    return sorted(
        (
            e
            for e in examples
            if is_rust_block(e.info) and (compile_ignored or not parse_info(e.info).ignore)
        ),
        key=lambda e: (e.location.path, e.location.line or 0),
    )


def rustc_missing_note(
    examples: Sequence[RustExample], rustc: str, compile_ignored: bool = False
) -> str | None:
    """What the check says, once for the whole site, when there are examples but no ``rustc``.

    None when there is nothing to compile or ``rustc`` runs.
    """
    if not examples_to_compile(examples, compile_ignored) or rustc_version(rustc) is not None:
        return None
    shown = "" if rustc == "rustc" else f" at {rustc}"
    return (
        f"Rust examples skipped: rustc not found{shown} "
        "(install Rust with rustup, or put rustc on PATH, to check them)"
    )


def check_rust_examples(
    examples: Sequence[RustExample], options: RustCheckOptions, version: str | None = None
) -> list[Diagnostic]:
    """Compile (and run) every Rust example; one diagnostic per failing example, sorted.

    ``version`` is ``rustc --version``, asked here when not given. Without a working
    ``rustc`` nothing is checked (``rustc_missing_note`` says so).
    """
    wanted = examples_to_compile(examples, options.compile_ignored)
    if not wanted:
        return []
    version = version or rustc_version(options.rustc)
    if version is None:
        return []
    jobs = [_make_job(example, options, version) for example in wanted]
    import concurrent.futures  # here: `wren check --no-rust` never starts a pool

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        results = pool.map(lambda job: _check_one(job, options, version), jobs)
        found = [diagnostic for diagnostic in results if diagnostic is not None]
    return sorted(found, key=lambda d: (d.location.path, d.location.line or 0, d.message))
