"""The Content Security Policy and the 404 page in a real browser (Debian's Chromium via
Playwright): the real data and docs, plus one alias so a redirect page exists, served on
127.0.0.1 under /new-approach/ by a static server that answers a missing path with 404.html,
as GitHub Pages does. Every page type loads with zero CSP violations, and search, the palette
switch and the timeline filters still work under the policy."""

from __future__ import annotations

import re
import socket
import subprocess
import threading

import pytest

from support import tools
from support.project import MKDOCS, PAGE_TYPES, ROOT, SiteServer, build, make_project, require, site_env

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Every page type, plus the prose pages the other browser checks leave out.
PAGES = {**PAGE_TYPES, "data and reuse": "data-and-reuse/", "performance": "performance/"}
# ... in each edition (issue 21): the Japanese and Russian pages carry other theme scripts (Material's
# words in their language), the switcher and the hreflang links.
EDITION_PAGES = {f"{name} ({lang})": f"{lang}/{path}" for lang in ("ja", "ru") for name, path in PAGES.items()}
ALIAS = "sochi-2016"  # an old id of sochi-summit-2016 in this test's copy of the data
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
    e => window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("hosted"), ROOT, real_docs=True, editions=("en", "ja", "ru"))
    events = project / "data" / "events.yml"
    text = events.read_text(encoding="utf-8")
    assert "- id: sochi-summit-2016\n" in text
    events.write_text(text.replace("- id: sochi-summit-2016\n", f"- id: sochi-summit-2016\n  aliases: [{ALIAS}]\n"),
                      encoding="utf-8")
    server = SiteServer(build(project).site)
    yield server
    server.close()


@pytest.fixture
def watched(browser):
    """A page whose CSP violations (the DOM event and Chromium's console report) and script
    errors are recorded; ``watched.problems()`` lists them for the current document."""
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(f"console.{m.type}: {m.text} ({m.location.get('url')})")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.problems = lambda: console + page.evaluate("() => window.__csp || []")
    yield page
    context.close()


def _policy(page) -> str:
    return page.evaluate("() => document.querySelector('meta[http-equiv=Content-Security-Policy]').content")


@pytest.mark.parametrize("name", [*PAGES, *EDITION_PAGES])
def test_every_page_type_loads_with_zero_csp_violations(watched, hosted, record_property, name):
    response = watched.goto(hosted.url({**PAGES, **EDITION_PAGES}[name]), wait_until="load")
    assert response.ok
    watched.wait_for_timeout(300)  # let the theme's deferred work (search worker, palette) run
    assert "script-src 'self' 'sha256-" in _policy(watched)
    # the theme really ran: Material's bundle replaced the no-js class
    assert "no-js" not in watched.evaluate("() => document.documentElement.className")
    assert watched.problems() == []
    record_property("count:pages checked for CSP violations", 1)


def test_json_ld_is_data_the_policy_leaves_alone(watched, hosted):
    watched.goto(hosted.url(PAGES["event"]), wait_until="load")
    data = watched.evaluate("() => [...document.querySelectorAll('script[type=\"application/ld+json\"]')]"
                            ".map(s => JSON.parse(s.textContent))")
    assert data and data[0]["@type"] == "Event"
    assert watched.problems() == []


def test_a_redirect_page_lands_on_the_new_page_without_violations(watched, hosted):
    console_before = watched.problems()
    watched.goto(hosted.url(f"events/{ALIAS}/#quotes"))
    watched.wait_for_url(hosted.url("events/sochi-summit-2016/#quotes"), timeout=15_000)
    # the fragment survived, so the inline script (not only the meta refresh) ran under the policy
    assert watched.problems() == console_before == []


def test_search_works_under_the_policy(watched, hosted):
    watched.goto(hosted.url(""), wait_until="load")
    box = watched.locator("input.md-search__input")
    box.click()
    box.press_sequentially("Sochi", delay=30)
    watched.locator(".md-search-result a[href*='events/']").first.wait_for(state="visible", timeout=20_000)
    assert watched.problems() == []


def test_the_palette_switch_works_and_is_remembered_under_the_policy(watched, hosted):
    watched.goto(hosted.url("timeline/"), wait_until="load")
    before = watched.evaluate("() => document.body.dataset.mdColorScheme")
    watched.locator("form[data-md-component=palette] label:visible").first.click()
    watched.wait_for_function("s => document.body.dataset.mdColorScheme !== s", arg=before)
    after = watched.evaluate("() => document.body.dataset.mdColorScheme")
    watched.reload(wait_until="load")  # the inline palette script restores the choice
    assert watched.evaluate("() => document.body.dataset.mdColorScheme") == after != before
    assert watched.problems() == []


def test_the_timeline_filters_work_under_the_policy(watched, hosted):
    watched.goto(hosted.url("timeline/"), wait_until="load")
    visible = "els => els.filter(e => !e.hidden && e.offsetParent !== null).length"
    every = watched.eval_on_selector_all("article.jr-tl-event", visible)
    watched.locator("form#jr-filter select[name=actor]").select_option("vladimir-putin")
    some = watched.eval_on_selector_all("article.jr-tl-event", visible)
    assert 0 < some < every
    assert "actor=vladimir-putin" in watched.url
    assert watched.problems() == []


# --- the 404 page ---------------------------------------------------------------------------

@pytest.mark.parametrize("missing", ["events/no-such-event/", "no-such-page", "a/b/c/d/"])
def test_the_404_page_works_at_any_depth(watched, hosted, missing):
    response = watched.goto(hosted.url(missing), wait_until="load")
    assert response.status == 404
    assert watched.locator("h1").first.inner_text().strip() == "Page not found"
    assert "renamed" in watched.locator("article").inner_text()
    # the theme's CSS loaded from the site root, not relative to the missing path
    assert watched.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    sheets = watched.evaluate("() => [...document.styleSheets].filter(s => s.href).map(s => s.cssRules.length)")
    assert len(sheets) >= 3 and all(n > 0 for n in sheets)
    # Chromium reports the document's own 404 status; nothing else may go wrong
    status = ("console.error: Failed to load resource: the server responded with a status of 404 (Not Found) "
              f"({hosted.url(missing)})")
    assert [p for p in watched.problems() if p != status] == []
    for name, target in [("The timeline", "timeline/"), ("The home page", "")]:
        watched.goto(hosted.url(missing), wait_until="load")
        watched.locator("article a", has_text=name).click()
        watched.wait_for_url(hosted.url(target))
        assert watched.locator(".md-content h1").count() == 1
        assert [p for p in watched.problems() if p != status] == []


def test_the_404_search_form_opens_the_site_search(watched, hosted):
    response = watched.goto(hosted.url("events/no-such-event/"), wait_until="load")
    assert response.status == 404
    watched.locator("#jr-404-q").fill("Sochi")
    watched.locator("form.jr-404-search button").click()
    watched.wait_for_url(re.compile(re.escape(hosted.url("")) + r"\??.*"))
    result = watched.locator(".md-search-result a[href*='events/']").first
    result.wait_for(state="visible", timeout=20_000)
    assert watched.locator("input.md-search__input").input_value() == "Sochi"
    assert [p for p in watched.problems() if "events/no-such-event/" not in p] == []


# --- make serve -----------------------------------------------------------------------------

def test_mkdocs_serve_keeps_live_reload_under_the_policy(watched, tmp_path):
    """`mkdocs serve` injects an inline reload script into each page; the served page's policy
    allows it (a blocked one would leave the page without live reload)."""
    project = make_project(tmp_path / "p")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([*MKDOCS, "serve", "-a", f"127.0.0.1:{port}"], cwd=project, env=site_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    started = threading.Event()

    def read():
        for line in iter(proc.stdout.readline, ""):
            output.append(line)
            if "Serving on " in line:
                started.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert started.wait(120), "".join(output)
        base = next(line.split("Serving on ")[1].strip() for line in output if "Serving on " in line)
        watched.goto(base + "events/sochi-summit-2016/", wait_until="load")
        assert watched.evaluate("() => typeof livereload") == "function", "the reload script did not run"
        assert watched.problems() == []
    finally:
        proc.terminate()
        proc.wait(30)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_21_aa_violations_on_the_404_page(browser, hosted, scheme):
    require("npm")
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)  # axe is injected as an inline script
    try:
        page = context.new_page()
        assert page.goto(hosted.url("events/no-such-event/"), wait_until="load").status == 404
        page.add_script_tag(content=tools.AXE.read_text(encoding="utf-8"))
        result = page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: "
                               "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    finally:
        context.close()
    assert len(result["passes"]) > 10
    assert [f"{v['id']}: {v['nodes'][0]['target']}" for v in result["violations"]] == []


@pytest.mark.parametrize("path", ["events/sochi-summit-2016/", "ja/events/sochi-summit-2016/", "ru/actors/"])
def test_material_fetches_no_sitemap_beside_the_hreflang_links(watched, hosted, path):
    """Issue 21: Material's selector script fetches sitemap.xml beside every <link rel=alternate>;
    hreflang.js keeps the per-page hreflang links from it, and puts them back."""
    requested: list[str] = []
    watched.on("request", lambda r: requested.append(r.url))
    watched.goto(hosted.url(path), wait_until="load")
    watched.wait_for_timeout(500)
    sitemaps = sorted({u for u in requested if u.endswith("sitemap.xml")})
    assert all(u in (hosted.url("sitemap.xml"), hosted.url("ja/sitemap.xml"), hosted.url("ru/sitemap.xml"))
               for u in sitemaps), sitemaps
    langs = watched.evaluate("() => [...document.querySelectorAll('link[rel=alternate][hreflang]')].map(l => l.hreflang)")
    assert langs == ["en", "ja", "ru", "x-default"]
    assert watched.problems() == []
