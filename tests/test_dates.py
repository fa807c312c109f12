import datetime as dt

import pytest

from explainer_core.data.dates import DateError, FuzzyDate


@pytest.mark.parametrize("raw, display, precision, iso", [
    ("2016-05-06", "6 May 2016", "day", "2016-05-06"),
    ("2016-06", "June 2016", "month", "2016-06"),
    ("2016", "2016", "year", "2016"),
    (2016, "2016", "year", "2016"),
    (dt.date(2016, 5, 6), "6 May 2016", "day", "2016-05-06"),
    ("early 2016-06", "early June 2016", "month", "early 2016-06"),
    ("late 2012", "late 2012", "year", "late 2012"),
    ("2016-06-08/2016-06-09", "8–9 June 2016", "range", "2016-06-08/2016-06-09"),
    ("2016-05-30/2016-06-02", "30 May – 2 June 2016", "range", "2016-05-30/2016-06-02"),
    ("2016-05/2016-06", "May–June 2016", "range", "2016-05/2016-06"),
    ("2015-12-30/2016-01-02", "30 December 2015 – 2 January 2016", "range", "2015-12-30/2016-01-02"),
    (" 2016-05-06 ", "6 May 2016", "day", "2016-05-06"),
])
def test_parse_and_display(raw, display, precision, iso):
    d = FuzzyDate.parse(raw)
    assert d.display() == display
    assert d.precision == precision
    assert d.iso() == iso


@pytest.mark.parametrize("raw, message", [
    ("2016-02-30", "February 2016 has 29 days"),
    ("2015-02-29", "February 2015 has 28 days"),
    ("2016-13", "months run from 01 to 12"),
    ("2016-00-10", "months run from 01 to 12"),
    ("6 May 2016", "is not a date"),
    ("2016/05/06", "is not a date"),
    ("2016-5-6", "is not a date"),
    ("early 2016-06-01", "applies to a month or a year"),
    ("sometime 2016", "is not a date"),
    ("2016-06-09/2016-06-08", "ends before"),
    ("2016-06-08/2016-07", "same precision"),
    ("early 2016-06/2016-07", "cannot have a qualifier"),
    (dt.datetime(2016, 5, 6, 12, 0), "time of day"),
    (["2016"], "expected a date string"),
    (None, "expected a date string"),
])
def test_bad_dates(raw, message):
    with pytest.raises(DateError, match=message):
        FuzzyDate.parse(raw)


def test_sort_is_chronological_and_stable():
    raw = ["2016-06", "2016-05-31", "early 2016-06", "2016-06-01", "2016", "2016-06-08/2016-06-09",
           "late 2016-05", "2015", "2016-06-08"]
    ordered = sorted(raw, key=lambda r: FuzzyDate.parse(r).sort_key())
    assert ordered == ["2015", "2016", "late 2016-05", "2016-05-31", "2016-06-01", "early 2016-06",
                       "2016-06", "2016-06-08", "2016-06-08/2016-06-09"]


def test_qualified_month_bounds():
    d = FuzzyDate.parse("early 2016-06")
    assert (d.first_day(), d.last_day()) == (dt.date(2016, 6, 1), dt.date(2016, 6, 10))
    d = FuzzyDate.parse("late 2016-02")
    assert (d.first_day(), d.last_day()) == (dt.date(2016, 2, 21), dt.date(2016, 2, 29))
