"""Hosting: SITE_URL at build time, the Content Security Policy, the `_headers` file, the 404
page and the deploy workflow (issue 12). The browser side is in tests/test_hosting_browser.py."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess

import pytest
from lxml import html as lxml_html

from conftest import IN_CI, ROOT, build, make_project, read_config

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
