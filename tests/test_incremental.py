"""Incremental builds never publish a stale page: a warm build equals a cold build.

The dev server keeps one ``Builder`` and builds again after each edit, reusing every page
whose fingerprint did not change. These tests edit a site and compare that warm build with
a cold one (a new ``Builder``) byte for byte.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from support import NOW, output_bytes, read_tree, write_txtar
from wren.build import Builder, BuildOptions, build_site
from wren.errors import WrenError
from wren.incremental.workers import fork_map

OPTIONS = BuildOptions(now=NOW, use_cache=False, jobs=1, search=False)


class SiteFolder:
    """A site folder whose files are edited as an author would, each edit a second later
    (or, with ``tick_ns=0``, each edit dated as the first, as a tool that keeps times does)."""

    def __init__(self, root: Path, files: dict[str, str], tick_ns: int = 10**9) -> None:
        self.root = root
        self.files: dict[str, str] = {}
        self.clock = time.time_ns() - 10**12  # in the past: every edit moves a file's time on
        self.tick_ns = tick_ns
        self.sync(files)

    def sync(self, files: dict[str, str]) -> None:
        for path in self.files.keys() - files.keys():
            (self.root / path).unlink()
        for path, text in files.items():
            if self.files.get(path) != text:
                target = self.root / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
                self.clock += self.tick_ns
                os.utime(target, ns=(self.clock, self.clock))
        self.files = dict(files)


def edit_later(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in a file, and date the edit a second from now, as a later
    save would be."""
    path.write_text(path.read_text().replace(old, new))
    later = time.time_ns() + 10**9
    os.utime(path, ns=(later, later))


def build(builder: Builder) -> dict[str, bytes] | str:
    """The built site's files, or the error that stopped the build."""
    try:
        return output_bytes(builder.build().files)
    except WrenError as error:
        return str(error)


# The regression test of the stale summary: a site template shows the newest post's summary
# on every page; editing that post's description must change every page, not only the pages
# of its neighbours (which show the post, and so were always rendered again).
STALE_SUMMARY_SITE = """
-- site.toml --
title = "Notes"
-- templates/post.html --
{{ page.title }}: newest is {{ site.posts[0].summary }}
-- content/posts/2026-01-01-old.md --
---
title: Old
date: 2026-01-01
---
Old body.
-- content/posts/2026-01-15-middle.md --
---
title: Middle
date: 2026-01-15
---
Middle body.
-- content/posts/2026-02-01-new.md --
---
title: New
date: 2026-02-01
description: First description.
---
New body.
"""


def test_stale_summary_a_page_showing_another_posts_summary_is_rendered_again(
    tmp_path: Path,
) -> None:
    site = write_txtar(tmp_path / "site", STALE_SUMMARY_SITE)
    warm = Builder(site, OPTIONS)
    first = warm.build().files["posts/old/index.html"].data
    assert first == b"Old: newest is First description."
    newest = site / "content/posts/2026-02-01-new.md"
    newest.write_text(newest.read_text().replace("First description", "Second description"))
    page = warm.build().files["posts/old/index.html"].data
    assert page == b"Old: newest is Second description."
    assert build(warm) == build(Builder(site, OPTIONS))


# What an edit makes again. A page the warm build takes from the last build is the very
# file object it made then; every other page was made anew.
EDITED_SITE = """
-- site.toml --
title = "Notes"
-- content/posts/2026-01-01-a.md --
---
title: A
date: 2026-01-01
tags: [rust]
---
A body.
-- content/posts/2026-01-02-b.md --
---
title: B
date: 2026-01-02
description: About B.
tags: [rust, go]
---
B body.
-- content/posts/2026-01-03-c.md --
---
title: C
date: 2026-01-03
tags: [go]
---
C body.
-- content/pages/about.md --
---
title: About
---
Hello.
"""
POST_B = "content/posts/2026-01-02-b.md"
FEEDS = ("feed.xml", "rss.xml")  # the default names of a page's Atom and RSS feeds


def made_again(site: Path, edit: Callable[[Path], None]) -> tuple[set[str], Builder]:
    """The pages, feeds and listings a warm build makes again after ``edit``."""
    warm = Builder(site, OPTIONS)
    before = warm.build().files
    edit(site)
    after = warm.build().files
    made = {path for path, file in after.items() if file is not before.get(path)}
    return {path for path in made if path.endswith((".html", ".xml", ".json", "llms.txt"))}, warm


def test_a_body_edit_that_leaves_the_entry_as_it_was_makes_only_its_page_and_feeds(
    tmp_path: Path,
) -> None:
    site = write_txtar(tmp_path / "site", EDITED_SITE)
    made, warm = made_again(site, lambda root: edit_later(root / POST_B, "B body.", "New body."))
    assert made == {
        "posts/b/index.html",
        *(f"{folder}{name}" for folder in ("", "tags/rust/", "tags/go/") for name in FEEDS),
    }
    assert build(warm) == build(Builder(site, OPTIONS))


def test_a_title_edit_makes_the_listings_that_show_the_post_again(tmp_path: Path) -> None:
    site = write_txtar(tmp_path / "site", EDITED_SITE)
    made, warm = made_again(site, lambda root: edit_later(root / POST_B, "title: B", "title: Bee"))
    assert {"index.html", "posts/index.html", "llms.txt", "index.json"} <= made
    assert {"tags/rust/index.html", "tags/go/index.html", "posts/a/index.html"} <= made
    assert "about/index.html" not in made
    assert build(warm) == build(Builder(site, OPTIONS))


SHORTCUT_EDITS: dict[str, Callable[[Path], object]] = {
    "title": lambda root: edit_later(root / POST_B, "title: B", "title: Bee"),
    "date": lambda root: edit_later(root / POST_B, "date: 2026-01-02", "date: 2026-01-05"),
    "tags": lambda root: edit_later(root / POST_B, "tags: [rust, go]", "tags: [meta]"),
    "draft": lambda root: edit_later(root / POST_B, "tags:", "draft: true\ntags:"),
    "summary": lambda root: edit_later(root / POST_B, "About B.", "All about B."),
    "first paragraph": lambda root: edit_later(
        root / "content/posts/2026-01-01-a.md", "A body.", "A new first paragraph."
    ),
    "alias": lambda root: edit_later(root / POST_B, "tags:", "aliases: [/old-b/]\ntags:"),
    "post added": lambda root: (root / "content/posts/2026-01-04-d.md").write_text(
        "---\ntitle: D\ndate: 2026-01-04\ntags: [go]\n---\nD body.\n"
    ),
    "post removed": lambda root: (root / POST_B).unlink(),
    "page title": lambda root: edit_later(root / "content/pages/about.md", "About", "Hi"),
    "template": lambda root: write_txtar(
        root, "-- templates/entry.html --\n<p>{{ post.title }}: {{ post.summary }}</p>\n"
    ),
}


@pytest.mark.parametrize("edit", SHORTCUT_EDITS.values(), ids=SHORTCUT_EDITS.keys())
def test_after_each_kind_of_edit_the_pages_kept_are_those_of_a_cold_build(
    tmp_path: Path, edit: Callable[[Path], object]
) -> None:
    site = write_txtar(tmp_path / "site", EDITED_SITE)
    warm = Builder(site, OPTIONS)
    build(warm)
    edit(site)
    assert build(warm) == build(Builder(site, OPTIONS))
    edit_later(site / "content/posts/2026-01-03-c.md", "C body.", "C body, again.")
    assert build(warm) == build(Builder(site, OPTIONS))  # and the edit after it


# The differential test. A site is a few posts, a two-chapter course and perhaps an About
# page; edits change one thing each, and after every edit the warm builder must give what a cold one gives.

TITLES = ["Alpha", "Borrowing", "Async/Await", "Café & <b>", "Lifetimes"]  # and the number
WORDS = ["crab", "ownership", "trait", "borrow", "lifetime", "enum", "match", "**bold**"]
TAGS = ["rust", "go", "meta"]
DATES = ["2026-01-01", "2026-01-02", "2026-03-15", "2026-11-25", "2027-01-01"]  # last: future
SLUGS = [None, None, None, "custom", "p1"]  # two posts with one slug fail the build
PAGE_SLUGS = [None, "About-Me", "p1"]  # p1 takes a post's URL under `posts = "/:slug/"`


@dataclass(frozen=True)
class PostState:
    title: str
    date: str
    description: str | None
    tags: tuple[str, ...]
    draft: bool
    slug: str | None
    body: str

    def text(self, number: int) -> str:
        lines = ["---", f"title: {self.title} {number}", f"date: {self.date}"]
        if self.description is not None:
            lines.append(f"description: {self.description!r}")
        if self.tags:
            lines.append(f"tags: [{', '.join(self.tags)}]")
        if self.draft:
            lines.append("draft: true")
        if self.slug:
            lines.append(f"slug: {self.slug}")
        return "\n".join([*lines, "---", self.body, ""])


@dataclass(frozen=True)
class PageState:
    title: str
    slug: str | None

    def text(self) -> str:
        slug = f"slug: {self.slug}\n" if self.slug else ""
        return f"---\ntitle: {self.title!r}\n{slug}---\nSee [p1](../posts/2026-01-01-p1.md).\n"


@dataclass(frozen=True)
class SiteState:
    posts: dict[int, PostState]
    chapters: tuple[str, str]  # the two chapters' titles
    settings: str
    templates: dict[str, str]
    about: PageState | None = None  # content/pages/about.md

    def files(self) -> dict[str, str]:
        files = {"site.toml": self.settings, **self.templates}
        for number, post in self.posts.items():
            files[f"content/posts/2026-01-0{number}-p{number}.md"] = post.text(number)
        files["content/courses/crab/_index.md"] = "---\ntitle: Crab Course\n---\nIntro.\n"
        for index, title in enumerate(self.chapters, start=1):
            body = "See [the first post](../../posts/2026-01-01-p1.md).\n"
            files[f"content/courses/crab/0{index}-part-{index}.md"] = (
                f"---\ntitle: {title!r}\n---\n{body}"
            )
        if self.about is not None:
            files["content/pages/about.md"] = self.about.text()
        return files


SETTINGS = [
    'title = "Notes"\n',
    'title = "Notes"\ntagline = "Learning in public"\nauthor = "Ann"\n',
    'title = "Renamed"\npaginate = 1\n',
    'title = "Notes"\nsummary_length = 20\nfeed_limit = 1\n',
    'title = "Notes"\nwords_per_minute = 1\nsearch = false\n',
    'title = "Notes"\n[permalinks]\nposts = "/:year/:slug.html"\npages = "/p/:slug/"\n',
    'title = "Notes"\n[permalinks]\nposts = "/:slug/"\ntags = "/topics/:slug/"\n',
    'title = "Notes"\n[[nav]]\nname = "About"\nurl = "/about/"\n',
]
TEMPLATES = [
    {},
    {"templates/post.html": "{{ page.title }} | {{ site.posts[0].summary }} | {{ body }}\n"},
    {"templates/entry.html": "<p>{{ post.title }} {{ post.reading_minutes }} {{ post.tags }}</p>"},
    {
        "templates/base.html": (
            "{% for p in site.posts %}{{ p.title }} {{ p.summary }};{% endfor %}"
            "{% set first = page_of('content/posts/2026-01-01-p1.md') %}"
            "{{ first.title if first else 'none' }}{% block main %}{% endblock %}\n"
        )
    },
    {"templates/chapter.html": "{{ page.title }} of {{ site.chapters | length }}: {{ body }}\n"},
    {"templates/page.html": "{% for p in site.pages %}{{ p.title }};{% endfor %} {{ body }}\n"},
]

paragraphs = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
bodies = st.lists(
    st.one_of(paragraphs, st.just("[a link](2026-01-02-p2.md)"), st.just("## A heading")),
    min_size=1,
    max_size=3,
).map("\n\n".join)
posts = st.builds(
    PostState,
    title=st.sampled_from(TITLES),
    date=st.sampled_from(DATES),
    description=st.one_of(st.none(), st.sampled_from(["Short.", "A longer description here."])),
    tags=st.lists(st.sampled_from(TAGS), unique=True, max_size=2).map(tuple),
    draft=st.booleans(),
    slug=st.sampled_from(SLUGS),
    body=bodies,
)
numbers = st.integers(min_value=1, max_value=6)
pages = st.builds(PageState, title=st.sampled_from(TITLES), slug=st.sampled_from(PAGE_SLUGS))

Edit = Callable[[SiteState], SiteState]


def _post_edit(number: int, change: Callable[[PostState], PostState]) -> Edit:
    def edit(state: SiteState) -> SiteState:
        if number not in state.posts:
            return state
        return replace(state, posts={**state.posts, number: change(state.posts[number])})

    return edit


def _field_edit(name: str, values: st.SearchStrategy[object]) -> st.SearchStrategy[Edit]:
    return st.builds(
        lambda number, value: _post_edit(number, lambda p: replace(p, **{name: value})),
        numbers,
        values,
    )


def _new_post(number: int, post: PostState) -> Edit:
    return lambda state: replace(state, posts={**state.posts, number: post})


def _delete_post(number: int) -> Edit:
    return lambda state: replace(state, posts={k: v for k, v in state.posts.items() if k != number})


edits: st.SearchStrategy[Edit] = st.one_of(
    _field_edit("title", st.sampled_from(TITLES)),
    _field_edit("description", st.one_of(st.none(), st.sampled_from(["Edited.", "Other."]))),
    _field_edit("body", bodies),
    _field_edit("date", st.sampled_from(DATES)),
    _field_edit("tags", st.lists(st.sampled_from(TAGS), unique=True, max_size=3).map(tuple)),
    _field_edit("draft", st.booleans()),
    _field_edit("slug", st.sampled_from(SLUGS)),
    st.builds(_delete_post, numbers),
    st.builds(_new_post, numbers, posts),
    st.builds(lambda s: lambda state: replace(state, settings=s), st.sampled_from(SETTINGS)),
    st.builds(lambda t: lambda state: replace(state, templates=t), st.sampled_from(TEMPLATES)),
    st.builds(
        lambda title: lambda state: replace(state, chapters=(title, state.chapters[1])),
        st.sampled_from(TITLES),
    ),
    st.builds(lambda page: lambda state: replace(state, about=page), st.none() | pages),
)
sites = st.builds(
    SiteState,
    posts=st.dictionaries(numbers, posts, min_size=1, max_size=4),
    chapters=st.just(("Setup", "Ownership")),
    settings=st.sampled_from(SETTINGS),
    templates=st.sampled_from(TEMPLATES),
    about=st.none() | pages,
)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(start=sites, steps=st.lists(edits, min_size=1, max_size=3))
def test_after_any_edits_a_warm_build_equals_a_cold_build(
    start: SiteState, steps: list[Edit]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = SiteFolder(Path(folder), start.files())
        warm = Builder(site.root, OPTIONS)
        build(warm)
        state = start
        for step in steps:
            state = step(state)
            site.sync(state.files())
            warm_output = build(warm)
            event("the build fails" if isinstance(warm_output, str) else "the build succeeds")
            assert warm_output == build(Builder(site.root, OPTIONS))


def built_on_disk(site: Path, options: BuildOptions) -> tuple[dict[str, bytes] | str, bool]:
    """The output folder after ``build_site`` (or the error that stopped it), and whether
    the build found nothing changed and was skipped."""
    assert options.output_dir is not None
    try:
        result = build_site(site, options)
    except WrenError as error:
        return str(error), False
    return read_tree(options.output_dir), result.site is None


def _unchanged(state: SiteState) -> SiteState:
    return state


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    start=sites,
    steps=st.lists(st.one_of(edits, st.just(_unchanged)), min_size=1, max_size=3),
    same_times=st.booleans(),
)
def test_after_any_edits_a_build_in_a_new_process_equals_a_cold_build(
    start: SiteState, steps: list[Edit], same_times: bool
) -> None:
    """``wren build`` again and again, its cache and output kept, as a user runs it: each
    build equals one from nothing, whether it was redone or found nothing changed."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        site = SiteFolder(root / "site", start.files(), tick_ns=0 if same_times else 10**9)
        warm = BuildOptions(root / "warm", now=NOW, jobs=1, search=False)
        built_on_disk(site.root, warm)
        state = start
        for number, step in enumerate(steps):
            state = step(state)
            site.sync(state.files())
            output, skipped = built_on_disk(site.root, warm)
            event("nothing changed: skipped" if skipped else "built")
            cold = replace(warm, output_dir=root / f"cold-{number}", use_cache=False)
            assert output == built_on_disk(site.root, cold)[0]


def test_a_course_feed_follows_the_site_date_its_undated_chapters_take(tmp_path: Path) -> None:
    # Found by the differential test: moving a post's date moved the undated chapters' dates.
    site = write_txtar(
        tmp_path / "site",
        """
        -- site.toml --
        title = "Notes"
        -- content/posts/2026-01-02-p.md --
        ---
        title: P
        date: 2026-01-02
        ---
        Body.
        -- content/courses/crab/01-setup.md --
        ---
        title: Setup
        ---
        Text.
        """,
    )
    warm = Builder(site, OPTIONS)
    build(warm)
    edit_later(site / "content/posts/2026-01-02-p.md", "date: 2026-01-02", "date: 2026-01-01")
    assert build(warm) == build(Builder(site, OPTIONS))


def test_a_standalone_pages_new_title_reaches_llms_txt_and_index_json(tmp_path: Path) -> None:
    # Found by the differential test: the two listings were kept while only a page changed.
    site = write_txtar(
        tmp_path / "site",
        """
        -- site.toml --
        title = "Notes"
        -- content/posts/2026-01-02-p.md --
        ---
        title: P
        date: 2026-01-02
        ---
        Body.
        -- content/pages/about.md --
        ---
        title: About
        ---
        Hello.
        """,
    )
    warm = Builder(site, OPTIONS)
    build(warm)
    edit_later(site / "content/pages/about.md", "title: About", "title: About me")
    files = output_bytes(warm.build().files)
    assert b"About me" in files["llms.txt"]
    assert b"About me" in files["index.json"]
    assert build(warm) == build(Builder(site, OPTIONS))


@pytest.mark.parametrize("workers", [1, 2])
def test_fork_map_hands_each_result_on_as_soon_as_it_has_it(workers: int) -> None:
    seen: list[int] = []
    results = fork_map(abs, range(-20, 0), workers, seen.append)
    assert results == list(range(20, 0, -1))
    assert sorted(seen) == sorted(results)
