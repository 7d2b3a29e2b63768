"""The live-reload script is added to HTML responses only, before the last </body>."""

from __future__ import annotations

from wren.server.inject import inject_live_reload, status_page
from wren.server.snapshot import Snapshot

GOOD = Snapshot(None, None, "abc-3")


def test_the_script_goes_before_the_last_closing_body_tag() -> None:
    page = b"<html><body><pre>&lt;/body&gt;</pre></BODY ></html>"
    result = inject_live_reload(page, GOOD, ["index.html"])
    before, _, after = result.partition(b"<script ")
    assert before == b"<html><body><pre>&lt;/body&gt;</pre>"
    assert after.endswith(b"</script>\n</BODY ></html>")
    assert b'data-build="abc-3"' in result
    assert b'data-paths="index.html"' in result


def test_a_page_without_a_body_tag_gets_the_script_at_the_end() -> None:
    assert inject_live_reload(b"<p>hi", GOOD, []).startswith(b"<p>hi<script ")


def test_the_error_is_escaped_into_an_attribute() -> None:
    broken = Snapshot(None, 'content/posts/a.md:2: bad "<script>alert(1)</script>"', "abc-3")
    result = inject_live_reload(b"<body></body>", broken, []).decode()
    assert "<script>alert" not in result
    assert 'data-error="content/posts/a.md:2: bad &quot;&lt;script&gt;alert(1)' in result


def test_the_status_page_shows_the_escaped_error_without_scripting() -> None:
    broken = Snapshot(None, "site.toml:1: invalid TOML: <oops>", "abc-0")
    page = status_page(broken).decode()
    assert '<pre style="white-space:pre-wrap">site.toml:1: invalid TOML: &lt;oops&gt;</pre>' in page
    assert "/__wren/live.js" in page


def test_the_last_good_builds_warnings_are_escaped_into_an_attribute_one_a_line() -> None:
    warned = Snapshot(
        None,
        None,
        "abc-4",
        warnings=("content/a.md:4: warning: 60 <tags>\n  hint: keep few", "static/x: warning: y"),
    )
    result = inject_live_reload(b"<body></body>", warned, []).decode()
    assert (
        'data-warnings="content/a.md:4: warning: 60 &lt;tags&gt;\n  hint: keep few\n'
        'static/x: warning: y"'
    ) in result
    assert "data-warnings" not in inject_live_reload(b"<body></body>", GOOD, []).decode()
