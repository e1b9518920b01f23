"""Charts of categories: heatmaps, category bars, programme timelines, published figures."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lcd.charts.base import COUNTRY_COLORS, PALETTE, color_for, empty, finish, safe
from lcd.i18n import t


def heatmap(frame: pd.DataFrame, *, x: str, y: str, value: str, x_names: dict, y_names: dict, title: str,
            unit: str, source: str, lang: str) -> go.Figure:
    """A matrix of counts (e.g. themes × target age groups); cells without programmes are 0."""
    if frame.empty:
        return empty(t("empty.no_data", lang=lang), title)
    table = frame.pivot_table(index=y, columns=x, values=value, aggfunc="sum", fill_value=0)
    fig = go.Figure(go.Heatmap(
        z=table.to_numpy(), x=safe(x_names.get(c, c) for c in table.columns), y=safe(y_names.get(r, r) for r in table.index),
        colorscale="Blues", text=table.to_numpy(), texttemplate="%{text}", colorbar={"title": {"text": unit}},
        hovertemplate=f"%{{y}} × %{{x}}: %{{z}} {unit}<extra></extra>",
    ))
    return finish(fig, frame, title=title, x_title="", y_title="", source=source, lang=lang, height=440)


def category_bars(frame: pd.DataFrame, *, category: str, value: str, names: dict, title: str, unit: str,
                  source: str, lang: str, color: str | None = None, color_names: dict | None = None) -> go.Figure:
    """Horizontal bars per category (e.g. provider type), optionally split by `color` (e.g. country)."""
    if frame.empty:
        return empty(t("empty.no_data", lang=lang), title)
    order = frame.groupby(category)[value].sum().sort_values().index.tolist()
    fig = go.Figure()
    for key, part in (frame.groupby(color) if color else [(None, frame)]):
        part = part.set_index(category).reindex(order).dropna(subset=[value]).reset_index()
        fig.add_bar(y=safe(names.get(c, c) for c in part[category]), x=part[value], orientation="h",
                    name=(color_names or {}).get(key, key) if key else title,
                    marker={"color": COUNTRY_COLORS.get(key, PALETTE[0])},
                    hovertemplate=f"%{{y}}: %{{x}} {unit}<extra></extra>")
    fig.update_layout(barmode="stack", showlegend=bool(color))
    return finish(fig, frame, title=title, x_title=unit, y_title="", source=source, lang=lang,
                  height=max(320, 90 + 26 * len(order)))


def timeline(frame: pd.DataFrame, *, title: str, source: str, lang: str, theme_names: dict) -> go.Figure:
    """Programmes by start year (x) and place (y), coloured by theme."""
    frame = frame.dropna(subset=["start_year"])
    if frame.empty:
        return empty(t("empty.no_start_years", lang=lang), title)
    fig = go.Figure()
    for theme, part in frame.groupby("theme"):
        fig.add_scatter(x=part.start_year, y=safe(part.place), mode="markers", name=safe(theme_names.get(theme, theme)),
                        marker={"size": 13, "color": color_for(theme)}, customdata=[[p, n] for p, n in zip(part.place_id, safe(part.name))],
                        hovertemplate="%{customdata[1]}<br>%{y}, %{x}<extra></extra>")
    return finish(fig, frame, title=title, x_title=t("axis.start_year", lang=lang), y_title="", source=source,
                  lang=lang, height=max(320, 120 + 26 * frame.place.nunique()), year_axis=True)


QUALIFIER_SYMBOLS = {"exact": "circle", "about": "circle-open", "more_than": "triangle-up", "cumulative": "square"}


def published_figures(frame: pd.DataFrame, *, title: str, y_title: str, source: str, lang: str,
                      qualifier_names: dict, target_label: str, year_label=str) -> go.Figure:
    """Published figures of ONE measure by year: a marker per dated outturn (one colour per place, the shape
    says the qualifier: exact, about, more than, cumulative) and a dashed line per target. Undated figures
    are not drawn (the table lists them); figures of different measures are never put on one axis."""
    dated = frame.dropna(subset=["year"])
    if dated.empty:
        return empty(t("empty.no_data", lang=lang), title)
    fig = go.Figure()
    outturns, targets = dated[dated.status != "target"], dated[dated.status == "target"]
    for place_id, part in outturns.groupby("place_id", sort=True):
        fig.add_scatter(
            x=part.year, y=part.value, mode="markers", name=safe(part.place.iloc[0]),
            marker={"size": 12, "color": color_for(place_id), "symbol": [QUALIFIER_SYMBOLS.get(q, "circle") for q in part.qualifier],
                    "line": {"width": 2, "color": color_for(place_id)}},
            customdata=[[place_id, s, u, qualifier_names.get(q, q)] for s, u, q in
                        zip(safe(part.program_or_scope.str.slice(0, 90)), safe(part.unit), part.qualifier)],
            hovertemplate="%{x}: %{y:,} %{customdata[2]} (%{customdata[3]})<br>%{customdata[1]}<extra>%{fullData.name}</extra>")
    for row in targets.itertuples():
        fig.add_hline(y=row.value, line={"color": color_for(row.place_id), "dash": "dash", "width": 2},
                      annotation={"text": safe(f"{target_label}: {row.place} {qualifier_names.get(row.qualifier, '')} "
                                               f"{row.value:g} ({year_label(int(row.year))})"), "font": {"size": 12}},
                      annotation_position="top left")
    fig.update_yaxes(rangemode="tozero")
    return finish(fig, frame, title=title, x_title=t("axis.year", lang=lang), y_title=y_title, source=source, lang=lang,
                  height=460, year_axis=True)


STATUS_COLORS = {"same": "#2a9d8f", "other_basis": "#e9c46a", "estimate_only": "#f4a261", "none": "#eeeeee"}


def grid(frame: pd.DataFrame, *, x: str, y: str, colour: str, colours: dict, colour_names: dict, hover: str, title: str,
         source: str, lang: str, x_order: list | None = None, y_order: list | None = None, custom: list[str] = (),
         text: str | None = None, year_axis: bool = False, breaks: pd.DataFrame | None = None) -> go.Figure:
    """A matrix drawn as squares, one per row of `frame` at (`x`, `y`), coloured by `colour` (one legend entry
    per value, in `colour_names`), with `hover` text and `custom` columns as customdata (so a click on a cell
    can open what it stands for). `breaks` (x_before, x_after, y) draws a bar between two cells of a row:
    a break in the definition."""
    if frame.empty:
        return empty(t("empty.no_data", lang=lang), title)
    fig = go.Figure()
    for key, part in frame.groupby(colour, sort=False):
        fig.add_scatter(x=part[x], y=safe(part[y]), mode="markers+text" if text else "markers", name=safe(colour_names.get(key, key)),
                        marker={"symbol": "square", "size": 16, "color": colours.get(key, PALETTE[0]), "line": {"width": 1, "color": "#fff"}},
                        text=safe(part[text]) if text else None, textfont={"size": 9},
                        customdata=part[list(custom)].to_numpy() if custom else None,
                        hovertext=safe(part[hover]), hovertemplate="%{hovertext}<extra></extra>")
    if breaks is not None and not breaks.empty:
        fig.add_scatter(x=(breaks.x_before + breaks.x_after) / 2, y=safe(breaks.y), mode="markers", name=t("coverage.break", lang=lang),
                        marker={"symbol": "line-ns", "size": 18, "line": {"width": 3, "color": "#c0392b"}},
                        hovertext=safe(breaks.hover), hovertemplate="%{hovertext}<extra></extra>")
    rows = len(y_order or frame[y].unique())
    fig.update_yaxes(categoryorder="array", categoryarray=safe(list(reversed(y_order))) if y_order else None, showgrid=False)
    fig.update_xaxes(categoryorder="array", categoryarray=safe(x_order) if x_order and not year_axis else None, showgrid=False,
                     side="top", tickangle=-40 if not year_axis else 0)
    return finish(fig, frame, title=title, x_title="", y_title="", source=source, lang=lang, height=max(360, 200 + 22 * rows),
                  year_axis=year_axis)
