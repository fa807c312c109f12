"""JSON Schemas (draft 2020-12) of the JSON exports, published at ``schemas/<name>.schema.json``.

They pin the exports' field names: every object lists its properties, all of them required
(a missing value is ``null`` or ``[]``, never an absent key), and no others allowed. Adding a
field is a change to make here first; renaming or removing one breaks reusers, so don't.
"""

from __future__ import annotations

from . import schema
from .dates import QUALIFIERS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SLUG = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
HTTP_URL = {"type": "string", "format": "uri", "pattern": "^https?://"}
TEXT = {"type": "string", "minLength": 1}


def nullable(s: dict) -> dict:
    return {"anyOf": [s, {"type": "null"}]}


def obj(text: str | None = None, /, **props) -> dict:
    out = {"type": "object", "additionalProperties": False, "required": list(props), "properties": props}
    if text:
        out = {"description": text, **out}
    return out


def doc(s: dict, text: str) -> dict:
    return {"description": text, **s}


DATE = obj(
    "A date at the precision the sources give.",
    iso=doc({"type": "string"}, "The stored form: 2016-05-06, 2016-06, 2016, 'early 2016-06', or START/END for a range."),
    precision=doc({"enum": ["day", "month", "year", "range"]}, "How precise the date is."),
    qualifier=doc(nullable({"enum": list(QUALIFIERS)}), "early / mid / late for part of a month or year, else null."),
    display=doc(TEXT, "The date as the site shows it, e.g. '6 May 2016', 'early June 2016'."),
    earliest=doc({"type": "string", "format": "date"}, "The first day the date can mean (YYYY-MM-DD)."),
    latest=doc({"type": "string", "format": "date"}, "The last day the date can mean (YYYY-MM-DD)."),
)

SOURCE = obj(
    "A publication that the record's facts are drawn from.",
    id=SLUG, title=TEXT, url=HTTP_URL, publisher=nullable(TEXT), author=nullable(TEXT),
    published=nullable({"$ref": "#/$defs/date"}),
    kind=nullable({"enum": list(schema.SOURCES.field_named("kind").choices)}),
)


def _file(name: str, plural: str, item: dict, site_url: str, title: str) -> dict:
    return {
        "$schema": DIALECT,
        "$id": f"{site_url}schemas/{name}.schema.json",
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "required": ["$schema", "site", "count", plural],
        "properties": {
            "$schema": doc({"type": "string"}, "URL of this schema."),
            "site": doc(HTTP_URL, "The site's base URL."),
            "count": doc({"type": "integer", "minimum": 0}, f"Number of {plural}."),
            plural: {"type": "array", "items": {"$ref": "#/$defs/" + plural[:-1]}},
        },
        "$defs": {plural[:-1]: item, "date": DATE, "source": SOURCE},
    }


# Shared by every record that has its own page.
RECORD_ID = doc(SLUG, "Permanent id.")
ALIASES = doc({"type": "array", "items": SLUG}, "Former ids; their URLs redirect to `url`.")

EVENT = obj(
    "A dated development; it has a permanent page at `url`.",
    id=RECORD_ID,
    aliases=ALIASES,
    url=doc(HTTP_URL, "Permanent page of the event."),
    title=TEXT,
    date={"$ref": "#/$defs/date"},
    era=doc({"enum": list(schema.ERAS)}, "Part of the story: " + "; ".join(f"{k}: {v}" for k, v in schema.ERA_TITLES.items())),
    status=doc({"enum": list(schema.STATUSES)}, "'planned' if it was only planned or expected in June 2016."),
    summary=doc(TEXT, "Plain text, in the site's own words."),
    description=doc(nullable({"type": "string"}), "Markdown source (Python-Markdown), in the site's own words."),
    outcome=doc(nullable(obj(
        summary=TEXT, event=doc(nullable(SLUG), "Id of the later event that records it."),
        sources={"type": "array", "items": {"$ref": "#/$defs/source"}},
    )), "For planned events: what happened in the end, where a source says."),
    place=nullable(obj(id=SLUG, name=TEXT, other_names={"type": "array", "items": TEXT})),
    actors=doc({"type": "array", "items": SLUG}, "Ids of actors (see actors.json)."),
    plan_areas={"type": "array", "items": obj(id=SLUG, number={"type": "integer", "minimum": 1, "maximum": 8},
                                              title=TEXT, url=HTTP_URL)},
    themes={"type": "array", "items": obj(id=SLUG, title=TEXT)},
    related=doc({"type": "array", "items": SLUG}, "Ids of closely connected events."),
    quotes=doc({"type": "array", "items": SLUG}, "Ids of quotes said at or about it (see quotes.json)."),
    sources={"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/source"}},
)

ACTOR = obj(
    "A person, organisation, state or grouping; it has a permanent page at `url`.",
    id=RECORD_ID,
    aliases=ALIASES,
    url=doc(HTTP_URL, "Permanent page of the actor."),
    name=TEXT,
    kind={"enum": list(schema.ACTOR_KINDS)},
    native_name=doc(nullable(TEXT), "Name in its own script."),
    native_lang=doc(nullable({"enum": list(schema.LANGS)}), "BCP 47 language of native_name."),
    country=doc(nullable(SLUG), "Id of the state the actor belongs to or acts for."),
    affiliation=doc(nullable(SLUG), "Id of the organisation the actor belonged to."),
    roles={"type": "array", "items": obj(
        title=TEXT, **{"from": nullable({"$ref": "#/$defs/date"}), "to": nullable({"$ref": "#/$defs/date"})},
        source=doc(nullable({"$ref": "#/$defs/source"}), "The source for the role, if any."),
    )},
    summary=doc(nullable(TEXT), "Plain text, in the site's own words."),
    events=doc({"type": "array", "items": SLUG}, "Ids of the events the actor is involved in, oldest first."),
    quotes=doc({"type": "array", "items": SLUG}, "Ids of the actor's quotes."),
    sources={"type": "array", "items": {"$ref": "#/$defs/source"}},
)

QUOTE = obj(
    "Speech quoted verbatim by a source, attributed to its speaker.",
    id=doc(SLUG, "Permanent id; also the anchor on the Quotes page."),
    url=doc(HTTP_URL, "The quote on the site's Quotes page."),
    text=doc(TEXT, "The words exactly as the source quotes them, without quotation marks."),
    speaker=doc(SLUG, "Id of the speaker (see actors.json)."),
    speaker_name=TEXT,
    date=doc(nullable({"$ref": "#/$defs/date"}), "When it was said, as precisely as the source allows."),
    event=doc(nullable(SLUG), "Id of the event at or about which it was said."),
    occasion=nullable(TEXT),
    note=nullable(TEXT),
    source={"$ref": "#/$defs/source"},
)


def schemas(site_url: str) -> dict[str, dict]:
    return {
        "events": _file("events", "events", EVENT, site_url, "Events of Japan's 'new approach' to Russia"),
        "actors": _file("actors", "actors", ACTOR, site_url, "Actors in the story of Japan's 'new approach' to Russia"),
        "quotes": _file("quotes", "quotes", QUOTE, site_url, "Quotes, verbatim and attributed"),
    }
