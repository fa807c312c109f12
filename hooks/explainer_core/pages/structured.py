"""schema.org JSON-LD for event and actor pages, as plain dicts.

The renderer serialises them with ``json_for_script`` (safe inside ``<script>``) and the theme
override prints them in the page head. Values are data text, never HTML: JSON escaping is all
they need, and ``json_for_script`` also escapes ``<``, ``>`` and ``&``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# A record's field (a path: "title", "roles[0].title") as plain text in the page's edition (``Edition.plain``).
Text = Callable[[Any, str], str]

STATUS = {"planned": "https://schema.org/EventScheduled", "cancelled": "https://schema.org/EventCancelled"}


def _english(record, path: str) -> str:
    """The English record's field at ``path`` (``title``, ``roles[0].title``)."""
    head, _, rest = path.partition("[")
    return record.roles[int(rest.split("]")[0])]["title"] if rest else getattr(record, head)


def actor_type(actor) -> str:
    return "Person" if actor.kind == "person" else "Organization"


def actor_ref(actor, url: str, text: Text) -> dict:
    ref: dict[str, Any] = {"@type": actor_type(actor), "name": text(actor, "name")}
    if url:
        ref["@id"] = url
        ref["url"] = url
    return ref


def _page(data: dict, url: str, updated) -> None:
    """The page about the thing, with the day its content last changed (schema.org puts
    ``dateModified`` on the page, a CreativeWork, not on an Event or a Person)."""
    if updated is None:
        return
    page = {"@type": "WebPage", "dateModified": updated.isoformat()}
    if url:
        page["@id"] = url
    data["mainEntityOfPage"] = page


def _date(d) -> str:
    """ISO 8601 at the stored precision (schema.org accepts reduced precision: 2016, 2016-05)."""
    return d.start.iso()


def event_jsonld(e, absolute, updated=None, text: Text | None = None) -> dict:
    """``absolute(record)`` gives a record's permanent absolute URL ('' without site_url);
    ``updated`` is the page's date (``freshness``); ``text`` gives a record's field in the page's language."""
    text = text or _english
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": text(e, "title"),
        "description": text(e, "summary"),
        "startDate": _date(e.date),
    }
    if e.date.end is not None:
        data["endDate"] = e.date.end.iso()
    url = absolute(e)
    if url:
        data["@id"] = url
        data["url"] = url
    if e.status in STATUS:
        data["eventStatus"] = STATUS[e.status]
    if e.place_record is not None:
        place: dict[str, Any] = {"@type": "Place", "name": text(e.place_record, "name")}
        country = e.place_record.country
        if country:
            place["address"] = {"@type": "PostalAddress", "addressCountry": country}
        data["location"] = place
    if e.actor_records:
        data["attendee"] = [actor_ref(a, absolute(a), text) for a in e.actor_records]
    if e.source_records:
        data["subjectOf"] = [{"@type": "CreativeWork", "name": s.title, "url": s.url} for s in e.source_records]
    _page(data, url, updated)
    return data


def actor_jsonld(a, absolute, updated=None, text: Text | None = None) -> dict:
    text = text or _english
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": actor_type(a), "name": text(a, "name")}
    url = absolute(a)
    if url:
        data["@id"] = url
        data["url"] = url
    if a.native_name:
        data["alternateName"] = a.native_name
    if a.summary:
        data["description"] = text(a, "summary")
    # only roles not known to have ended
    roles = [text(a, f"roles[{i}].title") for i, r in enumerate(a.roles) if r and not r.get("to")]
    if a.kind == "person":
        if roles:
            data["jobTitle"] = roles if len(roles) > 1 else roles[0]
        if a.country_record is not None and a.country_record is not a:
            data["nationality"] = {"@type": "Country", "name": text(a.country_record, "name")}
        if a.affiliation_record is not None and a.affiliation_record is not a:
            data["affiliation"] = actor_ref(a.affiliation_record, absolute(a.affiliation_record), text)
    else:
        if a.affiliation_record is not None and a.affiliation_record is not a:
            data["parentOrganization"] = actor_ref(a.affiliation_record, absolute(a.affiliation_record), text)
        if a.country_record is not None and a.country_record is not a:
            data["location"] = {"@type": "Country", "name": text(a.country_record, "name")}
    if a.source_records:
        data["subjectOf"] = [{"@type": "CreativeWork", "name": s.title, "url": s.url} for s in a.source_records]
    _page(data, url, updated)
    return data
