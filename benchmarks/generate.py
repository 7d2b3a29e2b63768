"""Generate the benchmark blog: N posts and a 12-chapter course, for Wren, Hugo and Pelican.

Every tool gets the same Markdown bodies; only file names and front matter differ. The content
is deterministic (a seed and the post number fix every word), and every code block is distinct,
so a content-hash cache cannot skip highlighting inside one cold build.

    python benchmarks/generate.py --posts 1000 --out /tmp/blog --format wren
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus import (
    CHAPTER_TOPICS,
    OPENERS,
    TAGS,
    TOPICS,
    code_block,
    list_block,
    long_rust_block,
    paragraph,
    second_language,
    sentence,
)
from site_configs import hugo_config, pelican_config, wren_config

__all__ = [
    "CODE_STYLES",
    "FORMATS",
    "GeneratedChapter",
    "GeneratedCourse",
    "GeneratedPost",
    "SiteFormat",
    "generate_course",
    "generate_posts",
    "word_count",
    "write_hugo_site",
    "write_pelican_site",
    "write_site",
    "write_wren_site",
]

FIRST_DATE = dt.date(2022, 1, 1)
DATE_SPAN_DAYS = 3 * 365
MIN_WORDS, MAX_WORDS = 600, 900
COURSE_CHAPTERS = 12


@dataclass(frozen=True, slots=True)
class GeneratedPost:
    name: str  # the slug: file names and URLs are made from it
    title: str
    date: dt.date
    description: str
    tags: tuple[str, ...]
    body: str  # Markdown


@dataclass(frozen=True, slots=True)
class GeneratedChapter:
    number: int
    name: str
    title: str
    description: str
    body: str


@dataclass(frozen=True, slots=True)
class GeneratedCourse:
    name: str
    title: str
    description: str
    intro: str
    chapters: tuple[GeneratedChapter, ...]


def word_count(markdown: str) -> int:
    """Words as the benchmark counts them: whitespace-separated tokens, code included."""
    return len(markdown.split())


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _body(rng: random.Random, index: int, target: int, code: str = "standard") -> str:
    """A post body of ``target`` to ``target + 30`` words: sections, a list, code blocks.

    ``code``: ``standard`` (a Rust block, a second language in 40% of posts) or ``long``
    (issue 17's blog: a 12-line Rust block, a second one in half the posts)."""
    sections = rng.randint(3, 5)
    fixed: list[list[str]] = [[] for _ in range(sections)]
    fixed[rng.randrange(sections)].append(list_block(rng, index))
    if code == "long":
        fixed[rng.randrange(1, sections)].append(long_rust_block(rng, index, 0))
        if index % 2 == 0:
            fixed[-1].append(long_rust_block(rng, index, 1))
    else:
        fixed[rng.randrange(1, sections)].append(code_block(rng, index, "rust"))
        if rng.random() < 0.4:
            fixed[-1].append(code_block(rng, index, second_language(rng)))
    headings = [topic.capitalize() for topic in rng.sample(TOPICS, sections)]
    used = sum(word_count(block) for blocks in fixed for block in blocks)
    used += sum(word_count(h) + 1 for h in headings[1:])
    prose: list[list[str]] = [[] for _ in range(sections)]
    count = 0
    while used < target or count < sections:
        text = paragraph(rng, index, max_words=target - used)
        used += word_count(text)
        prose[count if count < sections else rng.randrange(sections)].append(text)
        count += 1
    parts = [*prose[0], *fixed[0]]
    for heading, texts, blocks in zip(headings[1:], prose[1:], fixed[1:], strict=True):
        middle = len(texts) // 2
        parts += [f"## {heading}", *texts[:middle], *blocks, *texts[middle:]]
    return "\n\n".join(parts) + "\n"


def _post(seed: int, index: int, code: str = "standard") -> GeneratedPost:
    rng = random.Random(f"wren-bench:{seed}:post:{index}")
    topic = rng.choice(TOPICS)
    title = f"{rng.choice(OPENERS)} {topic.title()} #{index + 1}"  # Wren refuses repeats
    day = FIRST_DATE + dt.timedelta(days=rng.randrange(DATE_SPAN_DAYS))
    tags = tuple(rng.sample(TAGS, rng.randint(2, 4)))
    description = sentence(rng, index, plain=True)
    body = _body(rng, index, rng.randint(MIN_WORDS + 10, MAX_WORDS - 30), code)
    name = f"{_slugify(topic)}-{index + 1:05d}"
    return GeneratedPost(name, title, day, description, tags, body)


CODE_STYLES = ("standard", "long")


def generate_posts(n: int, seed: int = 0, code: str = "standard") -> list[GeneratedPost]:
    """``n`` posts, the same for the same ``n``, ``seed`` and ``code`` (see ``_body``); post i
    does not depend on ``n``."""
    return [_post(seed, index, code) for index in range(n)]


def generate_course(seed: int = 0) -> GeneratedCourse:
    """A 12-chapter course whose chapters read like the posts (code blocks included)."""
    chapters = []
    for number, topic in enumerate(CHAPTER_TOPICS[:COURSE_CHAPTERS], start=1):
        rng = random.Random(f"wren-bench:{seed}:chapter:{number}")
        index = 1_000_000 + number  # keeps chapter code apart from every post's
        body = _body(rng, index, rng.randint(MIN_WORDS + 10, MAX_WORDS - 30))
        title = topic.capitalize()
        description = sentence(rng, index, plain=True)
        chapters.append(GeneratedChapter(number, _slugify(topic), title, description, body))
    rng = random.Random(f"wren-bench:{seed}:course")
    intro = "\n\n".join(paragraph(rng, 0, max_words=80) for _ in range(2)) + "\n"
    return GeneratedCourse(
        "rust-from-scratch",
        "Rust from Scratch",
        "Twelve chapters from a first cargo run to a small concurrent tool.",
        intro,
        tuple(chapters),
    )


# --- Front matter --------------------------------------------------------------------------

FrontMatter = Sequence[tuple[str, str | int | Sequence[str]]]


def yaml_front_matter(fields: FrontMatter) -> str:
    """``---`` YAML front matter; strings as JSON, which YAML reads as double-quoted scalars."""
    lines = ["---"]
    for key, value in fields:
        shown = value if isinstance(value, int) else json.dumps(value)
        lines.append(f"{key}: {shown}")
    return "\n".join([*lines, "---", ""])


def pelican_front_matter(fields: FrontMatter) -> str:
    """Pelican's Markdown metadata: ``Key: value`` lines, lists comma-separated."""
    lines = []
    for key, value in fields:
        shown = value if isinstance(value, str | int) else ", ".join(value)
        lines.append(f"{key.capitalize()}: {shown}")
    return "\n".join([*lines, ""])


def _post_fields(post: GeneratedPost) -> FrontMatter:
    return [
        ("title", post.title),
        ("date", post.date.isoformat()),
        ("description", post.description),
        ("tags", list(post.tags)),
    ]


# --- Site formats ----------------------------------------------------------------------------

Files = dict[str, str]


@dataclass(frozen=True, slots=True)
class SiteFormat:
    """How one tool wants the same site laid out: only paths and front matter differ."""

    name: str
    config: Callable[[], Files]
    post: Callable[[GeneratedPost], tuple[str, str]]  # -> (path, text)
    course: Callable[[GeneratedCourse], Files]


def _wren_post(post: GeneratedPost) -> tuple[str, str]:
    path = f"content/posts/{post.date.isoformat()}-{post.name}.md"
    return path, yaml_front_matter(_post_fields(post)) + "\n" + post.body


def _hugo_post(post: GeneratedPost) -> tuple[str, str]:
    return f"content/posts/{post.name}.md", yaml_front_matter(_post_fields(post)) + "\n" + post.body


def _pelican_post(post: GeneratedPost) -> tuple[str, str]:
    fields = [*_post_fields(post), ("slug", post.name)]
    fields = [("summary", v) if k == "description" else (k, v) for k, v in fields]
    return f"content/posts/{post.name}.md", pelican_front_matter(fields) + "\n" + post.body


def _chapter_file(chapter: GeneratedChapter) -> str:
    return f"{chapter.number:02d}-{chapter.name}.md"


def _course_files(course: GeneratedCourse, hugo: bool) -> Files:
    """The Wren and Hugo layout: ``_index.md`` and numbered chapters in the course folder.

    Hugo is told each chapter's order and slug, which Wren takes from the file name."""
    folder = f"content/courses/{course.name}"
    index = [("title", course.title), ("description", course.description)]
    files = {f"{folder}/_index.md": yaml_front_matter(index) + "\n" + course.intro}
    for chapter in course.chapters:
        fields: list[tuple[str, str | int]] = [
            ("title", chapter.title),
            ("description", chapter.description),
        ]
        if hugo:
            fields += [("weight", chapter.number), ("slug", chapter.name)]
        text = yaml_front_matter(fields) + "\n" + chapter.body
        files[f"{folder}/{_chapter_file(chapter)}"] = text
    return files


def _pelican_course(course: GeneratedCourse) -> Files:
    """Pelican has no sections: the course and its chapters become pages at the same URLs."""
    base = f"courses/{course.name}"
    links = "\n".join(f"{c.number}. [{c.title}](/{base}/{c.name}/)" for c in course.chapters)
    files: Files = {}
    pages = [(course.title, course.description, base, course.intro + "\n" + links + "\n")]
    pages += [(c.title, c.description, f"{base}/{c.name}", c.body) for c in course.chapters]
    for title, summary, url, body in pages:
        fields = [("title", title), ("summary", summary), ("url", f"{url}/")]
        fields.append(("save_as", f"{url}/index.html"))
        name = url.replace("/", "-")
        files[f"content/pages/{name}.md"] = pelican_front_matter(fields) + "\n" + body
    return files


def write_site(
    site_format: SiteFormat,
    directory: Path,
    posts: Sequence[GeneratedPost],
    course: GeneratedCourse | None = None,
) -> Path:
    """Write the posts and the course (by default: the standard one) as ``site_format`` lays
    them out; return ``directory``."""
    files = site_format.config()
    files.update(site_format.course(course or generate_course()))
    files.update(site_format.post(post) for post in posts)
    for rel, text in files.items():
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return directory


def _formats() -> dict[str, SiteFormat]:
    return {
        "wren": SiteFormat("wren", wren_config, _wren_post, lambda c: _course_files(c, False)),
        "hugo": SiteFormat("hugo", hugo_config, _hugo_post, lambda c: _course_files(c, True)),
        "pelican": SiteFormat("pelican", pelican_config, _pelican_post, _pelican_course),
    }


FORMATS = _formats()


def write_wren_site(
    directory: Path, posts: Sequence[GeneratedPost], course: GeneratedCourse | None = None
) -> Path:
    """Write a Wren site: ``site.toml``, ``content/posts/`` and ``content/courses/``."""
    return write_site(FORMATS["wren"], directory, posts, course)


def write_hugo_site(
    directory: Path, posts: Sequence[GeneratedPost], course: GeneratedCourse | None = None
) -> Path:
    """Write a Hugo site: ``hugo.toml``, minimal ``layouts/`` and ``content/``."""
    return write_site(FORMATS["hugo"], directory, posts, course)


def write_pelican_site(
    directory: Path, posts: Sequence[GeneratedPost], course: GeneratedCourse | None = None
) -> Path:
    """Write a Pelican site: ``pelicanconf.py``, ``content/posts/`` and ``content/pages/``."""
    return write_site(FORMATS["pelican"], directory, posts, course)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000, help="number of posts (default 1000)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the site into")
    parser.add_argument("--format", choices=sorted(FORMATS), default="wren")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--code",
        choices=CODE_STYLES,
        default="standard",
        help="long: every post a 12-line Rust block, half of them a second (issue 17's blog)",
    )
    args = parser.parse_args(argv)
    posts = generate_posts(args.posts, args.seed, args.code)
    write_site(FORMATS[args.format], args.out, posts, generate_course(args.seed))
    print(f"Wrote {len(posts):,} posts and a {COURSE_CHAPTERS}-chapter course to {args.out}")


if __name__ == "__main__":
    main()
