"""The `wren` command as a user runs it: exit codes, messages, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

WREN = [sys.executable, "-m", "wren"]


def wren(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*WREN, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_new_site_scaffolds_a_site_that_builds(tmp_path: Path) -> None:
    created = wren("new", tmp_path / "blog")
    assert created.returncode == 0, created.stderr
    built = wren("build", tmp_path / "blog")
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("Built ")
    assert "Hello, World" in (tmp_path / "blog/public/index.html").read_text()


def test_new_post_and_chapter_write_files_with_front_matter(tmp_path: Path) -> None:
    wren("new", tmp_path / "blog")
    post = wren("new", "post", "Ownership, Finally", "--site", tmp_path / "blog")
    assert post.returncode == 0, post.stderr
    written = list((tmp_path / "blog/content/posts").glob("*-ownership-finally.md"))
    assert len(written) == 1
    assert written[0].read_text().startswith('---\ntitle: "Ownership, Finally"\ndate: ')
    chapter = wren("new", "chapter", "first-course", "Borrowing", "--site", tmp_path / "blog")
    assert chapter.returncode == 0, chapter.stderr
    assert (tmp_path / "blog/content/courses/first-course/02-borrowing.md").exists()
    assert wren("build", tmp_path / "blog").returncode == 0


def test_new_page_writes_a_page_that_builds_at_its_own_url(tmp_path: Path) -> None:
    wren("new", tmp_path / "blog")
    page = wren("new", "page", "About This Blog", "--site", tmp_path / "blog")
    assert page.returncode == 0, page.stderr
    assert "content/pages/about-this-blog.md" in page.stdout
    assert wren("build", tmp_path / "blog").returncode == 0
    about = (tmp_path / "blog/public/about-this-blog/index.html").read_text()
    assert "<h1>About This Blog</h1>" in about
    again = wren("new", "page", "About This Blog", "--site", tmp_path / "blog")
    assert again.returncode == 1
    assert "content/pages/about-this-blog.md: the file already exists" in again.stderr


def test_content_error_exits_1_with_path_and_line_and_no_traceback(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site(
        """
        -- site.toml --
        title = "T"
        -- content/posts/x.md --
        ---
        title: X
        date: 2026-01-01
        tagz: [a]
        ---
        """
    )
    result = wren("build", site)
    assert result.returncode == 1
    assert "content/posts/x.md:4: unknown front matter key `tagz`" in result.stderr
    assert "Traceback" not in result.stderr


def test_failed_build_keeps_previous_output(make_site: Callable[[str], Path]) -> None:
    site = make_site('-- site.toml --\ntitle = "T"\n')
    assert wren("build", site).returncode == 0
    (site / "site.toml").write_text('title = "T"\ncolour = "red"\n')
    result = wren("build", site)
    assert result.returncode == 1
    assert "site.toml:2: unknown key `colour`" in result.stderr
    assert (site / "public/index.html").exists()


def test_missing_site_toml_is_a_clear_error(tmp_path: Path) -> None:
    result = wren("build", tmp_path)
    assert result.returncode == 1
    assert "no site.toml" in result.stderr and "Traceback" not in result.stderr


def test_usage_error_exits_2(tmp_path: Path) -> None:
    assert wren("build", "--no-such-flag").returncode == 2
    assert wren("new", "post").returncode == 2


def test_output_folder_that_holds_the_site_is_refused(make_site: Callable[[str], Path]) -> None:
    site = make_site('-- site.toml --\ntitle = "T"\n')
    result = wren("build", site, "-o", site)
    assert result.returncode == 1
    assert "refusing" in result.stderr
    assert (site / "site.toml").exists()


def test_build_writes_to_the_output_option(
    make_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = make_site('-- site.toml --\ntitle = "T"\n')
    assert wren("build", site, "-o", tmp_path / "out").returncode == 0
    assert (tmp_path / "out/index.html").exists()
