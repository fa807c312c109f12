"""No page grows without bound: listings split above the limits of hooks/explainer_core/data/limits.py.

The real dataset is built with the limits lowered (mkdocs.yml ``extra.explainer_page_limits``)
so that it splits, and the site is inspected: each entry on exactly one page, every link and
#fragment resolving, the index listing every page, and the map that sends old anchors on.
At the limit nothing splits (the real site at the default limits is the byte-identical one).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from explainer_core.data.limits import PageLimits, chunked
from explainer_core.pipeline import load_dataset
from support import tools
from support.hostile import page_problems
from support.project import ROOT, Build, build, make_project, read_config, require, resolve, serve, watched_page
from support.sitecheck import check_links, run_vnu

DS = load_dataset(ROOT / "data")
LOW = {"timeline": 20, "listing": 30, "refs": 10}  # the real data: 87 events, 141 sources, 23 terms
IDS = re.compile(r'\bid="([^"]+)"')


def _build(tmp_path: Path, limits: dict | None, **kw) -> Build:
    extra = dict(read_config().get("extra") or {})
    if limits is not None:
        extra["explainer_page_limits"] = limits
    return build(make_project(tmp_path, ROOT, real_docs=True, config_changes={"extra": extra}), **kw)


def _pages(site: Path, folder: str) -> dict[str, str]:
    """URL (relative to the site) -> HTML of every page under ``folder``."""
    return {p.relative_to(site).parent.as_posix() + "/": p.read_text(encoding="utf-8")
            for p in sorted((site / folder).rglob("index.html"))}


def _ids(html: str, prefix: str) -> list[str]:
    return [i for i in IDS.findall(html) if i.startswith(prefix)]


def _moved(html: str) -> dict[str, str]:
    """anchor -> page URL (relative to the page) from the page's #jr-moved map."""
    box = re.search(r'<div class="jr-moved" id="jr-moved" hidden>(.*?)</div>', html, re.S)
    if box is None:
        return {}
    out = {}
    for page, ids in re.findall(r'<span data-page="([^"]*)" data-ids="([^"]*)">', box[1]):
        for anchor in ids.split():
            assert anchor not in out, f"{anchor} mapped twice"
            out[anchor] = page
    return out


@pytest.fixture(scope="module")
def split_site(tmp_path_factory) -> Build:
    return _build(tmp_path_factory.mktemp("split"), LOW)


def test_split_build_is_clean_and_every_link_resolves(split_site):
    assert not [line for line in split_site.lines if "WARNING" in line or "Traceback" in line]
    report = check_links(split_site.site, read_config()["site_url"][1])
    assert report.fragments > 1000
    # Hand-written pages (docs/positions.md) link to quotes.md#quote-<id>: those anchors moved to
    # page 2, and the first page's map sends them on (test_each_entry_on_one_page_...).
    moved = _moved((split_site.site / "quotes" / "index.html").read_text(encoding="utf-8"))

    def sent_on(problem: str) -> bool:
        found = re.search(r"no id '([^']+)' on quotes/index.html$", problem)
        return problem.startswith("positions/index.html") and found is not None and found[1] in moved

    assert [p for p in report.problems if not sent_on(p)] == []


def test_later_pages_stay_out_of_the_navigation(tmp_path):
    """The minimal fixture has no nav in mkdocs.yml, so MkDocs makes one from the pages: the
    first page of each listing is in it, the later ones are not."""
    extra = dict(read_config().get("extra") or {})
    extra["explainer_page_limits"] = {"timeline": 1, "listing": 1, "refs": 1}
    site = build(make_project(tmp_path, "minimal", config_changes={"extra": extra})).site
    assert (site / "timeline" / "2016" / "index.html").is_file() and (site / "actors" / "all" / "2" / "index.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="timeline/"' in home and 'href="actors/"' in home
    assert not re.search(r'href="(timeline/[0-9]|actors/all/)', home)


def test_every_event_is_on_exactly_one_timeline_page(split_site):
    pages = _pages(split_site.site, "timeline")
    index = pages.pop("timeline/")
    assert _ids(index, "event-") == [], "the index of a split timeline lists years, not events"
    where: dict[str, list[str]] = {}
    for url, html in pages.items():
        events = _ids(html, "event-")
        assert 0 < len(events) <= LOW["timeline"], url
        for anchor in events:
            where.setdefault(anchor, []).append(url)
    assert sorted(where) == sorted(f"event-{e.id}" for e in DS.events)
    assert all(len(urls) == 1 for urls in where.values()), {a: u for a, u in where.items() if len(u) > 1}
    # one page per year; a year above the limit goes on further pages (2016 has more than 20)
    years = {e.date.year for e in DS.events}
    assert {url.split("/")[1] for url in pages} == {str(y) for y in years}
    assert "timeline/2016/2/" in pages
    # the index links to every page
    linked = set(re.findall(r'href="([0-9]+/(?:[0-9]+/)?)"', index))
    assert {url[len("timeline/"):] for url in pages} == linked


LISTINGS = [  # (folder, anchor prefix, records): every listing that splits at LOW
    ("timeline", "event-", DS.events), ("sources", "source-", DS.sources), ("quotes", "quote-", DS.quotes),
    ("actors", "actor-", DS.actors), ("map", "place-", DS.places),
]


@pytest.mark.parametrize("folder, prefix, records", LISTINGS, ids=[x[0] for x in LISTINGS])
def test_each_entry_on_one_page_and_old_anchors_reach_it(split_site, folder, prefix, records):
    """Every anchor of the one-page listing is on exactly one of its pages, and either on the
    first page or in the first page's map, which names the page that holds it."""
    site = split_site.site
    pages = {url: html for url, html in _pages(site, folder).items()
             if folder != "actors" or url == "actors/" or url.startswith("actors/all/")}
    assert len(pages) > 1, f"{folder} did not split"
    expected = {prefix + r.id for r in records}
    where: dict[str, list[str]] = {}
    for url, html in pages.items():
        for anchor in _ids(html, prefix):
            if anchor in expected:  # not the entries' inner ids (place-<id>-title...)
                where.setdefault(anchor, []).append(url)
    assert where.keys() == expected
    assert all(len(urls) == 1 for urls in where.values()), {a: u for a, u in where.items() if len(u) > 1}
    first = pages[f"{folder}/"]
    moved = _moved(first)
    assert "jr-moved-note" in first
    for anchor, (url,) in where.items():
        if url == f"{folder}/":
            assert anchor not in moved
        else:
            assert (site / folder / moved[anchor]).resolve() == (site / url).resolve(), anchor


def test_event_pages_link_to_where_the_event_is(split_site):
    site = split_site.site
    for e in DS.events[:: 10]:
        html = (site / "events" / e.id / "index.html").read_text(encoding="utf-8")
        found = re.search(r'<a href="([^"]+)"[^>]*>On the timeline</a>', html)  # [^>]*: the print note's data-note
        assert found is not None
        href = found[1]
        path, _, frag = href.partition("#")
        assert frag == f"event-{e.id}"
        assert re.fullmatch(r"\.\./\.\./timeline/[0-9]+/([0-9]+/)?", path), href
        target = (site / "events" / e.id / path / "index.html").resolve()
        assert f'id="event-{e.id}"' in target.read_text(encoding="utf-8")


def test_sources_and_glossary_pages(split_site):
    pages = _pages(split_site.site, "sources")
    count = -(-len(DS.sources) // LOW["listing"])  # pages of 30: 141 sources made 5, and the data grows
    assert count >= 5
    assert sorted(pages) == sorted(["sources/"] + [f"sources/{n}/" for n in range(2, count + 1)])
    assert all(len(_ids(html, "source-")) <= LOW["listing"] for html in pages.values())
    assert all(pages["sources/"].count(f'href="{n}/"') >= 1 for n in range(2, count + 1)), "page 1 lists every page"
    # back-reference lists stop at refs links and say how many more
    first = pages["sources/"]
    assert "more (each event" in first or any("more (each event" in h for h in pages.values())
    for html in pages.values():
        for cited in re.findall(r"<span>Events: (.*?)</span>", html):
            assert cited.count("<a ") <= LOW["refs"]
    # the glossary's 23 terms fit in 30: one page
    assert _pages(split_site.site, "glossary").keys() == {"glossary/"}


@pytest.mark.parametrize("limit, split", [(len(DS.events), False), (len(DS.events) - 1, True)])
def test_timeline_splits_only_above_the_limit(tmp_path, limit, split):
    site = _build(tmp_path, {"timeline": limit, "listing": len(DS.sources) - (1 if split else 0)}).site
    timeline = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert (len(_ids(timeline, "event-")) == 0) is split
    assert (site / "timeline" / "2016").is_dir() is split
    assert (site / "sources" / "2").is_dir() is split
    if not split:
        assert len(_ids(timeline, "event-")) == len(DS.events)
        assert "jr-moved" not in timeline


def test_bad_limits_fail_the_build_in_one_line(tmp_path):
    result = _build(tmp_path, {"timeline": 0, "pages": 3}, check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert "explainer_page_limits" in result.output
    assert not (tmp_path / "site").exists()


def test_defaults_split_only_the_real_lists_that_outgrew_them():
    """The real timeline is still one page; since the story runs to the present, the sources
    (217) fill two pages and the states' event lists (Japan's 123) are capped."""
    limits = PageLimits()
    assert len(DS.events) <= limits.timeline
    assert max(len(DS.glossary), len(DS.quotes), len(DS.actors)) <= limits.listing < len(DS.sources)
    assert [a.id for a in DS.actors if len(a.events) > limits.refs] == ["japan", "russia"]


def test_chunked():
    assert chunked([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    assert chunked([1, 2], 2) == [[1, 2]]
    assert chunked([], 3) == [[]]


@pytest.mark.browser
def test_old_links_reach_moved_entries_in_a_browser(browser, split_site):
    """With the site's script, /timeline/#event-<id> and /sources/#source-<id> made before the
    split open the page that now holds the entry, at the entry."""
    sources = _moved((split_site.site / "sources" / "index.html").read_text(encoding="utf-8"))
    far_source = next(a for a, page in sources.items() if page == "5/")
    with serve(split_site.site) as origin, watched_page(browser, origin) as (page, problems):
        for old, new in (("timeline/#event-putin-visit-japan-2016", "timeline/2016/2/#event-putin-visit-japan-2016"),
                         ("timeline/#event-treaty-of-shimoda-1855", "timeline/1855/#event-treaty-of-shimoda-1855"),
                         (f"sources/#{far_source}", f"sources/5/#{far_source}")):
            page.goto(origin + old)
            page.wait_for_url(origin + new, timeout=5000)
            assert page.is_visible("#" + new.partition("#")[2])
        # an anchor still on the first page stays there
        page.goto(origin + "sources/#" + _ids((split_site.site / "sources" / "index.html").read_text(), "source-")[0])
        assert urlsplit(page.url).path == "/sources/"
        # a year page filters its own events
        page.goto(origin + "timeline/2016/2/?actor=vladimir-putin")
        shown = page.eval_on_selector_all("article.jr-tl-event", "els => els.filter(e => !e.hidden).map(e => e.id)")
        page_two = [e for e in DS.events if e.date.year == 2016][LOW["timeline"]:2 * LOW["timeline"]]
        assert shown == [f"event-{e.id}" for e in page_two if "vladimir-putin" in e.actors] != []
        assert problems == []


def test_split_pages_are_valid_html(split_site, tmp_path):
    """The Nu HTML Checker on one page of each new kind: a timeline index and year page, and the
    first and a later page of each split listing."""
    require("java", "npm")
    pages = ["timeline/", "timeline/2016/", "timeline/2016/2/", "sources/", "sources/2/", "quotes/", "quotes/2/",
             "actors/", "actors/all/2/", "map/", "map/2/", "events/sochi-summit-2016/"]
    for i, url in enumerate(pages):
        (tmp_path / f"{i}.html").write_bytes((split_site.site / url / "index.html").read_bytes())
    report = run_vnu(tools.VNU, tmp_path)
    assert len(report.files) == len(pages)
    assert report.errors == []


def test_hostile_data_split_to_one_entry_per_page_stays_inert(tmp_path):
    """tests/fixtures/hostile with every limit at 1: every listing splits, and the new pages (the
    timeline index and year pages, pagers, maps of moved anchors) carry the hostile strings as text."""
    extra = dict(read_config().get("extra") or {})
    extra["explainer_page_limits"] = {"timeline": 1, "listing": 1, "refs": 1}
    site = build(make_project(tmp_path, "hostile", config_changes={"extra": extra})).site
    pages = sorted(site.rglob("*.html"))
    assert (site / "timeline" / "index.html").read_text(encoding="utf-8").count('id="jr-moved"') == 1
    assert (site / "sources" / "2" / "index.html").is_file()
    problems = [f"{p.relative_to(site)}: {x}" for p in pages for x in page_problems(p.read_text("utf-8"))]
    assert not problems, "\n".join(problems[:40])


def test_capped_lists_say_how_many_more_and_link_to_all(split_site):
    """refs = 10: the busiest actor's page lists 10 of its events and links to the timeline page
    of its first event, filtered to it."""
    actor = max(DS.actors, key=lambda a: len(a.events))
    html = (split_site.site / "actors" / actor.id / "index.html").read_text(encoding="utf-8")
    listed = re.search(r'<ul class="jr-actor-events">(.*?)</ul>', html, re.S)
    assert listed is not None and listed[1].count("<li>") == LOW["refs"]
    assert f"The first {LOW['refs']} of {len(actor.events)} events" in html
    first_year = actor.events[0].date.year
    assert re.search(re.escape(f'<a href="../../timeline/{first_year}/?actor={actor.id}"') + r'[^>]*>the timeline</a>', html)


def test_the_split_timeline_jumps_to_the_newest_event_s_page(split_site):
    """The index's "Jump to the latest" and the home page's latest developments reach the newest
    event on its year page."""
    newest = DS.events[-1]
    index = (split_site.site / "timeline" / "index.html").read_text(encoding="utf-8")
    jump = re.search(r'<p class="jr-jump"><a href="([^"]+)"', index)
    assert jump is not None
    page, _, fragment = resolve("timeline/", jump[1]).partition("#")
    assert fragment == f"event-{newest.id}" and page.startswith(f"timeline/{newest.date.year}/")
    assert f'id="event-{newest.id}"' in (split_site.site / page / "index.html").read_text(encoding="utf-8")
    home = (split_site.site / "index.html").read_text(encoding="utf-8")
    assert f'href="{page}#event-{newest.id}"' in home
