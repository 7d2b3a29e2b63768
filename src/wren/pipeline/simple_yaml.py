"""Simple YAML: the front matter most files have, read without a YAML library.

Most front matter is a flat table: ``key: value`` lines whose values are text, whole numbers,
true or false, dates, and lists of those (``tags: [a, b]`` or one ``- item`` a line). This
module reads exactly that subset and gives what PyYAML's safe loader gives for it. Anything
else (nested tables, block text, anchors, escapes, floats, a key written twice, a value that
YAML would read in a surprising way) is refused with ``None``, and the caller loads the text
with PyYAML, which also reports its mistakes. Refusing is always allowed; differing is not.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

__all__ = ["read_simple_yaml"]

# Characters outside these (tabs, carriage returns, YAML's other line breaks, control
# characters) send the text to PyYAML.
_UNUSUAL = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$")
_ITEM = re.compile(r"( *)-(?: +(.*))?$")
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\["\\])*)"')
_ESCAPED = re.compile(r'\\(["\\])')
_COMMENT = re.compile(r" +#")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)$")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_DATETIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:(Z)|([-+])([0-9]{2}):([0-9]{2}))?$"
)
# Words YAML 1.1 reads as true, false or nothing; every other spelling is text.
_WORDS: dict[str, Any] = {
    **{word: True for word in ("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")},
    **{word: False for word in ("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")},
    **{word: None for word in ("~", "null", "Null", "NULL")},
}
# A word YAML reads as something else in any capitalisation (``TRUE``), refused as a key.
_WORD_KEYS = {word.lower() for word in _WORDS}


class _Refused(Exception):
    """The text is outside the subset: PyYAML must read it."""


def read_simple_yaml(text: str) -> dict[str, Any] | None:
    """The table ``text`` holds, or ``None`` when it is not simple front matter.

    >>> read_simple_yaml('title: "Hi"\\ntags:\\n  - a\\n  - b\\ndate: 2026-01-31\\n')
    {'title': 'Hi', 'tags': ['a', 'b'], 'date': datetime.date(2026, 1, 31)}
    >>> read_simple_yaml("extra:\\n  colour: red\\n") is None
    True
    """
    if _UNUSUAL.search(text):
        return None
    try:
        return _read_table(text.split("\n"))
    except _Refused:
        return None


def _read_table(lines: list[str]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    items: list[Any] | None = None  # the block list being read, if any
    indent = last = ""
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key = _KEY.match(line)
        if key is not None:
            name, value = key.group(1), key.group(2)
            if name in table or name.lower() in _WORD_KEYS:
                raise _Refused
            items = None
            if value is None or not value.strip():
                table[name] = None
                items, last = [], name
            else:
                table[name] = _value(value)
            continue
        item = _ITEM.match(line)
        if item is None or items is None:
            raise _Refused
        if not items:
            indent = item.group(1)
            table[last] = items
        elif item.group(1) != indent:
            raise _Refused
        written = item.group(2)
        items.append(None if written is None or not written.strip() else _scalar(written))
    return table


def _value(written: str) -> Any:
    if written.startswith("["):
        return _flow_list(written)
    return _scalar(written)


def _scalar(written: str) -> Any:
    """A quoted or plain scalar filling the rest of a line, with an optional comment."""
    if written[0] in "\"'":
        text, rest = _quoted(written)
        if rest.strip() and not _COMMENT.match(rest):
            raise _Refused
        return text
    return _plain(_without_comment(written), in_list=False)


def _without_comment(written: str) -> str:
    at = written.find(" #")
    return (written if at < 0 else written[:at]).rstrip(" ")


def _quoted(written: str) -> tuple[str, str]:
    """A quoted scalar at the start of ``written``, and what follows it on the line."""
    single = written[0] == "'"
    found = (_SINGLE if single else _DOUBLE).match(written)
    if found is None:
        raise _Refused
    text = found.group(1)
    if single and "'" in text:
        text = text.replace("''", "'")
    elif not single and "\\" in text:
        text = _ESCAPED.sub(r"\1", text)
    return text, written[found.end() :]


def _plain(text: str, *, in_list: bool) -> Any:
    """An unquoted scalar, already stripped of its comment: text, a number, a date, a word."""
    if not text or text.endswith(":") or ": " in text:
        raise _Refused
    if in_list and any(mark in text for mark in ",?[]{}:#"):
        raise _Refused
    first = text[0]
    if first.isdigit() or first == "-":
        return _number_or_date(text)
    if first in _WORDS_START and text in _WORDS:
        return _WORDS[text]
    if not (first.isalpha() or first in "_/("):
        raise _Refused
    return text


_WORDS_START = {word[0] for word in _WORDS}


def _number_or_date(text: str) -> Any:
    if _INT.match(text):
        return int(text)
    try:
        date = _DATE.match(text)
        if date is not None:
            return dt.date(*map(int, date.groups()))
        stamp = _DATETIME.match(text)
        if stamp is not None:
            return _datetime(stamp)
    except ValueError:  # such as 2026-13-01: PyYAML's error names the line
        raise _Refused from None
    raise _Refused


def _datetime(stamp: re.Match[str]) -> dt.datetime:
    year, month, day, hour, minute, second = map(int, stamp.groups()[:6])
    zulu, sign, zone_hour, zone_minute = stamp.groups()[6:]
    zone: dt.tzinfo | None = None
    if sign is not None:
        offset = dt.timedelta(hours=int(zone_hour), minutes=int(zone_minute))
        zone = dt.timezone(-offset if sign == "-" else offset)
    elif zulu is not None:
        zone = dt.UTC
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=zone)


def _flow_list(written: str) -> list[Any]:
    """``[a, "b", 'c']`` on one line, with an optional comment after it."""
    rest = written[1:].lstrip(" ")
    items: list[Any] = []
    if rest.startswith("]"):
        return _closed(items, rest[1:])
    while True:
        if rest[:1] in ("'", '"'):
            item, rest = _quoted(rest)
            rest = rest.lstrip(" ")
        else:
            end = min((rest.find(mark) for mark in ",]" if mark in rest), default=-1)
            if end < 0:
                raise _Refused
            item, rest = _plain(rest[:end].rstrip(" "), in_list=True), rest[end:]
        items.append(item)
        if rest.startswith("]"):
            return _closed(items, rest[1:])
        if not rest.startswith(", "):
            raise _Refused
        rest = rest[2:].lstrip(" ")
        if rest.startswith("]"):  # a trailing comma
            raise _Refused


def _closed(items: list[Any], rest: str) -> list[Any]:
    if rest.strip() and not _COMMENT.match(rest):
        raise _Refused
    return items
