"""When each page's content last changed, from the data alone (never the build clock).

Every record carries ``updated`` (a ``datetime.date``, the ``day`` kind in ``kinds.py``). A page's
date is the latest ``updated`` of the records it shows:

- an event's page: the event, its place, actors, themes, plan areas, quotes (said at or about
  it), sources (the outcome's too), and the events it lists (related events, the outcome's
  event, the planned events it is the outcome of); not the previous/next links, which are
  navigation;
- an actor's page: the actor, its country and affiliation, its roles' sources and its sources,
  its events, quotes and members;
- a listing page (each page of the timeline, the actor directory, sources, glossary, quotes,
  who's who, the map's places, the plan): the records on that page;
- the data reference page, which is generated from the schema, and a listing with nothing in
  it: the latest record of the dataset;
- a hand-written page in ``docs/``: the ``updated`` of its front matter
  (:func:`front_matter_dates`, which the pipeline runs with the data checks).

The same date is the page's "Last updated" line, its JSON-LD ``dateModified`` and its sitemap
``lastmod``; an event's is also its feed entry's ``updated``. Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

import yaml

from ..data.dates import MONTHS
from ..data.kinds import Day, Invalid
from ..data.problems import Problem

# MkDocs' own front matter pattern (mkdocs.utils.meta): '---' lines around YAML, at the very top.
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def latest(records: Iterable[Any]) -> dt.date | None:
    """The latest ``updated`` among ``records`` (None entries skipped), or None."""
    return max((r.updated for r in records if r is not None and r.updated is not None), default=None)


def event_records(e) -> list:
    """The records whose content an event's page shows (see the module's docstring)."""
    out = [e, e.place_record, *e.actor_records, *e.theme_records, *e.plan_area_records, *e.quotes,
           *e.source_records, *e.related_records, *e.outcome_of]
    if e.outcome:
        out += [e.outcome.get("event_record"), *(e.outcome.get("source_records") or [])]
    return out


def actor_records(a) -> list:
    """The records whose content an actor's page shows (see the module's docstring)."""
    return [a, a.country_record, a.affiliation_record, *(r.get("source_record") for r in a.roles or []),
            *a.source_records, *a.events, *a.quotes, *a.members]


def day_text(d: dt.date) -> str:
    """A day as the site shows dates: '6 May 2016'."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def page_meta(d: dt.date | None) -> dict:
    """The page metadata that carries its date: ``updated`` (ISO) and ``updated_text`` (shown).
    The theme override prints the line and the JSON-LD from them; the adapter sets the sitemap's
    ``lastmod`` from ``updated``."""
    return {"updated": d.isoformat(), "updated_text": day_text(d)} if d is not None else {}


def front_matter_dates(pages: Mapping[str, str], today: dt.date | None = None) -> tuple[dict[str, dt.date], list[Problem]]:
    """The ``updated`` day of each hand-written page (``{label: Markdown source}``, the label
    being how problems name the file, e.g. 'docs/background.md'), and a problem for each page
    whose front matter lacks it or has one that is not a past day."""
    dates: dict[str, dt.date] = {}
    problems: list[Problem] = []
    for label, text in pages.items():
        day, problem = front_matter_day(label, text, "updated", today)
        if problem is not None:
            problems.append(problem)
        elif day is not None:
            dates[label] = day
    return dates, problems


def front_matter_day(label: str, text: str, key: str, today: dt.date | None = None) -> tuple[dt.date | None, Problem | None]:
    """The day under ``key`` in a page's front matter, or the problem with it (file, line, field)."""
    m = _FRONT_MATTER.match(text)
    head = (m[1] or "") if m else ""
    found = re.search(rf"^{re.escape(key)}[ \t]*:", head, re.MULTILINE)
    if not found:
        return None, Problem(label, 1, None, key, f"the page needs the day its content last changed in its "
                             f"front matter: a first line '---', then '{key}: YYYY-MM-DD', then '---'"
                             if key == "updated" else f"the front matter needs '{key}: YYYY-MM-DD'")
    line = 1 + text.count("\n", 0, m.start(1) + found.start()) if m else 1
    try:
        meta = yaml.safe_load(head)
        value = meta.get(key) if isinstance(meta, dict) else None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = value.isoformat()  # PyYAML reads an unquoted day as a date
        return Day.parse_day(value, today), None
    except yaml.YAMLError as exc:
        return None, Problem(label, line, None, key, f"the front matter is not valid YAML ({exc.__class__.__name__})")
    except Invalid as exc:
        return None, Problem(label, line, None, key, str(exc))


def front_matter_line(text: str, key: str) -> int:
    """The line of ``key`` in a page's front matter (1 if it has none)."""
    m = _FRONT_MATTER.match(text)
    found = re.search(rf"^{re.escape(key)}[ \t]*:", (m[1] or "") if m else "", re.MULTILINE)
    return 1 + text.count("\n", 0, m.start(1) + found.start()) if m and found else 1


def front_matter(text: str) -> dict:
    """A page's front matter as a mapping (empty if it has none, or none that YAML reads)."""
    m = _FRONT_MATTER.match(text)
    try:
        meta = yaml.safe_load(m[1] or "") if m else None
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def body(text: str) -> str:
    """A page's Markdown without its front matter."""
    m = _FRONT_MATTER.match(text)
    return text[m.end():] if m else text
