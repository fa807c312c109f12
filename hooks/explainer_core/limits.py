"""How much one generated page may hold, so that no page grows without bound with the data.

Every listing that grows with the dataset is cut by one of these numbers; at or below them a
listing is one page, exactly as before. The defaults were chosen when the real dataset
(87 events, 141 sources, 45 actors, 40 quotes, 32 places, 23 terms; the longest
back-reference list a state's 77 events) did not split, and so that a 10,000-event synthetic
dataset (``bench/generate.py --base data``) keeps every page under 1 MB. Since the story runs
to the present (134 events, 217 sources), the real sources fill two pages and the states'
event lists are capped; raising ``listing`` would break the 1 MB bound:

* ``timeline``: events on one timeline page. Above it the timeline is an index of eras and
  years and each year has a page (``/timeline/2016/``), a year of more events several
  (``/timeline/2016/2/``). An entry with its picture mark and its theme-list line is about
  3.7 KB of HTML at 10,000 events: 150 make about 0.55 MB.
* ``listing``: entries on one page of the sources, the glossary, the quotes, who's who, the
  actor directory's list by kind and the map's places (``/sources/2/``...); also the most
  places the map marks. A sources entry is about 4 KB at 10,000 events (its list of citing
  events): 150 make about 0.6 MB.
* ``refs``: links in one list inside a page (an actor's or a plan area's events, the events
  citing a source or using a term, the timeline index's actors and themes...). A longer list
  shows this many and says how many more and where they all are.

A site can lower them (the tests do, to split small datasets) in ``mkdocs.yml``::

    extra:
      explainer_page_limits: {timeline: 5, listing: 4, refs: 3}
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class PageLimits:
    timeline: int = 150
    listing: int = 150
    refs: int = 100

    @classmethod
    def from_config(cls, raw) -> PageLimits:
        """Limits from the site's configuration (a mapping, or nothing for the defaults).
        Raises ValueError naming the bad key."""
        if raw is None:
            return cls()
        if not isinstance(raw, dict):
            raise ValueError("explainer_page_limits must be a mapping such as {timeline: 150, listing: 150, refs: 100}")
        names = [f.name for f in fields(cls)]
        unknown = sorted(set(map(str, raw)) - set(names))
        if unknown:
            raise ValueError(f"explainer_page_limits: unknown key {unknown[0]!r}; the keys are {', '.join(names)}")
        for name, value in raw.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"explainer_page_limits.{name} must be a whole number of at least 1, not {value!r}")
        return cls(**raw)


def chunked(items: list, size: int) -> list[list]:
    """``items`` cut into runs of at most ``size`` (one empty run for no items)."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]
