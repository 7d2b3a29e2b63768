"""The build cache and parallel parsing: faster builds, never different output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest

from support import NOW
from support import read_tree as tree
from wren.build import Builder, BuildOptions, build_site
from wren.errors import WrenError
from wren.pipeline import discover
from wren.pipeline.discover import SourceReader
from wren.theme.render import THEME_DIR


def many_posts(count: int) -> str:
    parts = ['-- site.toml --\ntitle = "Many"\n']
    for number in range(count):
        parts.append(
            f"-- content/posts/2026-01-{1 + number % 28:02d}-post-{number}.md --\n"
            f"---\ntitle: Post {number}\ndate: 2026-01-{1 + number % 28:02d}\n"
            f"tags: [t{number % 5}]\n---\n"
            f"## Part {number}\n\nText of post {number}.\n\n"
            f"```rust\nfn f_{number}() -> u32 {{ {number} }}\n```\n"
        )
    return "".join(parts)


def test_parallel_parse_gives_the_same_output_as_one_process(
    make_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = make_site(many_posts(120))
    build_site(site, BuildOptions(tmp_path / "serial", now=NOW, use_cache=False, jobs=1))
    build_site(site, BuildOptions(tmp_path / "parallel", now=NOW, use_cache=False, jobs=2))
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")


def test_second_build_takes_every_document_from_the_cache(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site(many_posts(10))
    build_site(site, BuildOptions(now=NOW))
    builder = Builder(site, BuildOptions(now=NOW))
    builder.build()
    assert builder.cache.hits == 10


def test_an_edited_file_misses_the_cache_and_shows_its_new_text(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site(many_posts(5))
    builder = Builder(site, BuildOptions(now=NOW))
    builder.build()
    post = site / "content/posts/2026-01-03-post-2.md"
    post.write_text(post.read_text().replace("Text of post 2.", "Rewritten text."))
    hits_before = builder.cache.hits
    output = builder.build()
    assert builder.cache.hits - hits_before == 4
    page = output.files["posts/post-2/index.html"].data or b""
    assert b"Rewritten text." in page


def test_an_unreadable_cache_is_ignored(make_site: Callable[[str], Path]) -> None:
    site = make_site(many_posts(3))
    build_site(site, BuildOptions(now=NOW))
    for file in (site / ".wren-cache").glob("*.pickle"):
        file.write_bytes(b"not a pickle")
    result = build_site(site, BuildOptions(now=NOW))
    assert result.pages > 3


def test_cache_folder_is_ignored_by_git(make_site: Callable[[str], Path]) -> None:
    site = make_site(many_posts(1))
    build_site(site, BuildOptions(now=NOW))
    assert (site / ".wren-cache/.gitignore").read_text() == "*\n"


def test_source_reader_rereads_only_files_that_changed(make_site: Callable[[str], Path]) -> None:
    site = make_site(many_posts(3))
    reader = SourceReader(site)
    first = {s.rel: s for s in reader.read()}
    changed = site / "content/posts/2026-01-02-post-1.md"
    changed.write_text(changed.read_text() + "\nMore.\n")
    (site / "content/posts/2026-01-03-post-2.md").unlink()
    second = {s.rel: s for s in reader.read()}
    assert set(second) == {
        "content/posts/2026-01-01-post-0.md",
        changed.relative_to(site).as_posix(),
    }
    assert (
        second["content/posts/2026-01-01-post-0.md"] is first["content/posts/2026-01-01-post-0.md"]
    )
    assert second[changed.relative_to(site).as_posix()].text.endswith("More.\n")


def test_rebuild_renders_only_pages_that_show_the_edited_post(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site(many_posts(30))
    builder = Builder(site, BuildOptions(now=NOW, search=False))
    first = builder.build()
    post = site / "content/posts/2026-01-16-post-15.md"
    post.write_text(post.read_text().replace("Text of post 15.", "Text of post fifteen."))
    second = builder.build()
    changed = {
        path
        for path, file in second.files.items()
        if path.endswith(".html") and file.data != first.files[path].data
    }
    assert {"posts/post-15/index.html", "index.html", "tags/t0/index.html"} <= changed
    assert "posts/post-3/index.html" not in changed
    rendered_again = second.pages - builder.pages.reused
    assert rendered_again <= 6  # the post, its two neighbours, front page, its tag page, ...


def test_retitled_post_shows_its_new_title_on_its_neighbours(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site(many_posts(30))
    builder = Builder(site, BuildOptions(now=NOW, search=False))
    builder.build()
    post = site / "content/posts/2026-01-16-post-15.md"
    post.write_text(post.read_text().replace("title: Post 15", "title: Post Fifteen"))
    output = builder.build()
    assert b"Post Fifteen" in (output.files["posts/post-16/index.html"].data or b"")
    assert b"Post Fifteen" in (output.files["index.html"].data or b"")


def test_changed_template_renders_every_page_again(make_site: Callable[[str], Path]) -> None:
    site = make_site(many_posts(5))
    builder = Builder(site, BuildOptions(now=NOW, search=False))
    builder.build()
    (site / "templates").mkdir()
    (site / "templates/post.html").write_text("{{ page.title }} in a new template\n")
    output = builder.build()
    assert output.files["posts/post-1/index.html"].data == b"Post 1 in a new template"


def builder_after_a_build_on_disk(site: Path) -> Builder:
    """A new process's builder, after ``wren build`` wrote the site and its cache."""
    build_site(site, BuildOptions(now=NOW, search=False))
    return Builder(site, BuildOptions(now=NOW, search=False))


def test_warm_build_in_a_new_process_reuses_pages_written_before(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site(many_posts(10))
    builder = builder_after_a_build_on_disk(site)
    output = builder.build()
    assert builder.pages.reused >= 10
    assert output.files["posts/post-4/index.html"].source == site / "public/posts/post-4/index.html"


def test_source_reader_finds_the_same_files_from_inside_the_site(
    make_site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(many_posts(2))
    from_outside = [s.rel for s in SourceReader(site).read()]
    monkeypatch.chdir(site)
    assert [s.rel for s in SourceReader(Path(".")).read()] == from_outside
    assert len(from_outside) == 2


def test_pages_rendered_on_several_cores_are_the_pages_rendered_on_one(
    make_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = make_site(many_posts(260))
    options = {"now": NOW, "use_cache": False, "search": False}
    build_site(site, BuildOptions(tmp_path / "one", jobs=1, **options))  # type: ignore[arg-type]
    build_site(site, BuildOptions(tmp_path / "two", jobs=2, **options))  # type: ignore[arg-type]
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_template_error_in_a_forked_renderer_reaches_the_user(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site(many_posts(260) + "-- templates/post.html --\n{{ page.nope.deeper }}\n")
    with pytest.raises(WrenError, match=r"templates/post\.html:1: template error"):
        build_site(site, BuildOptions(now=NOW, use_cache=False, search=False, jobs=2))


def test_a_new_build_reads_only_files_whose_size_or_time_changed(
    make_site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(many_posts(6))
    build_site(site, BuildOptions(now=NOW, search=False))
    edited = site / "content/posts/2026-01-02-post-1.md"
    edited.write_text(edited.read_text().replace("Text of post 1.", "Text of post one."))
    read: list[str] = []
    original = discover.read_text

    def counting(path: Path | str, rel: str) -> str:
        read.append(rel)
        return original(path, rel)

    monkeypatch.setattr(discover, "read_text", counting)
    output = Builder(site, BuildOptions(now=NOW, search=False)).build()
    assert read == ["content/posts/2026-01-02-post-1.md"]
    assert b"Text of post one." in (output.files["posts/post-1/index.html"].data or b"")


def test_an_unread_file_missing_from_the_cache_is_read_and_parsed(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site(many_posts(3))
    build_site(site, BuildOptions(now=NOW, search=False))
    (site / ".wren-cache/documents.pickle").unlink()
    (site / ".wren-cache/pages.pickle").unlink()
    output = Builder(site, BuildOptions(now=NOW, search=False)).build()
    assert b"Text of post 2." in (output.files["posts/post-2/index.html"].data or b"")


@pytest.mark.parametrize("edited", ["pipeline/markdown.py", "pipeline/queries/rust.scm"])
def test_editing_any_module_or_highlight_query_changes_the_code_version(
    tmp_path: Path, edited: str
) -> None:
    import shutil
    import subprocess
    import sys

    import wren

    copy = tmp_path / "wren"
    shutil.copytree(Path(wren.__file__).parent, copy)
    script = "from wren.incremental.cache import _code_version; print(_code_version())"

    def version() -> str:
        env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    before = version()
    with (copy / edited).open("a", encoding="utf-8") as file:
        comment = ";" if edited.endswith(".scm") else "#"
        file.write(f"\n{comment} an edit far from the cache module\n")
    assert version() != before


def test_a_new_process_reads_compiled_templates_instead_of_compiling_them(
    make_site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(many_posts(3))
    build_site(site, BuildOptions(now=NOW, search=False))
    builder = Builder(site, BuildOptions(now=NOW, search=False))  # as a new process makes it

    def compile_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cached template was compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", compile_again)
    builder.env.get_template("post.html")


def test_a_template_edited_between_processes_is_compiled_anew(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site(many_posts(3))
    theme_post = (THEME_DIR / "templates" / "post.html").read_text()
    (site / "templates").mkdir()
    for marker in ("First template", "Edited template"):
        edited = theme_post.replace("</article>", f"<p>{marker}</p></article>")
        (site / "templates" / "post.html").write_text(edited)
        build_site(site, BuildOptions(now=NOW, search=False))
        assert marker in tree(site / "public")["posts/post-0/index.html"].decode()


def test_a_page_removed_from_the_output_after_a_rebuild_is_made_again(
    make_site: Callable[[str], Path],
) -> None:
    builder = builder_after_a_build_on_disk(site := make_site(many_posts(4)))
    builder.build()  # takes the pages from the output folder, found as the last build left it
    (site / "public/posts/post-2/index.html").unlink()
    output = builder.build()
    assert b"Text of post 2." in (output.files["posts/post-2/index.html"].data or b"")


def test_a_stray_content_file_is_warned_of_on_every_read_until_it_goes(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site(many_posts(2) + "-- content/notes.txt --\nA note.\n")
    reader = SourceReader(site)
    for _ in range(2):
        reader.read()
        assert [w.location.path for w in reader.warnings] == ["content/notes.txt"]
    (site / "content/notes.txt").unlink()
    reader.read()
    assert reader.warnings == []
