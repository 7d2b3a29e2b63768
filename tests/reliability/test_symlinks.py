"""Nothing outside the site is published: a symlink out of the site folder, a dangling link
and a loop are skipped with a warning naming the link; a link inside the site is followed."""

from __future__ import annotations

import json
import os
from pathlib import Path

from reliakit import wren

SECRET = "root:x:0:0:a secret outside the site"


def outside_file(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "passwd"
    secret.parent.mkdir()
    secret.write_text(SECRET)
    return secret


def published(site: Path) -> str:
    return "".join(
        path.read_text(errors="replace") for path in (site / "public").rglob("*") if path.is_file()
    )


def test_a_bundle_file_linked_out_of_the_site_is_skipped_with_a_warning(
    small_site: Path, tmp_path: Path
) -> None:
    os.symlink(outside_file(tmp_path), small_site / "content/posts/2026-01-02-bundle/passwd.txt")
    result = wren("build", small_site, "--no-search")
    assert result.returncode == 0, result.stderr
    warning = "content/posts/2026-01-02-bundle/passwd.txt: warning: skipped a symlink to "
    assert result.stderr.count(warning) == 1, result.stderr  # walked as content and as bundle
    assert not (small_site / "public/posts/bundle/passwd.txt").exists()
    assert SECRET not in published(small_site)


def test_a_static_folder_linked_out_of_the_site_is_skipped(
    small_site: Path, tmp_path: Path
) -> None:
    os.symlink(outside_file(tmp_path).parent, small_site / "static/etc")
    result = wren("build", small_site, "--no-search")
    assert result.returncode == 0, result.stderr
    assert "static/etc: warning: skipped a symlink" in result.stderr
    assert SECRET not in published(small_site)


def test_a_post_linked_from_outside_is_not_published_anywhere(
    small_site: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text(f"---\ntitle: Private\ndate: 2026-01-03\n---\n{SECRET}\n")
    os.symlink(outside, small_site / "content/posts/2026-01-03-private.md")
    result = wren("build", small_site, "--no-search")
    assert result.returncode == 0, result.stderr
    assert "content/posts/2026-01-03-private.md: warning: skipped a symlink" in result.stderr
    assert SECRET not in published(small_site)
    assert "Private" not in json.dumps(published(small_site))


def test_dangling_links_and_loops_are_warned_about(small_site: Path) -> None:
    os.symlink(small_site / "nowhere.css", small_site / "static/gone.css")
    os.symlink(small_site / "static/loop", small_site / "static/loop")
    result = wren("build", small_site, "--no-search")
    assert result.returncode == 0, result.stderr
    assert "static/gone.css: warning: skipped a dangling symlink" in result.stderr
    assert "static/loop: warning: skipped a symlink loop" in result.stderr


def test_a_link_inside_the_site_is_followed(small_site: Path) -> None:
    os.symlink(small_site / "static/app.css", small_site / "static/same.css")
    result = wren("build", small_site, "--no-search")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    assert (small_site / "public/same.css").read_text() == "body { color: black; }\n"


def test_check_does_not_read_a_post_linked_from_outside(small_site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text("---\ntitle: Private\ndate: 2026-01-03\ntagz: [x]\n---\nx\n")
    os.symlink(outside, small_site / "content/posts/2026-01-03-private.md")
    result = wren("check", small_site, "--no-rust", "--format", "json")
    assert "Traceback" not in result.stderr
    assert "tagz" not in result.stdout


def test_check_warns_of_every_symlink_the_build_skips(small_site: Path, tmp_path: Path) -> None:
    os.symlink(outside_file(tmp_path), small_site / "content/posts/2026-01-02-bundle/passwd.txt")
    os.symlink(small_site / "nowhere.css", small_site / "static/gone.css")
    result = wren("check", small_site, "--no-rust")
    assert "Traceback" not in result.stderr
    output = result.stdout + result.stderr
    assert "content/posts/2026-01-02-bundle/passwd.txt: warning: skipped a symlink to " in output
    assert "static/gone.css: warning: skipped a dangling symlink" in output
