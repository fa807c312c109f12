"""The validated, linked dataset that templates and exports read."""

from __future__ import annotations

import re

from . import schema


class Record:
    """One validated record. Field values are attributes (``event.title``); references are
    resolved to records by :class:`Dataset` (``event.actor_records``)."""

    def __init__(self, collection: str, rid: str, file: str, line: int, values: dict):
        self.collection = collection
        self.id = rid
        self.file = file
        self.line = line
        self.values = values

    def __getattr__(self, name: str):
        values = self.__dict__.get("values")
        if values is not None and name in values:
            return values[name]
        raise AttributeError(name)

    def line_of(self, field: str) -> int:
        return self.values.get("_lines", {}).get(field, self.line)

    @property
    def src_uri(self) -> str | None:
        prefix = schema.BY_NAME[self.collection].url_prefix
        return f"{prefix}/{self.id}.md" if prefix else None

    def __repr__(self) -> str:
        return f"<{self.collection}:{self.id}>"


class Dataset:
    def __init__(self, checked: dict[str, list[Record]]):
        self.by_id: dict[str, dict[str, Record]] = {name: {r.id: r for r in recs} for name, recs in checked.items()}
        # Date order; on the same first day the earlier era comes first, so that an event planned
        # in June 2016 for "September 2016" and one that happened on 1 September keep each era's
        # run on the timeline unbroken.
        era_rank = {era: i for i, era in enumerate(schema.ERAS)}
        self.events = sorted(checked["events"], key=lambda e: (e.date.sort_key()[0], era_rank.get(e.era, len(era_rank)),
                                                              e.date.sort_key(), e.id))
        self.actors = sorted(checked["actors"], key=lambda a: (a.name.casefold(), a.id))
        self.quotes = sorted(checked["quotes"], key=lambda q: (q.date.sort_key() if q.date else (10**9,), q.id))
        self.sources = sorted(checked["sources"], key=lambda s: (s.title.casefold(), s.id))
        self.plan_areas = sorted(checked["plan_areas"], key=lambda p: (p.number, p.id))
        self.places = sorted(checked["places"], key=lambda p: (p.name.casefold(), p.id))
        self.themes = sorted(checked["themes"], key=lambda t: (t.title.casefold(), t.id))
        # Alphabetical by the term's first letter or digit: '"unfriendly countries" list' under U.
        self.glossary = sorted(checked["glossary"], key=lambda t: (re.sub(r"^\W+", "", t.term).casefold(), t.id))
        self._link()

    def get(self, collection: str, rid: str | None) -> Record | None:
        return self.by_id[collection].get(rid) if rid else None

    def _resolve(self, collection: str, rid: str | None) -> Record | None:
        return self.by_id[collection][rid] if rid else None

    def _link(self) -> None:
        for rec in (*self.actors, *self.sources, *self.plan_areas, *self.places, *self.themes):
            rec.values.setdefault("events", [])
        for a in self.actors:
            a.values["quotes"] = []
            a.values["members"] = []
        for s in self.sources:
            s.values["cited_by"] = []
        for e in self.events:
            e.values["quotes"] = []
            e.values["outcome_of"] = []

        # References by id -> records, as each field's kind names them (place -> place_record,
        # actors -> actor_records, in nested mappings too).
        for coll in schema.COLLECTIONS:
            for rec in self.by_id[coll.name].values():
                for f in coll.fields:
                    f.link(rec.values, self._resolve)

        for i, e in enumerate(self.events):
            v = e.values
            v["prev"] = self.events[i - 1] if i > 0 else None
            v["next"] = self.events[i + 1] if i + 1 < len(self.events) else None
            outcome = v.get("outcome")
            if outcome and outcome["event_record"]:
                outcome["event_record"].values["outcome_of"].append(e)
            for rec in (*v["actor_records"], *v["plan_area_records"], *v["theme_records"], *v["source_records"]):
                rec.values["events"].append(e)
            if v["place_record"]:
                v["place_record"].values["events"].append(e)
            for s in v["source_records"]:
                s.values["cited_by"].append(e)
        for e in self.events:
            for r in e.related_records:  # related links go both ways
                if e not in r.related_records:
                    r.values["related_records"] = sorted([*r.related_records, e], key=lambda x: (x.date.sort_key(), x.id))

        for q in self.quotes:
            v = q.values
            v["speaker_record"].values["quotes"].append(q)
            if v["event_record"]:
                v["event_record"].values["quotes"].append(q)
            v["source_record"].values["cited_by"].append(q)

        for a in self.actors:
            for s in a.source_records:
                s.values["cited_by"].append(a)
            for parent in (a.country_record, a.affiliation_record):
                if parent is not None and parent is not a:
                    parent.values["members"].append(a)
        for p in self.plan_areas:
            cited = list(p.source_records)
            p.values["developments"] = sorted(p.values.get("developments") or [], key=lambda d: d["date"].sort_key())
            for d in p.developments:
                cited += [s for s in d["source_records"] if s not in cited]
            for s in cited:
                s.values["cited_by"].append(p)
        for t in self.glossary:
            for s in t.source_records:
                s.values["cited_by"].append(t)

    # Convenience views --------------------------------------------------------------------
    def events_of(self, rec: Record) -> list[Record]:
        return rec.values.get("events", [])

    def counts(self) -> dict[str, int]:
        return {name: len(ids) for name, ids in self.by_id.items()}
