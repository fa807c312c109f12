"""Citations for reference managers: BibTeX, RIS and CSL-JSON, made from the validated model.

Zotero, EndNote, Mendeley, JabRef and biblatex import these. :func:`citation_files` returns
``{path: bytes}``:

- per event, next to its page: ``events/<id>/cite.bib``, ``cite.ris``, ``cite.json`` (and the
  same files under each of the event's ``aliases``, so a citation file once published keeps
  working after a rename, like the page's redirect);
- for the whole site, in ``cite/``: ``site.*`` cites the site itself, ``events.*`` holds every
  event, in the timeline's order.

What each item says (the Data and reuse page documents it for readers):

- type: a web page (BibTeX ``@online``, RIS ``ELEC``, CSL-JSON ``webpage``);
- author: the site, as an institutional author (BibTeX in double braces, CSL ``literal``);
  container / website: the site's name; title: the event's title (the site's name for the
  site itself);
- URL: the permanent page URL, from the same :class:`~explainer_core.pages.render.Renderer` as the pages;
- date: the page's **last-updated** date, never the build's clock and never the event's date
  (an event in 1956 is not a page published in 1956). It is both the publication date (BibTeX
  ``date``/``year``, RIS ``PY``/``DA``, CSL ``issued``) and the date the content was seen as
  cited (BibTeX ``urldate``, RIS ``Y2``, CSL ``accessed``). The event's own date goes in a note.

Text from ``data/`` is untrusted, and each writer escapes it for its format: BibTeX escapes
``\\ { } # $ % & ~ _ ^`` as LaTeX and breaks TeX ligatures (``--``, ````` `` `````, ...) with ``{}``
so a decoder gives back the very characters, keeping all other Unicode (biblatex reads UTF-8);
RIS, one tag per line, turns every line break (and tab) into a space; CSL-JSON is ``json``
(with the same ``\\u003c`` escapes as the other JSON exports). A line break in a title or
summary becomes a space in BibTeX and RIS too (a blank line would be a new paragraph in LaTeX).
Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..model import freshness
from ..model.records import Record
from ..pages.links import CITE_FILES
from ..pages.links import cite_file as event_file
from ..pages.render import Renderer  # the event pages link to these files

SITE_DIR = "cite"
FORMATS = tuple(CITE_FILES)  # bib, ris, json: the files next to each event page


@dataclass(frozen=True)
class Item:
    """One citable page, in the terms every format shares."""

    key: str  # BibTeX key and CSL id: the event's id; the site's has a colon, which no id can
    title: str
    url: str
    updated: dt.date
    site_name: str
    abstract: str | None = None
    note: str | None = None


# --- the last-updated date ----------------------------------------------------------------------

def page_updated(e: Record) -> dt.date:
    """The day an event's page last changed, as the page itself shows it ("Last updated"): the
    latest ``updated`` of the records it shows (``model/freshness.py``)."""
    day = freshness.latest(freshness.event_records(e))
    assert day is not None  # every record has `updated` (a required field)
    return day


def site_updated(renderer: Renderer) -> dt.date:
    """The whole site's last-updated day: the latest ``updated`` of any record (the renderer's)."""
    return renderer.dataset_updated or dt.date(1970, 1, 1)


def items(renderer: Renderer) -> tuple[Item, list[Item]]:
    """The site's own item and one item per event, in the timeline's order."""
    ds = renderer.ds
    site_name = renderer.site_name or urlsplit(renderer.site_url).hostname or "Website"
    site = Item(key="site:" + _site_key(renderer.site_url), title=site_name, url=renderer.site_url,
                updated=site_updated(renderer), site_name=site_name)
    events = [Item(key=e.id, title=e.title, url=renderer.absolute_url(e), updated=page_updated(e),
                   site_name=site_name, abstract=e.summary, note=f"Event date: {e.date.display()}.")
              for e in ds.events]
    return site, events


def _site_key(site_url: str) -> str:
    parts = urlsplit(site_url)
    words = re.findall(r"[a-z0-9]+", f"{parts.hostname or ''} {parts.path}".lower())
    return "-".join(words) or "site"


# --- BibTeX (biblatex @online) --------------------------------------------------------------------

_TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "#": r"\#", "$": r"\$", "%": r"\%",
        "&": r"\&", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_LIGATURE_FIRST = "-`'!?,<>"  # TeX turns -- ``  '' !` ?` ,, << >> into other characters
_LIGATURE_NEXT = "-`'<>,"
_BREAKS = re.compile(r"\s*[\n\r\t\v\f\x1c-\x1e\x85\u2028\u2029]\s*")


def one_line(text: str) -> str:
    """``text`` with every line break or tab (and the spaces around it) turned into one space."""
    return _BREAKS.sub(" ", text).strip()


def tex(text: str) -> str:
    """Plain text as a LaTeX string that prints, and decodes, to the same characters."""
    text = one_line(text)
    out = []
    for i, ch in enumerate(text):
        out.append(_TEX.get(ch, ch))
        if ch in _LIGATURE_FIRST and i + 1 < len(text) and text[i + 1] in _LIGATURE_NEXT:
            out.append("{}")
    return "".join(out)


def _bib_url(url: str) -> str:
    """A URL for biblatex's verbatim ``url`` field: braces, backslashes and spaces percent-encoded."""
    return re.sub(r"[{}\\\s]", lambda m: f"%{ord(m.group()):02X}", url)


def bibtex(entries: Iterable[Item]) -> bytes:
    out = []
    for it in entries:
        fields = [
            ("author", "{" + tex(it.site_name) + "}"),  # double braces: an institution, not "Last, First"
            ("title", "{" + tex(it.title) + "}"),  # protected: styles must not lower-case names
            ("organization", tex(it.site_name)),
            ("date", it.updated.isoformat()),
            ("year", str(it.updated.year)),
            ("urldate", it.updated.isoformat()),
            ("url", _bib_url(it.url)),
            ("langid", "english"),
        ]
        if it.abstract:
            fields.append(("abstract", tex(it.abstract)))
        if it.note:
            fields.append(("note", tex(it.note)))
        body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
        out.append(f"@online{{{it.key},\n{body}}}\n")
    return "\n".join(out).encode("utf-8")


# --- RIS --------------------------------------------------------------------------------------------

def ris(entries: Iterable[Item]) -> bytes:
    """RIS: ``TAG  - value`` lines ending in CRLF, as the format's specification writes them."""
    lines: list[str] = []
    for it in entries:
        tags = [("TY", "ELEC"), ("AU", it.site_name), ("TI", it.title), ("T2", it.site_name),
                ("PY", str(it.updated.year)), ("DA", it.updated.strftime("%Y/%m/%d")),
                ("Y2", it.updated.strftime("%Y/%m/%d")), ("UR", it.url), ("LA", "en")]
        if it.abstract:
            tags.append(("AB", it.abstract))
        if it.note:
            tags.append(("N1", it.note))
        tags.append(("ID", it.key))
        lines += [f"{tag}  - {one_line(value)}" for tag, value in tags]
        lines += ["ER  - ", ""]
    return "\r\n".join(lines).encode("utf-8")


# --- CSL-JSON ---------------------------------------------------------------------------------------

def csl(it: Item) -> dict:
    day = [[it.updated.year, it.updated.month, it.updated.day]]
    item = {
        "id": it.key,
        "type": "webpage",
        "title": it.title,
        "author": [{"literal": it.site_name}],
        "container-title": it.site_name,
        "URL": it.url,
        "issued": {"date-parts": day},
        "accessed": {"date-parts": day},
        "language": "en",
    }
    if it.abstract:
        item["abstract"] = it.abstract
    if it.note:
        item["note"] = it.note
    return item


# --- all --------------------------------------------------------------------------------------------

def _write(fmt: str, entries: list[Item], dump_json) -> bytes:
    if fmt == "bib":
        return bibtex(entries)
    if fmt == "ris":
        return ris(entries)
    return dump_json([csl(it) for it in entries])


@functools.lru_cache(maxsize=1 << 16)
def _event_file(fmt: str, it: Item, dump_json) -> bytes:
    """One event's citation file: a function of its (frozen, hashable) item alone, so the
    rebuilds of `mkdocs serve` take the unchanged events' files from here (issue 22)."""
    return _write(fmt, [it], dump_json)


def citation_files(renderer: Renderer, dump_json) -> dict[str, bytes]:
    """Every citation file, ``{site-relative path: bytes}``. ``dump_json`` is the exports' JSON
    writer (stable, and inert if pasted into HTML)."""
    site, events = items(renderer)

    def write(fmt: str, entries: list[Item]) -> bytes:
        return _write(fmt, entries, dump_json)

    out: dict[str, bytes] = {}
    for fmt in FORMATS:
        out[f"{SITE_DIR}/site.{fmt}"] = write(fmt, [site])
        out[f"{SITE_DIR}/events.{fmt}"] = write(fmt, events)
    for e, it in zip(renderer.ds.events, events):
        for fmt in FORMATS:
            data = _event_file(fmt, it, dump_json)
            for rid in (e.id, *(e.values.get("aliases") or ())):
                out[event_file(rid, fmt)] = data
    return out
