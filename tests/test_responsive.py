"""Issue 24: the timeline picture and the map fit every screen, and the latest events come first.

In Chromium at 320, 390, 768, 1280 and 1920 px over the home, timeline, map, plan and an event
page: the document never scrolls sideways, every picture fits its column, no mark lies outside
its picture and no two marks' boxes overlap; Tab reaches every mark, with a visible focus ring.
The same on a dataset running to 2026 with crowded months (``recent_site``), and the layout
itself (svg.py) on that data in both placings.
"""

from __future__ import annotations

import itertools
import re

import lxml.html
import pytest

from explainer_core.data import schema
from explainer_core.pages import svg
from explainer_core.pipeline import load_dataset
from support.project import ROOT, SiteServer, build, make_project, read_config, require, resolve

WIDTHS = {320: 568, 390: 844, 768: 1024, 1280: 720, 1920: 1080}  # width: height (a phone, a tablet, laptops)
PAGES = {"home": "", "timeline": "timeline/", "map": "map/", "plan": "plan/", "event": "events/sochi-summit-2016/"}

# 38 events from October 2022 to 2026, with crowded months (five in March 2023, six in
# September 2024, four in one week of January 2025), month-only dates and a range.
RECENT_DATES = (
    ["2022-10-04", "2022-11", "2022-12-16"]
    + ["2023-01-12", "2023-03-02", "2023-03-09", "2023-03-15", "2023-03-21", "2023-03-28", "2023-05-19", "2023-08",
       "2023-10-05", "2023-12-20"]
    + ["2024-02-07", "2024-04", "2024-06-13", "2024-09-02", "2024-09-03", "2024-09-05", "2024-09-11", "2024-09-18",
       "2024-09-25", "2024-11-14"]
    + ["2025-01-06", "2025-01-07", "2025-01-08", "2025-01-09", "2025-02-07", "2025-05", "2025-06-20/2025-06-22",
       "2025-09-03", "2025-11"]
    + ["2026-01-15", "2026-02-07", "2026-02-20", "2026-03", "2026-04-02", "2026-05-09"]
)


def recent_events_yaml() -> str:
    out = []
    for i, date in enumerate(RECENT_DATES, start=1):
        out.append(f"""- id: recent-{i:02d}
  title: Recent development number {i} <b>not bold</b>
  date: {date}
  era: after-break
  summary: A development after the break, number {i}, for the layout tests.
  actors: [russia, japan]
  themes: [territorial-dispute]
  sources: [japantimes-2022-09-03-vostok-drills]
  updated: 2026-12-01
""")
    return "\n".join(out)


@pytest.fixture(scope="module")
def recent_site(tmp_path_factory):
    # one timeline page for all of it (the real data and these pass the 150-event split), so one
    # picture holds every event: the hardest case for the layout
    extra = dict(read_config().get("extra") or {}, explainer_page_limits={"timeline": 400})
    project = make_project(tmp_path_factory.mktemp("recent"), ROOT, real_docs=True, config_changes={"extra": extra})
    (project / "data" / "events" / "recent.yml").write_text(recent_events_yaml(), encoding="utf-8")
    return build(project)


# --- the layout, without a browser ------------------------------------------------------------

def _check_layout(pic: svg.Picture, events) -> list[str]:
    problems = []
    seen = [m.event.id for p in pic.panels for m in p.marks]  # type: ignore[attr-defined]
    if sorted(seen) != sorted(e.id for e in events):
        problems.append(f"{pic.orientation}: events drawn {len(seen)} times for {len(events)} events")
    for panel in pic.panels:
        boxes = [(f"#{m.number}", m.x - svg.RADIUS, m.y - svg.RADIUS, m.x + svg.RADIUS, m.y + svg.RADIUS)
                 for m in panel.marks]
        for m in panel.marks:  # a period's bar belongs to its mark: it must not cross another mark
            for x1, y1, x2, y2 in m.lines[:1]:
                boxes.append((f"#{m.number} bar", min(x1, x2), min(y1, y2) - 0.5, max(x1, x2), max(y1, y2) + 0.5))
        boxes += [(f"cluster {c.letter}", c.box[0], c.box[1], c.box[0] + c.box[2], c.box[1] + c.box[3])
                  for c in panel.clusters]
        for (a, *ra), (b, *rb) in itertools.combinations(boxes, 2):
            if a.split()[0] == b.split()[0]:
                continue
            if min(ra[2], rb[2]) - max(ra[0], rb[0]) > 0.05 and min(ra[3], rb[3]) - max(ra[1], rb[1]) > 0.05:
                problems.append(f"{pic.orientation} {panel.title}: {a} overlaps {b}")
        for name, x0, y0, x1, y1 in boxes:
            if x0 < 0 or y0 < 0 or x1 > pic.width or y1 > pic.height:
                problems.append(f"{pic.orientation} {panel.title}: {name} leaves the picture")
    return problems


@pytest.mark.parametrize("data", ["real", "recent"])
def test_no_two_marks_overlap_in_either_placing(data, tmp_path):
    if data == "real":
        events = load_dataset(ROOT / "data", root=ROOT).events
    else:
        project = make_project(tmp_path, ROOT)
        (project / "data" / "events" / "recent.yml").write_text(recent_events_yaml(), encoding="utf-8")
        events = load_dataset(project / "data", root=project).events
    pictures = svg.pictures(events, schema.ERAS)
    assert pictures is not None
    wide, narrow = pictures
    assert _check_layout(wide, events) + _check_layout(narrow, events) == []
    assert wide.width == svg.WIDTH and narrow.width <= 400  # scaled to a phone's column, not much below full size
    assert wide.insets and wide.insets[0].title.startswith("A. Enlarged: May–June 2016")
    if data == "recent":  # the crowded months after the break get their own insets, in date order
        labels = [c.label for c in wide.overview.clusters]
        assert len(labels) >= 2 and any("2023" in x or "2024" in x or "2025" in x for x in labels), labels
        assert [c.letter for c in wide.overview.clusters] == list("ABCD"[:len(labels)])


def test_clustered_marks_spread_into_lanes_never_on_top_of_each_other():
    """More marks on one day than the old cap of eight lanes: each gets a lane of its own."""
    from types import SimpleNamespace

    from explainer_core.data.dates import FuzzyDate

    events = [SimpleNamespace(id=f"e{i}", date=FuzzyDate.parse("2020-03-03" if i < 12 else f"{2010 + i}"),
                              era="aftermath", status="happened", title=f"e{i}", actors=[], themes=[], plan_areas=[])
              for i in range(20)]
    pictures = svg.pictures(events, schema.ERAS)
    assert pictures is not None
    wide, narrow = pictures
    assert _check_layout(wide, events) == [] and _check_layout(narrow, events) == []


# --- in the browser ---------------------------------------------------------------------------

MEASURE = """() => {
  const vis = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.display !== 'none' && s.visibility !== 'hidden'; };
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const overlap = (a, b) => Math.min(a[2], b[2]) - Math.max(a[0], b[0]) > 0.5 && Math.min(a[3], b[3]) - Math.max(a[1], b[1]) > 0.5;
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > innerWidth) problems.push(`the document is ${doc.scrollWidth}px wide in ${innerWidth}px`);
  const pictures = [...document.querySelectorAll('svg.jr-tl-svg, svg.jr-map-svg')].filter(vis);
  const timelines = pictures.filter(s => s.classList.contains('jr-tl-svg'));
  for (const svg of pictures) {
    const name = svg.id || svg.getAttribute('class');
    const column = svg.closest('.md-content__inner') || document.body;
    const s = box(svg), c = box(column);
    if (s[0] < c[0] - 0.5 || s[2] > c[2] + 0.5) problems.push(`${name} (${s[0]}–${s[2]}) leaves its column (${c[0]}–${c[2]})`);
    // the marks' own shapes: a timeline mark is its dot and its period bar, a cluster its box;
    // a map mark is its dot and its name (separate shapes, so a name beside a dot is no overlap)
    const shapes = [];
    svg.querySelectorAll('a').forEach((a, i) => {
      const parts = svg.classList.contains('jr-map-svg') ? a.querySelectorAll('circle, text.jr-map-label') : [a];
      parts.forEach(el => { if (vis(el)) shapes.push([i, a.getAttribute('aria-label'), box(el)]); });
    });
    for (const [, label, b] of shapes) {
      if (b[0] < s[0] - 0.5 || b[1] < s[1] - 0.5 || b[2] > s[2] + 0.5 || b[3] > s[3] + 0.5)
        problems.push(`${name}: ${label} lies outside the picture`);
    }
    for (let i = 0; i < shapes.length; i++) for (let j = i + 1; j < shapes.length; j++) {
      if (shapes[i][0] !== shapes[j][0] && overlap(shapes[i][2], shapes[j][2]))
        problems.push(`${name}: ${shapes[i][1]} overlaps ${shapes[j][1]}`);
    }
  }
  return {problems, timelines: timelines.length, marks: pictures.reduce((n, s) => n + s.querySelectorAll('a').length, 0)};
}"""


@pytest.fixture(scope="module")
def recent_server(recent_site):
    server = SiteServer(recent_site.site)
    yield server
    server.close()


def _page(browser, width):
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]})
    return context, context.new_page()


@pytest.mark.browser
@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_type_fits_and_no_marks_overlap(browser, real_server, recent_server, width):
    require("chromium")
    context, page = _page(browser, width)
    problems = []
    try:
        for server, pages in ((real_server, PAGES), (recent_server, {"timeline 2026": "timeline/", "map 2026": "map/"})):
            for name, path in pages.items():
                page.goto(server.url(path))
                got = page.evaluate(MEASURE)
                problems += [f"{name} at {width}px: {p}" for p in got["problems"]]
                if name.startswith("timeline"):
                    assert got["timelines"] == 1, f"{name} at {width}px shows {got['timelines']} timeline pictures"
                    assert got["marks"] >= 80
    finally:
        context.close()
    assert problems == []


# The timeline's months and per-theme lists are laid out only as they near the screen
# (content-visibility, explainer.css); until then each takes the height its --jr-h hints. A hint
# below the real height would lay a month out over the next one (what axe and Lighthouse's
# accessibility audit then measure, and the reader sees while it renders). The Japanese and
# Russian editions' hints measure their own text (views.text_width), checked on their timelines.
HINTS = """() => {
  const els = [...document.querySelectorAll('section.jr-tl-month, section.jr-filter-section')];
  const lazy = els.filter(el => getComputedStyle(el).contentVisibility === 'auto');
  const hints = lazy.map(el => parseFloat(getComputedStyle(el).containIntrinsicHeight.replace('auto', '')));
  lazy.forEach(el => { el.style.contentVisibility = 'visible'; });
  const tall = lazy.map((el, i) => [el.id || el.querySelector('h3, h4').id, el.getBoundingClientRect().height, hints[i]])
    .filter(([, real, hint]) => !(real <= hint));
  return {sections: els.length, lazy: lazy.length, tall};
}"""


@pytest.mark.browser
def test_timeline_size_hints_are_never_below_the_real_height(browser, real_server, recent_server):
    require("chromium", "cjk-font")  # kanji drawn as narrow boxes would make the Japanese check too easy
    problems = []
    for width in WIDTHS:
        context, page = _page(browser, width)
        try:
            for name, server, path in (("timeline", real_server, "timeline/"), ("timeline 2026", recent_server, "timeline/"),
                                       ("ja timeline", real_server, "ja/timeline/"), ("ru timeline", real_server, "ru/timeline/")):
                page.goto(server.url(path))
                if name.startswith("ja"):  # the Japanese font is there: a kanji is a whole em wide
                    em = page.evaluate("""() => { const s = document.createElement('span');
                        s.textContent = '択捉島北方領土'; document.querySelector('.md-typeset').append(s);
                        const w = s.getBoundingClientRect().width / 7 / parseFloat(getComputedStyle(s).fontSize);
                        s.remove(); return w; }""")
                    assert em > 0.9, f"kanji drawn {em:.2f}em wide: no Japanese font in Chromium?"
                got = page.evaluate(HINTS)
                assert got["sections"] >= 20 and got["lazy"] == got["sections"], (name, width, got)
                problems += [f"{name} at {width}px: {sid} is {real:.0f}px tall, hinted {hint:.0f}px"
                             for sid, real, hint in got["tall"]]
        finally:
            context.close()
    assert problems == []


def test_hint_widths_count_wide_and_cyrillic_characters_wider():
    from explainer_core.pages import views

    assert views.text_width("Sochi summit") == len("Sochi summit")
    assert views.text_width("ソチ首脳会談") == 12 and views.text_width("（ＡＢ）") == 8  # kana, kanji, full-width forms
    assert views.text_width("Сочи") > 4 and views.text_width("2016年5月") == 4 + 2 + 1 + 2


def _tab_through(page, limit: int) -> list[str]:
    """Tab from the top of the page; the picture marks that got the focus, in order."""
    reached = []
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const a = document.activeElement;
            if (!a || !a.closest('svg')) return null;
            const c = a.querySelector('circle, rect');
            const s = getComputedStyle(a), cs = c && getComputedStyle(c);
            return [a.getAttribute('aria-label'), s.outlineStyle, cs ? cs.strokeWidth : ''] }""")
        if info:
            label, outline, stroke = info
            assert label, "a focused mark without an accessible name"
            assert outline != "none" or stroke == "3px", f"{label}: no visible focus ring"
            reached.append(label)
    return reached


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("path", ["timeline/", "map/"])
def test_tab_reaches_every_visible_mark(browser, recent_server, width, path):
    require("chromium")
    context, page = _page(browser, width)
    try:
        page.goto(recent_server.url(path))
        visible = page.evaluate("""() => [...document.querySelectorAll('svg.jr-tl-svg a, svg.jr-map-svg a')]
            .filter(a => a.getBoundingClientRect().width > 0 && getComputedStyle(a).display !== 'none'
                         && getComputedStyle(a.closest('svg')).display !== 'none')
            .map(a => a.getAttribute('aria-label'))""")
        links = page.evaluate("() => document.querySelectorAll('a[href], input, select, button, [tabindex]').length")
        reached = _tab_through(page, links + 20)
        assert visible and set(visible) <= set(reached), sorted(set(visible) - set(reached))[:5]
    finally:
        context.close()


# --- latest developments ------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("width", list(WIDTHS))
def test_home_shows_the_newest_events_above_the_fold(browser, recent_site, recent_server, width):
    require("chromium")
    context, page = _page(browser, width)
    try:
        page.goto(recent_server.url(""))
        items = page.locator(".jr-latest-list li")
        assert items.count() >= 3
        first = items.first.bounding_box()
        assert first["y"] + first["height"] <= WIDTHS[width], f"the newest event is below the fold at {width}px"
        assert items.first.locator("time").get_attribute("datetime") == newest(recent_site)[0].date.machine()
    finally:
        context.close()


def newest(site) -> list:
    """The dataset's four newest events, newest first."""
    return load_dataset(site.project / "data", root=site.project).events[-1:-5:-1]


def test_latest_developments_are_the_newest_events_escaped_and_linked(recent_site):
    root = lxml.html.fromstring(recent_site.html(""))
    section = root.cssselect("section.jr-latest")[0]
    items = section.cssselect("ul.jr-latest-list li")
    expected = newest(recent_site)
    assert [li.cssselect("time")[0].get("datetime") for li in items] == [e.date.machine() for e in expected]
    links = [li.cssselect("a")[0] for li in items]
    assert [resolve("", a.get("href")) for a in links] == [f"events/{e.id}/" for e in expected]
    assert all((recent_site.site / resolve("", a.get("href")) / "index.html").is_file() for a in links)
    assert [a.text_content() for a in links] == [e.title for e in expected]  # as text
    assert expected[0].id == "recent-38" and not section.cssselect("b")  # the fixture's <b> is text, not markup
    # it comes before the page's prose, and the marker line is gone
    assert root.cssselect(".md-content h1")[0].getnext() is section
    assert "explainer:latest" not in recent_site.html("")


def test_timeline_jumps_to_the_latest_event(recent_site):
    root = lxml.html.fromstring(recent_site.html("timeline/"))
    jump = root.cssselect("p.jr-jump a")[0]
    assert re.fullmatch(r"(\./)?#event-recent-38", jump.get("href"))
    assert root.get_element_by_id("event-recent-38") is not None
    # near the top: before the picture and the list
    order = [el for el in root.iter() if el is jump or el.get("id") in ("timeline-picture", "event-recent-01")]
    assert order[0] is jump
