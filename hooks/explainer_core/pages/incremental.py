"""Rebuild only what changed: what one good build of a site leaves for the next (issue 22).

Under a live preview (``mkdocs serve``) every save rebuilds the site. Most pages come out the
same, and writing a page (laying it out in the theme, indexing it for search, checking and
fixing its HTML) is most of a rebuild's time. A build therefore fingerprints every page from
what it is made of, and compares with the last good build of the same site and edition:

- a generated page's fingerprint is that of its :class:`GeneratedPage` (body, metadata,
  headings, anchors): :func:`page_fingerprint`; the engine adds what it puts around it (URL,
  title, date, nav parent and neighbours);
- the *frame* is what every page shares: the configuration, the theme's overrides and the nav
  (every title and URL in it). When it changes, every page is written again.

A page whose fingerprint and frame are both unchanged is not written again; what its last
writing gave that the rest of the site needs (its search entries, the inline-script hashes its
policy allows) is kept here and handed on. A full build is a build with no last build
(``Rebuild(None)``): the same code, writing every page.

This module never imports an engine; ``hooks/explainer.py`` feeds it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .render import GeneratedPage


def digest(value: Any) -> str:
    """A stable fingerprint of a value made of str, bytes, numbers, None, dates and tuples,
    lists and dicts of them (their ``repr``, which is stable for these; dicts in their order)."""
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def page_fingerprint(page: GeneratedPage) -> str:
    """Everything the core says about a generated page."""
    return digest((hashlib.blake2b(page.packed, digest_size=16).hexdigest(), page.src_uri, page.in_nav,
                   list(page.meta.items()), page.toc, sorted(page.anchors)))


@dataclass
class PageOutput:
    """One page as the last build wrote it."""

    fingerprint: str
    search: list = field(default_factory=list)  # the search entries it gave, in order
    hashes: frozenset[str] = frozenset()  # the inline-script hashes its policy allows


@dataclass
class SiteCache:
    """What a good build leaves for the next one: each page's output, the frame, every output path."""

    frame: str = ""
    pages: dict[str, PageOutput] = field(default_factory=dict)  # src_uri -> its output
    outputs: frozenset[str] = frozenset()  # every file the build put in the site folder (site paths)
    renders: dict = field(default_factory=dict)  # the core's record pages and their inputs (reuse.py)
    core: dict[str, str] = field(default_factory=dict)  # src_uri of a generated page -> page_fingerprint()
    files: dict[str, str] = field(default_factory=dict)  # site path of a generated file (export, redirect) -> digest


class Rebuild:
    """One build's decisions, against the last good build (``last``; None: write every page).

    Until :meth:`decide` runs (once every page is read, so its fingerprint is known), the
    engine reads every hand-written page, as a full build does (so titles, headings, anchors
    and link checks are exactly a full build's), and each generated page the core made
    differently (the others are given what reading them gives, from the core's page)."""

    def __init__(self, last: SiteCache | None):
        self.last = last
        self.next = SiteCache()
        self.write: set[str] | None = None  # the pages to write; None: all
        self.decided = False

    @property
    def incremental(self) -> bool:
        return self.last is not None

    def file_changed(self, path: str, content: bytes | str) -> bool:
        """Note a generated file's content; whether the last build wrote it differently (or not at all)."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        fingerprint = self.next.files[path] = hashlib.blake2b(data, digest_size=16).hexdigest()
        return self.last is None or self.last.files.get(path) != fingerprint

    def core_changed(self, src_uri: str, fingerprint: str) -> bool:
        """Whether the core made a generated page differently from the last build (or anew)."""
        return self.last is None or self.last.core.get(src_uri) != fingerprint

    def decide(self, frame: str, fingerprints: dict[str, str], core: dict[str, str] | None = None) -> set[str] | None:
        """Which pages to write: all when there is no last build or the frame changed, else
        those that are new or whose fingerprint changed. Returns them (None: all). ``core``:
        each generated page's ``page_fingerprint``, for the next build's ``core_changed``."""
        self.next.frame = frame
        self.next.core = dict(core or {})
        self.next.pages = {uri: PageOutput(fp) for uri, fp in fingerprints.items()}
        last = self.last
        if last is None or last.frame != frame:
            self.write = None
        else:
            self.write = set()
            for uri, fp in fingerprints.items():
                old = last.pages.get(uri)
                if old is None or old.fingerprint != fp:
                    self.write.add(uri)
                else:  # not written again: keep what the last writing gave
                    self.next.pages[uri] = old
        self.decided = True
        return self.write

    def must_write(self, src_uri: str, read: bool = True) -> bool:
        """Before ``decide``, while the engine reads pages: ``read``; after it: whether to write."""
        if not self.decided:
            return read
        return self.write is None or src_uri in self.write

    def wrote(self, src_uri: str, search: list, hashes: Iterable[str]) -> None:
        """What writing a page gave: its search entries and its policy's hashes."""
        page = self.next.pages.get(src_uri)
        if page is not None:
            page.search, page.hashes = list(search), frozenset(hashes)

    def search_entries(self, order: Iterable[str]) -> list:
        """Every page's search entries, pages in ``order`` (the order a full build writes them)."""
        return [entry for uri in order if uri in self.next.pages for entry in self.next.pages[uri].search]

    def hashes(self) -> set[str]:
        return {h for page in self.next.pages.values() for h in page.hashes}

    def finish(self, outputs: Iterable[str]) -> list[str]:
        """Record this build's output paths; return those of the last build that are gone
        (pages and files no longer made, which a full build would not have written)."""
        self.next.outputs = frozenset(outputs)
        return sorted(self.last.outputs - self.next.outputs) if self.last is not None else []
