"""Render the dataset into HTML pages with Jinja2.

The templates write HTML blocks and Markdown headings; ``htmlpage`` turns that into the page's
HTML (heading ids and permalinks as Python-Markdown's ``toc`` writes them) and runs Markdown
only on the fields the schema marks as Markdown, once per distinct text. Jinja2 autoescaping is
on, so any value from ``data/`` is HTML-escaped wherever it lands. Headings use the ``md``
filter, which also escapes Markdown syntax, and Markdown fields go through ``markdown_field``
(Markdown kept, raw HTML shown as text). A page's metadata (title, description, JSON-LD...)
travels as a dict on the ``GeneratedPage``, and the adapter hands it to the engine with the
page's HTML, heading list and anchor ids.

Links between generated pages are relative URLs computed here, so the site works under any
base path. The MkDocs adapter only decides where pages go; nothing here imports MkDocs.
"""

from __future__ import annotations

import dataclasses
import html
import json
import posixpath
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import freshness, glossary, htmlpage, jinja_cache, mapview, schema, structured, svg, views
from .kinds import reference_limits
from .limits import PageLimits
from .model import Dataset, Record

TEMPLATES = Path(__file__).parent / "templates"

# Python-Markdown's backslash-escapable characters (Markdown.ESCAPED_CHARS), plus the three that
# become entities. Escaping any other character (":", "=", "|"...) would show the backslash.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>&])")


def md_escape(text) -> Markup:
    """Escape text for Markdown inline context (headings): HTML-escaped, Markdown syntax
    backslash-escaped, so it can neither open a tag nor form a link or emphasis."""
    text = str(text).replace("\n", " ")
    escaped = _MD_SPECIAL.sub(lambda m: {"<": "&lt;", ">": "&gt;", "&": "&amp;"}.get(m[1], "\\" + m[1]), text)
    return Markup(escaped)


def markdown_field(text) -> Markup:
    """A field whose schema allows Markdown: Markdown syntax is kept, raw HTML is escaped
    (shown as text). Link schemes were already restricted by validation.

    ``{`` becomes an entity: the site enables attr_list, whose ``{: onclick="..."}`` (or
    ``{: href="javascript:..."}``) would otherwise let data set any attribute on its element."""
    if not text:
        return Markup("")
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(escaped.replace("{", "&#123;"))


def json_for_script(data) -> Markup:
    """JSON that is safe inside ``<script type="application/ld+json">``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


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


LATEST_MARKER = "<!-- explainer:latest -->"  # in a hand-written page: the newest events go here
LATEST = 4


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    # The page body as HTML (the engine's page.content), zlib-compressed: every page is rendered
    # before the engine writes the first (so that bad data fails before the site folder is
    # touched), and at 10,000 events their HTML is hundreds of megabytes, a tenth compressed.
    packed: bytes
    in_nav: bool = False
    meta: dict = field(default_factory=dict)  # the page's metadata, for the engine (``page.meta``)
    toc: list = field(default_factory=list)  # heading tokens, as Python-Markdown's toc extension gives
    anchors: frozenset = frozenset()  # every id on the page, for the engine's anchor validation

    @classmethod
    def of(cls, src_uri: str, content: str, **kwargs) -> GeneratedPage:
        return cls(src_uri, zlib.compress(content.encode("utf-8"), 1), **kwargs)

    @property
    def content(self) -> str:
        return zlib.decompress(self.packed).decode("utf-8")


# Records without a page of their own: the listing page that holds each, and its anchor prefix.
_LISTED = {"quotes": ("quotes.md", "quote-"), "sources": ("sources.md", "source-"), "plan_areas": ("plan.md", "area-"),
           "themes": ("timeline.md", "filter-theme-"), "places": ("map.md", "place-"),
           "glossary": ("glossary.md", "term-")}


# What one item of a listing is, for its page's date: the record itself, or where it sits in a tuple.
_ITEM_RECORD = {"whos-who.md": lambda item: item[0], "map.md": lambda item: item[1]}


def _src(rec: Record) -> str:
    """The page source of a record that has a page of its own (events, actors)."""
    src = rec.src_uri
    if src is None:
        raise ValueError(f"{rec!r} has no page of its own")
    return src


class Renderer:
    def __init__(self, dataset: Dataset, *, site_url: str = "", use_directory_urls: bool = True,
                 site_name: str = "", markdown_extensions=("attr_list", "footnotes", "admonition", "toc"),
                 markdown_configs=None, limits: PageLimits | None = None):
        self.ds = dataset
        self.limits = limits or PageLimits()
        self.html = htmlpage.Converter(markdown_extensions, markdown_configs)
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.use_directory_urls = use_directory_urls
        self.site_name = site_name
        self._urls: dict = {}
        self._homes: dict[tuple[str, str], str] = {}  # (listing page, anchor) -> the page of a split listing holding it
        self._layout()
        self.dataset_updated = freshness.latest(dataset.all_records())  # the date of pages that show no record
        self.terms = glossary.TermIndex(dataset.glossary)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=jinja_cache.TEMPLATES,  # mkdocs serve: rebuilds reuse compiled templates
        )
        self.env.filters["md"] = md_escape
        self.env.filters["markdown_field"] = markdown_field
        self.env.filters["markdown"] = lambda text: Markup(self.html.markdown(str(text)))
        self.env.filters["jsonld"] = json_for_script
        self.env.globals.update(ds=dataset, schema=schema, era_titles=schema.ERA_TITLES, views=views,
                                site_name=site_name, page_limits=self.limits, timeline_page=self.timeline_page)

    # --- where things are ----------------------------------------------------------------------
    def _layout(self) -> None:
        """Cut what is too long for one page (limits.py) and record, for every anchor that
        moved off its listing page, the page that now holds it: ``url_of`` reads this, so every
        link to ``timeline.md#event-<id>``, a source or a term follows the entry."""
        ds, limits = self.ds, self.limits
        self.numbers = {e.id: i for i, e in enumerate(ds.events, start=1)}
        self.timeline_parts = (views.timeline_parts(ds.events, limits.timeline)
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
        self.people = views.whos_who(ds)
        self.map_picture = mapview.layout(ds.places, limits.listing, lambda p: len(p.events))
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

    # --- hand-written pages -----------------------------------------------------------------
    def fill_markers(self, markdown: str, src_uri: str) -> str:
        """A hand-written page's Markdown with each ``<!-- explainer:latest -->`` line replaced
        by the newest events (``LATEST``, newest first, dated, linked, escaped) as an HTML block."""
        if LATEST_MARKER not in markdown or not self.ds.events:
            return markdown
        base = _base_segments(page_url(src_uri, self.use_directory_urls))

        def link(target) -> str:
            return _relative(base, self.url_of(target))

        events = self.ds.events[-1:-LATEST - 1:-1]
        text = self.env.get_template("latest.html.j2").render(link=link, events=events)
        block = "\n".join(line for line in text.splitlines() if line.strip())
        return markdown.replace(LATEST_MARKER, "\n\n" + block + "\n\n")

    # --- pages -------------------------------------------------------------------------------
    def _render(self, template: str, src_uri: str, meta: dict, in_nav: bool | None = None,
                **context) -> GeneratedPage:
        here = page_url(src_uri, self.use_directory_urls)
        base = _base_segments(here)

        def link(target) -> str:
            return _relative(base, self.url_of(target))

        def html_block(name: str, **sub) -> Markup:
            """Render a sub-template as a raw HTML block, without the blank lines its
            template tags leave behind (the timeline picture has a line per event)."""
            text = self.env.get_template(name).render(link=link, here=here, absolute=self.absolute_url, **sub)
            return Markup("\n".join(line for line in text.splitlines() if line.strip()))

        linked_terms: set = set()

        def gloss(text) -> Markup:
            """Plain text, escaped, with the page's first mention of each glossary term linked."""
            return glossary.link_terms(str(text), self.terms, link, linked_terms)

        def gloss_md(text) -> Markup:
            """A Markdown field (as ``markdown_field``), with glossary mentions linked likewise."""
            if not text:
                return Markup("")
            return glossary.link_terms_markdown(str(text), self.terms, link, linked_terms, markdown_field, md_escape)

        body = self.env.get_template(template).render(link=link, here=here, absolute=self.absolute_url,
                                                      html_block=html_block, gloss=gloss, gloss_md=gloss_md, **context)
        if "updated" not in meta:  # a page that shows no record (an empty listing): the dataset's date
            meta = {**freshness.page_meta(self.dataset_updated), **meta}
        front = {k: (html.escape(v, quote=True) if isinstance(v, str) and k in ("title", "description") else v)
                 for k, v in meta.items() if v is not None}
        front["generated"] = True  # tells overrides/main.html that title/description are escaped already
        page = self.html.page(body)
        if in_nav is None:
            in_nav = schema.index_page_for(src_uri) is None
        return GeneratedPage.of(src_uri, page.html, in_nav=in_nav, meta=front,
                             toc=page.toc, anchors=frozenset(page.anchors))

    def _timeline_pages(self) -> list[GeneratedPage]:
        """The timeline: one page with everything, or, above ``limits.timeline`` events, an
        index of eras and years (with the filters' index) and a page per year."""
        ds = self.ds
        meta = {
            **freshness.page_meta(freshness.latest(ds.events)),
            "title": "Timeline",
            "description": f"All {len(ds.events)} events of Japan's 'new approach' to Russia"
                           + (f", from {ds.events[0].date.display()} ({ds.events[0].title}) to "
                              f"{ds.events[-1].date.display()} ({ds.events[-1].title})." if ds.events else "."),
        }
        if not self.timeline_parts:
            return [self._render("timeline.md.j2", "timeline.md", meta, groups=views.timeline_groups(ds.events),
                                 filters=views.filter_options(ds), picture=svg.pictures(ds.events, schema.ERAS),
                                 numbers=self.numbers, part=None)]
        parts = self.timeline_parts
        filters = views.filter_options(ds)
        out = [self._render("timeline_index.md.j2", "timeline.md", meta,
                            years=views.timeline_years(views.timeline_groups(ds.events), parts),
                            chips={kind: views.busiest(options, self.limits.refs) for kind, options in filters.items()},
                            with_events={kind: len(options) for kind, options in filters.items()},
                            moved=self.moved("timeline.md"))]
        out[0] = self._answers_for_moved(out[0])
        for i, part in enumerate(parts):
            first, last = part.events[0], part.events[-1]
            out.append(self._render("timeline.md.j2", part.src_uri, {
                **freshness.page_meta(freshness.latest(part.events)),
                "title": f"Timeline: {part.label}",
                "description": f"Events {self.numbers[first.id]} to {self.numbers[last.id]} of Japan's 'new approach' "
                               f"to Russia, {first.date.display()} to {last.date.display()}.",
            }, groups=part.groups, filters=views.filter_options(ds, part.events),
                picture=svg.pictures(part.events, schema.ERAS, self.numbers[first.id]), numbers=self.numbers,
                part=part, prev=parts[i - 1] if i else None, next=parts[i + 1] if i + 1 < len(parts) else None,
                in_nav=False))
        return out

    def _listing_pages(self, template: str, src_uri: str, meta: dict, **context) -> list[GeneratedPage]:
        """A listing (sources, glossary...) on one page, or on pages of ``limits.listing``
        entries, each with the list of pages; the first also says where the others' are."""
        parts = self.listings[src_uri]
        record_of = _ITEM_RECORD.get(src_uri, lambda item: item)

        def dated(part, page_meta: dict) -> dict:
            return {**freshness.page_meta(freshness.latest(record_of(i) for i in part.items)), **page_meta}

        if len(parts) == 1:
            return [self._render(template, src_uri, dated(parts[0], meta), items=parts[0].items, part=None, parts=parts,
                                 **context)]
        out = []
        for part in parts:
            page_meta = dict(meta, title=f"{meta['title']} ({part.number} of {len(parts)})") if part.number > 1 else meta
            page_meta = dated(part, page_meta)
            out.append(self._render(template, part.src_uri, page_meta, items=part.items, part=part, parts=parts,
                                    moved=self.moved(src_uri) if part.number == 1 else [],
                                    in_nav=None if part.number == 1 else False, **context))
        out[0] = self._answers_for_moved(out[0])
        return out

    def _answers_for_moved(self, page: GeneratedPage) -> GeneratedPage:
        """The first page of a split listing answers for the anchors that moved off it: its
        script sends them on, so a hand-written link to ``quotes.md#quote-<id>`` stays valid
        for the engine's anchor check (and reaches the quote)."""
        moved = {anchor for _, anchors in self.moved(page.src_uri) for anchor in anchors}
        return dataclasses.replace(page, anchors=page.anchors | moved)

    def pages(self) -> list[GeneratedPage]:
        ds = self.ds
        out = self._timeline_pages()
        out += self._listing_pages("map.md.j2", "map.md", {
            "title": "Map",
            "description": "Hokkaidō, the four disputed islands, the Kuril chain, Sakhalin and the places of "
                           "the story, each with its events; land only, no borders.",
        }, picture=self.map_picture)
        out += self._listing_pages("actors_index.md.j2", "actors/index.md", {
            "title": "Actors",
            "description": "People, organisations and states in the story of Japan's 'new approach' to Russia.",
        })
        aftermath = views.plan_aftermath(ds)
        out.append(self._render("plan.md.j2", "plan.md", {
            **freshness.page_meta(freshness.latest([*ds.plan_areas, *aftermath])),
            "title": "The eight-point plan",
            "description": "The eight points of Japan's economic cooperation plan for Russia, presented in Sochi "
                           "in May 2016, in the government's own titles, and what became of each.",
        }, aftermath=aftermath, mapping=views.article_mapping(ds)))
        out += self._listing_pages("quotes.md.j2", "quotes.md", {
            "title": "Quotes",
            "description": "What the leaders and officials said, verbatim and attributed, with sources.",
        })
        out += self._listing_pages("sources.md.j2", "sources.md", {
            "title": "Sources",
            "description": "Every source the site's facts and quotes are drawn from.",
        }, cited=views.citations_by_source(ds))
        out += self._listing_pages("glossary.md.j2", "glossary.md", {
            "title": "Glossary",
            "description": "The terms the pages use, from aide-mémoire to two-plus-two, each defined with a source.",
        })
        out += self._listing_pages("whos_who.md.j2", "whos-who.md", {
            "title": "Who's who",
            "description": "One line on each person in the story of Japan's 'new approach' to Russia.",
        }, people=self.people)
        out.append(self._render("data_reference.md.j2", "reference/data.md", {
            **freshness.page_meta(self.dataset_updated),
            "title": "Data reference",
            "description": "The fields of the dataset behind the site, generated from the schema.",
        }, collections=schema.COLLECTIONS, rows=schema.reference_rows, limits=reference_limits()))
        for e in ds.events:
            updated = freshness.latest(freshness.event_records(e))
            out.append(self._render("event.md.j2", _src(e), {
                **freshness.page_meta(updated),
                "title": e.title, "description": e.summary, "og_type": "article",
                "jsonld": str(json_for_script(structured.event_jsonld(e, self.absolute_url, updated))),
            }, e=e))
        for a in ds.actors:
            updated = freshness.latest(freshness.actor_records(a))
            out.append(self._render("actor.md.j2", _src(a), {
                **freshness.page_meta(updated),
                "title": a.name, "description": a.summary or f"{a.name} in the story of Japan's 'new approach' to Russia.",
                "og_type": "profile" if a.kind == "person" else "website",
                "jsonld": str(json_for_script(structured.actor_jsonld(a, self.absolute_url, updated))),
            }, a=a))
        return out
