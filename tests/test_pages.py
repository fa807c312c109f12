"""The reader-facing pages: build a real site and check the structure of every page type.

The "rich" site is the minimal fixture plus a few May–June 2016 events (so the timeline
picture gets its enlarged panel) and one event whose text is hostile HTML, which must come
out escaped everywhere: page body, attributes, JSON-LD and the picture.
"""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import lxml.html
import pytest

from explainer_core.data.dates import FuzzyDate
from explainer_core.pages import svg, views
from support.engines import ENGINES, require_engine
from support.project import build, make_project, resolve

SITE_URL = "https://example.org/new-approach/"
HOSTILE_TITLE = 'Talks </script><script>alert("x")</script> & \'more\''
HOSTILE_SUMMARY = 'A "summary" with <b>tags</b> & </script> in it.'

EXTRA_EVENTS = f"""
- id: trutnev-visit-2016
  updated: 2020-01-01
  title: Trutnev's delegation visits Japan
  date: 2016-05-16
  era: sochi
  summary: A Russian delegation proposes projects in Japan.
  actors: [vladimir-putin]
  themes: [diplomacy]
  sources: [diplomat-2016]
- id: energy-proposals-2016
  updated: 2020-01-01
  title: Energy proposals
  date: 2016-05/2016-06
  era: sochi
  summary: Proposals on energy.
  plan_areas: [energy]
  sources: [diplomat-2016]
- id: forum-planned-2016
  updated: 2020-01-01
  title: Abe to attend a forum
  date: 2016-09
  era: sochi
  status: planned
  summary: Abe is due at a forum in September.
  outcome:
    summary: He went.
    sources: [dw-2016]
  sources: [diplomat-2016]
- id: hostile-2016
  updated: 2020-01-01
  title: {json.dumps(HOSTILE_TITLE)}
  date: 2016-06-08
  era: sochi
  place: sochi
  summary: {json.dumps(HOSTILE_SUMMARY)}
  actors: [shinzo-abe]
  sources: [diplomat-2016]
"""

EXTRA_SOURCES = """
- id: dw-2016
  updated: 2020-01-01
  title: A later report
  url: https://www.dw.com/en/example/a-1
  publisher: DW
"""

# Chronological order of every event in the rich site.
ORDER = ["abe-returns-2012", "energy-proposals-2016", "sochi-summit-2016", "trutnev-visit-2016",
         "hostile-2016", "forum-planned-2016", "year-end-visit", "putin-visits-japan-2016"]


# A second plan point: renamed (its old id kept as an alias), mapped from two of the
# article's areas, with dated developments (one naming an event, one with hostile text).
HOSTILE_DEVELOPMENT = 'Clinic <img src=x onerror=alert(1)> & "opens"'
EXTRA_PLAN_AREAS = f"""
- id: healthy-life-expectancy
  updated: 2020-01-01
  aliases: [healthcare]
  number: 2
  title: Extending healthy life expectancies
  article_areas: [healthcare, medicine]
  sources: [diplomat-2016]
  developments:
    - date: 2016-12
      summary: Six agreements on medicine are signed.
      event: putin-visits-japan-2016
      sources: [dw-2016]
    - date: 2018-05
      summary: {json.dumps(HOSTILE_DEVELOPMENT)}
      sources: [diplomat-2016, dw-2016]
"""


@pytest.fixture(scope="module", params=["mkdocs", *(pytest.param(name, marks=pytest.mark.engines) for name in ENGINES)])
def site(request, tmp_path_factory):
    """The rich site, built by MkDocs and by each maintained successor (tests/support/engines.py):
    every page-structure check below runs on each engine's pages."""
    engine = None if request.param == "mkdocs" else require_engine(request.param)
    project = make_project(tmp_path_factory.mktemp(f"rich-{request.param}"))
    for name, extra in (("events", EXTRA_EVENTS), ("sources", EXTRA_SOURCES), ("plan_areas", EXTRA_PLAN_AREAS)):
        path = project / "data" / f"{name}.yml"
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    if engine is None:
        return build(project)
    return build(project, *engine.build_args, command=engine.build_command)


def page(site, url: str):
    return lxml.html.fromstring(site.html(url))


def href(a) -> str:
    """A link's target; SVG links carry it in xlink:href."""
    return a.get("href") or a.get("xlink:href")


def hrefs(root, selector: str, from_url: str) -> list[str]:
    return [resolve(from_url, href(a)) for a in root.cssselect(selector)]


def jsonld(root) -> dict:
    scripts = root.cssselect('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


def meta(root, key: str) -> str | None:
    for m in root.cssselect("meta"):
        if m.get("property") == key or m.get("name") == key:
            return m.get("content")
    return None


# --- timeline -------------------------------------------------------------------------------

def test_timeline_groups_events_by_era_year_and_month_in_date_order(site):
    root = page(site, "timeline/")
    articles = root.cssselect("article.jr-tl-event")
    assert [a.get("id") for a in articles] == [f"event-{e}" for e in ORDER]
    # numbered in date order, the same numbers the picture uses
    assert [a.cssselect(".jr-tl-num")[0].text for a in articles] == [str(i) for i in range(1, len(ORDER) + 1)]
    assert [h.get("id") for h in root.cssselect("h2.jr-tl-era")] == ["era-background", "era-sochi", "era-aftermath"]
    assert [h.get("id") for h in root.cssselect("h3.jr-tl-year")] == ["y2012-background", "y2016-sochi", "y2016-aftermath"]
    months = {s.cssselect("h4")[0].text: [a.get("id")[6:] for a in s.cssselect("article")]
              for s in root.cssselect("section.jr-tl-month")}
    assert months == {
        "December 2012": ["abe-returns-2012"],
        "May 2016": ["energy-proposals-2016", "sochi-summit-2016", "trutnev-visit-2016"],
        "June 2016": ["hostile-2016"],
        "September 2016": ["forum-planned-2016"],
        "Late 2016": ["year-end-visit"],
        "December 2016": ["putin-visits-japan-2016"],
    }
    # each entry: date at its stored precision, title linking to the event page, actors linked
    by_id = {a.get("id")[6:]: a for a in articles}
    assert by_id["energy-proposals-2016"].cssselect("time")[0].text == "May–June 2016"
    assert by_id["year-end-visit"].cssselect("time")[0].text == "late 2016"
    for eid, art in by_id.items():
        assert hrefs(art, "h5 a", "timeline/") == [f"events/{eid}/"]
    assert hrefs(by_id["sochi-summit-2016"], ".jr-tl-actors a", "timeline/") == [
        "actors/shinzo-abe/", "actors/vladimir-putin/"]


def test_timeline_marks_planned_events_with_their_outcome(site):
    art = page(site, "timeline/").cssselect("#event-year-end-visit")[0]
    assert "jr-tl-event--planned" in art.get("class")
    assert art.cssselect(".jr-status--planned")[0].text_content() == "Planned at the time"
    outcome = art.cssselect(".jr-tl-outcome")[0]
    assert "Putin visited in December 2016." in outcome.text_content()
    assert hrefs(outcome, "a", "timeline/") == ["events/putin-visits-japan-2016/"]


def test_timeline_filters_work_without_javascript(site):
    root = page(site, "timeline/")
    # the script-driven form is hidden until the script reveals it; the index is plain links
    assert root.cssselect("form#jr-filter")[0].get("hidden") is not None
    assert root.cssselect("script[src$='assets/javascripts/explainer.js']")
    expected: dict[tuple[str, str], set[str]] = {}
    for art in root.cssselect("article.jr-tl-event"):
        eid = art.get("id")[6:]
        for kind, attr in (("actor", "data-actors"), ("theme", "data-themes"), ("plan", "data-plan")):
            for value in art.get(attr).split():
                expected.setdefault((kind, value), set()).add(f"events/{eid}/")
    # each chip leads, without JavaScript, to a list of exactly that filter's events: a theme
    # section at the end of the timeline, an actor's page, a plan area's section of the plan
    chips = root.cssselect(".jr-filter-index a.jr-chip")
    assert {(a.get("data-filter"), a.get("data-value")) for a in chips} == set(expected)
    for a in chips:
        kind, value = a.get("data-filter"), a.get("data-value")
        target = resolve("timeline/", a.get("href"))
        if kind == "theme":
            assert target == f"timeline/#filter-theme-{value}"
            listed = hrefs(root.get_element_by_id(f"filter-theme-{value}"), ".jr-filter-events a", "timeline/")
        elif kind == "actor":
            assert target == f"actors/{value}/"
            listed = hrefs(page(site, target), ".jr-actor-events a", target)
        else:
            assert target == f"plan/#area-{value}"
            listed = hrefs(page(site, "plan/").cssselect(f"#area-{value} ~ ul.jr-plan-events")[0], "a", "plan/")
        assert set(listed) == expected[(kind, value)], (kind, value)
    assert expected[("actor", "vladimir-putin")] == {
        "events/sochi-summit-2016/", "events/trutnev-visit-2016/", "events/year-end-visit/",
        "events/putin-visits-japan-2016/"}
    assert expected[("plan", "energy")] == {"events/energy-proposals-2016/", "events/sochi-summit-2016/"}
    # the select options offer exactly the same filters
    options = {(s.get("name"), o.get("value")) for s in root.cssselect("form#jr-filter select")
               for o in s.cssselect("option") if o.get("value")}
    assert options == set(expected)


def test_timeline_picture_marks_link_to_event_pages_with_accessible_names(site):
    root = page(site, "timeline/")
    svg_el = root.cssselect("svg.jr-tl-svg")[0]
    title_id, desc_id = svg_el.get("aria-labelledby"), svg_el.get("aria-describedby")
    assert root.get_element_by_id(title_id).tag == "title" and root.get_element_by_id(title_id).text
    assert "8 events" in root.get_element_by_id(desc_id).text
    marks = svg_el.cssselect("a.jr-svg-mark")
    targets = [resolve("timeline/", href(a)) for a in marks]
    assert sorted(targets) == sorted(f"events/{e}/" for e in ORDER)  # every event, once
    for a, target in zip(marks, targets):
        assert (site.site / target / "index.html").is_file()
        assert a.get("aria-label") and not a.cssselect("title")  # named once, by aria-label
    labels = {resolve("timeline/", href(a)): a.get("aria-label") for a in marks}
    assert labels["events/sochi-summit-2016/"] == "3. 6 May 2016: Abe and Putin meet in Sochi"
    assert labels["events/year-end-visit/"].endswith("(planned at the time)")
    # the crowded May–June 2016 is enlarged: its events are in the inset, and the overview's
    # cluster mark points there
    inset = root.get_element_by_id("timeline-inset")
    assert {resolve("timeline/", href(a)) for a in inset.cssselect("a.jr-svg-mark")} == {
        "events/energy-proposals-2016/", "events/sochi-summit-2016/", "events/trutnev-visit-2016/",
        "events/hostile-2016/"}
    cluster = svg_el.cssselect("a.jr-svg-cluster")[0]
    assert href(cluster) == "#timeline-inset" and "4 events in May–June 2016" in cluster.get("aria-label")


def test_timeline_picture_marks_do_not_overlap(site):
    root = page(site, "timeline/")
    for group in (root.cssselect("svg.jr-tl-svg")[0], root.get_element_by_id("timeline-inset")):
        circles = [(float(c.get("cx")), float(c.get("cy"))) for c in group.cssselect("a.jr-svg-mark > circle")]
        for i, (x1, y1) in enumerate(circles):
            for x2, y2 in circles[i + 1:]:
                assert (x1 - x2) ** 2 + (y1 - y2) ** 2 >= (2 * svg.RADIUS) ** 2 - 0.5, ((x1, y1), (x2, y2))


# --- events ---------------------------------------------------------------------------------

def test_event_page_structure_and_links_both_ways(site):
    url = "events/sochi-summit-2016/"
    root = page(site, url)
    assert root.cssselect("h1")[0].text.strip() == "Abe and Putin meet in Sochi"
    when = root.cssselect(".jr-when")[0]
    assert when.cssselect("time")[0].get("datetime") == "2016-05-06"
    assert "Sochi, Russia" in when.text_content()
    assert "Status: happened" in root.cssselect(".jr-era")[0].text_content()
    actors = hrefs(root, ".jr-actors a", url)
    assert actors == ["actors/shinzo-abe/", "actors/vladimir-putin/"]
    for actor in actors:  # ... and each actor page links back
        assert url in hrefs(page(site, actor), ".jr-actor-events a", actor)
    # quotes spoken at the event link to their anchors; the quotes page links back
    assert "quotes/#quote-abe-breakthrough" in hrefs(root, ".jr-quote a.jr-permalink", url)
    quote = page(site, "quotes/").get_element_by_id("quote-abe-breakthrough")
    assert url in hrefs(quote, "figcaption a", "quotes/")
    # plan areas, both ways
    assert hrefs(root, ".jr-plan-areas a", url) == ["plan/#area-energy"]
    assert url in hrefs(page(site, "plan/").cssselect("#area-energy ~ ul.jr-plan-events")[0], "a", "plan/")
    # numbered citations; the sources page lists the event as citing the source
    cites = root.cssselect("ol.jr-citations > li")
    assert [li.get("id") for li in cites] == ["cite-1"]
    assert "sources/#source-diplomat-2016" in hrefs(cites[0], "a", url)
    assert hrefs(root, ".jr-summary sup a", url) == [url + "#cite-1"]
    source = page(site, "sources/").get_element_by_id("source-diplomat-2016")
    assert url in hrefs(source, ".jr-cited-by a", "sources/")
    assert "quotes/#quote-abe-breakthrough" in hrefs(source, ".jr-cited-by a", "sources/")


def test_sources_link_back_to_every_page_that_cites_them(site):
    source = page(site, "sources/").get_element_by_id("source-diplomat-2016")
    cited_by = set(hrefs(source, ".jr-cited-by a", "sources/"))
    citing = {
        "actors/shinzo-abe/": ("actors/shinzo-abe/", "ol.jr-citations a"),
        "actors/japan/": ("actors/japan/", "ol.jr-citations a"),
        "plan/#area-energy": ("plan/", "#area-energy ~ p.jr-sources a"),
        "plan/#area-healthy-life-expectancy": ("plan/", "#area-healthy-life-expectancy ~ p.jr-sources a"),
        "quotes/#quote-abe-breakthrough": ("quotes/", "#quote-abe-breakthrough figcaption a"),
        **{f"events/{e}/": (f"events/{e}/", "ol.jr-citations a") for e in ORDER},
    }
    assert cited_by == set(citing)
    for url, selector in citing.values():  # ... and each of them cites the source
        assert "sources/#source-diplomat-2016" in hrefs(page(site, url), selector, url), url


def test_outcome_sources_are_cited_and_cite_back(site):
    url = "events/forum-planned-2016/"
    root = page(site, url)
    cites = root.cssselect("ol.jr-citations > li")
    assert [hrefs(li, "a", url)[0] for li in cites] == ["sources/#source-diplomat-2016", "sources/#source-dw-2016"]
    assert hrefs(root, ".admonition sup a", url) == [url + "#cite-2"]
    source = page(site, "sources/").get_element_by_id("source-dw-2016")
    assert hrefs(source, ".jr-cited-by a", "sources/") == [url, "plan/#area-healthy-life-expectancy"]


def test_prev_and_next_follow_chronological_order(site):
    for i, eid in enumerate(ORDER):
        url = f"events/{eid}/"
        root = page(site, url)
        prev = hrefs(root, 'nav.jr-prevnext a[rel="prev"]', url)
        nxt = hrefs(root, 'nav.jr-prevnext a[rel="next"]', url)
        assert prev == ([f"events/{ORDER[i - 1]}/"] if i else [])
        assert nxt == ([f"events/{ORDER[i + 1]}/"] if i + 1 < len(ORDER) else [])


def test_cite_this_page_gives_the_permanent_absolute_url(site):
    root = page(site, "events/sochi-summit-2016/")
    cite = root.cssselect("p.jr-cite")[0]
    link = cite.cssselect("a.jr-cite-url")[0]
    assert link.get("href") == link.text == SITE_URL + "events/sochi-summit-2016/"
    assert "Abe and Putin meet in Sochi" in cite.text_content() and "(6 May 2016)" in cite.text_content()
    assert root.cssselect('link[rel="canonical"]')[0].get("href") == link.get("href")


def test_planned_event_page_shows_status_outcome_and_outcome_sources(site):
    url = "events/year-end-visit/"
    root = page(site, url)
    assert root.cssselect(".jr-when .jr-status--planned")
    data = jsonld(root)
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["startDate"] == "2016"
    later = page(site, "events/putin-visits-japan-2016/")
    assert url in hrefs(later, ".admonition.note a", "events/putin-visits-japan-2016/")
    assert jsonld(later)["startDate"] == "2016-12-15" and jsonld(later)["endDate"] == "2016-12-16"
    assert "eventStatus" not in jsonld(later)


def test_event_json_ld_and_social_meta(site):
    root = page(site, "events/sochi-summit-2016/")
    data = jsonld(root)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "Abe and Putin meet in Sochi"
    assert data["startDate"] == "2016-05-06"
    assert data["url"] == data["@id"] == SITE_URL + "events/sochi-summit-2016/"
    assert data["location"] == {"@type": "Place", "name": "Sochi",
                                "address": {"@type": "PostalAddress", "addressCountry": "Russia"}}
    assert data["attendee"] == [
        {"@type": "Person", "name": "Shinzo Abe", "@id": SITE_URL + "actors/shinzo-abe/", "url": SITE_URL + "actors/shinzo-abe/"},
        {"@type": "Person", "name": "Vladimir Putin", "@id": SITE_URL + "actors/vladimir-putin/",
         "url": SITE_URL + "actors/vladimir-putin/"},
    ]
    assert meta(root, "og:title") == "Abe and Putin meet in Sochi"
    assert meta(root, "og:description") == "The two leaders meet for over three hours."
    assert meta(root, "og:url") == SITE_URL + "events/sochi-summit-2016/"
    assert meta(root, "og:type") == "article"
    assert meta(root, "og:site_name") == 'Japan\'s "new approach" to Russia'
    assert meta(root, "twitter:card") == "summary"
    assert meta(root, "twitter:description") == meta(root, "og:description")


def test_hostile_text_is_escaped_everywhere(site):
    raw = site.html("events/hostile-2016/")
    assert "<script>alert" not in raw and "<b>tags</b>" not in raw
    root = lxml.html.fromstring(raw)
    assert root.cssselect("h1")[0].text.strip() == HOSTILE_TITLE
    data = jsonld(root)  # parses, so the script element was not broken out of
    assert data["name"] == HOSTILE_TITLE and data["description"] == HOSTILE_SUMMARY
    assert meta(root, "og:title") == HOSTILE_TITLE
    assert meta(root, "og:description") == HOSTILE_SUMMARY
    timeline = site.html("timeline/")
    assert "<script>alert" not in timeline and "<b>tags</b>" not in timeline
    labels = [a.get("aria-label") for a in lxml.html.fromstring(timeline).cssselect("a.jr-svg-mark")]
    assert f"5. 8 June 2016: {HOSTILE_TITLE}" in labels


# --- actors ---------------------------------------------------------------------------------

def test_actor_directory_groups_by_country_and_by_kind(site):
    root = page(site, "actors/")
    japan = root.get_element_by_id("group-japan")
    assert japan.tag == "h3" and japan.text_content().startswith("Japan")
    japan_list = root.cssselect("#group-japan ~ ul.jr-actor-list")[0]
    assert hrefs(japan_list, "a.jr-actor-name", "actors/") == ["actors/shinzo-abe/"]
    abe = japan_list.cssselect("li")[0]
    assert abe.cssselect('span[lang="ja"]')[0].text == "安倍晋三"
    assert abe.cssselect(".jr-role")[0].text == "Prime Minister of Japan"
    people = root.cssselect("#person ~ ul.jr-actor-list")[0]
    assert hrefs(people, "a.jr-actor-name", "actors/") == ["actors/shinzo-abe/", "actors/vladimir-putin/"]
    states = root.cssselect("#state ~ ul.jr-actor-list")[0]
    assert hrefs(states, "a.jr-actor-name", "actors/") == ["actors/japan/", "actors/russia/"]
    # every actor has exactly one anchor the actor pages link back to
    ids = [li.get("id") for li in root.cssselect("li[id^='actor-']")]
    assert sorted(ids) == ["actor-japan", "actor-russia", "actor-shinzo-abe", "actor-vladimir-putin"]


def test_actor_page_roles_events_quotes_and_json_ld(site):
    url = "actors/shinzo-abe/"
    root = page(site, url)
    assert root.cssselect('.jr-native span[lang="ja"]')[0].text == "安倍晋三"
    role = root.cssselect("ul.jr-roles li")[0]
    assert "Prime Minister of Japan" in role.text_content()
    assert role.cssselect("time")[0].get("datetime") == "2012-12"
    events = hrefs(root, ".jr-actor-events a", url)
    assert events == [f"events/{e}/" for e in ORDER if e in {
        "abe-returns-2012", "sochi-summit-2016", "hostile-2016", "putin-visits-japan-2016"}]
    assert [q.get("id") for q in root.cssselect("figure.jr-quote")] == ["quote-abe-breakthrough"]
    assert "timeline/?actor=shinzo-abe" in hrefs(root, ".jr-actor-stats a", url)
    data = jsonld(root)
    assert data["@type"] == "Person" and data["name"] == "Shinzo Abe" and data["alternateName"] == "安倍晋三"
    assert data["jobTitle"] == "Prime Minister of Japan"
    assert data["nationality"] == {"@type": "Country", "name": "Japan"}
    assert data["url"] == SITE_URL + url
    assert jsonld(page(site, "actors/japan/"))["@type"] == "Organization"
    assert meta(root, "og:type") == "profile"


# --- plan, quotes, search, theme --------------------------------------------------------------

def test_plan_page_lists_areas_with_events_and_the_aftermath(site):
    root = page(site, "plan/")
    assert hrefs(root, "ol.jr-plan-overview a", "plan/") == ["plan/#area-energy", "plan/#area-healthy-life-expectancy"]
    area = root.get_element_by_id("area-energy")
    assert area.text_content().startswith("1. Energy")
    assert "Energy cooperation" in root.cssselect("#area-energy ~ p")[0].text_content()
    events = hrefs(root.cssselect("#area-energy ~ ul.jr-plan-events")[0], "a", "plan/")
    assert events == ["events/energy-proposals-2016/", "events/sochi-summit-2016/"]
    assert root.get_element_by_id("afterwards").tag == "h2"
    for e in events:  # ... and the event pages link back to the area
        assert "plan/#area-energy" in hrefs(page(site, e), ".jr-plan-areas a", e)


def test_plan_page_shows_each_points_developments_with_citations_or_says_there_are_none(site):
    root = page(site, "plan/")
    health = root.get_element_by_id("area-healthy-life-expectancy")
    assert health.text_content().startswith("2. Extending healthy life expectancies")
    items = root.cssselect("#area-healthy-life-expectancy ~ ol.jr-plan-developments")[0].cssselect("li")
    assert [li.cssselect("time")[0].get("datetime") for li in items] == ["2016-12", "2018-05"]
    assert items[0].text_content().startswith("December 2016: Six agreements on medicine are signed.")
    assert hrefs(items[0], "a", "plan/") == ["events/putin-visits-japan-2016/", "sources/#source-dw-2016"]
    # hostile text is shown as text, never as markup
    assert HOSTILE_DEVELOPMENT in items[1].text_content()
    assert not root.cssselect("#area-healthy-life-expectancy ~ ol.jr-plan-developments img")
    assert hrefs(items[1], ".jr-dev-sources a", "plan/") == ["sources/#source-diplomat-2016", "sources/#source-dw-2016"]
    # a point without developments says so plainly, in its own section
    energy_note = root.cssselect("#area-energy ~ p.jr-plan-no-developments")
    assert energy_note and "report no dated development" in energy_note[0].text_content()
    assert len(root.cssselect("p.jr-plan-no-developments")) == 1
    counts = [c.text_content() for c in root.cssselect("ol.jr-plan-overview .jr-count")]
    assert counts[1].endswith("2 developments") and counts[0].endswith("0 developments")


def test_plan_page_maps_the_articles_areas_and_keeps_old_anchors(site):
    root = page(site, "plan/")
    rows = {tr.cssselect("th")[0].text_content(): hrefs(tr, "td a", "plan/")
            for tr in root.cssselect("table.jr-plan-map tbody tr")}
    assert rows == {"healthcare": ["plan/#area-healthy-life-expectancy"],
                    "medicine": ["plan/#area-healthy-life-expectancy"]}
    # the fixture's energy point names no area of the article: the page says so
    unmapped = root.cssselect("table.jr-plan-map + p")[0]
    assert hrefs(unmapped, "a", "plan/") == ["plan/#area-energy"]
    assert root.get_element_by_id("area-healthcare").get("class") == "jr-alias-anchor"
    # the sources page lists the plan point among what cites a source used only by a development
    cited = page(site, "sources/").get_element_by_id("source-dw-2016")
    assert "plan/#area-healthy-life-expectancy" in hrefs(cited, ".jr-cited-by a", "sources/")


def test_quotes_page_has_speaker_date_occasion_source_and_anchors(site):
    root = page(site, "quotes/")
    q = root.get_element_by_id("quote-abe-breakthrough")
    assert q.tag == "figure"
    cap = q.cssselect("figcaption")[0]
    assert hrefs(cap, "a", "quotes/")[:1] == ["actors/shinzo-abe/"]
    assert cap.cssselect("time")[0].get("datetime") == "2016-05-06"
    assert "after the Sochi talks" in cap.text_content()
    assert "sources/#source-diplomat-2016" in hrefs(cap, "a", "quotes/")
    assert "quotes/#quote-abe-breakthrough" in hrefs(cap, "a.jr-permalink", "quotes/")
    assert "quotes/#quote-abe-breakthrough" in hrefs(root.get_element_by_id("speaker-shinzo-abe"), "a", "quotes/")


def test_search_index_covers_events_actors_and_quotes(site):
    index = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {d["location"].split("#")[0] for d in index["docs"]}
    assert {f"events/{e}/" for e in ORDER} <= pages
    assert {"actors/shinzo-abe/", "actors/vladimir-putin/", "actors/japan/"} <= pages
    # each quote is its own search entry, leading to the quote
    entry = [d for d in index["docs"] if d["location"] == "quotes/#said-abe-breakthrough"]
    assert len(entry) == 1 and "moving toward a breakthrough" in entry[0]["text"]
    assert entry[0]["title"] == "Shinzo Abe, 6 May 2016: Abe and Putin meet in Sochi"
    assert page(site, "quotes/").get_element_by_id("said-abe-breakthrough").getparent().get("id") == \
        "quote-abe-breakthrough"


def test_theme_assets_are_shipped_with_print_and_dark_rules(site):
    css = (site.site / "assets" / "stylesheets" / "explainer.css").read_text(encoding="utf-8")
    assert "@media print" in css and '[data-md-color-scheme="slate"]' in css
    js = (site.site / "assets" / "javascripts" / "explainer.js").read_text(encoding="utf-8")
    assert "history.pushState" in js and "document$" in js and "fetch(" not in js and "http" not in js.split("*/", 1)[1]
    head = page(site, "timeline/").cssselect("head")[0]
    assert any(link.get("href", "").endswith("assets/stylesheets/explainer.css") for link in head.cssselect("link"))


# --- units --------------------------------------------------------------------------------

def ev(eid, date, era="sochi"):
    return SimpleNamespace(id=eid, date=FuzzyDate.parse(date), era=era, status="happened",
                           title=eid, actors=[], themes=[], plan_areas=[])


@pytest.mark.parametrize("dates, window", [
    (["2016-05-06", "2016-05-16", "2016-06-08", "2020"], (dt.date(2016, 5, 1), dt.date(2016, 7, 1))),
    (["2016-06-30", "2016-07-01", "2016-07-02", "2016-05-01"], (dt.date(2016, 6, 1), dt.date(2016, 8, 1))),
    (["2016-05-01", "2016-05-02"], None),  # too few to need an enlargement
    (["2016", "2016-05", "2016-06"], None),  # a whole-year date does not fit in two months
])
def test_inset_window_is_the_densest_two_months(dates, window):
    events = [ev(f"e{i}", d) for i, d in enumerate(dates)]
    got = svg._inset_window(events)
    assert (got[:2] if got else None) == window


def test_axis_breaks_long_empty_stretches():
    events = [ev("a", "1956-10-19", "background"), ev("b", "2012-12"), ev("c", "2014"), ev("d", "2016-12-15")]
    pic = svg.layout(events, ("background", "sochi"))
    assert len(pic.overview.breaks) == 1 and pic.inset is None
    xs = [m.cx for m in pic.overview.marks]
    assert xs == sorted(xs) and min(xs) > 0 and max(xs) < svg.WIDTH
    year_mark = [m for m in pic.overview.marks if m.event.id == "c"][0]
    assert year_mark.span and year_mark.x0 < year_mark.cx < year_mark.x1


@pytest.mark.parametrize("date, label", [
    ("2016-05-06", "May 2016"), ("2016-05", "May 2016"), ("early 2016-06", "June 2016"),
    ("late 2016", "Late 2016"), ("2016", "2016, month not known"), ("2016-12-15/2016-12-16", "December 2016"),
])
def test_month_groups(date, label):
    assert views.month_label(FuzzyDate.parse(date))[1] == label


def test_role_at_picks_the_role_held_at_the_time():
    roles = [{"title": "Minister", "from": FuzzyDate.parse("2010"), "to": FuzzyDate.parse("2012-09")},
             {"title": "Prime Minister", "from": FuzzyDate.parse("2012-12")}]
    actor = SimpleNamespace(roles=roles)
    assert views.role_at(actor, FuzzyDate.parse("2011-05-01"))["title"] == "Minister"
    assert views.role_at(actor, FuzzyDate.parse("2016-05-06"))["title"] == "Prime Minister"
    assert views.role_at(actor, None)["title"] == "Minister"
    assert views.role_at(SimpleNamespace(roles=[]), None) is None


@pytest.mark.parametrize("status, date, expected", [
    ("happened", "2016-05-06", {"startDate": "2016-05-06"}),
    ("planned", "late 2016", {"startDate": "2016", "eventStatus": "https://schema.org/EventScheduled"}),
    ("cancelled", "2016-06", {"startDate": "2016-06", "eventStatus": "https://schema.org/EventCancelled"}),
    ("happened", "2016-12-15/2016-12-16", {"startDate": "2016-12-15", "endDate": "2016-12-16"}),
])
def test_event_json_ld_status_and_dates(status, date, expected):
    from explainer_core.pages import structured

    person = SimpleNamespace(kind="person", name="A")
    state = SimpleNamespace(kind="state", name="B")
    e = SimpleNamespace(title="T", summary="S", date=FuzzyDate.parse(date), status=status, place_record=None,
                        actor_records=[person, state], source_records=[])
    data = structured.event_jsonld(e, lambda rec: "")
    assert {k: data[k] for k in ("startDate", "endDate", "eventStatus") if k in data} == expected
    assert [a["@type"] for a in data["attendee"]] == ["Person", "Organization"]
    assert "url" not in data  # no site_url, no made-up URL


def test_an_event_on_the_first_day_of_a_planned_events_period_keeps_the_eras_unbroken(tmp_path):
    """'late 2016' (planned in June) begins on 1 September; an aftermath event of that very day
    must not split the Sochi era in two on the timeline (duplicate anchors, a misleading order)."""
    from explainer_core import load_dataset

    project = make_project(tmp_path / "p")
    events = project / "data" / "events.yml"
    events.write_text(events.read_text(encoding="utf-8") + """
- id: cabinet-post-2016
  updated: 2020-01-01
  title: A cabinet post is created
  date: 2016-09-01
  era: aftermath
  summary: A minister is put in charge.
  sources: [diplomat-2016]
""", encoding="utf-8")
    ds = load_dataset(project / "data", root=project)
    assert [e.id for e in ds.events] == ["abe-returns-2012", "sochi-summit-2016", "year-end-visit",
                                         "cabinet-post-2016", "putin-visits-japan-2016"]
    groups = views.timeline_groups(ds.events)
    assert [g.era for g in groups] == ["background", "sochi", "aftermath"]


# --- quotes in the words spoken: the original beside the English (issue 21) ----------------------

HOSTILE_ORIGINAL = 'Мы готовы купить многое, но <b>ничего</b> не продаем & "всё" </script>'
ORIGINAL_QUOTES = f"""
- id: putin-sell
  updated: 2019-05-05
  text: We are ready to buy many things, but there is nothing we will sell.
  translation: source
  original:
    text: {json.dumps(HOSTILE_ORIGINAL, ensure_ascii=False)}
    lang: ru
    source: lenta-2016
    note: As the <i>correspondent</i> reported them.
  speaker: vladimir-putin
  date: 2016-05-20
  event: sochi-summit-2016
  source: diplomat-2016
- id: abe-ours
  updated: 2019-05-05
  text: A new approach.
  translation: ours
  speaker: shinzo-abe
  event: sochi-summit-2016
  source: diplomat-2016
- id: abe-in-japanese
  updated: 2019-05-05
  text: 新しいアプローチ
  lang: ja
  speaker: shinzo-abe
  source: diplomat-2016
"""
ORIGINAL_SOURCES = """
- id: lenta-2016
  updated: 2019-05-05
  title: A report in Russian
  url: https://lenta.ru/news/2016/05/20/example/
  publisher: Lenta.ru
"""


@pytest.fixture(scope="module")
def originals_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("originals"))
    for name, extra in (("quotes", ORIGINAL_QUOTES), ("sources", ORIGINAL_SOURCES)):
        path = project / "data" / f"{name}.yml"
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return build(project)


def quote_parts(root, qid: str) -> SimpleNamespace:
    q = root.get_element_by_id(f"quote-{qid}")
    original = q.cssselect(".jr-quote-original")
    return SimpleNamespace(
        english=q.xpath("./blockquote")[0],
        label=[p.text_content() for p in q.cssselect("p.jr-quote-translation")],
        original=original[0] if original else None,
        caption=q.cssselect("figcaption")[0])


@pytest.mark.parametrize("url", ["quotes/", "events/sochi-summit-2016/"])
def test_a_quote_shows_its_original_beside_the_labelled_english_with_both_citations(originals_site, url):
    root = page(originals_site, url)
    q = quote_parts(root, "putin-sell")
    assert q.english.get("lang") is None  # the page's language, English
    assert q.english.text_content() == "“We are ready to buy many things, but there is nothing we will sell.”"
    assert q.label == ["Translation: the source's"]
    # the original: in an element with its language, verbatim and escaped, with its own source
    said = q.original.cssselect("blockquote")[0]
    assert said.get("lang") == "ru"
    assert said.text_content() == f"«{HOSTILE_ORIGINAL}»"
    assert not said.cssselect("b")
    assert "(Russian)" in q.original.text_content()
    assert hrefs(q.original, "a", url) == ["sources/#source-lenta-2016"]
    assert "As the <i>correspondent</i> reported them." in q.original.text_content()
    # the English keeps its own source in the caption
    assert "sources/#source-diplomat-2016" in hrefs(q.caption, "a", url)
    assert "sources/#source-lenta-2016" not in hrefs(q.caption, "a", url)
    html = originals_site.html(url)
    assert "<b>ничего</b>" not in html and "&lt;b&gt;ничего&lt;/b&gt;" in html


def test_translation_labels_and_quotes_already_in_the_words_spoken(originals_site):
    root = page(originals_site, "quotes/")
    ours = quote_parts(root, "abe-ours")
    assert ours.label == ["Translation: ours"] and ours.original is None
    spoken = quote_parts(root, "abe-in-japanese")
    assert spoken.english.get("lang") == "ja" and spoken.english.text_content() == "「新しいアプローチ」"
    assert spoken.label == [] and spoken.original is None
    plain = quote_parts(root, "abe-breakthrough")  # no lang, no translation: as before
    assert plain.label == [] and plain.original is None and plain.english.get("lang") is None
    # the speaker index marks the Japanese text's language too
    link = root.get_element_by_id("speaker-shinzo-abe").cssselect('a[href="#quote-abe-in-japanese"]')[0]
    assert link.get("lang") == "ja"


def test_the_originals_source_lists_the_quote_among_what_cites_it(originals_site):
    source = page(originals_site, "sources/").get_element_by_id("source-lenta-2016")
    assert hrefs(source, ".jr-cited-by a", "sources/") == ["quotes/#quote-putin-sell"]


def test_the_quotes_export_carries_the_original_and_the_translation_label(originals_site):
    quotes = {q["id"]: q for q in json.loads((originals_site.site / "quotes.json").read_text(encoding="utf-8"))["quotes"]}
    sell = quotes["putin-sell"]
    assert (sell["lang"], sell["translation"]) == ("en", "source")
    assert sell["original"]["text"] == HOSTILE_ORIGINAL and sell["original"]["lang"] == "ru"
    assert sell["original"]["source"]["url"] == "https://lenta.ru/news/2016/05/20/example/"
    assert (quotes["abe-in-japanese"]["lang"], quotes["abe-in-japanese"]["translation"], quotes["abe-in-japanese"]["original"]) == ("ja", None, None)


def test_the_real_quotes_page_shows_the_originals(real_site):
    root = page(real_site, "quotes/")
    originals = root.cssselect("figure.jr-quote .jr-quote-original blockquote")
    assert len(originals) >= 10
    assert {b.get("lang") for b in originals} == {"ja", "ru"}
    q = quote_parts(root, "kishida-relationship-of-trust")
    assert q.label == ["Translation: the source's"]
    assert "信頼関係を構築しながら" in q.original.text_content()
    [cited] = hrefs(q.original, "a", "quotes/")  # the sources list may span pages
    assert cited.startswith("sources/") and cited.endswith("#source-kantei-2021-10-07-putin-call-kaiken-ja")
    # a quote whose text is already Japanese is marked so, with nothing translated
    spoken = quote_parts(root, "kishida-2023-hold-to-policy")
    assert spoken.english.get("lang") == "ja" and spoken.label == [] and spoken.original is None
