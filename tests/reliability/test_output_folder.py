"""`wren build -o DIR` never deletes a file that Wren did not write.

Wren replaces only an output folder holding its marker (``.wren-output``), an empty folder or
a new one. Any other folder is refused unless the user passes ``--force``; some folders are
refused whatever the flags. Each test checks that every file is still there, byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reliakit import assert_clean_failure, snapshot, wren

from wren.pipeline.write import OUTPUT_MARKER


def fill(folder: Path, files: dict[str, bytes]) -> dict[str, bytes]:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    written: dict[str, bytes] = snapshot(folder)
    return written


USER_FILES = {"photos/1.jpg": b"\xff\xd8\xff\xe0 a photo", "thesis.txt": b"Four years of work.\n"}


def test_a_folder_of_someone_elses_files_is_refused_and_kept(
    small_site: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "some-folder"
    before = fill(folder, USER_FILES)
    result = wren("build", small_site, "-o", folder)
    assert_clean_failure(result, "did not write", "--force", "photos")
    assert snapshot(folder) == before


def test_a_folder_holding_another_projects_sources_is_refused(
    small_site: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other-project"
    before = fill(other, {"site.toml": b'title = "Other"\n', "content/posts/a.md": b"---\n"})
    result = wren("build", small_site, "-o", other)
    assert_clean_failure(result, "did not write")
    assert snapshot(other) == before


@pytest.mark.parametrize("repository", [".git", ".hg"])
def test_a_repository_folder_is_refused_even_with_force(small_site: Path, repository: str) -> None:
    folder = small_site / repository
    before = fill(folder, {"HEAD": b"ref: refs/heads/main\n", "config": b"[core]\n"})
    result = wren("build", small_site, "-o", folder, "--force")
    assert_clean_failure(result, "version-control")
    assert snapshot(folder) == before


def test_a_folder_holding_a_repository_is_refused_even_with_force(
    small_site: Path, tmp_path: Path
) -> None:
    pages = tmp_path / "user.github.io"
    before = fill(pages, {".git/HEAD": b"ref: refs/heads/main\n", "index.html": b"<p>old</p>"})
    result = wren("build", small_site, "-o", pages, "--force")
    assert_clean_failure(result, "repository", "copy it into place")
    assert snapshot(pages) == before


def test_the_build_cache_is_refused_even_with_force(small_site: Path) -> None:
    assert wren("build", small_site).returncode == 0
    cache = small_site / ".wren-cache"
    before = snapshot(cache)
    result = wren("build", small_site, "-o", cache, "--force")
    assert_clean_failure(result, "build cache")
    assert snapshot(cache) == before


@pytest.mark.parametrize("which", ["site", "parent", "grandparent"])
def test_the_site_and_folders_holding_it_are_refused_even_with_force(
    small_site: Path, which: str
) -> None:
    target = {"site": small_site, "parent": small_site.parent}.get(which, small_site.parent.parent)
    before = snapshot(small_site)
    result = wren("build", small_site, "-o", target, "--force")
    assert_clean_failure(result, "holds the site itself")
    assert snapshot(small_site) == before


def test_the_home_folder_is_refused_even_with_force(small_site: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    before = fill(home, {".bashrc": b"export X=1\n", "notes.md": b"# notes\n"})
    result = wren("build", small_site, "-o", home, "--force", env={"HOME": str(home)})
    assert_clean_failure(result, "home folder")
    assert snapshot(home) == before


def test_a_folder_inside_the_sites_content_is_refused(small_site: Path) -> None:
    before = snapshot(small_site / "content")
    result = wren("build", small_site, "-o", small_site / "content/out", "--force")
    assert_clean_failure(result, "content/")
    assert snapshot(small_site / "content") == before


def test_an_output_path_that_is_a_file_is_refused(small_site: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"keep me")
    result = wren("build", small_site, "-o", target, "--force")
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr
    assert target.read_bytes() == b"keep me"


def test_force_takes_over_a_folder_and_marks_it_as_wrens(small_site: Path, tmp_path: Path) -> None:
    folder = tmp_path / "deploy"
    fill(folder, USER_FILES)
    result = wren("build", small_site, "-o", folder, "--force")
    assert result.returncode == 0, result.stderr
    assert not (folder / "thesis.txt").exists()
    assert (folder / OUTPUT_MARKER).is_file()
    assert (folder / "index.html").is_file()


def test_an_empty_or_new_folder_is_used_and_wrens_own_folder_is_replaced(
    small_site: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert wren("build", small_site, "-o", empty).returncode == 0
    assert wren("build", small_site, "-o", tmp_path / "new/deep").returncode == 0
    (small_site / "content/posts/2026-01-01-first.md").unlink()
    again = wren("build", small_site, "-o", empty)
    assert again.returncode == 0, again.stderr
    assert not (empty / "posts/first").exists()


def test_a_file_added_to_wrens_folder_by_hand_is_removed_by_the_next_build(
    small_site: Path,
) -> None:
    # The marker says the folder is Wren's: its documented meaning is "keep no other files here".
    assert wren("build", small_site).returncode == 0
    (small_site / "public/stray.txt").write_text("added by hand")
    assert wren("build", small_site).returncode == 0
    assert not (small_site / "public/stray.txt").exists()
    assert "Keep no other files here" in (small_site / "public" / OUTPUT_MARKER).read_text()
