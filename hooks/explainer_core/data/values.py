"""Limits and checks on single values: ids, text, Markdown, URLs, control characters.

The field kinds (``kinds.py``) refuse a value with what these say; the data reference page lists
the limits (:func:`reference_limits`). Part of the data stage: imports nothing outside it.
"""

from __future__ import annotations

import re

from .dates import MAX_YEAR, MIN_YEAR
from .loader import MAX_DEPTH, MAX_FILE_BYTES, Located
from .problems import shown

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Limits on single values (see the data reference page). Generous for prose (the longest text
# in data/ is about 500 characters) and low enough that no page, file name or Markdown parse
# blows up: an id names a folder (file systems allow 255 bytes), and Python-Markdown recurses
# once per level of bracket, emphasis and block nesting.
MAX_ID = 80
MAX_TEXT = 2_000
MAX_MARKDOWN = 20_000
MAX_URL = 2_000
MD_MAX_BRACKETS = 32  # "[" open at once
MD_MAX_EMPHASIS = 8  # "*" and "_" in one run ("***" is 3)
MD_MAX_BLOCKS = 16  # lists and quotes nested on one line, counting each 4 columns of indentation
# A page of its own at <prefix>/<id>/: "index" would be the listing page itself (actors/index.md).
RESERVED_IDS = ("index",)
# Markdown inline links/images "[x](scheme:...)" and reference definitions "[x]: scheme:..."
# The inline target is taken whole (up to ")"): Python-Markdown keeps a newline inside it, and
# browsers delete tabs and newlines from URLs, so "[x](java\nscript:...)" is a script link.
_MD_LINK = re.compile(r"\]\(([^)]*)")
_URL_IGNORED = re.compile(r"[\t\n\r]")  # what the URL standard strips before parsing
# Anywhere on a line, not just at its start: a definition inside a list item, a quote, an
# admonition or a footnote ("- [1]: javascript:...") is one too.
_MD_REFDEF = re.compile(r"\[(?!\^)[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")  # "[^1]:" is a footnote, not a link
_MD_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*):[^>\s]*>")
_SAFE_SCHEMES = ("http", "https", "mailto")


# Unicode category Cc (control) is exactly U+0000-U+001F and U+007F-U+009F; newline and tab are
# fine. Lone surrogates (from YAML's "\ud800" escapes) cannot be written as UTF-8, and the 66
# noncharacters are not for interchange: both are refused with the controls.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(p * 0x10000 + 0xfffe)}{chr(p * 0x10000 + 0xffff)}" for p in range(17))
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_NONCHARACTERS}]")


def control_chars(text: str) -> list[str]:
    if not _CONTROL.search(text):  # the usual case, in one C-level scan instead of a lookup per character
        return []
    return [f"U+{ord(c):04X}" for c in sorted(set(_CONTROL.findall(text)) - {"\n", "\t"})]


_MD_BLOCK_PREFIX = re.compile(r"(?:[ \t]*(?:>|[*+-](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*")


def _markdown_too_deep(text: str) -> str | None:
    """Why Python-Markdown would recurse too deep (or take minutes) on ``text``, else None."""
    depth = deepest = 0
    for m in re.finditer(r"\\.|[\[\]]", text):
        if m[0] == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif m[0] == "]":
            depth = max(depth - 1, 0)
    if deepest > MD_MAX_BRACKETS:
        return f"has {deepest} '[' open at once; the limit is {MD_MAX_BRACKETS}"
    run = max((len(r) for r in re.findall(r"[*_]+", text)), default=0)
    if run > MD_MAX_EMPHASIS:
        return f"has a run of {run} '*' or '_'; the limit is {MD_MAX_EMPHASIS}"
    for line in text.splitlines():
        block = _MD_BLOCK_PREFIX.match(line)  # always matches, perhaps the empty string
        prefix = block[0] if block else ""
        columns = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        nesting = len(re.findall(r">|[*+-]|\d+[.)]", prefix)) + columns // 4
        if nesting > MD_MAX_BLOCKS:
            return f"nests lists, quotes or indentation {nesting} deep on one line; the limit is {MD_MAX_BLOCKS}"
    return None


def link_scheme_ok(target: str) -> bool:
    """Only absolute http(s) and mailto links. A relative link in a field would lead somewhere
    different on each page that shows the field, and MkDocs could only refuse it (in strict
    mode) after emptying the site folder; a fragment too depends on the page."""
    m = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", target.strip())
    return m is not None and m[1].lower() in _SAFE_SCHEMES


def markdown_problem(text: str) -> str | None:
    """Why a Markdown field's ``text`` is refused (too deep for Python-Markdown, or a link that is
    not absolute http(s) or mailto), else None."""
    too_deep = _markdown_too_deep(text)
    if too_deep:
        return too_deep
    for rx in (_MD_LINK, _MD_REFDEF, _MD_AUTOLINK):
        for m in rx.finditer(text):
            target = m[1] if rx is not _MD_AUTOLINK else m[1] + ":"
            if rx is _MD_LINK:
                target = _URL_IGNORED.sub("", target).lstrip(" <").split(" ", 1)[0].rstrip(">")
            if not link_scheme_ok(target):
                return (f"has a link to {shown(target)}; only absolute http(s) and mailto links are allowed "
                        "(a field appears on several pages, so a relative link has no one target)")
            if any(c in target for c in '"`\\'):
                # Markdown would emit them into href: an invalid URL
                return f"has a link to {shown(target)} with quotes or backslashes in it; percent-encode them"
    return None


def typename(value: object) -> str:
    return {dict: "a mapping", Located: "a mapping", list: "a list", int: "a number", float: "a number",
            bool: "true/false", str: "text", type(None): "nothing"}.get(type(value), type(value).__name__)


def quote_hint(value: object) -> str:
    if isinstance(value, (int, float, bool)):
        return " (put the value in quotes)"
    return ""


def reference_limits() -> list[tuple[str, str]]:
    """The input limits, for the data reference page: (what, limit and why)."""
    return [
        ("A data file", f"at most {MAX_FILE_BYTES // 2**20} MiB; split a bigger collection into files under data/<name>/"),
        ("Nesting of lists and mappings", f"at most {MAX_DEPTH} levels (records need 4)"),
        ("YAML anchors, aliases and merge keys", "not allowed: write each value out (they let a small file expand without bound)"),
        ("An id or alias", f"at most {MAX_ID} characters (it names a folder of the site); 'index' is reserved"),
        ("A plain-text field", f"at most {MAX_TEXT:,} characters"),
        ("A Markdown field", f"at most {MAX_MARKDOWN:,} characters; at most {MD_MAX_BRACKETS} '[' open at once, "
                             f"runs of at most {MD_MAX_EMPHASIS} '*' or '_', and lists, quotes and indentation "
                             f"nested at most {MD_MAX_BLOCKS} deep on one line"),
        ("A URL", f"at most {MAX_URL:,} characters, absolute http(s), with a valid host and port"),
        ("A year", f"from {MIN_YEAR} to {MAX_YEAR}"),
        ("Characters", "no control characters (except tab and newline), lone surrogates or noncharacters"),
    ]
