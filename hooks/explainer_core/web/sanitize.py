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


# --- the conservative scan --------------------------------------------------------------------
# Parsing every page with lxml was most of this module's cost (3.7 s of CPU for the 1,923 pages
# at 1,000 events), yet a page almost never holds anything to remove. One regular-expression
# search over the raw text finds every place where the parser *could* see something the
# allow-list judges; only a page with such a place is parsed. It reads start tags as HTML's
# tokenizer does (lxml's libxml2 2.14 follows it): a ``<`` and a letter, the tag name, then
# attributes one by one (a name; if ``=`` follows, a quoted or unquoted value). It does so from
# every ``<`` and letter in the text, inside comments, scripts and attribute values too, so it
# never depends on knowing the context. A tag is flagged when an attribute
#
# * has a name starting with ``on``, ``srcdoc`` or ``http-equiv``, or is a ``srcset``;
# * is a URL attribute whose raw value could start with a scheme: letters, digits, ``+.-`` and
#   white space or controls, then ``:`` or ``&`` (a character reference could spell anything),
#   unless it starts with ``http:``, ``https:`` or ``mailto:``;
#
# or when the tag does not end, by these rules, with ``>`` (cut off, or a quote left open).
# Animation elements, NUL and lone surrogates (which the parser handles in its own way) are
# flagged too. Whatever is flagged gets the full check, so the scan can only err towards more
# parsing; tests/test_sanitize.py holds it to the full check on the hostile pages, the seed
# corpus and fuzzed tag soup.
_S = r"[\t\n\f\r ]"  # HTML's white space (the tokenizer reads CR as a line feed)
_NAME = r"[^\t\n\f\r />][^\t\n\f\r />=]*+"  # an attribute name: anything up to space, /, > or =
_VALUE = r"""(?:"[^"]*+"|'[^']*+'|[^\t\n\f\r >"'][^\t\n\f\r >]*+|(?=>))"""
# An attribute: its name and, if an "=" follows, its value (an open quote fails it).
_ATTR = rf"(?>{_NAME}(?:{_S}*+={_S}*+{_VALUE}|(?!{_S}*=)))"
_URL_NAMES = "|".join(re.escape(n) for n in sorted(URL_ATTRIBUTES, key=len, reverse=True))
_FIRST = "".join(sorted({n[0] for n in URL_ATTRIBUTES | SRCSET_ATTRIBUTES | {"on", "srcdoc", "http-equiv"}}))
_JUDGED_ATTR = (
    rf"(?=[{_FIRST}{_FIRST.upper()}])"  # a quick first test: the first letters of the names below
    r"(?i:on|srcdoc|http-equiv|(?:imagesrcset|srcset)" + _S + "*+="
    rf"|(?:{_URL_NAMES}){_S}*+={_S}*+(?:\"|'|(?=[^\t\n\f\r >\"']))"
    rf"(?!{_S}*+(?:https?|mailto):)[\x00-\x20a-z0-9+.\-]*+[:&])"
)
_SUSPECT = re.compile(
    # a tag, its attributes up to the first one to judge, and that one (or no ">" at the end)
    rf"<[A-Za-z][^\t\n\f\r />]*+(?:{_S}++|/|(?!{_JUDGED_ATTR}){_ATTR})*+(?:{_JUDGED_ATTR}|(?!>))"
    rf"|<(?i:{'|'.join(sorted(_ANIMATION, key=len, reverse=True))})(?=[\t\n\f\r />])")


_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")


def _is_document(text: str) -> bool:
    return text.lstrip()[:9].lower().startswith(("<!doctype", "<html>", "<html "))


def could_be_unsafe(text: str) -> bool:
    """False only when the allow-list has nothing to remove from ``text`` (see above) and
    the full check would not fail on it (lxml refuses a fragment with control characters)."""
    if "\x00" in text or _SUSPECT.search(text) is not None:
        return True
    if not _is_document(text) and _CONTROL.search(text):
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return True
    return False


def sanitize_html(text: str) -> tuple[str, list[str]]:
    """``text`` (a whole page or a fragment) with every unsafe attribute and element removed,
    and one line per removal (``<a href='javascript:...'>``). Unchanged when nothing is unsafe."""
    if not could_be_unsafe(text):
        return text, []
    return parse_and_sanitize(text)


def parse_and_sanitize(text: str) -> tuple[str, list[str]]:
    """The full check: parse ``text`` and judge every element and attribute."""
    if not text.strip():
        return text, []
    is_document = _is_document(text)
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


# Raw HTML in Markdown from data/ (a translated hand-written page): the elements that run or
# embed something. Not the theme's: only a page's content from data/ goes through this.
_ACTIVE = re.compile(r"<(script|iframe|object|embed|frame|frameset|applet|base)\b.*?(?:</\1\s*>|\Z)",
                     re.IGNORECASE | re.DOTALL)


def inert_content(html: str) -> tuple[str, list[str]]:
    """``html`` (a page's content rendered from Markdown in data/) with every element that runs
    or embeds something shown as text instead, and one line per element; then the allow-list of
    :func:`sanitize_html` on what is left."""
    removed: list[str] = []

    def show(m: re.Match) -> str:
        removed.append(f"<{m.group(1).lower()}> (shown as text)")
        return m.group(0).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    html = _ACTIVE.sub(show, html)
    html, more = sanitize_html(html)
    return html, removed + more
