"""The typed model (issue 14, item 2): one class per collection, with its back-references
declared, typed and filled by the Dataset.

The dataset is the minimal fixture plus a few records that give every back-reference
something to hold: an organisation with a member, a state that is its own country, a plan
area whose developments cite a second source, and a glossary term.
"""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest
from mypy import api as mypy_api

from explainer_core import load_dataset, model, schema
from explainer_core.kinds import Refs, Text
from explainer_core.model import Actor, Dataset, Event, GlossaryTerm, Place, PlanArea, Quote, Record, Source, Theme
from support.project import ROOT, make_project

EXTRA = {
    "actors.yml": """
- id: ldp
  updated: 2020-01-01
  name: Liberal Democratic Party
  kind: organisation
  country: japan
- id: fumio-kishida
  updated: 2020-01-01
  name: Fumio Kishida
  kind: person
  country: japan
  affiliation: ldp
- id: ussr
  updated: 2020-01-01
  name: Soviet Union
  kind: state
  country: ussr
""",
    "sources.yml": """
- id: mofa
  updated: 2020-01-01
  title: Japan-Russia relations
  url: https://www.mofa.go.jp/region/europe/russia/
""",
    "plan_areas.yml": """
- id: medical
  updated: 2020-01-01
  number: 2
  title: Health
  sources: [diplomat-2016]
  developments:
    - date: 2017
      summary: Later.
      sources: [mofa]
    - date: 2016-09
      summary: Earlier.
      sources: [mofa, diplomat-2016]
""",
    "glossary.yml": """
- id: eef
  updated: 2020-01-01
  term: Eastern Economic Forum
  definition: A yearly forum in Vladivostok.
  sources: [diplomat-2016]
  events: [sochi-summit-2016]
""",
}

# What each class declares as its back-references: everything on it but the record's own
# id, place in the data and checked values.
DECLARED: dict[type[Record], set[str]] = {
    Source: {"cited_by"},
    Place: {"events"},
    Theme: {"events"},
    Actor: {"events", "quotes", "members"},
    PlanArea: {"events"},
    Event: {"quotes", "outcome_of", "prev", "next"},
    Quote: set(),
    GlossaryTerm: set(),
}
RECORD_FIELDS = {"id", "file", "line", "values"}

# (collection, id, back-reference, what it holds: ids in order, one id, or None)
FILLED = [
    ("actors", "shinzo-abe", "events", ["abe-returns-2012", "sochi-summit-2016", "putin-visits-japan-2016"]),
    ("actors", "shinzo-abe", "quotes", ["abe-breakthrough"]),
    ("actors", "vladimir-putin", "quotes", []),
    ("actors", "russia", "events", []),
    ("actors", "japan", "members", ["fumio-kishida", "ldp", "shinzo-abe"]),  # by name
    ("actors", "ldp", "members", ["fumio-kishida"]),
    ("actors", "ussr", "members", []),  # its own country, not its own member
    ("events", "sochi-summit-2016", "quotes", ["abe-breakthrough"]),
    ("events", "putin-visits-japan-2016", "quotes", []),
    ("events", "putin-visits-japan-2016", "outcome_of", ["year-end-visit"]),
    ("events", "year-end-visit", "outcome_of", []),
    ("events", "abe-returns-2012", "prev", None),
    ("events", "abe-returns-2012", "next", "sochi-summit-2016"),
    ("events", "year-end-visit", "prev", "sochi-summit-2016"),
    ("events", "year-end-visit", "next", "putin-visits-japan-2016"),
    ("events", "putin-visits-japan-2016", "next", None),
    ("places", "sochi", "events", ["sochi-summit-2016"]),
    ("themes", "diplomacy", "events", ["sochi-summit-2016"]),
    ("plan_areas", "energy", "events", ["sochi-summit-2016"]),
    ("plan_areas", "medical", "events", []),
    # Events in date order, then quotes, actors, plan areas (each once) and glossary terms.
    ("sources", "diplomat-2016", "cited_by", [
        "events:abe-returns-2012", "events:sochi-summit-2016", "events:year-end-visit",
        "events:putin-visits-japan-2016", "quotes:abe-breakthrough", "actors:japan", "actors:shinzo-abe",
        "plan_areas:energy", "plan_areas:medical", "glossary:eef"]),
    ("sources", "mofa", "cited_by", ["plan_areas:medical"]),
]


@pytest.fixture(scope="module")
def ds(tmp_path_factory) -> Dataset:
    project = make_project(tmp_path_factory.mktemp("model") / "p")
    for name, text in EXTRA.items():
        path = project / "data" / name
        path.write_text((path.read_text(encoding="utf-8") if path.exists() else "") + text, encoding="utf-8")
    return load_dataset(project / "data", root=project)


def _record(ds: Dataset, collection: str, rid: str) -> Record:
    rec = ds.get(collection, rid)
    assert rec is not None, f"{collection} {rid!r} is not in the test dataset"
    return rec


def _ids(value: object, mixed: bool) -> object:
    if isinstance(value, list):
        return [f"{r.collection}:{r.id}" if mixed else r.id for r in value]
    return value.id if isinstance(value, Record) else value


def test_each_collection_has_its_class_declaring_exactly_its_back_references():
    assert {c.name: model.CLASSES[c.name] for c in schema.COLLECTIONS} == {cls.collection: cls for cls in DECLARED}
    for cls, names in DECLARED.items():
        assert {f.name for f in dataclasses.fields(cls)} - RECORD_FIELDS == names, cls.__name__


@pytest.mark.parametrize("collection, rid, name, expected", FILLED, ids=[f"{c}:{r}.{n}" for c, r, n, _ in FILLED])
def test_back_references_are_filled(ds, collection, rid, name, expected):
    assert _ids(getattr(_record(ds, collection, rid), name), mixed=name == "cited_by") == expected


def test_every_record_is_of_its_class_and_keeps_back_references_out_of_its_values(ds):
    for coll in schema.COLLECTIONS:
        cls = model.CLASSES[coll.name]
        listed = getattr(ds, coll.name)
        assert listed and all(type(r) is cls for r in listed), coll.name
        for rec in listed:
            for name in DECLARED[cls]:
                assert name in vars(rec) and name not in rec.values, (rec, name)
            for f in coll.fields:  # every field is an attribute holding the checked value
                assert getattr(rec, f.name) is rec.values[f.name], (rec, f.name)


def test_related_events_link_both_ways_and_developments_are_in_date_order(ds):
    sochi = _record(ds, "events", "sochi-summit-2016")
    assert [r.id for r in sochi.related_records] == ["putin-visits-japan-2016"]  # listed only on the other
    medical = _record(ds, "plan_areas", "medical")
    assert [d["summary"] for d in medical.developments] == ["Earlier.", "Later."]


@pytest.mark.parametrize("collection, message", [
    (schema.Collection("events", "event", "", (schema.ID, Text("quotes", ""))),
     "events: quotes would hide Event's own attribute; rename one"),
    (schema.Collection("actors", "actor", "", (schema.ID, Refs("members", "", target="actors"))),
     "actors: members would hide Actor's own attribute; rename one"),
    (schema.Collection("speeches", "speech", "", (schema.ID,)), "model.py has no class for the collection 'speeches'"),
])
def test_a_field_that_would_hide_a_back_reference_is_refused(collection, message):
    with pytest.raises(TypeError) as exc:
        model.check_names([collection])
    assert str(exc.value) == message


def test_mypy_sees_the_back_references_types(tmp_path: Path, monkeypatch):
    snippet = tmp_path / "uses_model.py"
    snippet.write_text(textwrap.dedent("""\
        from explainer_core.model import Actor, Dataset, Source

        def f(ds: Dataset, a: Actor, s: Source) -> None:
            reveal_type(ds.events)
            reveal_type(a.events[0].prev)
            reveal_type(a.quotes[0].id)
            a.members.append(a.events[0])
            s.cited_by.append(s)
        """), encoding="utf-8")
    monkeypatch.setenv("MYPYPATH", str(ROOT / "hooks"))
    out, err, status = mypy_api.run([str(snippet), "--cache-dir", str(tmp_path / "cache"), "--ignore-missing-imports",
                                     "--no-error-summary", "--hide-error-context", "--no-pretty"])
    lines = [line.split(": ", 1)[1] for line in out.splitlines()]
    assert lines == [
        'note: Revealed type is "list[explainer_core.model.Event]"',
        'note: Revealed type is "explainer_core.model.Event | None"',
        'note: Revealed type is "str"',
        'error: Argument 1 to "append" of "list" has incompatible type "Event"; expected "Actor"  [arg-type]',
        'error: Argument 1 to "append" of "list" has incompatible type "Source"; expected '
        '"Event | Quote | Actor | PlanArea | GlossaryTerm"  [arg-type]',
    ], err
    assert status == 1
