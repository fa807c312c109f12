"""The link table and the URL layout: which page holds each record and anchor, and relative
URLs between pages (moved here from ``render.py``).

A long listing is cut over several pages (``data/limits.py``); ``LinkTable`` records, for every
anchor that moved off its listing page, the page that now holds it, so ``url_of`` (and the
templates' ``link()``) finds every entry. ``Renderer`` is a ``LinkTable`` that also renders."""

from __future__ import annotations

import posixpath

from ..data.limits import PageLimits
from ..model.records import Dataset, Record
from . import mapview, views
from .catalogue import ENGLISH, Words


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a Markdown file."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _segments(path: str) -> list[str]:
    """The parts of a site-relative path, as ``posixpath.relpath`` sees them."""
    if path == ".":
        return []
    parts = path.split("/")
    if "" in parts or "." in parts or ".." in parts:  # not a plain page URL: normalise the slow way
        return [p for p in posixpath.normpath("/" + path).split("/") if p]
    return parts


def _base_segments(from_url: str) -> list[str]:
    base = from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url) + "/"
    return _segments(base.rstrip("/") or ".")


def _relative(base: list[str], to_url: str) -> str:
    to_path, _, frag = to_url.partition("#")
    t = _segments(to_path.rstrip("/") or ".")
    common = 0
    for x, y in zip(base, t):
        if x != y:
            break
        common += 1
    rel = "/".join([".."] * (len(base) - common) + t[common:]) or "."
    if to_path.endswith("/") or to_path == "":
        rel = rel + "/" if rel != "." else "./"
    return rel + ("#" + frag if frag else "")


def relative_url(from_url: str, to_url: str) -> str:
    """Relative link from the page at ``from_url`` to ``to_url`` (both site-relative).

    The same as ``posixpath.relpath`` (plus trailing slashes and fragments) without its two
    abspath() calls: it runs for every link on every page."""
    return _relative(_base_segments(from_url), to_url)


# Records without a page of their own: the listing page that holds each, and its anchor prefix.
_LISTED = {"quotes": ("quotes.md", "quote-"), "sources": ("sources.md", "source-"), "plan_areas": ("plan.md", "area-"),
           "themes": ("timeline.md", "filter-theme-"), "places": ("map.md", "place-"),
           "glossary": ("glossary.md", "term-")}


CITE_FILES = {"bib": "cite.bib", "ris": "cite.ris", "json": "cite.json"}  # next to an event's page


def cite_file(event_id: str, fmt: str) -> str:
    """The site-relative path of an event's citation file (``events/<id>/cite.bib``), which the
    event page links to and ``publish/citations.py`` writes."""
    return f"events/{event_id}/{CITE_FILES[fmt]}"


def _src(rec: Record) -> str:
    """The page source of a record that has a page of its own (events, actors)."""
    src = rec.src_uri
    if src is None:
        raise ValueError(f"{rec!r} has no page of its own")
    return src


class LinkTable:
    def __init__(self, dataset: Dataset, *, site_url: str = "", use_directory_urls: bool = True,
                 limits: PageLimits | None = None, words: Words = ENGLISH):
        self.ds = dataset
        self.words = words  # the edition's words, for the shapes laid out here (roles' years, the map's captions)
        self.limits = limits or PageLimits()
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.use_directory_urls = use_directory_urls
        self._urls: dict = {}
        self._homes: dict[tuple[str, str], str] = {}  # (listing page, anchor) -> the page of a split listing holding it
        self._layout()

    # --- where things are ----------------------------------------------------------------------
    def _layout(self) -> None:
        """Cut what is too long for one page (limits.py) and record, for every anchor that
        moved off its listing page, the page that now holds it: ``url_of`` reads this, so every
        link to ``timeline.md#event-<id>``, a source or a term follows the entry."""
        ds, limits = self.ds, self.limits
        self.numbers = {e.id: i for i, e in enumerate(ds.events, start=1)}
        self.timeline_parts = (views.timeline_parts(ds.events, limits.timeline, words=self.words)
                               if len(ds.events) > limits.timeline else [])
        for part in self.timeline_parts:
            for e in part.events:
                self._homes.setdefault(("timeline.md", f"event-{e.id}"), part.src_uri)
            for era in part.groups:
                for year in era.years:
                    self._homes.setdefault(("timeline.md", year.id), part.src_uri)
                    for month in year.months:
                        self._homes.setdefault(("timeline.md", month.id), part.src_uri)
        if self.timeline_parts:  # a theme's section: on each page holding its events; links go to the first
            for t in ds.themes:
                if t.events:
                    self._homes[("timeline.md", f"filter-theme-{t.id}")] = self.timeline_page(t.events[0])
        self.people = views.whos_who(ds, self.words)
        self.map_picture = mapview.layout(ds.places, limits.listing, lambda p: len(p.events), self.words,
                                          lambda p: str(ds.translations.text(p, "name", self.words.lang)[0] or ""))
        self.listings = {}
        for src, items, anchor in (
                ("sources.md", ds.sources, lambda s: f"source-{s.id}"),
                ("glossary.md", ds.glossary, lambda t: f"term-{t.id}"),
                ("quotes.md", ds.quotes, lambda q: f"quote-{q.id}"),
                ("whos-who.md", self.people, lambda p: f"who-{p[0].id}"),
                ("actors/index.md", views.directory_order(ds), lambda a: f"actor-{a.id}"),
                ("map.md", views.map_sections(self.map_picture, ds.places), lambda entry: f"place-{entry[1].id}")):
            self.listings[src] = views.list_parts(src, items, limits.listing)
            for page in self.listings[src][1:]:
                for item in page.items:
                    self._homes[(src, anchor(item))] = page.src_uri
        # The link table's answer for each event's timeline page, as data the templates read.
        self.timeline_pages = {e.id: self.timeline_page(e) for e in ds.events}

    def timeline_page(self, event: Record) -> str:
        """The timeline page that holds ``event`` (its source path)."""
        return self._homes.get(("timeline.md", f"event-{event.id}"), "timeline.md")

    def moved(self, src_uri: str) -> list[tuple[str, list[str]]]:
        """(page, anchors) for the anchors of listing ``src_uri`` now on other pages, by page:
        the listing's first page carries this so the site's script can send an old link on."""
        by_page: dict[str, list[str]] = {}
        for (listing, anchor), page in self._homes.items():
            if listing == src_uri:
                by_page.setdefault(page, []).append(anchor)
        return list(by_page.items())

    # --- URLs ---------------------------------------------------------------------------
    def url_of(self, target) -> str:
        """Site-relative URL of a record, or of a Markdown path like 'timeline.md'."""
        # Memoised: pages link to the same records (states, the main sources...) again and again.
        cacheable = isinstance(target, (Record, str))
        if cacheable and target in self._urls:
            return self._urls[target]
        url = self._url_of(target)
        if cacheable:
            self._urls[target] = url
        return url

    def _url_of(self, target) -> str:
        if isinstance(target, Record):
            listing = _LISTED.get(target.collection)
            if listing is not None:
                return self.url_of(f"{listing[0]}#{listing[1]}{target.id}")
            return page_url(_src(target), self.use_directory_urls)
        path, _, frag = str(target).partition("#")
        path = self._homes.get((path, frag), path)  # the entry moved to another page of its listing
        return page_url(path, self.use_directory_urls) + ("#" + frag if frag else "")

    def absolute_url(self, target) -> str:
        return self.site_url + self.url_of(target) if self.site_url else ""
