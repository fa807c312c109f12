"""The data exports, each read back by a real client: jsonschema, icalendar, feedparser.

(TimelineJS itself reads timeline.json in a browser in tests/test_export_browser.py.)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import icalendar
import jsonschema
import pytest
from markupsafe import escape

from explainer_core import load_dataset
from explainer_core.data import schema
from explainer_core.data.kinds import Date, Refs, SubRecords, Text
from explainer_core.model import freshness
from explainer_core.pages.render import Renderer
from explainer_core.publish.citations import FORMATS
from explainer_core.publish.export_schemas import layout
from explainer_core.publish.exports import build_exports, midnight
from support.project import ROOT, build, build_here, make_project

BASE = "https://example.org/new-approach/"
EXPORTS = ["events.json", "actors.json", "quotes.json", "events.ics", "feed.xml", "timeline.json",
           "schemas/events.schema.json", "schemas/actors.schema.json", "schemas/quotes.schema.json"]


def site_path(site: Path, url: str) -> Path:
    """The built file that serves an absolute URL of the site."""
    assert url.startswith(BASE), url
    rel = urlsplit(url).path[len(urlsplit(BASE).path):]
    return site / rel / "index.html" if rel.endswith("/") or rel == "" else site / rel


def load(site: Path, name: str):
    return json.loads((site / name).read_text(encoding="utf-8"))


def validate(site: Path, name: str) -> dict:
    data = load(site, name)
    schema = load(site, f"schemas/{name.removesuffix('.json')}.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    assert data["$schema"] == schema["$id"] == f"{BASE}schemas/{name.removesuffix('.json')}.schema.json"
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    return data


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT / "data", root=ROOT)


@pytest.mark.parametrize("name", EXPORTS)
def test_every_export_is_published(real_site, name):
    assert (real_site.site / name).stat().st_size > 0


# --- JSON --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["events.json", "actors.json", "quotes.json"])
def test_json_exports_validate_against_their_published_schema(real_site, name):
    data = validate(real_site.site, name)
    key = name.removesuffix(".json")
    assert data["count"] == len(data[key]) > 0
    for rec in data[key]:
        assert site_path(real_site.site, rec["url"]).is_file(), rec["url"]


def test_events_json_carries_every_event_with_its_date_precision(real_site, dataset):
    events = {e["id"]: e for e in load(real_site.site, "events.json")["events"]}
    assert list(events) == [e.id for e in dataset.events]  # chronological, like the timeline
    sochi = events["sochi-summit-2016"]
    assert sochi["url"] == BASE + "events/sochi-summit-2016/"
    assert sochi["date"] == {"iso": "2016-05-06", "precision": "day", "qualifier": None, "display": "6 May 2016",
                             "earliest": "2016-05-06", "latest": "2016-05-06"}
    for e in dataset.events:
        d = events[e.id]["date"]
        assert (d["iso"], d["precision"], d["display"]) == (e.date.iso(), e.date.precision, e.date.display())
    qualified = [e for e in events.values() if e["date"]["qualifier"]]
    assert qualified and all(e["date"]["display"].startswith(e["date"]["qualifier"]) for e in qualified)


def test_cross_references_resolve(real_site):
    events = {e["id"] for e in load(real_site.site, "events.json")["events"]}
    actors = {a["id"] for a in load(real_site.site, "actors.json")["actors"]}
    quotes = load(real_site.site, "quotes.json")["quotes"]
    for e in load(real_site.site, "events.json")["events"]:
        assert set(e["actors"]) <= actors and set(e["related"]) <= events
    abe = next(a for a in load(real_site.site, "actors.json")["actors"] if a["id"] == "shinzo-abe")
    source = abe["roles"][0]["source"]  # sources inlined, not bare ids
    assert source["id"] == "nikkei-2020-09-16-suga-elected" and source["url"].startswith("https://asia.nikkei.com/")
    assert abe["roles"][0]["to"]["iso"] == "2020-09-16"  # the end of his term, as the data gives it
    for q in quotes:
        assert q["speaker"] in actors and (q["event"] is None or q["event"] in events)
        assert q["url"] == BASE + f"quotes/#quote-{q['id']}"
        assert f'id="quote-{q["id"]}"' in real_site.html("quotes/")  # the anchor exists


@pytest.mark.parametrize("name, broken, message", [
    ("events.json", lambda d: d["events"][0].pop("url"), "'url' is a required property"),
    ("events.json", lambda d: d["events"][0].update(headline="x"), "Additional properties"),
    ("events.json", lambda d: d["events"][0]["date"].update(precision="week"), "'week' is not one of"),
    ("actors.json", lambda d: d["actors"][0].update(url="javascript:alert(1)"), "does not match"),
    ("quotes.json", lambda d: d["quotes"][0]["source"].update(url=None), "None is not of type 'string'"),
])
def test_schemas_reject_drift(real_site, name, broken, message):
    data = load(real_site.site, name)
    broken(data)
    schema = load(real_site.site, f"schemas/{name.removesuffix('.json')}.schema.json")
    with pytest.raises(jsonschema.ValidationError, match=message):
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)


# --- a field is one line in schema.py, and the exports follow ---------------------------------

def add_fields(monkeypatch, coll_name: str, *fields) -> None:
    """schema.py as if ``fields`` were lines added at the end of a collection."""
    coll = schema.BY_NAME[coll_name]
    grown = dataclasses.replace(coll, fields=coll.fields + fields)
    monkeypatch.setattr(schema, "COLLECTIONS", tuple(grown if c is coll else c for c in schema.COLLECTIONS))
    monkeypatch.setattr(schema, "BY_NAME", {c.name: c for c in schema.COLLECTIONS})


def exports_of(project: Path) -> dict[str, dict]:
    """The JSON exports and schemas of a project's data, parsed, each export checked against its schema."""
    files = build_exports(Renderer(load_dataset(project / "data"), site_url=BASE, site_name="Site"))
    out = {name: json.loads(content) for name, content in files.items() if name.endswith(".json")}
    for name in ("events", "actors", "quotes"):
        jsonschema.Draft202012Validator.check_schema(out[f"schemas/{name}.schema.json"])
        validator(out[f"schemas/{name}.schema.json"]).validate(out[f"{name}.json"])
    return out


def validator(schema_json: dict) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema_json, format_checker=jsonschema.FormatChecker())


def test_a_field_added_to_the_schema_appears_in_the_json_and_its_schema(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    before = exports_of(project)
    events = project / "data" / "events.yml"
    events.write_text(events.read_text(encoding="utf-8").replace(
        "  summary: The two leaders meet for over three hours.\n",
        "  summary: The two leaders meet for over three hours.\n"
        "  mood: Cordial\n  announced: 2016-04\n  hosts: [vladimir-putin]\n"
        "  briefings: [{speaker: shinzo-abe, date: 2016-05-07}]\n  internal: Check the date.\n"), encoding="utf-8")
    add_fields(monkeypatch, "events",
               Text("mood", "How the talks went.", export_doc="How the talks went, in a word."),
               Date("announced", "When the meeting was announced."),
               Refs("hosts", "Who hosted it.", target="actors"),
               SubRecords("briefings", "Press briefings after it.", fields=(
                   Refs("speaker", "Who briefed.", target="actors", min_items=1), Date("date", "When."))),
               Text("internal", "A note for editors only.", exported=False))
    after = exports_of(project)  # and both validate against the schemas published with them

    sochi = {e["id"]: e for e in after["events.json"]["events"]}["sochi-summit-2016"]
    assert list(sochi) == [*before["events.json"]["events"][0], "mood", "announced", "hosts", "briefings"]
    assert (sochi["mood"], sochi["hosts"]) == ("Cordial", ["vladimir-putin"])
    assert sochi["announced"]["display"] == "April 2016" and sochi["announced"]["precision"] == "month"
    assert sochi["briefings"] == [{"speaker": ["shinzo-abe"], "date": {
        "iso": "2016-05-07", "precision": "day", "qualifier": None, "display": "7 May 2016",
        "earliest": "2016-05-07", "latest": "2016-05-07"}}]
    other = after["events.json"]["events"][0]
    assert (other["mood"], other["announced"], other["hosts"], other["briefings"]) == (None, None, [], [])

    event = after["schemas/events.schema.json"]["$defs"]["event"]
    assert event["required"] == [*before["schemas/events.schema.json"]["$defs"]["event"]["required"],
                                 "mood", "announced", "hosts", "briefings"]
    assert event["properties"]["mood"] == {"description": "How the talks went, in a word.",
                                           "anyOf": [{"type": "string", "minLength": 1}, {"type": "null"}]}
    # The schema holds the new fields to their kinds: a wrong value fails validation.
    for key, wrong in [("mood", ""), ("announced", "2016-04"), ("hosts", ["Putin"]), ("briefings", [{"speaker": []}])]:
        broken = json.loads(json.dumps(after["events.json"]))
        broken["events"][0][key] = wrong
        assert not validator(after["schemas/events.schema.json"]).is_valid(broken), key
    # Nothing else changed: the other files, and every event but for its new keys.
    for name in before:
        if name not in ("events.json", "schemas/events.schema.json"):
            assert after[name] == before[name], name
    assert [{k: v for k, v in e.items() if k in before["events.json"]["events"][0]} for e in after["events.json"]["events"]] \
        == before["events.json"]["events"]


def test_a_field_added_to_sources_appears_wherever_a_source_is_carried(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    sources = project / "data" / "sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8") + "  language: en\n", encoding="utf-8")
    add_fields(monkeypatch, "sources", Text("language", "Language of the source."))
    out = exports_of(project)
    assert {e["sources"][0]["language"] for e in out["events.json"]["events"]} == {"en"}
    assert out["quotes.json"]["quotes"][0]["source"]["language"] == "en"
    assert [r["source"]["language"] for a in out["actors.json"]["actors"] for r in a["roles"] if r["source"]] != []
    for name in ("events", "actors", "quotes"):
        source = out[f"schemas/{name}.schema.json"]["$defs"]["source"]
        assert source["required"][-1] == "language"
        assert source["properties"]["language"] == {"anyOf": [{"type": "string", "minLength": 1}, {"type": "null"}]}


def test_an_export_position_naming_no_key_is_a_clear_error():
    with pytest.raises(ValueError, match="'mood' is to be exported after 'moods', which is not exported"):
        layout((Text("id", ""), Text("mood", "", export_after="moods")))
    with pytest.raises(ValueError, match=r"two exported values share a key: \['id'\]"):
        layout((Text("id", ""), Text("id", "")))


# --- iCalendar ---------------------------------------------------------------------------------

def vevents(site: Path) -> dict[str, icalendar.cal.Component]:
    cal = icalendar.Calendar.from_ical((site / "events.ics").read_bytes())
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def test_calendar_has_one_all_day_event_per_event(real_site, dataset):
    evs = vevents(real_site.site)
    assert sorted(evs) == sorted(f"{e.id}@example.org" for e in dataset.events)
    for e in dataset.events:
        ev = evs[f"{e.id}@example.org"]
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        assert type(start) is dt.date and type(end) is dt.date  # VALUE=DATE: all-day, no time zone games
        assert ev["DTSTART"].params.get("VALUE") == "DATE"
        assert (start, end) == (e.date.first_day(), e.date.last_day() + dt.timedelta(days=1))  # DTEND exclusive
        # when the event's record last changed, never the build's time
        assert ev.decoded("DTSTAMP") == ev.decoded("LAST-MODIFIED") == midnight(e.updated)
        assert str(ev["URL"]) == BASE + f"events/{e.id}/"
        assert site_path(real_site.site, str(ev["URL"])).is_file()


@pytest.mark.parametrize("eid, start, end, exact", [
    ("sochi-summit-2016", dt.date(2016, 5, 6), dt.date(2016, 5, 7), True),  # a day
    ("putin-visit-japan-2016", dt.date(2016, 12, 15), dt.date(2016, 12, 17), True),  # a range of days
    ("abe-returns-to-power-2012", dt.date(2012, 12, 1), dt.date(2013, 1, 1), False),  # a month
    ("rosneft-energy-proposals-2016", dt.date(2016, 5, 1), dt.date(2016, 7, 1), False),  # a range of months
    ("putin-japan-visit-proposed-2016", dt.date(2016, 9, 1), dt.date(2017, 1, 1), False),  # late in a year
    ("naryshkin-visit-2015", dt.date(2015, 1, 1), dt.date(2016, 1, 1), False),  # a year
])
def test_calendar_is_honest_about_precision(real_site, dataset, eid, start, end, exact):
    e = dataset.get("events", eid)
    assert e is not None, "event renamed in data/; update the table"
    ev = vevents(real_site.site)[f"{eid}@example.org"]
    assert (ev.decoded("DTSTART"), ev.decoded("DTEND")) == (start, end)
    summary, description = str(ev["SUMMARY"]), str(ev["DESCRIPTION"])
    if exact:
        assert summary == e.title
    else:
        assert summary == f"{e.title} ({e.date.display()}, exact day not known)"
        assert "spans the whole period" in description
    assert f"Date: {e.date.display()}." in description


def test_every_imprecise_event_says_so(real_site, dataset):
    evs = vevents(real_site.site)
    for e in dataset.events:
        exact = e.date.precision == "day" or (e.date.precision == "range" and e.date.start.day)
        assert ("exact day not known" in str(evs[f"{e.id}@example.org"]["SUMMARY"])) == (not exact), e.id


# --- Atom ----------------------------------------------------------------------------------------

def test_feed_parses_newest_first_and_links_to_event_pages(real_site, dataset):
    feed = feedparser.parse((real_site.site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    latest = max(e.updated for e in dataset.events)
    assert feed.feed.updated_parsed[:6] == midnight(latest).timetuple()[:6]  # the latest entry's
    assert {link.rel: link.href for link in feed.feed.links}["self"] == BASE + "feed.xml"
    entries = feed.entries
    assert len(entries) == len(dataset.events)
    newest_first = sorted(dataset.events, key=lambda e: (e.date.sort_key(), e.id), reverse=True)
    assert [entry.id for entry in entries] == [BASE + f"events/{e.id}/" for e in newest_first]
    for entry, e in zip(entries, newest_first):
        assert entry.updated_parsed[:6] == midnight(e.updated).timetuple()[:6]  # the event's `updated`
        assert entry.link == entry.id
        assert site_path(real_site.site, entry.link).is_file(), entry.link


# --- determinism and timestamps ------------------------------------------------------------------

def test_exports_are_deterministic_and_their_dates_come_from_the_data(dataset, monkeypatch):
    r = Renderer(dataset, site_url=BASE, site_name="Site")
    a = build_exports(r)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # a build clock the exports must ignore
    b = build_exports(r)
    assert a == b
    e = dataset.events[0]
    later = e.updated + dt.timedelta(days=1)
    monkeypatch.setattr(e, "updated", later)  # as the model holds a field: an attribute, and in values
    monkeypatch.setitem(e.values, "updated", later)
    edited = build_exports(r)
    changed = {k for k in a if a[k] != edited[k]}
    # the event's own exports, and the citations of every page that shows it (dated by it)
    showing = [x.id for x in dataset.events if e in freshness.event_records(x)]
    cites = {f"events/{i}/cite.{f}" for i in showing for f in FORMATS} | {f"cite/events.{f}" for f in FORMATS}
    assert {"events.json", "events.ics", "feed.xml", f"events/{e.id}/cite.bib"} <= changed
    assert changed - cites - {f"cite/site.{f}" for f in FORMATS} == {"events.json", "events.ics", "feed.xml"}
    assert json.loads(edited["events.json"])["events"][0]["updated"] == e.updated.isoformat()


def test_no_site_url_skips_exports_with_a_warning(tmp_path):
    result = build_here(make_project(tmp_path / "p", config_changes={"site_url": None}), check=False)
    assert result.returncode != 0  # --strict counts the warning
    assert [line for line in result.lines if not line.startswith("INFO")] == [
        "Aborted with 1 warnings in strict mode!",
        "WARNING -  site_url is not set, so the data exports (events.json, events.ics, feed.xml, ...) were not built: "
        "their records carry permanent absolute URLs"]


# --- hostile text stays inert ------------------------------------------------------------------

HOSTILE = '</title><img src=x onerror="window.__pwned=1"> & <![CDATA[ ]]> "q"; a,b\\c'
# Newlines are allowed in text fields: they must not start new iCalendar lines or entries.
HOSTILE_SUMMARY = HOSTILE + "\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil@example.org\nSUMMARY:injected"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("hostile"))
    events = project / "data" / "events.yml"
    text = events.read_text(encoding="utf-8")
    text = text.replace("title: Abe and Putin meet in Sochi", "title: " + json.dumps(HOSTILE))
    text = text.replace("summary: The two leaders meet for over three hours.", "summary: " + json.dumps(HOSTILE_SUMMARY))
    events.write_text(text, encoding="utf-8")
    return build(project)


def test_hostile_text_round_trips_in_json_and_never_appears_raw(hostile_site):
    site = hostile_site.site
    raw = (site / "events.json").read_text(encoding="utf-8")
    assert "<img" not in raw and "</title>" not in raw  # \u003c-escaped: safe to inline in HTML
    event = {e["id"]: e for e in validate(site, "events.json")["events"]}["sochi-summit-2016"]
    assert event["title"] == HOSTILE and event["summary"] == HOSTILE_SUMMARY


def test_hostile_text_round_trips_in_the_calendar(hostile_site):
    evs = vevents(hostile_site.site)
    assert "evil@example.org" not in evs and len(evs) == 4
    ev = evs["sochi-summit-2016@example.org"]
    assert str(ev["SUMMARY"]) == HOSTILE
    assert str(ev["DESCRIPTION"]).startswith(HOSTILE_SUMMARY + "\n\n")


def test_hostile_text_round_trips_in_the_feed(hostile_site):
    raw = (hostile_site.site / "feed.xml").read_bytes()
    assert b"<img" not in raw
    feed = feedparser.parse(raw)
    assert not feed.bozo
    entry = next(e for e in feed.entries if e.id.endswith("/sochi-summit-2016/"))
    assert entry.title == HOSTILE
    assert entry.summary == f"6 May 2016: {HOSTILE_SUMMARY}"


def test_hostile_text_is_escaped_html_in_timelinejs(hostile_site):
    data = load(hostile_site.site, "timeline.json")
    slide = next(s for s in data["events"] if s["unique_id"] == "sochi-summit-2016")
    headline, body = slide["text"]["headline"], slide["text"]["text"]
    assert "<img" not in headline and "<img" not in body  # TimelineJS inserts these as HTML
    assert html.unescape(headline) == HOSTILE
    assert str(escape(HOSTILE)) in body  # the same escaping as Jinja2 autoescape


# --- the Data and reuse page documents what is published ------------------------------------------

@pytest.mark.parametrize("name", ["events", "actors", "quotes"])
def test_data_page_names_every_field_of_every_json_export(real_site, name):
    page = (ROOT / "docs" / "data-and-reuse.md").read_text(encoding="utf-8")
    schema = load(real_site.site, f"schemas/{name}.schema.json")
    record = schema["$defs"][name[:-1]]["properties"]
    date = schema["$defs"]["date"]["properties"]
    source = schema["$defs"]["source"]["properties"]
    missing = [f for f in [*schema["properties"], *record, *date, *source] if f"`{f}`" not in page]
    assert missing == [], f"docs/data-and-reuse.md does not mention {missing}"


def test_data_page_links_to_every_export(real_site):
    html_text = real_site.html("data-and-reuse/")
    for name in EXPORTS:
        assert f'href="../{name}"' in html_text, name


def test_a_docs_file_that_clashes_with_an_export_is_an_error(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "docs" / "events.json").write_text("{}", encoding="utf-8")
    result = build_here(project, check=False)
    assert result.returncode != 0
    assert result.lines == ["Aborted with a BuildError!", "ERROR   -  1 problem in the data; nothing was built:",
                            "  docs/events.json: clashes with an export generated from the data; rename or remove it"]
