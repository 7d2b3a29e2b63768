"""Content files: ``.markdown`` is read like ``.md``, and every other file under ``content/``
that is neither published nor an asset is a warning naming it, never a silent loss."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from support import NOW, read_text
from wren.build import BuildOptions, build_site
from wren.check import CheckOptions, LoadOptions, run_checks
from wren.errors import Severity


def test_markdown_files_are_read_like_md_files_everywhere(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site(
        '-- site.toml --\ntitle = "T"\n'
        "-- content/posts/2026-01-01-a.markdown --\n---\ntitle: A\n---\nSee [b](b/index.markdown).\n"
        "-- content/posts/b/index.markdown --\n---\ntitle: B\ndate: 2026-01-02\n---\n![x](x.png)\n"
        "-- content/posts/b/x.png --\npng\n"
        "-- content/courses/c/_index.markdown --\n---\ntitle: Course C\n---\nIntro.\n"
        "-- content/courses/c/01-one.markdown --\n---\ntitle: One\n---\nOne.\n"
        "-- content/pages/about.markdown --\n---\ntitle: About\n---\nAbout.\n"
    )
    result = build_site(site, BuildOptions(now=NOW, search=False))
    out = site / "public"
    assert 'href="/posts/b/"' in read_text(out, "posts/a/index.html")
    assert (out / "posts/b/x.png").read_text() == "png\n"
    assert not (out / "posts/b/index.markdown").exists()
    assert "Course C" in read_text(out, "courses/c/index.html")
    assert "<h1>One</h1>" in read_text(out, "courses/c/one/index.html")
    assert "<h1>About</h1>" in read_text(out, "about/index.html")
    assert result.warnings == ()


def test_unknown_files_under_content_are_warnings_in_build_and_check(
    make_site: Callable[[str], Path],
) -> None:
    site = make_site(
        '-- site.toml --\ntitle = "T"\n'
        "-- content/about.md --\n---\ntitle: About\n---\n"
        "-- content/posts/notes.txt --\nnotes\n"
        "-- content/posts/2026-01-01-a.markdown --\n---\ntitle: A\n---\nA.\n"
        "-- content/posts/b/index.md --\n---\ntitle: B\ndate: 2026-01-02\n---\n![x](x.png)\n"
        "-- content/posts/b/x.png --\npng\n"
        "-- content/posts/b/draft.txt --\nkept with the bundle\n"
    )
    result = build_site(site, BuildOptions(now=NOW, search=False))
    assert (site / "public/posts/a/index.html").is_file()
    assert [warning.format().splitlines()[0] for warning in result.warnings] == [
        "content/about.md: warning: not published: not a post, chapter, course or page",
        "content/posts/notes.txt: warning: not published: neither Markdown nor a known asset",
    ]
    report = run_checks(site, CheckOptions(load=LoadOptions(now=NOW, jobs=1), use_cache=False))
    warnings = [
        str(d.location)
        for d in report.diagnostics
        if d.severity is Severity.WARNING and "not published" in d.message
    ]
    assert warnings == ["content/about.md", "content/posts/notes.txt"]
