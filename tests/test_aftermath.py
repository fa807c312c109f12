"""The 2016–2022 part of the dataset (issue 10, "aftermath"): records where they belong.

Loads the real data/ with the core's own loader, so the dates are the parsed ones.
"""

from __future__ import annotations

import datetime as dt

import pytest

from explainer_core import load_dataset
from explainer_core.data import schema
from support.project import ROOT

AFTERMATH_FILES = {f"data/{c}/aftermath.yml" for c in ("events", "sources", "actors", "quotes", "places")}
STATE_MEDIA = ("TASS", "Sputnik", "RIA", "RT", "Xinhua", "China News Service")


@pytest.fixture(scope="module")
def data():
    return load_dataset(ROOT / "data", ROOT)


def _mine(records):
    return [r for r in records if r.file in AFTERMATH_FILES]


def _cited_source_ids(data) -> set[str]:
    """Every source id any field cites, found as validation finds references: by field kind."""
    cited: set[str] = set()
    for coll in schema.COLLECTIONS:
        for rec in data.by_id[coll.name].values():
            for f in coll.fields:
                value = rec.values.get(f.name)
                for field, ref, _, _ in f.references(value, f.name, rec.line) if value else ():
                    if field.target == "sources":
                        cited.update(ref if isinstance(ref, list) else [ref])
    return cited


def test_the_aftermath_files_are_loaded(data):
    files = {r.file for coll in data.by_id.values() for r in coll.values()}
    assert AFTERMATH_FILES <= files


def test_aftermath_events_are_dated_after_june_2016(data):
    early = [(e.id, str(e.date)) for e in data.events
             if e.era == "aftermath" and e.date.first_day() < dt.date(2016, 7, 1)]
    assert early == []


def test_new_events_are_all_aftermath_and_happened(data):
    wrong = [(e.id, e.era, e.status) for e in _mine(data.events)
             if e.era != "aftermath" or (e.status or "happened") != "happened"]
    assert wrong == []


def test_every_aftermath_source_is_cited(data):
    cited = _cited_source_ids(data)
    assert [s.id for s in _mine(data.sources) if s.id not in cited] == []


def test_aftermath_state_media_are_labelled(data):
    state = [s for s in _mine(data.sources) if any(m in (s.publisher or "") for m in STATE_MEDIA)]
    assert state, "expected the aftermath sources to include state media (TASS, Sputnik, Xinhua)"
    assert [s.id for s in state if "state media" not in (s.note or "")] == []
