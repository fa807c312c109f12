"""Lay out the map page's pictures: pure geometry, drawn as SVG by ``templates/map_svg.j2``.

Two panels share one numbering: the whole region (Primorye, Sakhalin, Hokkaidō, the Kuril
chain to Kamchatka) and a close-up of the four disputed islands, where the marks crowd. Land
comes from ``coastline.json`` (made by ``tools/clip_coastline.py``) and is drawn as land only:
no boundary line and no colour by country.

Places with ``lat``/``lon`` inside a panel are drawn there: a ``point`` place as a numbered
mark with its name beside it, an ``area`` place (a region or island group) as its name. Labels
go where they overlap nothing already placed (first free spot of a fixed list, else the least
crowded), so the result depends on the data alone and is deterministic.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .catalogue import ENGLISH, Words
from .geo import Projection, svg_path

COASTLINE = Path(__file__).with_name("coastline.json")
WIDTH = 760
RADIUS = 9
POINT_FONT = 12.0
AREA_FONT = 13.0
# On phones the map is drawn at under half its size, so the stylesheet doubles the marks and
# area names (explainer.css) and hides point names; they are placed again at those sizes.
PHONE_RADIUS = 18
PHONE_AREA_FONT = 21.0
CHAR_WIDTH = 0.58  # of the font size: a generous average for the site's sans-serif
LINE = 1.2  # line height, in font sizes
# The close-up: Kunashiri / Kunashir, Etorofu / Iturup, Shikotan and the Habomai islets with
# the eastern tip of Hokkaidō (west, south, east, north).
CLOSE_UP = (144.6, 42.9, 149.2, 45.75)

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass
class Label:
    lines: list[str]
    x: float
    y: float  # baseline of the first line
    anchor: str  # start / middle / end
    box: Box
    size: float


@dataclass
class Mark:
    place: Any  # the place Record
    number: int
    x: float
    y: float
    area: bool
    label: Label | None = None
    # Where the dot is drawn, moved off its place (with a leader line) when places sit too
    # close for their dots: (dx, dy) from (x, y) at full size, (ndx, ndy) on phones.
    dx: float = 0.0
    dy: float = 0.0
    ndx: float = 0.0
    ndy: float = 0.0
    phone_label: tuple[float, float] = (0.0, 0.0)  # the label's move on phones (areas' names only)
    name: str = ""  # the place's name in the edition's language, as the label writes it

    @property
    def cx(self) -> float:
        return self.x + self.dx

    @property
    def cy(self) -> float:
        return self.y + self.dy

    @property
    def moved(self) -> bool:
        return abs(self.dx) + abs(self.dy) > 0.05

    @property
    def phone_moved(self) -> bool:
        return abs(self.ndx) + abs(self.ndy) > 0.05


@dataclass
class Panel:
    id: str
    title: str
    width: int
    height: float
    land: str  # SVG path data
    marks: list[Mark] = field(default_factory=list)
    frame: Box | None = None  # the close-up's frame, drawn on the overview


@dataclass
class MapPicture:
    panels: list[Panel]
    numbers: dict[str, int]  # place id -> number of its mark (points only)
    drawn: list  # places on the map, in number order
    beyond: list  # places with coordinates outside the map
    unplaced: list  # places without coordinates
    description: str
    unmarked: list = field(default_factory=list)  # on the map but left unmarked: more places than max_marks


@lru_cache(maxsize=1)
def coastline() -> tuple[dict, list]:
    data = json.loads(COASTLINE.read_text(encoding="utf-8"))
    return data["box"], [[tuple(p) for p in ring] for ring in data["rings"]]


def label_lines(name: str) -> list[str]:
    """'Etorofu / Iturup' on two lines ('Etorofu /', 'Iturup'): shorter labels fit between islands."""
    parts = name.split(" / ")
    return [p + " /" for p in parts[:-1]] + [parts[-1]]


def _overlap(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _ems(line: str) -> float:
    """A line's width in average characters: a full-width one (kana, kanji) takes a whole em."""
    wide = sum(unicodedata.east_asian_width(c) in "WF" for c in line)
    return len(line) + wide * (1 / CHAR_WIDTH - 1)


def _label_at(lines: list[str], size: float, x: float, y: float, anchor: str, valign: str) -> Label:
    """A label whose text block is anchored at (x, y): valign 'middle' centres it on y,
    'bottom' ends it at y, 'top' starts it at y."""
    w = max(_ems(s) for s in lines) * size * CHAR_WIDTH
    h = len(lines) * size * LINE
    top = {"middle": y - h / 2, "bottom": y - h, "top": y}[valign]
    x0 = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
    return Label(lines, x, top + size * 0.95, anchor, (x0, top, x0 + w, top + h), size)


def _place_label(candidates: list[Label], taken: list[Box], width: float, height: float) -> Label:
    best, best_cost = candidates[0], None
    for lab in candidates:
        x0, y0, x1, y1 = lab.box
        outside = max(0.0, -x0) + max(0.0, x1 - width) + max(0.0, -y0) + max(0.0, y1 - height)
        cost = sum(_overlap(lab.box, t) for t in taken) + outside * 1000
        if cost == 0:
            return lab
        if best_cost is None or cost < best_cost:
            best, best_cost = lab, cost
    return best


def _spread(points: list[Mark], radius: float, width: float, height: float) -> list[tuple[float, float]]:
    """Offsets that keep dots of ``radius`` apart: each dot (in number order) stays on its place
    if it can, else moves to the nearest free spot of rings around it (a leader line shows
    where it belongs). Deterministic; quadratic in the points of one panel (at most max_marks)."""
    gap = 2 * radius + 2
    placed: list[tuple[float, float]] = []
    offsets: list[tuple[float, float]] = []
    rings = [(0.0, 0.0)] + [(k * gap * dx, k * gap * dy) for k in (1, 2, 3, 4)
                            for dx, dy in ((1, 0), (0.7, -0.7), (0, -1), (-0.7, -0.7), (-1, 0), (-0.7, 0.7), (0, 1), (0.7, 0.7))]
    for m in points:
        best = None
        for dx, dy in rings:
            x, y = m.x + dx, m.y + dy
            if not (radius <= x <= width - radius and radius <= y <= height - radius):
                continue
            if all((x - px) ** 2 + (y - py) ** 2 >= gap * gap for px, py in placed):
                best = (dx, dy)
                break
        best = best or (0.0, 0.0)  # nowhere free within four rings: it stays
        placed.append((m.x + best[0], m.y + best[1]))
        offsets.append(best)
    return offsets


def _candidates(mark: Mark, lines: list[str], phone: bool = False) -> list[Label]:
    x, y = (mark.x + mark.ndx, mark.y + mark.ndy) if phone else (mark.cx, mark.cy)
    if mark.area:
        size = PHONE_AREA_FONT if phone else AREA_FONT
        gap = size * 2.2
        return [_label_at(lines, size, x + dx * gap, y + dy * gap, "middle", "middle")
                for dx, dy in ((0, 0), (0, 1), (0, -1), (2, 0), (-2, 0), (0, 2), (0, -2), (3, 1), (-3, 1), (3, -1), (-3, -1))]
    size, off = POINT_FONT, RADIUS + 4
    return [
        _label_at(lines, size, x + off, y, "start", "middle"),
        _label_at(lines, size, x - off, y, "end", "middle"),
        _label_at(lines, size, x, y - off, "middle", "bottom"),
        _label_at(lines, size, x, y + off, "middle", "top"),
        _label_at(lines, size, x + off * 0.8, y - off * 0.6, "start", "bottom"),
        _label_at(lines, size, x + off * 0.8, y + off * 0.6, "start", "top"),
        _label_at(lines, size, x - off * 0.8, y - off * 0.6, "end", "bottom"),
        _label_at(lines, size, x - off * 0.8, y + off * 0.6, "end", "top"),
    ]


def _panel(pid: str, title: str, box: Box, rings: list, places: list, numbers: dict[str, int],
           named: set[str] | None = None, name_of: Callable[[Any], str] = lambda p: p.name) -> Panel:
    """Project ``places`` that fall in ``box`` (west, south, east, north) and place their
    labels. If ``named`` is given, other points get a mark without a label, and other areas
    (drawn as nothing but their label) are left out."""
    project = Projection(*box, WIDTH)
    panel = Panel(pid, title, WIDTH, round(project.height, 1), svg_path(rings, project))
    taken: list[Box] = []
    for p in places:
        if not project.contains(p.lon, p.lat):
            continue
        x, y = project(p.lon, p.lat)
        mark = Mark(p, numbers.get(p.id, 0), x, y, p.shape == "area", name=name_of(p))
        if mark.area and named is not None and p.id not in named:
            continue
        panel.marks.append(mark)
    points = sorted((m for m in panel.marks if not m.area), key=lambda m: m.number)
    for m, (dx, dy) in zip(points, _spread(points, RADIUS, panel.width, panel.height)):
        m.dx, m.dy = dx, dy
        taken.append((m.cx - RADIUS - 1, m.cy - RADIUS - 1, m.cx + RADIUS + 1, m.cy + RADIUS + 1))
    # Points first (their labels must sit next to them), then areas, which can move further.
    for mark in sorted(panel.marks, key=lambda m: (m.area, m.number)):
        if named is not None and mark.place.id not in named:
            continue
        mark.label = _place_label(_candidates(mark, label_lines(mark.name)), taken, panel.width, panel.height)
        taken.append(mark.label.box)
    _place_for_phones(panel, named)
    return panel


def _place_for_phones(panel: Panel, named: set[str] | None) -> None:
    """Where dots and area names go on a phone, where the stylesheet draws them larger and
    hides point names and the marks a panel leaves unnamed."""
    shown = [m for m in panel.marks if named is None or m.place.id in named]
    points = sorted((m for m in shown if not m.area), key=lambda m: m.number)
    taken: list[Box] = []
    r = PHONE_RADIUS
    for m, (dx, dy) in zip(points, _spread(points, r, panel.width, panel.height)):
        m.ndx, m.ndy = dx, dy
        x, y = m.x + dx, m.y + dy
        taken.append((x - r - 1, y - r - 1, x + r + 1, y + r + 1))
    for m in sorted((m for m in shown if m.area and m.label), key=lambda m: m.number):
        label = _place_label(_candidates(m, label_lines(m.name), phone=True), taken, panel.width, panel.height)
        taken.append(label.box)
        # the stylesheet enlarges the text about its anchor: move that anchor to the phone label's
        m.phone_label = (label.x - m.label.x, label.y - m.label.y)  # type: ignore[union-attr]


def layout(places, max_marks: int | None = None, weight=None, words: Words = ENGLISH,
           name_of: Callable[[Any], str] = lambda p: p.name) -> MapPicture | None:
    """Lay out every place (``places`` in the order the page lists them). Above ``max_marks``
    places on the map, only the ``max_marks`` of most ``weight`` (e.g. events) are marked, so
    the picture stays bounded; the others are listed in ``unmarked``. Panel titles and the
    description are in the edition's ``words``, the places' names ``name_of`` them."""
    box, rings = coastline()
    region = (box["west"], box["south"], box["east"], box["north"])
    inside = lambda p, b: b[0] <= p.lon <= b[2] and b[1] <= p.lat <= b[3]  # noqa: E731
    located = [p for p in places if p.lat is not None and p.lon is not None]
    drawn = [p for p in located if inside(p, region)]
    if not drawn:
        return None
    unmarked = []
    if max_marks is not None and len(drawn) > max_marks:
        rank = sorted(range(len(drawn)), key=lambda i: (-(weight(drawn[i]) if weight else 0), i))
        keep = set(rank[:max_marks])
        unmarked = [p for i, p in enumerate(drawn) if i not in keep]
        drawn = [p for i, p in enumerate(drawn) if i in keep]
    points = [p for p in drawn if p.shape != "area"]
    numbers = {p.id: i for i, p in enumerate(points, start=1)}  # areas are named on the map, not numbered
    in_close_up = [p for p in drawn if inside(p, CLOSE_UP)]
    # In the overview, places inside the close-up are named only there (points keep their mark).
    close_ids = {p.id for p in in_close_up}
    overview_named = {p.id for p in drawn if p.id not in close_ids} if len(in_close_up) >= 2 else None
    overview = _panel("map-region", words.gettext("The region"), region, rings, drawn, numbers, overview_named, name_of)
    panels = [overview]
    if len(in_close_up) >= 2:
        close = _panel("map-close-up", words.gettext("Close-up: the four disputed islands"), CLOSE_UP, rings, drawn, numbers,
                       name_of=name_of)
        project = Projection(*region, WIDTH)
        (x0, y0), (x1, y1) = project(CLOSE_UP[0], CLOSE_UP[3]), project(CLOSE_UP[2], CLOSE_UP[1])
        overview.frame = (x0, y0, x1, y1)
        panels.append(close)
    inside_ids = {p.id for p in drawn} | {p.id for p in unmarked}
    located_ids = {p.id for p in located}
    beyond = [p for p in located if p.id not in inside_ids]
    unplaced = [p for p in places if p.id not in located_ids]
    description = words.ngettext(
        "Land only, without borders. %(num)s place is marked and numbered as in the list below the map, and island "
        "groups and regions are named in italics; each links to its entry in the list. The disputed islands carry "
        "both their Japanese and Russian names.",
        "Land only, without borders. %(num)s places are marked and numbered as in the list below the map, and island "
        "groups and regions are named in italics; each links to its entry in the list. The disputed islands carry "
        "both their Japanese and Russian names.", len(points)) % {"num": len(points)}
    if len(panels) > 1:
        description += words.gettext(" A second panel enlarges the four disputed islands, framed on the first.")
    if unmarked:
        description += words.ngettext(" %(num)s more place in this area, with fewer events, is listed but not marked.",
                                      " %(num)s more places in this area, with fewer events, are listed but not marked.",
                                      len(unmarked)) % {"num": len(unmarked)}
    return MapPicture(panels, numbers, drawn, beyond, unplaced, description, unmarked)
