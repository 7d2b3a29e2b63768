"""Bodies: shortcodes, Liquid tags and link forms of other tools, rewritten as Markdown.

Each tool's constructs are found by one pattern and replaced in one pass, so every finding
names the line of the source file it came from. What has no Markdown form is left as it
was written and listed in the import report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import astuple, dataclass
from typing import Any

from wren.importers.model import Findings

__all__ = [
    "Context",
    "ImageTemplate",
    "convert_hugo",
    "convert_jekyll",
    "convert_zola",
    "image_template",
]


@dataclass(frozen=True, slots=True)
class Context:
    """What a body's conversion needs besides the text."""

    source: str  # the file, relative to the source folder, for findings
    body_line: int  # the line of that file on which the body starts
    findings: Findings
    link: Callable[[str], str | None]  # a link as the source writes it -> a Wren link, or None
    params: Mapping[str, Any]  # Hugo's page and site params, for `param`

    def report(self, text: str, offset: int, kind: str, message: str) -> None:
        self.findings.add(self.source, self.body_line + text.count("\n", 0, offset), kind, message)


def _fence(lang: str, code: str) -> str:
    code = code.strip("\n")
    ticks = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`{3,}", code))])
    return f"{ticks}{lang}\n{code}\n{ticks}"


def _image(src: str, alt: str, title: str = "", caption: str = "", link: str = "") -> str:
    shown = f"![{alt or caption}](<{src}>{f' {_quoted(title)}' if title else ''})"
    if link:
        shown = f"[{shown}](<{link}>)"
    return shown + (f"\n\n*{caption.strip()}*" if caption.strip() and caption != alt else "")


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def _video_link(video: str) -> str:
    return f"[YouTube video](https://www.youtube.com/watch?v={video})"


# --- Hugo -------------------------------------------------------------------------------

_HUGO = re.compile(
    r"\{\{(?P<ed>[<%])\s*/\*(?P<escaped>.*?)\*/\s*[>%]\}\}"
    r"|\{\{[<%]\s*(?P<pname>highlight|comment)\b(?P<pargs>[^\n]*?)\s*[>%]\}\}\n?"
    r"(?P<inner>.*?)\{\{[<%]\s*/\s*(?P=pname)\s*[>%]\}\}"
    r"|\{\{[<%]\s*(?P<close>/)?\s*(?P<name>[\w./-]+)(?P<args>(?:[^>%]|[>%](?!\}\}))*?)/?\s*[>%]\}\}",
    re.DOTALL,
)
_HUGO_ARG = re.compile(r'(?:([\w-]+)=)?(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+))')


def _hugo_args(text: str) -> tuple[list[str], dict[str, str]]:
    positional: list[str] = []
    named: dict[str, str] = {}
    for match in _HUGO_ARG.finditer(text):
        key, quoted, raw, bare = match.groups()
        value = (quoted or "").replace('\\"', '"') if quoted is not None else raw or bare or ""
        if key:
            named[key] = value
        else:
            positional.append(value)
    return positional, named


def convert_hugo(body: str, context: Context) -> str:
    """Hugo's figure, highlight, ref, relref, param, youtube, gist and comment shortcodes
    as Markdown; ``{{</* x */>}}`` (an escaped shortcode) as the literal text it shows."""

    def replace(match: re.Match[str]) -> str:
        if match["escaped"] is not None:
            close = ">" if match["ed"] == "<" else "%"
            return "{{" + match["ed"] + match["escaped"] + close + "}}"
        if match["pname"] == "highlight":
            positional, _ = _hugo_args(match["pargs"])
            return _fence(positional[0] if positional else "", match["inner"])
        if match["pname"] == "comment":
            return "<!--" + match["inner"].replace("--", "- -") + "-->"
        converted = _hugo_single(match, context, body)
        return match[0] if converted is None else converted

    return _HUGO.sub(replace, body)


def _hugo_single(match: re.Match[str], context: Context, body: str) -> str | None:
    name = match["name"]
    positional, named = _hugo_args(match["args"])
    first = positional[0] if positional else ""
    if match["close"]:
        context.report(body, match.start(), "shortcode", f"closing `{name}` without its opening")
        return None
    if name in ("ref", "relref"):
        target = context.link(named.get("path", first))
        if target is not None:
            return target
        context.report(
            body, match.start(), "link", f"`{name}` to {first!r}: no imported page has that path"
        )
        return None
    if name == "figure" and named.get("src"):
        return _image(
            named["src"],
            named.get("alt", ""),
            named.get("title", ""),
            named.get("caption", ""),
            named.get("link", ""),
        )
    if name == "youtube" and (named.get("id") or first):
        return _video_link(named.get("id") or first)
    if name == "gist" and len(positional) >= 2:
        return f"[Gist {positional[1]}](https://gist.github.com/{positional[0]}/{positional[1]})"
    if name == "param" and first:
        value: Any = context.params
        for part in first.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
        context.report(body, match.start(), "shortcode", f"`param {first}`: no such text param")
        return None
    context.report(
        body, match.start(), "shortcode", f"shortcode `{name}` has no Markdown form; kept as text"
    )
    return None


# --- Zola -------------------------------------------------------------------------------

_ZOLA = re.compile(
    r"(?P<fence>^[ \t]*(?P<ticks>`{3,}|~{3,}).*?^[ \t]*(?P=ticks)[ \t]*$)"
    r"|\{%\s*(?P<bname>\w+)\((?P<bargs>.*?)\)\s*%\}(?P<inner>.*?)\{%\s*end\s*%\}"
    r"|\{\{\s*(?P<name>\w+)\((?P<args>.*?)\)\s*\}\}"
    r"|(?P<at>(?<=\]\()<?@/[^)\s>]*>?|(?<=\]:\s)@/\S+)"
    r"|(?P<more><!--\s*more\s*-->)",
    re.DOTALL | re.MULTILINE,
)
_ZOLA_ARG = re.compile(r"(\w+)\s*=\s*(\"(?:[^\"\\]|\\.)*\"|'[^']*'|`[^`]*`|\[[^\]]*\]|[^,\s)]+)")


def _zola_args(text: str) -> dict[str, str]:
    args = {}
    for key, value in _ZOLA_ARG.findall(text):
        args[key] = value[1:-1] if value[:1] in "\"'`" else value
    return args


@dataclass(frozen=True, slots=True)
class ImageTemplate:
    """A site's own shortcode whose template shows one image: the names of the shortcode's
    arguments that give its source and, when the template shows them, its alt text, title,
    caption and link (in the order ``_image`` takes them)."""

    src: str
    alt: str = ""
    title: str = ""
    caption: str = ""
    link: str = ""


_TEMPLATE_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)((?:\"[^\"]*\"|'[^']*'|[^>\"'])*)>")
_TEMPLATE_VAR = re.compile(r"\{\{-?\s*(\w+)\s*(?:\|\s*safe\s*)?-?\}\}")
_TEMPLATE_ATTR = re.compile(r"([\w-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
_IMAGE_ROLES = {("img", "src"): "src", ("img", "alt"): "alt", ("img", "title"): "title",
                ("a", "href"): "link"}  # fmt: skip


def image_template(text: str) -> ImageTemplate | None:
    """What a shortcode template (Tera) shows, when that is only an image: one ``<img>``,
    perhaps in a ``<figure>`` with a ``<figcaption>`` and inside a link, each value either
    written out or one argument (``src="{{ url }}"``); None for anything else, such as a
    template with a ``{% %}`` tag or text of its own."""
    text = re.sub(r"\{#.*?#\}|<!--.*?-->", "", text, flags=re.DOTALL)
    if "{%" in text:
        return None
    roles: dict[str, str] = {}
    images, open_caption, at = 0, False, 0
    for tag in _TEMPLATE_TAG.finditer(text):
        between = text[at : tag.start()].strip()
        at = tag.end()
        closing, name = tag[1] == "/", tag[2].lower()
        if between:
            variable = _TEMPLATE_VAR.fullmatch(between)
            if not (open_caption and variable and closing and name == "figcaption"):
                return None
            roles["caption"] = variable[1]
        if name == "figcaption":
            open_caption = not closing
        elif name not in ("figure", "img", "a"):
            return None
        images += name == "img"
        for attr in _TEMPLATE_ATTR.finditer("" if closing else tag[3].rstrip("/")):
            value = next((v for v in attr.groups()[1:] if v is not None), "")
            role = _IMAGE_ROLES.get((name, attr[1].lower()))
            variable = _TEMPLATE_VAR.fullmatch(value.strip())
            if variable is not None and role is not None:
                roles[role] = variable[1]
            elif "{{" in value:
                return None  # an argument shown in a way Markdown cannot say
    if images != 1 or text[at:].strip() or "src" not in roles:
        return None
    return ImageTemplate(**roles)


def convert_zola(
    body: str, context: Context, images: Mapping[str, ImageTemplate] | None = None
) -> str:
    """Zola's ``@/`` internal links as links to the imported files, ``<!-- more -->`` as
    ``<!--more-->``, the site's own shortcodes that show one image (``images``, by name)
    and the common ``figure``/``image``/``youtube`` shortcodes of themes as Markdown; code
    blocks are left alone, as Zola leaves them."""

    def replace(match: re.Match[str]) -> str:
        if match["fence"] is not None:
            return match[0]
        if match["more"] is not None:
            return "<!--more-->"
        if match["at"] is not None:
            ref = match["at"].strip("<>")
            target = context.link(ref)
            if target is None:
                context.report(body, match.start(), "link", f"{ref}: no imported page has it")
                return match[0]
            return f"<{target}>" if match["at"].startswith("<") else target
        name = match["bname"] or match["name"]
        args = _zola_args(match["bargs"] or match["args"] or "")
        template = (images or {}).get(name) if match["name"] else None
        if template is not None and args.get(template.src):
            shown = [args.get(arg, "") if arg else "" for arg in astuple(template)]
            return _image(*shown)
        source = args.get("src") or args.get("path") or args.get("url")
        if match["name"] and name in ("figure", "image", "img") and source:
            return _image(
                source, args.get("alt", ""), args.get("title", ""), args.get("caption", "")
            )
        if match["name"] and name == "youtube" and args.get("id"):
            return _video_link(args["id"])
        context.report(
            body,
            match.start(),
            "shortcode",
            f"shortcode `{name}` has no Markdown form; kept as text",
        )
        return match[0]

    return _ZOLA.sub(replace, body)


# --- Jekyll -----------------------------------------------------------------------------

_JEKYLL = re.compile(
    r"\{%-?\s*raw\s*-?%\}(?P<raw>.*?)\{%-?\s*endraw\s*-?%\}"
    r"|\{%-?\s*highlight\s+(?P<lang>[\w+#.-]+)[^%]*-?%\}\n?(?P<code>.*?)"
    r"\{%-?\s*endhighlight\s*-?%\}"
    r"|\{%-?\s*(?P<tag>\w+)\s*(?P<targs>.*?)\s*-?%\}"
    r"|\{\{-?\s*(?P<expr>.*?)\s*-?\}\}",
    re.DOTALL,
)
_SITE_PREFIX = re.compile(r"^site\.(?:url|baseurl)$")


def convert_jekyll(body: str, context: Context) -> str:
    """Jekyll's ``{% highlight %}`` as fenced code, ``{% link %}`` and ``{% post_url %}`` as
    links to the imported files, ``{{ site.url }}``/``{{ site.baseurl }}`` dropped (Wren's
    links are from the site's root) and ``{% raw %}`` unwrapped."""

    def replace(match: re.Match[str]) -> str:
        if match["raw"] is not None:
            return match["raw"]
        if match["code"] is not None:
            return _fence(match["lang"], match["code"])
        if match["tag"] in ("link", "post_url"):
            ref = match["targs"].strip().strip("\"'")
            target = context.link(f"{match['tag']}:{ref}")
            if target is not None:
                return target
            context.report(body, match.start(), "link", f"`{match['tag']} {ref}`: not imported")
            return match[0]
        expression = match["expr"]
        if expression is not None and _SITE_PREFIX.match(expression):
            return ""
        if expression is not None and re.fullmatch(r'"[^"]*"|\'[^\']*\'', expression):
            return expression[1:-1]  # a quoted string: Liquid's way to write braces
        if expression is not None and expression.startswith("page."):
            value = context.params.get(expression.removeprefix("page."))
            if isinstance(value, str | int | float):
                return str(value)
        what = f"`{match['tag']}` tag" if match["tag"] else f"`{{{{ {match['expr']} }}}}`"
        context.report(body, match.start(), "liquid", f"Liquid {what} has no Markdown form")
        return match[0]

    return _JEKYLL.sub(replace, body)
