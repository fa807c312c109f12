"""Citations for reference managers, each read back by a real reader: bibtexparser (with
pylatexenc decoding the LaTeX), rispy, and the CSL processor citeproc-py.

No Python package ships the CSL-JSON schema (citeproc-py 0.11.1 ships the CSL *style* schema
only), so the CSL-JSON files are checked by a processor instead: citeproc-py refuses any
variable that is not CSL's, and renders each item with its bundled Harvard style.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pylatexenc import latex2text

from explainer_core import load_dataset
from explainer_core.model import freshness
from explainer_core.pages.render import Renderer
from explainer_core.publish.citations import FORMATS, one_line
from explainer_core.publish.exports import build_exports
from support.project import ROOT, make_project

BASE = "https://example.org/new-approach/"
SITE_NAME = 'Japan\'s "new approach" to Russia'  # mkdocs.yml's site_name, quote and all


# --- readers ------------------------------------------------------------------------------------

def _decoder() -> latex2text.LatexNodes2Text:
    """pylatexenc's LaTeX-to-text, except that ``\\textasciicircum`` is the ASCII ``^`` LaTeX prints
    (pylatexenc 2.11 gives U+02C6, a modifier letter)."""
    db = latex2text.get_default_latex_context_db()  # a fresh copy on each call
    db.add_context_category("ascii-circumflex", macros=[latex2text.MacroTextSpec("textasciicircum", "^")],
                            prepend=True)
    return latex2text.LatexNodes2Text(latex_context=db, math_mode="verbatim")


def read_bib(text: str) -> list:
    lib = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware(decoder=_decoder())])
    assert not lib.failed_blocks, [b.error for b in lib.failed_blocks]
    assert not lib.comments and not lib.strings and not lib.preambles, "text outside the entries"
    return lib.entries


def fields(entry) -> dict[str, str]:
    return {f.key: f.value for f in entry.fields}


def read_ris(path: Path) -> list[dict]:
    return rispy.load(path, encoding="utf-8")


def render_csl(items: list[dict]) -> list[str]:
    """Each item as citeproc-py renders it in its bundled Harvard style (plain text). It warns
    about a variable CSL does not define; here that is an error."""
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        source = CiteProcJSON(items)
    bib = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bib.bibliography()]


def day(ymd: dt.date) -> dict:
    return {"date-parts": [[ymd.year, ymd.month, ymd.day]]}


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT / "data", root=ROOT)


@pytest.fixture(scope="module")
def site_day(dataset) -> dt.date:
    """The site's last-updated day: the latest `updated` of any record."""
    return max(r.updated for coll in dataset.by_id.values() for r in coll.values())


@pytest.fixture(scope="module")
def page_days(real_site, dataset) -> dict[str, dt.date]:
    """Each event page's "Last updated" day, as the built page shows it."""
    found = {}
    for e in dataset.events:
        html = real_site.html(f"events/{e.id}/")
        m = re.search(r'class="jr-updated">Last updated: <time datetime="([0-9-]+)"', html)
        assert m, e.id
        found[e.id] = dt.date.fromisoformat(m.group(1))
    return found


# --- the files are published and linked ------------------------------------------------------------

def test_every_citation_file_is_published(real_site, dataset):
    site = real_site.site
    for fmt in FORMATS:
        assert (site / "cite" / f"site.{fmt}").stat().st_size > 0
        assert (site / "cite" / f"events.{fmt}").stat().st_size > 0
    published = sorted(p.relative_to(site).as_posix() for p in site.glob("events/*/cite.*"))
    assert published == sorted(f"events/{e.id}/cite.{fmt}" for e in dataset.events for fmt in FORMATS)


def test_event_page_links_its_citation_files(real_site):
    page = real_site.html("events/sochi-summit-2016/")
    for fmt, label in (("bib", "BibTeX"), ("ris", "RIS"), ("json", "CSL-JSON")):
        assert f'<a href="cite.{fmt}" download type="' in page and f">{label}</a>" in page
        assert (real_site.site / "events" / "sochi-summit-2016" / f"cite.{fmt}").is_file()


# --- BibTeX -------------------------------------------------------------------------------------------

def test_bibtex_of_every_event_parses_with_the_pages_url_and_date(real_site, dataset, page_days):
    entries = read_bib((real_site.site / "cite" / "events.bib").read_text(encoding="utf-8"))
    assert [e.key for e in entries] == [e.id for e in dataset.events]
    for entry, event in zip(entries, dataset.events):
        f = fields(entry)
        assert entry.entry_type == "online"
        assert f["title"] == event.title and f["author"] == SITE_NAME and f["organization"] == SITE_NAME
        assert f["url"] == f"{BASE}events/{event.id}/"
        shown = page_days[event.id]  # the date the page itself shows
        assert f["date"] == f["urldate"] == shown.isoformat() and f["year"] == str(shown.year)
        assert f["abstract"] == one_line(event.summary)
        assert f["note"] == f"Event date: {event.date.display()}."


def test_each_events_own_file_is_its_entry_of_the_whole(real_site, dataset):
    site = real_site.site
    for fmt in FORMATS:
        whole = (site / "cite" / f"events.{fmt}").read_bytes()
        for e in dataset.events:
            own = (site / "events" / e.id / f"cite.{fmt}").read_bytes()
            if fmt == "json":
                assert json.loads(own)[0] == next(i for i in json.loads(whole) if i["id"] == e.id)
            else:
                assert own.strip() in whole


def test_the_site_cites_itself(real_site, site_day):
    [entry] = read_bib((real_site.site / "cite" / "site.bib").read_text(encoding="utf-8"))
    f = fields(entry)
    assert entry.key == "site:example-org-new-approach"
    assert (f["title"], f["author"], f["url"], f["urldate"]) == (SITE_NAME, SITE_NAME, BASE, site_day.isoformat())
    [record] = read_ris(real_site.site / "cite" / "site.ris")
    assert (record["type_of_reference"], record["title"], record["urls"]) == ("ELEC", SITE_NAME, [BASE])
    [item] = json.loads((real_site.site / "cite" / "site.json").read_text(encoding="utf-8"))
    assert (item["type"], item["title"], item["URL"], item["issued"]) == ("webpage", SITE_NAME, BASE, day(site_day))


# --- RIS -------------------------------------------------------------------------------------------------

def test_ris_of_every_event_parses_with_the_pages_url_and_date(real_site, dataset, page_days):
    raw = (real_site.site / "cite" / "events.ris").read_bytes()
    assert all(line.endswith(b"\r") for line in raw.split(b"\n")[:-1]), "RIS lines end in CRLF"
    records = read_ris(real_site.site / "cite" / "events.ris")
    assert [r["id"] for r in records] == [e.id for e in dataset.events]
    for r, event in zip(records, dataset.events):
        assert r["type_of_reference"] == "ELEC"
        assert r["title"] == event.title and r["authors"] == [SITE_NAME] and r["secondary_title"] == SITE_NAME
        assert r["urls"] == [f"{BASE}events/{event.id}/"]
        shown = page_days[event.id]
        assert r["year"] == str(shown.year)
        assert r["date"] == r["access_date"] == shown.strftime("%Y/%m/%d")
        assert r["abstract"] == one_line(event.summary)
        assert r["notes"] == [f"Event date: {event.date.display()}."]


# --- CSL-JSON --------------------------------------------------------------------------------------------

def test_csl_json_renders_in_a_csl_processor(real_site, dataset, page_days):
    items = json.loads((real_site.site / "cite" / "events.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in items] == [e.id for e in dataset.events]
    rendered = render_csl(items)  # citeproc-py raises on any variable CSL does not define
    assert len(rendered) == len(items)
    for item, text, event in zip(items, rendered, dataset.events):
        assert item["type"] == "webpage" and item["author"] == [{"literal": SITE_NAME}]
        assert item["title"] == event.title and item["container-title"] == SITE_NAME
        shown = page_days[event.id]
        assert item["issued"] == item["accessed"] == day(shown)
        assert event.title in text and item["URL"] in text and f"({shown.year})" in text


def test_csl_processor_refuses_a_variable_that_is_not_csl():
    """The check above can fail: citeproc-py knows CSL's variables."""
    with pytest.raises(UserWarning, match="unsupported: headline"):
        render_csl([{"id": "x", "type": "webpage", "title": "T", "headline": "not CSL"}])


# --- the last-updated date and renamed events, from the core ------------------------------------------------

def _files(project: Path) -> dict[str, bytes]:
    r = Renderer(load_dataset(project / "data", root=project), site_url=BASE, site_name=SITE_NAME)
    return build_exports(r)


def test_updated_is_the_citation_date_and_the_latest_dates_the_site(tmp_path):
    project = make_project(tmp_path / "p")
    events = project / "data" / "events.yml"
    text = events.read_text(encoding="utf-8")
    text, n = re.subn(r"(- id: sochi-summit-2016\n)  updated: [0-9-]+\n", r"\1  updated: 2026-03-01\n  aliases: [sochi-2016]\n", text)
    assert n == 1
    events.write_text(text, encoding="utf-8")
    out = _files(project)
    [sochi] = read_bib(out["events/sochi-summit-2016/cite.bib"].decode())
    assert fields(sochi)["urldate"] == fields(sochi)["date"] == "2026-03-01"  # newer than all it shows
    [item] = json.loads(out["events/sochi-summit-2016/cite.json"])
    assert item["issued"] == item["accessed"] == day(dt.date(2026, 3, 1))
    ds = load_dataset(project / "data", root=project)
    other = ds.get("events", "abe-returns-2012")
    [cited] = read_bib(out["events/abe-returns-2012/cite.bib"].decode())
    assert other is not None
    expected = freshness.latest(freshness.event_records(other))  # what its page shows as Last updated
    assert expected is not None and fields(cited)["urldate"] == expected.isoformat() != "2026-03-01"  # its own page's day
    [site] = read_bib(out["cite/site.bib"].decode())
    assert fields(site)["urldate"] == "2026-03-01"  # the site: its latest `updated`
    # A renamed event's old citation files keep working, and cite the new page.
    for fmt in FORMATS:
        assert out[f"events/sochi-2016/cite.{fmt}"] == out[f"events/sochi-summit-2016/cite.{fmt}"]
    assert f"{BASE}events/sochi-summit-2016/" in out["events/sochi-2016/cite.ris"].decode()


def test_same_data_same_bytes(tmp_path):
    project = make_project(tmp_path / "p")
    first = {k: v for k, v in _files(project).items() if "cite" in k}
    assert first and first == {k: v for k, v in _files(project).items() if "cite" in k}


# --- hostile text round-trips and injects nothing ---------------------------------------------------------

def _hostile_events(hostile_site) -> list:
    return load_dataset(hostile_site.project / "data", root=hostile_site.project).events


def test_hostile_titles_round_trip_in_bibtex(hostile_site):
    events = _hostile_events(hostile_site)
    entries = read_bib((hostile_site.site / "cite" / "events.bib").read_text(encoding="utf-8"))
    assert [e.key for e in entries] == [e.id for e in events]  # nothing injected, nothing lost
    for entry, event in zip(entries, events):
        assert fields(entry)["title"] == one_line(event.title)
        assert fields(entry)["abstract"] == one_line(event.summary)
    assert any(c in e.title for e in events for c in "\\{}#$%&~_^"), "the fixture tests TeX's specials"


def test_hostile_titles_round_trip_in_ris(hostile_site):
    events = _hostile_events(hostile_site)
    path = hostile_site.site / "cite" / "events.ris"
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    assert all(line == "" or line[:2].isalnum() and line[2:6] == "  - " for line in lines), "one tag per line"
    records = read_ris(path)
    assert [r["id"] for r in records] == [e.id for e in events]
    for r, event in zip(records, events):
        assert r["title"] == one_line(event.title) and r["abstract"] == one_line(event.summary)


def test_hostile_titles_round_trip_exactly_in_csl_json(hostile_site):
    events = _hostile_events(hostile_site)
    raw = (hostile_site.site / "cite" / "events.json").read_text(encoding="utf-8")
    assert "<" not in raw and ">" not in raw  # \u003c-escaped, like every JSON export
    items = json.loads(raw)
    assert [(i["title"], i["abstract"]) for i in items] == [(e.title, e.summary) for e in events]
    for text, event in zip(render_csl(items), events):
        assert event.title in text


def test_only_line_breaks_change_in_bibtex_and_ris(hostile_site):
    """What one_line changes, and nothing else: every hostile title without a line break is
    exactly itself in all three formats (checked above); with one, the break is a space."""
    events = _hostile_events(hostile_site)
    changed = [e.title for e in events if one_line(e.title) != e.title]
    assert changed and all("\u2028" in t or "\n" in t for t in changed)
    assert one_line("line\u2028separator and paragraph\u2029separator") == "line separator and paragraph separator"
