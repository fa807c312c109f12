"""Build the minimal fixture for real and check the generated pages."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from explainer_core import schema
from support.project import ROOT, build, build_here, make_project

FIXTURE_EVENTS = ["abe-returns-2012", "sochi-summit-2016", "year-end-visit", "putin-visits-japan-2016"]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if "id" in a:
            self.ids.add(a["id"])


def parse(html: str) -> Links:
    p = Links()
    p.feed(html)
    return p


@pytest.mark.parametrize("url", [
    "timeline/", "plan/", "quotes/", "sources/", "actors/", "reference/data/",
    *[f"events/{e}/" for e in FIXTURE_EVENTS],
    *[f"actors/{a}/" for a in ["shinzo-abe", "vladimir-putin", "japan", "russia"]],
])
def test_generated_pages_exist_at_their_permanent_urls(minimal_site, url):
    assert (minimal_site.site / url / "index.html").is_file()


def test_event_page_content(minimal_site):
    html = minimal_site.html("events/sochi-summit-2016/")
    assert "<h1" in html and "Abe and Putin meet in Sochi" in html
    assert '<time datetime="2016-05-06" data-precision="day">6 May 2016</time>' in html
    links = parse(html).links
    assert "../../actors/shinzo-abe/" in links and "../../actors/vladimir-putin/" in links
    assert "../../plan/#area-energy" in links
    assert "../../quotes/#quote-abe-breakthrough" in links
    assert "https://thediplomat.com/2016/06/japans-new-approach-to-russia/" in links
    # chronological neighbours
    assert "../abe-returns-2012/" in links and "../year-end-visit/" in links
    # Markdown field rendered as Markdown
    assert "<strong>over three hours</strong>" in html


def test_planned_event_shows_its_outcome_and_the_later_event_links_back(minimal_site):
    planned = minimal_site.html("events/year-end-visit/")
    assert "Planned at the time of writing" in planned
    assert "Putin visited in December 2016." in planned
    assert "../putin-visits-japan-2016/" in parse(planned).links
    later = minimal_site.html("events/putin-visits-japan-2016/")
    assert "../year-end-visit/" in parse(later).links
    assert "15–16 December 2016" in later


def test_actor_page_lists_events_and_quotes(minimal_site):
    html = minimal_site.html("actors/shinzo-abe/")
    links = parse(html).links
    for e in ["abe-returns-2012", "sochi-summit-2016", "putin-visits-japan-2016"]:
        assert f"../../events/{e}/" in links
    assert "I have a sense that we are moving toward a breakthrough" in html
    assert '<span lang="ja">安倍晋三</span>' in html


def test_timeline_lists_every_event_in_order(minimal_site):
    html = minimal_site.html("timeline/")
    positions = [html.index(f'href="../events/{e}/"') for e in FIXTURE_EVENTS]
    assert positions == sorted(positions)
    assert "late 2016" in html and "December 2012" in html


def test_per_item_pages_stay_out_of_the_nav(minimal_site):
    html = minimal_site.html("")
    nav = re.findall(r'<a href="([^"]*)" class="md-nav__link', html)
    assert "timeline/" in nav and "actors/" in nav
    assert not [u for u in nav if u.startswith("events/") or u.startswith("actors/") and u != "actors/"]


def test_quote_anchors_exist(minimal_site):
    assert "quote-abe-breakthrough" in parse(minimal_site.html("quotes/")).ids


def test_data_reference_matches_the_schema(minimal_site):
    html = minimal_site.html("reference/data/")
    for coll in schema.COLLECTIONS:
        for row in schema.reference_rows(coll):
            assert f"<code>{row.path}</code>" in html, row.path
    assert "(Markdown)" in html


def test_generated_pages_never_touch_docs(tmp_path):
    project = make_project(tmp_path / "p")
    before = sorted(p.relative_to(project) for p in (project / "docs").rglob("*"))
    build(project)
    assert sorted(p.relative_to(project) for p in (project / "docs").rglob("*")) == before


def _digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_builds_are_byte_identical(tmp_path):
    # Two projects in different folders, built separately: every output byte must match.
    # (The sitemap's <lastmod> follows SOURCE_DATE_EPOCH, which the tests and Makefile pin.)
    a = build(make_project(tmp_path / "a"))
    b = build(make_project(tmp_path / "b"))
    da, db = _digest(a.site), _digest(b.site)
    assert da.keys() == db.keys()
    assert [k for k in da if da[k] != db[k]] == []


def test_real_site_builds_strictly(tmp_path):
    result = build(make_project(tmp_path / "real", ROOT, real_docs=True))
    assert "WARNING" not in result.output
    assert (result.site / "timeline" / "index.html").is_file()


@pytest.mark.parametrize("url, index_href", [
    ("events/sochi-summit-2016/", "../../timeline/"),
    ("actors/shinzo-abe/", "../"),
])
def test_per_item_pages_highlight_their_listing_page_in_the_nav(minimal_site, url, index_href):
    html = minimal_site.html(url)
    active = re.findall(r'<li class="md-nav__item md-nav__item--active">\s*<a href="([^"]*)"', html)
    assert active == [index_href]


def test_listing_highlight_does_not_leak_to_other_pages(minimal_site):
    # The index is marked active only while its own records render.
    html = minimal_site.html("quotes/")
    active = re.findall(r'<li class="md-nav__item md-nav__item--active">\s*<a href="([^"]*)"', html)
    assert "../timeline/" not in active and "../actors/" not in active


@pytest.mark.parametrize("url", ["", "timeline/", "events/sochi-summit-2016/"])
def test_every_page_advertises_the_atom_feed(minimal_site, url):
    html = minimal_site.html(url)
    hrefs = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]*)"', html)
    assert len(hrefs) == 1
    page_dir = minimal_site.site / url
    assert (page_dir / hrefs[0]).resolve() == (minimal_site.site / "feed.xml").resolve()


def test_a_renamed_plan_area_keeps_its_old_anchor(tmp_path):
    project = make_project(tmp_path / "p")
    plan = project / "data" / "plan_areas.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("- id: energy\n", "- id: energy-cooperation\n  aliases: [energy]\n"),
                    encoding="utf-8")
    events = project / "data" / "events.yml"
    events.write_text(events.read_text(encoding="utf-8").replace("plan_areas: [energy]", "plan_areas: [energy-cooperation]"),
                      encoding="utf-8")
    site = build(project)
    ids = parse(site.html("plan/")).ids
    assert {"area-energy-cooperation", "area-energy"} <= ids
    html = site.html("plan/")
    assert html.index('id="area-energy"') < html.index('id="area-energy-cooperation"')


# --- generated pages are HTML, but MkDocs treats them as it treats hand-written ones ---------

HAND_WRITTEN = """---
updated: 2020-01-01
---

# Hand-written

## Sources

Text.

## Who was involved

[An event](events/sochi-summit-2016.md#who-was-involved) and
[its place on the timeline](timeline.md#event-sochi-summit-2016).
"""


@pytest.fixture(scope="module")
def with_hand_page(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("hand"))
    (project / "docs" / "hand.md").write_text(HAND_WRITTEN, encoding="utf-8")
    return build(project)


def _headings(html: str) -> dict[str, str]:
    """Each h2 of the page content, by its text: the element exactly as written."""
    return {m[2]: m[0] for m in re.finditer(r'<h2 id="([^"]*)">([^<]*)<a class="headerlink"[^>]*>[^<]*</a></h2>', html)}


def test_generated_headings_and_permalinks_match_what_markdown_writes(with_hand_page):
    hand = _headings(with_hand_page.html("hand/"))
    generated = _headings(with_hand_page.html("events/sochi-summit-2016/"))
    assert hand.keys() == {"Sources", "Who was involved"}
    for text, element in hand.items():
        assert generated[text] == element


def _toc(html: str) -> list[str]:
    """The theme's table of contents (the secondary nav): its links, in order."""
    toc = html.split('<nav class="md-nav md-nav--secondary"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="(#[^"]*)" class="md-nav__link">', toc)


def test_generated_pages_get_the_themes_table_of_contents(with_hand_page):
    html = with_hand_page.html("events/sochi-summit-2016/")
    h2_ids = re.findall(r'<h2 id="([^"]*)">', html)
    assert len(h2_ids) >= 3
    assert _toc(html) == [f"#{i}" for i in h2_ids]  # as for the hand-written page:
    assert _toc(with_hand_page.html("hand/")) == ["#sources", "#who-was-involved"]


def test_links_from_hand_written_pages_to_generated_anchors_are_validated(with_hand_page, tmp_path):
    assert "WARNING" not in with_hand_page.output  # both anchors above exist: strict passes
    project = make_project(tmp_path / "p")
    (project / "docs" / "hand.md").write_text(HAND_WRITTEN.replace("#event-sochi-summit-2016", "#event-nope"),
                                              encoding="utf-8")
    result = build(project, check=False)
    assert result.returncode != 0
    assert ("WARNING -  Doc file 'hand.md' contains a link 'timeline.md#event-nope', but the doc 'timeline.md' "
            "does not contain an anchor '#event-nope'.") in result.output.splitlines()


def test_search_indexes_generated_pages_by_heading(with_hand_page):
    index = json.loads((with_hand_page.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    assert docs["events/sochi-summit-2016/#who-was-involved"]["title"] == "Who was involved"
    assert "Shinzo Abe" in docs["events/sochi-summit-2016/#who-was-involved"]["text"]
    assert docs["hand/#who-was-involved"]["title"] == "Who was involved"


@pytest.mark.parametrize("breakage", ["none", "bad data", "a docs page clashing", "a strict warning"])
def test_a_build_in_this_process_logs_what_the_command_prints(tmp_path, breakage):
    """build_here (the tests' in-process build) against ``mkdocs build --strict``: the same exit
    status and the same log lines, for a good build, bad data, a clash and a strict warning."""
    project = make_project(tmp_path / "p")
    events = project / "data" / "events.yml"
    if breakage == "bad data":
        events.write_text(events.read_text(encoding="utf-8").replace("era: sochi", "era: soch"), encoding="utf-8")
    elif breakage == "a docs page clashing":
        (project / "docs" / "timeline.md").write_text("---\nupdated: 2020-01-01\n---\n\n# Mine\n", encoding="utf-8")
    elif breakage == "a strict warning":
        (project / "docs" / "index.md").write_text("---\nupdated: 2020-01-01\n---\n\n# Home\n\n[gone](nowhere.md)\n", encoding="utf-8")
    command, here = build(project, check=False), build_here(project, check=False)
    timing = re.compile(r"Documentation built in [0-9.]+ seconds")
    assert (here.returncode, [timing.sub("", line) for line in here.lines]) == \
        (command.returncode, [timing.sub("", line) for line in command.lines])
    assert (command.returncode == 0) == (breakage == "none")
