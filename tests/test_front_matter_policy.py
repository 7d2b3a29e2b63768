"""Front matter from other tools: unknown keys are errors by default, or kept in ``extra``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wren.build import BuildOptions, build_site
from wren.errors import WrenError

SITE = """
-- site.toml --
title = "T"
{setting}
-- content/posts/2026-01-01-a.md --
---
title: "A"
date: 2026-01-01
subtitle: "Moved from Hugo"
images: ["/a.png"]
---
Body.
-- content/posts/2026-01-02-b.md --
---
title: "B"
date: 2026-01-02
toc: true
extra: { toc: false }
---
Body.
-- templates/post.html --
{% extends "base.html" %}{% block main %}<p id="extra">{{ page.extra | tojson }}</p>{% endblock %}
"""


def build(make_site: Callable[[str], Path], setting: str = "") -> Path:
    site = make_site(SITE.replace("{setting}", setting))
    return build_site(site, BuildOptions(search=False, use_cache=False)).output_dir


def test_every_unknown_key_of_every_file_is_reported_in_one_run(
    make_site: Callable[[str], Path],
) -> None:
    with pytest.raises(WrenError) as caught:
        build(make_site)
    text = str(caught.value)
    assert "content/posts/2026-01-01-a.md:4: unknown front matter key `subtitle`" in text
    assert "content/posts/2026-01-01-a.md:5: unknown front matter key `images`" in text
    assert "content/posts/2026-01-02-b.md:4: unknown front matter key `toc`" in text
    assert "did you mean" not in text
    assert 'unknown_front_matter = "extra"' in text


def test_with_extra_the_unknown_keys_reach_templates_under_extra(
    make_site: Callable[[str], Path],
) -> None:
    out = build(make_site, 'unknown_front_matter = "extra"')
    a = (out / "posts/a/index.html").read_text(encoding="utf-8")
    assert '"subtitle": "Moved from Hugo"' in a and '"images": ["/a.png"]' in a
    b = (out / "posts/b/index.html").read_text(encoding="utf-8")
    assert '"toc": false' in b, "a value written under extra wins over a loose key"


def test_a_wrong_setting_is_an_error_at_its_line(make_site: Callable[[str], Path]) -> None:
    with pytest.raises(WrenError, match=r"site\.toml:2: `unknown_front_matter` must be"):
        build(make_site, 'unknown_front_matter = "keep"')
