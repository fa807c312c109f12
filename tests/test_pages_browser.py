"""The timeline's filter script in a real browser (headless Debian Chromium via Playwright).

Uses the browser helpers of tests/support/project.py (no network: off-origin requests fail).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from support.project import serve, watched_page

pytestmark = pytest.mark.browser

VISIBLE = "els => els.filter(e => !e.hidden && e.offsetParent !== null).map(e => e.id.slice(6))"


def visible_events(page):
    return page.eval_on_selector_all("article.jr-tl-event", VISIBLE)


def test_filters_narrow_the_timeline_and_live_in_the_url(browser, minimal_site):
    with serve(minimal_site.site) as origin, watched_page(browser, origin) as (page, problems):
        page.goto(origin + "timeline/?actor=vladimir-putin")
        assert page.is_visible("form#jr-filter") and not page.is_visible(".jr-filter-index")
        assert visible_events(page) == ["sochi-summit-2016", "year-end-visit", "putin-visits-japan-2016"]
        assert page.inner_text("#jr-filter-status") == "Showing 3 of 4 events: Vladimir Putin."
        # both placings of the picture (wide, and narrow for phones) dim the same marks
        for placing in ("wide", "narrow"):
            dimmed = page.eval_on_selector_all(f".jr-tl-svg--{placing} .jr-svg-mark.jr-dim",
                                               "els => els.map(e => e.dataset.event)")
            assert dimmed == ["abe-returns-2012"], placing
        # the 2012 year heading has nothing left under it
        assert not page.is_visible("#y2012-background") and page.is_visible("#y2016-sochi")

        page.select_option("form#jr-filter select[name=theme]", "diplomacy")
        assert parse_qs(urlsplit(page.url).query) == {"actor": ["vladimir-putin"], "theme": ["diplomacy"]}
        assert visible_events(page) == ["sochi-summit-2016"]

        page.go_back()  # the previous filter state comes back
        assert visible_events(page) == ["sochi-summit-2016", "year-end-visit", "putin-visits-japan-2016"]

        page.click("form#jr-filter button[type=reset]")
        assert urlsplit(page.url).query == "" and len(visible_events(page)) == 4

        # a no-JavaScript link to a theme section becomes a shareable filter
        page.goto(origin + "timeline/#filter-theme-diplomacy")  # same document: a hashchange
        page.wait_for_function("location.search === '?theme=diplomacy'", timeout=5000)
        assert urlsplit(page.url).query == "theme=diplomacy" and urlsplit(page.url).fragment == ""
        assert visible_events(page) == ["sochi-summit-2016"]
        page.goto(origin + "events/sochi-summit-2016/")  # and from another page, on load
        page.goto(origin + "timeline/#filter-actor-shinzo-abe")
        assert urlsplit(page.url).query == "actor=shinzo-abe"
        assert visible_events(page) == ["abe-returns-2012", "sochi-summit-2016", "putin-visits-japan-2016"]
        assert problems == []


def test_without_javascript_the_index_shows_and_the_form_stays_hidden(browser, minimal_site):
    with serve(minimal_site.site) as origin, watched_page(browser, origin, java_script_enabled=False) as (page, problems):
        page.goto(origin + "timeline/?actor=vladimir-putin")
        assert not page.is_visible("form#jr-filter") and page.is_visible(".jr-filter-index")
        assert len(visible_events(page)) == 4  # the query string does nothing without the script
        page.click(".jr-filter-index a[data-value=diplomacy]")
        assert urlsplit(page.url).fragment == "filter-theme-diplomacy"
        assert page.is_visible("#filter-theme-diplomacy")
        assert problems == []


def test_picture_marks_are_links_in_the_accessibility_tree(browser, minimal_site):
    # (with xlink:href instead of href, Chromium leaves SVG links out of the tree)
    with serve(minimal_site.site) as origin, watched_page(browser, origin) as (page, problems):
        page.goto(origin + "timeline/")
        svg = page.locator("svg.jr-tl-svg")
        assert svg.get_by_role("link").count() == 4
        mark = svg.get_by_role("link", name="2. 6 May 2016: Abe and Putin meet in Sochi", exact=True)
        mark.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/events/sochi-summit-2016/")
        assert problems == []
