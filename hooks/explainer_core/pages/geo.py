"""Plain-Python geometry for the map: TopoJSON decoding, clipping, simplification, projection.

Used twice: by ``tools/clip_coastline.py``, which cuts the region out of Natural Earth's
1:10m land (the npm package ``world-atlas``) once and commits the result as
``geo/coastline.json``; and by ``mapview.py``, which projects that file onto the map page at
build time. Nothing here depends on anything but its arguments, so the output is
deterministic.

Coordinates are ``(lon, lat)`` pairs in degrees, as in GeoJSON and TopoJSON.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Point = tuple[float, float]
Ring = list[Point]


# --- TopoJSON ------------------------------------------------------------------------------

def decode_arcs(topology: dict) -> list[Ring]:
    """The topology's arcs as absolute coordinates. A quantized topology (one with a
    ``transform``) stores each arc's first position as integers and every later one as the
    difference from the previous; ``scale`` and ``translate`` map them back to degrees."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if not transform:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for p in arc:
            x += p[0]
            y += p[1]
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_from_arcs(arcs: list[Ring], indexes: list[int]) -> Ring:
    """Join arcs into a ring. A negative index ``~i`` means arc ``i`` reversed; consecutive
    arcs share their end and start position, which is kept once."""
    ring: Ring = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def polygons(topology: dict, name: str) -> list[list[Ring]]:
    """Every polygon of the object ``name`` as a list of rings (outer ring first, then holes)."""
    arcs = decode_arcs(topology)
    obj = topology["objects"][name]
    geometries = obj["geometries"] if obj["type"] == "GeometryCollection" else [obj]
    out: list[list] = []
    for g in geometries:
        if g["type"] == "Polygon":
            shapes = [g["arcs"]]
        elif g["type"] == "MultiPolygon":
            shapes = g["arcs"]
        else:
            continue  # points and lines have no area: not land
        out.extend([ring_from_arcs(arcs, ring) for ring in shape] for shape in shapes)
    return out


# --- clipping and simplification -----------------------------------------------------------

def clip_ring(ring: Ring, west: float, south: float, east: float, north: float) -> Ring:
    """Sutherland–Hodgman: the part of a closed ring inside the box. Where the ring leaves
    and re-enters the box, the result runs along the box's edge (a filled shape stays right;
    only its outline would show those edges, so the map fills land and draws no outline)."""
    edges = (
        (lambda p: p[0] >= west, lambda a, b: _cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cross_y(a, b, north)),
    )
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else list(ring)
    for inside, cross in edges:
        if not points:
            break
        out: Ring = []
        prev = points[-1]
        for cur in points:
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
            prev = cur
        points = out
    return points + points[:1] if points else []


def _cross_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy))


def simplify(line: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker: drop every point closer than ``tolerance`` to the simplified line.
    Iterative (a coastline has tens of thousands of points); keeps the first and last point,
    so a closed ring stays closed."""
    if len(line) < 3:
        return list(line)
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance_to_segment(line[i], line[first], line[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(line, keep) if k]


def area(ring: Ring) -> float:
    """Signed area (shoelace) in square degrees; only its size is used, to drop specks."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:])) / 2


def clip_land(topology: dict, name: str, box: tuple[float, float, float, float], *,
              tolerance: float, min_area: float, digits: int = 3) -> list[Ring]:
    """The land of ``topology[name]`` inside ``box`` (west, south, east, north): clipped,
    simplified, rounded to ``digits`` decimals, without rings smaller than ``min_area``,
    in a stable order (west to east, then south to north)."""
    rings = []
    for polygon in polygons(topology, name):
        for ring in polygon:
            if not ring or max(p[0] for p in ring) < box[0] or min(p[0] for p in ring) > box[2] \
                    or max(p[1] for p in ring) < box[1] or min(p[1] for p in ring) > box[3]:
                continue
            clipped = simplify(clip_ring(ring, *box), tolerance)
            rounded: Ring = []
            for x, y in clipped:
                p = (round(x, digits), round(y, digits))
                if not rounded or rounded[-1] != p:
                    rounded.append(p)
            if len(rounded) >= 4 and abs(area(rounded)) >= min_area:
                rings.append(rounded)
    rings.sort(key=lambda r: (min(p[0] for p in r), min(p[1] for p in r), len(r)))
    return rings


# --- projection ----------------------------------------------------------------------------

def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


@dataclass(frozen=True)
class Projection:
    """Mercator, fitted so the box ``west..east`` spans ``width`` units; y grows southwards
    (as in SVG). Mercator keeps shapes true at this scale, and north stays up."""

    west: float
    south: float
    east: float
    north: float
    width: float

    @property
    def scale(self) -> float:
        return self.width / math.radians(self.east - self.west)

    @property
    def height(self) -> float:
        return (_mercator_y(self.north) - _mercator_y(self.south)) * self.scale

    def __call__(self, lon: float, lat: float) -> Point:
        return (math.radians(lon - self.west) * self.scale,
                (_mercator_y(self.north) - _mercator_y(lat)) * self.scale)

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


def svg_path(rings: list[Ring], project: Projection, digits: int = 1) -> str:
    """One SVG path for all rings (drawn with fill-rule evenodd, so holes stay holes);
    points that fall on the same rounded position are written once."""
    parts = []
    for ring in rings:
        coords: list[str] = []
        for lon, lat in ring:
            x, y = project(lon, lat)
            c = f"{x:.{digits}f},{y:.{digits}f}"
            if not coords or coords[-1] != c:
                coords.append(c)
        if len(coords) >= 3:
            parts.append("M" + "L".join(coords) + "Z")
    return "".join(parts)
