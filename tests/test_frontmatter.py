"""Front matter: split, loaded safely, validated with errors that name the line."""

from __future__ import annotations

import datetime as dt

import pytest

from wren.errors import ContentError, ErrorGroup
from wren.pipeline.frontmatter import split_front_matter, validate_chapter, validate_post

PATH = "content/posts/x.md"


def post(text: str):  # type: ignore[no-untyped-def]
    return validate_post(split_front_matter(text, PATH), PATH)


def test_yaml_front_matter_gives_typed_post_fields() -> None:
    meta = post('---\ntitle: "Hello"\ndate: 2026-01-31\ntags: [a, b]\ndraft: true\n---\nBody\n')
    assert meta.title == "Hello"
    assert meta.date == dt.datetime(2026, 1, 31, tzinfo=dt.UTC)
    assert meta.tags == ("a", "b")
    assert meta.draft is True


def test_toml_front_matter_is_read_between_plus_lines() -> None:
    meta = post('+++\ntitle = "T"\ndate = 2026-02-01T10:00:00+02:00\n+++\nBody\n')
    assert meta.date.utcoffset() == dt.timedelta(hours=2)


def test_dates_without_offset_are_taken_as_utc() -> None:
    meta = post("---\ntitle: T\ndate: 2026-02-01 09:30:00\n---\n")
    assert meta.date == dt.datetime(2026, 2, 1, 9, 30, tzinfo=dt.UTC)


def test_quoted_iso_date_string_is_accepted() -> None:
    assert post('---\ntitle: T\ndate: "2026-02-01"\n---\n').date.day == 1


def test_body_line_counts_the_front_matter_lines() -> None:
    matter = split_front_matter("---\ntitle: T\ndate: 2026-01-01\n---\nBody\n", PATH)
    assert matter.body == "Body\n"
    assert matter.body_line == 5


def test_unknown_key_is_kept_with_its_line_and_a_did_you_mean_hint() -> None:
    meta = post("---\ntitle: T\ndate: 2026-01-01\ntagz: [a]\nsubtitle: S\n---\n")
    tagz, subtitle = meta.unknown
    assert (tagz.name, tagz.value, tagz.line) == ("tagz", ["a"], 4)
    assert tagz.hint.startswith("did you mean `tags`?")
    assert not subtitle.hint.startswith("did you mean"), "subtitle is not a misspelt title"


def test_wrong_type_names_the_field_and_line() -> None:
    with pytest.raises(ContentError, match=r"x\.md:4: `tags` must be a list of strings"):
        post("---\ntitle: T\ndate: 2026-01-01\ntags: {a: 1}\n---\n")


def test_a_single_tag_and_numeric_tags_are_accepted() -> None:
    assert post("---\ntitle: T\ndate: 2026-01-01\ntags: rust\n---\n").tags == ("rust",)
    assert post("---\ntitle: T\ndate: 2026-01-01\ntags: [2019, x]\n---\n").tags == ("2019", "x")


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    with pytest.raises(ErrorGroup) as caught:
        post("---\ntitle: [1]\ndate: someday\ndraft: maybe\n---\n")
    messages = [str(error) for error in caught.value.errors]
    assert [m.split(": ", 1)[0] for m in messages] == [f"{PATH}:2", f"{PATH}:3", f"{PATH}:4"]


def test_the_date_comes_from_the_file_name_when_front_matter_has_none() -> None:
    name = "content/posts/2019-05-20-fn-types.md"
    meta = validate_post(split_front_matter("---\ntitle: T\n---\n", name), name)
    assert meta.date == dt.datetime(2019, 5, 20, tzinfo=dt.UTC)
    bundle = "content/posts/2019-05-21-pics/index.md"
    meta = validate_post(split_front_matter("---\ntitle: T\n---\n", bundle), bundle)
    assert meta.date.day == 21


def test_missing_title_is_an_error() -> None:
    with pytest.raises(ContentError, match="missing required field `title`"):
        post("---\ndate: 2026-01-01\n---\n")


def test_missing_date_is_an_error_for_posts_only() -> None:
    with pytest.raises(ContentError, match="missing required field `date`"):
        post("---\ntitle: T\n---\n")
    chapter = validate_chapter(split_front_matter("---\ntitle: C\n---\n", PATH), PATH)
    assert chapter.title == "C"


def test_invalid_date_names_the_line() -> None:
    with pytest.raises(ContentError, match=r"x\.md:3: `date` must be a date"):
        post("---\ntitle: T\ndate: next tuesday\n---\n")


def test_unclosed_front_matter_is_an_error_on_line_one() -> None:
    with pytest.raises(ContentError, match=r"x\.md:1: front matter opened with `---`"):
        split_front_matter("---\ntitle: T\n", PATH)


def test_yaml_syntax_error_names_the_file_line() -> None:
    with pytest.raises(ContentError, match=r"x\.md:3: invalid YAML front matter"):
        split_front_matter("---\ntitle: T\ndate: [2026\n---\n", PATH)


def test_impossible_date_names_its_line_instead_of_crashing() -> None:
    with pytest.raises(ContentError, match=r"x\.md:3: invalid date in front matter"):
        split_front_matter("---\ntitle: T\ndate: 2026-13-01\n---\n", PATH)


def test_yaml_is_loaded_safely() -> None:
    with pytest.raises(ContentError):
        split_front_matter("---\ntitle: !!python/object/apply:os.system [echo]\n---\n", PATH)


def test_updated_before_date_is_an_error() -> None:
    with pytest.raises(ContentError, match="`updated` is earlier than `date`"):
        post("---\ntitle: T\ndate: 2026-02-01\nupdated: 2026-01-01\n---\n")


def test_chapter_does_not_take_post_only_fields() -> None:
    chapter = validate_chapter(split_front_matter("---\ntitle: C\ntags: [a]\n---\n", PATH), PATH)
    assert [key.name for key in chapter.unknown] == ["tags"]
