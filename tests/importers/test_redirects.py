"""Netlify's and Cloudflare Pages' `_redirects`: which rules lead from one address to
another, the only ones an import can turn into aliases."""

from __future__ import annotations

from wren.importers.redirects import read_rules

RULES = """\
# a comment, then a blank line

/old        /new/
/older      /new/      301!
/moved.html https://example.org/new/ 302
/fr         /fr/index  302  Language=fr
/docs/*     /guide/:splat
/posts/:id  /p/:id
/app        /index.html 200
/gone       /          404
/search     /find?q=x
lonely
"""


def test_only_rules_from_one_address_to_another_are_plain() -> None:
    rules = read_rules(RULES)
    assert [(rule.line, rule.source, rule.plain) for rule in rules] == [
        (3, "/old", True),
        (4, "/older", True),  # forced: still one address to another
        (5, "/moved.html", True),
        (6, "/fr", False),  # a condition
        (7, "/docs/*", False),
        (8, "/posts/:id", False),
        (9, "/app", False),  # a rewrite
        (10, "/gone", False),
        (11, "/search", False),  # a query
    ]
    assert rules[1].status == "301!" and rules[0].status == ""
