"""The demo site, examples/wren-learns-rust, passes `wren check`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from check_sites import check

from wren.errors import Severity

DEMO = Path(__file__).resolve().parents[2] / "examples" / "wren-learns-rust"
RUSTC = shutil.which("rustc") or str(Path.home() / ".cargo/bin/rustc")


def test_demo_site_has_no_errors_without_compiling_rust() -> None:
    report = check(DEMO, "links", "duplicates", "lint")
    assert [d.format() for d in report.diagnostics if d.severity is Severity.ERROR] == []
    assert not report.failed()
    assert report.pages >= 30


@pytest.mark.rustc
@pytest.mark.slow
@pytest.mark.skipif(not Path(RUSTC).exists(), reason="rustc is not installed")
def test_demo_site_rust_examples_all_compile_and_run() -> None:
    report = check(DEMO, "rust", rustc=RUSTC)
    assert [d.format() for d in report.diagnostics] == []
    assert report.rust_examples is not None and report.rust_examples >= 100
