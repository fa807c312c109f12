"""Dates that carry their precision.

Grammar (one string in the YAML; quote it or not, both work)::

    2016-05-06                 a day
    2016-06                    a month
    2016                       a year
    early 2016-06              a qualified month or year: early / mid / late
    2016-06-08/2016-06-09      a range of days (ISO 8601 interval); also months: 2016-05/2016-06

The site shows exactly the precision stored ("6 May 2016", "June 2016", "early June 2016",
"8–9 June 2016") and sorts chronologically by the earliest day the date can mean,
then by precision (a day before the month that contains it), then by id.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
QUALIFIERS = ("early", "mid", "late")
_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# The years the data may name: the story runs from the first Russo-Japanese contacts of the
# 18th century to plans a few decades ahead. Bounded well inside Python's calendar (1..9999),
# so a day before or after any date, or the next year's first day, always exists.
MIN_YEAR, MAX_YEAR = 1700, 2199


class DateError(ValueError):
    """A date string that does not follow the grammar, or names an impossible day."""


@dataclass(frozen=True, order=False)
class Point:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.month and self.day:
            return dt.date(self.year, self.month, self.day)
        if self.month:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    def iso(self) -> str:
        s = f"{self.year:04d}"
        if self.month:
            s += f"-{self.month:02d}"
            if self.day:
                s += f"-{self.day:02d}"
        return s

    def display(self) -> str:
        if self.month and self.day:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)


def _point(text: str, original: str) -> Point:
    m = _PART.match(text)
    if not m:
        raise DateError(f"'{original}' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD, "
                        "optionally 'early'/'mid'/'late' before a month or year, or START/END for a range")
    year, month, day = int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(f"'{original}' has year {year}; years run from {MIN_YEAR} to {MAX_YEAR}")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"'{original}' has month {month:02d}; months run from 01 to 12")
    if day is not None and month is not None:  # the pattern has no day without a month
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(f"'{original}' is impossible: {MONTHS[month - 1]} {year} has {last} days")
    return Point(year, month, day)


@dataclass(frozen=True)
class FuzzyDate:
    start: Point
    end: Point | None = None  # set for ranges
    qualifier: str | None = None  # early / mid / late, for a month or year

    @classmethod
    def parse(cls, value: object) -> FuzzyDate:
        if isinstance(value, dt.datetime):
            raise DateError(f"'{value}' has a time of day; give only the date")
        if isinstance(value, dt.date):
            value = value.isoformat()
        if isinstance(value, int) and not isinstance(value, bool):
            if not 0 <= value < 10**8:
                raise DateError("is a number, not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
            value = str(value)
        if not isinstance(value, str):
            raise DateError(f"expected a date string, got {type(value).__name__}")
        text = value.strip()
        qualifier = None
        head, _, rest = text.partition(" ")
        if head in QUALIFIERS and rest:
            qualifier, text = head, rest.strip()
        if "/" in text:
            if qualifier:
                raise DateError(f"'{value}': a range cannot have a qualifier")
            a, _, b = text.partition("/")
            start, end = _point(a.strip(), value), _point(b.strip(), value)
            if start.precision != end.precision:
                raise DateError(f"'{value}': both ends of a range need the same precision")
            if end.first_day() <= start.first_day():
                raise DateError(f"'{value}': the range ends before or when it starts")
            return cls(start, end)
        start = _point(text, value)
        if qualifier and start.day:
            raise DateError(f"'{value}': '{qualifier}' applies to a month or a year, not a day")
        return cls(start, None, qualifier)

    # --- what the site shows -------------------------------------------------------
    @property
    def precision(self) -> str:
        if self.end:
            return "range"
        return self.start.precision

    def display(self) -> str:
        s, e = self.start, self.end
        if e is None:
            text = s.display()
            return f"{self.qualifier} {text}" if self.qualifier else text
        if s.month and e.month and s.day and s.year == e.year and s.month == e.month:
            return f"{s.day}–{e.day} {MONTHS[s.month - 1]} {s.year}"
        if s.month and e.month and s.day and s.year == e.year:
            return f"{s.day} {MONTHS[s.month - 1]} – {e.day} {MONTHS[e.month - 1]} {s.year}"
        if s.month and e.month and s.year == e.year:
            return f"{MONTHS[s.month - 1]}–{MONTHS[e.month - 1]} {s.year}"
        return f"{s.display()} – {e.display()}"

    def iso(self) -> str:
        """The stored form, normalised (what machine-readable exports carry)."""
        if self.end:
            return f"{self.start.iso()}/{self.end.iso()}"
        return f"{self.qualifier} {self.start.iso()}" if self.qualifier else self.start.iso()

    def as_json(self) -> dict:
        """The date with its precision, as every JSON export carries it (``export_schemas.DATE``)."""
        return {
            "iso": self.iso(),
            "precision": self.precision,
            "qualifier": self.qualifier,
            "display": self.display(),
            "earliest": self.first_day().isoformat(),
            "latest": self.last_day().isoformat(),
        }

    def machine(self) -> str:
        """Value for an HTML ``<time datetime>`` attribute (valid at every precision)."""
        if self.end:
            return self.start.iso()
        return self.start.iso()

    # --- what sorting and calendars use ------------------------------------------------
    def first_day(self) -> dt.date:
        d = self.start.first_day()
        if self.qualifier and self.start.month:
            d = d.replace(day={"early": 1, "mid": 11, "late": 21}[self.qualifier])
        elif self.qualifier:
            d = d.replace(month={"early": 1, "mid": 5, "late": 9}[self.qualifier])
        return d

    def last_day(self) -> dt.date:
        if self.end:
            return self.end.last_day()
        d = self.start.last_day()
        if self.qualifier and self.start.month:
            return d.replace(day={"early": 10, "mid": 20}.get(self.qualifier, d.day))
        if self.qualifier:
            return {"early": dt.date(d.year, 4, 30), "mid": dt.date(d.year, 8, 31)}.get(self.qualifier, d)
        return d

    def sort_key(self) -> tuple:
        rank = {"day": 0, "range": 1, "month": 2, "year": 3}[self.precision]
        return (self.first_day().toordinal(), rank, self.last_day().toordinal())

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def month(self) -> int | None:
        return self.start.month

    def __str__(self) -> str:
        return self.display()
