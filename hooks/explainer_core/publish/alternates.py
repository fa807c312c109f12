"""What ties the editions together: each page's URL in the other editions (the language
switcher and the ``hreflang`` links of its head) and the sitemap's ``xhtml:link`` alternates.

The English edition lives at the site URL, each other edition under ``<lang>/`` of it, at the
same paths. Every page exists in every edition: a generated page is rendered from the same
data in each, and a hand-written page without a translation shows the English (marked as
such). So a page's alternates are its own path under each edition's root; a page outside the
editions' shared set (``known`` says which paths are pages, e.g. not the 404 page) links to each
edition's home instead. ``x-default`` is the English page. Nothing here imports MkDocs.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass

# Each edition's name in its own language, as the switcher shows it.
NAMES = {"en": "English", "ja": "日本語", "ru": "Русский"}
X_DEFAULT = "en"


def edition_url(site_url: str, lang: str) -> str:
    """An edition's site URL: the English one's, plus ``<lang>/`` for the others."""
    if not site_url or lang == "en":
        return site_url
    return site_url.rstrip("/") + f"/{lang}/"


def english_url(site_url: str, lang: str) -> str:
    """The English edition's site URL, from another edition's."""
    suffix = f"/{lang}/"
    return site_url[: -len(suffix) + 1] if lang != "en" and site_url.endswith(suffix) else site_url


@dataclass(frozen=True)
class Alternate:
    lang: str  # hreflang: en, ja, ru or x-default
    name: str  # the edition's name in its language
    url: str  # absolute


def alternates(site_url: str, langs: Sequence[str], path: str | None, known: Container[str] = ()) -> list[Alternate]:
    """The page at ``path`` (relative to its edition's root, e.g. ``events/x/``) in every edition
    of ``langs``, then ``x-default``; a path not in ``known`` gives each edition's home."""
    page = path if path is not None and path in known else ""
    out = [Alternate(lang, NAMES[lang], edition_url(site_url, lang) + page) for lang in langs]
    return out + [Alternate("x-default", NAMES[X_DEFAULT], edition_url(site_url, X_DEFAULT) + page)]


_URL = re.compile(r"(<url>\s*<loc>)([^<]*)(</loc>)")
_URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
_XHTML = 'xmlns:xhtml="http://www.w3.org/1999/xhtml"'


def sitemap(xml: str, own_url: str, links: Callable[[str], list[Alternate]]) -> str:
    """An edition's ``sitemap.xml`` (``own_url`` is that edition's site URL) with every URL's
    alternates, as search engines read them: ``<xhtml:link rel="alternate" hreflang=… href=…/>``
    for each edition and ``x-default``. ``links`` gives them for a path below ``own_url``. A sitemap
    with no edition alternates to add (one edition) comes back unchanged."""
    if not own_url or _URLSET not in xml:
        return xml

    def add(m: re.Match) -> str:
        loc = html.unescape(m.group(2))
        if not loc.startswith(own_url):
            return m.group(0)
        alts = links(loc[len(own_url):])
        if len(alts) <= 2:  # one edition and its x-default: nothing to say
            return m.group(0)
        tags = "".join(f'\n         <xhtml:link rel="alternate" hreflang="{a.lang}" href="{html.escape(a.url)}"/>'
                       for a in alts)
        return m.group(0) + tags

    out = _URL.sub(add, xml)
    if out != xml:
        out = out.replace(_URLSET, _URLSET[:-1] + " " + _XHTML + ">", 1)
    return out


_MD_LINK = re.compile(r"(\]\()([^()\s#]+)((?:#[^()\s]*)?\))")


def root_links(markdown: str, src_uri: str, root_only: Container[str], english_url: str) -> str:
    """A hand-written page's Markdown for another edition: its relative links to files only the
    English edition publishes (``root_only``: the JSON exports, carrying every language, and
    their schemas) become absolute links to them there."""
    base = posixpath.dirname(src_uri)

    def absolute(m: re.Match) -> str:
        target = m.group(2)
        if "://" in target or target.startswith(("/", "mailto:")):
            return m.group(0)
        path = posixpath.normpath(posixpath.join(base, target))
        return m.group(1) + english_url + path + m.group(3) if path in root_only else m.group(0)

    return _MD_LINK.sub(absolute, markdown) if english_url else markdown
