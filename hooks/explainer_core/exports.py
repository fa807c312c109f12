"""Machine-readable exports of the validated dataset: JSON, iCalendar, Atom and TimelineJS.

:func:`build_exports` returns ``{path: bytes}`` for files published at the site root
(``events.json``, ``actors.json``, ``quotes.json``, ``events.ics``, ``feed.xml``,
``timeline.json``) and their JSON Schemas (``schemas/*.schema.json``). They come from the
same :class:`~explainer_core.model.Dataset` the pages are rendered from, and the same
:class:`~explainer_core.render.Renderer` gives every record its permanent URL.

Every output is deterministic: the only timestamp (iCalendar ``DTSTAMP``, the feed's
``updated``) is passed in by the caller, and the feed's entries carry their event's date.
Text from ``data/`` is escaped by the library that writes each format: ``json`` (plus
``<``, ``>``, ``&`` as ``\\u`` escapes, so a file can be inlined in a ``<script>``), lxml
via feedgen, icalendar; the HTML that TimelineJS inserts comes from an autoescaping Jinja2
template. Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event

from . import export_schemas, schema
from .dates import FuzzyDate
from .model import Dataset, Record
from .render import Renderer

JSON_FILES = ("events.json", "actors.json", "quotes.json")
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


def date_obj(d: FuzzyDate | None) -> dict | None:
    """A date with its precision, as every JSON export carries it."""
    if d is None:
        return None
    return {
        "iso": d.iso(),
        "precision": d.precision,
        "qualifier": d.qualifier,
        "display": d.display(),
        "earliest": d.first_day().isoformat(),
        "latest": d.last_day().isoformat(),
    }


def data_timestamp(ds: Dataset) -> dt.datetime:
    """A timestamp derived from the data alone (midnight UTC after the latest day any event or
    source date can mean), for builds without SOURCE_DATE_EPOCH."""
    days = [e.date.last_day() for e in ds.events]
    days += [s.published.last_day() for s in ds.sources if s.values.get("published")]
    latest = max(days) if days else dt.date(1970, 1, 1)
    return dt.datetime.combine(latest + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)


class Exporter:
    def __init__(self, renderer: Renderer, *, timestamp: dt.datetime):
        if not renderer.site_url:
            raise ValueError("exports need site_url: their records carry permanent absolute URLs")
        self.r = renderer
        self.ds = renderer.ds
        self.site_url = renderer.site_url
        self.timestamp = timestamp.astimezone(dt.UTC).replace(microsecond=0)

    # --- helpers -----------------------------------------------------------------------------
    def url(self, target) -> str:
        return self.r.absolute_url(target)

    def listing(self, name: str, items: list) -> dict:
        """The envelope every JSON export shares: its schema, the site, a count and the records."""
        return {"$schema": self.schema_url(name), "site": self.site_url, "count": len(items), name: items}

    def schema_url(self, name: str) -> str:
        return f"{self.site_url}schemas/{name}.schema.json"

    def source_obj(self, s: Record) -> dict:
        v = s.values
        return {"id": s.id, "title": v["title"], "url": v["url"], "publisher": v.get("publisher"),
                "author": v.get("author"), "published": date_obj(v.get("published")), "kind": v.get("kind")}

    # --- JSON ----------------------------------------------------------------------------------
    def events_json(self) -> dict:
        events = []
        for e in self.ds.events:
            v = e.values
            outcome = v.get("outcome")
            place = v["place_record"]
            events.append({
                "id": e.id,
                "aliases": list(v.get("aliases") or []),
                "url": self.url(e),
                "title": v["title"],
                "date": date_obj(v["date"]),
                "era": v["era"],
                "status": v.get("status") or "happened",
                "summary": v["summary"],
                "description": v.get("description"),
                "outcome": None if not outcome else {
                    "summary": outcome["summary"],
                    "event": outcome.get("event"),
                    "sources": [self.source_obj(s) for s in outcome["source_records"]],
                },
                "place": None if place is None else {
                    "id": place.id, "name": place.name, "other_names": list(place.values.get("other_names") or []),
                },
                "actors": [a.id for a in v["actor_records"]],
                "plan_areas": [{"id": p.id, "number": p.number, "title": p.title, "url": self.url(p)}
                               for p in v["plan_area_records"]],
                "themes": [{"id": t.id, "title": t.title} for t in v["theme_records"]],
                "related": [r.id for r in v["related_records"]],
                "quotes": [q.id for q in e.quotes],
                "sources": [self.source_obj(s) for s in v["source_records"]],
            })
        return self.listing("events", events)

    def actors_json(self) -> dict:
        actors = []
        for a in self.ds.actors:
            v = a.values
            actors.append({
                "id": a.id,
                "aliases": list(v.get("aliases") or []),
                "url": self.url(a),
                "name": v["name"],
                "kind": v["kind"],
                "native_name": v.get("native_name"),
                "native_lang": v.get("native_lang"),
                "country": v.get("country"),
                "affiliation": v.get("affiliation"),
                "roles": [{"title": role["title"], "from": date_obj(role.get("from")), "to": date_obj(role.get("to")),
                           "source": self.source_obj(role["source_record"]) if role.get("source_record") else None}
                          for role in v.get("roles") or []],
                "summary": v.get("summary"),
                "events": [e.id for e in a.events],
                "quotes": [q.id for q in a.quotes],
                "sources": [self.source_obj(s) for s in v["source_records"]],
            })
        return self.listing("actors", actors)

    def quotes_json(self) -> dict:
        quotes = []
        for q in self.ds.quotes:
            v = q.values
            quotes.append({
                "id": q.id,
                "url": self.url(q),
                "text": v["text"],
                "speaker": v["speaker"],
                "speaker_name": v["speaker_record"].name,
                "date": date_obj(v.get("date")),
                "event": v.get("event"),
                "occasion": v.get("occasion"),
                "note": v.get("note"),
                "source": self.source_obj(v["source_record"]),
            })
        return self.listing("quotes", quotes)

    # --- iCalendar -----------------------------------------------------------------------------
    def calendar(self) -> bytes:
        host = urlsplit(self.site_url).hostname or "localhost"
        cal = Calendar()
        cal.add("prodid", f"-//{self.r.site_name or host}//events//EN")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", f"{self.r.site_name}: events" if self.r.site_name else "Events")
        for e in self.ds.events:
            d: FuzzyDate = e.date
            exact = d.precision == "day" or (d.precision == "range" and d.start.day is not None)
            ev = Event()
            ev.add("uid", f"{e.id}@{host}")
            ev.add("dtstamp", self.timestamp)
            ev.add("dtstart", d.first_day())
            ev.add("dtend", d.last_day() + dt.timedelta(days=1))  # DTEND is exclusive
            if exact:
                ev.add("summary", e.title)
                when = f"Date: {d.display()}."
            else:
                ev.add("summary", f"{e.title} ({d.display()}, exact day not known)")
                when = (f"Date: {d.display()}. The sources give only the {_precision_words(d)}, so this "
                        f"entry spans the whole period it can mean ({d.first_day().isoformat()} to "
                        f"{d.last_day().isoformat()}).")
            ev.add("description", f"{e.summary}\n\n{when}\n\n{self.url(e)}")
            ev.add("url", self.url(e))
            ev.add("status", ICS_STATUS[e.values.get("status") or "happened"])
            ev.add("transp", "TRANSPARENT")
            if e.place_record is not None:
                ev.add("location", e.place_record.name)
            if e.theme_records:
                ev.add("categories", [t.title for t in e.theme_records])
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
        fg.language("en")
        fg.updated(self.timestamp)  # feedgen would otherwise stamp the time of the build
        fg.generator("explainer_core")  # no version or URL: nothing that changes between builds
        newest_first = sorted(self.ds.events, key=lambda e: (e.date.sort_key(), e.id), reverse=True)
        for e in newest_first:
            fe = fg.add_entry(order="append")
            fe.id(self.url(e))
            fe.title(e.title)
            fe.link(href=self.url(e), rel="alternate", type="text/html")
            # The event's date (its earliest possible day): the feed does not track edits.
            fe.updated(dt.datetime.combine(e.date.first_day(), dt.time(), tzinfo=dt.UTC))
            fe.summary(f"{e.date.display()}: {e.summary}", type="text")
            for t in e.theme_records:
                fe.category(term=t.id, label=t.title)
        return fg.atom_str(pretty=True)

    # --- TimelineJS ------------------------------------------------------------------------------
    def timeline(self) -> dict:
        text = self.r.env.get_template("timelinejs_text.html.j2")
        events = []
        for e in self.ds.events:
            d: FuzzyDate = e.date
            slide = {
                "start_date": _tl_date(d.start),
                "text": {
                    "headline": text.render(part="headline", e=e, url=self.url(e)).strip(),
                    "text": text.render(part="text", e=e, url=self.url(e), date=d.display()).strip(),
                },
                "group": schema.ERA_TITLES[e.era],
                "display_date": text.render(part="date", date=d.display()).strip(),
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
                "text": {"headline": text.render(part="era", title=schema.ERA_TITLES[era]).strip()},
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
        out = {
            "events.json": dump_json(self.events_json()),
            "actors.json": dump_json(self.actors_json()),
            "quotes.json": dump_json(self.quotes_json()),
            CALENDAR: self.calendar(),
            FEED: self.feed(),
            TIMELINE: dump_json(self.timeline()),
        }
        for name, sch in export_schemas.schemas(self.site_url).items():
            out[f"schemas/{name}.schema.json"] = dump_json(sch)
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


def build_exports(renderer: Renderer, *, timestamp: dt.datetime) -> dict[str, bytes]:
    return Exporter(renderer, timestamp=timestamp).files()
