"""Values remembered by object: made once while the object and the basis stay the same."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from support import NOW, output_bytes
from wren.build import Builder, BuildOptions
from wren.incremental.memo import ByObject
from wren.publish import listings


class Counter:
    def __init__(self) -> None:
        self.made = 0

    def make(self) -> str:
        self.made += 1
        return f"value {self.made}"


def test_a_value_is_made_once_while_its_object_is_the_same() -> None:
    memo: ByObject[str] = ByObject()
    counter, thing = Counter(), ("a",)
    for _ in range(3):
        memo.start("settings")
        assert memo.get(thing, counter.make) == "value 1"
    assert counter.made == 1


def test_an_equal_but_other_object_gets_its_own_value() -> None:
    memo: ByObject[str] = ByObject()
    counter = Counter()
    memo.get(["a"], counter.make)
    memo.get(["a"], counter.make)
    assert counter.made == 2


def test_another_basis_forgets_every_value() -> None:
    memo: ByObject[str] = ByObject()
    counter, thing = Counter(), ("a",)
    memo.start("settings")
    memo.get(thing, counter.make)
    memo.start("other settings")
    assert memo.get(thing, counter.make) == "value 2"


def test_a_value_not_asked_for_in_a_build_is_forgotten() -> None:
    memo: ByObject[str] = ByObject()
    counter, thing = Counter(), ("a",)
    memo.start("settings")
    memo.get(thing, counter.make)
    memo.start("settings")
    memo.start("settings")
    assert memo.get(thing, counter.make) == "value 2"


def many_posts(count: int) -> str:
    return '-- site.toml --\ntitle = "Many"\n' + "".join(
        f"-- content/posts/2026-01-{1 + n % 28:02d}-post-{n}.md --\n"
        f"---\ntitle: Post {n}\ntags: [t{n % 3}]\n---\nText of post {n}.\n"
        for n in range(count)
    )


def test_after_a_one_post_edit_only_that_post_has_its_listing_parts_made_again(
    make_site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(many_posts(30))
    builder = Builder(site, BuildOptions(now=NOW, search=False))
    builder.build()
    made: list[str] = []
    for module, name in ((listings, "_post_item"), (listings, "_post_record")):
        original = getattr(module, name)

        def counted(site: object, post: object, original: Callable[..., str] = original) -> str:
            made.append(post.key)  # type: ignore[attr-defined]
            return original(site, post)

        monkeypatch.setattr(module, name, counted)
    post = site / "content/posts/2026-01-06-post-5.md"
    post.write_text(post.read_text().replace("Text of post 5.", "A longer text of post 5."))
    files = output_bytes(builder.build().files)
    assert made == ["content/posts/2026-01-06-post-5.md"] * 2
    assert b"A longer text of post 5." in files["llms.txt"]
    assert b"A longer text of post 5." in files["index.json"]
