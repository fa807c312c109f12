"""The print briefing: an event page, the plan and the timeline printed to PDF by Chromium
(Playwright's ``page.pdf()``), read back with pypdf. Clean pages (no navigation, search,
filters or buttons), links to other pages as numbered notes with absolute addresses, the
sources at the end, and nothing cut across a page break that fits on one page.

Also :mod:`explainer_core.pages.printnotes` on its own, and on the hostile fixture.
"""

from __future__ import annotations

import io
import re
import unicodedata

import lxml.html
import pytest
from markupsafe import Markup
from pypdf import PdfReader

from explainer_core import load_dataset
from explainer_core.pages.printnotes import annotate
from support.project import ROOT

BASE = "https://example.org/new-approach/"
A4 = {"format": "A4", "margin": {"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"}}
# What a printed page must not show: the theme's header, search, navigation, footer and buttons,
# the timeline's filters and the download links.
CHROME = ["Skip to content", "Search", "Previous event", "Next event", "Show only events with",
          "Browse by actor, theme or plan area", "For a reference manager", "Made with", "Back to top"]


def squash(text: str) -> str:
    """Text as compared here: ligatures undone (NFKC), without white space, which a PDF puts
    wherever a line wraps (even inside a URL)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def prose(pdf_text: str) -> str:
    """Printed text without its note and source numbers ("plan[8].[1]"), to compare with the data."""
    return re.sub(r"\[\d+\]", "", pdf_text)


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT / "data", root=ROOT)


@pytest.fixture(scope="module")
def printed(browser, real_server):
    """path -> the list of its printed pages' text (each squashed), printed once per module."""
    cache: dict[str, list[str]] = {}

    def pdf(path: str) -> list[str]:
        if path not in cache:
            page = browser.new_page()
            try:
                page.goto(real_server.url(path), wait_until="networkidle")
                data = page.pdf(**A4)
            finally:
                page.close()
            cache[path] = [squash(p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]
            assert cache[path], f"{path}: an empty PDF"
        return cache[path]
    return pdf


PAGES = {"event": "events/sochi-summit-2016/", "plan": "plan/", "timeline": "timeline/"}


@pytest.mark.parametrize("name", PAGES)
def test_printed_pages_have_no_navigation_or_buttons(printed, name):
    text = "".join(printed(PAGES[name]))
    shown = [c for c in CHROME if squash(c) in text]
    assert shown == []


def test_event_briefing(printed, dataset):
    e = next(e for e in dataset.events if e.id == "sochi-summit-2016")
    pages = printed(PAGES["event"])
    assert 1 <= len(pages) <= 6, len(pages)
    text = "".join(pages)
    for part in (e.title, e.summary, e.date.display(), "Sources", "Cite this page", "Links on this page"):
        assert squash(part) in prose(text), part
    for q in e.quotes:  # each quote whole, on one page
        assert any(squash(q.text) in prose(p) for p in pages), q.id
    notes = text[text.index(squash("Links on this page")):]
    for a in e.actor_records:  # every link to another page is written out, absolute, at the end
        assert squash(f"{BASE}actors/{a.id}/") in notes, a.id
        # ...and the link carries its note's number in the text: "Shinzo Abe[3]"
        assert re.search(re.escape(squash(a.name)) + r"\[\d+\]", text[:text.index(squash("Links on this page"))]), a.id
    for s in e.source_records:  # the sources end the briefing: in the Sources list and the notes
        assert squash(s.url) in text[text.index(squash("Sources")):] and squash(s.url) in notes
    assert squash(f"{BASE}events/{e.id}/") in text  # the permanent URL, in "Cite this page"


def test_plan_briefing_ends_with_its_sources(printed, dataset):
    pages = printed(PAGES["plan"])
    assert 2 <= len(pages) <= 25, len(pages)
    text = "".join(pages)
    for p in dataset.plan_areas:
        assert squash(f"{p.number}. {p.title}") in text
        for d in p.developments:
            assert squash(d["summary"]) in prose(text)
    notes = text[text.index(squash("Links on this page")):]
    cited = {s for p in dataset.plan_areas for s in p.source_records}
    assert cited and all(squash(s.url) in notes for s in cited)


def test_timeline_prints_every_event_whole(printed, dataset):
    pages = printed(PAGES["timeline"])
    n = len(dataset.events)
    assert n // 10 <= len(pages) <= n // 2, (len(pages), n)
    for e in dataset.events:  # each event's entry (title and summary) on one page, not cut in two
        assert any(squash(e.title) in prose(p) and squash(e.summary) in prose(p) for p in pages), e.id
    notes = "".join(pages)
    notes = notes[notes.index(squash("Links on this page")):]
    assert all(squash(f"{BASE}events/{e.id}/") in notes for e in dataset.events)


# --- printnotes on its own ------------------------------------------------------------------------------

def test_annotate_numbers_links_to_other_pages_once_each():
    page = ('<p><a href="../../actors/abe/">Abe</a> and <a href="../../actors/abe/">Abe again</a>, '
            '<a href="#here">here</a>, <a href="./#top">top</a>, <a href="https://x.org/">out</a>, '
            '<a class="jr-permalink" href="../../quotes/#q">#</a>, <a href="../../plan/#area-energy">energy</a></p>\n'
            '<svg><a href="../../events/x/"><circle r="1"/></a><svg><a href="../../events/y/"></a></svg></svg>\n'
            '<div class="jr-filter-box"><div><a href="../../actors/putin/">Putin</a></div></div>\n'
            '<nav class="jr-prevnext"><a href="../prev/">prev</a></nav>'
            '<p><a href="../../sources/#source-s">source</a></p>')
    out = annotate(page, "events/sochi/", BASE, lambda url: Markup("THE SOURCE") if url.endswith("#source-s") else None)
    doc = lxml.html.fromstring(f"<div>{out}</div>")
    noted = [(a.text, a.get("data-note")) for a in doc.iter("a") if a.get("data-note")]
    assert noted == [("Abe", "1"), ("Abe again", "1"), ("energy", "2"), ("source", "3")]
    # the number is an attribute of the link: no element is added to the page for print
    assert '<a href="../../actors/abe/" data-note="1">Abe</a> and' in out
    notes_section = doc.cssselect("section.jr-print-notes")[0]
    assert len(doc.xpath("//*")) - len(notes_section.xpath("descendant-or-self::*")) == len(
        lxml.html.fromstring(f"<div>{page}</div>").xpath("//*"))
    items = [li.text_content() for li in doc.cssselect("section.jr-print-notes li")]
    assert items == [f"{BASE}actors/abe/", f"{BASE}plan/#area-energy", "THE SOURCE"]
    assert doc.cssselect("section.jr-print-notes")[0].get("data-search-exclude") is not None
    assert annotate('<p><a href="#x">x</a></p>', "a/", BASE) == '<p><a href="#x">x</a></p>'  # nothing to note


def test_hostile_source_titles_are_escaped_in_the_notes(hostile_site):
    ds = load_dataset(hostile_site.project / "data", root=hostile_site.project)
    seen = 0
    for path in ("plan/", *(f"events/{e.id}/" for e in ds.events)):
        doc = lxml.html.fromstring(hostile_site.html(path))
        for section in doc.cssselect("section.jr-print-notes"):
            assert not section.cssselect("script, img, iframe, svg, style, a")
            text = section.text_content()
            seen += sum(1 for s in ds.sources if f"{s.title}" in text)
    assert seen > 0


@pytest.mark.parametrize("page", ["", "events/x/", "timeline/2016/2/", "events/x.html", "index.html"])
def test_note_addresses_are_what_urljoin_gives(page):
    from urllib.parse import urljoin

    from explainer_core.pages.printnotes import _resolve
    for target in ["../../actors/abe/", "./", ".", "x/#f", "../plan/#area-1", "?plan=x", "../timeline/?plan=e#f",
                   "cite.bib", "sub/page.html", "../"]:
        expected = urljoin(BASE + page, target)
        if expected.startswith(BASE):  # our links never leave the site; _resolve stops at its root
            assert _resolve(BASE, page, target) == expected, target
