"""The real site in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium).

The real data and docs are built once per session and served on 127.0.0.1 under
/new-approach/ (the path of mkdocs.yml's site_url), so relative links, the search worker and
the theme's assets load exactly as on the hosted site.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

import pytest

from explainer_core import load_dataset
from support import tools
from support.project import PAGE_TYPES, ROOT, require

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT / "data", root=ROOT)


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    context.close()


def _open(page, url: str):
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response.status if response else '?'}"
    return response


def _main_text(locator) -> str:
    """Visible text of a heading without Material's permalink sign."""
    return locator.inner_text().replace("¶", "").strip()


# --- navigation -------------------------------------------------------------------------------

def test_every_event_is_linked_from_the_timeline_and_its_link_reaches_the_event(page, real_server, dataset):
    _open(page, real_server.url("timeline/"))
    hrefs = page.eval_on_selector_all(".md-content a[href]", "els => els.map(a => a.href)")
    for event in dataset.events:
        target = real_server.url(f"events/{event.id}/")
        assert target in hrefs, f"the timeline does not link to {event.id}"
    # Follow every event link the way a reader would land on it.
    for event in dataset.events:
        _open(page, real_server.url(f"events/{event.id}/"))
        assert _main_text(page.locator(".md-content h1")) == event.title
    # And one real click, through the timeline's own link.
    first = dataset.events[0]
    _open(page, real_server.url("timeline/"))
    page.locator(f'.md-content a[href$="events/{first.id}/"]').first.click()
    page.wait_for_url(real_server.url(f"events/{first.id}/"))
    assert _main_text(page.locator(".md-content h1")) == first.title
    assert page.dialogs == []


def _distinctive_word(dataset, event) -> str:
    """A word from the event's summary that no other event's title or summary uses."""
    def words(text):
        return {w.lower() for w in re.findall(r"[A-Za-z]{6,}", text)}
    others = Counter(w for e in dataset.events if e is not event for w in words(e.title + " " + e.summary))
    candidates = sorted(w for w in words(event.summary) if others[w] == 0)
    assert candidates, f"no distinctive word in the summary of {event.id}"
    return candidates[0]


def test_search_finds_an_event_by_a_word_from_its_summary(page, real_server, dataset):
    event = next(e for e in dataset.events if e.id == "sochi-summit-2016")
    word = _distinctive_word(dataset, event)
    _open(page, real_server.url(""))
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(word, delay=30)
    result = page.locator(f'.md-search-result a[href*="events/{event.id}/"]').first
    result.wait_for(state="visible", timeout=20_000)
    result.click()
    page.wait_for_url(re.compile(re.escape(real_server.url(f"events/{event.id}/"))))
    assert _main_text(page.locator(".md-content h1")) == event.title


# --- phone width ------------------------------------------------------------------------------

@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_no_page_type_overflows_a_phone_screen(phone, real_server):
    overflowing = []
    for name, path in PAGE_TYPES.items():
        _open(phone, real_server.url(path))
        width = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            overflowing.append(f"{name} ({path}): {width[0]}px wide in a {width[1]}px viewport")
    assert not overflowing, "\n".join(overflowing)


def test_the_map_is_legible_on_a_phone_and_its_marks_lead_to_their_entries(phone, real_server):
    _open(phone, real_server.url("map/"))
    sizes = phone.evaluate("""() => [...document.querySelectorAll('svg.jr-map-svg text')]
        .filter(t => t.getBoundingClientRect().width > 0 && getComputedStyle(t).display !== 'none')
        .map(t => [t.textContent.trim(), t.getBoundingClientRect().height])""")
    assert len(sizes) >= 8  # area names and mark numbers stay on the map
    small = [f"{text!r}: {height:.1f}px" for text, height in sizes if height < 9]
    assert not small, "map text too small to read at 390px:\n" + "\n".join(small)
    # Point names give way to numbered marks at this width; each mark is a comfortable target.
    assert phone.locator("svg.jr-map-svg .jr-map-label--point").first.is_hidden()
    mark = phone.locator("#map-close-up a.jr-map-mark--point").first
    box = mark.bounding_box()
    assert box["width"] >= 14 and box["height"] >= 14
    target = mark.get_attribute("href")
    mark.click()
    phone.wait_for_url(real_server.url("map/" + target))
    assert phone.locator(target).is_visible()


def test_the_navigation_drawer_opens_and_navigates_on_a_phone(phone, real_server):
    _open(phone, real_server.url(""))
    timeline_link = phone.locator(".md-sidebar--primary .md-nav__link", has_text="Timeline").first
    assert not timeline_link.is_visible() or timeline_link.bounding_box()["x"] < 0
    phone.locator("label.md-header__button[for=__drawer]").first.click()
    phone.wait_for_function("() => document.querySelector('#__drawer').checked")
    # The drawer slides in: wait until the link is fully on screen.
    phone.wait_for_function("([el, w]) => { const r = el.getBoundingClientRect(); return r.left >= 0 && r.right <= w }",
                            arg=[timeline_link.element_handle(), PHONE["width"]])
    timeline_link.click()
    phone.wait_for_url(real_server.url("timeline/"))


# --- JavaScript off ---------------------------------------------------------------------------

def test_with_javascript_off_the_timeline_shows_every_event(browser, real_server, dataset):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        _open(page, real_server.url("timeline/"))
        for event in dataset.events:
            link = page.locator(f'.md-content a[href$="events/{event.id}/"]').first
            assert link.is_visible(), f"{event.id} is hidden without JavaScript"
            item = page.locator(f"#event-{event.id}")
            assert item.count() == 1 and item.is_visible(), f"#event-{event.id} is missing or hidden"
            assert event.summary[:40] in item.inner_text()
    finally:
        context.close()


# --- accessibility ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def axe_source():
    require("npm")
    return tools.AXE.read_text(encoding="utf-8")


# Each page type in each palette in English; in the Japanese and Russian editions (issue 21), whose
# pages differ in their words, language switcher and notes but not in their colours, each page type
# in the light palette and the dark one on a sample of three.
AXE_CASES = [("", name, scheme) for name in PAGE_TYPES for scheme in ("light", "dark")]
AXE_CASES += [(lang, name, "light") for lang in ("ja/", "ru/") for name in PAGE_TYPES]
AXE_CASES += [(lang, name, "dark") for lang in ("ja/", "ru/") for name in ("home", "event", "timeline")]
PALETTES = {"light": "default", "dark": "slate"}


@pytest.mark.parametrize("edition, name, scheme", AXE_CASES)
def test_axe_finds_no_wcag_21_aa_violations(browser, real_server, axe_source, record_property, edition, name, scheme):
    palette = PALETTES[scheme]
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)  # axe is injected as an inline script
    try:
        page = context.new_page()
        _open(page, real_server.url(edition + PAGE_TYPES[name]))
        # Material picks the palette from prefers-color-scheme: check it really switched.
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == palette
        page.add_script_tag(content=axe_source)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    finally:
        context.close()
    rules = {r["id"] for kind in ("passes", "violations", "incomplete", "inapplicable") for r in result[kind]}
    assert len(rules) > 40  # the WCAG 2.1 A/AA rule set really ran
    record_property("max:axe rules run per page", len(rules))
    record_property("count:axe page checks (edition x page type x palette)", 1)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} node(s), e.g. {v['nodes'][0]['target']}: "
        f"{v['nodes'][0]['failureSummary']}"
        for v in result["violations"]
    ]
    assert not violations, "\n".join(violations)


# --- timeline filters -------------------------------------------------------------------------

FILTERS = {"actor": "actors", "theme": "themes", "plan": "plan_areas"}  # URL parameter -> event field
VISIBLE_EVENTS = ("els => els.filter(e => !e.hidden && e.offsetParent !== null)"
                  ".map(e => e.id.replace(/^event-/, ''))")


def _visible_events(page) -> list[str]:
    return page.eval_on_selector_all("article.jr-tl-event", VISIBLE_EVENTS)


def _query(page) -> dict[str, list[str]]:
    from urllib.parse import parse_qs
    return parse_qs(urlsplit(page.url).query)


def test_every_timeline_filter_shows_exactly_the_events_the_data_gives_it(page, real_server, dataset,
                                                                          record_property):
    """Each option of each filter, chosen in the form, shows the events whose data lists that
    actor, theme or plan area (in date order), and puts the choice in the URL."""
    _open(page, real_server.url("timeline/"))
    order = [e.id for e in dataset.events]
    assert _visible_events(page) == order
    tried = 0
    for param, field in FILTERS.items():
        select = page.locator(f"form#jr-filter select[name={param}]")
        values = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
        used = {x for e in dataset.events for x in getattr(e, field)}
        assert set(values) == used, f"{param}: the options are not the {field} that events use"
        for value in values:
            select.select_option(value)
            wanted = [e.id for e in dataset.events if value in getattr(e, field)]
            assert _visible_events(page) == wanted, f"{param}={value}"
            assert _query(page) == {param: [value]}
            label = select.locator(f"option[value='{value}']").inner_text()
            assert label.endswith(f"({len(wanted)})"), f"{param}={value}: option says {label!r}, {len(wanted)} shown"
            tried += 1
        select.select_option("")
        assert _visible_events(page) == order and _query(page) == {}
    record_property("count:timeline filter options tried", tried)
    assert page.dialogs == []


def test_a_filtered_timeline_url_can_be_shared_and_the_back_button_undoes_a_filter(page, real_server, dataset):
    both = [e for e in dataset.events if "vladimir-putin" in e.actors and "territorial-dispute" in e.themes]
    assert both, "the data no longer has an event with Putin on the territorial dispute"
    putin = [e.id for e in dataset.events if "vladimir-putin" in e.actors]
    _open(page, real_server.url("timeline/?actor=vladimir-putin"))
    assert _visible_events(page) == putin
    page.locator("form#jr-filter select[name=theme]").select_option("territorial-dispute")
    assert _query(page) == {"actor": ["vladimir-putin"], "theme": ["territorial-dispute"]}
    assert _visible_events(page) == [e.id for e in both]
    shared = page.url
    page.go_back()
    assert _visible_events(page) == putin and _query(page) == {"actor": ["vladimir-putin"]}
    # Someone else opens the shared link: same events, same form state.
    other = page.context.new_page()
    _open(other, shared)
    assert _visible_events(other) == [e.id for e in both]
    assert other.locator("form#jr-filter select[name=theme]").input_value() == "territorial-dispute"
    status = other.locator("#jr-filter-status").inner_text()
    assert f"{len(both)} of {len(dataset.events)}" in status, status
    other.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_a_filtered_timeline_at_phone_width(browser, real_server, axe_source, scheme):
    """The filter form, the status line and the narrowed list as a phone user sees them."""
    context = browser.new_context(color_scheme=scheme, viewport=PHONE, is_mobile=True, has_touch=True,
                                  bypass_csp=True)  # axe is injected as an inline script
    try:
        page = context.new_page()
        _open(page, real_server.url("timeline/?actor=shinzo-abe&theme=economic-cooperation"))
        assert page.locator("form#jr-filter").is_visible()
        width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"the filtered timeline is {width[0]}px wide in a {width[1]}px viewport"
        page.add_script_tag(content=axe_source)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    finally:
        context.close()
    violations = [f"{v['id']}: {v['help']} — {v['nodes'][0]['target']}: {v['nodes'][0]['failureSummary']}"
                  for v in result["violations"]]
    assert not violations, "\n".join(violations)
