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


def _with_ids(collection: dict, id_of) -> dict:
    """Features with our place id and their geometry only: the properties are not needed in the browser,
    and every map sends its boundaries to it."""
    features = [{"type": "Feature", "id": id_of(f["properties"]),
                 "geometry": {"type": f["geometry"]["type"], "coordinates": _rounded(f["geometry"]["coordinates"])}}
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
    """Asian country outlines (Natural Earth) for the overview map."""
    return _load("asia_countries.geojson")
