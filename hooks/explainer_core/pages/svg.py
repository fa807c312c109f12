"""Lay out the timeline picture: pure geometry, drawn as SVG by ``templates/timeline_svg.j2``.

The picture has two panels:

* an **overview** of every event on one axis. Long stretches without events (1960–2012 in
  our data) are cut out of the axis and drawn as a break, and each year's width grows a
  little with the number of events in it, so the crowded years get room;
* an **inset** that enlarges the densest two calendar months (May–June 2016 in our data).
  In the overview those events are folded into one cluster mark that points to the inset.

Marks are numbered in chronological order, the same numbers the timeline list shows, so a
sighted reader can match a mark to its entry; screen readers get each mark's date and title
as the link's name. Dates that are not a single day (a month, "late 2016", a range) are
drawn as a bar over the period they can mean, with the mark at its middle.

Everything here is linear in the number of events (lanes are capped), and nothing depends on
anything but the data, so the output is deterministic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

WIDTH = 760
MARGIN = 24
BREAK_WIDTH = 28
MAX_GAP_YEARS = 3  # a run of this many empty years or more becomes a break in the axis
RADIUS = 9
LANE_HEIGHT = 2 * RADIUS + 6
MAX_LANES = 8
MIN_INSET_EVENTS = 3
INSET_MONTHS = 2
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass
class Mark:
    event: object  # the event Record
    number: int
    cx: float
    x0: float  # start of the period the date can mean (== cx for a single day)
    x1: float
    lane: int = 0
    cy: float = 0.0

    @property
    def span(self) -> bool:
        return self.x1 - self.x0 > 1.0


@dataclass
class Tick:
    x: float
    label: str
    major: bool = True


@dataclass
class Panel:
    title: str
    top: float
    axis_y: float = 0.0
    bottom: float = 0.0
    marks: list[Mark] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    breaks: list[float] = field(default_factory=list)  # x of each break in the axis
    segments: list[tuple[float, float]] = field(default_factory=list)  # drawn stretches of axis


@dataclass
class Cluster:
    x0: float
    x1: float
    y: float
    height: float
    count: int
    label: str


@dataclass
class Picture:
    width: int
    height: float
    overview: Panel
    inset: Panel | None
    cluster: Cluster | None
    eras: list[str]
    description: str


def _year_fraction(d: dt.date) -> float:
    start = dt.date(d.year, 1, 1).toordinal()
    days = dt.date(d.year + 1, 1, 1).toordinal() - start
    return (d.toordinal() - start) / days


def _assign_lanes(marks: list[Mark], max_lanes: int) -> int:
    """First-fit lanes so no two marks overlap; past ``max_lanes`` the least crowded lane is
    reused (a capped loop, so this stays linear). Returns the number of lanes used."""
    right_edges: list[float] = []
    for m in marks:
        left = min(m.x0, m.cx - RADIUS)
        right = max(m.x1, m.cx + RADIUS)
        for i, edge in enumerate(right_edges):
            if edge + 3 <= left:
                m.lane = i
                right_edges[i] = right
                break
        else:
            if len(right_edges) < max_lanes:
                m.lane = len(right_edges)
                right_edges.append(right)
            else:
                m.lane = min(range(len(right_edges)), key=lambda i: (right_edges[i], i))
                right_edges[m.lane] = max(right_edges[m.lane], right)
    return max(1, len(right_edges))


def _inset_window(events) -> tuple[dt.date, dt.date, list] | None:
    """The ``INSET_MONTHS`` consecutive calendar months holding the most events that fit
    entirely inside them (earliest wins a tie), or None if no window is crowded enough."""
    per_month: dict[int, list] = {}
    for e in events:
        first, last = e.date.first_day(), e.date.last_day()
        key = first.year * 12 + first.month - 1
        last_key = last.year * 12 + last.month - 1
        if last_key - key < INSET_MONTHS:
            per_month.setdefault(key, []).append((e, last_key))
    best: tuple[int, int] | None = None  # (count, first month key)
    for start_key in sorted(per_month):  # a best window can always start at some event's month
        last_allowed = start_key + INSET_MONTHS - 1
        count = sum(1 for k in range(start_key, last_allowed + 1)
                    for _, last_key in per_month.get(k, ()) if last_key <= last_allowed)
        if best is None or count > best[0]:
            best = (count, start_key)
    if best is None or best[0] < MIN_INSET_EVENTS:
        return None
    start_key = best[1]
    end_key = start_key + INSET_MONTHS  # exclusive
    start = dt.date(start_key // 12, start_key % 12 + 1, 1)
    end = dt.date(end_key // 12, end_key % 12 + 1, 1)  # first day after the window
    inside = [e for e in events if start <= e.date.first_day() and e.date.last_day() < end]
    return start, end, inside


def layout(events, era_order: tuple[str, ...], first_number: int = 1) -> Picture | None:
    """Lay out ``events`` (already in chronological order), numbered from ``first_number``
    (a page of a split timeline keeps the numbers of the whole one): an overview of every
    event, and an enlarged inset of the most crowded window if there is one."""
    if not events:
        return None
    numbers = {e.id: i for i, e in enumerate(events, start=first_number)}
    window = _inset_window(events)
    in_inset = {e.id for e in window[2]} if window else set()
    overview, ox, span_end = _overview_axis(_events_per_year(events, in_inset, window))
    for e in events:
        if e.id in in_inset:
            continue
        first, last = e.date.first_day(), e.date.last_day()
        x0, x1 = ox(first), span_end(last) if first != last else ox(first)
        overview.marks.append(Mark(e, numbers[e.id], (x0 + x1) / 2, x0, x1))

    cluster = inset = None
    if window:
        start, end, inside = window
        cx0, cx1 = ox(start), span_end(end - dt.timedelta(days=1))
        cx0, cx1 = min(cx0, (cx0 + cx1) / 2 - RADIUS - 3), max(cx1, (cx0 + cx1) / 2 + RADIUS + 3)
        placeholder = Mark(None, 0, (cx0 + cx1) / 2, cx0, cx1)  # the cluster takes a lane like a mark
        overview.marks.append(placeholder)
        _stack(overview, sorted(overview.marks, key=lambda m: (m.x0, m.number)))
        overview.marks.remove(placeholder)
        cluster = Cluster(placeholder.x0, placeholder.x1, placeholder.cy - RADIUS, 2 * RADIUS, len(inside),
                          _window_label(start, end))
        inset = _inset_panel(start, end, inside, numbers, f"Enlarged: {cluster.label} ({cluster.count} events)",
                             top=overview.bottom + 48)
    else:
        _stack(overview, overview.marks)  # in date order
    height = (inset or overview).bottom + 4
    return Picture(WIDTH, round(height, 1), overview, inset, cluster, list(era_order),
                   _description(events, overview, cluster))


def _events_per_year(events, in_inset: set[str], window) -> dict[int, int]:
    """How many overview events touch each year (the inset's count as its cluster mark)."""
    per_year: dict[int, int] = {}
    for e in events:
        if e.id in in_inset:
            continue
        for y in range(e.date.first_day().year, e.date.last_day().year + 1):
            per_year[y] = per_year.get(y, 0) + 1
    if window:
        for y in range(window[0].year, (window[1] - dt.timedelta(days=1)).year + 1):
            per_year.setdefault(y, 0)  # the cluster mark spans the window, even into a year with no other event
        per_year[window[0].year] += 2  # room for the cluster mark
    return per_year


def _overview_axis(per_year: dict[int, int]):
    """The overview panel's axis: runs of years (a long gap is cut out), each year as wide as
    its events need, with ticks; and the functions from a day to x (its start, its end)."""
    years = sorted(per_year)
    runs: list[list[int]] = [[years[0]]]
    for y in years[1:]:
        if y - runs[-1][-1] > MAX_GAP_YEARS:
            runs.append([y])
        else:
            runs[-1].extend(range(runs[-1][-1] + 1, y + 1))
    weight = {y: 1.0 + 0.5 * min(per_year.get(y, 0), 4) for run in runs for y in run}
    usable = WIDTH - 2 * MARGIN - BREAK_WIDTH * (len(runs) - 1)
    unit = usable / sum(weight.values())
    year_x: dict[int, tuple[float, float]] = {}
    overview = Panel("All events", top=24)
    x: float = MARGIN
    for i, run in enumerate(runs):
        if i:
            overview.breaks.append(x + BREAK_WIDTH / 2)
            x += BREAK_WIDTH
        seg_start = x
        for y in run:
            w = weight[y] * unit
            year_x[y] = (x, w)
            x += w
        overview.segments.append((seg_start, x))
    every = 1
    narrowest = min(w for _, w in year_x.values())
    while narrowest * every < 34:
        every = {1: 2, 2: 5, 5: 10}.get(every, every * 2)
    for y, (x0, w) in sorted(year_x.items()):
        overview.ticks.append(Tick(x0, "", major=False))
        if y % every == 0 or len(year_x) == 1 or y == years[0] or any(y == r[0] for r in runs):
            overview.ticks.append(Tick(x0 + w / 2, str(y)))

    def ox(d: dt.date) -> float:
        x0, w = year_x[d.year]
        return x0 + w * _year_fraction(d)

    def span_end(d: dt.date) -> float:  # right edge of the last day
        return ox(d + dt.timedelta(days=1)) if (d + dt.timedelta(days=1)).year in year_x else ox(d) + 1

    return overview, ox, span_end


def _stack(panel: Panel, in_x_order: list[Mark]) -> None:
    """Put overlapping marks in lanes above the axis, and size the panel to them."""
    lanes = _assign_lanes(in_x_order, MAX_LANES)
    panel.axis_y = panel.top + 8 + lanes * LANE_HEIGHT
    for m in panel.marks:
        m.cy = panel.axis_y - RADIUS - 5 - m.lane * LANE_HEIGHT
    panel.bottom = panel.axis_y + 26


def _inset_panel(start: dt.date, end: dt.date, inside, numbers: dict[str, int], title: str, top: float) -> Panel:
    """The crowded window, one day per few pixels, with a tick on each month's first day and weekly minor ticks."""
    inset = Panel(title, top=top)
    days = end.toordinal() - start.toordinal()
    left, right = MARGIN, WIDTH - MARGIN
    scale = (right - left) / days
    inset.segments.append((left, right))

    def ix(d: dt.date) -> float:
        return left + (d.toordinal() - start.toordinal()) * scale

    d = start
    while d < end:
        if d.day == 1:
            inset.ticks.append(Tick(ix(d), f"1 {MONTH_ABBR[d.month - 1]}"))
        elif d.day in (8, 15, 22):
            inset.ticks.append(Tick(ix(d), str(d.day), major=False))
        d += dt.timedelta(days=1)
    for e in inside:
        first, last = e.date.first_day(), e.date.last_day()
        x0 = ix(first) + scale / 2 if first == last else ix(first)
        x1 = x0 if first == last else ix(last) + scale
        inset.marks.append(Mark(e, numbers[e.id], (x0 + x1) / 2, x0, x1))
    _stack(inset, sorted(inset.marks, key=lambda m: (m.x0, m.number)))
    return inset


def _description(events, overview: Panel, cluster: Cluster | None) -> str:
    first, last = events[0].date.display(), events[-1].date.display()
    description = (f"{len(events)} events on a time axis from {first} to {last}, numbered in date order as in "
                   "the list below; each mark links to the event's page.")
    if overview.breaks:
        description += " Long stretches without events are cut out of the axis."
    if cluster:
        description += (f" The {cluster.count} events of {cluster.label} are shown enlarged in a second panel.")
    return description


def _window_label(start: dt.date, end: dt.date) -> str:
    last = end - dt.timedelta(days=1)
    full = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December")
    if start.year == last.year:
        return f"{full[start.month - 1]}–{full[last.month - 1]} {start.year}"
    return f"{full[start.month - 1]} {start.year} – {full[last.month - 1]} {last.year}"
