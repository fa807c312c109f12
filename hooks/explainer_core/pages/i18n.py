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
from collections.abc import Callable
from typing import Any

from babel.dates import format_date, format_interval, format_skeleton
from markupsafe import Markup

from ..data.dates import FuzzyDate, Point
from ..model.translations import Translations

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


def field_markup(translations: Translations, lang: str, md_escape: Callable[[Any], Markup], record: Any, path: str,
                 md: bool = False) -> Markup:
    """A record's field in ``lang``, escaped (for a Markdown heading too, with ``md``); the
    English, marked ``lang="en"``, where there is no current translation. Templates call it
    as ``tr(record, "title")``."""
    value, got = translations.text(record, path, lang)
    text = md_escape(value or "") if md else Markup.escape(value or "")
    return text if got == lang or lang == "en" else Markup('<span lang="en">') + text + Markup("</span>")


def untranslated(translations: Translations, lang: str, record: Any) -> bool:
    """Whether some of ``record``'s own text shows in English in the edition in ``lang``."""
    return lang != "en" and any(s.state != "translated" for s in translations.field_states(record, lang))
