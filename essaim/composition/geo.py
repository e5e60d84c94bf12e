"""Department adjacency from the simplified outlines shipped in data/geojson (read once)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

PRECISION = 4  # decimals of a degree (about 10 m): shared borders meet at the same rounded point


def _rings(geometry: dict):
    coordinates = geometry["coordinates"]
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    for polygon in polygons:
        yield from polygon


@lru_cache(maxsize=4)
def _adjacency(path: str) -> tuple[tuple[str, frozenset[str]], ...]:
    with open(path, encoding="utf-8") as handle:
        collection = json.load(handle)
    owners: dict[tuple[float, float], set[str]] = {}
    for feature in collection["features"]:
        code = str(feature["properties"]["code"])
        for ring in _rings(feature["geometry"]):
            for x, y, *_ in ring:
                owners.setdefault((round(x, PRECISION), round(y, PRECISION)), set()).add(code)
    adjacency: dict[str, set[str]] = {
        str(f["properties"]["code"]): set() for f in collection["features"]
    }
    for codes in owners.values():
        for code in codes:
            adjacency[code] |= codes - {code}
    return tuple((code, frozenset(others)) for code, others in sorted(adjacency.items()))


def neighbours_from_geojson(path: str | Path) -> dict[str, set[str]]:
    """{department code: codes of the departments whose outline shares a point with it}.

    Two departments are neighbours when their polygons share at least one vertex once the
    coordinates are rounded to 4 decimals; a shared edge has two shared vertices, so this
    covers edges too. The file is parsed once per path (lru_cache); each call returns a fresh
    dict that the caller may change.
    """
    return {code: set(others) for code, others in _adjacency(str(Path(path).resolve()))}
