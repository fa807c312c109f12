"""The seed corpus of issue 11: hostile inputs that once got through or broke the build.

Each case edits the minimal fixture (tests/fixtures/minimal) by replacing one line of one data
file with raw YAML (so it can hold what ``yaml.safe_dump`` would never write: 30,000 ``[``,
anchors, escapes such as ``\\u2028``), or replaces a whole file. ``expect`` is a regular
expression that one problem line must match, or None for input that must build, inert.
tests/test_hostile_inputs.py runs every case through ``make check`` and ``mkdocs build``;
tests/test_fuzz.py starts from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

TITLE = "  title: Abe and Putin meet in Sochi"  # data/events.yml, event 'sochi-summit-2016'
SUMMARY = "  summary: The two leaders meet for over three hours."
DESCRIPTION = "  description: Energy cooperation, *including* oil and gas."  # plan_areas.yml, 'energy'
URL = "  url: https://thediplomat.com/2016/06/japans-new-approach-to-russia/"  # sources.yml
DATE = "  date: 2016-05-06"  # events.yml, 'sochi-summit-2016'
EVENT_ID = "- id: sochi-summit-2016"
ACTOR_ID = "- id: russia"

EV = r"data/events\.yml:\d+: event 'sochi-summit-2016': "
PA = r"data/plan_areas\.yml:\d+: plan area 'energy': field 'description': "

BILLION_LAUGHS = "\n".join(
    ["- id: lol0", "  title: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"- id: lol{i}\n  title: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]) + "\n"


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # under data/
    old: str | None  # the line replaced; None: the whole file is replaced by ``new``
    new: str
    expect: str | None  # a regex one problem line must match; None: must build, inert
    crashed_build_only: bool = False  # `make check` accepted it before issue 11; the build crashed


CASES = [
    # --- script links reaching pages ------------------------------------------------------
    Case("u2028-breaks-front-matter", "events.yml", TITLE,
         r'  title: "Sochi\u2028---\u2028[x](javascript:alert(1))\u2028"', None),
    Case("u2029-breaks-front-matter", "events.yml", SUMMARY,
         r'  summary: "x\u2029---\u2029[x](javascript:alert(1)) ![y](javascript:alert(2))"', None),
    Case("refdef-in-list-item", "plan_areas.yml", DESCRIPTION,
         r'  description: "[x][1]\n\n- [1]: javascript:alert(1)"', PA + r"has a link to 'javascript:alert\(1\)'"),
    Case("refdef-in-admonition", "plan_areas.yml", DESCRIPTION,
         r'  description: "!!! note\n    [x][1]\n\n    [1]: javascript:alert(1)"', PA + "has a link to 'javascript"),
    Case("refdef-in-footnote", "plan_areas.yml", DESCRIPTION,
         r'  description: "x[^1]\n\n[^1]: see [y][2]\n\n    [2]: vbscript:msgbox(1)"', PA + "has a link to 'vbscript"),
    Case("data-image", "plan_areas.yml", DESCRIPTION,
         r'  description: "![x](data:image/svg+xml,<svg onload=alert(1)>)"', PA + "has a link to 'data:"),
    Case("vbscript-link", "plan_areas.yml", DESCRIPTION,
         r'  description: "[x](vbscript:msgbox(1))"', PA + "has a link to 'vbscript:"),
    # --- crashes and hangs ---------------------------------------------------------------------
    Case("yaml-30000-brackets", "events.yml", TITLE, "  title: " + "[" * 30000,
         r"data/events\.yml:\d+: lists and mappings nest more than 20 deep"),
    Case("yaml-30000-closed-brackets", "events.yml", TITLE, "  title: " + "[" * 30000 + "]" * 30000,
         r"data/events\.yml:\d+: lists and mappings nest more than 20 deep"),
    Case("yaml-deep-block-sequence", "events.yml", TITLE, "  title:\n" + "".join(
        "  " * (i + 2) + "-\n" for i in range(200)), r"data/events\.yml:\d+: lists and mappings nest more than 20 deep"),
    Case("markdown-nested-brackets", "plan_areas.yml", DESCRIPTION, "  description: '" + "[" * 5000 + "x'",
         PA + "has 5000 '\\[' open at once"),
    Case("markdown-nested-emphasis", "plan_areas.yml", DESCRIPTION,
         "  description: '" + "*" * 3000 + "x" + "*" * 3000 + "'", PA + "has a run of 3000"),
    Case("markdown-nested-lists", "plan_areas.yml", DESCRIPTION, "  description: '" + "- " * 3000 + "x'",
         PA + "nests lists, quotes or indentation 3000 deep"),
    Case("markdown-nested-quotes", "plan_areas.yml", DESCRIPTION, "  description: '" + ">" * 5000 + " x'",
         PA + "nests lists, quotes or indentation 5000 deep"),
    Case("billion-laughs", "themes.yml", None, BILLION_LAUGHS,
         r"data/themes\.yml:2: the anchor &a0 is not allowed"),
    Case("alias", "events.yml", TITLE, "  title: *nothing", r"data/events\.yml:\d+: the alias \*nothing is not allowed"),
    Case("merge-key", "events.yml", EVENT_ID, "- <<: {id: sochi-summit-2016}",
         r"data/events\.yml:\d+: the merge key '<<' is not allowed"),
    Case("huge-integer", "plan_areas.yml", "  number: 1", "  number: " + "9" * 5000,
         r"data/plan_areas\.yml: has a value that cannot be read"),
    Case("huge-hex-date", "events.yml", DATE, "  date: 0x" + "f" * 5000, EV + "field 'date': is a number, not a date"),
    Case("text-too-long", "events.yml", SUMMARY, "  summary: " + "x" * 100_000,
         EV + "field 'summary': is 100,000 characters long; the limit is 2,000"),
    # --- accepted by `make check`, then crashed the build after site/ was emptied -----------------
    Case("lone-surrogate", "events.yml", TITLE, r'  title: "Sochi \ud800"',
         EV + r"field 'title': contains characters that are not text .*U\+D800", crashed_build_only=True),
    Case("noncharacter", "events.yml", SUMMARY, r'  summary: "x \ufdd0 \U0010ffff"',
         EV + r"field 'summary': contains characters that are not text .*U\+FDD0, U\+10FFFF"),
    Case("year-1", "events.yml", DATE, "  date: 0001-01-01", EV + "field 'date': '0001-01-01' has year 1; years run",
         crashed_build_only=True),
    Case("year-9999", "events.yml", DATE, "  date: 9999-12-31", EV + "field 'date': '9999-12-31' has year 9999",
         crashed_build_only=True),
    Case("id-too-long", "events.yml", EVENT_ID, "- id: " + "a" * 300,
         r"data/events\.yml:\d+: event 'a+…a+': field 'id': 'a+…a+' is 300 characters long; the limit is 80",
         crashed_build_only=True),
    Case("id-index-clashes-with-the-actor-directory", "actors.yml", ACTOR_ID, "- id: index",
         r"data/actors\.yml:\d+: actor 'index': field 'id': 'index' is reserved", crashed_build_only=True),
    Case("url-urlsplit-refuses", "sources.yml", URL, "  url: 'http://[::1/x'",
         r"source 'diplomat-2016': field 'url': 'http://\[::1/x' is not a valid URL", crashed_build_only=True),
    Case("url-port-out-of-range", "sources.yml", URL, "  url: 'https://example.org:99999/'",
         r"source 'diplomat-2016': field 'url': 'https://example.org:99999/' is not a valid URL"),
    # --- forged messages -------------------------------------------------------------------------
    Case("newline-in-id", "events.yml", EVENT_ID,
         r'- id: "x\n  data/events.yml:1: event ''ok'': field ''title'': forged"', r"event 'x\\n  data/events"),
    Case("escape-in-value", "events.yml", DATE, r'  date: "\e[2J\e[31mred"', r"field 'date': '\\u001b\[2J\\u001b\[31mred'"),
]


def apply(case: Case, project: Path) -> None:
    path = project / "data" / case.file
    if case.old is None:
        path.write_text(case.new, encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8")
    assert text.count(case.old + "\n") == 1, f"{case.name}: {case.old!r} is not one line of {case.file}"
    path.write_text(text.replace(case.old + "\n", case.new + "\n"), encoding="utf-8")
