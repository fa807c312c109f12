"""Find glossary terms in plain text or Markdown and link their first mention, safely.

A term matches whole words only, case-insensitively, with any run of whitespace between its
words; where two terms overlap, the longer one wins ("Habomai islets" before "Habomai").
Matching walks the text's words once, trying at most as many words as the longest term has,
so the cost grows with the text, not with the number of terms (the benchmark has thousands).

The linked text is built as Markup from escaped pieces: the text around a mention is escaped
with ``markupsafe.escape``, and so is every value in the link itself (the URL, the definition
for the tooltip, the mention). In a Markdown field, mentions inside code, links, URLs and
footnote marks are left alone, the rest is escaped as the field's own filter does, and the
mention itself is escaped for Markdown too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from markupsafe import Markup, escape

# A word, with inner hyphens or apostrophes kept ("two-plus-two", "aide-mémoire", "Russia's").
_WORD = re.compile(r"\w+(?:[-‐'’]\w+)*")
_SPACE = re.compile(r"\s+")
# Japanese (an edition's index): text with no spaces between words, so each kana or kanji is a
# "word" of its own and a name matches wherever its characters stand in a run of them.
_CJK_CHAR = "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]"
_WORD_CJK = re.compile(_CJK_CHAR + r"|(?:(?!" + _CJK_CHAR + r")\w)+(?:[-‐'’](?:(?!" + _CJK_CHAR + r")\w)+)*")


def _key(text: str) -> str:
    return _SPACE.sub(" ", text).casefold()


class TermIndex:
    """Every name of every glossary term (``term`` and ``other_names``), ready to match. An
    edition gives its own names and definitions (``names``, ``definition``: a term's, in its
    language) and, for Japanese, ``cjk``: a kana or kanji is a word of its own."""

    def __init__(self, terms, names: Callable[[Any], list[str]] | None = None,
                 definition: Callable[[Any], str] | None = None, cjk: bool = False) -> None:
        self.by_key: dict[str, object] = {}
        self.first: set[str] = set()
        self._tooltips: dict[tuple, Markup] = {}
        self._definition = definition or (lambda t: t.definition)
        self._word = _WORD_CJK if cjk else _WORD
        self.longest = 0
        for t in terms:
            for name in (names(t) if names else (t.term, *t.other_names)):
                words = list(self._word.finditer(name))
                if not words:
                    continue  # no word to anchor on (e.g. punctuation only): never matched
                key = _key(name[words[0].start():words[-1].end()])
                self.by_key.setdefault(key, t)  # the first term to claim a name keeps it
                self.longest = max(self.longest, len(words))
        # the first word of each name's key: where a mention can start
        self.first = {m.group() for key in self.by_key if (m := self._word.match(key))}

    def tooltip(self, term, markdown: bool = False) -> Markup:
        """The term's definition for a link's title, escaped once per build (in a Markdown
        field, as ``_attribute_safe_from_markdown`` writes it)."""
        key = (term.id, markdown)
        if key not in self._tooltips:
            text = self._definition(term)
            self._tooltips[key] = _attribute_safe_from_markdown(text) if markdown else escape(text)
        return self._tooltips[key]

    def find(self, text: str) -> Iterator[tuple[int, int, Any]]:
        """(start, end, term) of each mention in ``text``, left to right, never overlapping.

        Each word and each gap between words is normalised once; a span's key is built from
        them (the same string ``_key`` gives for the span), and only at words that start some
        name: the text's other words cost one set lookup."""
        if not self.by_key:
            return
        words = list(self._word.finditer(text))
        keys = [w.group().casefold() for w in words]
        gaps = [_key(text[a.end():b.start()]) for a, b in zip(words, words[1:])]
        i = 0
        while i < len(words):
            if keys[i] in self.first:
                spans = [keys[i]]
                for j in range(i + 1, min(i + self.longest, len(words))):
                    spans.append(spans[-1] + gaps[j - 1] + keys[j])
                for n in range(len(spans), 0, -1):
                    term = self.by_key.get(spans[n - 1])
                    if term is not None:
                        yield words[i].start(), words[i + n - 1].end(), term
                        i += n
                        break
                else:
                    i += 1
            else:
                i += 1


def _link(href: str, tooltip: Markup, mention) -> Markup:
    """``<a class="jr-term">``, every value escaped (Markup, such as the tooltip, as it is): what
    ``Markup.format`` gives, without its string.Formatter machinery (once per mention)."""
    return Markup(f'<a class="jr-term" href="{escape(href)}" title="{escape(tooltip)}">{escape(mention)}</a>')


def link_terms(text: str, index: TermIndex, href: Callable[[object], str], seen: set) -> Markup:
    """``text`` escaped, with the first mention of each term not yet in ``seen`` linked to it."""
    out: list[Markup] = []
    pos = 0
    for start, end, term in index.find(text):
        if term.id in seen:
            continue
        seen.add(term.id)
        out.append(escape(text[pos:start]))
        out.append(_link(href(term), index.tooltip(term), text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


# Markdown constructs whose text must not gain a link: code spans, links and images (with
# their targets), footnote and reference marks, reference definitions, autolinks, bare URLs.
_MD_PROTECTED = re.compile(r"`+[^`]*`+|!?\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])?|^ {0,3}\[[^\]]+\]:.*$"
                           r"|<[^>\s]*>|https?://\S+", re.M)


def _attribute_safe_from_markdown(text: str) -> Markup:
    """``text`` for an attribute of inline HTML in Markdown. Python-Markdown runs its inline
    patterns (code spans, links, emphasis) over the attribute values of inline tags too, so
    every character but ASCII letters, digits and spaces becomes a numeric character reference,
    which no pattern matches and the browser reads back as the same text."""
    return Markup("".join(c if (c.isascii() and c.isalnum()) or c == " " else f"&#{ord(c)};" for c in text))


def link_terms_markdown(text: str, index: TermIndex, href: Callable[[object], str], seen: set,
                        escape_markdown: Callable[[str], Markup], escape_inline: Callable[[str], Markup]) -> Markup:
    """A Markdown field, escaped as ``escape_markdown`` does (Markdown kept, HTML shown as text),
    with the first mention of each term not yet in ``seen`` linked, outside links and code.
    The mention is escaped with ``escape_inline`` so the link's text cannot carry Markdown."""
    protected = [m.span() for m in _MD_PROTECTED.finditer(text)]
    out: list[Markup] = []
    pos = 0
    for start, end, term in index.find(text):
        if term.id in seen or any(a < end and start < b for a, b in protected):
            continue
        seen.add(term.id)
        out.append(escape_markdown(text[pos:start]))
        out.append(_link(href(term), index.tooltip(term, markdown=True), escape_inline(text[start:end])))
        pos = end
    out.append(escape_markdown(text[pos:]))
    return Markup("").join(out)


def link_texts(texts: list[tuple[str, str, bool]], index: TermIndex, href: Callable[[object], str],
               escape_markdown: Callable[[str], Markup], escape_inline: Callable[[str], Markup]) -> dict[str, Markup]:
    """One pass over a page view's texts (``PageView.texts``: key, text, is Markdown, in page
    order): each escaped, with the page's first mention of each term linked. Empty texts stay empty."""
    seen: set = set()
    out = {}
    for key, text, markdown in texts:
        if not text:
            out[key] = Markup("")
        elif markdown:
            out[key] = link_terms_markdown(text, index, href, seen, escape_markdown, escape_inline)
        else:
            out[key] = link_terms(text, index, href, seen)
    return out
