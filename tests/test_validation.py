"""Every kind of bad data gives one clear line: file, line, record, field, message."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from explainer_core import DataError, load_dataset, pipeline
from support.project import FIXTURES, build_here, make_project


def _copy(tmp_path: Path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal" / "data", dest / "data")
    return dest


def _problems(project: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_dataset(project / "data", root=project)
    return [str(p) for p in info.value.problems]


def _line(text: str, needle: str) -> int:
    at = text.find(needle)
    if at < 0:
        raise AssertionError(f"{needle!r} not in the edited file")
    return text.count("\n", 0, at) + 1


# (file, old text, new text, needle marking the reported line, expected message after "file:line: ")
CASES = [
    ("unknown key", "events.yml", "  era: sochi\n  place: sochi", "  era: sochi\n  titel: Typo\n  place: sochi",
     "titel:", "event 'sochi-summit-2016': field 'titel': unknown field (did you mean 'title'?)"),
    ("missing required", "events.yml", "  summary: Shinzo Abe becomes prime minister again.\n", "",
     "- id: abe-returns-2012", "event 'abe-returns-2012': field 'summary': is required"),
    ("wrong type", "plan_areas.yml", "number: 1", "number: one",
     "number: one", "plan area 'energy': field 'number': expected a whole number, got text"),
    ("number where text is expected", "events.yml", "title: Abe returns to power", "title: 2012",
     "title: 2012", "event 'abe-returns-2012': field 'title': expected text, got a number (put the value in quotes)"),
    ("malformed date", "events.yml", "date: 2012-12", "date: 12/2012",
     "date: 12/2012", "event 'abe-returns-2012': field 'date': '12/2012' is not a date"),
    ("impossible date", "events.yml", "date: 2016-05-06", "date: 2016-02-30",
     "date: 2016-02-30", "event 'sochi-summit-2016': field 'date': '2016-02-30' is impossible: February 2016 has 29 days"),
    ("duplicate id", "events.yml", "- id: year-end-visit", "- id: sochi-summit-2016",
     "- id: sochi-summit-2016\n  updated: 2021-06-15\n  title: A possible", "event 'sochi-summit-2016': field 'id': duplicate id; first used at data/events.yml:"),
    ("unknown reference", "events.yml", "actors: [shinzo-abe, vladimir-putin]", "actors: [shinzo-abe, vladimir-puttin]",
     "vladimir-puttin", "event 'sochi-summit-2016': field 'actors': unknown actor 'vladimir-puttin' (did you mean 'vladimir-putin'?)"),
    ("unknown reference in a nested record", "events.yml", "event: putin-visits-japan-2016", "event: putin-visit-japan-2016",
     "event: putin-visit-japan", "event 'year-end-visit': field 'outcome.event': unknown event 'putin-visit-japan-2016' (did you mean 'putin-visits-japan-2016'?)"),
    ("unknown speaker", "quotes.yml", "speaker: shinzo-abe", "speaker: abe",
     "speaker: abe", "quote 'abe-breakthrough': field 'speaker': unknown actor 'abe'"),
    ("bad enum", "events.yml", "era: sochi\n  place", "era: sochy\n  place",
     "era: sochy", "event 'sochi-summit-2016': field 'era': 'sochy' is not one of: background, sochi, aftermath, after-break (did you mean 'sochi'?)"),
    ("non-http URL", "sources.yml", "url: https://thediplomat.com/2016/06/japans-new-approach-to-russia/", "url: javascript:alert(1)",
     "url: javascript", "source 'diplomat-2016': field 'url': 'javascript:alert(1)' is not an absolute http(s) URL"),
    ("bad id", "places.yml", "- id: sochi", "- id: Sochi City",
     "- id: Sochi City", "place 'Sochi City': field 'id': 'Sochi City' is not a valid id"),
    ("alias collides with a live id", "events.yml", "- id: abe-returns-2012\n", "- id: abe-returns-2012\n  aliases: [sochi-summit-2016]\n",
     "aliases:", "event 'abe-returns-2012': field 'aliases': 'sochi-summit-2016' is the id of a live event"),
    ("script link in a Markdown field", "plan_areas.yml", "description: Energy cooperation, *including* oil and gas.",
     "description: 'Energy [click](javascript:alert(1))'",
     "description:", "plan area 'energy': field 'description': has a link to 'javascript:alert(1'"),
    ("outcome on an event that happened", "events.yml", "  status: planned\n", "",
     "  outcome:", "event 'year-end-visit': field 'outcome': is only for events with status 'planned' or 'cancelled'"),
    ("native name without language", "actors.yml", "  native_name: 安倍晋三\n  native_lang: ja\n", "  native_name: 安倍晋三\n",
     "native_name: 安倍晋三", "actor 'shinzo-abe': field 'native_lang': is required when native_name is given"),
    ("country that is not a state", "actors.yml", "  country: japan\n", "  country: vladimir-putin\n",
     "country: vladimir-putin", "actor 'shinzo-abe': field 'country': 'vladimir-putin' is a person, not a state"),
    ("no source on an event", "events.yml", "  related: [sochi-summit-2016]\n  sources: [diplomat-2016]\n", "  related: [sochi-summit-2016]\n",
     "- id: putin-visits-japan-2016", "event 'putin-visits-japan-2016': field 'sources': is required"),
    ("empty source list", "events.yml", "  related: [sochi-summit-2016]\n  sources: [diplomat-2016]\n", "  related: [sochi-summit-2016]\n  sources: []\n",
     "  sources: []", "event 'putin-visits-japan-2016': field 'sources': needs at least 1 item"),
    ("key given twice", "events.yml", "  title: Putin visits Japan\n", "  title: Putin visits Japan\n  title: Again\n",
     "title: Again", "event 'putin-visits-japan-2016': field 'title': appears twice in this record"),
    ("control character", "events.yml", "summary: Putin visits Nagato and Tokyo.", "summary: \"Putin visits\\u0007 Nagato.\"",
     "Putin visits\\u0007", "event 'putin-visits-japan-2016': field 'summary': contains control characters (U+0007)"),
    ("unknown source in a plan development", "plan_areas.yml", "  sources: [diplomat-2016]",
     "  sources: [diplomat-2016]\n  developments:\n    - date: 2016-12\n      summary: Deals signed.\n      sources: [diplomat-2061]",
     "sources: [diplomat-2061]", "plan area 'energy': field 'developments[0].sources': unknown source 'diplomat-2061' (did you mean 'diplomat-2016'?)"),
    ("impossible date in a plan development", "plan_areas.yml", "  sources: [diplomat-2016]",
     "  sources: [diplomat-2016]\n  developments:\n    - date: 2016-13\n      summary: Deals signed.\n      sources: [diplomat-2016]",
     "date: 2016-13", "plan area 'energy': field 'developments[0].date': '2016-13' has month 13; months run from 01 to 12"),
    ("updated missing", "events.yml", "  updated: 2021-03-01\n", "",
     "- id: sochi-summit-2016", "event 'sochi-summit-2016': field 'updated': is required"),
    ("updated at month precision", "events.yml", "updated: 2021-03-01", "updated: 2021-03",
     "updated: 2021-03", "event 'sochi-summit-2016': field 'updated': '2021-03' is not a day; give the day as YYYY-MM-DD"),
    ("updated qualified", "sources.yml", "updated: 2019-05-05", "updated: early 2019-05",
     "updated: early", "source 'diplomat-2016': field 'updated': 'early 2019-05' is not a day"),
    ("updated in the future", "actors.yml", "updated: 2021-04-04", "updated: 2199-12-31",
     "updated: 2199", "actor 'vladimir-putin': field 'updated': '2199-12-31' is in the future (today is "),
    ("updated not a date", "themes.yml", "updated: 2019-05-05", "updated: last week",
     "updated: last", "theme 'diplomacy': field 'updated': 'last week' is not a date"),
    ("updated impossible", "quotes.yml", "updated: 2019-05-05", "updated: 2019-02-29",
     "updated: 2019-02", "quote 'abe-breakthrough': field 'updated': '2019-02-29' is impossible: February 2019 has 28 days"),
    ("malformed YAML", "events.yml", "  title: Abe returns to power", "  title: [Abe returns",
     "- id: sochi-summit-2016", "invalid YAML at column"),
]


@pytest.mark.parametrize("label, file, old, new, needle, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_data_is_reported_with_file_line_record_and_field(tmp_path, label, file, old, new, needle, expected):
    project = _copy(tmp_path)
    path = project / "data" / file
    text = path.read_text(encoding="utf-8")
    assert old in text, "test case no longer matches the fixture"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    problems = _problems(project)
    if label == "malformed YAML":
        # PyYAML reports where the parser noticed the problem: the next record's line.
        assert any(re.match(r"data/events\.yml:\d+: invalid YAML at column \d+: ", p) for p in problems), problems
        return
    line = _line(text, needle)
    wanted = f"data/{file}:{line}: {expected}"
    assert any(p.startswith(wanted) for p in problems), "\n".join(["wanted: " + wanted, *problems])


def test_file_that_is_not_a_list(tmp_path):
    project = _copy(tmp_path)
    (project / "data" / "themes.yml").write_text("id: diplomacy\ntitle: Diplomacy\n", encoding="utf-8")
    problems = _problems(project)
    assert any(p.startswith("data/themes.yml:1: the file must hold a list of records") for p in problems), problems


def test_every_problem_is_reported_at_once(tmp_path):
    project = _copy(tmp_path)
    events = project / "data" / "events.yml"
    text = events.read_text(encoding="utf-8")
    text = text.replace("era: background", "era: backgroud").replace("date: 2016-05-06", "date: 2016-05-32")
    events.write_text(text, encoding="utf-8")
    quotes = project / "data" / "quotes.yml"
    quotes.write_text(quotes.read_text(encoding="utf-8").replace("source: diplomat-2016", "source: diplomat-2061"),
                      encoding="utf-8")
    problems = _problems(project)
    assert len(problems) == 3, problems
    assert [p.split(":")[0] for p in problems] == ["data/events.yml", "data/events.yml", "data/quotes.yml"]
    assert "did you mean 'diplomat-2016'" in problems[2]


def test_bad_data_fails_the_build_cleanly_and_writes_nothing(tmp_path):
    project = make_project(tmp_path / "p")
    events = project / "data" / "events.yml"
    events.write_text(events.read_text(encoding="utf-8").replace("actors: [shinzo-abe]", "actors: [shinzo-abbe]")
                      .replace("era: sochi\n  place", "era: soch\n  place"), encoding="utf-8")
    result = build_here(project, check=False)
    assert result.returncode != 0
    assert result.lines == [
        "Aborted with a BuildError!",
        "ERROR   -  2 problems in the data; nothing was built:",
        "  data/events.yml:7: event 'abe-returns-2012': field 'actors': unknown actor 'shinzo-abbe' (did you mean 'shinzo-abe'?)",
        "  data/events.yml:13: event 'sochi-summit-2016': field 'era': 'soch' is not one of: background, sochi, aftermath, after-break "
        "(did you mean 'sochi'?)",
    ]
    assert not (project / "site").exists()


def test_a_docs_page_that_clashes_with_a_generated_page_is_an_error(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "docs" / "timeline.md").write_text("---\nupdated: 2020-01-01\n---\n\n# Mine\n", encoding="utf-8")
    result = build_here(project, check=False)
    assert result.returncode != 0
    assert result.lines == ["Aborted with a BuildError!", "ERROR   -  1 problem in the data; nothing was built:",
                            "  docs/timeline.md: clashes with a page generated from the data; rename or remove it"]


def test_an_alias_claimed_by_two_records_is_reported(tmp_path):
    project = _copy(tmp_path)
    events = project / "data" / "events.yml"
    text = events.read_text(encoding="utf-8")
    for rid in ("abe-returns-2012", "sochi-summit-2016"):
        text = text.replace(f"- id: {rid}\n", f"- id: {rid}\n  aliases: [old-summit]\n", 1)
    events.write_text(text, encoding="utf-8")
    line = _line(text, "aliases: [old-summit]\n  updated: 2021-03-01\n  title: Abe and Putin")
    assert _problems(project) == [f"data/events.yml:{line}: event 'sochi-summit-2016': field 'aliases': "
                                  "'old-summit' is already an alias of event 'abe-returns-2012'"]


@pytest.mark.parametrize("front, expected", [
    ("", "docs/extra.md:1: field 'updated': the page needs the day its content last changed in its front matter"),
    ("---\ntitle: Extra\n---\n\n", "docs/extra.md:1: field 'updated': the page needs the day"),
    ("---\ntitle: Extra\nupdated: 2016-05\n---\n\n", "docs/extra.md:3: field 'updated': '2016-05' is not a day"),
    ("---\nupdated: 2199-01-01\n---\n\n", "docs/extra.md:2: field 'updated': '2199-01-01' is in the future (today is "),
    ("---\nupdated: soon\n---\n\n", "docs/extra.md:2: field 'updated': 'soon' is not a date"),
])
def test_a_docs_page_needs_a_past_day_in_its_front_matter(tmp_path, front, expected):
    project = make_project(tmp_path / "p")
    (project / "docs" / "extra.md").write_text(front + "# Extra\n", encoding="utf-8")
    site = project / "site"
    site.mkdir()
    (site / "keep.html").write_text("the last good build", encoding="utf-8")
    result = build_here(project, check=False)
    assert result.returncode != 0
    assert result.lines[:2] == ["Aborted with a BuildError!", "ERROR   -  1 problem in the data; nothing was built:"]
    assert len(result.lines) == 3 and result.lines[2].startswith("  " + expected), result.lines
    assert [p.name for p in site.iterdir()] == ["keep.html"]  # MkDocs never touched the site folder


def test_page_and_data_problems_are_reported_together(tmp_path):
    project = _copy(tmp_path)
    events = project / "data" / "events.yml"
    events.write_text(events.read_text(encoding="utf-8").replace("updated: 2021-03-01", "updated: 2021"), encoding="utf-8")
    with pytest.raises(DataError) as info:
        pipeline.build(project / "data", pipeline.SiteOptions(), hand_written={"docs/a.md": "# A\n",
                                                                               "docs/b.md": "---\nupdated: 2020-02-02\n---\n# B\n"})
    assert [str(p) for p in info.value.problems] == [
        "data/events.yml:10: event 'sochi-summit-2016': field 'updated': '2021' is not a day; give the day as "
        "YYYY-MM-DD, e.g. '2016-05-06'",
        "docs/a.md:1: field 'updated': the page needs the day its content last changed in its front matter: a first "
        "line '---', then 'updated: YYYY-MM-DD', then '---'",
    ]
