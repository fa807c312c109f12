"""Fixes to the HTML that Material for MkDocs writes, made as exact edits of the finished page.

Material 9.8's stock templates write a few things the Nu HTML Checker or axe reject, or that
break when ``site_name``, ``site_description`` or ``site_author`` holds a quote. The checkboxes
sit outside any block of ``base.html``, the others in partials (which have no blocks) or in its
``site_meta`` block (33 lines, Material's version among them, for two); copying a template to
change a line pins all of it, so each fix here edits the markup Material emits, exactly.
A fix whose markup is not on a page where it must be (Material changed it) is reported by name,
so an upgrade cannot drop it silently; ``tests/test_themefix.py`` pins every pattern against
Material's own templates. Each fix is one to offer upstream (the README lists them). Text a fix
inserts is escaped, as Jinja's ``|e`` escapes it.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import escape


class _NotFound(Exception):
    """A fix's markup is not where it must be."""


def _edit(page: str, old: str, new: str) -> str:
    """Replace the first ``old``, which must be there."""
    if old not in page:
        raise _NotFound
    return page.replace(old, new, 1)


@dataclass(frozen=True)
class SiteTexts:
    """The configuration texts Material prints unescaped (raw) in attributes."""

    name: str
    description: str = ""
    author: str = ""


def _checkboxes(page: str, site: SiteTexts) -> str:
    """base.html: no ``autocomplete="off"`` on the drawer and search checkboxes (the standard
    allows ``autocomplete`` on text-like inputs only: a Nu error)."""
    for box in ("drawer", "search"):
        page = _edit(page, f'type="checkbox" id="__{box}" autocomplete="off">', f'type="checkbox" id="__{box}">')
    return page


def _escaped(page: str, before: str, raw: str, after: str) -> str:
    """``before + raw + after`` with ``raw`` escaped; ``before`` must be on the page."""
    if before not in page:
        raise _NotFound
    return page.replace(before + raw + after, before + str(escape(raw)) + after, 1)


def _meta_texts(page: str, site: SiteTexts) -> str:
    """base.html: ``site_description`` and ``site_author`` escaped in their ``<meta>`` tags (a
    quote ended the attribute). A page's own description or author (front matter) takes the tag
    instead; Material prints that raw too, and the renderer escapes it for generated pages."""
    for name, raw in (("description", site.description), ("author", site.author)):
        if raw:
            page = _escaped(page, f'<meta name="{name}" content="', raw, '">')
    return page


def _logo_labels(page: str, site: SiteTexts) -> str:
    """partials/header.html, partials/nav.html: ``site_name`` escaped in the logo's
    ``aria-label``, as its ``title`` already is."""
    for cls in ("md-header__button", "md-nav__button"):
        page = _escaped(page, f'class="{cls} md-logo" aria-label="', site.name, '"')
    return page


_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_SEARCH_NAME = re.compile(r'<nav class="md-search__options" aria-label="([^"]*)">')


def _search_dialog_name(page: str, site: SiteTexts) -> str:
    """partials/search.html: an accessible name on the search dialog (axe/Lighthouse
    aria-dialog-name): the one Material gives the search options, ``lang.t('search')``."""
    if "md-search__" not in page:  # search is off
        return page
    name = _SEARCH_NAME.search(page)
    if name is None:
        raise _NotFound
    label = escape(html_lib.unescape(name.group(1)))
    return _edit(page, _SEARCH_DIALOG, f'{_SEARCH_DIALOG[:-1]} aria-label="{label}">')


def _nav_label_tabindex(page: str, site: SiteTexts) -> str:
    """partials/nav-item.html: no empty ``tabindex=""`` on section labels (a Nu error); Material
    writes one on a section without its own index page."""
    page = page.replace('_label" tabindex="">', '_label">')
    if 'tabindex=""' in page:
        raise _NotFound
    return page


_TOC_LABEL, _TOC_LABEL_END = '<label class="md-nav__title" for="__toc">', "</label>"


def _toc_title(page: str, site: SiteTexts) -> str:
    """partials/toc.html: on a page outside the nav there is no ``#__toc`` checkbox, so the TOC
    title is a ``<div>``, not a ``<label for="__toc">`` that points at nothing (a Nu error)."""
    if 'id="__toc"' in page or 'data-md-component="toc"' not in page:
        return page
    start = page.find(_TOC_LABEL)
    end = page.find(_TOC_LABEL_END, start)
    if start < 0 or end < 0:
        raise _NotFound
    title = page[start + len(_TOC_LABEL):end]
    return page[:start] + f'<div class="md-nav__title">{title}</div>' + page[end + len(_TOC_LABEL_END):]


FIXES: dict[str, Callable[[str, SiteTexts], str]] = {
    "checkbox autocomplete": _checkboxes,
    "escaped meta description and author": _meta_texts,
    "escaped logo label": _logo_labels,
    "search dialog name": _search_dialog_name,
    "nav label tabindex": _nav_label_tabindex,
    "TOC title outside the nav": _toc_title,
}


# Everything the fixes edit comes before the page's content: they never read or touch it.
_CONTENT = '<div class="md-content" data-md-component="content">'


def fix_page(page: str, site: SiteTexts) -> tuple[str, list[str]]:
    """The page with every fix made, and the names of the fixes whose markup was not there."""
    theme, content, rest = page.partition(_CONTENT)
    missing = []
    for name, fix in FIXES.items():
        try:
            theme = fix(theme, site)
        except _NotFound:
            missing.append(name)
    return theme + content + rest, missing
