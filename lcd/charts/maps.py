"""Maps drawn with no network at all: plotly's SVG `geo` maps over our own boundaries, with place names.

Why `geo` and not MapLibre: MapLibre draws text only with a glyph server, so a map could not name its
places offline, and its canvas came out blank in the offline HTML pack. `geo` draws boundaries and
names as SVG with the page's own fonts. It asks for a base-map topology even when no base layer is
shown; EMPTY_TOPOLOGY is handed to it (`window.PlotlyGeoAssets`: lcd/server.py for the app, the HTML
pack, and kaleido for images), so nothing is ever fetched.
"""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lcd.charts.base import COUNTRY_COLORS, finish, safe
from lcd.i18n import t

# The base-map topology plotly's geo maps request (world_110m): every layer empty. Nothing is drawn from it.
EMPTY_TOPOLOGY = {"type": "Topology", "arcs": [], "objects": {
    layer: {"type": "GeometryCollection", "geometries": []}
    for layer in ("coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits")}}
# The same, handed to a page before plotly asks for it (lcd/server.py for the app, the offline pack in lcd/export.py).
GEO_ASSETS_SCRIPT = f"<script>window.PlotlyGeoAssets = {{topojson: {{world_110m: {json.dumps(EMPTY_TOPOLOGY)}}}}};</script>"
GEO = {"visible": False, "fitbounds": "locations", "projection": {"type": "mercator"}, "bgcolor": "white"}
GREY = [[0, "#f2f2f2"], [1, "#f2f2f2"]]


def _regions(fig: go.Figure, geojson: dict, frame: pd.DataFrame, *, feature_key: str, value: str, unit: str, name: str,
             zrange: tuple[float, float] | None, geo: str = "geo", scale: bool = True, diverging: bool = False) -> None:
    """Boundaries of `geojson`, coloured by `value` where `frame` has one, grey outlines elsewhere."""
    valued = set(frame[feature_key]) if not frame.empty else set()
    rest = [f for f in geojson["features"] if f["id"] not in valued]
    if rest:
        fig.add_choropleth(geojson={"type": "FeatureCollection", "features": rest}, locations=[f["id"] for f in rest],
                           z=[0] * len(rest), featureidkey="id", colorscale=GREY, showscale=False, geo=geo,
                           marker={"line": {"color": "#bbb", "width": 0.5}}, hoverinfo="skip", name="")
    if frame.empty:
        return
    details = safe(frame.detail) if "detail" in frame else [""] * len(frame)
    shapes = {"type": "FeatureCollection", "features": [f for f in geojson["features"] if f["id"] in valued]}
    low, high = zrange if zrange else (None, None)
    fig.add_choropleth(geojson=shapes, locations=frame[feature_key], z=frame[value], featureidkey="id", geo=geo,
                       colorscale="RdBu_r" if diverging else "Blues", zmin=low, zmax=high, zmid=0 if diverging else None,
                       showscale=scale, colorbar={"title": {"text": unit}, "len": 0.8},
                       customdata=[[p, n, d] for p, n, d in zip(frame.place_id, safe(frame.place), details)],
                       marker={"line": {"color": "#555", "width": 0.8}}, name=name,
                       hovertemplate=f"%{{customdata[1]}}: %{{z:,.1f}} {unit} · %{{customdata[2]}}<extra></extra>")


POSITIONS = ("top right", "bottom right", "top left", "bottom left")


def _label_positions(points: pd.DataFrame, near: float = 0.6) -> list[str]:
    """Where each name goes: places closer than `near` degrees to an earlier one take the next corner, so
    that neighbours (Chiang Mai, Lamphun) do not write over each other."""
    placed: list[tuple[float, float, int]] = []
    positions = []
    for lat, lon in zip(points.lat, points.lon):
        taken = {i for y, x, i in placed if abs(y - lat) < near and abs(x - lon) < near * 2}
        choice = next((i for i in range(len(POSITIONS)) if i not in taken), 0)
        placed.append((lat, lon, choice))
        positions.append(POSITIONS[choice])
    return positions


def _bounds(geojson: dict) -> tuple[float, float, float, float]:
    """(lon_min, lon_max, lat_min, lat_max) of a feature collection's polygons."""
    xs, ys = [], []

    def walk(coordinates):
        if isinstance(coordinates[0], (int, float)):
            xs.append(coordinates[0])
            ys.append(coordinates[1])
        else:
            for part in coordinates:
                walk(part)
    for feature in geojson["features"]:
        walk(feature["geometry"]["coordinates"])
    return min(xs), max(xs), min(ys), max(ys)


def _names(fig: go.Figure, points: pd.DataFrame | None, geojson: dict, geo: str = "geo", size: int = 11) -> None:
    """Places inside the map's boundaries as points with their names beside them (SVG text: no glyph
    server). A place outside them (Chengdu on the map of Shanghai) is left out: it would zoom the map out."""
    if points is None or points.empty:
        return
    west, east, south, north = _bounds(geojson)
    points = points[points.lon.between(west, east) & points.lat.between(south, north)]
    if points.empty:
        return
    fig.add_scattergeo(lat=points.lat, lon=points.lon, mode="markers+text", text=safe(points.place), geo=geo,
                       textposition=_label_positions(points), textfont={"size": size, "color": "#222"},
                       customdata=points[["place_id"]].to_numpy(), marker={"size": 7, "color": "#222"},
                       name="", hovertemplate="%{text}<extra></extra>", showlegend=False)


def choropleth(geojson: dict, frame: pd.DataFrame, *, feature_key: str, value: str, title: str, unit: str,
               source: str, lang: str, points: pd.DataFrame | None = None, caveat: str | None = None,
               diverging: bool = False) -> go.Figure:
    """Boundaries coloured by `value` (regions without a value in grey outline), with places named;
    `diverging`: a change, red up and blue down around zero."""
    fig = go.Figure()
    _regions(fig, geojson, frame, feature_key=feature_key, value=value, unit=unit, name=title, zrange=None, diverging=diverging)
    _names(fig, points, geojson)
    fig.update_geos(**GEO)
    fig.update_layout(showlegend=False)
    finish(fig, frame, title=title, x_title="", y_title="", source=source, lang=lang, height=620, caveat=caveat)
    if frame.empty:
        fig.add_annotation(text=t("empty.no_data", lang=lang), x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False)
    return fig


def before_after(geojson: dict, before: pd.DataFrame, after: pd.DataFrame, *, feature_key: str, value: str, titles: tuple[str, str],
                 title: str, unit: str, source: str, lang: str, points: pd.DataFrame | None = None,
                 caveat: str | None = None) -> go.Figure:
    """Two maps side by side on one colour scale (the two frames' common range), each with its own title
    (its year and basis), so that a room compares like for like by colour."""
    values = pd.concat([before[value], after[value]]).dropna()
    zrange = (float(values.min()), float(values.max())) if not values.empty else None
    fig = make_subplots(rows=1, cols=2, specs=[[{"type": "geo"}, {"type": "geo"}]], subplot_titles=[safe(s) for s in titles],
                        horizontal_spacing=0.02)
    for geo, frame, scale in (("geo", before, False), ("geo2", after, True)):
        _regions(fig, geojson, frame, feature_key=feature_key, value=value, unit=unit, name=title, zrange=zrange, geo=geo, scale=scale)
        _names(fig, points, geojson, geo=geo, size=10)
    fig.update_geos(**GEO)
    fig.update_layout(showlegend=False)
    for note in fig.layout.annotations:  # the two subplot titles, under the chart's own
        note.font = {"size": 14}
    finish(fig, pd.concat([before, after]), title=title, x_title="", y_title="", source=source, lang=lang, height=640, caveat=caveat)
    fig.update_layout(margin={"t": fig.layout.margin.t + 34})  # room for the two maps' own titles under the source line
    return fig


def points_map(frame: pd.DataFrame, geojson: dict, *, title: str, source: str, lang: str) -> go.Figure:
    """Places as points over country outlines (the overview's small map), offline; names on hover."""
    fig = go.Figure()
    outlines = geojson["features"]
    fig.add_choropleth(geojson=geojson, locations=[f["id"] for f in outlines], z=[0] * len(outlines), featureidkey="id",
                       colorscale=GREY, showscale=False, marker={"line": {"color": "#999", "width": 0.6}}, hoverinfo="skip",
                       name="")
    for country, part in frame.groupby("country_iso"):
        fig.add_scattergeo(lat=part.lat, lon=part.lon, mode="markers", text=safe(part.place), name=t(f"vocab.country.{country}", lang=lang),
                           customdata=part[["place_id"]].to_numpy(), marker={"size": 9, "color": COUNTRY_COLORS.get(country)},
                           hovertemplate="%{text}<extra></extra>")
    fig.update_geos(**{**GEO, "fitbounds": False, "lataxis": {"range": [2, 40]}, "lonaxis": {"range": [92, 126]}})
    finish(fig, frame, title=title, x_title="", y_title="", source=source, lang=lang, height=420)
    fig.update_layout(legend={"y": 0.02, "x": 0.01, "bgcolor": "rgba(255,255,255,0.8)"})
    return fig
