"""Every page says when its content last changed, from the data (issue 20): records' `updated`,
hand-written pages' front matter; the same day in the page, its JSON-LD, the sitemap and the feed,
and never the build's clock."""

from __future__ import annotations

import datetime as dt
import filecmp
import gzip
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from icalendar import Calendar

from support.project import ROOT, build, make_project

sys.path.insert(0, str(ROOT / "tools"))
import backfill_updated  # noqa: E402

BASE = "https://example.org/new-approach/"  # mkdocs.yml's default site_url

# The minimal fixture's dates (tests/fixtures/minimal): what each page must show, and why.
PAGES = [
    ("events/sochi-summit-2016/", "2021-04-04", "4 April 2021"),  # its actor Putin changed after the event (2021-03-01)
    ("events/abe-returns-2012/", "2020-01-10", "10 January 2020"),  # the event itself is the latest it shows
    ("events/year-end-visit/", "2021-06-15", "15 June 2021"),
    ("timeline/", "2021-06-15", "15 June 2021"),  # a listing: its latest event
    ("actors/", "2021-04-04", "4 April 2021"),  # the actor directory: its latest actor
    ("actors/shinzo-abe/", "2021-03-01", "1 March 2021"),  # an actor page lists its events: the Sochi summit's
    ("sources/", "2019-05-05", "5 May 2019"),
    ("glossary/", "2021-06-15", "15 June 2021"),  # empty: the dataset's latest
    ("", "2018-08-08", "8 August 2018"),  # the hand-written home page: its front matter
]


def jsonld(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)]


def date_modified(html: str) -> str:
    (data,) = jsonld(html)
    return data["dateModified"] if data["@type"] == "WebPage" else data["mainEntityOfPage"]["dateModified"]


def lastmods(site: Path) -> dict:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(site / "sitemap.xml").getroot()
    return {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in root.findall("s:url", ns)}


@pytest.mark.parametrize("url, iso, shown", PAGES, ids=[p[0] or "home" for p in PAGES])
def test_each_page_shows_its_date_and_gives_it_to_json_ld_and_the_sitemap(minimal_site, url, iso, shown):
    html = minimal_site.html(url)
    lines = re.findall(r'<p class="jr-updated">(.*?)</p>', html)
    assert lines == [f'Last updated: <time datetime="{iso}">{shown}</time>']  # one visible line
    assert date_modified(html) == iso
    assert lastmods(minimal_site.site)[BASE + url] == iso


def test_json_ld_of_a_page_without_its_own_is_a_web_page(minimal_site):
    (data,) = jsonld(minimal_site.html("sources/"))
    assert data == {"@context": "https://schema.org", "@type": "WebPage", "@id": BASE + "sources/",
                    "url": BASE + "sources/", "name": "Sources", "dateModified": "2019-05-05"}


def test_every_page_in_the_sitemap_has_a_date_from_the_data(minimal_site):
    dates = lastmods(minimal_site.site)
    assert dates and all(re.fullmatch(r"20(18|19|20|21)-\d\d-\d\d", d) for d in dates.values()), dates


def test_the_feed_and_calendar_carry_the_events_updated(minimal_site):
    feed = feedparser.parse((minimal_site.site / "feed.xml").read_bytes())
    assert feed.feed.updated == "2021-06-15T00:00:00+00:00"  # the latest entry's
    entries = {e.id: e.updated for e in feed.entries}
    assert entries[BASE + "events/sochi-summit-2016/"] == "2021-03-01T00:00:00+00:00"  # the event's own `updated`
    assert entries[BASE + "events/abe-returns-2012/"] == "2020-01-10T00:00:00+00:00"
    cal = Calendar.from_ical((minimal_site.site / "events.ics").read_bytes())
    (sochi,) = [ev for ev in cal.walk("VEVENT") if str(ev["UID"]).startswith("sochi-summit-2016@")]
    stamp = dt.datetime(2021, 3, 1, tzinfo=dt.UTC)
    assert sochi.decoded("LAST-MODIFIED") == sochi.decoded("DTSTAMP") == stamp
    events = json.loads((minimal_site.site / "events.json").read_text(encoding="utf-8"))["events"]
    assert {e["id"]: e["updated"] for e in events}["sochi-summit-2016"] == "2021-03-01"


def test_builds_are_byte_identical_whatever_the_build_clock(tmp_path):
    project = make_project(tmp_path / "p", editions=("en", "ja", "ru"))  # every edition, each sitemap
    first = build(project, "-d", str(tmp_path / "one"), env={"SOURCE_DATE_EPOCH": "1480000000"})
    second = build(project, "-d", str(tmp_path / "two"), env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert first.returncode == second.returncode == 0
    compared = filecmp.dircmp(tmp_path / "one", tmp_path / "two")

    def differing(c: filecmp.dircmp) -> list[str]:
        out = c.left_only + c.right_only + c.diff_files + c.funny_files
        for sub in c.subdirs.values():
            out += differing(sub)
        return out

    assert differing(compared) == []
    # filecmp compares contents when sizes match; be sure about the two files with timestamps
    assert (tmp_path / "one" / "ja" / "index.html").is_file() and (tmp_path / "one" / "ru" / "index.html").is_file()
    for edition in ("", "ja/", "ru/"):
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            assert (tmp_path / "one" / edition / name).read_bytes() == (tmp_path / "two" / edition / name).read_bytes()
        one = tmp_path / "one" / edition
        assert gzip.decompress((one / "sitemap.xml.gz").read_bytes()) == (one / "sitemap.xml").read_bytes()


# --- tools/backfill_updated.py ---------------------------------------------------------------------

def git(repo: Path, *args: str, when: str | None = None) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(repo), "PATH": "/usr/bin:/bin"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


FIRST = """# Events: a comment that must stay.

- id: one
  title: One
  summary: >-
    Folded text
    over two lines.
  actors: [a, b]

# --- a section comment ---
- title: Two (id not first)
  id: two
  sources:
    - s1
    - s2
- id: three
  updated: 2001-01-01
  title: Already dated
"""


def test_backfill_dates_each_record_from_the_last_commit_touching_its_lines(tmp_path):
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    (repo / "docs").mkdir()
    git(repo, "init", "-q")
    events = repo / "data" / "events.yml"
    events.write_text(FIRST, encoding="utf-8")
    (repo / "docs" / "page.md").write_text("# Page\n", encoding="utf-8")
    (repo / "docs" / "meta.md").write_text("---\ntitle: Meta\n---\n\n# Meta\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "first", when="2020-03-04T23:30:00-05:00")  # 2020-03-05 in UTC
    events.write_text(FIRST.replace("    - s2\n", "    - s3\n"), encoding="utf-8")  # touches record 'two' only
    git(repo, "commit", "-qam", "second", when="2021-07-08T12:00:00+00:00")
    (repo / "docs" / "new.md").write_text("# Never committed\n", encoding="utf-8")

    assert backfill_updated.main(["--data", str(repo / "data"), "--docs", str(repo / "docs"), "--check"]) == 1
    assert events.read_text(encoding="utf-8") == FIRST.replace("    - s2\n", "    - s3\n")  # --check changes nothing
    assert backfill_updated.main(["--data", str(repo / "data"), "--docs", str(repo / "docs")]) == 0
    today = dt.datetime.now(dt.UTC).date().isoformat()
    expected = FIRST.replace("    - s2\n", "    - s3\n")
    expected = expected.replace("- id: one\n", "- id: one\n  updated: 2020-03-05\n")
    expected = expected.replace("  id: two\n", "  id: two\n  updated: 2021-07-08\n")
    assert events.read_text(encoding="utf-8") == expected  # one line per record, nothing else changed
    assert (repo / "docs" / "page.md").read_text(encoding="utf-8") == "---\nupdated: 2020-03-05\n---\n\n# Page\n"
    assert (repo / "docs" / "meta.md").read_text(encoding="utf-8") == "---\ntitle: Meta\nupdated: 2020-03-05\n---\n\n# Meta\n"
    assert (repo / "docs" / "new.md").read_text(encoding="utf-8") == f"---\nupdated: {today}\n---\n\n# Never committed\n"
    # again: everything is dated, so nothing changes
    assert backfill_updated.main(["--data", str(repo / "data"), "--docs", str(repo / "docs"), "--check"]) == 0


def test_backfill_counts_uncommitted_lines_as_today(tmp_path):
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    git(repo, "init", "-q")
    events = repo / "data" / "events.yml"
    events.write_text("- id: one\n  title: One\n- id: two\n  title: Two\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "first", when="2019-01-02T10:00:00+00:00")
    events.write_text("- id: one\n  title: One, edited\n- id: two\n  title: Two\n", encoding="utf-8")
    text, notes = backfill_updated.backfill_data_file(events)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert notes == []
    assert text == f"- id: one\n  updated: {today}\n  title: One, edited\n- id: two\n  updated: 2019-01-02\n  title: Two\n"
