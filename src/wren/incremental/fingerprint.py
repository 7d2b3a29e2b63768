"""Fingerprints of what a page is rendered from, so unchanged pages are not rendered again.

A page's fingerprint hashes its template set, the site-wide values every template can see
(``views.visible_site``) and the values passed to its template. Templates see only views
(``views``) and plain frozen values, and a dataclass is hashed by every field it compares,
so the fingerprint covers exactly what a template can read. Rendering is a pure function of
those, so equal fingerprints mean equal pages. Editing one post's body changes the
fingerprints of the pages that show that post (its page, its neighbours, the front page,
its tags, the feeds), and of no others.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import operator
import pickle
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import jinja2

from wren import __version__
from wren.errors import SourceLocation, TemplateError

if TYPE_CHECKING:
    from wren.pipeline.write import OutputFile

__all__ = ["Deferred", "Fingerprinter", "PageCache", "Unfingerprintable", "template_digest"]


class Unfingerprintable(TypeError):
    """A template value whose content cannot be hashed: that page is always rendered."""


class Deferred:
    """A template value computed only if the page is rendered, and not fingerprinted: it must
    be derived from values that are (such as a page's body from the page)."""

    __slots__ = ("compute",)

    def __init__(self, compute: Callable[[], object]) -> None:
        self.compute = compute


class Fingerprinter:
    """Hashes template values; remembers each frozen object's digest while it is in use.

    Objects are frozen dataclasses, so a digest stays true for the object's life. Objects
    not seen since the memo was last pruned are forgotten when it has doubled since then
    (``new_build``): pruning looks at every remembered object, which an edit of one post
    should not pay for on each build.
    """

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}
        self._seen: set[int] = set()
        self._kept = 0  # objects remembered after the last pruning
        self._table = _ReduceTable(self)

    def new_build(self) -> None:
        if not self._kept:  # the first build's objects: every one was just seen
            self._kept = len(self._memo)
            return
        if len(self._memo) <= 2 * self._kept + _PRUNE_SLACK:
            return
        self._memo = {key: self._memo[key] for key in self._seen if key in self._memo}
        self._kept = len(self._memo)
        self._seen = set()

    def digest(self, value: object) -> bytes:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=5)
        pickler.dispatch_table = self._table  # type: ignore[assignment]
        try:
            pickler.dump(_canonical(value))
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            raise Unfingerprintable(str(error)) from None
        return hashlib.blake2b(buffer.getbuffer(), digest_size=16).digest()

    def dataclass_digest(self, value: Any) -> bytes:
        remembered = self._memo.get(id(value))
        if remembered is not None and remembered[0] is value:
            self._seen.add(id(value))
            return remembered[1]
        result = self.digest((type(value).__qualname__, _compared_fields(value.__class__)(value)))
        self._memo[id(value)] = (value, result)
        self._seen.add(id(value))
        return result


_PRUNE_SLACK = 4096  # objects a memo may grow by before it is first pruned


@functools.cache  # one getter per dataclass: looking the fields up cost more than hashing
def _compared_fields(kind: type) -> Callable[[object], tuple[object, ...]]:
    """A getter of the fields a dataclass compares, as a tuple, in their order."""
    names = [f.name for f in dataclasses.fields(kind) if f.compare]
    if len(names) < 2:  # attrgetter of one name gives the value itself, of none fails
        return lambda value: tuple(getattr(value, name) for name in names)
    return operator.attrgetter(*names)


class _ReduceTable(dict[type, Callable[[Any], tuple[object, ...]]]):
    """How the digest pickler writes values that are not plain data: a dataclass as its
    remembered digest, a mapping or set as its sorted items, so equal values give equal
    bytes in every process. Plain values never get here: the pickler writes them itself."""

    def __init__(self, fingerprinter: Fingerprinter) -> None:
        super().__init__()
        self.fingerprinter = fingerprinter

    def __missing__(self, kind: type) -> Callable[[Any], tuple[object, ...]]:
        digest = self.fingerprinter.digest
        reduce: Callable[[Any], tuple[object, ...]]
        if dataclasses.is_dataclass(kind):

            def reduce(obj: Any) -> tuple[object, ...]:
                return (bytes, (self.fingerprinter.dataclass_digest(obj),))
        elif issubclass(kind, Mapping):

            def reduce(obj: Any) -> tuple[object, ...]:
                return (dict, (digest(sorted(obj.items(), key=_by_key)),))
        elif issubclass(kind, set | frozenset):

            def reduce(obj: Any) -> tuple[object, ...]:
                return (frozenset, (digest(sorted(obj, key=_by_text)),))
        elif issubclass(kind, Deferred | types.FunctionType | types.MethodType):
            raise Unfingerprintable(kind.__name__)
        else:

            def reduce(obj: Any) -> tuple[object, ...]:
                return obj.__reduce_ex__(5)  # type: ignore[no-any-return]

        self[kind] = reduce
        return reduce


def _same_objects(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """The same keys bound to the same values, known so at a glance (see ``_same``)."""
    if old.keys() != new.keys():
        return False
    return all(map(_same, map(old.__getitem__, new), new.values()))  # for every page: at C speed


def _same(before: object, value: object) -> bool:
    """The very same object, if immutable; or a list or tuple (lists are built anew for every
    page) whose items are the same in this sense; or an equal number or text of the same
    type. Each of these pickles to the same bytes, so the values' digest is unchanged."""
    if before is value:
        return not isinstance(value, _MUTABLE)  # a mutable one may have changed
    kind = type(value)
    if kind is not type(before):
        return False
    if kind is str or kind is int:
        return before == value
    if kind is list or kind is tuple:
        items = cast(Sequence[object], value)
        earlier = cast(Sequence[object], before)
        if len(items) != len(earlier):
            return False
        if all(map(operator.is_, earlier, items)) and not any(
            issubclass(item_kind, _MUTABLE) for item_kind in set(map(type, items))
        ):
            return True  # the very same immutable items (a listing's posts): at C speed
        return all(map(_same, earlier, items))
    return False


_MUTABLE = (list, dict, set)


def _by_text(item: object) -> str:
    return str(item)


def _canonical(value: object) -> object:
    """``value`` with its dicts and sets in a fixed order: the pickler writes plain dicts,
    sets and frozensets itself, in the order they were filled (for sets of text, an order
    that differs from process to process), before any reduce table is asked."""
    kind = type(value)
    if kind is dict:
        items = ((key, _canonical(item)) for key, item in value.items())  # type: ignore[attr-defined]
        return (dict, tuple(sorted(items, key=_by_key)))
    if kind is set or kind is frozenset:
        return (frozenset, tuple(sorted((_canonical(v) for v in value), key=_by_text)))  # type: ignore[attr-defined]
    if kind is tuple or kind is list:
        if _CONTAINERS.isdisjoint(map(type, value)):  # type: ignore[call-overload]
            return value  # nothing to put in order: the common case, checked at C speed
        return kind(_canonical(item) for item in value)  # type: ignore[attr-defined]
    return value


_CONTAINERS = frozenset({dict, set, frozenset, list, tuple})


def _by_key(item: tuple[object, object]) -> tuple[str, str]:
    """A mapping's items in the order of their keys (which are distinct), values unread."""
    return type(item[0]).__name__, str(item[0])


def template_digest(env: jinja2.Environment) -> bytes:
    """A hash of every template the environment can load, and of Wren's version."""
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(__version__.encode())
    loader = env.loader
    assert loader is not None
    for name in sorted(loader.list_templates()):
        try:
            source, _, _ = loader.get_source(env, name)
        except (OSError, UnicodeDecodeError) as error:
            reason = "not UTF-8 text" if isinstance(error, UnicodeDecodeError) else error.strerror
            raise TemplateError(
                f"cannot read this template: {reason}",
                SourceLocation(f"templates/{name}"),
                hint="templates are UTF-8 text files readable by you",
            ) from None
        hasher.update(name.encode() + b"\0" + source.encode() + b"\0")
    return hasher.digest()


@dataclass(slots=True)
class PageCache:
    """Rendered pages of the previous build by output path, with their fingerprints.

    ``previous`` maps an output path to its fingerprint and the file that was produced; a page
    whose fingerprint is unchanged is taken from there instead of being rendered.
    """

    previous: dict[str, tuple[bytes, OutputFile]] = dataclasses.field(default_factory=dict)
    # Paths of ``previous`` whose files were just found as the last build left them (see
    # ``load_page_manifest``): the next build need not look for them again.
    verified: set[str] = dataclasses.field(default_factory=set)
    current: dict[str, tuple[bytes, OutputFile]] = dataclasses.field(default_factory=dict)
    fingerprinter: Fingerprinter = dataclasses.field(default_factory=Fingerprinter)
    site_digest: bytes = b""
    # The last build's site-wide values by id, each kept with its digest (see ``start``).
    site_values: dict[int, tuple[object, bytes]] = dataclasses.field(default_factory=dict)
    reused: int = 0
    fragments: dict[bytes, str] = dataclasses.field(default_factory=dict)
    used_fragments: dict[bytes, str] = dataclasses.field(default_factory=dict)
    new_fragments: dict[bytes, str] = dataclasses.field(default_factory=dict)
    # The values each page was last made from (kept alive, so the same objects can be
    # recognised by identity) and their digest: frozen values need not be hashed again.
    identities: dict[str, tuple[str, dict[str, Any], bytes]] = dataclasses.field(
        default_factory=dict
    )
    next_identities: dict[str, tuple[str, dict[str, Any], bytes]] = dataclasses.field(
        default_factory=dict
    )
    # Pages whose every input is a frozen object (a post's page: its view and neighbours'),
    # by path: the site digest, template and objects the last build made each from.
    made_from: dict[str, tuple[bytes, str, tuple[object, ...]]] = dataclasses.field(
        default_factory=dict
    )
    next_made_from: dict[str, tuple[bytes, str, tuple[object, ...]]] = dataclasses.field(
        default_factory=dict
    )

    def start(self, site_values: tuple[object, ...], env: jinja2.Environment) -> None:
        """Begin a build: hash what every page can see.

        A site-wide value that is the very object of the last build (such as the table of
        every page's URL, which assembling keeps while no URL changes) is not hashed again:
        the site's values are frozen, so the same object has the same digest."""
        self.fingerprinter.new_build()
        digests = []
        for value in site_values:
            known = self.site_values.get(id(value))
            digest = known[1] if known and known[0] is value else self.fingerprinter.digest(value)
            digests.append((value, digest))
        self.site_values = {id(value): (value, digest) for value, digest in digests}
        self.site_digest = template_digest(env) + b"".join(digest for _, digest in digests)
        self.current = {}
        self.next_made_from = {}  # what a build that failed recorded
        self.reused = 0

    def fingerprint(self, template: str, out_path: str, context: Mapping[str, Any]) -> bytes | None:
        inputs = {k: v for k, v in context.items() if not isinstance(v, Deferred)}
        same = self.identities.get(out_path)
        if same is not None and same[0] == template and _same_objects(same[1], inputs):
            self.next_identities[out_path] = same
            return hashlib.blake2b(self.site_digest + same[2], digest_size=16).digest()
        try:
            values = self.fingerprinter.digest((template, out_path, inputs))
        except Unfingerprintable:
            return None
        self.next_identities[out_path] = (template, inputs, values)
        return hashlib.blake2b(self.site_digest + values, digest_size=16).digest()

    def unchanged(
        self, out_path: str, template: str, inputs: tuple[object, ...]
    ) -> OutputFile | None:
        """The page at ``out_path``, if the last build made it from these very objects (all
        of its inputs, each frozen, or tuples of them: see ``_same``) with the same template
        and site digest: found without hashing anything, for the one page of each post. The
        last build's page at that path (in ``previous``) is the one it made from them."""
        made = self.made_from.get(out_path)
        if (
            made is None
            or made[0] != self.site_digest
            or made[1] != template
            or not (all(map(operator.is_, made[2], inputs)) or all(map(_same, made[2], inputs)))
        ):
            self.next_made_from[out_path] = (self.site_digest, template, inputs)
            return None
        self.next_made_from[out_path] = made
        found = self.previous.get(out_path)
        if found is None:
            return None
        same = self.identities.get(out_path)
        if same is not None:
            self.next_identities[out_path] = same
        return self._reuse(out_path, found)

    def same_content(self, before: object, after: object) -> bool:
        """Whether two frozen dataclass values hash alike, so either may stand for the other
        in any page."""
        digest = self.fingerprinter.dataclass_digest
        try:
            return digest(before) == digest(after)
        except Unfingerprintable:
            return False

    def digest(self, value: object) -> bytes:
        """A digest of ``value``, to pass as the inputs of several outputs."""
        return self.fingerprinter.digest(value)

    def fragment(self, inputs: object, make: Callable[[], str]) -> str:
        """A piece of a page (such as one entry of a listing), made once while its inputs and
        the site's templates and shape stay the same."""
        key = self.site_digest + self.fingerprinter.digest(inputs)
        found = self.fragments.get(key)
        if found is None:
            found = self.fragments[key] = make()
            self.new_fragments[key] = found
        self.used_fragments[key] = found
        return found

    def take_new_fragments(self) -> dict[bytes, str]:
        """Fragments made since the last call: a forked renderer hands them back this way."""
        made, self.new_fragments = self.new_fragments, {}
        return made

    def add_fragments(self, made: Mapping[bytes, str]) -> None:
        self.fragments.update(made)
        self.used_fragments.update(made)

    def produce(self, out_path: str, inputs: object, make: Callable[[], OutputFile]) -> OutputFile:
        """The file at ``out_path``: reused when ``inputs`` are as last time, else made."""
        fingerprint = self.fingerprint("", out_path, {"inputs": inputs})
        found = self.lookup(out_path, fingerprint) if fingerprint else None
        if found is not None:
            return found
        file = make()
        if fingerprint is not None:
            self.store(fingerprint, file)
        return file

    def lookup(self, out_path: str, fingerprint: bytes) -> OutputFile | None:
        found = self.previous.get(out_path)
        if found is None or found[0] != fingerprint:
            return None
        return self._reuse(out_path, found)

    def _reuse(self, out_path: str, found: tuple[bytes, OutputFile]) -> OutputFile | None:
        """The last build's file at ``out_path``, unless it was on disk and is gone."""
        source = found[1].source
        if source is not None and out_path not in self.verified and not source.exists():
            return None
        self.reused += 1
        self.current[out_path] = found
        return found[1]

    def store(self, fingerprint: bytes, file: OutputFile) -> None:
        self.current[file.path] = (fingerprint, file)

    def finish(self) -> None:
        """End a build: its pages become the previous ones."""
        self.previous = self.current
        self.current = {}
        self.verified = set()
        self.identities, self.next_identities = self.next_identities, {}
        self.made_from, self.next_made_from = self.next_made_from, {}
        self.fragments, self.used_fragments = self.used_fragments, {}
