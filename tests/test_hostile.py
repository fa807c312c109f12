"""Hostile text in the data is either rejected with a clear error or rendered inert.

tests/fixtures/hostile fills every text field of every collection with the strings in
tests/support/hostile.py (script tags, attribute and </script> breakouts, javascript: URLs, Markdown
link and attribute injection, template syntax, bidi overrides, zero-width characters...). The
build must accept it and produce pages in which no script runs, no injected element exists, and
JSON-LD stays valid JSON; the strings that validation refuses are tested one by one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from explainer_core import DataError, load_dataset
from explainer_core.data import schema
from explainer_core.pages.markup import json_for_script
from support import hostile
from support.hostile import page_problems
from support.project import FIXTURES, build, make_project


def test_the_fixture_is_what_hostile_py_generates():
    for rel, text in hostile.render_fixture().items():
        path = FIXTURES / "hostile" / rel
        assert path.read_text(encoding="utf-8") == text, f"{rel} is stale: run python tests/support/hostile.py"


def test_every_text_field_of_every_collection_holds_hostile_strings(record_property):
    data = {c.name: yaml.safe_load((FIXTURES / "hostile" / "data" / f"{c.name}.yml").read_text(encoding="utf-8"))
            for c in schema.COLLECTIONS}
    seen: set[str] = set()
    for coll, fields in hostile.text_fields().items():
        assert data[coll], coll
        for path, field in fields:
            values = []
            for rec in data[coll]:
                node = rec
                for part in path.split("."):
                    node = node.get(part) if isinstance(node, dict) else None
                    node = node[0] if isinstance(node, list) and part != path.split(".")[-1] else node
                if node is not None:
                    values.extend(node if isinstance(node, list) else [node])
            assert values, f"{coll}.{path} is never filled"
            assert all(v in hostile.strings_for(field) for v in values), f"{coll}.{path} has a harmless value"
            seen.update(values)
    assert set(hostile.HOSTILE) | set(hostile.HOSTILE_MARKDOWN) <= seen, "some hostile strings are never used"
    record_property("count:hostile strings tried", len(hostile.all_strings()))


def test_hostile_data_builds_into_pages_without_injected_markup(hostile_site):
    pages = sorted(hostile_site.site.rglob("*.html"))
    assert len(pages) > 50
    problems = [f"{p.relative_to(hostile_site.site)}: {x}" for p in pages for x in page_problems(p.read_text("utf-8"))]
    assert not problems, "\n".join(problems[:40])
    # The text is still there, shown as text: escaped once, not dropped and not double-escaped.
    event = hostile_site.html("events/event-1/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in event
    assert "&amp;lt;script" not in hostile_site.html("events/event-2/")


def test_the_page_checks_catch_injections():
    """page_problems itself: each injection it looks for is found."""
    for snippet in ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>',
                    '<iframe src=about:blank></iframe>', '<style>*{}</style>', '<a href="javascript:alert(1)">x</a>',
                    '<p onclick="x()">x</p>', '<script type="application/ld+json">{"a": </script>']:
        assert page_problems(f"<html><body>{snippet}</body></html>"), snippet
    assert not page_problems('<html><body><p>&lt;script&gt;alert(1)&lt;/script&gt;</p></body></html>')


# --- rejected, with a clear error -------------------------------------------------------------

def _minimal_with(tmp_path: Path, coll: str, field: str, value) -> tuple[Path, str]:
    project = make_project(tmp_path / "p")
    path = project / "data" / f"{coll}.yml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    header = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
    records[0][field] = value
    path.write_text("\n".join(header + [yaml.safe_dump(records, sort_keys=False, allow_unicode=True)]), encoding="utf-8")
    return project, records[0]["id"]


def test_a_javascript_source_url_stops_the_build_with_one_clear_line(tmp_path):
    project, rid = _minimal_with(tmp_path, "sources", "url", "javascript:alert(document.cookie)")
    result = build(project, check=False)
    assert result.returncode != 0
    assert re.search(rf"data/sources\.yml:\d+: source '{rid}': field 'url': 'javascript:alert\(document\.cookie\)' "
                     r"is not an absolute http\(s\) URL", result.output), result.output
    assert "nothing was built" in result.output
    assert "Traceback" not in result.output
    assert not (project / "site").exists()


@pytest.mark.parametrize("coll, field, value, message", hostile.REJECTED,
                         ids=[f"{c}.{f}={v[:30]!r}" for c, f, v, _ in hostile.REJECTED])
def test_validation_rejects(tmp_path, coll, field, value, message):
    project, rid = _minimal_with(tmp_path, coll, field, value)
    with pytest.raises(DataError) as exc:
        load_dataset(project / "data", root=project)
    singular = schema.BY_NAME[coll].singular
    lines = exc.value.report().splitlines()
    assert any(f"{singular} '{rid}': field '{field}': " in ln and message in ln for ln in lines), "\n".join(lines)


def test_a_relative_link_stops_the_build_before_the_site_is_touched(tmp_path):
    """An entity-encoded scheme has no scheme to validation: a relative link. Relative links are
    refused in the data (MkDocs' strict mode used to refuse this one only after emptying site/)."""
    project, rid = _minimal_with(tmp_path, "plan_areas", "description", "[x](jav&#x61;script:alert(1))")
    result = build(project, check=False)
    assert result.returncode != 0
    assert re.search(rf"plan area '{rid}': field 'description': has a link to 'jav&#x61;script:alert\(1' ; only "
                     .replace(" ;", ";"), result.output), result.output
    assert "nothing was built" in result.output and not (project / "site").exists()


# --- JSON-LD ----------------------------------------------------------------------------------

def test_json_for_script_keeps_every_hostile_string_inside_the_json(browser):
    """The filter that writes JSON-LD: in a real browser the block neither ends early nor runs
    anything, and JSON.parse gives back exactly the data."""
    data = {"@context": "https://schema.org", "@type": "Event", "name": hostile.all_strings(),
            "description": "".join(hostile.all_strings())}
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.set_content(f'<!doctype html><title>t</title><script type="application/ld+json">{json_for_script(data)}'
                         "</script><p id=after>after</p>")
        parsed = page.evaluate("() => [...document.querySelectorAll('script[type=\"application/ld+json\"]')]"
                               ".map(s => JSON.parse(s.textContent))")
        assert parsed == [data]
        assert page.evaluate("() => document.scripts.length") == 1
        assert page.locator("img, svg, iframe, style").count() == 0
        assert page.locator("#after").inner_text() == "after"
    finally:
        page.close()
    assert dialogs == []


# --- in the browser ---------------------------------------------------------------------------

INERT_CHECK = """() => {
  const bad = [];
  const allowed = new Set(['http:', 'https:', 'mailto:']);
  for (const el of document.querySelectorAll('[href], [src], [action], [formaction]')) {
    for (const attr of ['href', 'src', 'action', 'formaction']) {
      const raw = el.getAttribute(attr);
      if (raw === null) continue;
      const url = new URL(raw, document.baseURI);
      if (!allowed.has(url.protocol)) bad.push(`${el.tagName} ${attr}=${raw}`);
    }
  }
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) if (/^on/i.test(a.name)) bad.push(`${el.tagName} ${a.name}`);
  }
  for (const el of document.querySelectorAll('img[src="x"], svg[onload], iframe, body style')) bad.push(el.outerHTML.slice(0, 80));
  for (const s of document.scripts) if (!/json$/.test(s.type) && s.textContent.includes('alert(')) bad.push('script: ' + s.textContent.slice(0, 80));
  const jsonld = [...document.querySelectorAll('script[type="application/ld+json"]')];
  for (const s of jsonld) { try { JSON.parse(s.textContent) } catch (e) { bad.push('JSON-LD: ' + e.message) } }
  return {bad, jsonld: jsonld.length};
}"""


@pytest.mark.browser
@pytest.mark.slow
def test_in_the_browser_hostile_pages_run_no_script_and_keep_json_ld_valid(browser, hostile_site, record_property):
    from support.project import SiteServer

    server = SiteServer(hostile_site.site)
    context = browser.new_context()
    page = context.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    titles = {e["id"]: e["title"] for e in yaml.safe_load(
        (FIXTURES / "hostile" / "data" / "events.yml").read_text(encoding="utf-8"))}
    problems, jsonld = [], 0
    try:
        pages = sorted(p.relative_to(hostile_site.site).as_posix() for p in hostile_site.site.rglob("*.html"))
        for rel in pages:
            page.goto(server.url(rel.removesuffix("index.html")), wait_until="load")
            result = page.evaluate(INERT_CHECK)
            problems += [f"{rel}: {b}" for b in result["bad"]]
            jsonld += result["jsonld"]
            m = re.match(r"events/([^/]+)/index\.html$", rel)
            if m:  # the hostile title is shown, character for character, as the page heading
                h1 = page.locator(".md-content h1").first.inner_text().replace("¶", "").strip()
                if h1 != titles[m[1]].strip():
                    problems.append(f"{rel}: heading {h1!r} != title {titles[m[1]]!r}")
        # Search results are built by the theme's JavaScript from the hostile titles and text.
        page.goto(server.url(""), wait_until="load")
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("alert onerror", delay=20)
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=20_000)
        problems += [f"search results: {b}" for b in page.evaluate(INERT_CHECK)["bad"]]
    finally:
        context.close()
        server.close()
    record_property("count:hostile pages checked in the browser", len(pages))
    record_property("count:JSON-LD blocks parsed (hostile site)", jsonld)
    assert not dialogs, dialogs
    assert not problems, "\n".join(problems[:40])
    assert not errors, errors
