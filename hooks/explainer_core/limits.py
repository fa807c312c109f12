"""How much one generated page may hold, so that no page grows without bound with the data.

Every listing that grows with the dataset is cut by one of these numbers; below them a
listing is one page exactly as before. The defaults are chosen so that the real dataset
(87 events, 141 sources, 45 actors, 40 quotes, 23 terms; the longest back-reference list is a
state's 80 or so events) never splits, and a 10,000-event synthetic dataset
(``bench/generate.py``) keeps every page under 1 MB:

* ``timeline``: events on one timeline page. A timeline entry is about 1.5 KB of HTML, its
  picture mark and theme-list line about 1 KB more: 250 events stay well under 1 MB.
* ``listing``: entries on one page of the sources, the glossary, the quotes, who's who, the
  map's places and the actor directory (an entry is 0.5-3 KB).
* ``refs``: links in one back-reference list (an actor's or a plan area's events, the events
  that cite a source or use a term...). A longer list shows this many and says how many more,
  pointing to where all of them are.

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
            raise ValueError("explainer_page_limits must be a mapping such as {timeline: 250, listing: 250, refs: 120}")
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
