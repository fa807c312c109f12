"""Render the dataset into HTML pages with Jinja2.

The templates write HTML blocks and Markdown headings; ``htmlpage`` turns that into the page's
HTML (heading ids and permalinks as Python-Markdown's ``toc`` writes them) and runs Markdown
only on the fields the schema marks as Markdown, once per distinct text. Jinja2 autoescaping is
on, so any value from ``data/`` is HTML-escaped wherever it lands. Headings use the ``md``
filter, which also escapes Markdown syntax, and Markdown fields go through ``markdown_field``
(Markdown kept, raw HTML shown as text). A page's metadata (title, description, JSON-LD...)
travels as a dict on the ``GeneratedPage``, and the adapter hands it to the engine with the
page's HTML, heading list and anchor ids.

Links between generated pages are relative URLs from the link table (``links.py``), so the
site works under any base path. The MkDocs adapter only decides where pages go; nothing here imports MkDocs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..data import schema
from ..data.limits import PageLimits
from ..model import freshness
from ..model.records import Dataset, Record
from . import catalogue, glossary, htmlpage, i18n, jinja_cache, pageviews, printnotes, reuse, structured, svg, views
from .links import CITE_FILES, LinkTable, _base_segments, _relative, _src, cite_file, page_url
from .markup import json_for_script, markdown_field, md_escape
from .views import ListPart

TEMPLATES = Path(__file__).parent / "templates"


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


# What one item of a listing is, for its page's date: the record itself, or where it sits in a tuple.
_ITEM_RECORD = {"whos-who.md": lambda item: item[0], "map.md": lambda item: item[1]}


def _picture(name: str, template: str, pic, **variables) -> dict[str, tuple[str, dict]]:
    """A page's picture block (``name`` -> its sub-template and variables), if there is a picture."""
    return {name: (template, {"pic": pic, **variables})} if pic is not None else {}


class Renderer(LinkTable):
    def __init__(self, dataset: Dataset, *, site_url: str = "", use_directory_urls: bool = True,
                 site_name: str = "", markdown_extensions=("attr_list", "footnotes", "admonition", "toc"),
                 markdown_configs=None, limits: PageLimits | None = None, lang: str = "en",
                 reuse_last: dict[str, reuse.Kept] | None = None):
        """``reuse_last``: the record pages the last build kept (``reuse.py``), to render again
        only those whose inputs changed; None renders every page and keeps nothing."""
        self.lang = lang  # the edition: its templates' words (catalogue.py) and its dates (i18n.py)
        self.words = words = catalogue.for_lang(lang)
        self._markdown_settings = (markdown_extensions, markdown_configs)
        self.html = htmlpage.Converter(markdown_extensions, markdown_configs, words.gettext("Permanent link"))
        self.site_name = site_name
        self._source_notes: dict[str, Markup] | None = None  # absolute URL of a source's entry -> print note
        super().__init__(dataset, site_url=site_url, use_directory_urls=use_directory_urls, limits=limits, words=words)
        self.newest_source_year = views.newest_source_year(dataset)  # roles without an end read 'as of' against it
        self.dataset_updated = freshness.latest(dataset.all_records())  # the date of pages that show no record
        # the glossary's terms as the edition's texts mention them, each linked to its definition in that language
        self.terms = glossary.TermIndex(dataset.glossary) if lang == "en" else glossary.TermIndex(
            dataset.glossary, self._term_names, lambda t: self.plain(t, "definition"), cjk=lang == "ja")
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=jinja_cache.TEMPLATES,  # mkdocs serve: rebuilds reuse compiled templates
            extensions=["jinja2.ext.i18n"],  # {{ _("...") }}: every word a template writes, from catalogue.py
        )
        self.env.install_gettext_callables(words.gettext, words.ngettext, newstyle=True)  # type: ignore[attr-defined]
        self.env.filters["md"] = md_escape
        self.env.filters["markdown_field"] = markdown_field
        self.env.filters["markdown"] = lambda text: Markup(self.html.markdown(str(text)))
        self.env.filters["jsonld"] = json_for_script
        # The one way a page gets a record's text in this edition (i18n.Edition): templates call
        # tr(record, "field") (a Localized: escaped, marked lang="en" where English stands in),
        # plain() for an attribute, is_en() before a Markdown block; the pages' Python calls self.plain.
        self.edition = edition = i18n.Edition(dataset.translations, lang)
        self.env.globals.update(date_text=lambda d: i18n.format_fuzzy(d, lang), tr=edition.tr, plain=edition.plain,
                                is_en=edition.is_en, role_title=edition.role_title, heading_id=edition.heading_id,
                                lang_attr=edition.lang_attr)
        self._shown = views.ShownText(words, self.plain, self._date_text)  # what the timeline's height hints measure
        self.reuse = reuse.RenderCache(dataset, self._reuse_context(), reuse_last) if reuse_last is not None else None

    def _reuse_context(self) -> str:
        """What a record page reads besides its records: the options, the link table, the
        numbering, what the glossary links and print notes show, the translations, the edition's
        catalogue (its words) and the templates."""
        ds = self.ds
        self._note_text("")  # built now, outside any page, from every source (whose digests are below)
        return reuse.digest((self.lang, self.site_url, self.use_directory_urls, self.site_name, self.limits,
                             self._markdown_settings, sorted(self._homes.items()), self.numbers, self.timeline_pages,
                             self.newest_source_year, self.dataset_updated,
                             [reuse.record_digest(r) for r in (*ds.sources, *ds.glossary)],
                             ds.translations if self.lang != "en" else None,
                             catalogue.po_path(self.lang).read_bytes() if self.lang != "en" else None,
                             [(p.name, p.read_bytes()) for p in sorted(TEMPLATES.iterdir()) if p.is_file()]))

    def _record_page(self, src_uri: str, make: Callable[[], GeneratedPage]) -> GeneratedPage:
        return make() if self.reuse is None else self.reuse.page(src_uri, make)

    def _note_text(self, url: str) -> Markup | None:
        """A print note's text for an absolute URL: a source's entry is noted as the source."""
        if self._source_notes is None:
            self._source_notes = {
                self.absolute_url(s): printnotes.source_note(
                    s.title, s.values.get("publisher"),
                    self._date_text(s.published) if s.values.get("published") else None, s.url)
                for s in self.ds.sources}
        return self._source_notes.get(url)

    # --- the edition's language -----------------------------------------------------------------
    def _edition_texts(self, view: pageviews.PageView) -> tuple[list[tuple[str, str, bool]], set[str]]:
        """The view's texts in this edition's language, and the keys that fall back to English
        (no translation, or a stale one)."""
        texts = view.texts()
        if self.lang == "en":
            return texts, set()
        sources = view.translatable()
        out, english = [], set()
        for key, text, markdown in texts:
            if key in sources and text:
                rec, path = sources[key]
                value, got = self.ds.translations.text(rec, path, self.lang)
                text = value or text
                if got != self.lang:
                    english.add(key)
            out.append((key, text, markdown))
        return out, english

    def _untranslated_note(self) -> str:
        return ('<p class="jr-untranslated-note">' + html.escape(self.words.gettext(
            "Parts of this page have not been translated yet: they are shown in English.")) + "</p>")

    def _tidy(self, content: str) -> str:
        """The edition's typography: in Japanese, no space after a full-width colon."""
        return i18n.close_fullwidth_gaps(content) if self.lang == "ja" else content

    def _date_text(self, d) -> str:
        """A date as this edition writes it (the page's text and its metadata alike)."""
        return i18n.format_fuzzy(d, self.lang)

    def _term_names(self, term: Record) -> list[str]:
        return [self.plain(term, "term"), *(self.ds.translations.text(term, "other_names", self.lang)[0] or [])]

    def plain(self, record: Record, path: str) -> str:
        """A record's field in this edition's language as plain text (a page's title)."""
        return str(self.ds.translations.text(record, path, self.lang)[0] or "")

    # --- hand-written pages -----------------------------------------------------------------
    def day_meta(self, day: dt.date | None) -> dict:
        """A page's date as its metadata: ``updated`` (ISO) and, in another edition, the
        ``updated_text`` its "Last updated" line shows in the edition's language."""
        meta = freshness.page_meta(day)
        if self.lang != "en" and meta.get("updated"):
            meta["updated_text"] = i18n.format_day(dt.date.fromisoformat(meta["updated"]), self.lang)
        return meta

    def untranslated_note(self) -> str:
        """The note over a page shown in English in another edition (none in English)."""
        if self.lang == "en":
            return ""
        words = catalogue.for_lang(self.lang)
        text = words.gettext("Parts of this page have not been translated yet: they are shown in English.")
        return f'<p class="jr-untranslated-note">{html.escape(text)}</p>'

    def fill_markers(self, markdown: str, src_uri: str) -> str:
        """A hand-written page's Markdown with each ``<!-- explainer:latest -->`` line replaced
        by the newest events (``LATEST``, newest first, dated, linked, escaped) as an HTML block."""
        if LATEST_MARKER not in markdown or not self.ds.events:
            return markdown
        base = _base_segments(page_url(src_uri, self.use_directory_urls))

        def link(target) -> str:
            return _relative(base, self.url_of(target))

        view = pageviews.latest_view(self.ds, LATEST)
        self.edition.shown_english = False
        text = self.env.get_template("latest.html.j2").render(link=link, **view.context())
        if self.edition.shown_english:  # some titles in English: said once, at the end of the list
            text = text.replace("</section>", self._untranslated_note() + "\n</section>")
        text = self._tidy(text)
        block = "\n".join(line for line in text.splitlines() if line.strip())
        return markdown.replace(LATEST_MARKER, "\n\n" + block + "\n\n")

    # --- pages -------------------------------------------------------------------------------
    def _render(self, template: str, src_uri: str, meta: dict, in_nav: bool | None = None, *,
                view: pageviews.PageView, blocks: dict[str, tuple[str, dict]] | None = None,
                english_only: bool = False) -> GeneratedPage:
        """One page in one pass: its view's texts get their glossary links, its pictures
        (``blocks``: name -> sub-template and its variables) are rendered, then its template
        lays out the view. Nothing the template calls reaches back here but ``link`` (a lookup
        in the link table)."""
        here = page_url(src_uri, self.use_directory_urls)
        base = _base_segments(here)

        def link(target) -> str:
            return _relative(base, self.url_of(target))

        def file_link(path: str) -> str:
            """A relative link to a file the build publishes (an export), by its site path."""
            return _relative(base, path)

        def html_block(name: str, **sub) -> Markup:
            """Render a sub-template as a raw HTML block, without the blank lines its
            template tags leave behind (the timeline picture has a line per event)."""
            text = self.env.get_template(name).render(link=link, here=here, **sub)
            return Markup("\n".join(line for line in text.splitlines() if line.strip()))

        texts, english = self._edition_texts(view)
        self.edition.shown_english = False  # set as the page's pictures and template write English in an edition
        linked = glossary.link_texts(texts, self.terms, link, markdown_field, md_escape)
        for key, _, markdown in texts:  # shown in English in another edition: say so to browsers
            if key in english and linked[key] and not markdown:
                linked[key] = Markup('<span lang="en">') + linked[key] + Markup("</span>")
        pictures = {name: html_block(sub, **variables) for name, (sub, variables) in (blocks or {}).items()}
        body = self.env.get_template(template).render(link=link, file_link=file_link, here=here, pictures=pictures,
                                                      **view.context(), text=linked, english=english)
        if "updated" not in meta:  # a page that shows no record (an empty listing): the dataset's date
            meta = {**freshness.page_meta(self.dataset_updated), **meta}
        if self.lang != "en" and meta.get("updated"):  # "Last updated" in the edition's language
            meta = {**meta, "updated_text": i18n.format_day(dt.date.fromisoformat(meta["updated"]), self.lang)}
        if meta.get("updated"):
            meta = {**meta, "updated_label": catalogue.updated_label(self.words)}
        front = {k: (html.escape(v, quote=True) if isinstance(v, str) and k in ("title", "description") else v)
                 for k, v in meta.items() if v is not None}
        front["generated"] = True  # tells overrides/main.html that title/description are escaped already
        page = self.html.page(body)
        content = page.html
        if self.lang != "en" and (english or self.edition.shown_english) and not english_only:
            head, sep, rest = content.partition("</h1>")  # said once, under the title
            content = f"{head}{sep}\n{self._untranslated_note()}{rest}" if sep else self._untranslated_note() + content
        content = self._tidy(content)
        if english_only and self.lang != "en":  # a maintainers' page, in English in every edition: say so
            note = self.words.gettext("This page is for the site's maintainers: it is in English in every edition.")
            head, sep, rest = content.partition("</h1>")  # the note under the title, the rest marked as English
            content = (f'<div lang="en">\n{head}{sep}\n</div>\n<p class="jr-untranslated-note">{html.escape(note)}</p>\n'
                       f'<div lang="en">\n{rest}\n</div>')
        if self.site_url:  # print: links to other pages become numbered notes with absolute addresses
            content = printnotes.annotate(content, here, self.site_url, self._note_text,
                                          self.words.gettext("Links on this page"))
        if in_nav is None:
            in_nav = schema.index_page_for(src_uri) is None
        return GeneratedPage.of(src_uri, content, in_nav=in_nav, meta=front,
                             toc=page.toc, anchors=frozenset(page.anchors))

    def _timeline_pages(self) -> list[GeneratedPage]:
        """The timeline: one page with everything, or, above ``limits.timeline`` events, an
        index of eras and years (with the filters' index) and a page per year."""
        ds, w, day = self.ds, self.words, self._date_text
        meta = {
            **freshness.page_meta(freshness.latest(ds.events)),
            "title": w.gettext("Timeline"),
            "description": (w.ngettext("All %(num)s events of Japan's 'new approach' to Russia, from %(first)s (%(first_title)s) "
                                       "to %(last)s (%(last_title)s).",
                                       "All %(num)s events of Japan's 'new approach' to Russia, from %(first)s (%(first_title)s) "
                                       "to %(last)s (%(last_title)s).", len(ds.events))
                            % {"num": len(ds.events), "first": day(ds.events[0].date), "first_title": self.plain(ds.events[0], "title"),
                               "last": day(ds.events[-1].date), "last_title": self.plain(ds.events[-1], "title")}
                            if ds.events else w.gettext("All 0 events of Japan's 'new approach' to Russia.")),
        }
        if not self.timeline_parts:
            return [self._render("timeline.md.j2", "timeline.md", meta, view=pageviews.timeline_view(ds, self.numbers, words=w, shown=self._shown),
                                 blocks=_picture("timeline", "timeline_svg.j2", svg.pictures(ds.events, schema.ERAS, words=w)))]
        parts = self.timeline_parts
        out = [self._render("timeline_index.md.j2", "timeline.md", meta, view=pageviews.timeline_index_view(
            ds, parts, self.moved("timeline.md"), self.limits.refs, self.limits.timeline, w))]
        out[0] = self._answers_for_moved(out[0])
        for i, part in enumerate(parts):
            first, last = part.events[0], part.events[-1]
            out.append(self._render("timeline.md.j2", part.src_uri, {
                **freshness.page_meta(freshness.latest(part.events)),
                "title": w.gettext("Timeline: %(part)s") % {"part": part.label},
                "description": w.gettext("Events %(first_n)s to %(last_n)s of Japan's 'new approach' to Russia, "
                                         "%(first)s to %(last)s.") % {
                    "first_n": self.numbers[first.id], "last_n": self.numbers[last.id],
                    "first": day(first.date), "last": day(last.date)},
            }, in_nav=False, view=pageviews.timeline_view(ds, self.numbers, parts, i, w, self._shown),
                blocks=_picture("timeline", "timeline_svg.j2", svg.pictures(part.events, schema.ERAS, self.numbers[first.id], w))))
        return out

    def _listing_pages(self, template: str, src_uri: str, meta: dict,
                       view_of: Callable[[pageviews.ListingPage], pageviews.PageView],
                       blocks_of: Callable[[ListPart | None], dict] | None = None) -> list[GeneratedPage]:
        """A listing (sources, glossary...) on one page, or on pages of ``limits.listing``
        entries, each with the list of pages; the first also says where the others' are.
        ``view_of`` makes one page's view from where it sits in the listing; ``blocks_of``, if
        given, its pictures."""
        parts = self.listings[src_uri]
        record_of = _ITEM_RECORD.get(src_uri, lambda item: item)

        def dated(part, page_meta: dict) -> dict:
            return {**freshness.page_meta(freshness.latest(record_of(i) for i in part.items)), **page_meta}

        def page(part: ListPart, alone: bool) -> pageviews.ListingPage:
            moved = self.moved(src_uri) if part.number == 1 and not alone else []
            return pageviews.ListingPage(part.items, None if alone else part, parts, moved, self.limits.refs)

        def blocks(part: ListPart | None) -> dict:
            return blocks_of(part) if blocks_of else {}

        if len(parts) == 1:
            return [self._render(template, src_uri, dated(parts[0], meta), view=view_of(page(parts[0], True)),
                                 blocks=blocks(None))]
        out = []
        for part in parts:
            page_meta = dict(meta, title=meta["title"] + self.words.gettext(" (%(n)s of %(total)s)") % {
                "n": part.number, "total": len(parts)}) if part.number > 1 else meta
            page_meta = dated(part, page_meta)
            out.append(self._render(template, part.src_uri, page_meta, None if part.number == 1 else False,
                                    view=view_of(page(part, False)), blocks=blocks(part)))
        out[0] = self._answers_for_moved(out[0])
        return out

    def _map_blocks(self, part: ListPart | None) -> dict:
        """The map's picture, on the first page of its places."""
        first = part is None or part.number == 1
        return _picture("map", "map_svg.j2", self.map_picture if first else None, paged=part is not None)

    def _answers_for_moved(self, page: GeneratedPage) -> GeneratedPage:
        """The first page of a split listing answers for the anchors that moved off it: its
        script sends them on, so a hand-written link to ``quotes.md#quote-<id>`` stays valid
        for the engine's anchor check (and reaches the quote)."""
        moved = {anchor for _, anchors in self.moved(page.src_uri) for anchor in anchors}
        return dataclasses.replace(page, anchors=page.anchors | moved)

    def pages(self) -> list[GeneratedPage]:
        ds, w = self.ds, self.words
        out = self._timeline_pages()
        out += self._listing_pages("map.md.j2", "map.md", {
            "title": w.gettext("Map"),
            "description": w.gettext("Hokkaidō, the four disputed islands, the Kuril chain, Sakhalin and the places of "
                                     "the story, each with its events; land only, no borders."),
        }, lambda page: pageviews.map_view(page, self.map_picture, self.timeline_pages), self._map_blocks)
        out += self._listing_pages("actors_index.md.j2", "actors/index.md", {
            "title": w.gettext("Actors"),
            "description": w.gettext("People, organisations and states in the story of Japan's 'new approach' to Russia."),
        }, pageviews.directory_views(ds, w))
        plan = pageviews.plan_view(ds, self.limits.refs, self.timeline_pages)
        out.append(self._render("plan.md.j2", "plan.md", {
            **freshness.page_meta(freshness.latest([*ds.plan_areas, *plan.aftermath])),
            "title": w.gettext("The eight-point plan"),
            "description": w.gettext("The eight points of Japan's economic cooperation plan for Russia, presented in Sochi "
                                     "in May 2016, in the government's own titles, and what became of each."),
        }, view=plan))
        out += self._listing_pages("quotes.md.j2", "quotes.md", {
            "title": w.gettext("Quotes"),
            "description": w.gettext("What the leaders and officials said, verbatim and attributed, with sources."),
        }, lambda page: pageviews.quotes_view(ds, page))
        cited = views.citations_by_source(ds)
        out += self._listing_pages("sources.md.j2", "sources.md", {
            "title": w.gettext("Sources"),
            "description": w.gettext("Every source the site's facts and quotes are drawn from."),
        }, lambda page: pageviews.sources_view(page, cited))
        out += self._listing_pages("glossary.md.j2", "glossary.md", {
            "title": w.gettext("Glossary"),
            "description": w.gettext("The terms the pages use, from aide-mémoire to two-plus-two, each defined with a source."),
        }, pageviews.glossary_view)
        out += self._listing_pages("whos_who.md.j2", "whos-who.md", {
            "title": w.gettext("Who's who"),
            "description": w.gettext("One line on each person in the story of Japan's 'new approach' to Russia."),
        }, lambda page: pageviews.whos_who_view(page, self.people))
        out.append(self._render("data_reference.md.j2", "reference/data.md", {
            **freshness.page_meta(self.dataset_updated),
            "title": "Data reference",
            "description": "The fields of the dataset behind the site, generated from the schema.",
        }, view=pageviews.data_reference_view(), english_only=True))
        out += [self._record_page(_src(e), functools.partial(self._event_page, e)) for e in ds.events]
        out += [self._record_page(_src(a), functools.partial(self._actor_page, a)) for a in ds.actors]
        return out

    def _event_page(self, e) -> GeneratedPage:
        updated = freshness.latest(freshness.event_records(e))
        return self._render("event.md.j2", _src(e), {
            **freshness.page_meta(updated),
            "title": self.plain(e, "title"), "description": self.plain(e, "summary"), "og_type": "article",
            "jsonld": str(json_for_script(structured.event_jsonld(e, self.absolute_url, updated, self.edition.plain))),
        }, view=pageviews.event_view(e, views.era_titles(self.words), self.absolute_url(e), self.site_name,
                                     {fmt: cite_file(e.id, fmt) for fmt in CITE_FILES}))

    def _actor_page(self, a) -> GeneratedPage:
        updated = freshness.latest(freshness.actor_records(a))
        return self._render("actor.md.j2", _src(a), {
            **freshness.page_meta(updated),
            "title": self.plain(a, "name"), "description": self.plain(a, "summary") or self.words.gettext(
                "%(name)s in the story of Japan's 'new approach' to Russia.") % {"name": self.plain(a, "name")},
            "og_type": "profile" if a.kind == "person" else "website",
            "jsonld": str(json_for_script(structured.actor_jsonld(a, self.absolute_url, updated, self.edition.plain))),
        }, view=pageviews.actor_view(a, self.limits.refs, self.newest_source_year, self.timeline_pages, self.words))
