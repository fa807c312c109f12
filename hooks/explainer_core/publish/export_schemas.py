"""The shape of the JSON exports: key order and JSON Schemas (draft 2020-12).

A record's keys are its collection's fields (``schema.py``), in the schema's order, with what is
not a field (its permanent URL, back-references) put in by :class:`Extra`. Each field kind's
exported value (:func:`export_value`) and JSON Schema (:func:`json_schema`) are defined here, one
case per kind (``kinds.py`` only checks and links them); a field's line in ``schema.py`` says where
it is exported differently (``exported=False``, ``export_doc``, ``export_after``, ``embed``). So
adding a field adds it to the JSON and to its published schema.

The schemas, published at ``schemas/<name>.schema.json``, pin the exports' field names: every
object lists its properties, all of them required (a missing value is ``null`` or ``[]``, never
an absent key), and no others allowed. Renaming or removing a field breaks reusers, so don't.
Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import singledispatch
from typing import Any, NamedTuple

from ..data import kinds, schema
from ..data.dates import QUALIFIERS
from ..data.fields import Field, read
from ..data.schema import Collection

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SLUG = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
HTTP_URL = {"type": "string", "format": "uri", "pattern": "^https?://"}
TEXT = {"type": "string", "minLength": 1}


def nullable(s: dict) -> dict:
    return {"anyOf": [s, {"type": "null"}]}


def obj(text: str | None = None, /, **props: dict) -> dict:
    out = {"type": "object", "additionalProperties": False, "required": list(props), "properties": props}
    if text:
        out = {"description": text, **out}
    return out


def doc(s: dict, text: str | None) -> dict:
    return {"description": text, **s} if text else s


DATE = obj(
    "A date at the precision the sources give.",
    iso=doc({"type": "string"}, "The stored form: 2016-05-06, 2016-06, 2016, 'early 2016-06', or START/END for a range."),
    precision=doc({"enum": ["day", "month", "year", "range"]}, "How precise the date is."),
    qualifier=doc(nullable({"enum": list(QUALIFIERS)}), "early / mid / late for part of a month or year, else null."),
    display=doc(TEXT, "The date as the site shows it, e.g. '6 May 2016', 'early June 2016'."),
    earliest=doc({"type": "string", "format": "date"}, "The first day the date can mean (YYYY-MM-DD)."),
    latest=doc({"type": "string", "format": "date"}, "The last day the date can mean (YYYY-MM-DD)."),
)


class Extra(NamedTuple):
    """A key of an exported record that is not one of its fields: where it goes, its JSON Schema
    and its value, ``value(record, exporter)``."""
    name: str
    export_after: str
    schema: dict
    value: Callable[[Any, Any], Any]


def layout(fields: Iterable[Field], extras: Sequence[Extra] = ()) -> list[Field | Extra]:
    """The exported keys in their published order: the exported fields in the schema's order, then
    each field with ``export_after`` and each extra moved to just after the key it names."""
    fields = [f for f in fields if f.exported]
    out: list[Field | Extra] = [f for f in fields if not f.export_after]
    moved: list[Field | Extra] = [*(f for f in fields if f.export_after), *extras]
    for item in moved:
        keys = [x.name for x in out]
        if item.export_after not in keys:
            raise ValueError(f"{item.name!r} is to be exported after {item.export_after!r}, which is not exported")
        out.insert(keys.index(item.export_after) + 1, item)
    names = [x.name for x in out]
    if len(set(names)) < len(names):
        raise ValueError(f"two exported values share a key: {sorted({n for n in names if names.count(n) > 1})}")
    return out


_LAYOUTS: dict[int, tuple[object, list[Field | Extra]]] = {}


def layout_of(owner: Collection | kinds.SubRecord) -> list[Field | Extra]:
    """The :func:`layout` of a collection's or a sub-record's fields, computed once per owner."""
    cached = _LAYOUTS.get(id(owner))
    if cached is None or cached[0] is not owner:
        cached = _LAYOUTS[id(owner)] = (owner, layout(owner.fields))
    return cached[1]


def export_mapping(items: Sequence[Field | Extra], owner: Any, ctx: Any) -> dict:
    """A record (or a sub-record's mapping) as the JSON exports publish it; ``items`` is its :func:`layout`."""
    return {item.name: export_from(item, owner, ctx) for item in items}


def mapping_schema(items: Sequence[Field | Extra], text: str | None = None, docs: bool = True) -> dict:
    """The JSON Schema of what :func:`export_mapping` gives."""
    return obj(text, **{item.name: export_schema(item, docs) for item in items})


# --- each field kind's exported value ------------------------------------------------------------
def export_from(item: Field | Extra, owner: Any, ctx: Any) -> Any:
    """The value of ``item`` in ``owner`` (a record or a sub-record's mapping), as the JSON exports
    publish it. A reference publishes the record(s) the model linked to it, as the pages show them."""
    if isinstance(item, Extra):
        return item.value(owner, ctx)
    if isinstance(item, (kinds.Ref, kinds.Refs)):
        return export_value(item, read(owner, item.link_key), ctx)
    return export_value(item, read(owner, item.name), ctx)


@singledispatch
def export_value(f: Field, value: Any, ctx: Any) -> Any:
    """A value as the JSON exports publish it: text, ids, numbers and choices as they are.
    ``ctx`` is the exporter: ``ctx.url(record)`` is a record's permanent URL, ``ctx.once(record,
    make)`` what ``make()`` gave the first time it was asked for that record."""
    return value


@export_value.register
def _(f: kinds.Date, value: Any, ctx: Any) -> Any:
    return value.as_json() if value is not None else None


@export_value.register
def _(f: kinds.Day, value: Any, ctx: Any) -> Any:
    return value.isoformat() if value is not None else None


@export_value.register
def _(f: kinds.Ref, value: Any, ctx: Any) -> Any:
    """A record as its id; whole where its collection is exported inline (sources); as the
    fields ``embed`` names where it says so."""
    if value is None:
        return None
    target = schema.BY_NAME[str(f.target)]
    if target.export_inline:  # the same object wherever the record is cited: it is exported once
        return ctx.once(value, lambda: export_mapping(layout_of(target), value, ctx))
    if f.embed:
        return {k: ctx.url(value) if k == "url" else export_from(target.field_named(k), value, ctx) for k in f.embed}
    return value.id


@export_value.register
def _(f: kinds.ListOf, value: Any, ctx: Any) -> Any:
    inner = f.inner
    return [export_value(inner, v, ctx) for v in value or []]


@export_value.register
def _(f: kinds.SubRecord, value: Any, ctx: Any) -> Any:
    return export_mapping(layout_of(f), value, ctx) if value else None


@export_value.register
def _(f: kinds.SubRecords, value: Any, ctx: Any) -> Any:
    return [export_mapping(layout_of(f), sub, ctx) for sub in value or []]


# --- each field kind's JSON Schema -----------------------------------------------------------------
def export_schema(item: Field | Extra, docs: bool = True) -> dict:
    """A field's JSON Schema in an export: its kind's, nullable where the value can be missing,
    described by ``export_doc`` (unless ``docs`` is false: a record embedded in another)."""
    if isinstance(item, Extra):
        return item.schema
    nullable_ = item.export_nullable
    if nullable_ is None:
        nullable_ = not (item.required or item.many or item.default is not None)
    s = nullable(json_schema(item)) if nullable_ else json_schema(item)
    return doc(s, item.export_doc if docs else None)


def _bounded(f: Field, json_type: str) -> dict:
    bounds = {"minimum": f.minimum, "maximum": f.maximum}
    return {"type": json_type, **{k: v for k, v in bounds.items() if v is not None}}


@singledispatch
def json_schema(f: Field) -> dict:
    """The JSON Schema of an exported value of the field's kind."""
    raise AssertionError(f"field kind {f.kind!r} ({f.name}) has no JSON Schema")


@json_schema.register
def _(f: kinds.Text) -> dict:
    return TEXT


@json_schema.register
def _(f: kinds.Markdown) -> dict:
    return {"type": "string"}  # the Markdown source, which may be blank once rendered


@json_schema.register
def _(f: kinds.Slug) -> dict:
    return SLUG


@json_schema.register
def _(f: kinds.Date) -> dict:
    return {"$ref": "#/$defs/date"}


@json_schema.register
def _(f: kinds.Day) -> dict:
    return {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}


@json_schema.register
def _(f: kinds.Url) -> dict:
    return HTTP_URL


@json_schema.register
def _(f: kinds.Int) -> dict:
    return _bounded(f, "integer")


@json_schema.register
def _(f: kinds.Number) -> dict:
    return _bounded(f, "number")


@json_schema.register
def _(f: kinds.Enum) -> dict:
    return {"enum": list(f.choices)}


@json_schema.register
def _(f: kinds.Ref) -> dict:
    target = schema.BY_NAME[str(f.target)]
    if target.export_inline:
        return {"$ref": "#/$defs/" + target.singular}
    if f.embed:
        return obj(**{k: HTTP_URL if k == "url" else export_schema(target.field_named(k), docs=False) for k in f.embed})
    return SLUG


@json_schema.register
def _(f: kinds.ListOf) -> dict:
    return {"type": "array", **({"minItems": f.min_items} if f.min_items else {}), "items": json_schema(f.inner)}


@json_schema.register
def _(f: kinds.SubRecord) -> dict:
    return mapping_schema(layout_of(f))


@json_schema.register
def _(f: kinds.SubRecords) -> dict:
    return {"type": "array", "items": mapping_schema(layout_of(f))}


class JsonExport(NamedTuple):
    """One JSON file: the records of ``collection``, with ``extras`` added to their fields."""
    collection: str
    title: str  # the schema's title
    extras: tuple[Extra, ...] = ()


def record_schema(coll: Collection, extras: Sequence[Extra] = (), docs: bool = True) -> dict:
    """The JSON Schema of one exported record of ``coll`` (without its fields' descriptions where
    ``docs`` is false: a record carried inside others, like a source)."""
    return mapping_schema(layout(coll.fields, extras), coll.export_doc, docs)


def schema_file(export: JsonExport, coll: Collection, defs: dict[str, dict], site_url: str) -> dict:
    """The published JSON Schema of one JSON export: its envelope, its record and ``defs``."""
    plural, singular = export.collection, coll.singular
    return {
        "$schema": DIALECT,
        "$id": f"{site_url}schemas/{plural}.schema.json",
        "title": export.title,
        "type": "object",
        "additionalProperties": False,
        "required": ["$schema", "site", "count", plural],
        "properties": {
            "$schema": doc({"type": "string"}, "URL of this schema."),
            "site": doc(HTTP_URL, "The site's base URL."),
            "count": doc({"type": "integer", "minimum": 0}, f"Number of {plural}."),
            plural: {"type": "array", "items": {"$ref": "#/$defs/" + singular}},
        },
        "$defs": {singular: record_schema(coll, export.extras), "date": DATE, **defs},
    }
