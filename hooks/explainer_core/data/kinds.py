"""Field kinds: each class checks, links and generates the values of one kind of field.

``schema.py`` declares every field as one line, ``Text("title", "...", required=True)``; the
validator (``model/validate.py``), the model (``model/records.py``), the data reference page and
the benchmark's generator (``bench/generate.py``) ask the field's kind what to do. How each kind
is published, its exported value and JSON Schema, lives with the exports
(``publish/export_schemas.py``). Nothing here imports MkDocs, nor any later stage.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from functools import cached_property
from typing import Any, ClassVar
from urllib.parse import urlsplit

from .dates import DateError, FuzzyDate
from .fields import At, Checker, Field, Invalid
from .loader import Located
from .problems import shown, suggest
from .values import (
    MAX_ID,
    MAX_MARKDOWN,
    MAX_TEXT,
    MAX_URL,
    RESERVED_IDS,
    SLUG,
    control_chars,
    markdown_problem,
    quote_hint,
    typename,
)


class Text(Field):
    kind = "text"
    limit = MAX_TEXT

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        if not isinstance(value, str):
            raise Invalid(f"expected text, got {typename(value)}" + quote_hint(value))
        if not value.strip():
            raise Invalid("is empty")
        ctrl = control_chars(value)
        if ctrl:
            what = "control characters" if all(int(c[2:], 16) < 0xA0 for c in ctrl) else \
                "characters that are not text (controls, lone surrogates or noncharacters)"
            raise Invalid(f"contains {what} ({', '.join(ctrl[:10])})")
        if len(value) > self.limit:
            raise Invalid(f"is {len(value):,} characters long; the limit is {self.limit:,}")
        return value.strip()

    def synth(self, gen: Any, coll: Any) -> Any:
        return gen.text(self)


class Markdown(Text):
    kind = "markdown"
    allows_markdown = True
    limit = MAX_MARKDOWN

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        stripped = super().convert(value, ck, at)
        problem = markdown_problem(value)
        if problem:
            raise Invalid(problem)
        return stripped

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



class Date(Field):
    kind = "date"

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        try:
            return FuzzyDate.parse(value)
        except DateError as exc:
            raise Invalid(str(exc)) from None

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

    def synth(self, gen: Any, coll: Any) -> Any:
        return (dt.date(2024, 1, 1) + dt.timedelta(days=gen.rnd.randrange(366))).isoformat()  # in the past


class Url(Field):
    kind = "url"

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        if not isinstance(value, str):
            raise Invalid(f"expected a URL, got {typename(value)}")
        if len(value) > MAX_URL:
            raise Invalid(f"is {len(value):,} characters long; the limit is {MAX_URL:,}")
        if any(c.isspace() for c in value) or control_chars(value) or any(c in value for c in '"<>\\`'):
            raise Invalid(f"{shown(value)} contains spaces, quotes or angle brackets; percent-encode them")
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises for a port that is not a number from 0 to 65535
        except ValueError as exc:
            raise Invalid(f"{shown(value)} is not a valid URL ({exc})") from None
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise Invalid(f"{shown(value)} is not an absolute http(s) URL")
        return value

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

    def synth(self, gen: Any, coll: Any) -> Any:
        return gen.rnd.choice(self.choices)


class Ref(Field):
    kind = "ref"

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        if not isinstance(value, str) or not SLUG.match(value):
            raise Invalid(f"expected the id of a {ck.singular(str(self.target))}, got {shown(value)}")
        return value

    def references(self, value: Any, path: str, line: int) -> Iterator[tuple[Field, Any, str, int]]:
        yield self, value, path, line

    @property
    def link_key(self) -> str:
        """Where :meth:`link` puts the record: ``place`` -> ``place_record``."""
        return self.name + "_record"

    def link(self, values: dict, resolve: Any) -> None:
        values[self.link_key] = resolve(self.target, values.get(self.name))

    def synth(self, gen: Any, coll: Any) -> Any:
        return gen.ref(self)


class ListOf(Field):
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




class Refs(ListOf):
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

    def synth(self, gen: Any, coll: Any) -> Any:
        return gen.refs(self)


class Strings(ListOf):
    kind = "strings"
    item = Text
    single_is_list = False

    def synth(self, gen: Any, coll: Any) -> Any:
        return list(dict.fromkeys(gen.words(1, 2).capitalize() for _ in range(gen.rnd.randint(1, 2))))


class Slugs(ListOf):
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

    def synth(self, gen: Any, coll: Any) -> Any:
        return [gen.mapping(coll, self.fields) for _ in range(gen.rnd.randint(1, 2))]
