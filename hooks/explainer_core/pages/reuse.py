"""Render again only the record pages whose inputs changed (issue 22, the core's half).

An event's or an actor's page is made from the records it reads (the event, its actors,
place, sources, quotes, neighbours...) and from what the whole site shares (the link table,
numbering, glossary, print notes, options, templates). While such a page is rendered, every
record whose attributes are read is noted (:func:`records.reads`, a precise record of the
page's inputs, not a list kept by hand); the page is kept with a digest of each of those
records as they were, and of the shared *context*. The next build reuses the kept page when
the context is the same and each of those records digests the same (a record's digest covers
its values, its references and its back-references: a new event citing an actor changes the
actor). Anything else renders again.

Listing pages (timeline, map, sources...) read every record of their kind and are always
rendered. A build with no cache (``mkdocs build``) notes nothing and renders everything; a
cache with nothing in it (the first build of ``mkdocs serve``) renders everything and notes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from ..model.records import Dataset, Record, reads

_BASE_FIELDS = {"id", "file", "line", "values"}


def digest(value: Any) -> str:
    """A stable fingerprint of data whose ``repr`` is stable (str, numbers, dates, tuples,
    lists, dicts in their order, dataclasses; a record prints as ``<collection:id>``)."""
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def record_digest(rec: Record) -> str:
    """Everything a page can read of ``rec``: its values (references as ids) and back-references."""
    backrefs = [(f.name, getattr(rec, f.name)) for f in fields(rec) if f.name not in _BASE_FIELDS]
    return digest((rec.collection, rec.id, rec.file, rec.line, rec.values, backrefs))


@dataclass
class Kept:
    context: str
    inputs: dict[tuple[str, str], str]  # (collection, id) -> the record's digest when rendered
    page: Any  # the GeneratedPage


class RenderCache:
    """One build's record pages: those kept from the last build that still hold, and new ones."""

    def __init__(self, dataset: Dataset, context: str, last: dict[str, Kept] | None):
        self.ds = dataset
        self.context = context
        self.last = last or {}
        self.kept: dict[str, Kept] = {}
        self.reused = 0
        self._digests: dict[int, str] = {}

    def _digest(self, rec: Record) -> str:
        d = self._digests.get(id(rec))
        if d is None:
            d = self._digests[id(rec)] = record_digest(rec)
        return d

    def _holds(self, kept: Kept) -> bool:
        if kept.context != self.context:
            return False
        for (collection, rid), was in kept.inputs.items():
            rec = self.ds.get(collection, rid)
            if rec is None or self._digest(rec) != was:
                return False
        return True

    def page(self, src_uri: str, make: Callable[[], Any]) -> Any:
        old = self.last.get(src_uri)
        if old is not None and self._holds(old):
            self.kept[src_uri] = old
            self.reused += 1
            return old.page
        with reads() as seen:
            page = make()
        self.kept[src_uri] = Kept(self.context, {(r.collection, r.id): self._digest(r) for r in seen}, page)
        return page
