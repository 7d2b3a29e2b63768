"""site.toml: defaults, types and unknown keys."""

from __future__ import annotations

import pytest

from wren.config import SiteConfig, parse_config
from wren.errors import ConfigError


def test_defaults_apply_when_only_the_title_is_given() -> None:
    config = parse_config('title = "T"\n')
    assert config == SiteConfig(title="T")
    assert (config.language, config.words_per_minute, config.summary_length) == ("en", 200, 150)


def test_unknown_key_names_the_key_the_line_and_the_allowed_keys() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config('title = "T"\n\ntagline = "x"\nbase_ulr = "https://a.b/"\n')
    text = str(caught.value)
    assert text.startswith("site.toml:4: unknown key `base_ulr`")
    assert "did you mean `base_url`?" in text
    assert "allowed keys: title, base_url, tagline" in text


def test_wrong_type_is_an_error_naming_the_key() -> None:
    with pytest.raises(ConfigError, match=r"site\.toml:2: `words_per_minute` must be a whole"):
        parse_config('title = "T"\nwords_per_minute = "fast"\n')


def test_invalid_toml_names_the_line_and_column_with_a_hint() -> None:
    with pytest.raises(ConfigError, match=r"site\.toml:2:11: invalid TOML: Invalid value") as error:
        parse_config('title = "T"\ntagline = \n')
    assert error.value.hint is not None and 'key = "value"' in error.value.hint


def test_missing_title_is_an_error() -> None:
    with pytest.raises(ConfigError, match="missing required key `title`"):
        parse_config('tagline = "x"\n')


def test_base_url_path_is_used_for_site_links() -> None:
    config = parse_config('title = "T"\nbase_url = "https://example.org/blog"\n')
    assert config.site_url("/posts/a/") == "/blog/posts/a/"
    assert config.absolute_url("/posts/a/") == "https://example.org/blog/posts/a/"
