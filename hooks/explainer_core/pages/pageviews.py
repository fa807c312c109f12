"""One typed view per generated page: an event's, an actor's, the timeline, its index and
year pages, the map, the actor directory, the plan, quotes, sources, glossary, who's who, the
data reference, and the newest events on a hand-written page.

Each view is made from the model, plus what the link table says as data (the pages of a split
listing, the timeline page of each event, the anchors that moved), before its template runs;
the template reads the view's fields and calls nothing but ``link``/``file_link``, ``_`` and the
edition's lookups. The shapes views share (timeline groups, filters, role spans...) are in
``views.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ..data import schema
from ..data.values import reference_limits
from ..model.records import Actor, Dataset, Event, PlanArea
from .catalogue import ENGLISH, Words
from .views import (
    DirectoryGroup,
    EraGroup,
    FilterOption,
    ListPart,
    RoleSpan,
    ShownText,
    TimelinePart,
    YearEntry,
    article_mapping,
    busiest,
    directory_by_country,
    directory_by_kind,
    era_titles,
    event_citations,
    filter_options,
    in_section,
    kind_label,
    plan_aftermath,
    role_at,
    role_spans,
    speakers,
    timeline_groups,
    timeline_years,
)

MAP_SECTIONS = ("drawn", "unmarked", "beyond", "unplaced")


# --- one typed view per record page: everything its template shows beyond the record itself ---
# Made from the model alone (and, as data, what the link table says), before the template runs;
# a template reads its view and never calls back into views or the renderer.
@dataclass
class PageView:
    def context(self) -> dict:
        """The view's fields, as the template's variables."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def texts(self) -> list[tuple[str, str, bool]]:
        """(key, text, is Markdown) for each text in which glossary terms are linked, in page
        order (a term is linked at its first mention on the page)."""
        return []

    def translatable(self) -> dict[str, tuple[Any, str]]:
        """For each key of ``texts`` that is a record's field: (record, field path), so that an
        edition in another language shows its translation (``Translations.text``)."""
        return {}


@dataclass
class EventView(PageView):
    e: Event
    cites: list  # the sources, numbered in this order
    actors: list[tuple[Actor, dict | None]]  # each actor with their role at the event's date
    era_title: str
    permanent: str  # the page's absolute URL ("" without site_url)
    site_name: str  # for "cite this page"
    cite_files: dict[str, str]  # format ("bib", "ris", "json") -> its citation file's site path

    def texts(self) -> list[tuple[str, str, bool]]:
        e = self.e
        return [("summary", e.summary, False), ("description", e.description or "", True),
                ("outcome", (e.outcome or {}).get("summary") or "", False)]

    def translatable(self) -> dict[str, tuple[Any, str]]:
        return {"summary": (self.e, "summary"), "description": (self.e, "description"),
                "outcome": (self.e, "outcome.summary")}


def event_view(e: Event, era_titles: dict[str, str], permanent: str, site_name: str,
               cite_files: dict[str, str]) -> EventView:
    return EventView(e, event_citations(e), [(a, role_at(a, e.date)) for a in e.actor_records],
                     era_titles[e.era], permanent, site_name, cite_files)


@dataclass
class ActorView(PageView):
    a: Actor
    kind_label: str  # "Person", "State"...
    members: list[tuple[Actor, dict | None]]  # each connected actor with their current role
    roles: list[RoleSpan]  # the actor's roles as they read, with years or "as of"
    refs: int  # how many events, quotes and members are listed at most
    first_event_page: str | None  # the timeline page holding the actor's first event


def actor_view(a: Actor, limit: int, newest_year: int | None = None,
               timeline_pages: dict[str, str] | None = None, words: Words = ENGLISH) -> ActorView:
    return ActorView(a, kind_label(a.kind, words),
                     [(b, role_at(b, None)) for b in a.members[:limit]], role_spans(a, newest_year, words), limit,
                     (timeline_pages or {}).get(a.events[0].id) if a.events else None)


# --- the timeline ------------------------------------------------------------------------------
@dataclass
class TimelineView(PageView):
    """The whole timeline on one page, or one year's page of a split timeline (``part``)."""
    all_events: list[Event]  # every event of the site, for the lede and "the latest event"
    groups: list[EraGroup]  # this page's events by era, year and month
    filters: dict[str, list[FilterOption]]  # this page's actors, themes and plan areas
    numbers: dict[str, int]  # event id -> its number on the whole timeline
    era_titles: dict[str, str]
    heights: dict[str, float]  # month id, or theme section anchor -> its height hint (--jr-h), in the edition's text
    part: TimelinePart | None = None
    prev: TimelinePart | None = None
    next: TimelinePart | None = None


def timeline_view(ds: Dataset, numbers: dict[str, int], parts: list[TimelinePart] | None = None,
                  i: int = 0, words: Words = ENGLISH, shown: ShownText | None = None) -> TimelineView:
    """The one-page timeline, or (``parts``) the page of ``parts[i]`` with its neighbours;
    ``shown``: the text the edition shows, which its months' and theme lists' height hints
    measure (the English records' own by default)."""
    shown = shown or ShownText(words)
    part = parts[i] if parts else None
    groups = part.groups if part else timeline_groups(ds.events, words)
    filters = filter_options(ds, part.events) if part else filter_options(ds)
    heights = {m.id: m.height(shown) for era in groups for year in era.years for m in year.months}
    heights.update((o.anchor, o.height(shown)) for o in filters["theme"])
    if not parts:
        return TimelineView(ds.events, groups, filters, numbers, era_titles(words), heights)
    return TimelineView(ds.events, groups, filters, numbers, era_titles(words), heights,
                        part, parts[i - 1] if i else None, parts[i + 1] if i + 1 < len(parts) else None)


@dataclass
class TimelineIndexView(PageView):
    """A split timeline's index: each era's years and the pages holding them, and the filters."""
    all_events: list[Event]
    years: list[tuple[str, list[YearEntry]]]
    chips: dict[str, list[FilterOption]]  # the busiest options of each kind
    with_events: dict[str, int]  # how many options of each kind have events
    moved: list[tuple[str, list[str]]]  # anchors now on the year pages, by page
    era_titles: dict[str, str]
    refs: int  # how many of a kind are shown at most
    per_page: int  # events on a year's page at most


def timeline_index_view(ds: Dataset, parts: list[TimelinePart], moved: list[tuple[str, list[str]]],
                        refs: int, per_page: int, words: Words = ENGLISH) -> TimelineIndexView:
    filters = filter_options(ds)
    return TimelineIndexView(ds.events, timeline_years(timeline_groups(ds.events, words), parts),
                             {kind: busiest(options, refs) for kind, options in filters.items()},
                             {kind: len(options) for kind, options in filters.items()},
                             moved, era_titles(words), refs, per_page)


# --- listings: one view per page of a listing ----------------------------------------------------
@dataclass
class ListingPage:
    """Where one page sits in its listing: its own items, and the listing's pages."""
    items: list
    part: ListPart | None  # None: the whole listing fits on one page
    parts: list[ListPart]
    moved: list[tuple[str, list[str]]]  # on a split listing's first page: the anchors now elsewhere
    refs: int  # how many references a list on the page shows at most


@dataclass
class ListingView(PageView):
    items: list
    part: ListPart | None
    parts: list[ListPart]
    moved: list[tuple[str, list[str]]]
    refs: int
    total: int  # entries in the whole listing


def _listing(page: ListingPage) -> dict[str, Any]:
    return {"items": page.items, "part": page.part, "parts": page.parts, "moved": page.moved, "refs": page.refs,
            "total": sum(len(p.items) for p in page.parts)}


@dataclass
class GlossaryView(ListingView):
    pass


def glossary_view(page: ListingPage) -> GlossaryView:
    return GlossaryView(**_listing(page))


@dataclass
class SourcesView(ListingView):
    cited: dict[str, dict[str, list]]  # source id -> the records citing it, by collection


def sources_view(page: ListingPage, cited: dict[str, dict[str, list]]) -> SourcesView:
    return SourcesView(**_listing(page), cited=cited)


@dataclass
class QuotesView(ListingView):
    speakers: list[tuple[Actor, list]]  # each speaker with their quotes on this page


def quotes_view(ds: Dataset, page: ListingPage) -> QuotesView:
    return QuotesView(**_listing(page), speakers=speakers(ds, page.items))


@dataclass
class WhosWhoView(ListingView):
    people: list[tuple]  # (person, role spans, state) for every person of the site


def whos_who_view(page: ListingPage, people: list[tuple]) -> WhosWhoView:
    return WhosWhoView(**_listing(page), people=people)


@dataclass
class DirectoryView(ListingView):
    by_kind: list[tuple[str, str, list[Actor]]]  # this page's actors by kind
    all_by_kind: list[tuple[str, str, list[Actor]]]  # every actor by kind, for the lede
    groups: list[DirectoryGroup]  # by country or affiliation
    roles: dict[str, dict | None]  # actor id -> their current role


def directory_views(ds: Dataset, words: Words = ENGLISH):
    """The actor directory's view of each page: what covers every actor (the lede's counts, the
    groups by country, the roles) is worked out once, not again for each page."""
    all_by_kind = directory_by_kind(ds.actors, words)
    groups = directory_by_country(ds, words)
    roles = {a.id: role_at(a, None) for a in ds.actors}

    def view(page: ListingPage) -> DirectoryView:
        return DirectoryView(**_listing(page), by_kind=directory_by_kind(page.items, words),
                             all_by_kind=all_by_kind, groups=groups, roles=roles)
    return view


@dataclass
class MapView(ListingView):
    """One page of the map's places; the picture itself is the page's picture block."""
    picture: Any  # mapview's layout (the numbers of the marked places), or None
    sections: dict[str, list]  # this page's places by section: drawn, unmarked, beyond, unplaced
    timeline_pages: dict[str, str]  # event id -> the timeline page holding it


def map_view(page: ListingPage, picture, timeline_pages: dict[str, str]) -> MapView:
    return MapView(**_listing(page), picture=picture,
                   sections={key: in_section(page.items, key) for key in MAP_SECTIONS},
                   timeline_pages=timeline_pages)


# --- single pages ---------------------------------------------------------------------------------
@dataclass
class PlanView(PageView):
    plan_areas: list[PlanArea]
    aftermath: list[Event]  # events after Sochi that bear on the plan
    mapping: list[tuple[str, list[PlanArea]]]  # the article's areas -> Japan's points
    refs: int
    timeline_pages: dict[str, str]


def plan_view(ds: Dataset, refs: int, timeline_pages: dict[str, str]) -> PlanView:
    return PlanView(ds.plan_areas, plan_aftermath(ds), article_mapping(ds), refs, timeline_pages)


@dataclass
class DataReferenceView(PageView):
    collections: list[schema.Collection]
    rows: dict[str, list[schema.ReferenceRow]]  # collection name -> its fields, nested ones flattened
    translatable_fields: dict[str, list[str]]  # collection name -> its translatable fields (not `translatable`: a PageView method)
    limits: list  # (what, limit) for the data's size limits
    langs: tuple  # the editions' languages


def data_reference_view() -> DataReferenceView:
    return DataReferenceView(list(schema.COLLECTIONS), {c.name: schema.reference_rows(c) for c in schema.COLLECTIONS},
                             {c.name: schema.translatable_paths(c) for c in schema.COLLECTIONS},
                             list(reference_limits()), tuple(schema.TRANSLATION_LANGS))


@dataclass
class LatestView(PageView):
    """The newest events, newest first, where a hand-written page asks for them."""
    events: list[Event]
    total: int


def latest_view(ds: Dataset, n: int) -> LatestView:
    return LatestView(ds.events[-1:-n - 1:-1], len(ds.events))
