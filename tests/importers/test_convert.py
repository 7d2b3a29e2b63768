"""Bodies of other tools as Markdown: each construct converted, or kept and reported at its
line of the source file."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from wren.importers.convert import (
    Context,
    ImageTemplate,
    convert_hugo,
    convert_jekyll,
    convert_zola,
    image_template,
)
from wren.importers.model import Findings

Convert = Callable[[str, Context], str]
LINKS = {"first.md": "../posts/first.md", "@/blog/a.md": "a.md", "post_url:2019-01-02-a": "a.md"}


def _convert(convert: Convert, body: str) -> tuple[str, list[tuple[int | None, str]]]:
    findings = Findings()
    context = Context("src.md", 5, findings, LINKS.get, {"name": "Wren", "n": 3})
    return convert(body, context), [(f.line, f.kind) for f in findings]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('{{< figure src="a.png" alt="A" >}}', "![A](<a.png>)"),
        (
            '{{< figure src="a.png" caption="Cap" link="https://x.org" >}}',
            "[![Cap](<a.png>)](<https://x.org>)\n\n*Cap*",
        ),
        ("{{< youtube abc >}}", "[YouTube video](https://www.youtube.com/watch?v=abc)"),
        ('{{% param "name" %}} {{< param n >}}', "Wren 3"),
        ('[x]({{< relref "first.md" >}})', "[x](../posts/first.md)"),
        ("{{</* figure src=x */>}}", "{{< figure src=x >}}"),
        ("{{< comment >}}hidden{{< /comment >}}", "<!--hidden-->"),
        ("{{< highlight go >}}\nx := 1\n{{< /highlight >}}", "```go\nx := 1\n```"),
        ("{{< highlight md >}}\n```\n{{< /highlight >}}", "````md\n```\n````"),
    ],
)
def test_hugo_shortcodes_that_have_a_markdown_form(body: str, expected: str) -> None:
    assert _convert(convert_hugo, body) == (expected, [])


def test_hugo_shortcodes_without_a_form_are_kept_and_reported_by_line() -> None:
    body = "one\n\n{{< tabs >}}\n{{< ref missing.md >}}\n{{< param nothing >}}"
    converted, findings = _convert(convert_hugo, body)
    assert converted == body
    assert findings == [(7, "shortcode"), (8, "link"), (9, "shortcode")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[a](@/blog/a.md)", "[a](a.md)"),
        ("[a](<@/blog/a.md>)", "[a](<a.md>)"),
        ("[a]: @/blog/a.md", "[a]: a.md"),
        ("Intro\n<!-- more -->\nRest", "Intro\n<!--more-->\nRest"),
        ('{{ figure(src="p.png", alt="P") }}', "![P](<p.png>)"),
        ("```\n{{ x() }} [a](@/nowhere.md)\n```", "```\n{{ x() }} [a](@/nowhere.md)\n```"),
    ],
)
def test_zola_links_summaries_and_common_shortcodes(body: str, expected: str) -> None:
    assert _convert(convert_zola, body) == (expected, [])


def test_zola_shortcodes_and_unknown_links_are_reported() -> None:
    body = "{% note(kind=1) %}\nbody\n{% end %}\n[b](@/gone.md)"
    converted, findings = _convert(convert_zola, body)
    assert converted == body
    assert findings == [(5, "shortcode"), (8, "link")]


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (
            '<figure>\n  <img src="{{url}}">\n  <figcaption>{{ caption }}</figcaption>\n</figure>',
            ImageTemplate("url", caption="caption"),
        ),
        (
            '{# linked #}<a href="{{ to }}"><img src="{{ src | safe }}" alt="{{ alt }}"'
            ' title="{{ t }}" loading="lazy" /></a>',
            ImageTemplate("src", "alt", "t", link="to"),
        ),
        ('<img src="{{ src }}" class="{{ kind }}">', None),  # an argument Markdown cannot show
        ("<figure><img src='{{ src }}'><figcaption>By {{ who }}</figcaption></figure>", None),
        ('{% if src %}<img src="{{ src }}">{% endif %}', None),
        ('<iframe src="https://www.youtube.com/embed/{{ id }}"></iframe>', None),
        ('<img src="{{ a }}"><img src="{{ b }}">', None),
        ('<img src="/logo.png" alt="{{ alt }}">', None),  # no argument gives the image
    ],
)
def test_a_zola_shortcode_template_that_shows_only_an_image(
    template: str, expected: ImageTemplate | None
) -> None:
    assert image_template(template) == expected


def test_zola_shortcodes_of_the_site_that_show_an_image_become_markdown() -> None:
    findings = Findings()
    context = Context("src.md", 5, findings, LINKS.get, {})
    images = {"photo": ImageTemplate("url", caption="caption")}
    body = '{{ photo(url="a.jpg", caption="A cat") }}\n\n{{ photo(caption="no picture") }}'
    converted = convert_zola(body, context, images)
    assert converted == '![A cat](<a.jpg>)\n\n*A cat*\n\n{{ photo(caption="no picture") }}'
    assert [(f.line, f.kind) for f in findings] == [(7, "shortcode")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{% highlight c linenos %}\nint x;\n{% endhighlight %}", "```c\nint x;\n```"),
        ("[a]({% post_url 2019-01-02-a %})", "[a](a.md)"),
        ("[a]({{ site.baseurl }}/x/)", "[a](/x/)"),
        ("{% raw %}{{ y }}{% endraw %}", "{{ y }}"),
        ('{{ "{{" }}', "{{"),
        ("{{ page.name }}", "Wren"),
    ],
)
def test_jekyll_liquid_that_has_a_markdown_form(body: str, expected: str) -> None:
    assert _convert(convert_jekyll, body) == (expected, [])


def test_jekyll_liquid_without_a_form_is_kept_and_reported() -> None:
    body = "a\n{% include x.html %}\n{{ site.posts | size }}"
    converted, findings = _convert(convert_jekyll, body)
    assert converted == body
    assert findings == [(6, "liquid"), (7, "liquid")]
