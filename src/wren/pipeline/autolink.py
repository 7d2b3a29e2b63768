"""Bare URLs in text, found by GFM's extended-autolink rules (the spec's section 6.9).

``find_autolinks`` reads plain text, one text event of the Markdown parser at a time; it
never sees code, raw HTML or the text of a link, so it cannot rewrite them.

- ``www.`` then a valid domain, or ``http://``, ``https://`` or ``ftp://`` then a valid
  domain, then anything up to a space or ``<``; or an e-mail address.
- A valid domain is dot-separated runs of letters, digits, ``_`` and ``-``, with at least
  one dot and no ``_`` in its last two parts.
- Trailing ``?!.,:*_~`` are not part of the link; a trailing ``)`` is not when the link has
  more ``)`` than ``(``; a trailing ``&name;`` (entity-like) is not.
- A ``www.`` link starts at the start of the text or after a space, ``*``, ``_``, ``~`` or
  ``(``; a scheme is not preceded by a letter or digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Autolink", "find_autolinks"]


@dataclass(frozen=True, slots=True)
class Autolink:
    start: int  # offsets in the text
    end: int
    href: str


_CANDIDATE = re.compile(
    r"(?P<www>(?<![^\s*_~(])www\.)"
    r"|(?P<scheme>(?<![A-Za-z0-9])(?:https?|ftp)://)"
    r"|(?P<email>[A-Za-z0-9.+_-]+@[A-Za-z0-9_.-]+)"
)
_DOMAIN = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*")
_REST = re.compile(r"[^\s<]*")
_TRAILING_PUNCTUATION = "?!.,:*_~"
_ENTITY_TAIL = re.compile(r"&[A-Za-z0-9]+;$")


def find_autolinks(text: str) -> list[Autolink]:
    """Every extended autolink in ``text``, in order."""
    found: list[Autolink] = []
    position = 0
    while (match := _CANDIDATE.search(text, position)) is not None:
        if match.group("email"):
            link = _email(text, match)
        else:
            link = _url(text, match.start(), match.end(), bool(match.group("www")))
        if link is None:
            position = match.start() + 1
            continue
        found.append(link)
        position = link.end
    return found


def _url(text: str, start: int, after_prefix: int, www: bool) -> Autolink | None:
    domain = _DOMAIN.match(text, start if www else after_prefix)
    if domain is None or not _valid_domain(domain.group(), www):
        return None
    rest = _REST.match(text, domain.end())
    end = _trimmed_end(text, start, rest.end() if rest else domain.end())
    if end <= domain.start() or (www and end <= after_prefix):
        return None
    if not _valid_domain(text[domain.start() : min(end, domain.end())], www):
        return None
    shown = text[start:end]
    return Autolink(start, end, ("http://" + shown) if www else shown)


def _valid_domain(domain: str, www: bool) -> bool:
    parts = domain.split(".")
    if www:
        parts = parts[1:]  # after the `www`
        if not parts or not parts[0]:
            return False
    elif len(parts) < 2 and not domain:
        return False
    if any(not part for part in parts[:-1]):
        return False
    return not any("_" in part for part in parts[-2:])


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start:
        last = text[end - 1]
        if last in _TRAILING_PUNCTUATION:
            end -= 1
        elif last == ")":
            link = text[start:end]
            if link.count(")") <= link.count("("):
                break
            end -= 1
        elif last == ";":
            entity = _ENTITY_TAIL.search(text, start, end)
            if entity is None:
                break
            end = entity.start()
        else:
            break
    return end


def _email(text: str, match: re.Match[str]) -> Autolink | None:
    start, end = match.start(), match.end()
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".+_-/"):
        return None
    domain = match.group().partition("@")[2]
    while domain.endswith("."):
        domain = domain[:-1]
        end -= 1
    if "." not in domain or domain[-1] in "-_" or ".." in domain or domain.startswith("."):
        return None
    return Autolink(start, end, f"mailto:{text[start:end]}")
