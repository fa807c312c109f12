"""Shapes that pages need and templates should not compute: timeline groups, filter indexes,
the actor directory. Each is one pass over the records (linear in the size of the data)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..data import schema
from ..data.dates import MONTHS, FuzzyDate, Point
from ..data.limits import chunked
from ..model.records import Actor, Dataset, Event, PlanArea, Record, Theme
from . import i18n
from .catalogue import ENGLISH, Words

KIND_LABELS = {"person": "People", "organisation": "Organisations", "state": "States", "grouping": "Groupings"}


def kind_labels(words: Words = ENGLISH) -> dict[str, str]:
    """Each kind of actor as a heading of the directory, in the edition's words (KIND_LABELS' order)."""
    return {"person": words.gettext("People"), "organisation": words.gettext("Organisations"),
            "state": words.gettext("States"), "grouping": words.gettext("Groupings")}


def kind_label(kind: str, words: Words = ENGLISH) -> str:
    """One actor's kind, as its page says it ("Person", "State"...)."""
    return {"person": words.gettext("Person"), "organisation": words.gettext("Organisation"),
            "state": words.gettext("State"), "grouping": words.gettext("Grouping")}[kind]


def era_titles(words: Words = ENGLISH) -> dict[str, str]:
    """Each era's title (schema.ERA_TITLES) in the edition's words (data/i18n/terms.yml's forms)."""
    return {"background": words.gettext("Background (before May 2016)"),
            "sochi": words.gettext("The Sochi summit and its follow-up (May–June 2016)"),
            "aftermath": words.gettext("What happened next (June 2016 to September 2022)"),
            "after-break": words.gettext("After the break (from September 2022)")}


# How tall an event of the timeline list is at most, in rem, on the narrowest screen (320px),
# per line of the list entry (explainer.css): a fixed part and the characters per rem of its
# text, as wide as a Latin letter (``text_width``). Fitted on the real timeline in Chromium (every
# entry is at most 0.91 of its estimate at 320px, 0.73 at 412px, 0.55 from 768px up).
_ENTRY_LINES = {"date": (0.9, 24.7), "title": (0.8, 14.1), "summary": (0.85, 21.1), "outcome": (0.85, 22.7),
                "actors": (0.75, 24.5), "tags": (0.7, 18.6)}
_ENTRY_GAP = 1.1  # rem between entries (.jr-tl-event's margin)
_MONTH_TITLE = 2.4  # rem, the month's heading with its margins
# How wide a character is against a Latin letter: an East Asian wide or full-width one (kanji,
# kana, full-width punctuation) takes a full em in a Japanese font, about two Latin letters
# (1.86 of DejaVu Sans's in an English sentence, in Chromium); a Cyrillic letter a little more
# than one (1.09 in a Russian sentence, 1.18 over the alphabet), and Russian's longer words
# leave more of a line empty: 1.15 gives the Russian timeline the English one's margin (its
# smallest hint is 1.14 of the real height at 320px). Measured on the real timelines, the
# smallest hint is 1.14 of the real height in Russian and 1.08 in Japanese (with IPAGothic).
_WIDE = 2.0
_CYRILLIC = 1.15


def text_width(text: str) -> float:
    """How wide ``text`` runs, in Latin letters (``_WIDE``, ``_CYRILLIC``): the measure of the
    timeline's height hints, so that they hold in every edition's language."""
    width = 0.0
    for ch in text:
        if "\u0400" <= ch <= "\u04ff":
            width += _CYRILLIC
        elif ch >= "\u1100" and unicodedata.east_asian_width(ch) in ("W", "F"):
            width += _WIDE
        else:
            width += 1
    return width


def _own_text(record: Any, path: str) -> str:
    """A record's own (English) field, ``"outcome.summary"`` style paths too."""
    value: Any = record
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
    return "" if value is None else str(value)


@dataclass(frozen=True)
class ShownText:
    """What an edition shows of the records on the timeline (as its templates write them): its
    words, its records' text (``Edition.plain``) and its dates; the height hints measure these."""
    words: Words = ENGLISH
    plain: Callable[[Any, str], str] = _own_text
    date: Callable[[FuzzyDate], str] = FuzzyDate.display


def _entry_height(e, shown: ShownText) -> float:
    w, plain = shown.words, shown.plain
    status = {"planned": w.gettext("Planned at the time"), "cancelled": w.gettext("Cancelled")}.get(e.status, "")
    outcome = ""
    if e.status != "happened":
        outcome = w.gettext("not recorded in our sources.")
        if e.outcome:
            outcome = plain(e, "outcome.summary") + (f" ({plain(e.outcome['event_record'], 'title')})"
                                                       if e.outcome["event_record"] else "")
    texts = {
        "date": f"000 {shown.date(e.date)} · {plain(e.place_record, 'name') if e.place_record else ''} {status}",
        "title": plain(e, "title"),
        "summary": plain(e, "summary"),
        "outcome": f"{w.gettext('Outcome:')} {outcome}" if outcome else "",
        "actors": (w.gettext("With %(actors)s") % {"actors": ", ".join(plain(a, "name") for a in e.actor_records)}
                   if e.actor_records else ""),
        "tags": " ".join([plain(t, "title") for t in e.theme_records]
                         + [w.gettext("Plan %(n)s: %(title)s") % {"n": p.number, "title": plain(p, "title")}
                            for p in e.plan_area_records]),
    }
    return sum(fixed + text_width(texts[k]) / per_rem for k, (fixed, per_rem) in _ENTRY_LINES.items() if texts[k])


@dataclass
class MonthGroup:
    id: str
    label: str
    events: list = field(default_factory=list)

    def height(self, shown: ShownText = ShownText()) -> float:
        """An upper bound of the month's height in rem on a 320px screen, with the text its
        edition shows (``shown``): the stylesheet's hint for the browser to lay out the page
        before it renders the month (content-visibility). Never too small, so that nothing of the
        month overlaps the next one meanwhile."""
        return round(_MONTH_TITLE + sum(_entry_height(e, shown) + _ENTRY_GAP for e in self.events), 1)


@dataclass
class YearGroup:
    id: str
    year: int
    months: list[MonthGroup] = field(default_factory=list)


@dataclass
class EraGroup:
    era: str
    years: list[YearGroup] = field(default_factory=list)


def month_label(date, words: Words = ENGLISH) -> tuple[str, str]:
    """(anchor part, heading) for the group an event's date falls in; the heading in the
    edition's language (its month names from Babel)."""
    lang = words.lang
    if date.month:
        return f"{date.year}-{date.month:02d}", (f"{MONTHS[date.month - 1]} {date.year}" if lang == "en" else
                                                i18n.format_fuzzy(FuzzyDate(Point(date.year, date.month)), lang))
    if date.qualifier:
        return f"{date.year}-{date.qualifier}", (f"{date.qualifier.capitalize()} {date.year}" if lang == "en" else
                                                i18n.format_fuzzy(FuzzyDate(Point(date.year), qualifier=date.qualifier), lang))
    return f"{date.year}-unknown", words.gettext("%(year)s, month not known") % {"year": date.year}


def timeline_groups(events, words: Words = ENGLISH) -> list[EraGroup]:
    """Consecutive runs of events by era, then year, then month (events are in date order;
    an era can end and a later one start within the same year, so anchors carry the era)."""
    eras: list[EraGroup] = []
    for e in events:
        if not eras or eras[-1].era != e.era:
            eras.append(EraGroup(e.era))
        era = eras[-1]
        if not era.years or era.years[-1].year != e.date.year:
            era.years.append(YearGroup(f"y{e.date.year}-{e.era}", e.date.year))
        year = era.years[-1]
        key, label = month_label(e.date, words)
        gid = f"m{key}-{e.era}"
        if not year.months or year.months[-1].id != gid:
            year.months.append(MonthGroup(gid, label))
        year.months[-1].events.append(e)
    return eras


@dataclass
class FilterOption:
    kind: str  # actor / theme / plan
    id: str
    label: str
    record: Actor | Theme | PlanArea
    events: list[Event]

    @property
    def anchor(self) -> str:
        return f"filter-{self.kind}-{self.id}"

    def height(self, shown: ShownText = ShownText()) -> float:
        """An upper bound of its list's height in rem on a 320px screen (as ``MonthGroup.height``):
        the heading, the description and a line or more per event ("12 6 May 2016: title")."""
        description = shown.plain(self.record, "description") if getattr(self.record, "description", None) else ""
        return round(2.2 + (0.9 + text_width(description) / 20 if description else 0)
                     + sum(0.5 + (text_width(shown.plain(e, "title")) + 24) / 22 for e in self.events), 1)


def filter_options(ds, events=None) -> dict[str, list[FilterOption]]:  # labels: the records' own text
    """The timeline's filters: every actor, theme and plan area that has events (of
    ``events`` only, when given: one page of a split timeline filters its own events)."""
    if events is None:
        def of(rec):
            return rec.events
    else:
        here = {e.id for e in events}

        def of(rec):
            return [e for e in rec.events if e.id in here]
    kinds = (("actor", ds.actors, lambda r: r.name), ("theme", ds.themes, lambda r: r.title),
             ("plan", ds.plan_areas, lambda r: f"{r.number}. {r.title}"))
    return {kind: [FilterOption(kind, r.id, label(r), r, mine) for r in records if (mine := of(r))]
            for kind, records, label in kinds}


@dataclass
class TimelinePart:
    """One page of a split timeline: a year's events, or a run of them if the year is long."""
    src_uri: str
    label: str  # "2016", or "2016 (2 of 3)"
    events: list
    groups: list[EraGroup]  # its events by era, year and month, as the page and the renderer's anchor table read them
    slug: str = ""  # its title's anchor in every edition, as the English title's: "2016", "2016-2-of-3"


def timeline_parts(events, per_page: int, folder: str = "timeline", words: Words = ENGLISH) -> list[TimelinePart]:
    """The pages of a timeline too long for one: one per year (events are in date order), a
    year of more than ``per_page`` events cut into runs: ``timeline/2016.md``,
    ``timeline/2016/2.md``..."""
    years: list[list] = []
    for e in events:
        if not years or years[-1][0].date.year != e.date.year:
            years.append([])
        years[-1].append(e)
    parts = []
    for year in years:
        runs = chunked(year, per_page)
        y = year[0].date.year
        for i, run in enumerate(runs, start=1):
            src = f"{folder}/{y}.md" if i == 1 else f"{folder}/{y}/{i}.md"
            label = str(y) if len(runs) == 1 else str(y) + words.gettext(" (%(n)s of %(total)s)") % {"n": i, "total": len(runs)}
            slug = str(y) if len(runs) == 1 else f"{y}-{i}-of-{len(runs)}"
            parts.append(TimelinePart(src, label, run, timeline_groups(run, words), slug))
    return parts


@dataclass
class YearEntry:
    year: int
    count: int
    parts: list  # the TimelineParts holding its events
    share: float = 1.0  # count / the busiest year's count, for the index's bars


def _holders(events, part_of: dict) -> list[TimelinePart]:
    """The pages holding ``events``, in timeline order, each once."""
    return list({part_of[e.id].src_uri: part_of[e.id] for e in events}.values())


def timeline_years(groups: list[EraGroup], parts: list[TimelinePart]) -> list[tuple[str, list[YearEntry]]]:
    """For a split timeline's index: each era's years, with how many events and on which pages."""
    part_of = {e.id: p for p in parts for e in p.events}
    out = []
    for era in groups:
        entries = []
        for y in era.years:
            events = [e for m in y.months for e in m.events]
            entries.append(YearEntry(y.year, len(events), _holders(events, part_of)))
        out.append((era.era, entries))
    most = max((entry.count for _, entries in out for entry in entries), default=1)
    for _, entries in out:
        for entry in entries:
            entry.share = entry.count / most
    return out


def busiest(options: list[FilterOption], n: int) -> list[FilterOption]:
    """All options if there are at most ``n``, else the ``n`` with the most events."""
    if len(options) <= n:
        return options
    return sorted(options, key=lambda o: (-len(o.events), o.label.casefold(), o.id))[:n]


@dataclass
class ListPart:
    """One page of a listing cut into pages (sources, glossary...)."""
    number: int
    src_uri: str
    items: list
    first: int  # position of its first item in the whole listing, from 1


def list_parts(src_uri: str, items: list, per_page: int) -> list[ListPart]:
    """A listing in pages of at most ``per_page``: the first keeps ``src_uri``, page n is
    ``<stem>/<n>.md`` (``actors/index.md`` -> ``actors/all/<n>.md``)."""
    stem = src_uri[:-3]
    stem = stem[: -len("/index")] + "/all" if stem.endswith("/index") else stem
    return [ListPart(n, src_uri if n == 1 else f"{stem}/{n}.md", run, (n - 1) * per_page + 1)
            for n, run in enumerate(chunked(items, per_page), start=1)]


@dataclass
class DirectoryGroup:
    id: str
    label: str
    head: Actor | None  # the state or organisation the group is named after, if any
    members: list[Actor] = field(default_factory=list)


def _parent(a: Actor) -> Actor | None:
    for parent in (a.country_record, a.affiliation_record):
        if parent is not None and parent is not a:
            return parent
    return None


def directory_by_country(ds: Dataset, words: Words = ENGLISH) -> list[DirectoryGroup]:
    """Actors grouped under the state (or, failing that, the organisation) they belong to;
    the state heads its group. Actors that belong to nothing and head no group come last."""
    groups: dict[str, DirectoryGroup] = {}
    for a in ds.actors:  # already sorted by name
        parent = _parent(a)
        if parent is None:
            continue
        if parent.id not in groups:
            groups[parent.id] = DirectoryGroup(f"group-{parent.id}", parent.name, parent)
        groups[parent.id].members.append(a)
    ordered = sorted(groups.values(), key=lambda g: (-len(g.members), g.label.casefold(), g.id))
    others = [a for a in ds.actors if _parent(a) is None and a.id not in groups]
    if others:
        label = (words.gettext("Other states and groupings") if all(a.kind in ("state", "grouping") for a in others)
                 else words.gettext("Other actors"))
        ordered.append(DirectoryGroup("group-other", label if ordered else words.gettext("All actors"), None, others))
    return ordered


def directory_by_kind(actors: list[Actor], words: Words = ENGLISH) -> list[tuple[str, str, list[Actor]]]:
    """(kind, label, actors of that kind) for each kind present, in KIND_LABELS order."""
    out = []
    for kind, label in kind_labels(words).items():
        members = [a for a in actors if a.kind == kind]
        if members:
            out.append((kind, label, members))
    return out


def directory_order(ds: Dataset) -> list[Actor]:
    """The actors as the directory's "by kind" part lists them: by kind, then by name."""
    return [a for _, _, members in directory_by_kind(ds.actors) for a in members]


def map_sections(picture, places) -> list[tuple[str, object]]:
    """(section, place) in the map page's order: marked, unmarked, beyond the map, not drawn."""
    if picture is None:
        return [("unplaced", p) for p in places]
    return [(key, p) for key in ("drawn", "unmarked", "beyond", "unplaced") for p in getattr(picture, key)]


def in_section(entries, key: str) -> list:
    """The places of ``entries`` (from map_sections) in section ``key``."""
    return [p for k, p in entries if k == key]


def plan_aftermath(ds: Dataset, theme_id: str = "economic-cooperation", presented_in: str = "sochi") -> list[Event]:
    """Events after the plan was presented that bear on it: events of every era after the one
    it was presented in (``presented_in``; today "aftermath" and "after-break") that touch a plan
    area or carry the economic-cooperation theme. Data with no later era falls back to its last
    era, as before the story ran past 2022."""
    if not ds.events:
        return []
    eras = list(schema.ERAS)
    later = set(eras[eras.index(presented_in) + 1:]) if presented_in in eras else set()
    wanted = later if any(e.era in later for e in ds.events) else {ds.events[-1].era}
    return [e for e in ds.events
            if e.era in wanted and (e.plan_areas or theme_id in (e.themes or []))]


def article_mapping(ds: Dataset) -> list[tuple[str, list[PlanArea]]]:
    """The article's own names for the plan's areas, each with the points it falls under, in
    the order the points first claim them."""
    out: dict[str, list[PlanArea]] = {}
    for p in ds.plan_areas:  # in the plan's order
        for term in p.article_areas:
            out.setdefault(term, []).append(p)
    return list(out.items())


def role_at(actor, date):
    """The actor's role at ``date`` (a FuzzyDate): one whose from/to span contains it, else
    the first role listed, else None."""
    roles = actor.roles
    if not roles:
        return None
    if date is not None:
        day = date.first_day()
        for r in roles:
            start, end = r.get("from"), r.get("to")
            if (start is None or start.first_day() <= day) and (end is None or day <= end.last_day()):
                if start is not None or end is not None:
                    return r
    return roles[0]


@dataclass
class RoleSpan:
    """How a role reads on the site: its title, its years ("2021–2024", "since 2012"), whether it
    is over, and, for one without an end, the date of the source that shows it held ("as of")."""
    title: str
    years: str
    past: bool
    start: object = None  # FuzzyDate or None
    end: object = None
    as_of: object = None  # the source's publication date (FuzzyDate), for a role without `to`
    source: object = None
    stale: bool = False  # as_of is older than the site's newest sources: later changes may be missing
    index: int = -1  # its place in the actor's roles (an edition's translation names it by that)


def role_span(role: dict, newest_year: int | None = None, words: Words = ENGLISH, index: int = -1) -> RoleSpan:
    """A role's display shape. A role without `to` is never called current: it reads "as of" the
    date of the source that shows it held, and is marked stale when that source is more than two
    years older than the newest source on the site (``newest_year``)."""
    start, end = role.get("from"), role.get("to")
    if start is not None and end is not None:
        years = str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    elif end is not None:
        years = words.gettext("until %(year)s") % {"year": end.year}
    elif start is not None:
        years = words.gettext("since %(year)s") % {"year": start.year}
    else:
        years = ""
    source = role.get("source_record")
    as_of = source.published if end is None and source is not None and source.published else None
    stale = as_of is not None and newest_year is not None and as_of.year < newest_year - 2
    return RoleSpan(role["title"], years, end is not None, start, end, as_of, source, stale, index)


def newest_source_year(ds: Dataset) -> int | None:
    """The year of the most recently published source on the site, if any has a date."""
    years = [s.published.year for s in ds.sources if s.published]
    return max(years) if years else None


def role_spans(actor, newest_year: int | None = None, words: Words = ENGLISH) -> list[RoleSpan]:
    return [role_span(r, newest_year, words, i) for i, r in enumerate(actor.roles or []) if r]


def whos_who(ds: Dataset, words: Words = ENGLISH) -> list[tuple]:
    """(person, role spans, state) for every person, by name; roles as the actor lists them."""
    newest = newest_source_year(ds)
    return [(a, role_spans(a, newest, words), a.country_record) for a in ds.actors if a.kind == "person"]


def speakers(ds, quotes) -> list[tuple]:
    """(actor, their quotes among ``quotes``) for every actor who says one, by name."""
    said: dict[str, list] = {}
    for q in quotes:
        said.setdefault(q.speaker_record.id, []).append(q)
    return [(a, said[a.id]) for a in ds.actors if a.id in said]


def event_citations(e) -> list:
    """The event's sources, then any further sources its outcome cites, each once."""
    out = list(e.source_records)
    outcome = e.outcome or {}
    for s in outcome.get("source_records") or []:
        if s not in out:
            out.append(s)
    return out


def citations_by_source(ds: Dataset) -> dict[str, dict[str, list[Record]]]:
    """For each source id: the events, actors, plan areas, quotes and glossary terms that cite it, events
    including those whose outcome cites it, each once and in the site's order."""
    out: dict[str, dict[str, list[Record]]] = {s.id: {"events": [], "actors": [], "plan_areas": [], "quotes": [], "glossary": []} for s in ds.sources}
    seen: set[tuple[str, str, str]] = set()

    def add(source: Record, rec: Record) -> None:
        key = (source.id, rec.collection, rec.id)
        if rec.collection in out[source.id] and key not in seen:
            seen.add(key)
            out[source.id][rec.collection].append(rec)

    for e in ds.events:  # chronological
        for s in e.source_records:
            add(s, e)
        for s in (e.outcome or {}).get("source_records") or []:
            add(s, e)
    for s in ds.sources:
        for rec in s.cited_by:
            if rec.collection != "events":
                add(s, rec)
    return out
