"""The one way in: a data folder becomes a checked dataset, then pages, redirects and exports.

The flow, one module each::

    load      loader.py     YAML files -> located raw records (bounded: size, depth, no aliases)
    validate  validate.py   raw records -> checked values, every problem at once (field kinds: kinds.py)
    model     model.py      checked values -> linked records with named back-references
    render    render.py     records -> HTML pages (Jinja2 templates, htmlpage.py, sanitize.py)
    export    exports.py    records -> JSON, iCalendar, feeds; redirects.py -> pages for retired ids
    adapt     hooks/explainer.py, the only part that knows MkDocs

Nothing here touches the engine's output folder: a caller that gets :class:`DataError` (or any
exception) from :func:`build` has nothing half-made to clean up.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .exports import build_exports, data_timestamp
from .limits import PageLimits
from .loader import load_raw
from .model import Dataset
from .problems import DataError, Problem
from .redirects import RedirectPage, redirect_pages
from .render import GeneratedPage, Renderer
from .validate import validate_raw


def load_dataset(data_dir: str | Path, root: str | Path | None = None) -> Dataset:
    """Load, validate and link a dataset. Raises DataError listing every problem."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), 0, None, None, "data folder not found")])
    raw = load_raw(data_dir, [c.name for c in schema.COLLECTIONS], problems, Path(root) if root else None)
    checked = validate_raw(raw, problems)
    if problems:
        raise DataError(problems)
    return Dataset(checked)


@dataclass(frozen=True)
class SiteOptions:
    """What the engine tells the core about the site."""

    site_url: str = ""  # without it there are no exports: their records carry absolute URLs
    use_directory_urls: bool = True
    site_name: str = ""
    markdown_extensions: Iterable = ("attr_list", "footnotes", "admonition", "toc")
    markdown_configs: dict | None = None
    page_limits: dict | None = None  # overrides of limits.PageLimits, as the site's configuration gives them


@dataclass
class SiteOutput:
    dataset: Dataset
    pages: list[GeneratedPage]
    redirects: list[RedirectPage]
    exports: dict[str, bytes] = field(default_factory=dict)  # output path -> bytes; empty without site_url
    fill_markers: Callable[[str, str], str] = lambda markdown, src_uri: markdown  # (Markdown, page) -> Markdown


def build(data_dir: str | Path, options: SiteOptions, root: str | Path | None = None) -> SiteOutput:
    """Everything the data gives the site, made in memory: load, validate, model, render, export.

    Raises :class:`DataError` for bad data; any other exception is a bug in the core."""
    try:
        limits = PageLimits.from_config(options.page_limits)
    except ValueError as exc:
        raise DataError([Problem("mkdocs.yml", 0, None, "extra.explainer_page_limits", str(exc))]) from None
    dataset = load_dataset(data_dir, root=root)
    renderer = Renderer(dataset, site_url=options.site_url, use_directory_urls=options.use_directory_urls,
                        site_name=options.site_name, markdown_extensions=options.markdown_extensions,
                        markdown_configs=options.markdown_configs, limits=limits)
    pages = renderer.pages()
    redirects = redirect_pages(renderer)
    exports = build_exports(renderer, timestamp=build_timestamp(dataset)) if renderer.site_url else {}
    return SiteOutput(dataset, pages, redirects, exports, renderer.fill_markers)


def build_timestamp(dataset: Dataset) -> dt.datetime:
    """The exports' only timestamp: SOURCE_DATE_EPOCH (as MkDocs' sitemap uses), else one
    derived from the data, so the same data always gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return data_timestamp(dataset)
