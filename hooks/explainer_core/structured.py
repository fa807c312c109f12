"""schema.org JSON-LD for event and actor pages, as plain dicts.

The renderer serialises them with ``json_for_script`` (safe inside ``<script>``) and the theme
override prints them in the page head. Values are data text, never HTML: JSON escaping is all
they need, and ``json_for_script`` also escapes ``<``, ``>`` and ``&``.
"""

from __future__ import annotations

STATUS = {"planned": "https://schema.org/EventScheduled", "cancelled": "https://schema.org/EventCancelled"}


def actor_type(actor) -> str:
    return "Person" if actor.kind == "person" else "Organization"


def actor_ref(actor, url: str) -> dict:
    ref = {"@type": actor_type(actor), "name": actor.name}
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


def event_jsonld(e, absolute, updated=None) -> dict:
    """``absolute(record)`` gives a record's permanent absolute URL ('' without site_url);
    ``updated`` is the page's date (``freshness``)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": e.title,
        "description": e.summary,
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
        place = {"@type": "Place", "name": e.place_record.name}
        country = e.place_record.country
        if country:
            place["address"] = {"@type": "PostalAddress", "addressCountry": country}
        data["location"] = place
    if e.actor_records:
        data["attendee"] = [actor_ref(a, absolute(a)) for a in e.actor_records]
    if e.source_records:
        data["subjectOf"] = [{"@type": "CreativeWork", "name": s.title, "url": s.url} for s in e.source_records]
    _page(data, url, updated)
    return data


def actor_jsonld(a, absolute, updated=None) -> dict:
    data = {"@context": "https://schema.org", "@type": actor_type(a), "name": a.name}
    url = absolute(a)
    if url:
        data["@id"] = url
        data["url"] = url
    if a.native_name:
        data["alternateName"] = a.native_name
    if a.summary:
        data["description"] = a.summary
    roles = [r["title"] for r in a.roles]
    if a.kind == "person":
        if roles:
            data["jobTitle"] = roles if len(roles) > 1 else roles[0]
        if a.country_record is not None and a.country_record is not a:
            data["nationality"] = {"@type": "Country", "name": a.country_record.name}
        if a.affiliation_record is not None and a.affiliation_record is not a:
            data["affiliation"] = actor_ref(a.affiliation_record, absolute(a.affiliation_record))
    else:
        if a.affiliation_record is not None and a.affiliation_record is not a:
            data["parentOrganization"] = actor_ref(a.affiliation_record, absolute(a.affiliation_record))
        if a.country_record is not None and a.country_record is not a:
            data["location"] = {"@type": "Country", "name": a.country_record.name}
    if a.source_records:
        data["subjectOf"] = [{"@type": "CreativeWork", "name": s.title, "url": s.url} for s in a.source_records]
    _page(data, url, updated)
    return data
