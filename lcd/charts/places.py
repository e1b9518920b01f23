"""Charts of places: bars, lines, series per basis, the ageing-gap scatter, network growth."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lcd.charts.base import (AGED_PCT, COUNTRY_COLORS, PALETTE, THRESHOLDS, _country_colors, color_for, empty, finish,
                             safe)
from lcd.i18n import t


def place_bars(frame: pd.DataFrame, value: str, *, title: str, unit: str, source: str, lang: str,
               stack: str | None = None, stack_label: str | None = None, selected: str | None = None,
               fmt: str = ",.0f", caveat: str | None = None) -> go.Figure:
    """Horizontal bars, one per place (largest on top), optionally stacked by `stack` (e.g. age group).
    With a `detail` column (charts.with_detail), every bar's hover names its year and basis, and when the
    places are not all at one year and basis the bars are split into one legend entry per year and basis."""
    if frame.empty:
        return empty(t("empty.no_data", lang=lang), title)
    detail = "detail" in frame
    places = frame.groupby("place", sort=False).agg(place_id=("place_id", "first"), total=(value, "sum"),
                                                   **({"country_iso": ("country_iso", "first")} if "country_iso" in frame else {}),
                                                   **({"detail": ("detail", "first")} if detail else {}))
    places = places.sort_values("total")
    order = safe(places.index)
    ids = places.place_id.tolist()
    outline = {"width": [3 if p == selected else 0 for p in ids], "color": "#111"}
    extra = " · %{customdata[1]}" if detail else ""
    fig = go.Figure()
    if stack:
        table = frame.pivot_table(index="place", columns=stack, values=value, aggfunc="sum").reindex(places.index)
        labels = frame.drop_duplicates(stack)
        names = dict(zip(labels[stack], safe(labels[stack_label] if stack_label else labels[stack])))
        custom = [[p, d] for p, d in zip(ids, safe(places.detail))] if detail else [[p] for p in ids]
        for i, key in enumerate(table.columns):
            fig.add_bar(y=order, x=table[key].to_numpy(), orientation="h", name=names[key], customdata=custom,
                        marker={"color": PALETTE[i % len(PALETTE)], "line": outline},
                        hovertemplate=f"%{{y}}: %{{x:{fmt}}} {unit}{extra}<extra>{names[key]}</extra>")
    elif detail and places.detail.nunique() > 1:
        for i, (group, part) in enumerate(places.groupby("detail", sort=False)):
            fig.add_bar(y=safe(part.index), x=part.total.to_numpy(), orientation="h", name=safe(group),
                        customdata=[[p, safe(group)] for p in part.place_id],
                        marker={"color": PALETTE[i % len(PALETTE)],
                                "line": {"width": [3 if p == selected else 0 for p in part.place_id], "color": "#111"}},
                        hovertemplate=f"%{{y}}: %{{x:{fmt}}} {unit}{extra}<extra></extra>")
    else:
        custom = [[p, d] for p, d in zip(ids, safe(places.detail))] if detail else [[p] for p in ids]
        fig.add_bar(y=order, x=places.total.to_numpy(), orientation="h", name=title, customdata=custom,
                    marker={"color": _country_colors(places), "line": outline},
                    hovertemplate=f"%{{y}}: %{{x:{fmt}}} {unit}{extra}<extra></extra>")
    fig.update_layout(barmode="stack", showlegend=len(fig.data) > 1, yaxis={"categoryorder": "array", "categoryarray": order})
    height = max(320, 120 + (28 if len(order) <= 25 else 17) * len(order) + (30 if len(fig.data) > 1 else 0))
    return finish(fig, frame, title=title, x_title=unit, y_title="", source=source, lang=lang, height=height, caveat=caveat)


def place_lines(frame: pd.DataFrame, x: str, y: str, *, title: str, x_title: str, unit: str, source: str,
                lang: str, selected: str | None = None, fmt: str = ",.0f") -> go.Figure:
    """One line per place over `x` (usually year)."""
    if frame.empty:
        return empty(t("empty.no_data", lang=lang), title)
    fig = go.Figure()
    for place_id, part in frame.sort_values(x).groupby("place_id", sort=False):
        fig.add_scatter(x=part[x], y=part[y], mode="lines+markers", name=safe(part.place.iloc[0]),
                        customdata=part[["place_id"]].to_numpy(),
                        line={"color": color_for(place_id), "width": 4 if place_id == selected else 2},
                        hovertemplate=f"%{{x}}: %{{y:{fmt}}} {unit}<extra>%{{fullData.name}}</extra>")
    return finish(fig, frame, title=title, x_title=x_title, y_title=unit, source=source, lang=lang, height=440 + 12 * len(fig.data),
                  year_axis=x == "year")


def series_lines(frame: pd.DataFrame, *, title: str, unit: str, source: str, lang: str, basis_names: dict[str, str],
                 thresholds: bool = False, selected: str | None = None) -> go.Figure:
    """One line per series (place × indicator × basis), never joining two bases. A place keeps one colour; its
    headline series is solid, any other basis dotted, projections dashed, estimates drawn with open markers;
    hovers name the basis and flag. Optional reference lines at the aged (20%) and super-aged (28%) thresholds."""
    if frame.empty:
        return empty(t("empty.no_data", lang=lang), title)
    fig = go.Figure()
    headline = frame.headline if "headline" in frame else pd.Series(True, index=frame.index)
    for series_id, part in frame.assign(headline=headline).sort_values("year").groupby("series_id", sort=True):
        place_id, basis = part.place_id.iloc[0], part.basis.iloc[0]
        label = safe(f"{part.place.iloc[0]} · {basis_names.get(basis, basis)}")
        if "indicator" in part and part.indicator_id.nunique() == 1 and frame.indicator_id.nunique() > 1:
            label += f" · {safe(part.indicator.iloc[0])}"
        for is_projection, bit in part.groupby(part.flag == "projection"):
            estimate = bit.flag == "estimate"
            dash = "dash" if is_projection else "solid" if bit.headline.iloc[0] else "dot"
            fig.add_scatter(
                x=bit.year, y=bit.value, name=label + (f" ({t('vocab.flag.projection', lang=lang)})" if is_projection else ""),
                mode="lines+markers", legendgroup=series_id,
                customdata=[[place_id, t(f"vocab.flag.{f}", lang=lang)] for f in bit.flag],
                line={"color": color_for(place_id), "dash": dash, "width": 4 if place_id == selected else 2},
                marker={"symbol": ["circle-open" if e else "circle" for e in estimate], "size": 7},
                hovertemplate=f"%{{x}}: %{{y:.1f}} {unit} · %{{customdata[1]}}<extra>{label}</extra>",
            )
    if thresholds:
        for level, key, other in THRESHOLDS.get(lang, THRESHOLDS["en"]):
            fig.add_hline(y=level, line={"color": "#888", "dash": "dot", "width": 1},
                          annotation={"text": t(key, lang=lang, pct=level), "font": {"size": 11, "color": "#555"},
                                      "hovertext": t(other, lang=lang)},
                          annotation_position="top left")
    return finish(fig, frame, title=title, x_title=t("axis.year", lang=lang), y_title=unit, source=source, lang=lang,
                  height=460 + 22 * len(fig.data), year_axis=True)


def _gap_labels(frame: pd.DataFrame, selected: str | None) -> pd.Series:
    """Which points of the gap chart are named on the chart: those with programmes for older adults, those
    past the aged-society line (the gaps), and the selected place; the rest are named on hover, so that
    the many young places without such programmes do not write over each other at zero."""
    named = (frame.older_programmes > 0) | (frame.share_60plus_pct >= AGED_PCT) | (frame.place_id == selected)
    return frame.place.where(named, "")


def _label_positions(frame: pd.DataFrame) -> pd.Series:
    """Labels of neighbouring points on one row alternate above and below their marker."""
    position = pd.Series("top center", index=frame.index)
    for _, row in frame.sort_values("share_60plus_pct").groupby("older_programmes"):
        position[row.index[1::2]] = "bottom center"
    return position


def gap_scatter(frame: pd.DataFrame, *, title: str, source: str, lang: str, selected: str | None = None,
                caveat: str | None = None) -> go.Figure:
    """Places by 60+ share (x, percent) and programmes for older adults (y): the gap is bottom right.
    One legend entry per country and, where they differ, per year and basis (`detail`); hovers name both."""
    if frame.empty:
        return empty(t("empty.no_data", lang=lang), title)
    fig = go.Figure()
    detail = frame.detail if "detail" in frame else pd.Series("", index=frame.index)
    frame = frame.assign(detail=detail, label=_gap_labels(frame, selected), position=_label_positions(frame))
    for (country, words), part in frame.groupby(["country_iso", "detail"], sort=True):
        name = t(f"vocab.country.{country}", lang=lang) + (f" · {safe(words)}" if words else "")
        fig.add_scatter(
            x=part.share_60plus_pct, y=part.older_programmes, mode="markers+text", text=safe(part.label),
            hovertext=safe(part.place), textposition=part.position.tolist(), name=name, cliponaxis=False,
            textfont={"size": 12},
            customdata=[[p, safe(d)] for p, d in zip(part.place_id, part.detail)],
            marker={"size": [18 if p == selected else 12 for p in part.place_id], "color": COUNTRY_COLORS.get(country),
                    "symbol": "circle" if part.get("comparable", pd.Series(True, index=part.index)).all() else "diamond"},
            hovertemplate="%{hovertext}: %{x:.1f}% · %{customdata[1]} · %{y}<extra></extra>",
        )
    fig.add_vline(x=AGED_PCT, line={"color": "#888", "dash": "dot", "width": 1},
                  annotation={"text": t("ageing.aged", lang=lang, pct=AGED_PCT), "font": {"size": 11},
                              "hovertext": t("ageing.aged_other", lang=lang)})
    fig.update_yaxes(rangemode="tozero")
    return finish(fig, frame, title=title, x_title=t("axis.share_60plus", lang=lang),
                  y_title=t("axis.older_programmes", lang=lang), source=source, lang=lang, height=500, caveat=caveat)


def indexed_lines(frame: pd.DataFrame, value: str, *, title: str, source: str, lang: str) -> go.Figure:
    """Each place's `value` as an index (its first year with data = 100) over the years."""
    if frame.empty:
        return empty(t("empty.no_data", lang=lang), title)
    frame = frame.sort_values("year").copy()
    base = frame.groupby("place_id")[value].transform("first")
    frame["index"] = 100 * frame[value] / base.where(base > 0)
    return place_lines(frame.dropna(subset=["index"]), "year", "index", title=title, x_title=t("axis.year", lang=lang),
                       unit=t("axis.index", lang=lang), source=source, lang=lang, fmt=".0f")


def growth_lines(frame: pd.DataFrame, *, title: str, source: str, lang: str) -> go.Figure:
    """Cumulative GNLC member cities per country over the years (members with a known join year)."""
    if frame.empty:
        return empty(t("empty.no_data", lang=lang), title)
    fig = go.Figure()
    for country, part in frame.groupby("country_iso"):
        fig.add_scatter(x=part.year, y=part.members, mode="lines+markers", line={"shape": "hv", "color": COUNTRY_COLORS.get(country)},
                        name=t(f"vocab.country.{country}", lang=lang), hovertemplate="%{x}: %{y} <extra>%{fullData.name}</extra>")
    return finish(fig, frame, title=title, x_title=t("axis.year", lang=lang), y_title=t("axis.cities", lang=lang),
                  source=source, lang=lang, height=360, year_axis=True)


def bubble_rows(frame: pd.DataFrame, y: str) -> pd.DataFrame:
    """The rows the moving bubbles draw: a place in a year with its share aged 60+, `y` and its residents."""
    return frame.dropna(subset=["share60", y, "population"])


def opening_year(rows: pd.DataFrame) -> int:
    """The year the moving bubbles open on: the latest with the most places."""
    counts = rows.groupby("year").place_id.nunique()
    return int(counts[counts == counts.max()].index.max())


def bubbles(frame: pd.DataFrame, y: str, *, title: str, y_title: str, source: str, lang: str, basis_names: dict,
            year_label=str, trails: tuple[str, ...] = ()) -> go.Figure:
    """Places moving over the years, in the manner of Gapminder: share aged 60+ (x, each place on its one
    basis, named in the hover), `y`, residents as the bubble's area, colour by country; a play button and a
    year slider. A place appears only in the years it has values. The `trails` places keep their path drawn
    (a static line under the bubbles)."""
    frame = bubble_rows(frame, y)
    if frame.empty:
        return empty(t("empty.no_data", lang=lang), title)
    years = sorted(frame.year.unique())
    countries = sorted(frame.country_iso.unique())
    sizeref = 2.0 * frame.population.max() / (46 ** 2)

    def traces(year) -> list[go.Scatter]:
        out = []
        for country in countries:
            part = frame[(frame.year == year) & (frame.country_iso == country)]
            out.append(go.Scatter(
                x=part.share60, y=part[y], mode="markers+text", text=safe(part.place), textposition="top center",
                textfont={"size": 11}, name=t(f"vocab.country.{country}", lang=lang), legendgroup=country,
                customdata=[[p, safe(basis_names.get(b, b)), year_label(yr), f"{int(n):,}"] for p, b, yr, n in
                            zip(part.place_id, part.basis, part.year, part.population)],
                marker={"size": part.population, "sizemode": "area", "sizeref": sizeref, "sizemin": 5,
                        "color": COUNTRY_COLORS.get(country), "opacity": 0.75, "line": {"width": 1, "color": "#fff"}},
                hovertemplate=f"%{{text}} · %{{customdata[2]}}<br>%{{x:.1f}}% (%{{customdata[1]}})<br>{y_title}: %{{y:.2f}}"
                              f"<br>{t('axis.residents', lang=lang)}: %{{customdata[3]}}<extra></extra>"))
        return out

    first = opening_year(frame)

    fig = go.Figure(data=traces(first), frames=[go.Frame(data=traces(year), name=str(year), traces=list(range(len(countries))))
                                                for year in years])
    for place_id, path in frame[frame.place_id.isin(trails)].sort_values("year").groupby("place_id"):
        fig.add_scatter(x=path.share60, y=path[y], mode="lines+markers", name=safe(path.place.iloc[0]), showlegend=True,
                        line={"color": color_for(place_id), "width": 2, "dash": "dot"}, marker={"size": 5},
                        customdata=[[place_id, year_label(yr)] for yr in path.year], hoverinfo="skip")
    pad = max(1.0, (frame.share60.max() - frame.share60.min()) * 0.05)
    fig.update_xaxes(range=[frame.share60.min() - pad, frame.share60.max() + pad])
    fig.update_yaxes(range=[0, frame[y].max() * 1.15 or 1])
    steps = [{"label": year_label(year), "method": "animate",
              "args": [[str(year)], {"mode": "immediate", "frame": {"duration": 600, "redraw": False}, "transition": {"duration": 400}}]}
             for year in years]
    fig.update_layout(
        sliders=[{"active": years.index(first), "steps": steps, "x": 0.12, "len": 0.88, "y": -0.14, "yanchor": "top", "pad": {"t": 10},
                  "currentvalue": {"prefix": f"{t('axis.year', lang=lang)}: ", "font": {"size": 16}}}],
        updatemenus=[{"type": "buttons", "showactive": False, "x": 0, "y": -0.14, "xanchor": "left", "yanchor": "top",
                      "pad": {"t": 40}, "buttons": [
                          {"label": "▶", "method": "animate",
                           "args": [None, {"frame": {"duration": 700, "redraw": False}, "fromcurrent": False,
                                           "transition": {"duration": 400}}]},
                          {"label": "❚❚", "method": "animate",
                           "args": [[None], {"mode": "immediate", "frame": {"duration": 0}, "transition": {"duration": 0}}]}],
                      "direction": "left"}],
    )
    flags = frame.assign(flags=frame.flag + "," + frame.population_flag + ("," + frame.rate_flag.fillna("") if "rate_flag" in frame
                                                                          and y == "rate_per_1000" else ""))
    finish(fig, flags[["flags"]], title=title, x_title=t("axis.share_60plus", lang=lang), y_title=y_title, source=source,
           lang=lang, height=680)
    # the legend over the plot's top right, clear of the slider and buttons under it
    fig.update_layout(legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"},
                      margin={"b": 150})
    return fig
