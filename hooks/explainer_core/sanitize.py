"""Defence in depth on the output: no script-capable URL and no event handler leaves the build.

Validation refuses ``javascript:`` links in the data and the templates escape every value, but
whatever they miss is caught here, on the HTML itself as a parser sees it (entities decoded,
so ``jav&#x61;script:`` is ``javascript:``), not by more patterns on the input.

The allow-list, for every element of a page:

* URL-bearing attributes (``href``, ``src``, ``action``, ``formaction``, ``srcset``, SVG's
  ``xlink:href``, ... see ``URL_ATTRIBUTES``) may hold only ``http:``, ``https:`` and
  ``mailto:`` URLs, relative URLs and fragments. The scheme is read as browsers read it: after
  dropping leading and trailing controls and spaces and every tab and newline.
* ``<meta http-equiv="refresh">`` may only point to such a URL; SVG ``<animate>``/``<set>``
  may not set a URL attribute to anything else either.
* No event-handler attribute (any attribute whose name starts with ``on``) and no ``srcdoc``.

What breaks a rule is removed (the attribute; the whole element for a refresh or an animation)
and reported. A page with nothing to remove is returned unchanged, byte for byte, so the
theme's markup is never re-serialised; only a page that needed cleaning is written back from
the parsed tree. Element names, CSS and inline scripts of the theme are not judged here: the
templates and the theme own those. Nothing here imports MkDocs.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

SAFE_SCHEMES = ("http", "https", "mailto")
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "data", "cite", "poster", "background", "longdesc",
    "usemap", "manifest", "codebase", "classid", "archive", "profile", "icon", "dynsrc", "lowsrc",
    "ping", "xlink:href", "itemtype", "itemid",
})
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
_ANIMATION = frozenset({"animate", "set", "animatemotion", "animatetransform"})
_IGNORED = re.compile(r"[\t\n\r]")  # the URL standard removes these anywhere in a URL
_EDGES = "".join(map(chr, range(0x21)))  # ...and C0 controls and spaces at either end
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_REFRESH_URL = re.compile(r"^\s*\d*[.\d]*\s*[;,]?\s*(?:url\s*=\s*)?(['\"]?)(.*)\1\s*$", re.I | re.S)


def url_is_safe(url: str) -> bool:
    """True for http(s) and mailto URLs, relative URLs and fragments."""
    m = _SCHEME.match(_IGNORED.sub("", url.strip(_EDGES)))
    return m is None or m[1].lower() in SAFE_SCHEMES


def _srcset_urls(value: str) -> list[str]:
    return [c.strip().split()[0] for c in value.split(",") if c.strip()]


_JUDGED = URL_ATTRIBUTES | SRCSET_ATTRIBUTES | {"srcdoc"}  # names as lxml's HTML parser gives them: lower case
_WHOLE = frozenset({"meta", *_ANIMATION})


def _attribute_is_unsafe(name: str, value: str) -> bool:
    if name.startswith("on") or name == "srcdoc":
        return True
    if name in SRCSET_ATTRIBUTES:
        return not all(url_is_safe(u) for u in _srcset_urls(value))
    return not url_is_safe(value)


def _element_is_unsafe(el) -> bool:
    if el.tag == "meta":
        if el.get("http-equiv", "").strip().lower() != "refresh":
            return False
        m = _REFRESH_URL.match(el.get("content", ""))
        return not (m and url_is_safe(m[2]))
    if el.get("attributename", "").split(":")[-1].lower() != "href":
        return False
    values = [el.get(a, "") for a in ("to", "from", "by")] + el.get("values", "").split(";")
    return not all(url_is_safe(v) for v in values if v)


def sanitize_html(text: str) -> tuple[str, list[str]]:
    """``text`` (a whole page or a fragment) with every unsafe attribute and element removed,
    and one line per removal (``<a href='javascript:...'>``). Unchanged when nothing is unsafe."""
    if not text.strip():
        return text, []
    head = text.lstrip()[:9].lower()
    is_document = head.startswith(("<!doctype", "<html>", "<html "))
    root = lxml.html.document_fromstring(text) if is_document else lxml.html.fragment_fromstring(
        text, create_parent="div")
    removed: list[str] = []
    for el in list(root.iter(etree.Element)):  # elements only: no comments or processing instructions
        if el.tag in _WHOLE and _element_is_unsafe(el):
            removed.append(f"<{el.tag}> {_show(dict(el.attrib))}")
            el.drop_tree()
            continue
        for name, value in el.items():
            low = name.lower()
            if (low in _JUDGED or low.startswith("on")) and _attribute_is_unsafe(low, value):
                removed.append(f"<{el.tag} {name}={_show(value)}>")
                del el.attrib[name]
    if not removed:
        return text, []
    if is_document:
        doctype = root.getroottree().docinfo.doctype or "<!doctype html>"
        return lxml.html.tostring(root, encoding="unicode", doctype=doctype), removed
    inner = (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return inner, removed


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
