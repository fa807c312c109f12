"""Lay out the timeline picture: pure geometry, drawn as SVG by ``templates/timeline_svg.j2``.

The picture has panels:

* an **overview** of every event on one axis. Long stretches without events (1960–2012 in
  our data) are cut out of the axis and drawn as a break, and each year's length grows a
  little with the number of events in it, so the crowded years get room;
* one or more **insets**, each enlarging two crowded calendar months (May–June 2016 in our
  data, always the densest window; then, while the overview needs more lanes than its
  placing's target, the next densest, if that thins the overview or holds ``DENSE_WINDOW``
  events or more: the 2022 break in our data). In the overview each window's events are folded
  into one lettered cluster mark that links to its inset.

The layout is computed once along a time coordinate ``t`` (0 to ``LENGTH``) with marks in
lanes beside the axis, so that no two marks overlap; it is then placed twice: ``wide`` (the
axis across, lanes above it; shown on tablets and wider, scaled to the text column) and
``narrow`` (the axis down the left, lanes to its right; shown on phones). The stylesheet
shows one of the two; neither needs a script.

Marks are numbered in chronological order, the same numbers the timeline list shows, so a
sighted reader can match a mark to its entry; screen readers get each mark's date and title
as the link's name. Dates that are not a single day (a month, "late 2016", a range) are
drawn as a bar over the period they can mean, with the mark at its middle.

Everything here is linear in the number of events times the (bounded) number of insets and
lanes, and nothing depends on anything but the data, so the output is deterministic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from babel.dates import format_skeleton

from ..data.dates import MONTHS, FuzzyDate, Point
from . import i18n
from .catalogue import ENGLISH, Words

WIDTH = 760  # the wide picture's width, and the length of its panels' axes
MARGIN = 24
BREAK_WIDTH = 16
YEAR_FLOOR = 10  # a year with events (its marks can take other lanes than its neighbours)
EMPTY_YEAR = 4
MAX_GAP_YEARS = 3  # a run of this many empty years or more becomes a break in the axis
RADIUS = 9
LANE_HEIGHT = 2 * RADIUS + 6
# Per placing: the overview's and each inset's axis length, and the most lanes the overview
# should need (more: enlarge another crowded window). A phone has room down, not across.
GEOMETRY = {"wide": (WIDTH, WIDTH, 8), "narrow": (1100, 360, 9)}
MAX_INSETS = 4
MIN_INSET_EVENTS = 3
DENSE_WINDOW = 5  # events in two months that get an inset even when the overview has room
INSET_MONTHS = 2
PANEL_GAP = 40
NARROW_AXIS_X = 62  # the narrow picture's axis; dates to its left, marks to its right
NARROW_WIDTH = 300  # at least; wider if a panel needs more lanes than fit
MONTH_ABBR = tuple(m[:3] for m in MONTHS)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

Line = tuple[float, float, float, float]


@dataclass
class Mark:
    event: object  # the event Record (None for a cluster's place-holder)
    number: int
    cx: float  # along the axis (t); placed: see ``x``, ``y``
    x0: float  # start of the period the date can mean (== cx for a single day)
    x1: float
    lane: int = 0
    cy: float = 0.0  # the wide picture's y (kept for the layout's tests)
    # placed, in one orientation:
    x: float = 0.0
    y: float = 0.0
    lines: list[Line] = field(default_factory=list)  # the period bar and its end caps

    @property
    def span(self) -> bool:
        return self.x1 - self.x0 > 1.0

    @property
    def span_path(self) -> str:
        return _path(self.lines)


@dataclass
class Tick:
    x: float  # along the axis (t)
    label: str
    major: bool = True
    line: Line = (0.0, 0.0, 0.0, 0.0)
    tx: float = 0.0
    ty: float = 0.0


@dataclass
class Cluster:
    x0: float
    x1: float
    count: int
    label: str
    letter: str
    target: str  # the inset's id suffix
    lane: int = 0
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # placed: x, y, width, height
    tx: float = 0.0
    ty: float = 0.0


@dataclass
class Panel:
    title: str
    top: float = 0.0
    lanes: int = 1
    axis_y: float = 0.0  # wide: the axis's y
    bottom: float = 0.0
    marks: list[Mark] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    breaks: list[float] = field(default_factory=list)  # t of each break in the axis
    segments: list[tuple[float, float]] = field(default_factory=list)  # drawn stretches of axis (t)
    clusters: list[Cluster] = field(default_factory=list)
    length: float = WIDTH  # of its axis
    id: str = ""  # an inset's id suffix
    letter: str = ""
    # placed:
    axis_lines: list[Line] = field(default_factory=list)
    break_paths: list[str] = field(default_factory=list)
    title_xy: tuple[float, float] = (0.0, 0.0)
    bg: tuple[float, float, float, float] | None = None
    tick_path: str = ""


@dataclass
class Picture:
    width: int
    height: float
    overview: Panel
    insets: list[Panel]
    eras: list[str]
    description: str
    orientation: str = "wide"

    @property
    def inset(self) -> Panel | None:
        return self.insets[0] if self.insets else None

    @property
    def cluster(self) -> Cluster | None:
        return self.overview.clusters[0] if self.overview.clusters else None

    @property
    def panels(self) -> list[Panel]:
        return [self.overview, *self.insets]


def _year_fraction(d: dt.date) -> float:
    start = dt.date(d.year, 1, 1).toordinal()
    days = dt.date(d.year + 1, 1, 1).toordinal() - start
    return (d.toordinal() - start) / days


def _assign_lanes(marks: list[Mark]) -> int:
    """First-fit lanes so no two marks overlap. Returns the number of lanes used.

    Lanes are not capped (a capped loop would put marks on top of each other); a picture
    holds at most a page's events (limits.py), and crowded windows go to insets first."""
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
            m.lane = len(right_edges)
            right_edges.append(right)
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


def layout(events, era_order: tuple[str, ...], first_number: int = 1, orientation: str = "wide",
           words: Words = ENGLISH) -> Picture | None:
    """Lay out ``events`` (already in chronological order), numbered from ``first_number``
    (a page of a split timeline keeps the numbers of the whole one): an overview of every
    event, and an enlarged inset of each crowded window, placed ``wide`` or ``narrow``."""
    if not events:
        return None
    numbers = {e.id: i for i, e in enumerate(events, start=first_number)}
    length, inset_length, target_lanes = GEOMETRY[orientation]
    windows: list[tuple[dt.date, dt.date, list]] = []
    overview = _overview(events, windows, numbers, length, words)
    while len(windows) < MAX_INSETS:
        taken = {e.id for w in windows for e in w[2]}
        window = _inset_window([e for e in events if e.id not in taken])
        if window is None:
            break
        trial = _overview(events, [*windows, window], numbers, length, words)
        thins = overview.lanes > target_lanes and trial.lanes < overview.lanes
        if windows and len(window[2]) < DENSE_WINDOW and not thins:
            break  # the next window is neither crowded nor needed to thin the overview: it stays there
        windows.append(window)
        overview = trial
    windows_in_order = sorted(windows, key=lambda w: w[0])
    if windows_in_order != windows:  # letters go in date order
        windows = windows_in_order
        overview = _overview(events, windows, numbers, length, words)
    insets = [_inset_panel(start, end, inside, numbers, c, inset_length, words)
              for (start, end, inside), c in zip(windows, overview.clusters)]
    pic = Picture(WIDTH, 0.0, overview, insets, list(era_order), _description(events, overview, words), orientation)
    _place(pic)
    return pic


def _overview(events, windows, numbers: dict[str, int], length: float, words: Words = ENGLISH) -> Panel:
    in_inset = {e.id for w in windows for e in w[2]}
    overview, ox, span_end = _overview_axis(_events_per_year(events, in_inset, windows), length)
    overview.title = words.gettext("All events")
    for e in events:
        if e.id in in_inset:
            continue
        first, last = e.date.first_day(), e.date.last_day()
        x0, x1 = ox(first), span_end(last) if first != last else ox(first)
        overview.marks.append(Mark(e, numbers[e.id], (x0 + x1) / 2, x0, x1))
    holders = []
    for i, (start, end, inside) in enumerate(windows):
        cx0, cx1 = ox(start), span_end(end - dt.timedelta(days=1))
        mid = (cx0 + cx1) / 2
        cx0, cx1 = min(cx0, mid - RADIUS - 3), max(cx1, mid + RADIUS + 3)
        holder = Mark(None, 0, mid, cx0, cx1)  # the cluster takes a lane like a mark
        holders.append(holder)
        overview.clusters.append(Cluster(cx0, cx1, len(inside), _window_label(start, end, words), LETTERS[i],
                                         "" if i == 0 else f"-{i + 1}"))
    overview.lanes = _assign_lanes(sorted(overview.marks + holders, key=lambda m: (m.x0, m.number)))
    for c, holder in zip(overview.clusters, holders):
        c.lane = holder.lane
    return overview


def _events_per_year(events, in_inset: set[str], windows) -> dict[int, int]:
    """How many overview events touch each year (each inset's count as its cluster mark)."""
    per_year: dict[int, int] = {}
    for e in events:
        if e.id in in_inset:
            continue
        for y in range(e.date.first_day().year, e.date.last_day().year + 1):
            per_year[y] = per_year.get(y, 0) + 1
    for start, end, _ in windows:
        for y in range(start.year, (end - dt.timedelta(days=1)).year + 1):
            per_year.setdefault(y, 0)  # the cluster mark spans the window, even into a year with no other event
        per_year[start.year] += 2  # room for the cluster mark
    return per_year


def _overview_axis(per_year: dict[int, int], length: float):
    """The overview panel's axis: runs of years (a long gap is cut out), each year as long as
    its events need, with ticks; and the functions from a day to t (its start, its end)."""
    years = sorted(per_year)
    runs: list[list[int]] = [[years[0]]]
    for y in years[1:]:
        if y - runs[-1][-1] > MAX_GAP_YEARS:
            runs.append([y])
        else:
            runs[-1].extend(range(runs[-1][-1] + 1, y + 1))
    # Each year gets a floor (room for a mark, or a little for an empty year inside a run) and
    # a share of the rest in proportion to its events, so that crowded years get the room.
    counts = {y: per_year.get(y, 0) for run in runs for y in run}
    floor = {y: YEAR_FLOOR if n else EMPTY_YEAR for y, n in counts.items()}
    usable = length - 2 * MARGIN - BREAK_WIDTH * (len(runs) - 1)
    spare = usable - sum(floor.values())
    total = sum(counts.values())
    if spare > 0 and total:
        widths = {y: floor[y] + spare * n / total for y, n in counts.items()}
    else:  # too many years for their floors (or no events): share alike, shrunk to fit
        shrink = usable / sum(floor.values())
        widths = {y: f * shrink for y, f in floor.items()}
    year_x: dict[int, tuple[float, float]] = {}
    overview = Panel("All events", length=length)
    x: float = MARGIN
    for i, run in enumerate(runs):
        if i:
            overview.breaks.append(x + BREAK_WIDTH / 2)
            x += BREAK_WIDTH
        seg_start = x
        for y in run:
            w = widths[y]
            year_x[y] = (x, w)
            x += w
        overview.segments.append((seg_start, x))
    last_label = -1e9
    for y, (x0, w) in sorted(year_x.items()):
        overview.ticks.append(Tick(x0, "", major=False))
        if x0 + w / 2 - last_label >= 36:  # a label where it has room beside the previous one
            overview.ticks.append(Tick(x0 + w / 2, str(y)))
            last_label = x0 + w / 2

    def ox(d: dt.date) -> float:
        x0, w = year_x[d.year]
        return x0 + w * _year_fraction(d)

    def span_end(d: dt.date) -> float:  # end of the last day
        return ox(d + dt.timedelta(days=1)) if (d + dt.timedelta(days=1)).year in year_x else ox(d) + 1

    return overview, ox, span_end


def _inset_panel(start: dt.date, end: dt.date, inside, numbers: dict[str, int], cluster: Cluster,
                 length: float, words: Words = ENGLISH) -> Panel:
    """A crowded window, a few pixels a day, with a tick on each month's first day and weekly minor ticks."""
    title = words.ngettext("%(letter)s. Enlarged: %(window)s (%(num)s event)", "%(letter)s. Enlarged: %(window)s (%(num)s events)",
                           cluster.count) % {"letter": cluster.letter, "window": cluster.label, "num": cluster.count}
    inset = Panel(title, id=cluster.target,
                  letter=cluster.letter, length=length)
    days = end.toordinal() - start.toordinal()
    left, right = MARGIN, length - MARGIN
    scale = (right - left) / days
    inset.segments.append((left, right))

    def ix(d: dt.date) -> float:
        return left + (d.toordinal() - start.toordinal()) * scale

    d = start
    while d < end:
        if d.day == 1:
            inset.ticks.append(Tick(ix(d), f"1 {MONTH_ABBR[d.month - 1]}" if words.lang == "en" else
                                    format_skeleton("MMMd", d, locale=words.lang)))
        elif d.day in (8, 15, 22):
            inset.ticks.append(Tick(ix(d), str(d.day), major=False))
        d += dt.timedelta(days=1)
    for e in inside:
        first, last = e.date.first_day(), e.date.last_day()
        x0 = ix(first) + scale / 2 if first == last else ix(first)
        x1 = x0 if first == last else ix(last) + scale
        inset.marks.append(Mark(e, numbers[e.id], (x0 + x1) / 2, x0, x1))
    inset.lanes = _assign_lanes(sorted(inset.marks, key=lambda m: (m.x0, m.number)))
    return inset


def _path(lines) -> str:
    """Straight lines as one SVG path: one element, not one per line (a smaller page)."""
    return "".join(f"M{x1:.1f},{y1:.1f}L{x2:.1f},{y2:.1f}" for x1, y1, x2, y2 in lines)


def _place(pic: Picture) -> None:
    """Turn every panel's (t, lane) into picture coordinates, panels one under another."""
    top = 24.0
    widest = 0.0
    for panel in pic.panels:
        panel.top = top
        if pic.orientation == "wide":
            _place_wide(panel)
        else:
            widest = max(widest, _place_narrow(panel))
        # a year's tick is left out where the axis has breaks (the year's label says enough)
        panel.tick_path = _path(t.line for t in panel.ticks
                                if not (t.major and t.label) or not (panel.breaks or not panel.marks))
        top = panel.bottom + PANEL_GAP
    pic.height = round(pic.panels[-1].bottom + 4, 1)
    if pic.orientation == "narrow":
        pic.width = max(NARROW_WIDTH, int(widest + 8.999))
        for panel in pic.insets:
            panel.bg = (4.0, panel.top - 4, pic.width - 8.0, panel.bottom - panel.top + 4)
    else:
        for panel in pic.insets:
            panel.bg = (16.0, panel.top - 4, pic.width - 32.0, panel.bottom - panel.top + 4)


def _place_wide(panel: Panel) -> None:
    """The axis across, lanes above it."""
    ay = panel.axis_y = panel.top + 8 + panel.lanes * LANE_HEIGHT
    panel.bottom = ay + 26
    panel.title_xy = (24.0, panel.top - 10)
    panel.axis_lines = [(s0, ay, s1, ay) for s0, s1 in panel.segments]
    panel.break_paths = [f"M{b - 8:.1f},{ay + 6:.1f} l6,-12 M{b + 2:.1f},{ay + 6:.1f} l6,-12" for b in panel.breaks]
    lane_y = lambda lane: ay - RADIUS - 5 - lane * LANE_HEIGHT  # noqa: E731
    for m in panel.marks:
        m.x, m.y = m.cx, m.cy = m.cx, lane_y(m.lane)
        if m.span:
            m.lines = [(m.x0, m.y, m.x1, m.y), (m.x0, m.y - 4, m.x0, m.y + 4), (m.x1, m.y - 4, m.x1, m.y + 4)]
    for c in panel.clusters:
        y = lane_y(c.lane)
        c.box = (c.x0, y - RADIUS, c.x1 - c.x0, 2 * RADIUS)
        c.tx, c.ty = (c.x0 + c.x1) / 2, y + 3.7
    for t in panel.ticks:
        if t.major and t.label:
            t.line = (t.x, ay, t.x, ay + 6)
            t.tx, t.ty = t.x, ay + 18
        elif t.label:
            t.line = (t.x, ay, t.x, ay + 4)
            t.tx, t.ty = t.x, ay + 16
        else:
            t.line = (t.x, ay - 4, t.x, ay + 4)


def _place_narrow(panel: Panel) -> float:
    """The axis down the left, lanes to its right; returns the rightmost x used."""
    ax, top = NARROW_AXIS_X, panel.top
    panel.axis_y = 0.0
    panel.bottom = top + panel.length
    panel.title_xy = (8.0, top + 4)
    panel.axis_lines = [(ax, top + s0, ax, top + s1) for s0, s1 in panel.segments]
    panel.break_paths = [f"M{ax - 6:.1f},{top + b - 8:.1f} l12,6 M{ax - 6:.1f},{top + b + 2:.1f} l12,6"
                         for b in panel.breaks]
    lane_x = lambda lane: ax + RADIUS + 5 + lane * LANE_HEIGHT  # noqa: E731
    for m in panel.marks:
        m.x, m.y = lane_x(m.lane), top + m.cx
        if m.span:
            y0, y1 = top + m.x0, top + m.x1
            m.lines = [(m.x, y0, m.x, y1), (m.x - 4, y0, m.x + 4, y0), (m.x - 4, y1, m.x + 4, y1)]
    for c in panel.clusters:
        x = lane_x(c.lane)
        c.box = (x - RADIUS, top + c.x0, 2 * RADIUS, c.x1 - c.x0)
        c.tx, c.ty = x, top + (c.x0 + c.x1) / 2 + 3.7
    for t in panel.ticks:
        y = top + t.x
        if t.major and t.label:
            t.line = (ax - 6, y, ax, y)
            t.tx, t.ty = ax - 9, y + 3.5
        elif t.label:
            t.line = (ax - 4, y, ax, y)
            t.tx, t.ty = ax - 7, y + 3
        else:
            t.line = (ax - 4, y, ax + 4, y)
    return lane_x(panel.lanes - 1) + RADIUS


def _description(events, overview: Panel, words: Words = ENGLISH) -> str:
    first, last = (i18n.format_fuzzy(e.date, words.lang) for e in (events[0], events[-1]))
    description = words.ngettext(
        "%(num)s event on a time axis from %(first)s to %(last)s, numbered in date order as in the list below; "
        "each mark links to the event's page.",
        "%(num)s events on a time axis from %(first)s to %(last)s, numbered in date order as in the list below; "
        "each mark links to the event's page.", len(events)) % {"num": len(events), "first": first, "last": last}
    if overview.breaks:
        description += words.gettext(" Long stretches without events are cut out of the axis.")
    for c in overview.clusters:
        description += words.ngettext(" The %(num)s event of %(window)s is shown enlarged in panel %(letter)s.",
                                      " The %(num)s events of %(window)s are shown enlarged in panel %(letter)s.",
                                      c.count) % {"num": c.count, "window": c.label, "letter": c.letter}
    return description


def _window_label(start: dt.date, end: dt.date, words: Words = ENGLISH) -> str:
    last = end - dt.timedelta(days=1)
    if words.lang != "en":  # the edition's month names, as a range of months (Babel)
        return i18n.format_fuzzy(FuzzyDate(Point(start.year, start.month), Point(last.year, last.month)), words.lang)
    if start.year == last.year:
        return f"{MONTHS[start.month - 1]}–{MONTHS[last.month - 1]} {start.year}"
    return f"{MONTHS[start.month - 1]} {start.year} – {MONTHS[last.month - 1]} {last.year}"


def pictures(events, era_order: tuple[str, ...], first_number: int = 1,
             words: Words = ENGLISH) -> tuple[Picture, Picture] | None:
    """The wide and the narrow picture of the same layout (the stylesheet shows one), its words
    in the edition's language."""
    wide = layout(events, era_order, first_number, "wide", words)
    narrow = layout(events, era_order, first_number, "narrow", words)
    return (wide, narrow) if wide and narrow else None
