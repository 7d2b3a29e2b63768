"""Writing the output: every file into a staging folder, swapped in whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from wren.errors import OutputError
from wren.pipeline.write import OutputFile, write_output

FREED: list[bytes] = []


class Watched(bytes):
    """Bytes that note in ``FREED`` when they are freed."""

    def __del__(self) -> None:
        FREED.append(bytes(self))


def pages(*names: str) -> Iterator[OutputFile]:
    for name in names:
        yield OutputFile(f"{name}/index.html", Watched(f"<p>{name}</p>".encode()))


def test_late_files_join_the_others_and_are_counted(tmp_path: Path) -> None:
    out = tmp_path / "public"
    stats = write_output(pages("a", "b"), out, lambda: [OutputFile("pagefind/x.js", b"x")])
    assert (out / "a" / "index.html").read_bytes() == b"<p>a</p>"
    assert (out / "pagefind" / "x.js").read_bytes() == b"x"
    assert (stats.written, stats.unchanged, stats.removed) == (3, 0, 0)
    again = write_output(pages("a"), out, lambda: [OutputFile("pagefind/x.js", b"x")])
    assert (again.written, again.unchanged, again.removed) == (0, 2, 1)


def test_the_pages_are_let_go_before_the_late_files_are_made(tmp_path: Path) -> None:
    FREED.clear()
    freed_before_late: list[bytes] = []

    def late() -> list[OutputFile]:
        freed_before_late.extend(FREED)
        return []

    write_output(pages("a", "b", "c"), tmp_path / "public", late)
    assert sorted(freed_before_late) == [b"<p>a</p>", b"<p>b</p>", b"<p>c</p>"]


def test_a_late_file_where_a_page_is_written_is_an_error_and_the_output_stays(
    tmp_path: Path,
) -> None:
    out = tmp_path / "public"
    write_output(pages("a"), out)
    with pytest.raises(OutputError, match=r"two outputs write a/index\.html"):
        write_output(pages("a", "b"), out, lambda: [OutputFile("a/index.html", b"late")])
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["a"]
    assert not list(tmp_path.glob(".public.*"))
