"""Numbered link notes for print: on paper a link is only as good as its written-out address.

:func:`annotate` takes a generated page's HTML and gives every link to another page of the
site a note number (the same address, the same number) in an attribute of the link,
``<a href="../plan/" data-note="3">``, so the page's text and elements do not change (an empty
element after each link cost a long page hundreds of elements for the browser to style and lay
out on every load, for print only); it appends a list of the numbered addresses, absolute, at the end of the page.
The print stylesheet (``overrides/assets/stylesheets/explainer.css``) writes ``[3]`` after the
link from its attribute and shows the list, which is hidden on screen, out of the search index (``data-search-exclude``) and
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
import posixpath
import re
from collections.abc import Callable

from markupsafe import Markup, escape

# Elements not printed (print rules in explainer.css), by tag and class; links inside get no note.
SKIPPED = {
    "svg": (),  # the timeline picture and the map (any svg): numbered marks, listed in the text anyway
    "div": ("jr-filter-box",),
    "nav": ("jr-prevnext", "jr-tl-pager"),
    "p": ("jr-cite-files", "jr-filter-empty"),
}
NOT_NOTED = ("jr-permalink", "headerlink")  # classes of links that are not printed


def _class_pattern(classes) -> str:
    return r'\bclass="[^"]*(?<![\w-])(?:' + "|".join(map(re.escape, classes)) + r')(?![\w-])'


# The start of a part that is not printed; the scan then counts that tag's opening and closing
# tags to its end. Only these and links are looked at: a page is mostly other tags.
_SKIP_START = re.compile("|".join(
    rf"<(?P<{tag}>{tag})\b" + (rf"[^>]*{_class_pattern(classes)}" if classes else "") + r"[^>]*>"
    for tag, classes in SKIPPED.items()))
_SAME_TAG = {tag: re.compile(rf"<(/?){tag}\b[^>]*?(/?)>") for tag in SKIPPED}
_LINK = re.compile(r'<a\s([^>]*)>')
_HREF = re.compile(r'\bhref="([^"]*)"')
_NOT_NOTED = re.compile(_class_pattern(NOT_NOTED))
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _unprinted(page_html: str) -> list[tuple[int, int]]:
    """(start, end) of each part of the page that is not printed, in order."""
    parts: list[tuple[int, int]] = []
    pos = 0
    while (m := _SKIP_START.search(page_html, pos)) is not None:
        tag = m.lastgroup or ""
        depth, end = 1, len(page_html)
        for t in _SAME_TAG[tag].finditer(page_html, m.end()):
            if t.group(2):  # <tag ... />
                continue
            depth += -1 if t.group(1) else 1
            if depth == 0:
                end = t.end()
                break
        parts.append((m.start(), end))
        pos = end
    return parts


def annotate(page_html: str, page_url: str, site_url: str,
             describe: Callable[[str], Markup | None] = lambda url: None, title: str = "Links on this page") -> str:
    """``page_html`` with note numbers on its links to other pages and, if there are any, the
    list of notes at its end, headed ``title`` (the edition's words). ``page_url`` is the page's
    address relative to ``site_url``; ``describe(url)`` may give a note's text (HTML) instead of
    the bare address."""
    here = site_url + page_url
    numbers: dict[str, int] = {}
    absolute_of: dict[str, str | None] = {}
    out: list[str] = []
    pos = 0
    unprinted = iter(_unprinted(page_html))
    skip = next(unprinted, None)
    for m in _LINK.finditer(page_html):
        if m.start() < pos:
            continue
        while skip is not None and skip[1] <= m.start():
            skip = next(unprinted, None)
        if skip is not None and skip[0] <= m.start():
            continue
        attrs = m.group(1)
        href = _HREF.search(attrs)
        if href is None or _NOT_NOTED.search(attrs):
            continue
        if href.group(1) not in absolute_of:
            target = html.unescape(href.group(1))
            absolute = None
            if target and not target.startswith("#") and not _SCHEME.match(target):
                absolute = _resolve(site_url, page_url, target)
                if absolute.partition("#")[0] == here:
                    absolute = None  # this page
            absolute_of[href.group(1)] = absolute
        absolute = absolute_of[href.group(1)]
        if absolute is None:
            continue
        close = page_html.find("</a>", m.end())
        if close < 0:
            continue
        number = numbers.setdefault(absolute, len(numbers) + 1)
        out.append(page_html[pos:m.end() - 1])
        out.append(f' data-note="{number}">')
        pos = m.end()
    if not numbers:
        return page_html
    out.append(page_html[pos:])
    items = "".join(f'<li value="{n}">{describe(url) or _address(url)}</li>\n' for url, n in numbers.items())
    out.append('\n<section class="jr-print-notes" data-search-exclude>\n'
               f'<p class="jr-print-notes-title"><strong>{escape(title)}</strong></p>\n'
               f'<ol>\n{items}</ol>\n</section>\n')
    return "".join(out)


def _resolve(site_url: str, page_url: str, target: str) -> str:
    """The absolute URL of a relative link (a path, maybe with a query or fragment) on the page
    at ``page_url``: what ``urljoin`` gives, faster, and never above the site's root."""
    cut = min((i for i in (target.find("?"), target.find("#")) if i >= 0), default=len(target))
    path, rest = target[:cut], target[cut:]
    if not path:
        return site_url + page_url + rest
    base = posixpath.dirname("/" + page_url)
    joined = posixpath.normpath(posixpath.join(base, path))
    if path.endswith("/") or path in (".", "..") or path.endswith(("/.", "/..")):
        joined = joined.rstrip("/") + "/"
    return site_url + joined.lstrip("/") + rest


def _address(url: str) -> str:
    return f'<span class="jr-print-url">{html.escape(url)}</span>'


def source_note(title: str, publisher: str | None, date: str | None, url: str) -> Markup:
    """A note for a link to a source's entry: the source as the Sources page cites it."""
    text = escape(title)
    if publisher:
        text += Markup(", <em>{}</em>").format(publisher)
    if date:
        text += Markup(" ({})").format(date)
    return text + Markup('. <span class="jr-print-url">{}</span>').format(url)
