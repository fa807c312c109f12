"""Escaping for what data puts on a page: Markdown headings, Markdown fields and JSON-LD.

Jinja2 autoescaping covers HTML; these cover the Markdown and ``<script>`` contexts the
templates also write into (moved here from ``render.py``, which uses them as filters)."""

from __future__ import annotations

import json
import re

from markupsafe import Markup

# Python-Markdown's backslash-escapable characters (Markdown.ESCAPED_CHARS), plus the three that
# become entities. Escaping any other character (":", "=", "|"...) would show the backslash.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>&])")


def md_escape(text) -> Markup:
    """Escape text for Markdown inline context (headings): HTML-escaped, Markdown syntax
    backslash-escaped, so it can neither open a tag nor form a link or emphasis."""
    text = str(text).replace("\n", " ")
    escaped = _MD_SPECIAL.sub(lambda m: {"<": "&lt;", ">": "&gt;", "&": "&amp;"}.get(m[1], "\\" + m[1]), text)
    return Markup(escaped)


def markdown_field(text) -> Markup:
    """A field whose schema allows Markdown: Markdown syntax is kept, raw HTML is escaped
    (shown as text). Link schemes were already restricted by validation.

    ``{`` becomes an entity: the site enables attr_list, whose ``{: onclick="..."}`` (or
    ``{: href="javascript:..."}``) would otherwise let data set any attribute on its element."""
    if not text:
        return Markup("")
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(escaped.replace("{", "&#123;"))


def json_for_script(data) -> Markup:
    """JSON that is safe inside ``<script type="application/ld+json">``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)
