"""Maps drawn with no network at all: MapLibre with a blank style, our own boundaries, no tiles or glyphs."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lcd.charts.base import COUNTRY_COLORS, finish, safe
from lcd.i18n import t


def choropleth(geojson: dict, frame: pd.DataFrame, *, feature_key: str, value: str, title: str, unit: str,
               source: str, lang: str, center: dict, zoom: float, points: pd.DataFrame | None = None,
               caveat: str | None = None) -> go.Figure:
    """Boundaries coloured by `value` (regions without a value in grey outline), with places as points.
    Uses MapLibre with a blank style: no base map, no tiles, so it draws with no network at all."""
    fig = go.Figure()
    valued = set(frame[feature_key]) if not frame.empty else set()
    rest = [f for f in geojson["features"] if f["id"] not in valued]
    if rest:  # regions without a value: grey, drawn once
        fig.add_choroplethmap(geojson={"type": "FeatureCollection", "features": rest}, locations=[f["id"] for f in rest],
                              z=[0] * len(rest), featureidkey="id", colorscale=[[0, "#f2f2f2"], [1, "#f2f2f2"]], showscale=False,
                              marker={"line": {"color": "#bbb", "width": 0.5}}, hoverinfo="skip", name="")
    if not frame.empty:
        details = safe(frame.detail) if "detail" in frame else [""] * len(frame)
        shapes = {"type": "FeatureCollection", "features": [f for f in geojson["features"] if f["id"] in valued]}
        fig.add_choroplethmap(geojson=shapes, locations=frame[feature_key], z=frame[value], featureidkey="id",
                              colorscale="Blues", colorbar={"title": {"text": unit}},
                              customdata=[[p, n, d] for p, n, d in zip(frame.place_id, safe(frame.place), details)],
                              marker={"line": {"color": "#555", "width": 0.8}}, name=title,
                              hovertemplate=f"%{{customdata[1]}}: %{{z:,.1f}} {unit} · %{{customdata[2]}}<extra></extra>")
    if points is not None and not points.empty:
        fig.add_scattermap(lat=points.lat, lon=points.lon, mode="markers", text=safe(points.place),
                           customdata=points[["place_id"]].to_numpy(), marker={"size": 9, "color": "#d1495b"},
                           name=t("map.places", lang=lang), hovertemplate="%{text}<extra></extra>")
    fig.update_layout(map={"style": "white-bg", "center": center, "zoom": zoom}, showlegend=False)
    finish(fig, frame, title=title, x_title="", y_title="", source=source, lang=lang, height=560, caveat=caveat)
    if frame.empty:
        fig.add_annotation(text=t("empty.no_data", lang=lang), x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False)
    return fig


def points_map(frame: pd.DataFrame, geojson: dict, *, title: str, source: str, lang: str) -> go.Figure:
    """Places as points over country outlines (the overview's small map), offline."""
    fig = go.Figure()
    fig.update_layout(map={"style": "white-bg", "center": {"lat": 20, "lon": 108}, "zoom": 2.3,
                           "layers": [{"source": geojson, "type": "line", "color": "#999", "line": {"width": 0.6}}]})
    for country, part in frame.groupby("country_iso"):
        fig.add_scattermap(lat=part.lat, lon=part.lon, mode="markers", text=safe(part.place), name=t(f"vocab.country.{country}", lang=lang),
                           customdata=part[["place_id"]].to_numpy(), marker={"size": 9, "color": COUNTRY_COLORS.get(country)},
                           hovertemplate="%{text}<extra></extra>")
    finish(fig, frame, title=title, x_title="", y_title="", source=source, lang=lang, height=420)
    fig.update_layout(legend={"y": 0.02, "x": 0.01, "bgcolor": "rgba(255,255,255,0.8)"})
    return fig
