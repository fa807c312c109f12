"""Numbered link notes for print: on paper a link is only as good as its written-out address.

:func:`annotate` takes a generated page's HTML and gives every link to another page of the
site a note number (``data-jr-note="3"``; the same address, the same number) and appends a
list of the numbered addresses, absolute, at the end of the page. The print stylesheet
(``overrides/assets/stylesheets/explainer.css``) writes ``[3]`` after each such link and shows
the list, which is hidden on screen, out of the search index (``data-search-exclude``) and
out of the table of contents. A link to an entry of the Sources page is noted as the source
itself (title, publisher, date, its own address), so the printout ends with its sources.

Links that need no note: fragments of the same page, absolute ``http(s)``/``mailto`` links
(the stylesheet writes those out in full), and links in parts of the page that are not
printed (:data:`SKIPPED`: the timeline picture, filters, previous/next navigation, download
links, permalinks). Only our own generated HTML passes through here (templates with autoescape, and
Python-Markdown), so a scan of its tags suffices: attribute values never hold a raw ``>``.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

from markupsafe import Markup, escape

# Elements not printed (print rules in explainer.css), by tag and class; links inside get no note.
SKIPPED = {
    "svg": None,  # the timeline picture and the map: numbered marks, listed in the text anyway
    "div": ("jr-filter-box",),
    "nav": ("jr-prevnext", "jr-tl-pager"),
    "p": ("jr-cite-files", "jr-filter-empty"),
}
NOT_NOTED = ("jr-permalink", "headerlink")  # classes of links that are not printed
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b([^>]*)>")
_HREF = re.compile(r'\bhref="([^"]*)"')
_CLASS = re.compile(r'\bclass="([^"]*)"')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


def _skipped(tag: str, attrs: str) -> bool:
    if tag not in SKIPPED:
        return False
    classes = SKIPPED[tag]
    if classes is None:
        return True
    return _has_class(attrs, classes)


def _has_class(attrs: str, classes) -> bool:
    m = _CLASS.search(attrs)
    return m is not None and any(c in m.group(1).split() for c in classes)


def annotate(page_html: str, page_url: str, site_url: str,
             describe: Callable[[str], Markup | None] = lambda url: None) -> str:
    """``page_html`` with note numbers on its links to other pages and, if there are any, the
    list of notes at its end. ``page_url`` is the page's address relative to ``site_url``;
    ``describe(url)`` may give a note's text (HTML) instead of the bare address."""
    here = site_url + page_url
    numbers: dict[str, int] = {}
    out: list[str] = []
    pos = 0
    skip_tag: str | None = None
    skip_depth = 0
    for m in _TAG.finditer(page_html):
        closing, tag, attrs = m.group(1), m.group(2).lower(), m.group(3)
        if skip_tag is not None:  # inside a part that is not printed: find where it ends
            if tag == skip_tag and not attrs.rstrip().endswith("/"):
                skip_depth += -1 if closing else 1
                if skip_depth == 0:
                    skip_tag = None
            continue
        if closing or tag in _VOID:
            continue
        if _skipped(tag, attrs) and not attrs.rstrip().endswith("/"):
            skip_tag, skip_depth = tag, 1
            continue
        if tag != "a":
            continue
        href = _HREF.search(attrs)
        if href is None:
            continue
        if _has_class(attrs, NOT_NOTED):
            continue
        target = html.unescape(href.group(1))
        if not target or target.startswith("#") or _SCHEME.match(target):
            continue
        absolute = urljoin(here, target)
        if urlsplit(absolute)._replace(fragment="").geturl() == here:
            continue  # this page
        number = numbers.setdefault(absolute, len(numbers) + 1)
        out.append(page_html[pos:m.start()])
        out.append(f'<a data-jr-note="{number}"{attrs}>')
        pos = m.end()
    if not numbers:
        return page_html
    out.append(page_html[pos:])
    items = "".join(f'<li value="{n}">{describe(url) or _address(url)}</li>\n' for url, n in numbers.items())
    out.append('\n<section class="jr-print-notes" data-search-exclude>\n'
               '<p class="jr-print-notes-title"><strong>Links on this page</strong></p>\n'
               f'<ol>\n{items}</ol>\n</section>\n')
    return "".join(out)


def _address(url: str) -> Markup:
    return Markup('<span class="jr-print-url">{}</span>').format(url)


def source_note(title: str, publisher: str | None, date: str | None, url: str) -> Markup:
    """A note for a link to a source's entry: the source as the Sources page cites it."""
    text = escape(title)
    if publisher:
        text += Markup(", <em>{}</em>").format(publisher)
    if date:
        text += Markup(" ({})").format(date)
    return text + Markup('. <span class="jr-print-url">{}</span>').format(url)
