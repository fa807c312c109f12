"""The map: TopoJSON decoding, clipping, simplification and projection (table-driven), the
coastline file and the script that makes it, the places' coordinates, and the map page in a
real build (marks, names, links, no boundary lines, escaping)."""

from __future__ import annotations

import importlib.util
import json
import math
import shutil

import lxml.html
import pytest

from explainer_core import DataError, load_dataset
from explainer_core.pages import geo, mapview
from explainer_core.pages.render import Renderer
from support.project import FIXTURES, ROOT, build, make_project, read_config, resolve, unavailable

# --- TopoJSON decoding ------------------------------------------------------------------------

QUANTIZED = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [100, 40]},
    "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, 0], [0, -4]]],
    "objects": {"land": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "arcs": [[0, 1]]},
        {"type": "MultiPolygon", "arcs": [[[~1, ~0]]]},
        {"type": "LineString", "arcs": [0]},
    ]}},
}


@pytest.mark.parametrize("topology, expected", [
    # quantized: positions are deltas from the previous one, then scaled and translated
    (QUANTIZED, [[(100.0, 40.0), (101.0, 40.0), (101.0, 41.0)], [(101.0, 41.0), (100.0, 41.0), (100.0, 40.0)]]),
    # not quantized: positions are absolute degrees
    ({"arcs": [[[1, 2], [3, 4]]]}, [[(1.0, 2.0), (3.0, 4.0)]]),
], ids=["quantized", "absolute"])
def test_decode_arcs(topology, expected):
    assert geo.decode_arcs(topology) == expected


@pytest.mark.parametrize("indexes, expected", [
    ([0], ["a", "b", "c"]),
    ([0, 1], ["a", "b", "c", "d", "a"]),  # the shared point c is kept once
    ([~1], ["a", "d", "c"]),  # ~1: arc 1 reversed
    ([~1, ~0], ["a", "d", "c", "b", "a"]),
])
def test_ring_from_arcs_joins_and_reverses_arcs(indexes, expected):
    arcs: list = [["a", "b", "c"], ["c", "d", "a"]]  # any points will do: they are only joined
    assert geo.ring_from_arcs(arcs, indexes) == expected


def test_polygons_reads_polygons_and_multipolygons_and_skips_lines():
    shapes = geo.polygons(QUANTIZED, "land")
    square = [(100.0, 40.0), (101.0, 40.0), (101.0, 41.0), (100.0, 41.0), (100.0, 40.0)]
    assert shapes == [[square], [square[::-1]]]


# --- clipping, simplification, projection -------------------------------------------------------

BOX = (0.0, 0.0, 10.0, 10.0)


def _closed(points):
    return [*points, points[0]]


@pytest.mark.parametrize("ring, expected_area, expected_bounds", [
    (_closed([(2, 2), (4, 2), (4, 4), (2, 4)]), 4.0, (2, 2, 4, 4)),  # inside: unchanged
    (_closed([(20, 20), (24, 20), (24, 24)]), 0.0, None),  # outside: nothing
    (_closed([(5, 5), (15, 5), (15, 15), (5, 15)]), 25.0, (5, 5, 10, 10)),  # over a corner
    (_closed([(-5, 2), (15, 2), (15, 4), (-5, 4)]), 20.0, (0, 2, 10, 4)),  # through two sides
], ids=["inside", "outside", "corner", "through"])
def test_clip_ring_keeps_what_is_inside_the_box(ring, expected_area, expected_bounds):
    clipped = geo.clip_ring(ring, *BOX)
    assert abs(geo.area(clipped)) == pytest.approx(expected_area) if clipped else expected_area == 0
    if expected_bounds:
        xs, ys = [p[0] for p in clipped], [p[1] for p in clipped]
        assert (min(xs), min(ys), max(xs), max(ys)) == expected_bounds
        assert clipped[0] == clipped[-1]


@pytest.mark.parametrize("line, tolerance, expected", [
    ([(0, 0), (1, 0.001), (2, 0), (3, 0.001), (4, 0)], 0.01, [(0, 0), (4, 0)]),  # nearly straight
    ([(0, 0), (1, 0.001), (2, 1), (3, 0.001), (4, 0)], 0.01, [(0, 0), (1, 0.001), (2, 1), (3, 0.001), (4, 0)]),
    ([(0, 0), (1, 0.001), (2, 1), (3, 0.001), (4, 0)], 0.5, [(0, 0), (2, 1), (4, 0)]),  # the spike stays
    (_closed([(0, 0), (1, 0), (2, 0), (2, 2), (0, 2)]), 0.1, _closed([(0, 0), (2, 0), (2, 2), (0, 2)])),
], ids=["straight", "fine", "coarse", "closed ring"])
def test_simplify(line, tolerance, expected):
    assert geo.simplify(line, tolerance) == expected


def test_projection_maps_the_box_onto_the_picture_with_north_up():
    p = geo.Projection(130.0, 40.0, 160.0, 53.0, 760)
    assert p(130.0, 53.0) == pytest.approx((0.0, 0.0))
    assert p(160.0, 40.0) == pytest.approx((760.0, p.height))
    # Mercator: a degree of latitude is longer in the north than in the south.
    assert p(145, 52)[1] - p(145, 53)[1] > p(145, 40)[1] - p(145, 41)[1]
    # ... and the same as a degree of longitude times 1/cos(latitude) (conformal).
    assert (p(145, 46.01)[1] - p(145, 46.02)[1]) == pytest.approx((p(145.01, 46)[0] - p(145, 46)[0]) / math.cos(math.radians(46)), rel=1e-3)
    assert p.contains(145, 45) and not p.contains(129.9, 45) and not p.contains(145, 53.1)


@pytest.mark.parametrize("rings, expected", [
    ([[(0, 0), (1, 0), (1, 1), (0, 0)]], "M0.0,0.0L10.0,0.0L10.0,10.0L0.0,0.0Z"),
    ([[(0, 0), (0.001, 0), (1, 1), (0, 1)]], "M0.0,0.0L10.0,10.0L0.0,10.0Z"),  # same rounded point once
    ([[(0, 0), (0.001, 0), (0.002, 0)]], ""),  # collapses to a point: dropped
])
def test_svg_path(rings, expected):
    class Flat:
        def __call__(self, lon, lat):
            return lon * 10, lat * 10
    assert geo.svg_path(rings, Flat()) == expected  # type: ignore[arg-type]  # any projection will do


@pytest.mark.parametrize("name, lines", [
    ("Etorofu / Iturup", ["Etorofu /", "Iturup"]),
    ("Vladivostok", ["Vladivostok"]),
    ("Kuril Islands / Chishima Islands", ["Kuril Islands /", "Chishima Islands"]),
])
def test_label_lines(name, lines):
    assert mapview.label_lines(name) == lines


# --- the coastline file and the script that makes it -------------------------------------------

def _load_clip_script():
    spec = importlib.util.spec_from_file_location("clip_coastline", ROOT / "tools" / "clip_coastline.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_reproduces_the_committed_coastline():
    clip = _load_clip_script()
    if not clip.SOURCE.is_file():
        reason = f"{clip.SOURCE.relative_to(ROOT)} is missing: `npm ci` installs world-atlas"
        unavailable(reason)
    assert clip.expected() == mapview.COASTLINE.read_text(encoding="utf-8"), \
        "hooks/explainer_core/pages/coastline.json is out of date: run python tools/clip_coastline.py"


def _inside(point, ring) -> bool:
    """Even-odd point in polygon."""
    x, y = point
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


@pytest.mark.parametrize("name, lon, lat", [
    ("Hokkaidō (Asahikawa)", 142.37, 43.77),
    ("Sakhalin (Yuzhno-Sakhalinsk)", 142.74, 46.96),
    ("Etorofu / Iturup", 147.62, 45.03),
    ("Kunashiri / Kunashir (Tyatya volcano)", 146.25, 44.35),
    ("Shikotan", 146.75, 43.8),
    ("Matsuwa / Matua", 153.22, 48.08),
    ("Primorye (Ussuriysk)", 131.95, 43.8),
    ("Kamchatka", 157.3, 52.3),
])
def test_the_coastline_has_the_region_s_land(name, lon, lat):
    header = json.loads(mapview.COASTLINE.read_text(encoding="utf-8"))
    assert header["licence"].startswith("Natural Earth: public domain")
    rings = header["rings"]
    assert sum(_inside((lon, lat), [tuple(p) for p in r]) for r in rings) % 2 == 1, f"{name} is not on land"


@pytest.mark.parametrize("place", ["etorofu-iturup", "kunashiri-kunashir", "shikotan", "matua-matsuwa"])
def test_each_island_s_mark_is_on_its_island(place):
    """The coordinates in data/places.yml are facts too: a mark in the sea would be wrong."""
    record = load_dataset(ROOT / "data", root=ROOT).get("places", place)
    rings = json.loads(mapview.COASTLINE.read_text(encoding="utf-8"))["rings"]
    assert sum(_inside((record.lon, record.lat), [tuple(p) for p in r]) for r in rings) % 2 == 1


def test_the_coastline_is_small():
    assert mapview.COASTLINE.stat().st_size < 60_000


# --- coordinates in the data ---------------------------------------------------------------------

@pytest.mark.parametrize("new, expected", [
    ("  lat: 95\n  lon: 39.7\n", "place 'sochi': field 'lat': 95 is outside -90..90"),
    ("  lat: 43.6\n  lon: -200\n", "place 'sochi': field 'lon': -200 is outside -180..180"),
    ("  lat: 43°36′N\n  lon: 39.7\n", "place 'sochi': field 'lat': expected a number in decimal notation (e.g. 45.03), got text '43°36′N'"),
    ("  lat: 43.6\n", "place 'sochi': field 'lon': is required when lat is given"),
    ("  lat: 43.6\n  lon: 39.7\n  shape: region\n", "place 'sochi': field 'shape': 'region' is not one of: point, area"),
], ids=["lat out of range", "lon out of range", "not decimal", "lat without lon", "bad shape"])
def test_bad_coordinates_are_reported_with_file_line_record_and_field(tmp_path, new, expected):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal" / "data", project / "data")
    places = project / "data" / "places.yml"
    text = places.read_text(encoding="utf-8") + new
    places.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(project / "data", root=project)
    field = expected.split("field '")[1].split("'")[0]
    line = next((i for i, s in enumerate(text.splitlines(), 1) if s.strip().startswith(field + ":")),
                next(i for i, s in enumerate(text.splitlines(), 1) if s.strip().startswith("lat:")))
    problems = [str(p) for p in info.value.problems]
    assert any(p.startswith(f"data/places.yml:{line}: {expected}") for p in problems), problems


def test_every_real_place_with_coordinates_is_drawn_or_listed_beyond_the_map():
    ds = load_dataset(ROOT / "data", root=ROOT)
    pic = mapview.layout(ds.places)
    located = [p for p in ds.places if p.lat is not None]
    assert {p.id for p in pic.drawn} | {p.id for p in pic.beyond} == {p.id for p in located}
    for place in ("etorofu-iturup", "kunashiri-kunashir", "shikotan", "habomai-islets", "matua-matsuwa",
                  "vladivostok", "kuril-islands", "northern-territories-southern-kurils"):
        assert place in {p.id for p in pic.drawn}, place
    # Deterministic: the same data gives the same page, byte for byte.
    pages = [next(pg for pg in Renderer(load_dataset(ROOT / "data", root=ROOT)).pages() if pg.src_uri == "map.md")
             for _ in range(2)]
    assert pages[0].content == pages[1].content


def test_real_map_labels_overlap_no_label_or_mark_and_stay_inside_the_picture():
    pic = mapview.layout(load_dataset(ROOT / "data", root=ROOT).places)
    problems = []
    for panel in pic.panels:
        labels = [(m.place.id, m.label.box) for m in panel.marks if m.label]
        marks = [(m.place.id, (m.cx - mapview.RADIUS, m.cy - mapview.RADIUS, m.cx + mapview.RADIUS, m.cy + mapview.RADIUS))
                 for m in panel.marks if not m.area]
        for i, (a, box) in enumerate(labels):
            problems += [f"{panel.id}: label {a} overlaps label {b}" for b, other in labels[i + 1:] if mapview._overlap(box, other)]
            problems += [f"{panel.id}: label {a} covers mark {b}" for b, other in marks if mapview._overlap(box, other)]
            if box[0] < 0 or box[1] < 0 or box[2] > panel.width or box[3] > panel.height:
                problems.append(f"{panel.id}: label {a} leaves the picture")
    assert problems == []
    assert len(pic.panels) == 2 and all(len(p.marks) >= 5 for p in pic.panels)


def test_real_map_dots_never_touch_at_full_size_or_on_phones():
    """Places that sit closer than their dots (Nemuro, Habomai, Shikotan on the region map) are
    moved aside on a leader line, at the full-size radius and at the phones' larger one."""
    pic = mapview.layout(load_dataset(ROOT / "data", root=ROOT).places)
    touching = []
    for panel in pic.panels:
        points = [m for m in panel.marks if not m.area]
        phone = [m for m in points if m.label is not None]  # unnamed marks are hidden on phones
        for group, radius, pos in ((points, mapview.RADIUS, lambda m: (m.cx, m.cy)),
                                   (phone, mapview.PHONE_RADIUS, lambda m: (m.x + m.ndx, m.y + m.ndy))):
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    (ax, ay), (bx, by) = pos(a), pos(b)
                    if (ax - bx) ** 2 + (ay - by) ** 2 < (2 * radius) ** 2:
                        touching.append(f"{panel.id} r={radius}: {a.place.id} / {b.place.id}")
    assert touching == []
    region = pic.panels[0]
    assert any(m.moved for m in region.marks), "the crowded region map should move some dot aside"
    assert all(not m.moved for m in pic.panels[1].marks)  # the close-up has room for every place


# --- the map page in a real build ----------------------------------------------------------------

HOSTILE_NAME = '<script>alert("x")</script> / Остров & "quoted"'
EXTRA_PLACES = f"""
- id: etorofu-iturup
  updated: 2020-01-01
  name: Etorofu / Iturup
  other_names: [択捉島, Итуруп]
  lat: 45.03
  lon: 147.62
- id: kuril-islands
  updated: 2020-01-01
  name: Kuril Islands / Chishima Islands
  lat: 47.0
  lon: 152.3
  shape: area
- id: tokyo
  updated: 2020-01-01
  name: Tokyo
  lat: 35.68
  lon: 139.69
- id: hostile-isle
  updated: 2020-01-01
  name: {json.dumps(HOSTILE_NAME)}
  lat: 44.0
  lon: 150.0
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("map"))
    places = project / "data" / "places.yml"
    places.write_text(places.read_text(encoding="utf-8") + EXTRA_PLACES, encoding="utf-8")
    events = project / "data" / "events.yml"
    events.write_text(events.read_text(encoding="utf-8").replace("  place: sochi\n", "  place: etorofu-iturup\n", 1),
                      encoding="utf-8")
    return build(project)


def test_map_page_draws_every_place_in_the_region_as_a_named_link_to_its_entry(site):
    root = lxml.html.fromstring(site.html("map/"))
    svgs = root.cssselect("svg.jr-map-svg")
    assert svgs, "no map picture"
    for svg in svgs:
        labelled = svg.get("aria-labelledby")
        assert root.get_element_by_id(labelled).tag == "title" and svg.get("aria-describedby")
    marks = root.cssselect("svg.jr-map-svg a")
    by_place: dict[str, list] = {}
    for a in marks:
        by_place.setdefault(a.get("data-place"), []).append(a)
        assert a.get("aria-label"), "a mark without an accessible name"
        target = a.get("href")
        assert target == f"#place-{a.get('data-place')}"
        assert root.cssselect(f"section{target}"), f"{target} has no entry"
    assert set(by_place) == {"etorofu-iturup", "kuril-islands", "hostile-isle"}  # Tokyo and Sochi are off the map
    etorofu = by_place["etorofu-iturup"][-1]  # names sort "<script..." first: it is number 1
    assert etorofu.get("aria-label") == "2. Etorofu / Iturup (1 event)"
    assert [t.text.strip() for t in etorofu.cssselect("tspan")] == ["Etorofu /", "Iturup"]
    assert by_place["kuril-islands"][0].cssselect("circle") == []  # an area is its name, not a dot
    entry = root.get_element_by_id("place-etorofu-iturup")
    assert "択捉島" in entry.text_content() and "Итуруп" in entry.text_content()
    event_links = [resolve("map/", a.get("href")) for a in entry.cssselect("ul.jr-place-events a")]
    assert event_links == ["events/sochi-summit-2016/"]
    assert all((site.site / u / "index.html").is_file() for u in event_links)
    assert root.get_element_by_id("beyond-the-map").text_content().startswith("Beyond this map")
    assert "No event on this site is placed here." in root.get_element_by_id("place-tokyo").text_content()
    assert root.get_element_by_id("not-drawn") is not None and root.get_element_by_id("place-sochi") is not None


def test_map_draws_land_only_no_boundary_lines(site):
    root = lxml.html.fromstring(site.html("map/"))
    for svg in root.cssselect("svg.jr-map-svg"):
        paths = svg.cssselect("path")
        assert [p.get("class") for p in paths] == ["jr-map-land"]
        # land is closed shapes only: every subpath ends in Z, so no open line (a border) is drawn
        d = paths[0].get("d")
        assert d.count("M") == d.count("Z") > 10
        assert not svg.cssselect("line, polyline, polygon")


def test_event_page_links_its_place_to_the_map(site):
    root = lxml.html.fromstring(site.html("events/sochi-summit-2016/"))
    link = root.cssselect(".jr-place a")[0]
    assert resolve("events/sochi-summit-2016/", link.get("href")) == "map/#place-etorofu-iturup"


def test_hostile_place_name_is_escaped_on_the_map(site):
    html = site.html("map/")
    assert "<script>alert" not in html
    root = lxml.html.fromstring(html)
    assert not [s for s in root.cssselect("script") if "alert" in (s.text or "")]
    mark = [a for a in root.cssselect("svg.jr-map-svg a") if a.get("data-place") == "hostile-isle"][0]
    assert mark.get("aria-label").startswith('1. <script>alert("x")</script> / Остров')
    assert root.get_element_by_id("place-hostile-isle-title").text_content().strip() == "1 " + HOSTILE_NAME


def test_map_page_is_in_the_nav_after_the_plan():
    nav = [next(iter(item)) for item in read_config()["nav"]]
    assert nav.index("Map") == nav.index("The eight-point plan") + 1


def test_real_map_names_the_island_groups_both_ways(real_site):
    root = lxml.html.fromstring(real_site.html("map/"))
    labels = {" ".join(t.text.strip() for t in text.cssselect("tspan")) for text in root.cssselect("svg.jr-map-svg text.jr-map-label")}
    for label in ("Kuril Islands / Chishima Islands", "Habomai islets / Khabomai", "Etorofu / Iturup",
                  "Kunashiri / Kunashir", "Matsuwa / Matua", "Northern Territories / Southern Kurils",
                  "Lesser Kuril Chain (Malaya Kurilskaya Gryada)"):
        assert label in labels, f"{label!r} not on the map: {sorted(labels)}"
