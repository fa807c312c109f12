"""The editions' translation data (data/i18n/<lang>/): every problem one line with file, line,
record and field, failing like all bad data; what is merely missing or stale is a note from
`make check` (exit 0) and falls back to the English."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from explainer_core import DataError, load_dataset
from explainer_core.__main__ import main
from support.project import FIXTURES

JA_EVENTS = """\
- id: sochi-summit-2016
  english_updated: 2021-03-01
  title: ソチでの日露首脳会談
  summary: 両首脳は3時間以上会談した。
  description: |
    会談は**3時間以上**続いた。
- id: year-end-visit
  english_updated: 2021-06-15
  title: 年末のプーチン訪日の可能性
  outcome:
    summary: プーチンは2016年12月に訪日した。
"""

JA_ACTORS = """\
- id: shinzo-abe
  english_updated: 2019-05-05
  name: 安倍晋三
  roles:
    - title: 内閣総理大臣
  summary: 日本の内閣総理大臣。
"""

RU_THEMES = """\
- id: diplomacy
  english_updated: 2019-05-05
  title: Дипломатия
"""


def _project(tmp_path: Path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal" / "data", dest / "data")
    i18n = dest / "data" / "i18n"
    (i18n / "ja" / "events").mkdir(parents=True)
    (i18n / "ru").mkdir(parents=True)
    (i18n / "ja" / "events" / "core.yml").write_text(JA_EVENTS, encoding="utf-8")  # a split collection
    (i18n / "ja" / "actors.yml").write_text(JA_ACTORS, encoding="utf-8")
    (i18n / "ru" / "themes.yml").write_text(RU_THEMES, encoding="utf-8")
    (i18n / "terms.yml").write_text("- id: not-a-record\n  en: read by translators, not the build\n", encoding="utf-8")
    return dest


def _line(text: str, needle: str) -> int:
    at = text.find(needle)
    assert at >= 0, f"{needle!r} not in the edited file"
    return text.count("\n", 0, at) + 1


def _edit(project: Path, file: str, old: str | None, new: str) -> str:
    path = project / "data" / file
    path.parent.mkdir(parents=True, exist_ok=True)
    if old is None:  # a new file
        text = new
    else:
        text = path.read_text(encoding="utf-8")
        assert old in text, "test case no longer matches the fixture"
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def test_the_fixture_translations_are_valid(tmp_path):
    ds = load_dataset(_project(tmp_path) / "data", root=tmp_path / "project")
    assert set(ds.translations.entries) == {"ja", "ru"}
    assert set(ds.translations.entries["ja"]["events"]) == {"sochi-summit-2016", "year-end-visit"}


EV = "i18n/ja/events/core.yml"
# (label, file under data/, old text (None: write a new file), new text, needle marking the line,
#  expected problem after "data/<file>:<line>: ")
PROBLEMS = [
    ("unknown id", EV, "- id: sochi-summit-2016", "- id: sochi-summit-2061", "- id: sochi-summit-2061",
     "event 'sochi-summit-2061': field 'id': unknown event 'sochi-summit-2061' (did you mean 'sochi-summit-2016'?)"),
    ("field not translatable", EV, "  title: ソチ", "  date: 2016-05-07\n  title: ソチ", "date: 2016-05-07",
     "event 'sochi-summit-2016': field 'date': is not translatable: it is always the English record's "
     "(translatable here: title, outcome, summary, description)"),
    ("reference not translatable", EV, "  title: ソチ", "  actors: [shinzo-abe]\n  title: ソチ", "actors:",
     "event 'sochi-summit-2016': field 'actors': is not translatable"),
    ("nested field not translatable", EV, "    summary: プーチンは", "    event: putin-visits-japan-2016\n    summary: プーチンは",
     "event: putin", "event 'year-end-visit': field 'outcome.event': is not translatable"),
    ("unknown field", EV, "  title: ソチ", "  titel: ソチ", "titel:",
     "event 'sochi-summit-2016': field 'titel': unknown field (did you mean 'title'?)"),
    ("sub-record list of another length", "i18n/ja/actors.yml", "    - title: 内閣総理大臣\n",
     "    - title: 内閣総理大臣\n    - title: 自由民主党総裁\n", "  roles:",
     "actor 'shinzo-abe': field 'roles': has 2 items; the English record has 1"),
    ("sub-record list that is not a list", "i18n/ja/actors.yml", "  roles:\n    - title: 内閣総理大臣\n",
     "  roles: 内閣総理大臣\n", "  roles:", "actor 'shinzo-abe': field 'roles': expected a list of mappings, got text"),
    ("missing english_updated", EV, "  english_updated: 2021-03-01\n", "", "- id: sochi-summit-2016",
     "event 'sochi-summit-2016': field 'english_updated': is required"),
    ("english_updated not a day", EV, "english_updated: 2021-03-01", "english_updated: 2021-03", "english_updated: 2021-03",
     "event 'sochi-summit-2016': field 'english_updated': '2021-03' is not a day"),
    ("english_updated impossible", EV, "english_updated: 2021-03-01", "english_updated: 2021-02-30", "english_updated: 2021-02-30",
     "event 'sochi-summit-2016': field 'english_updated': '2021-02-30' is impossible"),
    ("english_updated after the English", EV, "english_updated: 2021-03-01", "english_updated: 2021-03-02",
     "english_updated: 2021-03-02", "event 'sochi-summit-2016': field 'english_updated': 2021-03-02 is after the "
     "English record's updated (2021-03-01)"),
    ("wrong type", EV, "  title: ソチでの日露首脳会談", "  title: 2016", "title: 2016",
     "event 'sochi-summit-2016': field 'title': expected text, got a number"),
    ("empty text", EV, "  title: ソチでの日露首脳会談", "  title: ''", "title: ''",
     "event 'sochi-summit-2016': field 'title': is empty"),
    ("script link in a Markdown field", EV, "    会談は**3時間以上**続いた。", "    [会談](javascript:alert(1))",
     "  description:", "event 'sochi-summit-2016': field 'description': has a link to 'javascript:alert(1'"),
    ("a field the English record lacks", EV, "  title: 年末", "  description: 説明\n  title: 年末", "description: 説明",
     "event 'year-end-visit': field 'description': the English record has no such field to translate"),
    ("translated twice", "i18n/ja/events/later.yml", None, "- id: year-end-visit\n  english_updated: 2021-06-15\n  title: 二度目\n",
     "- id: year-end-visit", "event 'year-end-visit': field 'id': translated twice in Japanese; first at data/i18n/ja/events/core.yml:7"),
    ("entry that is not a mapping", "i18n/ru/themes.yml", None, "- diplomacy\n", None,
     "each theme translation must be a mapping of fields, got text"),
    ("Russian too", "i18n/ru/themes.yml", "title: Дипломатия", "titles: Дипломатия", "titles:",
     "theme 'diplomacy': field 'titles': unknown field (did you mean 'title'?)"),
    ("file of no collection", "i18n/ru/event.yml", None, "- id: x\n", None,
     "belongs to no collection, so it would be ignored (did you mean 'events'?)"),
    ("folder of no edition", "i18n/jap/events.yml", None, "- id: x\n", None,
     "is not an edition's language folder, so it would be ignored (did you mean 'ja'?)"),
    ("invalid YAML", EV, "  title: ソチでの日露首脳会談", "  title: [ソチ", None, "invalid YAML at column"),
]


@pytest.mark.parametrize("label, file, old, new, needle, expected", PROBLEMS, ids=[c[0] for c in PROBLEMS])
def test_bad_translation_is_a_problem_with_file_line_record_and_field(tmp_path, label, file, old, new, needle, expected):
    project = _project(tmp_path)
    text = _edit(project, file, old, new)
    with pytest.raises(DataError) as info:
        load_dataset(project / "data", root=project)
    problems = [str(p) for p in info.value.problems]
    if label == "folder of no edition":
        wanted = f"data/i18n/jap: {expected}"
    elif label == "file of no collection":
        wanted = f"data/{file}: {expected}"
    elif label == "entry that is not a mapping":
        wanted = f"data/{file}: {expected}"
    elif needle is None:
        wanted = f"data/{file}:"
        assert any(p.startswith(wanted) and expected in p for p in problems), problems
        return
    else:
        wanted = f"data/{file}:{_line(text, needle)}: {expected}"
    assert any(p.startswith(wanted) for p in problems), "\n".join(["wanted: " + wanted, *problems])


def test_a_translation_problem_fails_make_check(tmp_path, capsys):
    project = _project(tmp_path)
    _edit(project, EV, "- id: sochi-summit-2016", "- id: sochi-summit-2061")
    assert main(["check", str(project / "data")]) == 1
    assert "unknown event 'sochi-summit-2061'" in capsys.readouterr().err


# (label, edit of the English or a translation (file, old, new) or None, language, file the note
#  names, needle marking its line in that file, expected note after "data/<file>:<line>: ")
NOTES = [
    ("missing Markdown field", ("i18n/ja/events/core.yml", "  description: |\n    会談は**3時間以上**続いた。\n", ""),
     "ja", "events.yml", "  description: |", "event 'sochi-summit-2016': field 'description': no Japanese translation"),
    ("missing record", None, "ru", "events.yml", "  title: Abe and Putin meet in Sochi",
     "event 'sochi-summit-2016': field 'title': no Russian translation"),
    ("missing sub-record field", None, "ja", "events.yml", "  title: Putin visits Japan",
     "event 'putin-visits-japan-2016': field 'title': no Japanese translation"),
    ("missing item of a sub-record list", ("i18n/ja/actors.yml", "    - title: 内閣総理大臣\n", "    - {}\n"),
     "ja", "actors.yml", "    - title: Prime Minister of Japan", "actor 'shinzo-abe': field 'roles[0].title': no Japanese translation"),
    ("missing nested summary", ("i18n/ja/events/core.yml", "  outcome:\n    summary: プーチンは2016年12月に訪日した。\n", ""),
     "ja", "events.yml", "    summary: Putin visited", "event 'year-end-visit': field 'outcome.summary': no Japanese translation"),
    ("stale", ("events.yml", "updated: 2021-03-01", "updated: 2021-03-05"), "ja", "i18n/ja/events/core.yml",
     "  title: ソチ", "event 'sochi-summit-2016': field 'title': stale: the English changed on 2021-03-05, after 2021-03-01"),
    ("stale Markdown field", ("events.yml", "updated: 2021-03-01", "updated: 2021-03-05"), "ja", "i18n/ja/events/core.yml",
     "  description: |", "event 'sochi-summit-2016': field 'description': stale: the English changed on 2021-03-05"),
    ("stale sub-record list item", ("actors.yml", "  updated: 2019-05-05\n  name: Shinzo Abe", "  updated: 2019-06-01\n  name: Shinzo Abe"),
     "ja", "i18n/ja/actors.yml", "    - title: 内閣", "actor 'shinzo-abe': field 'roles[0].title': stale: the English changed on 2019-06-01, after 2019-05-05"),
    ("stale in Russian", ("themes.yml", "updated: 2019-05-05", "updated: 2019-06-01"), "ru", "i18n/ru/themes.yml",
     "  title: Дипломатия", "theme 'diplomacy': field 'title': stale: the English changed on 2019-06-01, after 2019-05-05"),
]


@pytest.mark.parametrize("label, edit, lang, file, needle, expected", NOTES, ids=[n[0] for n in NOTES])
def test_missing_or_stale_translation_is_a_note_and_make_check_passes(tmp_path, capsys, label, edit, lang, file, needle, expected):
    project = _project(tmp_path)
    if edit:
        _edit(project, *edit)
    assert main(["check", str(project / "data")]) == 0
    out = capsys.readouterr().out
    text = (project / "data" / file).read_text(encoding="utf-8")
    wanted = f"  data/{file}:{_line(text, needle)}: {expected}"
    assert any(line.startswith(wanted) for line in out.splitlines()), "\n".join(["wanted: " + wanted, out])


def test_make_check_reports_coverage_after_data_ok(tmp_path, capsys):
    project = _project(tmp_path)
    assert main(["check", str(project / "data")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("data OK: ")
    # Japanese: sochi-summit-2016 is complete, year-end-visit lacks its summary, two events have
    # nothing; shinzo-abe's name, role and summary are translated, three actors are not.
    assert lines[1].startswith("Japanese (ja) translation: 2/"), lines[1]
    assert "events 1/4" in lines[1] and "actors 1/4" in lines[1] and "themes 0/1" in lines[1], lines[1]
    assert lines[2].startswith("Russian (ru) translation: 1/"), lines[2]
    assert "themes 1/1" in lines[2] and "events 0/4" in lines[2], lines[2]
    assert lines[3].startswith("notes on the Japanese translation") or " notes on the Japanese translation" in lines[3], lines[3]
    # the translated fields are not noted
    assert not any("sochi-summit-2016': field 'title': no Japanese" in line for line in lines)


def test_text_gives_the_translation_or_the_english_with_its_language(tmp_path):
    project = _project(tmp_path)
    ds = load_dataset(project / "data", root=project)
    tr = ds.translations
    sochi = ds.by_id["events"]["sochi-summit-2016"]
    visit = ds.by_id["events"]["year-end-visit"]
    abe = ds.by_id["actors"]["shinzo-abe"]
    assert tr.text(sochi, "title", "ja") == ("ソチでの日露首脳会談", "ja")
    assert tr.text(sochi, "title", "en") == ("Abe and Putin meet in Sochi", "en")
    assert tr.text(sochi, "title", "ru") == ("Abe and Putin meet in Sochi", "en")  # no Russian entry
    assert tr.text(visit, "summary", "ja") == ("Putin might be invited to Japan near the end of the year.", "en")
    assert tr.text(visit, "outcome.summary", "ja") == ("プーチンは2016年12月に訪日した。", "ja")
    assert tr.text(abe, "roles[0].title", "ja") == ("内閣総理大臣", "ja")
    assert tr.text(sochi, "outcome.summary", "ja") == (None, "en")  # no such English field
    assert not tr.stale(sochi, "ja")


def test_a_stale_translation_falls_back_to_the_english(tmp_path):
    project = _project(tmp_path)
    _edit(project, "events.yml", "updated: 2021-03-01", "updated: 2021-03-05")
    ds = load_dataset(project / "data", root=project)
    sochi = ds.by_id["events"]["sochi-summit-2016"]
    assert ds.translations.stale(sochi, "ja")
    assert ds.translations.text(sochi, "title", "ja") == ("Abe and Putin meet in Sochi", "en")


def test_no_i18n_folder_means_no_translations(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal" / "data", project / "data")
    ds = load_dataset(project / "data", root=project)
    sochi = ds.by_id["events"]["sochi-summit-2016"]
    assert ds.translations.text(sochi, "title", "ja") == ("Abe and Putin meet in Sochi", "en")
