"""Dates in each edition's language, at the precision the data stores, formatted with Babel
(CLDR's forms, not hand-made month tables): "6 May 2016", "2016年5月6日", "6 мая 2016 г.".

English keeps ``FuzzyDate.display()`` (its output is unchanged). Japanese and Russian take
CLDR's patterns for a day, a month and a year; ranges use CLDR's interval formats where they
give the full month name (Japanese), and the same "8–9 June" shapes as the English otherwise
(Russian, whose CLDR day intervals abbreviate the month); a qualifier (early, mid, late) is
each language's own word for a part of a month or year (上旬/中旬/下旬; начало/середина/конец).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from babel.dates import format_date, format_interval, format_skeleton
from markdown.extensions.toc import slugify
from markupsafe import Markup

from ..data.dates import FuzzyDate, Point
from ..model.translations import Translations
from . import markup

_JA_PART = {  # a part of a month, and of a year
    "month": {"early": "上旬", "mid": "中旬", "late": "下旬"},
    "year": {"early": "初め", "mid": "半ば", "late": "末"},
}
_NNBSP = "\u202f"  # CLDR joins the year and "г." with a narrow no-break space; so do our own forms
_RU_PART = {"early": "начало", "mid": "середина", "late": "конец"}


def _day(p: Point) -> dt.date:
    return dt.date(p.year, p.month or 1, p.day or 1)


def _point(p: Point, lang: str) -> str:
    d = _day(p)
    if p.day:
        return format_date(d, "long", locale=lang)
    if p.month:
        return format_skeleton("yMMMM", d, locale=lang)
    return format_skeleton("y", d, locale=lang)


def _ru_range(s: Point, e: Point) -> str:
    if s.day and e.day and s.year == e.year:
        if s.month == e.month:
            return f"{s.day}–{e.day} {format_date(_day(s), 'MMMM y', locale='ru')}{_NNBSP}г."
        return f"{format_date(_day(s), 'd MMMM', locale='ru')} – {format_date(_day(e), 'd MMMM y', locale='ru')}{_NNBSP}г."
    if s.month and e.month and s.year == e.year and not s.day:
        return f"{format_date(_day(s), 'LLLL', locale='ru')}–{format_skeleton('yMMMM', _day(e), locale='ru')}"
    return f"{_point(s, 'ru')} – {_point(e, 'ru')}"


def format_fuzzy(d: FuzzyDate, lang: str) -> str:
    """``d`` as the edition in ``lang`` writes it, at its stored precision."""
    if lang == "en":
        return d.display()
    s, e = d.start, d.end
    if e is not None:
        if lang == "ru":
            return _ru_range(s, e)
        skeleton = "yMMMMd" if s.day else "yMMMM" if s.month else "y"
        return format_interval(_day(s), _day(e), skeleton, locale=lang)
    if not d.qualifier:
        return _point(s, lang)
    if lang == "ja":
        return _point(s, lang) + _JA_PART["month" if s.month else "year"][d.qualifier]
    # Russian: "начало июня 2016 г." (the month in the genitive, as CLDR's format context gives it)
    inner = format_date(_day(s), "MMMM y", locale="ru") if s.month else str(s.year)
    return f"{_RU_PART[d.qualifier]} {inner}{_NNBSP}г."


def format_day(day: dt.date, lang: str) -> str:
    """A calendar day (a page's "Last updated"), in ``lang``."""
    if lang == "en":
        return FuzzyDate(Point(day.year, day.month, day.day)).display()
    return format_date(day, "long", locale=lang)


# --- a record's text in an edition ------------------------------------------------------------
class Localized:
    """One record's text as an edition shows it: the text and its language. Written into HTML
    it is escaped, and marked ``lang="en"`` where the English stands in for a missing or stale
    translation (and its edition notes that the page shows some English); ``str()`` gives the
    plain text (a title, an accessible name, an attribute)."""

    __slots__ = ("text", "lang", "edition")

    def __init__(self, text: str, lang: str, edition: Edition):
        self.text, self.lang, self.edition = text, lang, edition

    @property
    def stands_in(self) -> bool:
        """The English, shown because the edition has no current translation of it."""
        return self.lang != self.edition.lang

    def _mark(self, text: Markup) -> Markup:
        if not self.stands_in or not text:
            return text
        self.edition.shown_english = True
        return Markup('<span lang="en">') + text + Markup("</span>")

    def __html__(self) -> Markup:
        return self._mark(Markup.escape(self.text))

    def md(self) -> Markup:
        """For a Markdown heading: Markdown syntax escaped too."""
        return self._mark(markup.md_escape(self.text))

    def markdown(self) -> Markup:
        """A Markdown field's source, raw HTML escaped (``markup.markdown_field``); a template
        asks ``is_en`` first and marks the English's block itself."""
        return markup.markdown_field(self.text)

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    def __len__(self) -> int:
        return len(self.text)

    def __contains__(self, part: object) -> bool:
        return str(part) in self.text

    def __eq__(self, other: object) -> bool:
        return str(other) == self.text if isinstance(other, (str, Localized)) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"Localized({self.text!r}, {self.lang!r})"


class Edition:
    """The one way a page gets a record's text in its edition's language (``Translations.text``):
    ``text()`` as a :class:`Localized` (a list of them for a list of strings), ``plain()`` as a
    string. ``shown_english`` says whether a page written since it was last reset shows some
    English standing in for a translation (the renderer then says so once, under the title)."""

    def __init__(self, translations: Translations, lang: str):
        self.translations, self.lang = translations, lang
        self.shown_english = False

    def text(self, record: Any, path: str) -> Any:
        value, got = self.translations.text(record, path, self.lang)
        if isinstance(value, list):
            return [Localized(str(v), got, self) for v in value]
        return Localized("" if value is None else str(value), got, self)

    def plain(self, record: Any, path: str) -> str:
        value = self.translations.text(record, path, self.lang)[0]
        return "" if value is None else str(value)

    def tr(self, record: Any, path: str, md: bool = False) -> Any:
        """``tr(record, "title")`` in a template (``md``: for a Markdown heading)."""
        text = self.text(record, path)
        return text.md() if md and isinstance(text, Localized) else text

    def is_en(self, record: Any, path: str, note: bool = True) -> bool:
        """Whether the field shows in English in this edition, so that a template marks its
        block ``lang="en"`` (a Markdown field); with ``note``, the page then says so once."""
        english = self.lang != "en" and self.translations.text(record, path, self.lang)[1] != self.lang
        if english and note:
            self.shown_english = True
        return english

    def lang_attr(self, lang: str) -> Markup:
        """`` lang="…"`` for text in ``lang`` (a quote, verbatim) where it is not the page's language."""
        return Markup(' lang="%s"') % lang if lang != self.lang else Markup("")

    def heading_id(self, english_title: Any) -> Markup:
        """In an edition, `` {: #id }`` for a page title: the English page's id (Python-Markdown's
        slug of the English title), where a Japanese or Russian title would get one like ``_1``."""
        ident = slugify(str(english_title), "-") if self.lang != "en" else ""
        return Markup(" {: #%s }") % ident if ident else Markup("")

    def role_title(self, actor: Any, role: Any) -> Localized:
        """A role's title (``role``: one of ``actor.roles``, or a ``RoleSpan`` with its index)."""
        index = getattr(role, "index", None)
        if index is None:
            index = next((i for i, r in enumerate(actor.roles or []) if r is role), None)
        if index is None or index < 0:
            return Localized(str(role["title"] if isinstance(role, dict) else role.title), self.lang, self)
        return self.text(actor, f"roles[{index}].title")


_JA_GAP = re.compile(r"：((?:</(?:strong|span|em|b)>)*) ")


def close_fullwidth_gaps(html_text: str) -> str:
    """Japanese: a label ending in a full-width colon is followed by no space (the colon has its
    own width; "状況： 実施" shows a gap)."""
    return _JA_GAP.sub(r"：\1", html_text)
