"""Build the governorate boundaries the web UI draws: src/marsad/web/static/data/syria-adm1.json.

Reads the geoBoundaries SYR ADM1 polygons (UN OCHA via HDX, CC BY 3.0 IGO) from
``../shared/data/places/adm1-polygons`` and the Arabic names and OCHA p-codes of the OpenSyria
governorates (CC BY 4.0), simplifies each ring (Douglas-Peucker, ``--tolerance`` degrees), rounds
coordinates and writes a small GeoJSON FeatureCollection (properties: name, name_ar, iso, pcode).

    python scripts/build_web_boundaries.py [--shared ../shared] [--tolerance 0.01] [--output PATH]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
DEFAULT_OUTPUT = ROOT / "src" / "marsad" / "web" / "static" / "data" / "syria-adm1.json"
POLYGONS = Path("data/places/adm1-polygons/syria-governorates-polygons.geojson")
GOVERNORATES = Path("data/places/opensyria-admin/governorates.json")
DIGITS = 3  # about 100 m: far finer than the map shows

Point = tuple[float, float]


def _distance(point: Point, start: Point, end: Point) -> float:
    """Distance of ``point`` from the segment start-end (planar, in degrees)."""
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return float(((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return float(((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5)


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on one line (iterative; keeps the end points)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, farthest = 0, 0.0
        for position in range(first + 1, last):
            distance = _distance(points[position], points[first], points[last])
            if distance > farthest:
                index, farthest = position, distance
        if farthest > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(ring: list[list[float]], tolerance: float) -> list[list[float]] | None:
    """A closed ring simplified and rounded; None when it collapses (fewer than four points)."""
    points = [(float(x), float(y)) for x, y, *_ in ring]
    simplified = simplify(points, tolerance)
    rounded: list[list[float]] = []
    for x, y in simplified:
        point = [round(x, DIGITS), round(y, DIGITS)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded if len(rounded) >= 4 else None


def build(shared: Path, tolerance: float) -> dict[str, Any]:
    source = json.loads((shared / POLYGONS).read_text(encoding="utf-8"))
    names = {
        item["externalIds"].get("geoboundaries"): item
        for item in json.loads((shared / GOVERNORATES).read_text(encoding="utf-8"))
    }
    features = []
    for feature in source["features"]:
        properties = feature["properties"]
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        simplified = []
        for polygon in polygons:
            rings = [simplify_ring(ring, tolerance) for ring in polygon]
            if rings[0] is not None:
                simplified.append([ring for ring in rings if ring is not None])
        match = names.get(properties["shapeID"], {})
        features.append({
            "type": "Feature",
            "properties": {
                "name": properties["shapeName"],
                "name_ar": match.get("name", {}).get("ar"),
                "iso": properties["shapeISO"],
                "pcode": match.get("externalIds", {}).get("ochaPcode"),
            },
            "geometry": {"type": "MultiPolygon", "coordinates": simplified},
        })
    features.sort(key=lambda item: item["properties"]["name"])
    return {
        "type": "FeatureCollection",
        "attribution": "Boundaries: geoBoundaries (www.geoboundaries.org) / UN OCHA, CC BY 3.0 IGO; "
                       "Arabic names: OpenSyria, CC BY 4.0",
        "features": features,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared data folder")
    parser.add_argument("--tolerance", type=float, default=0.01, help="simplification tolerance in degrees")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    collection = build(args.shared, args.tolerance)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    args.output.write_text(text + "\n", encoding="utf-8")
    vertices = sum(len(ring) for f in collection["features"] for p in f["geometry"]["coordinates"] for ring in p)
    print(f"{args.output}: {len(collection['features'])} governorates, {vertices} vertices, {len(text):,} bytes")


if __name__ == "__main__":
    main()
