"""Map boundaries from data/raw/geo, matched to place ids (read once per process)."""

from __future__ import annotations

import json
from functools import lru_cache

from lcd.config import GEO_DIR


@lru_cache(maxsize=None)
def _load(name: str) -> dict:
    return json.loads((GEO_DIR / name).read_text(encoding="utf-8"))


def _rounded(coordinates, digits: int = 4):
    """Coordinates to `digits` decimals (4: about 10 m, finer than the simplified boundaries)."""
    if isinstance(coordinates[0], (int, float)):
        return [round(c, digits) for c in coordinates]
    return [_rounded(c, digits) for c in coordinates]


def _signed_area(ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:] + ring[:1])) / 2


def _wound(geometry: dict) -> dict:
    """A polygon's rings as plotly's `geo` maps (d3) read them: the outer ring clockwise, holes
    anticlockwise. GeoJSON files usually wind the other way, and d3 then fills the rest of the globe."""
    def polygon(rings):
        return [ring if (_signed_area(ring) < 0) == (i == 0) else ring[::-1] for i, ring in enumerate(rings)]
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": polygon(geometry["coordinates"])}
    if geometry["type"] == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [polygon(p) for p in geometry["coordinates"]]}
    return geometry


def _with_ids(collection: dict, id_of) -> dict:
    """Features with our place id and their geometry only (rounded, wound for d3): the properties are not
    needed in the browser, and every map sends its boundaries to it."""
    features = [{"type": "Feature", "id": id_of(f["properties"]),
                 "geometry": _wound({"type": f["geometry"]["type"], "coordinates": _rounded(f["geometry"]["coordinates"])})}
                for f in collection["features"]]
    return {"type": "FeatureCollection", "features": features}


def _slug(name: str) -> str:
    return name.lower().replace(" district", "").replace(" new area", "").replace("'", "").replace(" ", "_")


@lru_cache(maxsize=None)
def thai_provinces() -> dict:
    """Thai provinces; feature id = our place id style (`udon_thani`), Bangkok as `bangkok`."""
    return _with_ids(_load("th_provinces.geojson"), lambda p: _slug(p["ADM1_EN"]))


@lru_cache(maxsize=None)
def shanghai_districts() -> dict:
    """Shanghai districts; feature id = `pudong`, `songjiang`, …"""
    return _with_ids(_load("shanghai_districts.geojson"), lambda p: _slug(p["name_en"]))


@lru_cache(maxsize=None)
def outlines() -> dict:
    """Asian country outlines (Natural Earth) for the overview map; feature id = ISO A3 code."""
    return _with_ids(_load("asia_countries.geojson"), lambda p: p["ADM0_A3"])
