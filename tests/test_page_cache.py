"""The page cache: a page is reused exactly while its fingerprint is unchanged."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wren.incremental.fingerprint import Deferred, Fingerprinter, PageCache
from wren.pipeline.write import OutputFile


def environment(template: str = "{{ x }}") -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader({"page.html": template}))


def cache_after_one_build(context: dict[str, object]) -> PageCache:
    cache = PageCache()
    cache.start(("site",), environment())
    fingerprint = cache.fingerprint("page.html", "a/index.html", context)
    assert fingerprint is not None
    cache.store(fingerprint, OutputFile("a/index.html", b"made"))
    cache.finish()
    return cache


def lookup(
    cache: PageCache, context: dict[str, object], site: tuple[object, ...] = ("site",)
) -> bool:
    cache.start(site, environment())
    fingerprint = cache.fingerprint("page.html", "a/index.html", context)
    return fingerprint is not None and cache.lookup("a/index.html", fingerprint) is not None


def test_a_page_with_the_same_inputs_is_reused() -> None:
    cache = cache_after_one_build({"x": 1})
    assert lookup(cache, {"x": 1})
    assert cache.reused == 1


def test_a_page_whose_value_changed_is_made_again() -> None:
    assert not lookup(cache_after_one_build({"x": 1}), {"x": 2})


def test_a_change_every_page_can_see_makes_every_page_again() -> None:
    assert not lookup(cache_after_one_build({"x": 1}), {"x": 1}, site=("other site",))


def test_deferred_values_are_not_fingerprinted() -> None:
    cache = cache_after_one_build({"x": 1, "body": Deferred(lambda: "one")})
    assert lookup(cache, {"x": 1, "body": Deferred(lambda: "two")})


def test_a_value_that_cannot_be_hashed_makes_the_page_every_time() -> None:
    cache = PageCache()
    cache.start((), environment())
    assert cache.fingerprint("page.html", "a/index.html", {"f": lambda: 1}) is None


@dataclasses.dataclass(frozen=True)
class View:
    title: str


def made_from(cache: PageCache, inputs: tuple[object, ...], template: str = "t") -> bool:
    """One build of the page at ``p.html`` from ``inputs``: whether it was taken as it was."""
    cache.start(("site",), environment())
    kept = cache.unchanged("p.html", template, inputs)
    if kept is None:
        cache.store(b"fingerprint", OutputFile("p.html", b"made"))
    cache.finish()
    return kept is not None


def test_a_page_made_from_the_very_same_objects_is_taken_as_it_was() -> None:
    cache, view, neighbour = PageCache(), View("a"), View("b")
    assert not made_from(cache, (view, neighbour))
    assert made_from(cache, (view, neighbour))
    assert not made_from(cache, (view, (neighbour, view)))  # other inputs
    assert made_from(cache, (view, (neighbour, view)))  # a new tuple of the same objects


@pytest.mark.parametrize(
    "change",
    ["an equal new object", "another template", "another site", "a build without the page"],
)
def test_a_page_made_from_other_objects_or_elsewhere_is_made_again(change: str) -> None:
    cache, view = PageCache(), View("a")
    made_from(cache, (view,))
    template = "other" if change == "another template" else "t"
    if change == "another site":
        cache.start(("other site",), environment())
        cache.finish()
    if change == "a build without the page":
        cache.start(("site",), environment())
        cache.finish()
    inputs = (View("a"),) if change == "an equal new object" else (view,)
    assert not made_from(cache, inputs, template)


def test_a_page_left_out_of_a_build_is_forgotten() -> None:
    cache = cache_after_one_build({"x": 1})
    cache.start(("site",), environment())
    cache.finish()  # a build without the page
    assert not lookup(cache, {"x": 1})


def test_a_reused_copy_whose_file_is_gone_is_made_again(tmp_path: Path) -> None:
    cache = PageCache()
    cache.start((), environment())
    fingerprint = cache.fingerprint("page.html", "a/index.html", {"x": 1})
    assert fingerprint is not None
    cache.store(fingerprint, OutputFile("a/index.html", source=tmp_path / "gone.html"))
    cache.finish()
    cache.start((), environment())
    assert cache.lookup("a/index.html", fingerprint) is None


@given(st.dictionaries(st.text(max_size=5), st.integers(), max_size=6))
def test_a_mapping_hashes_the_same_in_any_insertion_order(values: dict[str, int]) -> None:
    backwards = dict(reversed(list(values.items())))
    assert Fingerprinter().digest({"m": values}) == Fingerprinter().digest({"m": backwards})


@given(st.frozensets(st.text(max_size=5), max_size=6))
def test_a_set_hashes_as_its_items(values: frozenset[str]) -> None:
    assert Fingerprinter().digest(values) == Fingerprinter().digest(frozenset(sorted(values)))


DIGEST_IN_A_NEW_PROCESS = """
from wren.incremental.fingerprint import Fingerprinter
from wren.pipeline.markdown import RenderedBody
body = RenderedBody("<p>x</p>", (), 1, "x", frozenset({"intro", "setup", "moves", "a", "b"}))
print(Fingerprinter().digest({"body": body, "ids": {"z", "y", "x"}}).hex())
"""


def test_fingerprints_are_the_same_in_every_process() -> None:
    # A warm `wren build` in a new process reuses pages only if this holds; sets of text
    # iterate in a different order under each PYTHONHASHSEED.
    digests = {
        subprocess.run(
            [sys.executable, "-c", DIGEST_IN_A_NEW_PROCESS],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1


def test_a_listing_of_the_very_same_items_is_reused() -> None:
    entries = (("a", 1), ("b", 2))
    cache = cache_after_one_build({"x": [*entries]})
    assert lookup(cache, {"x": [*entries]})


def test_a_listing_holding_the_same_list_changed_since_is_made_again() -> None:
    tags = ["rust"]
    cache = cache_after_one_build({"x": [tags, "b"]})
    tags.append("async")
    assert not lookup(cache, {"x": [tags, "b"]})
