"""Content Security Policy, computed from the HTML the build actually writes.

Static hosts often cannot set response headers, so every HTML page carries its policy as
``<meta http-equiv="Content-Security-Policy">``, right after ``<meta charset>`` (which must stay
in the first 1,024 bytes) and so before any script. Scripts run only from the site's own files
(``'self'``) or when their exact text has one of the page's ``'sha256-…'`` hashes: the hashes are
taken from the finished page, so the theme's inline scripts (Material's ``base.html`` has a few)
stay allowed after an upgrade changes them. Scripts inside the page's content (from Markdown
and data) are never hashed: should one ever get through escaping, the browser refuses it and the
build reports it. No ``'unsafe-inline'`` for scripts. Data blocks (``application/ld+json``, ``application/json``) are
not scripts: the browser never runs them and CSP does not apply to them, so they are not hashed.

Styles allow ``'unsafe-inline'``: Material and the build-time SVGs use ``style`` attributes.

:class:`SitePolicy` also writes ``_headers`` (the Cloudflare Pages / Netlify format) with the
same policy for the whole site, plus ``frame-ancestors`` (which a ``<meta>`` cannot carry), and
a year of immutable caching for fingerprinted assets (``bundle.a5f9d56c.min.js``).

Nothing here imports MkDocs.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable

# Directive -> sources; script-src gets the inline scripts' hashes appended.
DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),  # Material's icons are data: SVGs in its CSS
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
HEADER_ONLY = (("frame-ancestors", "'self'"),)  # ignored (with a console error) in a <meta>

# A <script> start tag (attribute values may hold ">"), its raw text and end tag.
_SCRIPT = re.compile(r"""<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>(.*?)</script\s*>""", re.I | re.S)
_SRC = re.compile(r"""\ssrc\s*=""", re.I)
_TYPE = re.compile(r"""\stype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
# The types a browser runs: none, a JavaScript MIME type (HTML's list), or a module.
_RUNS = re.compile(r"(?:module|(?:text|application)/(?:x-)?(?:java|ecma)script|text/javascript1\.[0-5]"
                   r"|text/(?:jscript|livescript))?")
_HEAD = re.compile(r"<head\b[^>]*>(\s*<meta\s+charset\s*=[^>]*>)?", re.I)
_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
_HASHES = re.compile(r"'sha256-[A-Za-z0-9+/=]+'")
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)(?:\.map)?$")


def inline_scripts(page: str) -> list[str]:
    """The text of every inline script the browser would run, as it hashes it."""
    found = []
    for attrs, text in _SCRIPT.findall(page):
        if _SRC.search(attrs):
            continue
        m = _TYPE.search(attrs)
        kind = next((g for g in m.groups() if g is not None), "") if m else ""
        if _RUNS.fullmatch(html.unescape(kind).strip().lower()):
            # The HTML parser turns CR LF and lone CR into LF before the script sees its text.
            found.append(text.replace("\r\n", "\n").replace("\r", "\n"))
    return found


def source_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(hashes: Iterable[str] = (), *, header: bool = False) -> str:
    extra = " ".join(sorted(set(hashes)))
    directives = DIRECTIVES + (HEADER_ONLY if header else ())
    return "; ".join(f"{name} {value} {extra}".rstrip() if name == "script-src" else f"{name} {value}"
                     for name, value in directives)


def _meta(hashes: Iterable[str]) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy(hashes), quote=False)}">'


def protect(page: str, untrusted: str = "") -> tuple[str, set[str], list[str]]:
    """``page`` with its policy meta tag, the hashes that policy allows, and the inline scripts
    it refuses: those that come from ``untrusted``, the page's content rendered from Markdown
    and data (the templates' own scripts are trusted). A page without ``<head>`` is unchanged."""
    head = _HEAD.search(page)
    if head is None:
        return page, set(), []
    refused = inline_scripts(untrusted) if untrusted else []
    hashes = {source_hash(s) for s in inline_scripts(page) if s not in refused}
    return page[:head.end()] + _meta(hashes) + page[head.end():], hashes, refused


def allow(page: str, scripts: Iterable[str]) -> str:
    """A protected ``page`` whose policy also allows ``scripts``: for a script added after the
    build, such as the reload script ``mkdocs serve`` injects into each page it serves."""
    meta = _META.search(page)
    if meta is None:
        return page
    hashes = set(_HASHES.findall(meta.group(0))) | {source_hash(s) for s in scripts}
    return page[:meta.start()] + _meta(hashes) + page[meta.end():]


class SitePolicy:
    """One build's policy: protects each page and collects every hash for ``_headers``."""

    def __init__(self) -> None:
        self.hashes: set[str] = set()
        self.last: set[str] = set()  # the hashes of the page protected last

    def protect(self, page: str, untrusted: str = "") -> tuple[str, list[str]]:
        page, hashes, refused = protect(page, untrusted)
        self.hashes |= hashes
        self.last = hashes
        return page, refused

    def headers_file(self, base_path: str, files: Iterable[str]) -> str:
        """``_headers`` for a site served under ``base_path`` (site_url's path, e.g.
        ``/new-approach/``); ``files`` are the site's output paths."""
        base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        lines = ["# Response headers for static hosts that read this file (Cloudflare Pages, Netlify).",
                 "# Written by the build (hooks/explainer_core/csp.py); every HTML page also carries the",
                 "# policy in a <meta> tag, for hosts that cannot set headers.",
                 f"{base}*",
                 f"  Content-Security-Policy: {policy(self.hashes, header=True)}",
                 "  X-Content-Type-Options: nosniff",
                 "# Fingerprinted assets: their names change with their content, so they can be cached for good."]
        for path in sorted(f for f in files if FINGERPRINTED.search(f)):
            lines += [f"{base}{path}", "  Cache-Control: public, max-age=31536000, immutable"]
        return "\n".join(lines) + "\n"
