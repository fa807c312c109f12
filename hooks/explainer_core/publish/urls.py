"""The URL contract: every URL the site has ever published keeps working.

``urls.txt`` at the repository root lists every published page URL, one per line, relative to
``site_url`` and written with a leading slash (``/events/sochi-summit-2016/``), sorted. It also
lists the published data files (``/events.ics``, ``/feed.xml``, ...): readers subscribe to
those, so they must not move either.
:func:`served_urls` reads a built site folder and tells pages from redirect pages;
:func:`check` compares the two; :func:`updated` adds newly published URLs to the list and
never removes one (dropping a URL on purpose is a deliberate hand edit of ``urls.txt``).

Nothing here imports MkDocs: this works on any built site folder.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..data import schema

HEADER = """\
# The URL contract: every page and data file URL this site has published, relative to site_url.
# A published URL must keep working: the tests fail when a build no longer serves one of
# these as a page or as a redirect (keep a renamed record's old id in its `aliases`).
# Add new pages with `make urls`; it only ever adds lines. Sorted, one URL per line.
"""

_BASE = "http://site.invalid/"
# Published data files (exports, schemas, citations, the sitemap), outside the theme's own folders.
DATA_SUFFIXES = (".json", ".ics", ".xml", ".bib", ".ris")  # .bib, .ris: citations.py
INTERNAL_DIRS = ("assets/", "search/")
EDITIONS = tuple(f"{lang}/" for lang in schema.TRANSLATION_LANGS)  # the other editions, each with its own of the above


def _in_edition(rel: str) -> str:
    """A path below an edition's root, as the English edition's would be (``ja/assets/x`` -> ``assets/x``)."""
    return rel[3:] if rel.startswith(EDITIONS) else rel


class _Refresh(HTMLParser):
    def __init__(self):
        super().__init__()
        self.target: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh" and self.target is None:
            _, _, rest = a.get("content", "").partition(";")
            rest = rest.strip()
            if rest.lower().startswith("url="):
                self.target = rest[4:].strip().strip("'\"")


def _url_of_file(rel: str) -> str:
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def served_urls(site_dir: str | Path) -> dict[str, str | None]:
    """Every URL a built site publishes: ``{url: None}`` for a page or data file, ``{url: target}``
    for a redirect page (target normalised to the same leading-slash form). 404.html is not a
    URL; the theme's assets and the search index are internal (in every edition)."""
    site = Path(site_dir)
    out: dict[str, str | None] = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and rel.endswith(DATA_SUFFIXES) and not _in_edition(rel).startswith(INTERNAL_DIRS):
            out["/" + rel] = None
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if _in_edition(rel) == "404.html":
            continue
        url = _url_of_file(rel)
        parser = _Refresh()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        target = None
        if parser.target is not None:
            absolute = urljoin(_BASE + url.lstrip("/"), parser.target)
            parts = urlsplit(absolute)
            target = "/" + parts.path.lstrip("/") if absolute.startswith(_BASE) else absolute
        out[url] = target
    return out


def read_contract(path: str | Path) -> list[str]:
    p = Path(path)
    if not p.exists():
        return []
    return [line.strip() for line in p.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def write_contract(path: str | Path, urls) -> None:
    Path(path).write_text(HEADER + "".join(u + "\n" for u in sorted(set(urls))), encoding="utf-8")


def check(contract: list[str], served: dict[str, str | None], *, contract_name: str = "urls.txt") -> list[str]:
    """Problems, one line each: published URLs the build breaks, redirects to nowhere, and new
    URLs missing from the contract."""
    problems: list[str] = []
    pages = {u for u, t in served.items() if t is None}
    for url in sorted(set(contract)):
        if url not in served:
            problems.append(f"{url}: published in {contract_name} but the build no longer serves it; restore the "
                            "page, or keep the old id in the renamed record's `aliases` so it redirects")
    for url, target in sorted(served.items()):
        if target is not None and target not in pages:
            problems.append(f"{url}: redirects to {target}, which is not a page of this build")
    listed = set(contract)
    for url in sorted(pages - listed):
        problems.append(f"{url}: new URL not yet in {contract_name}; run `make urls` and commit {contract_name}")
    return problems


def updated(contract: list[str], served: dict[str, str | None]) -> list[str]:
    """The contract plus every URL the build serves (pages and redirects); nothing is removed."""
    return sorted(set(contract) | set(served))
