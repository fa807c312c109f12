"""Where things stand (issue 20, part C): plan points with a dated status, roles with their
terms of office, and the records that carry the story to the latest sources.

The first part builds a tiny site from the minimal fixture with a past role, an open role and a
plan status, and reads the pages; the second loads the real data/ with the core's own loader.
"""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest

from explainer_core import load_dataset
from explainer_core.pages import views
from support.project import ROOT, build, make_project

STANDING_FILES = {f"data/{c}/standing.yml" for c in ("events", "sources")}
STATE_MEDIA = ("TASS", "Sputnik", "RIA", "RT ", "Izvestia")

EXTRA_SOURCES = """
- id: later-2024
  updated: 2026-01-05
  title: A report of 2024
  url: https://example.org/later-2024
  publisher: Example News
  published: 2024-10-01
"""

EXTRA_ACTORS = """
- id: fumio-kishida
  updated: 2026-01-05
  name: Fumio Kishida
  kind: person
  country: japan
  roles:
    - title: Prime Minister of Japan
      from: 2021-10
      to: 2024-10-01
      source: later-2024
  sources: [later-2024]
- id: sergei-lavrov
  updated: 2026-01-05
  name: Sergei Lavrov
  kind: person
  country: russia
  roles:
    - title: Foreign Minister of Russia
      source: later-2024
  sources: [later-2024]
"""

STATUS = """  status:
    as_of: 2024-10
    summary: No report since 2022 on this point itself in the sources this site uses.
    sources: [later-2024]
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("standing"))
    data = project / "data"
    for name, extra in (("sources", EXTRA_SOURCES), ("actors", EXTRA_ACTORS)):
        path = data / f"{name}.yml"
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    plan = data / "plan_areas.yml"
    plan.write_text(plan.read_text(encoding="utf-8").rstrip("\n") + "\n" + STATUS, encoding="utf-8")
    return build(project)


def page(site, url: str):
    return lxml.html.fromstring(site.html(url))


def test_a_past_role_gives_its_years_and_is_marked_as_past(site):
    root = page(site, "actors/fumio-kishida/")
    role = root.cssselect("ul.jr-roles li")[0]
    text = " ".join(role.text_content().split())
    assert text.startswith("Prime Minister of Japan, 2021–2024 (from October 2021 until 1 October 2024): a past role")
    assert "jr-role-past" in role.get("class")
    assert [t.get("datetime") for t in role.cssselect("time")] == ["2021-10", "2024-10-01"]
    who = page(site, "whos-who/").cssselect("#who-fumio-kishida")[0]
    assert "Prime Minister of Japan, 2021–2024 (former)" in " ".join(who.text_content().split())


def test_an_open_role_reads_as_of_its_sources_date_never_as_current(site):
    recent = " ".join(page(site, "whos-who/").cssselect("#who-sergei-lavrov")[0].text_content().split())
    assert recent.endswith("Foreign Minister of Russia (as of 1 October 2024)")
    # the fixture's Abe holds a role sourced to June 2016, long before the newest source (2024)
    old = " ".join(page(site, "whos-who/").cssselect("#who-shinzo-abe")[0].text_content().split())
    assert "Prime Minister of Japan, since 2012 (as of June 2016; later changes not recorded here)" in old
    role = " ".join(page(site, "actors/shinzo-abe/").cssselect("ul.jr-roles li")[0].text_content().split())
    assert "held as of June 2016" in role and "record no later change" in role


def test_json_ld_job_title_leaves_out_roles_that_ended(site):
    import json

    def job(url):
        script = page(site, url).cssselect('script[type="application/ld+json"]')[0]
        return json.loads(script.text).get("jobTitle")

    assert job("actors/fumio-kishida/") is None
    assert job("actors/sergei-lavrov/") == "Foreign Minister of Russia"


def test_plan_point_shows_its_status_with_date_and_sources(site):
    root = page(site, "plan/")
    status = root.cssselect("p.jr-plan-status")[0]
    text = " ".join(status.text_content().split())
    assert text.startswith("Status as of October 2024: No report since 2022 on this point itself")
    assert status.cssselect("time")[0].get("datetime") == "2024-10"
    assert [a.text for a in status.cssselect("a")] == ["Example News"]
    assert "2016–2022" not in root.text_content()
    # the status's source lists the plan point among what cites it
    sources = page(site, "sources/")
    entry = sources.cssselect("#source-later-2024")[0]
    assert "Energy" in entry.text_content()


def test_role_span_years():
    from explainer_core.data.dates import FuzzyDate as D

    assert views.role_span({"title": "T", "from": D.parse("2012-12"), "to": D.parse("2020-09-16")}).years == "2012–2020"
    assert views.role_span({"title": "T", "from": D.parse("2016-09-01")}).years == "since 2016"
    assert views.role_span({"title": "T", "to": D.parse("2016-11-15")}).years == "until 2016"
    assert views.role_span({"title": "T", "from": D.parse("2024"), "to": D.parse("2024-05")}).years == "2024"
    assert views.role_span({"title": "T"}).years == ""


# --- the real data ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def data():
    return load_dataset(ROOT / "data", ROOT)


def test_every_plan_point_has_a_status_from_after_the_2022_halt(data):
    for p in data.plan_areas:
        assert p.status, p.id
        assert p.status["as_of"].first_day() >= dt.date(2022, 3, 1), p.id
        assert p.status["source_records"], p.id
    no_report = [p.id for p in data.plan_areas if "No report since 2022" in p.status["summary"]]
    assert set(no_report) == {p.id for p in data.plan_areas} - {"energy"}


def test_no_person_holds_a_role_the_sources_show_ended_without_its_end(data):
    roles = {a.id: a.roles for a in data.actors}
    ended = {"shinzo-abe": "Prime Minister of Japan", "fumio-kishida": "Prime Minister of Japan",
             "sergei-shoigu": "Defence Minister of Russia", "nikolai-patrushev": "Secretary of the Russian Security Council",
             "alexei-ulyukaev": "Minister for Economic Development of Russia", "sergei-naryshkin": "Speaker of the State Duma"}
    for actor, title in ended.items():
        role = next(r for r in roles[actor] if r["title"] == title)
        assert role.get("to") is not None, actor
    # a role left open is dated by a source, so the site can say "as of" when
    for a in data.actors:
        for r in a.roles:
            if r.get("to") is None and r.get("source_record") is not None and r["source_record"].published:
                assert views.role_span(r).as_of == r["source_record"].published


def test_standing_records_sit_in_the_right_era_and_cite_their_sources(data):
    events = [e for e in data.events if e.file in STANDING_FILES]
    assert events
    for e in events:
        after = e.date.first_day() > dt.date(2022, 9, 5)
        assert e.era == ("after-break" if after else "aftermath"), e.id
        assert e.updated.isoformat() == "2026-12-06", e.id
    sources = [s for s in data.sources if s.file in STANDING_FILES]
    assert [s.id for s in sources if not s.cited_by] == []
    assert [s.id for s in sources if s.updated.isoformat() != "2026-12-06"] == []
    state = [s for s in sources if any(m in (s.publisher or "") for m in STATE_MEDIA)]
    assert state and [s.id for s in state if "state media" not in (s.note or "") and "pro-Kremlin" not in (s.note or "")] == []


def test_where_things_stand_is_dated_on_the_home_and_background_pages():
    for name in ("index.md", "background.md"):
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert "## Where things stand (as of February 2026)" in text, name
    assert "return of the four islands" not in (ROOT / "docs" / "assessment.md").read_text(encoding="utf-8")


def test_plan_aftermath_runs_past_the_2022_break():
    from types import SimpleNamespace as NS

    def ev(i, era, themes=("economic-cooperation",)):
        return NS(id=i, era=era, plan_areas=[], themes=list(themes))

    events = [ev("sochi", "sochi"), ev("a", "aftermath"), ev("drills", "aftermath", ("security-military",)),
              ev("b", "after-break")]
    assert [e.id for e in views.plan_aftermath(NS(events=events))] == ["a", "b"]  # type: ignore[arg-type]
    # data that stops at the Sochi era still lists its last era, as before
    assert [e.id for e in views.plan_aftermath(NS(events=events[:1]))] == ["sochi"]  # type: ignore[arg-type]


def test_the_real_plan_page_lists_later_events_of_both_eras(data):
    eras = {e.era for e in views.plan_aftermath(data)}
    assert eras == {"aftermath", "after-break"}
