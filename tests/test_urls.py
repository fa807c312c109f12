"""Published URLs never break: the URL contract (urls.txt) and redirects for renamed ids."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from explainer_core.publish import urls
from support.project import ROOT, build, make_project, site_env


class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.anchors: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            key = a.get("name") or a.get("http-equiv")
            if key:
                self.meta[key.lower()] = a.get("content", "")
        elif tag == "link" and "rel" in a:
            self.links[a["rel"]] = a.get("href", "")
        elif tag == "a" and "href" in a:
            self.anchors.append(a["href"])


def head(html: str) -> Head:
    h = Head()
    h.feed(html)
    return h


def sitemap_urls(site: Path) -> set[str]:
    import xml.etree.ElementTree as ET
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return {loc.text or "" for loc in ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)}


def search_locations(site: Path) -> set[str]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {d["location"].split("#")[0] for d in index["docs"]}


# --- the contract, as a table -----------------------------------------------------------------

PAGE, GONE = None, "gone"
CONTRACT_CASES = [
    ("all still served", ["/", "/a/"], {"/": PAGE, "/a/": PAGE}, []),
    ("dropped without a redirect", ["/", "/a/"], {"/": PAGE}, ["/a/: published in urls.txt but the build no longer serves it"]),
    ("dropped with a redirect", ["/", "/a/"], {"/": PAGE, "/b/": PAGE, "/a/": "/b/"}, ["/b/: new URL not yet in urls.txt"]),
    ("redirect to nowhere", ["/", "/a/"], {"/": PAGE, "/a/": "/b/"}, ["/a/: redirects to /b/, which is not a page"]),
    ("redirect chains are not allowed", ["/", "/a/", "/b/"], {"/": PAGE, "/a/": "/b/", "/b/": "/"},
     ["/a/: redirects to /b/, which is not a page"]),
    ("new page", ["/"], {"/": PAGE, "/c/": PAGE}, ["/c/: new URL not yet in urls.txt; run `make urls`"]),
]


@pytest.mark.parametrize("label, contract, served, expected", CONTRACT_CASES, ids=[c[0] for c in CONTRACT_CASES])
def test_contract_check(label, contract, served, expected):
    problems = urls.check(contract, served)
    assert len(problems) == len(expected), problems
    for p, e in zip(problems, expected):
        assert p.startswith(e), (p, e)


def test_update_only_adds():
    assert urls.updated(["/", "/gone/"], {"/": PAGE, "/new/": PAGE, "/old/": "/new/"}) == ["/", "/gone/", "/new/", "/old/"]


# --- the real site keeps every published URL -----------------------------------------------------

def test_real_site_serves_every_url_in_the_contract(real_site):
    served = urls.served_urls(real_site.site)
    problems = urls.check(urls.read_contract(ROOT / "urls.txt"), served)
    assert problems == [], "\n".join(problems)


def test_contract_is_sorted_and_lists_the_sitemap(real_site):
    listed = urls.read_contract(ROOT / "urls.txt")
    assert listed == sorted(set(listed))
    base = "https://example.org/new-approach"
    assert {base + u for u in listed} >= sitemap_urls(real_site.site)


def test_sitemap_lists_every_event_actor_and_page(real_site):
    import explainer_core
    ds = explainer_core.load_dataset(ROOT / "data", root=ROOT)
    listed = sitemap_urls(real_site.site)
    base = "https://example.org/new-approach/"
    expected = {base + f"events/{e.id}/" for e in ds.events} | {base + f"actors/{a.id}/" for a in ds.actors}
    expected |= {base + p for p in ["", "background/", "timeline/", "plan/", "actors/", "quotes/", "assessment/",
                                    "sources/", "reference/data/", "data-and-reuse/"]}
    assert expected <= listed, sorted(expected - listed)
    # and nothing but pages: every sitemap URL is a real page of the build
    pages = {base + u.lstrip("/") for u, t in urls.served_urls(real_site.site).items() if t is None}
    assert listed <= pages


@pytest.mark.parametrize("url", ["events/sochi-summit-2016/", "actors/shinzo-abe/", "timeline/", "data-and-reuse/", ""])
def test_every_page_has_its_canonical_url(real_site, url):
    assert head(real_site.html(url)).links["canonical"] == "https://example.org/new-approach/" + url


# --- renaming an id keeps the old URL working --------------------------------------------------

def _renamed_fixture(tmp_path: Path, *, keep_alias: bool = True) -> Path:
    project = make_project(tmp_path / "renamed")
    for f in (project / "data").glob("*.yml"):
        f.write_text(f.read_text(encoding="utf-8").replace("sochi-summit-2016", "sochi-summit-may-2016"), encoding="utf-8")
    if keep_alias:
        events = project / "data" / "events.yml"
        text = events.read_text(encoding="utf-8")
        text = text.replace("- id: sochi-summit-may-2016\n", "- id: sochi-summit-may-2016\n  aliases: [sochi-summit-2016]\n")
        events.write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory):
    return build(_renamed_fixture(tmp_path_factory.mktemp("rename")))


def test_renamed_event_old_url_redirects_to_the_new_page(renamed_site):
    site = renamed_site.site
    assert (site / "events" / "sochi-summit-may-2016" / "index.html").is_file()
    h = head(renamed_site.html("events/sochi-summit-2016/"))
    assert h.meta["refresh"] == "0; url=../sochi-summit-may-2016/"
    assert h.links["canonical"] == "https://example.org/new-approach/events/sochi-summit-may-2016/"
    assert h.meta["robots"] == "noindex"
    assert h.anchors == ["../sochi-summit-may-2016/"]  # works without JS or meta refresh
    served = urls.served_urls(site)
    assert served["/events/sochi-summit-2016/"] == "/events/sochi-summit-may-2016/"
    assert served["/events/sochi-summit-may-2016/"] is None


def test_redirects_stay_out_of_sitemap_and_search(renamed_site):
    site = renamed_site.site
    assert not [u for u in sitemap_urls(site) if "sochi-summit-2016" in u]
    assert "https://example.org/new-approach/events/sochi-summit-may-2016/" in sitemap_urls(site)
    locations = search_locations(site)
    assert "events/sochi-summit-may-2016/" in locations
    assert not [loc for loc in locations if "sochi-summit-2016" in loc]


def test_rename_keeps_the_contract_and_dropping_the_alias_breaks_it(minimal_site, renamed_site, tmp_path):
    before = urls.updated([], urls.served_urls(minimal_site.site))
    assert "/events/sochi-summit-2016/" in before
    after = urls.check(before, urls.served_urls(renamed_site.site))
    # The new page and its citation files are new; the old citation files are still served (citations.py).
    assert after == [f"/events/sochi-summit-may-2016/{name}: new URL not yet in urls.txt; run `make urls` and commit urls.txt"
                     for name in ("", "cite.bib", "cite.json", "cite.ris")]
    broken = build(_renamed_fixture(tmp_path, keep_alias=False))
    problems = urls.check(before, urls.served_urls(broken.site))
    assert [p for p in problems if p.startswith("/events/sochi-summit-2016/: published in urls.txt but "
                                                "the build no longer serves it")], problems


def test_redirect_title_from_data_is_escaped(tmp_path):
    project = _renamed_fixture(tmp_path)
    events = project / "data" / "events.yml"
    events.write_text(events.read_text(encoding="utf-8").replace(
        "title: Abe and Putin meet in Sochi", "title: \"</title><script>alert(1)</script>\""), encoding="utf-8")
    html = build(project).html("events/sochi-summit-2016/")
    assert "<script>alert(1)" not in html and "&lt;/title&gt;&lt;script&gt;alert(1)" in html


def test_actor_alias_redirects_too(tmp_path):
    project = make_project(tmp_path / "p")
    actors = project / "data" / "actors.yml"
    text = actors.read_text(encoding="utf-8")
    assert "- id: shinzo-abe\n" in text
    actors.write_text(text.replace("- id: shinzo-abe\n", "- id: shinzo-abe\n  aliases: [abe]\n"), encoding="utf-8")
    site = build(project).site
    assert urls.served_urls(site)["/actors/abe/"] == "/actors/shinzo-abe/"


def test_urls_command_adds_new_urls_and_reports_breaks(minimal_site, tmp_path):
    contract = tmp_path / "urls.txt"
    cmd = [sys.executable, "-m", "explainer_core", "urls", str(minimal_site.site), "--contract", str(contract)]
    env = site_env(PYTHONPATH=str(ROOT / "hooks"))
    run = subprocess.run([*cmd, "--update"], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "/events/sochi-summit-2016/" in urls.read_contract(contract)
    contract.write_text(contract.read_text(encoding="utf-8") + "/events/never-built/\n", encoding="utf-8")
    run = subprocess.run(cmd, env=env, capture_output=True, text=True)
    assert run.returncode == 1
    assert "/events/never-built/: published in" in run.stderr


def test_redirects_follow_use_directory_urls_false(tmp_path):
    project = _renamed_fixture(tmp_path)
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(text + "use_directory_urls: false\n", encoding="utf-8")
    site = build(project).site
    assert head((site / "events" / "sochi-summit-2016.html").read_text(encoding="utf-8")).meta["refresh"] == \
        "0; url=sochi-summit-may-2016.html"
    served = urls.served_urls(site)
    assert served["/events/sochi-summit-2016.html"] == "/events/sochi-summit-may-2016.html"
    assert served["/events/sochi-summit-may-2016.html"] is None


def test_data_files_are_part_of_the_contract(minimal_site):
    # Feed readers and calendars subscribe to these URLs: moving one breaks them like a page.
    served = urls.served_urls(minimal_site.site)
    for name in ["/events.json", "/actors.json", "/quotes.json", "/events.ics", "/feed.xml", "/timeline.json",
                 "/schemas/events.schema.json", "/sitemap.xml"]:
        assert served.get(name, "missing") is None, name
    assert not [u for u in served if u.startswith(("/assets/", "/search/"))]
    assert "/events.ics" in urls.read_contract(ROOT / "urls.txt")
