"""Charts of categories: heatmaps, category bars, programme timelines, published figures."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lcd.charts.base import COUNTRY_COLORS, PALETTE, color_for, empty, finish, safe, wrap
from lcd.i18n import t


def heatmap(frame: pd.DataFrame, *, x: str, y: str, value: str, x_names: dict, y_names: dict, title: str,
            unit: str, source: str, lang: str, x_order: list | None = None, y_order: list | None = None) -> go.Figure:
    """A matrix of counts (e.g. themes × target age groups); cells without programmes are 0. `x_order` and
    `y_order` (codes) fix the columns and rows (top row first), else they are sorted. Each cell carries its
    row's code as customdata (a click on a row of places selects the place)."""
    if frame.empty:
        return empty(t("empty.no_data", lang=lang), title)
    table = frame.pivot_table(index=y, columns=x, values=value, aggfunc="sum", fill_value=0)
    if x_order is not None or y_order is not None:
        table = table.reindex(index=y_order or table.index, columns=x_order or table.columns, fill_value=0)
    labels = [str(x_names.get(c, c)) for c in table.columns]
    wrapped = len(labels) <= 8  # few columns: long names wrapped under them; many: names slanted
    fig = go.Figure(go.Heatmap(
        z=table.to_numpy(), x=["<br>".join(safe(wrap(label, 18, 3))) if wrapped else safe(label) for label in labels],
        y=safe(y_names.get(r, r) for r in table.index),
        customdata=[[code] * len(table.columns) for code in table.index],
        colorscale="Blues", text=table.to_numpy(), texttemplate="%{text}", colorbar={"title": {"text": unit}},
        hovertemplate=f"%{{y}} × %{{x}}: %{{z}} {unit}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=0 if wrapped else -45)
    return finish(fig, frame, title=title, x_title="", y_title="", source=source, lang=lang,
                  height=max(440, 220 + 30 * len(table.index)) + (0 if wrapped else 170))


def category_bars(frame: pd.DataFrame, *, category: str, value: str, names: dict, title: str, unit: str,
                  source: str, lang: str, color: str | None = None, color_names: dict | None = None,
                  order: list | None = None) -> go.Figure:
    """Horizontal bars per category (e.g. provider type), optionally split by `color` (e.g. country); the
    largest on top, or in `order` (codes, top first; a category without a value keeps its row at 0)."""
    if frame.empty:
        return empty(t("empty.no_data", lang=lang), title)
    order = list(reversed(order)) if order else frame.groupby(category)[value].sum().sort_values().index.tolist()
    fig = go.Figure()
    for key, part in (frame.groupby(color) if color else [(None, frame)]):
        part = part.set_index(category).reindex(order).dropna(subset=[value]).reset_index()
        fig.add_bar(y=safe(names.get(c, c) for c in part[category]), x=part[value], orientation="h",
                    name=(color_names or {}).get(key, key) if key else title,
                    marker={"color": COUNTRY_COLORS.get(key, PALETTE[0])},
                    hovertemplate=f"%{{y}}: %{{x}} {unit}<extra></extra>")
    fig.update_layout(barmode="stack", showlegend=bool(color))
    fig.update_yaxes(categoryorder="array", categoryarray=safe(names.get(c, c) for c in order))
    if frame[value].max() <= 10:  # small counts: whole numbers on the axis
        fig.update_xaxes(dtick=1)
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
         year_axis: bool = False, breaks: pd.DataFrame | None = None) -> go.Figure:
    """A matrix drawn as squares, one per row of `frame` at (`x`, `y`), coloured by `colour` (one legend entry
    per value, in `colour_names`), with `hover` text and `custom` columns as customdata (so a click on a cell
    can open what it stands for). `breaks` (x_before, x_after, y) draws a bar between two cells of a row:
    a break in the definition."""
    if frame.empty:
        return empty(t("empty.no_data", lang=lang), title)
    fig = go.Figure()
    for key, part in frame.groupby(colour, sort=False):
        fig.add_scatter(x=part[x], y=safe(part[y]), mode="markers", name=safe(colour_names.get(key, key)),
                        marker={"symbol": "square", "size": 16, "color": colours.get(key, PALETTE[0]), "line": {"width": 1, "color": "#fff"}},
                        customdata=part[list(custom)].to_numpy() if custom else None,
                        hovertext=safe(part[hover]), hovertemplate="%{hovertext}<extra></extra>")
    if breaks is not None and not breaks.empty:
        fig.add_scatter(x=(breaks.x_before + breaks.x_after) / 2, y=safe(breaks.y), mode="markers", name=t("coverage.break", lang=lang),
                        marker={"symbol": "line-ns", "size": 18, "line": {"width": 3, "color": "#222222"}},
                        hovertext=safe(breaks.hover), hovertemplate="%{hovertext}<extra></extra>")
    y_order = list(y_order or frame[y].unique())
    x_order = list(x_order or frame[x].unique())
    # Every row and column labelled (plotly skips some when they crowd); long column names shortened on the
    # axis (the hover has them whole), and the top margin grown to hold them under the title.
    short = [label if len(label) <= 34 else label[:33] + "…" for label in map(str, x_order)]
    label_px = 0 if year_axis else int(min(34, max(map(len, short), default=0)) * 7 * 0.64) + 10
    fig.update_yaxes(categoryorder="array", categoryarray=safe(list(reversed(y_order))), tickmode="array",
                     tickvals=safe(y_order), ticktext=safe(y_order), showgrid=False)
    if year_axis:
        fig.update_xaxes(side="top", showgrid=False, dtick=1 if frame[x].nunique() <= 20 else None)
    else:
        fig.update_xaxes(categoryorder="array", categoryarray=safe(x_order), tickmode="array", tickvals=safe(x_order),
                         ticktext=safe(short), side="top", tickangle=-40, showgrid=False)
    fig = finish(fig, frame, title=title, x_title="", y_title="", source=source, lang=lang,
                 height=260 + label_px + 22 * len(y_order), year_axis=year_axis)
    fig.update_layout(margin={**fig.layout.margin.to_plotly_json(), "t": fig.layout.margin.t + label_px + 24},
                      legend={"y": -0.02, "yanchor": "top"}, title={"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 12}})
    return fig
