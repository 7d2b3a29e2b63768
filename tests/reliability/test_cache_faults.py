"""A damaged build cache is noticed, named in one line, and rebuilt from the sources: the
output equals a cold build's. The faults are made for real in the cache files."""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from reliakit import snapshot, wren, write_small_site

CACHE_FILES = ["documents.pickle", "pages.pickle", "sources.pickle"]


def truncated(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


def garbage(data: bytes) -> bytes:
    return bytes((byte * 7 + 3) % 256 for byte in data)


def flipped_payload_byte(data: bytes) -> bytes:
    middle = len(data) - 10
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


def other_version(data: bytes) -> bytes:
    magic, header, payload = data.split(b"\n", 2)
    return magic + b"\n" + header.replace(b'"code": "', b'"code": "0ther') + b"\n" + payload


def old_tuple_pickle(data: bytes) -> bytes:
    return pickle.dumps(("0123abcd", {}), protocol=5)  # what Wren wrote before the envelope


def empty(data: bytes) -> bytes:
    return b""


FAULTS: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "truncated": (truncated, "truncated"),
    "half written": (lambda data: data[: len(data) // 2], "truncated"),
    "garbage": (garbage, "not a Wren cache file"),
    "damaged": (flipped_payload_byte, "damaged"),
    "other version": (other_version, "another version of Wren"),
    "old format": (old_tuple_pickle, "not a Wren cache file"),
    "empty": (empty, "not a Wren cache file"),
}


@pytest.fixture(scope="module")
def cold_output(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    site = write_small_site(tmp_path_factory.mktemp("cold") / "site")
    assert wren("build", site, "--no-search").returncode == 0
    files: dict[str, bytes] = snapshot(site / "public")
    return files


# Every fault on the documents; the two commonest on the other files (the code path is shared).
CASES = [("documents.pickle", fault) for fault in FAULTS] + [
    (name, fault) for name in CACHE_FILES[1:] for fault in ("truncated", "other version")
]


@pytest.mark.parametrize(("name", "fault"), CASES)
def test_a_damaged_cache_file_is_named_once_and_the_output_equals_a_cold_build(
    small_site: Path, cold_output: dict[str, bytes], name: str, fault: str
) -> None:
    assert wren("build", small_site, "--no-search").returncode == 0
    cache_file = small_site / ".wren-cache" / name
    damage, reason = FAULTS[fault]
    cache_file.write_bytes(damage(cache_file.read_bytes()))
    (small_site / "content/posts/2026-01-01-first.md").touch()  # stamps must be believed or not
    result = wren("build", small_site, "--no-search")
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1, result.stderr
    assert name in notes[0]
    assert reason in notes[0]
    assert "Traceback" not in result.stderr
    assert snapshot(small_site / "public") == cold_output
    again = wren("build", small_site, "--no-search")
    assert again.returncode == 0
    assert "note:" not in again.stderr  # the cache was written afresh


def test_leftovers_of_a_killed_cache_write_do_not_matter(
    small_site: Path, cold_output: dict[str, bytes]
) -> None:
    assert wren("build", small_site, "--no-search").returncode == 0
    cache = small_site / ".wren-cache"
    (cache / ".documents.pickle.k1ll3d").write_bytes(
        truncated((cache / "pages.pickle").read_bytes())
    )
    result = wren("build", small_site, "--no-search")
    assert result.returncode == 0
    assert "note:" not in result.stderr
    assert snapshot(small_site / "public") == cold_output


def test_a_removed_cache_is_no_problem(small_site: Path, cold_output: dict[str, bytes]) -> None:
    assert wren("build", small_site, "--no-search").returncode == 0
    shutil.rmtree(small_site / ".wren-cache")
    result = wren("build", small_site, "--no-search")
    assert (result.returncode, "note:" in result.stderr) == (0, False)
    assert snapshot(small_site / "public") == cold_output
