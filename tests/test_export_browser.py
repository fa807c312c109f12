"""Real clients in a real browser: TimelineJS renders timeline.json, and a redirect page for a
renamed id lands on the new page. Headless Debian Chromium via Playwright, over a local
http.server on 127.0.0.1; every other request is blocked and fails the test.

Outside CI a missing Chromium, Playwright or node_modules skips these tests with the reason;
in CI (CI=true) it fails them.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest

from support.project import ROOT, build, make_project, serve, unavailable, watched_page

pytestmark = pytest.mark.browser

TIMELINEJS = ROOT / "node_modules" / "@knight-lab" / "timelinejs" / "dist"


HARNESS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TimelineJS harness</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="css/timeline.css">
<script src="js/timeline.js"></script></head>
<body><div id="timeline" style="width: 1100px; height: 650px"></div>
<script>
fetch("timeline.json").then(r => r.json()).then(data => {
  window.timeline = new TL.Timeline("timeline", data, {
    script_path: new URL("js/", location.href).href,  // fonts and locales from node_modules, not the CDN
    hash_bookmark: false,
    font: null,  // the "default" font theme loads Google Fonts; the test has no network
  });
  window.timeline.on("loaded", () => { window.timelineLoaded = true; });
}).catch(e => { console.error("harness: " + e); });
</script></body></html>
"""


def render_timeline(browser, site: Path, tmp_path: Path):
    if not (TIMELINEJS / "js" / "timeline.js").is_file():
        unavailable(f"{TIMELINEJS} not found; run `npm ci` to install @knight-lab/timelinejs from package-lock.json")
    root = tmp_path / "harness"
    root.mkdir()
    shutil.copytree(TIMELINEJS / "js", root / "js")
    shutil.copytree(TIMELINEJS / "css", root / "css")
    shutil.copy(site / "timeline.json", root / "timeline.json")
    (root / "index.html").write_text(HARNESS, encoding="utf-8")
    with serve(root) as origin, watched_page(browser, origin) as (page, problems):
        page.goto(origin + "index.html")
        page.wait_for_function("window.timelineLoaded === true", timeout=30_000)
        page.wait_for_timeout(300)  # let TimelineJS finish laying out the nav
        result = page.evaluate("""() => ({
            count: window.timeline.config.events.length,
            slides: document.querySelectorAll('.tl-slide').length,
            headlines: [...document.querySelectorAll('.tl-slide .tl-headline')].map(h => h.textContent.trim()),
            markers: document.querySelectorAll('.tl-timemarker').length,
            eras: document.querySelectorAll('.tl-timeera').length,
            pwned: window.__pwned === 1,
        })""")
    return result, problems


def test_timelinejs_renders_our_timeline_without_errors(browser, real_site, tmp_path):
    data = json.loads((real_site.site / "timeline.json").read_text(encoding="utf-8"))
    result, problems = render_timeline(browser, real_site.site, tmp_path)
    assert problems == []
    assert result["count"] == len(data["events"]) > 0
    assert result["slides"] == len(data["events"]) + 1  # plus the title slide
    assert result["markers"] == len(data["events"])
    assert result["eras"] == len(data["eras"])
    expected = [html.unescape(e["text"]["headline"]) for e in data["events"]]
    assert set(expected) <= set(result["headlines"])


def test_timelinejs_shows_hostile_text_as_text(browser, tmp_path):
    hostile = '<img src=x onerror="window.__pwned=1">Sochi & co'
    project = make_project(tmp_path / "p")
    events = project / "data" / "events.yml"
    events.write_text(events.read_text(encoding="utf-8").replace(
        "title: Abe and Putin meet in Sochi", "title: " + json.dumps(hostile)), encoding="utf-8")
    site = build(project).site
    result, problems = render_timeline(browser, site, tmp_path)
    assert problems == [] and not result["pwned"]
    assert hostile in result["headlines"]


def test_old_url_of_a_renamed_event_lands_on_the_new_page(browser, tmp_path):
    project = make_project(tmp_path / "p")
    for f in (project / "data").glob("*.yml"):
        f.write_text(f.read_text(encoding="utf-8").replace("sochi-summit-2016", "sochi-summit-may-2016"),
                     encoding="utf-8")
    events = project / "data" / "events.yml"
    events.write_text(events.read_text(encoding="utf-8").replace(
        "- id: sochi-summit-may-2016\n", "- id: sochi-summit-may-2016\n  aliases: [sochi-summit-2016]\n"),
        encoding="utf-8")
    site = build(project).site
    # Serve the site under its real base path, as it is deployed.
    root = tmp_path / "www"
    shutil.copytree(site, root / "new-approach")
    with serve(root) as origin:
        with watched_page(browser, origin) as (page, problems):
            page.goto(origin + "new-approach/events/sochi-summit-2016/#quotes")
            page.wait_for_url(origin + "new-approach/events/sochi-summit-may-2016/#quotes", timeout=15_000)
            assert page.locator("h1").first.inner_text().startswith("Abe and Putin meet in Sochi")
        assert problems == []
        # Without JavaScript the meta refresh gets there too.
        with watched_page(browser, origin, java_script_enabled=False) as (page, problems):
            page.goto(origin + "new-approach/events/sochi-summit-2016/")
            page.wait_for_url(origin + "new-approach/events/sochi-summit-may-2016/", timeout=15_000)
            assert page.locator("h1").first.inner_text().startswith("Abe and Putin meet in Sochi")
        assert problems == []
