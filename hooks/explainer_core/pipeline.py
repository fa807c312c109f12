"""The one way in: a data folder becomes a checked dataset, then pages, redirects and exports.

The flow, one stage (package) each; a stage imports only the stages above it here::

    data      data/loader.py       YAML files -> located raw records (bounded: size, depth, no aliases);
                                   data/schema.py and the field kinds say what each field may hold
    model     model/validate.py    raw records -> checked values, every problem at once
              model/records.py     checked values -> linked records with named back-references
    pages     pages/render.py      records -> one view per page -> HTML (Jinja2 templates, htmlpage.py)
    publish   publish/exports.py   records -> JSON, iCalendar, feeds; redirects.py -> pages for retired ids
    web       web/                 sanitizer, CSP and theme fixes, run by the adapter on finished pages
    adapt     hooks/explainer.py, the only part that knows MkDocs

Nothing here touches the engine's output folder: a caller that gets :class:`DataError` (or any
exception) from :func:`build` has nothing half-made to clean up.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .data import schema
from .data.limits import PageLimits
from .data.loader import load_page_translations as load_page_files
from .data.loader import load_raw, load_translations
from .data.problems import DataError, Problem
from .model import freshness, page_translations
from .model.page_translations import PageTranslation
from .model.records import Dataset
from .model.validate import validate_raw
from .model.validate_i18n import validate_translations
from .pages.render import GeneratedPage, Renderer
from .pages.reuse import Kept
from .publish.alternates import edition_url
from .publish.exports import build_exports
from .publish.redirects import RedirectPage, redirect_pages


def load_dataset(data_dir: str | Path, root: str | Path | None = None) -> Dataset:
    """Load, validate and link a dataset and its translations (``data/i18n/<lang>/``).
    Raises DataError listing every problem."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), 0, None, None, "data folder not found")])
    names = [c.name for c in schema.COLLECTIONS]
    raw = load_raw(data_dir, names, problems, Path(root) if root else None)
    raw_translations = load_translations(data_dir, schema.TRANSLATION_LANGS, names, problems, Path(root) if root else None)
    checked = validate_raw(raw, problems)
    if problems:  # translations are checked against valid English records only
        raise DataError(problems)
    dataset = Dataset(checked)
    dataset.translations = validate_translations(raw_translations, dataset, problems)
    if problems:
        raise DataError(problems)
    return dataset


@dataclass(frozen=True)
class SiteOptions:
    """What the engine tells the core about the site."""

    site_url: str = ""  # without it there are no exports: their records carry absolute URLs
    use_directory_urls: bool = True
    site_name: str = ""
    markdown_extensions: Iterable = ("attr_list", "footnotes", "admonition", "toc")
    markdown_configs: dict | None = None
    page_limits: dict | None = None  # overrides of limits.PageLimits, as the site's configuration gives them
    lang: str = "en"  # the edition: its templates' words, dates and the records' translations (data/i18n/<lang>/)


@dataclass
class SiteOutput:
    dataset: Dataset
    pages: list[GeneratedPage]
    redirects: list[RedirectPage]
    exports: dict[str, bytes] = field(default_factory=dict)  # output path -> bytes; empty without site_url
    page_dates: dict[str, dt.date] = field(default_factory=dict)  # hand-written page (as named in hand_written) -> its day
    fill_markers: Callable[[str, str], str] = lambda markdown, src_uri: markdown  # (Markdown, page) -> Markdown
    lang: str = "en"
    site_url: str = ""  # this edition's own site URL (the English one plus ``<lang>/``)
    editions: dict[str, SiteOutput] = field(default_factory=dict)  # the other editions' output, by language
    # A hand-written page in this edition: its current translation, by path under docs/ (none in
    # English); without one, the English page is shown after the note, marked lang="en".
    page_translations: dict[str, PageTranslation] = field(default_factory=dict)
    untranslated_note: str = ""  # HTML, in this edition's language
    day_meta: Callable[[dt.date | None], dict] = freshness.page_meta  # a page's date, as page metadata
    kept: dict[str, Kept] | None = None  # the record pages and their inputs, for the next build to reuse
    reused: int = 0  # record pages taken from the last build unchanged


def edition_langs(value) -> tuple[str, ...]:
    """The editions a configuration asks for (``extra.editions``: a list, or a string such as
    ``"en"`` or ``"en,ja,ru"`` from the ``EDITIONS`` environment variable), English first and
    always; raises :class:`DataError` naming an edition the data has no translations for."""
    if value is None:
        return ("en",)
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    known = ("en", *schema.TRANSLATION_LANGS)
    unknown = [str(v) for v in items if v not in known]
    if unknown:
        raise DataError([Problem("mkdocs.yml", 0, None, "extra.editions",
                                 f"unknown edition {', '.join(map(repr, unknown))}: known are {', '.join(known)}")])
    return ("en", *(lang for lang in schema.TRANSLATION_LANGS if lang in items))


def build(data_dir: str | Path, options: SiteOptions, root: str | Path | None = None,
          hand_written: Mapping[str, str] | None = None, editions: Iterable[str] = (),
          reuse: Mapping[str, dict[str, Kept]] | None = None) -> SiteOutput:
    """Everything the data gives the site, made in memory: load, validate, model, render, export.
    ``hand_written`` is the engine's own pages, ``{file as problems name it: Markdown source}``:
    each needs an ``updated`` day in its front matter (``freshness.front_matter_dates``).
    ``editions`` are the other languages to render too (``ja``, ``ru``), each from the same
    dataset, loaded and checked once, into ``SiteOutput.editions``: so an edition cannot fail
    after the English one has been written. ``options.site_url`` is the English edition's.
    ``reuse``: by language, the last build's ``SiteOutput.kept`` (``{}`` at first), to render
    again only the record pages whose inputs changed (``pages/reuse.py``); None renders every
    page, keeping nothing.

    Raises :class:`DataError` for bad data or pages, every problem at once; any other exception
    is a bug in the core."""
    page_dates, problems = freshness.front_matter_dates(hand_written or {})
    translated = load_page_translations(data_dir, page_dates, problems, root) if hand_written is not None else {}
    try:
        limits = PageLimits.from_config(options.page_limits)
    except ValueError as exc:
        raise DataError([*problems, Problem("mkdocs.yml", 0, None, "extra.explainer_page_limits", str(exc))]) from None
    try:
        dataset = load_dataset(data_dir, root=root)
    except DataError as exc:
        raise DataError([*problems, *exc.problems]) from None
    if problems:
        raise DataError(problems)
    english = {label.removeprefix("docs/"): day for label, day in page_dates.items()}
    current = {lang: {src: t for src, t in pages.items() if not page_translations.stale(t, english)}
               for lang, pages in translated.items()}
    def last(lang: str) -> dict[str, Kept] | None:
        return None if reuse is None else reuse.get(lang, {})

    out = _render(dataset, options, limits, page_dates, current.get(options.lang, {}), last(options.lang))
    for lang in editions:
        if lang != options.lang:
            site_url = edition_url(options.site_url, lang)
            out.editions[lang] = _render(dataset, dataclasses.replace(options, lang=lang, site_url=site_url),
                                         limits, page_dates, current.get(lang, {}), last(lang))
    return out


def load_page_translations(data_dir: str | Path, page_dates: Mapping[str, dt.date], problems: list[Problem],
                           root: str | Path | None = None) -> dict[str, dict[str, PageTranslation]]:
    """The hand-written pages' translations (``data/i18n/<lang>/pages/``), checked against the
    English pages (``page_dates``: ``{file as problems name it, docs/<path>: its day}``);
    problems are appended."""
    english = {label.removeprefix("docs/"): day for label, day in page_dates.items()}
    found = load_page_files(Path(data_dir), schema.TRANSLATION_LANGS, problems, Path(root) if root else None)
    return page_translations.check(found, english, problems)


def _render(dataset: Dataset, options: SiteOptions, limits: PageLimits, page_dates: dict[str, dt.date],
            translated: dict[str, PageTranslation], reuse: dict[str, Kept] | None = None) -> SiteOutput:
    """One edition: its pages, redirects and exports (the JSON exports, which carry every
    language, only in the English edition; the feed, calendar, TimelineJS file and citations in
    each edition's language)."""
    renderer = Renderer(dataset, site_url=options.site_url, use_directory_urls=options.use_directory_urls,
                        site_name=options.site_name, markdown_extensions=options.markdown_extensions,
                        markdown_configs=options.markdown_configs, limits=limits, lang=options.lang,
                        reuse_last=reuse)
    pages = renderer.pages()
    redirects = redirect_pages(renderer)
    exports = build_exports(renderer) if renderer.site_url else {}
    cache = renderer.reuse
    return SiteOutput(dataset, pages, redirects, exports, page_dates, renderer.fill_markers, options.lang,
                      renderer.site_url, page_translations=translated, untranslated_note=renderer.untranslated_note(),
                      day_meta=renderer.day_meta, kept=cache.kept if cache is not None else None,
                      reused=cache.reused if cache is not None else 0)
