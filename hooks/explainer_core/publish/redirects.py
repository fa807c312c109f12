"""Redirect pages for retired ids, so a published URL never breaks.

A record that was renamed keeps its former ids in ``aliases``. For each alias of a record
with its own page (events, actors), :func:`redirect_pages` renders a small standalone HTML
page at the old URL: a meta refresh (and a one-line script that keeps any ``#fragment``; it reads the target from
the meta refresh, so every redirect page has the same script and one CSP hash covers them all),
a canonical link to the new page, ``noindex`` and a plain link for readers without either.

They are static HTML files, not Markdown pages, so MkDocs leaves them out of the sitemap,
the search index and the nav. Nothing here imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data import schema
from ..pages.links import page_url, relative_url
from ..pages.render import Renderer


@dataclass(frozen=True)
class RedirectPage:
    path: str  # output file, relative to the site folder, e.g. events/old-id/index.html
    url: str  # the old site-relative URL, e.g. events/old-id/
    target: str  # the current site-relative URL, e.g. events/new-id/
    content: str
    record: object = None  # the Record whose alias this is (for problem lines)


def output_path(url: str) -> str:
    """The file that serves a site-relative URL."""
    return url + "index.html" if url.endswith("/") or url == "" else url


def redirect_pages(renderer: Renderer) -> list[RedirectPage]:
    template = renderer.env.get_template("redirect.html.j2")
    out: list[RedirectPage] = []
    for coll in schema.COLLECTIONS:
        if not coll.url_prefix or not coll.field("aliases"):
            continue
        for rec in renderer.ds.by_id[coll.name].values():
            target = renderer.url_of(rec)
            for alias in rec.aliases:
                old = page_url(f"{coll.url_prefix}/{alias}.md", renderer.use_directory_urls)
                rel = relative_url(old, target)
                title = rec.values.get("title") or rec.values.get("name") or rec.id
                html = template.render(title=title, target=rel, canonical=renderer.absolute_url(rec) or rel,
                                       lang=renderer.lang)  # the edition: its words and its lang attribute
                out.append(RedirectPage(output_path(old), old, target, html, rec))
    return sorted(out, key=lambda r: r.path)
