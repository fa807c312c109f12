"""Dates in each edition's language, at the stored precision (Babel's CLDR forms)."""

from __future__ import annotations

import datetime as dt

import pytest

from explainer_core.data.dates import FuzzyDate
from explainer_core.pages.i18n import format_day, format_fuzzy

# (stored date, English, Japanese, Russian); CLDR writes "г." after a narrow no-break space (U+202F)
CASES = [
    ("2016-05-06", "6 May 2016", "2016年5月6日", "6 мая 2016\u202fг."),
    ("2016-06", "June 2016", "2016年6月", "июнь 2016\u202fг."),
    ("2016", "2016", "2016年", "2016"),
    ("early 2016-06", "early June 2016", "2016年6月上旬", "начало июня 2016\u202fг."),
    ("mid 2016-09", "mid September 2016", "2016年9月中旬", "середина сентября 2016\u202fг."),
    ("late 2012", "late 2012", "2012年末", "конец 2012\u202fг."),
    ("2016-06-08/2016-06-09", "8–9 June 2016", "2016年6月8日～9日", "8–9 июня 2016\u202fг."),
    ("2016-05-30/2016-06-02", "30 May – 2 June 2016", "2016年5月30日～6月2日", "30 мая – 2 июня 2016\u202fг."),
    ("2016-05/2016-06", "May–June 2016", "2016年5月～6月", "май–июнь 2016\u202fг."),
    ("2015-12-30/2016-01-02", "30 December 2015 – 2 January 2016", "2015年12月30日～2016年1月2日",
     "30 декабря 2015\u202fг. – 2 января 2016\u202fг."),
]


@pytest.mark.parametrize("stored, en, ja, ru", CASES, ids=[c[0] for c in CASES])
def test_a_date_in_each_language(stored, en, ja, ru):
    d = FuzzyDate.parse(stored)
    assert format_fuzzy(d, "en") == en == d.display()  # the English edition is unchanged
    assert format_fuzzy(d, "ja") == ja
    assert format_fuzzy(d, "ru") == ru


def test_a_last_updated_day_in_each_language():
    day = dt.date(2026, 11, 29)
    assert [format_day(day, lang) for lang in ("en", "ja", "ru")] == ["29 November 2026", "2026年11月29日", "29 ноября 2026\u202fг."]
