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

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .data import schema
from .data.limits import PageLimits
from .data.loader import load_raw, load_translations
from .data.problems import DataError, Problem
from .model import freshness
from .model.records import Dataset
from .model.validate import validate_raw
from .model.validate_i18n import validate_translations
from .pages.render import GeneratedPage, Renderer
from .pages.reuse import Kept
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
    kept: dict[str, Kept] | None = None  # the record pages and their inputs, for the next build to reuse
    reused: int = 0  # record pages taken from the last build unchanged


def build(data_dir: str | Path, options: SiteOptions, root: str | Path | None = None,
          hand_written: Mapping[str, str] | None = None, reuse: dict[str, Kept] | None = None) -> SiteOutput:
    """Everything the data gives the site, made in memory: load, validate, model, render, export.
    ``hand_written`` is the engine's own pages, ``{file as problems name it: Markdown source}``:
    each needs an ``updated`` day in its front matter (``freshness.front_matter_dates``).
    ``reuse``: the last build's ``SiteOutput.kept`` (``{}`` at first), to render again only the
    record pages whose inputs changed (``pages/reuse.py``); None renders every page, keeping nothing.

    Raises :class:`DataError` for bad data or pages, every problem at once; any other exception
    is a bug in the core."""
    page_dates, problems = freshness.front_matter_dates(hand_written or {})
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
    renderer = Renderer(dataset, site_url=options.site_url, use_directory_urls=options.use_directory_urls,
                        site_name=options.site_name, markdown_extensions=options.markdown_extensions,
                        markdown_configs=options.markdown_configs, limits=limits, lang=options.lang,
                        reuse_last=reuse)
    pages = renderer.pages()
    redirects = redirect_pages(renderer)
    exports = build_exports(renderer) if renderer.site_url else {}
    cache = renderer.reuse
    return SiteOutput(dataset, pages, redirects, exports, page_dates, renderer.fill_markers,
                      cache.kept if cache is not None else None, cache.reused if cache is not None else 0)
