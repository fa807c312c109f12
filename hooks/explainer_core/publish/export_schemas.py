"""The shape of the JSON exports: key order and JSON Schemas (draft 2020-12).

A record's keys are its collection's fields (``schema.py``), in the schema's order, with what is
not a field (its permanent URL, back-references) put in by :class:`Extra`. Each field's kind gives
its value (``Field.export``) and its JSON Schema (``Field.json_schema``); a field's line in
``schema.py`` says where it is exported differently (``exported=False``, ``export_doc``,
``export_after``, ``embed``). So adding a field adds it to the JSON and to its published schema.

The schemas, published at ``schemas/<name>.schema.json``, pin the exports' field names: every
object lists its properties, all of them required (a missing value is ``null`` or ``[]``, never
an absent key), and no others allowed. Renaming or removing a field breaks reusers, so don't.
Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ..data.dates import QUALIFIERS

if TYPE_CHECKING:  # pragma: no cover - for the type checker only
    from ..data.kinds import Field
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

    def export_from(self, rec: Any, ctx: Any) -> Any:
        return self.value(rec, ctx)

    def export_schema(self, docs: bool = True) -> dict:
        return self.schema


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


def export_mapping(items: Sequence[Field | Extra], owner: Any, ctx: Any) -> dict:
    """A record (or a sub-record's mapping) as the JSON exports publish it; ``items`` is its :func:`layout`."""
    return {item.name: item.export_from(owner, ctx) for item in items}


def mapping_schema(items: Sequence[Field | Extra], text: str | None = None, docs: bool = True) -> dict:
    """The JSON Schema of what :func:`export_mapping` gives."""
    return obj(text, **{item.name: item.export_schema(docs) for item in items})


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
