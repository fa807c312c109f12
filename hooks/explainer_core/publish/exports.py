"""Machine-readable exports of the validated dataset: JSON, iCalendar, Atom and TimelineJS,
and (from :mod:`~explainer_core.publish.citations`) citations in BibTeX, RIS and CSL-JSON.

:func:`build_exports` returns ``{path: bytes}`` for files published at the site root
(``events.json``, ``actors.json``, ``quotes.json``, ``events.ics``, ``feed.xml``,
``timeline.json``) and their JSON Schemas (``schemas/*.schema.json``). They come from the
same :class:`~explainer_core.model.records.Dataset` the pages are rendered from, and the same
:class:`~explainer_core.pages.render.Renderer` gives every record its permanent URL.

Every output is deterministic: its only timestamps come from the records' ``updated`` days
(iCalendar ``DTSTAMP`` and ``LAST-MODIFIED`` and each feed entry's ``updated``: its event's; the
feed's ``updated``: the latest of them), never from the build clock.
Text from ``data/`` is escaped by the library that writes each format: ``json`` (plus
``<``, ``>``, ``&`` as ``\\u`` escapes, so a file can be inlined in a ``<script>``), lxml
via feedgen, icalendar; the HTML that TimelineJS inserts comes from an autoescaping Jinja2
template. Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from types import SimpleNamespace
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event

from ..data import schema
from ..data.dates import FuzzyDate
from ..model.records import Record
from ..pages import i18n, views
from ..pages.render import Renderer
from . import citations
from .export_schemas import HTTP_URL, SLUG, TEXT, Extra, JsonExport, doc, export_mapping, layout, obj, record_schema, schema_file

FEED = "feed.xml"
CALENDAR = "events.ics"
TIMELINE = "timeline.json"
ICS_STATUS = {"happened": "CONFIRMED", "planned": "TENTATIVE", "cancelled": "CANCELLED"}


def dump_json(data) -> bytes:
    """Stable, readable JSON that stays inert even if pasted into HTML."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return (text + "\n").encode("utf-8")


def _ids(backref: str) -> Callable[[Record, Exporter], list[str]]:
    """The ids of the records the model lists under ``backref`` on a record: the one place the
    exports read back-references."""
    return lambda rec, x: [r.id for r in getattr(rec, backref)]


def _url(after: str, text: str) -> Extra:
    return Extra("url", after, doc(HTTP_URL, text), lambda rec, x: x.url(rec))


IDS = {"type": "array", "items": SLUG}

# Each record's current translations (data/i18n/<lang>/): the JSON exports carry every language.
TRANSLATIONS = doc(obj(**{lang: doc({"type": "object", "additionalProperties": TEXT},
                                    f"The record's text fields in this language ({lang}), by path (`title`, "
                                    "`summary`, `roles[0].title`), where a current translation exists: a "
                                    "missing or stale one is left out, and the English above applies.")
                          for lang in schema.TRANSLATION_LANGS}),
                   "The record's translations, by language, for the site's other editions.")


def _translations(rec: Record, x: Exporter) -> dict:
    tr = x.ds.translations
    return {lang: {s.path: tr.text(rec, s.path, lang)[0] for s in tr.field_states(rec, lang) if s.state == "translated"}
            for lang in schema.TRANSLATION_LANGS}


def _translated(after: str) -> Extra:
    return Extra("translations", after, TRANSLATIONS, _translations)

# The JSON files. A record is its collection's exported fields (schema.py says which, and how),
# plus these extras, each put just after the key it names: Extra(key, after, JSON Schema, value).
JSON_EXPORTS = (
    JsonExport("events", "Events of Japan's 'new approach' to Russia", (
        _url("aliases", "Permanent page of the event."),
        Extra("quotes", "related", doc(IDS, "Ids of quotes said at or about it (see quotes.json)."), _ids("quotes")),
        _translated("updated"),
    )),
    JsonExport("actors", "Actors in the story of Japan's 'new approach' to Russia", (
        _url("aliases", "Permanent page of the actor."),
        Extra("events", "summary", doc(IDS, "Ids of the events the actor is involved in, oldest first."), _ids("events")),
        Extra("quotes", "events", doc(IDS, "Ids of the actor's quotes."), _ids("quotes")),
        _translated("updated"),
    )),
    JsonExport("quotes", "Quotes, verbatim and attributed", (
        _url("id", "The quote on the site's Quotes page."),
        Extra("speaker_name", "speaker", TEXT, lambda q, x: q.speaker_record.name),
        _translated("updated"),
    )),
)


def midnight(day: dt.date) -> dt.datetime:
    """A record's ``updated`` day as the timestamp feeds and calendars need (00:00 UTC)."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


class Exporter:
    def __init__(self, renderer: Renderer):
        if not renderer.site_url:
            raise ValueError("exports need site_url: their records carry permanent absolute URLs")
        self.r = renderer
        self.ds = renderer.ds
        self.site_url = renderer.site_url
        self.lang = renderer.lang  # the edition: the feed, calendar and TimelineJS file are in its language
        self._once: dict[tuple[str, str], object] = {}

    # --- helpers -----------------------------------------------------------------------------
    def text(self, rec: Record, path: str) -> tuple[str, str]:
        """A record's field in the edition's language, and the language it is in (English
        where there is no current translation)."""
        value, got = self.ds.translations.text(rec, path, self.lang)
        return str(value or ""), got

    def date(self, d: FuzzyDate) -> str:
        return i18n.format_fuzzy(d, self.lang)

    def url(self, target) -> str:
        return self.r.absolute_url(target)

    def once(self, rec: Record, make: Callable[[], object]) -> object:
        """``make()`` the first time ``rec`` is asked for, then the same: a source that many records
        cite is exported once."""
        key = (rec.collection, rec.id)
        if key not in self._once:
            self._once[key] = make()
        return self._once[key]

    def listing(self, name: str, items: list) -> dict:
        """The envelope every JSON export shares: its schema, the site, a count and the records."""
        return {"$schema": self.schema_url(name), "site": self.site_url, "count": len(items), name: items}

    def schema_url(self, name: str) -> str:
        return f"{self.site_url}schemas/{name}.schema.json"

    # --- JSON ----------------------------------------------------------------------------------
    def records_json(self, export: JsonExport) -> dict:
        items = layout(schema.BY_NAME[export.collection].fields, export.extras)
        records = getattr(self.ds, export.collection)
        return self.listing(export.collection, [export_mapping(items, rec, self) for rec in records])

    def schema_json(self, export: JsonExport) -> dict:
        inline = {c.singular: record_schema(c, docs=False) for c in schema.COLLECTIONS if c.export_inline}
        return schema_file(export, schema.BY_NAME[export.collection], inline, self.site_url)

    # --- iCalendar -----------------------------------------------------------------------------
    def calendar(self) -> bytes:
        host = urlsplit(self.site_url).hostname or "localhost"
        cal = Calendar()
        cal.add("prodid", f"-//{self.r.site_name or host}//events//{self.lang.upper()}")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", f"{self.r.site_name}: events" if self.r.site_name else "Events")
        for e in self.ds.events:
            d: FuzzyDate = e.date
            exact = d.precision == "day" or (d.precision == "range" and d.start.day is not None)
            ev = Event()
            ev.add("uid", f"{e.id}@{host}")
            # When the entry last changed: the event's `updated` (no build clock in the file).
            ev.add("dtstamp", midnight(e.updated))
            ev.add("last-modified", midnight(e.updated))
            ev.add("dtstart", d.first_day())
            ev.add("dtend", d.last_day() + dt.timedelta(days=1))  # DTEND is exclusive
            title, title_lang = self.text(e, "title")
            summary, summary_lang = self.text(e, "summary")
            if self.lang != "en":  # RFC 5545's LANGUAGE parameter: the language each text is in
                ev.add("summary", title if exact else f"{title} ({self.date(d)})", parameters={"LANGUAGE": title_lang})
                ev.add("description", f"{summary}\n\n{self.date(d)}\n\n{self.url(e)}",
                       parameters={"LANGUAGE": summary_lang})
            elif exact:
                ev.add("summary", e.title)
                when = f"Date: {d.display()}."
            else:
                ev.add("summary", f"{e.title} ({d.display()}, exact day not known)")
                when = (f"Date: {d.display()}. The sources give only the {_precision_words(d)}, so this "
                        f"entry spans the whole period it can mean ({d.first_day().isoformat()} to "
                        f"{d.last_day().isoformat()}).")
            if self.lang == "en":
                ev.add("description", f"{e.summary}\n\n{when}\n\n{self.url(e)}")
            ev.add("url", self.url(e))
            ev.add("status", ICS_STATUS[e.values.get("status") or "happened"])
            ev.add("transp", "TRANSPARENT")
            if e.place_record is not None:
                ev.add("location", self.text(e.place_record, "name")[0])
            if e.theme_records:
                ev.add("categories", [self.text(t, "title")[0] for t in e.theme_records])
            cal.add_component(ev)
        return cal.to_ical()

    # --- Atom ------------------------------------------------------------------------------------
    def feed(self) -> bytes:
        fg = FeedGenerator()
        fg.id(self.site_url)
        fg.title(f"{self.r.site_name}: events" if self.r.site_name else "Events")
        fg.subtitle("Every event on the site, newest first, each linking to its permanent page.")
        fg.author({"name": self.r.site_name or urlsplit(self.site_url).hostname})
        fg.link(href=self.url("timeline.md"), rel="alternate", type="text/html")
        fg.link(href=self.site_url + FEED, rel="self", type="application/atom+xml")
        fg.language(self.lang)  # the feed's xml:lang
        # The latest entry's date; feedgen would otherwise stamp the time of the build.
        fg.updated(midnight(max((e.updated for e in self.ds.events), default=dt.date(1970, 1, 1))))
        fg.generator("explainer_core")  # no version or URL: nothing that changes between builds
        newest_first = sorted(self.ds.events, key=lambda e: (e.date.sort_key(), e.id), reverse=True)
        for e in newest_first:
            fe = fg.add_entry(order="append")
            fe.id(self.url(e))
            fe.title(self.text(e, "title")[0])
            fe.link(href=self.url(e), rel="alternate", type="text/html")
            fe.updated(midnight(e.updated))  # when the event's record last changed
            fe.summary(f"{self.date(e.date)}: {self.text(e, 'summary')[0]}", type="text")
            for t in e.theme_records:
                fe.category(term=t.id, label=self.text(t, "title")[0])
        return fg.atom_str(pretty=True)

    # --- TimelineJS ------------------------------------------------------------------------------
    def timeline(self) -> dict:
        text = self.r.env.get_template("timelinejs_text.html.j2")  # the edition's words, as the pages'
        era_titles = views.era_titles(self.r.words)
        events = []
        for e in self.ds.events:
            d: FuzzyDate = e.date
            shown = SimpleNamespace(title=self.text(e, "title")[0], summary=self.text(e, "summary")[0])
            when = self.date(d)  # the edition's date (English: d.display())
            slide = {
                "start_date": _tl_date(d.start),
                "text": {
                    "headline": text.render(part="headline", e=shown, url=self.url(e)).strip(),
                    "text": text.render(part="text", e=shown, url=self.url(e), date=when).strip(),
                },
                "group": era_titles[e.era],
                "display_date": text.render(part="date", date=when).strip(),
                "unique_id": e.id,
            }
            if d.end is not None:
                slide["end_date"] = _tl_date(d.end)
            events.append(slide)
        eras = []
        for era in schema.ERAS:
            members = [e for e in self.ds.events if e.era == era]
            if not members:
                continue
            first = min(e.date.first_day() for e in members)
            last = max(e.date.last_day() for e in members)
            eras.append({
                "start_date": {"year": first.year, "month": first.month, "day": first.day},
                "end_date": {"year": last.year, "month": last.month, "day": last.day},
                "text": {"headline": text.render(part="era", title=era_titles[era]).strip()},
            })
        return {
            "title": {"text": {
                "headline": text.render(part="title", title=self.r.site_name, url=self.site_url).strip(),
                "text": text.render(part="intro", count=len(events), url=self.url("timeline.md")).strip(),
            }},
            "events": events,
            "eras": eras,
        }

    # --- all ------------------------------------------------------------------------------------
    def files(self) -> dict[str, bytes]:
        """Every export of this edition: the JSON files and their schemas (every language in
        them) in the English edition only; the calendar, feed, TimelineJS file and citations in each."""
        out: dict[str, bytes] = {}
        if self.lang == "en":
            out.update({f"{x.collection}.json": dump_json(self.records_json(x)) for x in JSON_EXPORTS})
        out.update({CALENDAR: self.calendar(), FEED: self.feed(), TIMELINE: dump_json(self.timeline())})
        for x in JSON_EXPORTS if self.lang == "en" else ():
            out[f"schemas/{x.collection}.schema.json"] = dump_json(self.schema_json(x))
        out.update(citations.citation_files(self.r, dump_json))  # BibTeX, RIS, CSL-JSON: citations.py
        return out


def _precision_words(d: FuzzyDate) -> str:
    unit = "month" if d.start.month else "year"
    if d.precision == "range":
        return f"{unit}s"
    return f"part of the {unit}" if d.qualifier else unit


def _tl_date(point) -> dict:
    out: dict = {"year": point.year}
    if point.month:
        out["month"] = point.month
    if point.day:
        out["day"] = point.day
    return out


def english_only() -> frozenset[str]:
    """The exports only the English edition publishes (every language is in them): the JSON files
    and their schemas. The other editions' pages link to them there."""
    return frozenset({f"{x.collection}.json" for x in JSON_EXPORTS}
                     | {f"schemas/{x.collection}.schema.json" for x in JSON_EXPORTS})


def build_exports(renderer: Renderer) -> dict[str, bytes]:
    return Exporter(renderer).files()
