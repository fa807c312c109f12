"""Cut the map's coastline out of Natural Earth and write hooks/explainer_core/pages/coastline.json.

    python tools/clip_coastline.py            # write the file
    python tools/clip_coastline.py --check    # exit 1 if the committed file differs

Input: ``node_modules/world-atlas/land-10m.json`` from the npm package world-atlas (pinned in
package.json; ``npm ci`` installs it): Natural Earth's 1:10m land polygons as TopoJSON.
Natural Earth is in the public domain; world-atlas is ISC-licensed. The land is clipped to
the region the map shows, simplified and rounded by ``explainer_core.pages.geo``; the same input
always gives the same bytes (tests/test_map.py checks that it reproduces the committed file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from explainer_core.pages import geo  # noqa: E402

SOURCE = ROOT / "node_modules" / "world-atlas" / "land-10m.json"
PACKAGE = ROOT / "node_modules" / "world-atlas" / "package.json"
OUTPUT = ROOT / "hooks" / "explainer_core" / "pages" / "coastline.json"
# West, south, east, north: Primorye and Vladivostok, Sakhalin, Hokkaidō, the Kuril chain and
# the southern tip of Kamchatka, with the northern tip of Honshū for orientation.
BOX = (130.5, 40.5, 158.5, 53.0)
TOLERANCE = 0.01  # degrees (about 1 km): a third of a pixel on the 760-unit-wide map
MIN_AREA = 0.0001  # square degrees (under 1 km²): keeps the small Kuril islands, drops specks
DIGITS = 3


def render(topology: dict, version: str) -> str:
    rings = geo.clip_land(topology, "land", BOX, tolerance=TOLERANCE, min_area=MIN_AREA, digits=DIGITS)
    header = {
        "source": f"Natural Earth 1:10m land, via the npm package world-atlas {version} (land-10m.json)",
        "licence": "Natural Earth: public domain; world-atlas: ISC",
        "made_by": "python tools/clip_coastline.py",
        "box": {"west": BOX[0], "south": BOX[1], "east": BOX[2], "north": BOX[3]},
        "tolerance_degrees": TOLERANCE,
        "min_area_square_degrees": MIN_AREA,
        "points": sum(len(r) for r in rings),
    }
    lines = ["{"]
    lines += [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in header.items()]
    lines.append('  "rings": [')
    lines += [f"    {json.dumps([[x, y] for x, y in r], separators=(',', ':'))}" + ("," if i < len(rings) - 1 else "")
              for i, r in enumerate(rings)]
    lines += ["  ]", "}", ""]
    return "\n".join(lines)


def expected() -> str:
    version = json.loads(PACKAGE.read_text(encoding="utf-8"))["version"]
    return render(json.loads(SOURCE.read_text(encoding="utf-8")), version)


def main(argv: list[str]) -> int:
    if not SOURCE.is_file():
        print(f"{SOURCE.relative_to(ROOT)} is missing: run `npm ci` first", file=sys.stderr)
        return 2
    text = expected()
    if "--check" in argv:
        same = OUTPUT.is_file() and OUTPUT.read_text(encoding="utf-8") == text
        print(f"{OUTPUT.relative_to(ROOT)} is {'up to date' if same else 'out of date: run python tools/clip_coastline.py'}")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
