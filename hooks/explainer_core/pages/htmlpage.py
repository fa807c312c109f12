"""Turn a rendered page template into the page's HTML without a Markdown pass over the page.

The templates write HTML blocks, Markdown headings (``## Title {: #id .class }``) and, where a
field allows it, Markdown text. Python-Markdown's ``md_in_html`` re-parsed every HTML block of
every page, which was most of a build's time. Here only the Markdown text runs through
Markdown, once per distinct text; HTML blocks pass through untouched and headings become
HTML as the ``toc`` extension (``permalink: true``) and ``attr_list`` would write them. The
result carries the heading list (for the engine's table of contents) and every anchor id (for
the engine's link validation), so nothing is parsed twice.

Blocks follow Python-Markdown's rule: a blank-line-separated block that starts with a
block-level tag is raw HTML, up to the tag's matching end tag even across blank lines (so a blank
line inside data-derived text, or inside a code block a Markdown field became, never turns the
rest of the element into Markdown); anything else is Markdown.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

import markdown
from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique

_HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t#]*?(?:[ \t]+\{:?[ \t]*([^}]*?)[ \t]*\})?[ \t]*$")
_BLOCK_NAMES = (r"address|article|aside|blockquote|details|dialog|dd|div|dl|dt|fieldset|figcaption|"
                r"figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|svg|table|ul")
_BLOCK_TAG = re.compile(rf"<(?:{_BLOCK_NAMES})\b")
_OPEN = re.compile(rf"<({_BLOCK_NAMES})\b", re.I)
_CLOSE = re.compile(rf"</({_BLOCK_NAMES})\s*>", re.I)
_ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")
_BACKSLASH = re.compile(r"\\(.)")
PERMALINK = '<a class="headerlink" href="#{0}" title="{1}">&para;</a>'


@dataclass
class HtmlPage:
    html: str
    toc: list = field(default_factory=list)  # nested tokens as Python-Markdown's toc extension gives
    anchors: set = field(default_factory=set)  # every id on the page, for link validation


class Converter:
    """Markdown for text only, memoised: the same field text is converted once per build."""

    def __init__(self, extensions=(), extension_configs=None, permalink_title: str = "Permanent link"):
        self.permalink_title = html.escape(permalink_title, quote=True)  # the edition's words for a heading's ¶
        self._md = markdown.Markdown(extensions=list(extensions), extension_configs=extension_configs or {})
        self._cache: dict[str, str] = {}

    def markdown(self, text: str) -> str:
        out = self._cache.get(text)
        if out is None:
            out = self._cache[text] = self._md.reset().convert(text)
        return out

    def page(self, text: str) -> HtmlPage:
        blocks = [b for b in re.split(r"\n[ \t]*\n", text.strip("\n")) if b.strip()]
        used = {a[1:] for b in blocks if (m := _HEADING.match(b.partition("\n")[0]))
                for a in (m.group(3) or "").split() if a.startswith("#")}
        counters: dict = {}
        out: list[str] = []
        tokens: list[dict] = []
        prose: list[str] = []

        def flush():
            if prose:
                out.append(self.markdown("\n\n".join(prose)))
                prose.clear()

        i = -1
        while i + 1 < len(blocks):
            i += 1
            block = blocks[i]
            first, _, rest = block.partition("\n")
            heading = _HEADING.match(first)
            if heading:
                flush()
                out.append(_heading(heading, used, counters, tokens, self.permalink_title))
                block = rest
                if not block.strip():
                    continue
            if _BLOCK_TAG.match(block.lstrip()):
                flush()
                depth = _depths(block)
                while _unclosed(depth) and i + 1 < len(blocks):
                    i += 1  # inside an element a blank line is only white space, except in <pre>
                    block += ("\n\n" if "pre" in _unclosed(depth) else "\n") + blocks[i]
                    # Counted per added block, not over the whole grown block again, which was
                    # quadratic on long pages (the actor directory took seconds at 1,000 events).
                    # The same counts: only an end tag split by a blank line (`</div\n\n>`) would
                    # differ, and neither the templates nor Markdown write one.
                    depth.update(_depths(blocks[i]))
                out.append(block)
            else:
                prose.append(block)
        flush()
        body = "\n".join(out)
        anchors = {html.unescape(a or b) for a, b in _ID.findall(body)}
        return HtmlPage(body, nest_toc_tokens(tokens), anchors)


def _depths(block: str) -> Counter:
    """How many more times ``block`` opens each block-level element than it closes it.
    Data reaches templates escaped, so every ``<`` here is the templates' or Markdown's own."""
    depth = Counter(name.lower() for name in _OPEN.findall(block))
    depth.subtract(name.lower() for name in _CLOSE.findall(block))
    return depth


def _unclosed(depth: Counter) -> set[str]:
    """The elements left open (``hr`` is void)."""
    return {name for name, n in depth.items() if n > 0 and name != "hr"}


def _heading(m, used: set, counters: dict, tokens: list, title: str = "Permanent link") -> str:
    level, inner = len(m.group(1)), _BACKSLASH.sub(r"\1", m.group(2))  # Markdown escapes -> HTML text
    attrs = (m.group(3) or "").split()
    ident = next((a[1:] for a in attrs if a.startswith("#")), None)
    classes = " ".join(a[1:] for a in attrs if a.startswith("."))
    name = strip_tags(inner)
    if ident is None:
        ident = unique(slugify(html.unescape(name), "-"), used, counters)
    tokens.append({"level": level, "id": html.unescape(ident), "name": name, "html": inner, "data-toc-label": ""})
    cls = f' class="{html.escape(classes)}"' if classes else ""
    return f'<h{level}{cls} id="{ident}">{inner}{PERMALINK.format(ident, title)}</h{level}>'

