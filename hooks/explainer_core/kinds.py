"""Field kinds: each class checks, links, exports and generates the values of one kind of field.

``schema.py`` declares every field as one line, ``Text("title", "...", required=True)``; the
validator (``validate.py``), the model (``model.py``), the JSON exports and their schemas
(``exports.py``, ``export_schemas.py``), the data reference page and the benchmark's generator
(``bench/generate.py``) ask the field's kind what to do, so adding a field, or a kind, touches
nothing else. Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple
from urllib.parse import urlsplit

from . import export_schemas as js
from .dates import MAX_YEAR, MIN_YEAR, DateError, FuzzyDate
from .loader import MAX_DEPTH, MAX_FILE_BYTES, Located
from .problems import shown, suggest

if TYPE_CHECKING:  # pragma: no cover - for the type checker only
    from .schema import Collection
    from .validate import Checker

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Limits on single values (see the data reference page). Generous for prose (the longest text
# in data/ is about 500 characters) and low enough that no page, file name or Markdown parse
# blows up: an id names a folder (file systems allow 255 bytes), and Python-Markdown recurses
# once per level of bracket, emphasis and block nesting.
MAX_ID = 80
MAX_TEXT = 2_000
MAX_MARKDOWN = 20_000
MAX_URL = 2_000
MD_MAX_BRACKETS = 32  # "[" open at once
MD_MAX_EMPHASIS = 8  # "*" and "_" in one run ("***" is 3)
MD_MAX_BLOCKS = 16  # lists and quotes nested on one line, counting each 4 columns of indentation
# A page of its own at <prefix>/<id>/: "index" would be the listing page itself (actors/index.md).
RESERVED_IDS = ("index",)
# Markdown inline links/images "[x](scheme:...)" and reference definitions "[x]: scheme:..."
# The inline target is taken whole (up to ")"): Python-Markdown keeps a newline inside it, and
# browsers delete tabs and newlines from URLs, so "[x](java\nscript:...)" is a script link.
_MD_LINK = re.compile(r"\]\(([^)]*)")
_URL_IGNORED = re.compile(r"[\t\n\r]")  # what the URL standard strips before parsing
# Anywhere on a line, not just at its start: a definition inside a list item, a quote, an
# admonition or a footnote ("- [1]: javascript:...") is one too.
_MD_REFDEF = re.compile(r"\[(?!\^)[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")  # "[^1]:" is a footnote, not a link
_MD_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*):[^>\s]*>")
_SAFE_SCHEMES = ("http", "https", "mailto")


# Unicode category Cc (control) is exactly U+0000-U+001F and U+007F-U+009F; newline and tab are
# fine. Lone surrogates (from YAML's "\ud800" escapes) cannot be written as UTF-8, and the 66
# noncharacters are not for interchange: both are refused with the controls.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(p * 0x10000 + 0xfffe)}{chr(p * 0x10000 + 0xffff)}" for p in range(17))
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_NONCHARACTERS}]")


def _control_chars(text: str) -> list[str]:
    if not _CONTROL.search(text):  # the usual case, in one C-level scan instead of a lookup per character
        return []
    return [f"U+{ord(c):04X}" for c in sorted(set(_CONTROL.findall(text)) - {"\n", "\t"})]


_MD_BLOCK_PREFIX = re.compile(r"(?:[ \t]*(?:>|[*+-](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*")


def _markdown_too_deep(text: str) -> str | None:
    """Why Python-Markdown would recurse too deep (or take minutes) on ``text``, else None."""
    depth = deepest = 0
    for m in re.finditer(r"\\.|[\[\]]", text):
        if m[0] == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif m[0] == "]":
            depth = max(depth - 1, 0)
    if deepest > MD_MAX_BRACKETS:
        return f"has {deepest} '[' open at once; the limit is {MD_MAX_BRACKETS}"
    run = max((len(r) for r in re.findall(r"[*_]+", text)), default=0)
    if run > MD_MAX_EMPHASIS:
        return f"has a run of {run} '*' or '_'; the limit is {MD_MAX_EMPHASIS}"
    for line in text.splitlines():
        block = _MD_BLOCK_PREFIX.match(line)  # always matches, perhaps the empty string
        prefix = block[0] if block else ""
        columns = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        nesting = len(re.findall(r">|[*+-]|\d+[.)]", prefix)) + columns // 4
        if nesting > MD_MAX_BLOCKS:
            return f"nests lists, quotes or indentation {nesting} deep on one line; the limit is {MD_MAX_BLOCKS}"
    return None


def _link_scheme_ok(target: str) -> bool:
    """Only absolute http(s) and mailto links. A relative link in a field would lead somewhere
    different on each page that shows the field, and MkDocs could only refuse it (in strict
    mode) after emptying the site folder; a fragment too depends on the page."""
    m = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", target.strip())
    return m is not None and m[1].lower() in _SAFE_SCHEMES



def typename(value: object) -> str:
    return {dict: "a mapping", Located: "a mapping", list: "a list", int: "a number", float: "a number",
            bool: "true/false", str: "text", type(None): "nothing"}.get(type(value), type(value).__name__)


def _quote_hint(value: object) -> str:
    if isinstance(value, (int, float, bool)):
        return " (put the value in quotes)"
    return ""


class At(NamedTuple):
    """Where a value is: file, line, record label and field path, as a problem line names them."""
    file: str
    line: int
    rec: str
    path: str

    def item(self, i: int) -> At:
        return self._replace(path=f"{self.path}[{i}]")


class Invalid(Exception):
    """A value's problem; the checker reports it at the value's place."""


def read(owner: Any, key: str) -> Any:
    """A field's value, or what the model linked to it, in a record or a sub-record's mapping."""
    return (owner if isinstance(owner, dict) else owner.values).get(key)


@dataclass(frozen=True)
class Field:
    """One field of a collection. Subclasses are the kinds; ``kind`` names them in the docs."""
    name: str
    doc: str
    required: bool = False
    target: str | None = None
    choices: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    min_items: int = 0
    default: object = None
    # How the JSON exports publish the field (``export_schemas.py``):
    exported: bool = True  # False: left out
    export_doc: str | None = None  # its description in the exports' JSON Schemas
    export_after: str | None = None  # published right after this key, not in the schema's order
    export_nullable: bool | None = None  # default: null where the data may leave it out and there is no default
    embed: tuple[str, ...] = ()  # Ref(s): these fields of the target ("url": its page) instead of its id

    kind: ClassVar[str] = ""
    allows_markdown: ClassVar[bool] = False
    many: ClassVar[bool] = False  # a list: missing means []

    def check(self, value: Any, ck: Checker, at: At) -> Any:
        """The checked (normalised) value, or None after reporting a problem."""
        try:
            return self.convert(value, ck, at)
        except Invalid as exc:
            ck.add(at.file, at.line, at.rec, at.path, str(exc))
            return None

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        raise NotImplementedError

    def missing(self) -> Any:
        """The value of the field when the record leaves it out."""
        return [] if self.many else self.default

    def references(self, value: Any, path: str, line: int) -> Iterator[tuple[Field, Any, str, int]]:
        """(field, value, path, line) for each reference to another record in ``value``."""
        return iter(())

    def link(self, values: dict, resolve: Any) -> None:
        """Add the records that a reference field names to ``values`` (``place`` -> ``place_record``)."""

    def synth(self, gen: Any, coll: Any) -> Any:
        """A random valid value, for the benchmark's synthetic dataset (``bench/generate.py``)."""
        raise AssertionError(f"the generator does not know field kind {self.kind!r} ({coll.name}.{self.name})")

    def sub_prefix(self) -> str:
        return self.name + "."

    def bounded(self, json_type: str) -> dict:
        bounds = {"minimum": self.minimum, "maximum": self.maximum}
        return {"type": json_type, **{k: v for k, v in bounds.items() if v is not None}}

    def export_from(self, owner: Any, ctx: Any) -> Any:
        """The field's value in ``owner`` (a record or a sub-record), as the JSON exports publish it."""
        return self.export(read(owner, self.name), ctx)

    def export(self, value: Any, ctx: Any) -> Any:
        """A value as the JSON exports publish it: text, ids, numbers and choices as they are.
        ``ctx`` is the exporter: ``ctx.url(record)`` is a record's permanent URL, ``ctx.once(record,
        make)`` what ``make()`` gave the first time it was asked for that record."""
        return value

    def json_schema(self) -> dict:
        """The JSON Schema of an exported value of this kind."""
        raise AssertionError(f"field kind {self.kind!r} ({self.name}) has no JSON Schema")

    def export_schema(self, docs: bool = True) -> dict:
        """The field's JSON Schema in an export: its kind's, nullable where the value can be
        missing, described by ``export_doc`` (unless ``docs`` is false: a record embedded in another)."""
        nullable = self.export_nullable
        if nullable is None:
            nullable = not (self.required or self.many or self.default is not None)
        s = js.nullable(self.json_schema()) if nullable else self.json_schema()
        return js.doc(s, self.export_doc if docs else None)


class Text(Field):
    kind = "text"
    limit = MAX_TEXT

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        if not isinstance(value, str):
            raise Invalid(f"expected text, got {typename(value)}" + _quote_hint(value))
        if not value.strip():
            raise Invalid("is empty")
        ctrl = _control_chars(value)
        if ctrl:
            what = "control characters" if all(int(c[2:], 16) < 0xA0 for c in ctrl) else \
                "characters that are not text (controls, lone surrogates or noncharacters)"
            raise Invalid(f"contains {what} ({', '.join(ctrl[:10])})")
        if len(value) > self.limit:
            raise Invalid(f"is {len(value):,} characters long; the limit is {self.limit:,}")
        return value.strip()

    def json_schema(self) -> dict:
        return js.TEXT

    def synth(self, gen: Any, coll: Any) -> Any:
        return gen.text(self)


class Markdown(Text):
    kind = "markdown"
    allows_markdown = True
    limit = MAX_MARKDOWN

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        stripped = super().convert(value, ck, at)
        too_deep = _markdown_too_deep(value)
        if too_deep:
            raise Invalid(too_deep)
        for rx in (_MD_LINK, _MD_REFDEF, _MD_AUTOLINK):
            for m in rx.finditer(value):
                target = m[1] if rx is not _MD_AUTOLINK else m[1] + ":"
                if rx is _MD_LINK:
                    target = _URL_IGNORED.sub("", target).lstrip(" <").split(" ", 1)[0].rstrip(">")
                if not _link_scheme_ok(target):
                    raise Invalid(f"has a link to {shown(target)}; only absolute http(s) and mailto links are allowed "
                                  "(a field appears on several pages, so a relative link has no one target)")
                if any(c in target for c in '"`\\'):
                    # Markdown would emit them into href: an invalid URL
                    raise Invalid(f"has a link to {shown(target)} with quotes or backslashes in it; percent-encode them")
        return stripped

    def json_schema(self) -> dict:
        return {"type": "string"}  # the Markdown source, which may be blank once rendered

    def synth(self, gen: Any, coll: Any) -> Any:
        return gen.markdown(self)


class Slug(Field):
    kind = "slug"

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        if not isinstance(value, str) or not SLUG.match(value):
            raise Invalid(f"{shown(value)} is not a valid id; use lower-case letters, digits and single hyphens, "
                          "e.g. 'sochi-summit-2016'")
        if len(value) > MAX_ID:
            raise Invalid(f"{shown(value)} is {len(value)} characters long; the limit is {MAX_ID}")
        if value in RESERVED_IDS:
            raise Invalid(f"'{value}' is reserved (it names the listing pages); choose another id")
        return value

    def json_schema(self) -> dict:
        return js.SLUG


class Date(Field):
    kind = "date"

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        try:
            return FuzzyDate.parse(value)
        except DateError as exc:
            raise Invalid(str(exc)) from None

    def export(self, value: Any, ctx: Any) -> Any:
        return value.as_json() if value is not None else None

    def json_schema(self) -> dict:
        return {"$ref": "#/$defs/date"}

    def synth(self, gen: Any, coll: Any) -> Any:
        return gen.date()


class Day(Date):
    """A calendar day, ``YYYY-MM-DD``, no later than today (UTC, when the data is checked): when a
    record last changed. The value is a ``datetime.date``; only the check reads the clock, so the
    output depends on the data alone."""
    kind = "day"

    @staticmethod
    def parse_day(value: Any, today: dt.date | None = None) -> dt.date:
        """``value`` as a day, or :class:`Invalid` saying why not (also for front matter)."""
        try:
            d = FuzzyDate.parse(value)
        except DateError as exc:
            raise Invalid(str(exc)) from None
        if d.precision != "day" or d.qualifier:
            raise Invalid(f"{shown(d.iso())} is not a day; give the day as YYYY-MM-DD, e.g. '2016-05-06'")
        day = d.first_day()
        today = today or dt.datetime.now(dt.UTC).date()
        if day > today:
            raise Invalid(f"{shown(day.isoformat())} is in the future (today is {today.isoformat()})")
        return day

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        return self.parse_day(value)

    def export(self, value: Any, ctx: Any) -> Any:
        return value.isoformat() if value is not None else None

    def json_schema(self) -> dict:
        return {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}

    def synth(self, gen: Any, coll: Any) -> Any:
        return (dt.date(2024, 1, 1) + dt.timedelta(days=gen.rnd.randrange(366))).isoformat()  # in the past


class Url(Field):
    kind = "url"

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        if not isinstance(value, str):
            raise Invalid(f"expected a URL, got {typename(value)}")
        if len(value) > MAX_URL:
            raise Invalid(f"is {len(value):,} characters long; the limit is {MAX_URL:,}")
        if any(c.isspace() for c in value) or _control_chars(value) or any(c in value for c in '"<>\\`'):
            raise Invalid(f"{shown(value)} contains spaces, quotes or angle brackets; percent-encode them")
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises for a port that is not a number from 0 to 65535
        except ValueError as exc:
            raise Invalid(f"{shown(value)} is not a valid URL ({exc})") from None
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise Invalid(f"{shown(value)} is not an absolute http(s) URL")
        return value

    def json_schema(self) -> dict:
        return js.HTTP_URL

    def synth(self, gen: Any, coll: Any) -> Any:
        return f"https://example.org/bench/{coll.name}/{gen.current.get('id', 'x')}"


class Int(Field):
    kind = "int"

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            raise Invalid(f"expected a whole number, got {typename(value)}")
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise Invalid(f"{shown(value)[1:-1]} is outside {self.minimum}..{self.maximum}")
        return value

    def json_schema(self) -> dict:
        return self.bounded("integer")

    def synth(self, gen: Any, coll: Any) -> Any:
        lo = self.minimum if self.minimum is not None else 0
        return gen.rnd.randint(lo, self.maximum if self.maximum is not None else lo + 1000)


class Number(Field):
    kind = "number"

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            raise Invalid(f"expected a number in decimal notation (e.g. 45.03), got {typename(value)}"
                          + (f" '{value}'" if isinstance(value, str) else ""))
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise Invalid(f"{value} is outside {self.minimum}..{self.maximum}")
        return float(value)

    def json_schema(self) -> dict:
        return self.bounded("number")

    def synth(self, gen: Any, coll: Any) -> Any:  # coordinates: a spread over the allowed range, at map precision
        lo = self.minimum if self.minimum is not None else 0.0
        return round(gen.rnd.uniform(lo, self.maximum if self.maximum is not None else lo + 1000), 2)


class Enum(Field):
    kind = "enum"

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        if value not in self.choices:
            raise Invalid(f"{shown(value)} is not one of: {', '.join(self.choices)}"
                          + (suggest(value, self.choices) if isinstance(value, str) else ""))
        return value

    def json_schema(self) -> dict:
        return {"enum": list(self.choices)}

    def synth(self, gen: Any, coll: Any) -> Any:
        return gen.rnd.choice(self.choices)


class Ref(Field):
    kind = "ref"

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        if not isinstance(value, str) or not SLUG.match(value):
            from .schema import BY_NAME
            raise Invalid(f"expected the id of a {BY_NAME[str(self.target)].singular}, got {shown(value)}")
        return value

    def references(self, value: Any, path: str, line: int) -> Iterator[tuple[Field, Any, str, int]]:
        yield self, value, path, line

    @property
    def link_key(self) -> str:
        """Where :meth:`link` puts the record: ``place`` -> ``place_record``."""
        return self.name + "_record"

    def link(self, values: dict, resolve: Any) -> None:
        values[self.link_key] = resolve(self.target, values.get(self.name))

    def target_collection(self) -> Collection:
        from .schema import BY_NAME
        return BY_NAME[str(self.target)]

    def export_from(self, owner: Any, ctx: Any) -> Any:
        return self.export(read(owner, self.link_key), ctx)  # the linked record(s), as the pages show them

    def export(self, value: Any, ctx: Any) -> Any:
        """A record as its id; whole where its collection is exported inline (sources); as the
        fields ``embed`` names where it says so."""
        if value is None:
            return None
        target = self.target_collection()
        if target.export_inline:  # the same object wherever the record is cited: it is exported once
            return ctx.once(value, lambda: js.export_mapping(target.export_layout, value, ctx))
        if self.embed:
            return {k: ctx.url(value) if k == "url" else target.field_named(k).export_from(value, ctx) for k in self.embed}
        return value.id

    def json_schema(self) -> dict:
        target = self.target_collection()
        if target.export_inline:
            return {"$ref": "#/$defs/" + target.singular}
        if self.embed:
            return js.obj(**{k: js.HTTP_URL if k == "url" else target.field_named(k).export_schema(docs=False)
                             for k in self.embed})
        return js.SLUG

    def synth(self, gen: Any, coll: Any) -> Any:
        return gen.ref(self)


class _List(Field):
    """A list of values of the kind ``item``; a single id stands for a list of one."""
    many = True
    item: ClassVar[type[Field]] = Field
    single_is_list = True

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        if isinstance(value, str) and self.single_is_list:
            value = [value]  # a single id is a list of one; common and unambiguous
        if not isinstance(value, list):
            raise Invalid(f"expected a list, got {typename(value)}")
        inner = self.inner
        out: list = []
        seen: set = set()
        for i, item in enumerate(value):
            checked = inner.check(item, ck, at.item(i))
            if checked is None:
                continue
            if checked in seen:
                ck.add(at.file, at.line, at.rec, at.path, f"lists {shown(checked)} twice")
                continue
            seen.add(checked)
            out.append(checked)
        if len(out) < self.min_items and len(value) < self.min_items:
            ck.add(at.file, at.line, at.rec, at.path,
                   f"needs at least {self.min_items} item{'s' if self.min_items > 1 else ''}")
        return out

    @cached_property
    def inner(self) -> Field:
        """The field one item is checked and exported as."""
        return self.item(self.name, "", target=self.target, embed=self.embed)

    def export(self, value: Any, ctx: Any) -> Any:
        inner = self.inner
        return [inner.export(v, ctx) for v in value or []]

    def json_schema(self) -> dict:
        return {"type": "array", **({"minItems": self.min_items} if self.min_items else {}),
                "items": self.inner.json_schema()}


class Refs(_List):
    kind = "refs"
    item = Ref

    def references(self, value: Any, path: str, line: int) -> Iterator[tuple[Field, Any, str, int]]:
        yield self, value, path, line

    @property
    def link_key(self) -> str:
        """Where :meth:`link` puts the records: ``actors`` -> ``actor_records``."""
        return (self.name[:-1] if self.name.endswith("s") else self.name) + "_records"

    def link(self, values: dict, resolve: Any) -> None:
        values[self.link_key] = [resolve(self.target, i) for i in values.get(self.name) or []]

    def export_from(self, owner: Any, ctx: Any) -> Any:
        return self.export(read(owner, self.link_key), ctx)  # e.g. related events both ways, as the pages show them

    def synth(self, gen: Any, coll: Any) -> Any:
        return gen.refs(self)


class Strings(_List):
    kind = "strings"
    item = Text
    single_is_list = False

    def synth(self, gen: Any, coll: Any) -> Any:
        return list(dict.fromkeys(gen.words(1, 2).capitalize() for _ in range(gen.rnd.randint(1, 2))))


class Slugs(_List):
    kind = "slugs"
    item = Slug

    def synth(self, gen: Any, coll: Any) -> Any:
        return [f"{gen.current['id']}-old"]


class SubRecord(Field):
    """One mapping, checked against ``fields``."""
    kind = "record"

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        if not isinstance(value, Located):
            raise Invalid(f"expected a mapping with keys {', '.join(x.name for x in self.fields)}")
        return ck.mapping(self.fields, value, at.file, at.rec, at.path + ".")

    def items(self, value: Any) -> list:
        return [value]

    def sub_path(self, i: int) -> str:
        return f"{self.name}."

    def references(self, value: Any, path: str, line: int) -> Iterator[tuple[Field, Any, str, int]]:
        for i, sub in enumerate(self.items(value)):
            if not sub:
                continue
            for f in self.fields:
                if sub.get(f.name):
                    yield from f.references(sub[f.name], self.sub_path(i) + f.name, sub["_lines"].get(f.name, sub["_line"]))

    def link(self, values: dict, resolve: Any) -> None:
        for sub in self.items(values.get(self.name)):
            if sub:
                for f in self.fields:
                    f.link(sub, resolve)

    @cached_property
    def export_layout(self) -> list:
        return js.layout(self.fields)

    def export(self, value: Any, ctx: Any) -> Any:
        return js.export_mapping(self.export_layout, value, ctx) if value else None

    def json_schema(self) -> dict:
        return js.mapping_schema(self.export_layout)

    def synth(self, gen: Any, coll: Any) -> Any:
        return gen.mapping(coll, self.fields)


class SubRecords(SubRecord):
    """A list of mappings, each checked against ``fields``."""
    kind = "records"
    many = True

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        if not isinstance(value, list):
            raise Invalid(f"expected a list of mappings, got {typename(value)}")
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, Located):
                ck.add(at.file, at.line, at.rec, f"{at.path}[{i}]", "expected a mapping")
                continue
            out.append(ck.mapping(self.fields, item, at.file, at.rec, f"{at.path}[{i}]."))
        return out

    def items(self, value: Any) -> list:
        return value or []

    def sub_path(self, i: int) -> str:
        return f"{self.name}[{i}]."

    def sub_prefix(self) -> str:
        return self.name + "[]."

    def export(self, value: Any, ctx: Any) -> Any:
        return [js.export_mapping(self.export_layout, sub, ctx) for sub in value or []]

    def json_schema(self) -> dict:
        return {"type": "array", "items": js.mapping_schema(self.export_layout)}

    def synth(self, gen: Any, coll: Any) -> Any:
        return [gen.mapping(coll, self.fields) for _ in range(gen.rnd.randint(1, 2))]


def reference_limits() -> list[tuple[str, str]]:
    """The input limits, for the data reference page: (what, limit and why)."""
    return [
        ("A data file", f"at most {MAX_FILE_BYTES // 2**20} MiB; split a bigger collection into files under data/<name>/"),
        ("Nesting of lists and mappings", f"at most {MAX_DEPTH} levels (records need 4)"),
        ("YAML anchors, aliases and merge keys", "not allowed: write each value out (they let a small file expand without bound)"),
        ("An id or alias", f"at most {MAX_ID} characters (it names a folder of the site); 'index' is reserved"),
        ("A plain-text field", f"at most {MAX_TEXT:,} characters"),
        ("A Markdown field", f"at most {MAX_MARKDOWN:,} characters; at most {MD_MAX_BRACKETS} '[' open at once, "
                             f"runs of at most {MD_MAX_EMPHASIS} '*' or '_', and lists, quotes and indentation "
                             f"nested at most {MD_MAX_BLOCKS} deep on one line"),
        ("A URL", f"at most {MAX_URL:,} characters, absolute http(s), with a valid host and port"),
        ("A year", f"from {MIN_YEAR} to {MAX_YEAR}"),
        ("Characters", "no control characters (except tab and newline), lone surrogates or noncharacters"),
    ]
