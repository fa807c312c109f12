"""The validated, linked dataset that templates and exports read: one class per collection.

A record's fields come from ``schema.py`` alone (the one list of fields): each checked value is
an attribute of the same name (``event.title``), and each reference field's kind adds the
records it names (``event.place_record``, ``event.actor_records``; see ``kinds.py``). What
points *at* a record, its back-references, is declared below on its class, typed, starts
empty and is filled by :class:`Dataset`: ``Actor.events``, ``Source.cited_by``,
``Event.prev``... A back-reference may not share a name with a field (checked on import).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from ..data import schema
from .translations import Translations


@dataclass(eq=False, repr=False)
class Record:
    """One validated record. Two records are equal only if they are the same record."""

    collection: ClassVar[str]  # the name of its collection in the schema
    id: str
    file: str
    line: int
    # The checked mapping as validation made it (plus the resolved references): for code that
    # walks the schema field by field. Everything else reads attributes.
    values: dict[str, Any]

    def __post_init__(self) -> None:
        self._set_attributes()

    if TYPE_CHECKING:  # fields and resolved references are set from the schema, not declared here
        def __getattr__(self, name: str) -> Any: ...

    def _set_attributes(self) -> None:
        """Each value is an attribute too (the same object: sorting a list in place sorts both)."""
        vars(self).update((k, v) for k, v in self.values.items() if not k.startswith("_"))

    def resolve_references(self, resolve: Callable[[str, str | None], Record | None]) -> None:
        """Add the records each reference field names, as its kind says (``place`` -> ``place_record``)."""
        for f in schema.BY_NAME[self.collection].fields:
            f.link(self.values, resolve)
        self._set_attributes()

    def line_of(self, field: str) -> int:
        return self.values.get("_lines", {}).get(field, self.line)

    @property
    def src_uri(self) -> str | None:
        prefix = schema.BY_NAME[self.collection].url_prefix
        return f"{prefix}/{self.id}.md" if prefix else None

    def __repr__(self) -> str:
        return f"<{self.collection}:{self.id}>"


@contextmanager
def reads() -> Iterator[set[Record]]:
    """Every record one of whose attributes is read inside the block (``pages/reuse.py``: the
    inputs of a page). Only inside the block do records pay for being watched."""
    seen: set[Record] = set()
    read = object.__getattribute__

    def noted(self, name: str) -> Any:
        seen.add(self)
        return read(self, name)

    if "__getattribute__" in vars(Record):
        raise RuntimeError("records.reads() does not nest")
    Record.__getattribute__ = noted  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        del Record.__getattribute__


@dataclass(eq=False, repr=False)
class Source(Record):
    collection = "sources"
    cited_by: list[Event | Quote | Actor | PlanArea | GlossaryTerm] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Place(Record):
    collection = "places"
    events: list[Event] = field(default_factory=list)  # that happened here


@dataclass(eq=False, repr=False)
class Theme(Record):
    collection = "themes"
    events: list[Event] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Actor(Record):
    collection = "actors"
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)  # that the actor said
    members: list[Actor] = field(default_factory=list)  # actors whose country or affiliation this is


@dataclass(eq=False, repr=False)
class PlanArea(Record):
    collection = "plan_areas"
    events: list[Event] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Event(Record):
    collection = "events"
    quotes: list[Quote] = field(default_factory=list)  # said at or about it
    outcome_of: list[Event] = field(default_factory=list)  # planned events whose outcome it records
    prev: Event | None = None  # in date order
    next: Event | None = None


@dataclass(eq=False, repr=False)
class Quote(Record):
    collection = "quotes"


@dataclass(eq=False, repr=False)
class GlossaryTerm(Record):
    collection = "glossary"


CLASSES: dict[str, type[Record]] = {c.collection: c for c in (Source, Place, Theme, Actor, PlanArea, Event, Quote,
                                                               GlossaryTerm)}


def new_record(collection: str, rid: str, file: str, line: int, values: dict[str, Any]) -> Record:
    """A record of the class of ``collection``, with its checked values."""
    return CLASSES[collection](rid, file, line, values)


def check_names(collections: Iterable[schema.Collection]) -> None:
    """Every collection has a class, and no field (or the reference it resolves to) has the name
    of one of its class's own attributes: the field's value would hide it."""
    for coll in collections:
        cls = CLASSES.get(coll.name)
        if cls is None:
            raise TypeError(f"model.py has no class for the collection {coll.name!r}")
        resolved: dict[str, Any] = {}
        for f in coll.fields:
            f.link(resolved, lambda target, rid: None)  # only to learn the names it adds
        own = {n for n in dir(cls) if not n.startswith("__")} | {f.name for f in fields(cls)}
        clash = sorted(({f.name for f in coll.fields} | set(resolved)) & own - {"id"})
        if clash:
            raise TypeError(f"{coll.name}: {', '.join(clash)} would hide {cls.__name__}'s own attribute; rename one")


check_names(schema.COLLECTIONS)

R = TypeVar("R", bound=Record)


def _records(checked: dict[str, list[Record]], cls: type[R]) -> list[R]:
    recs = checked[cls.collection]
    if not all(isinstance(r, cls) for r in recs):
        raise TypeError(f"{cls.collection}: records must be made with new_record")
    return cast("list[R]", recs)


class Dataset:
    """Every record, linked, each collection in the order the site lists it."""

    events: list[Event]
    actors: list[Actor]
    quotes: list[Quote]
    sources: list[Source]
    plan_areas: list[PlanArea]
    places: list[Place]
    themes: list[Theme]
    glossary: list[GlossaryTerm]

    translations: Translations  # the editions' text (``data/i18n/``); empty until the pipeline sets it

    def __init__(self, checked: dict[str, list[Record]]):
        self.translations = Translations()
        self.by_id: dict[str, dict[str, Record]] = {name: {r.id: r for r in recs} for name, recs in checked.items()}
        # Date order; on the same first day the earlier era comes first, so that an event planned
        # in June 2016 for "September 2016" and one that happened on 1 September keep each era's
        # run on the timeline unbroken.
        era_rank = {era: i for i, era in enumerate(schema.ERAS)}
        self.events = sorted(_records(checked, Event), key=lambda e: (
            e.date.sort_key()[0], era_rank.get(e.era, len(era_rank)), e.date.sort_key(), e.id))
        self.actors = sorted(_records(checked, Actor), key=lambda a: (a.name.casefold(), a.id))
        self.quotes = sorted(_records(checked, Quote), key=lambda q: (q.date.sort_key() if q.date else (10**9,), q.id))
        self.sources = sorted(_records(checked, Source), key=lambda s: (s.title.casefold(), s.id))
        self.plan_areas = sorted(_records(checked, PlanArea), key=lambda p: (p.number, p.id))
        self.places = sorted(_records(checked, Place), key=lambda p: (p.name.casefold(), p.id))
        self.themes = sorted(_records(checked, Theme), key=lambda t: (t.title.casefold(), t.id))
        # Alphabetical by the term's first letter or digit: '"unfriendly countries" list' under U.
        self.glossary = sorted(_records(checked, GlossaryTerm),
                               key=lambda t: (re.sub(r"^\W+", "", t.term).casefold(), t.id))
        self._link()

    def get(self, collection: str, rid: str | None) -> Record | None:
        return self.by_id[collection].get(rid) if rid else None

    def _resolve(self, collection: str, rid: str | None) -> Record | None:
        return self.by_id[collection][rid] if rid else None

    def _link(self) -> None:
        for coll in schema.COLLECTIONS:
            for rec in self.by_id[coll.name].values():
                rec.resolve_references(self._resolve)

        for i, e in enumerate(self.events):
            e.prev = self.events[i - 1] if i > 0 else None
            e.next = self.events[i + 1] if i + 1 < len(self.events) else None
            if e.outcome and e.outcome["event_record"]:
                e.outcome["event_record"].outcome_of.append(e)
            for rec in (*e.actor_records, *e.plan_area_records, *e.theme_records):
                rec.events.append(e)
            if e.place_record:
                e.place_record.events.append(e)
            for s in e.source_records:
                s.cited_by.append(e)
        for e in self.events:
            for r in e.related_records:  # related links go both ways
                if e not in r.related_records:
                    r.related_records.append(e)
                    r.related_records.sort(key=lambda x: (x.date.sort_key(), x.id))

        for q in self.quotes:
            q.speaker_record.quotes.append(q)
            if q.event_record:
                q.event_record.quotes.append(q)
            q.source_record.cited_by.append(q)
            if q.original and q.original["source_record"] not in (None, q.source_record):
                q.original["source_record"].cited_by.append(q)  # the page that gives the words as spoken

        for a in self.actors:
            cited_by_actor = list(a.source_records)
            for role in a.roles or []:
                if role and role.get("source_record") and role["source_record"] not in cited_by_actor:
                    cited_by_actor.append(role["source_record"])
            for s in cited_by_actor:
                s.cited_by.append(a)
            for parent in (a.country_record, a.affiliation_record):
                if parent is not None and parent is not a:
                    parent.members.append(a)
        for p in self.plan_areas:
            cited = list(p.source_records)
            p.developments.sort(key=lambda d: d["date"].sort_key())
            for d in p.developments:
                cited += [s for s in d["source_records"] if s not in cited]
            if p.status:
                cited += [s for s in p.status["source_records"] if s not in cited]
            for s in cited:
                s.cited_by.append(p)
        for t in self.glossary:
            for s in t.source_records:
                s.cited_by.append(t)

    def counts(self) -> dict[str, int]:
        return {name: len(ids) for name, ids in self.by_id.items()}

    def all_records(self) -> list[Record]:
        """Every record of every collection (for what depends on the whole dataset, such as the
        data reference page's date)."""
        return [rec for c in schema.COLLECTIONS for rec in getattr(self, c.name)]
