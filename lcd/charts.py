"""Chart builders: pure functions, DataFrame in, plotly Figure out (no Streamlit calls).

Every figure gets a title, axis titles with units, the app's font stack (Thai and Chinese
glyphs included), a source line, and — whenever a synthetic value is drawn — a visible
"illustrative synthetic data" label inside the plot. An empty frame gives a figure that says
so instead of an empty axis. Traces that stand for a place carry its id in customdata[0], so a
click can select the place across pages.
"""

from __future__ import annotations

import html
import numbers
import zlib

import pandas as pd
import plotly.graph_objects as go

from lcd import formats
from lcd.formats import BE_OFFSET
from lcd.i18n import t

FONT = "Noto Sans, Noto Sans Thai, Noto Sans CJK SC, sans-serif"
PALETTE = ("#1f5fa8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6cab", "#e07a5f", "#3d405b",
           "#2a9d8f", "#b5838d", "#6d597a", "#f4a261")
COUNTRY_COLORS = {"CN": "#d1495b", "TH": "#1f5fa8"}
AGED_PCT = 20  # share aged 60+: Thailand's complete aged society, China's moderate ageing (中度老龄化)
# The thresholds each reader's officials use, as (share aged 60+ in percent, label key, key of the other
# country's term shown on hover): Thai officials draw the lines at 20% and 28%, Chinese ones at 20% and 30%.
THRESHOLDS = {
    "zh": ((20, "ageing.aged", "ageing.aged_other"), (30, "ageing.super_aged", "ageing.super_aged_other")),
    "th": ((20, "ageing.aged", "ageing.aged_other"), (28, "ageing.super_aged", "ageing.super_aged_other")),
    "en": ((20, "ageing.aged", "ageing.aged_other"), (28, "ageing.super_aged", "ageing.super_aged_other")),
}
# A small white template: plotly's named templates are large and deep-copied on every figure.
_AXIS = {"gridcolor": "#ebebeb", "linecolor": "#ccc", "zerolinecolor": "#ccc", "automargin": True}
TEMPLATE = go.layout.Template(layout={"plot_bgcolor": "white", "paper_bgcolor": "white", "colorway": list(PALETTE),
                                      "xaxis": _AXIS, "yaxis": _AXIS, "hoverlabel": {"font": {"family": FONT}}})


def color_for(key: str) -> str:
    """A stable colour per place (or series), the same in every chart."""
    return PALETTE[zlib.crc32(key.encode()) % len(PALETTE)]


def safe(values):
    """Data text for plotly, which reads a subset of HTML in labels: escape it so a name such as
    `<img src=x onerror=…>` is drawn as those characters. Accepts one value or a sequence."""
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        return html.escape(str(values), quote=False)
    return [html.escape(str(v), quote=False) for v in values]


def flags_of(frame: pd.DataFrame) -> set[str]:
    """Every quality flag of the values in a frame (`flag` column, or comma-joined `flags`)."""
    found: set[str] = set()
    for column in ("flag", "flags", "population_flag"):
        if column in frame:
            for value in frame[column].dropna().astype(str):
                found.update(part.strip() for part in value.split(","))
    return found


def empty(message: str, title: str = "") -> go.Figure:
    """A figure that says there is nothing to draw (instead of an empty axis)."""
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 16})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(title={"text": title}, font={"family": FONT}, height=260, meta={"empty": True})
    return fig


LINE_CHARS = 110  # characters of a source or caveat line under a chart's title before it wraps


def wrap(text: str, width: int = LINE_CHARS, lines: int = 3) -> list[str]:
    """A long line split at '; ' (else at spaces) into at most `lines` lines of about `width` characters
    (plotly does not wrap titles); the last line takes the rest."""
    out: list[str] = []
    rest = text
    while len(rest) > width and len(out) < lines - 1:
        cut = rest.rfind("; ", 0, width)
        cut = cut + 1 if cut > 0 else rest.rfind(" ", 0, width)
        if cut <= 0:
            break
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return out + [rest]


def finish(fig: go.Figure, frame: pd.DataFrame, *, title: str, x_title: str, y_title: str, source: str,
           lang: str, height: int = 420, year_axis: bool = False, caveat: str | None = None) -> go.Figure:
    """Common layout: title, axis titles (with units), font, source line (and a caveat line under it, e.g.
    that the values are not strictly comparable), synthetic label."""
    flags = flags_of(frame)
    flag_names = t("list.separator", lang=lang).join(t(f"vocab.flag.{f}", lang=lang) for f in sorted(flags))
    footer = t("chart.source", lang=lang, source=source) + (f" · {t('chart.flags', lang=lang, flags=flag_names)}" if flags else "")
    lines = wrap(footer) + (wrap(safe(caveat)) if caveat else [])
    subtitle = "<br>".join(lines)
    xaxis = {"title": {"text": x_title}}
    yaxis = {"title": {"text": y_title}}
    if lang != "en":  # full numbers with separators rather than the English "2M" forms
        xaxis.update(exponentformat="none", separatethousands=not year_axis)
        yaxis.update(exponentformat="none", separatethousands=True)
    if year_axis:
        xaxis["tickformat"] = "d"
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "subtitle": {"text": subtitle, "font": {"size": 11, "color": "#555"}}},
        font={"family": FONT, "size": 14},
        height=height,
        margin={"l": 10, "r": 10, "t": 68 + 19 * len(lines), "b": 40},
        legend={"orientation": "h", "yanchor": "top", "y": -80 / max(height - 130, 150), "x": 0, "title": {"text": ""}},
        xaxis=xaxis,
        yaxis=yaxis,
        template=TEMPLATE,
        meta={"flags": sorted(flags), "source": footer, "caveat": caveat or "", "year_axis": year_axis},
    )
    if "synthetic" in flags:
        fig.add_annotation(text=t("chart.synthetic", lang=lang), x=1, y=1, xref="paper", yref="paper", yshift=60 + 19 * len(lines),
                           xanchor="right", yanchor="top", showarrow=False, name="synthetic",
                           font={"size": 13, "color": "#8a1c1c"}, bgcolor="rgba(255,235,235,0.9)",
                           bordercolor="#8a1c1c", borderwidth=1)
    return fig


def with_buddhist_era(fig: go.Figure, lang: str) -> go.Figure:
    """The same figure with its year axis in the Buddhist Era (CE + 543); other figures unchanged."""
    if not (fig.layout.meta or {}).get("year_axis"):
        return fig
    shifted = go.Figure(fig)
    for trace in shifted.data:
        if trace.x is not None:
            trace.x = [x + BE_OFFSET if isinstance(x, numbers.Number) else x for x in trace.x]
    shifted.update_xaxes(title_text=t("axis.year_be", lang=lang))
    return shifted


def _country_colors(frame: pd.DataFrame) -> list[str] | str:
    if "country_iso" not in frame:
        return PALETTE[0]
    return [COUNTRY_COLORS.get(c, PALETTE[0]) for c in frame.country_iso]


def with_detail(frame: pd.DataFrame, basis_names: dict, buddhist_era: bool = False, year: str | pd.Series = "year",
                basis: str | pd.Series = "basis") -> pd.DataFrame:
    """`frame` with `detail`: the year and basis of each value in words ("Thai civil registration (DOPA), 2021"),
    for hovers, labels and legends of charts that put places side by side. `year` and `basis` are columns
    (or series) to read them from."""
    if frame.empty:
        return frame.assign(detail=pd.Series(dtype=object))
    years = frame[year] if isinstance(year, str) else year
    bases = frame[basis] if isinstance(basis, str) else basis
    words = [f"{basis_names.get(b, b)}, {formats.year(y, buddhist_era)}" for b, y in zip(bases, years)]
    return frame.assign(detail=words)


def comparison_label(frame: pd.DataFrame, column: str = "detail") -> str | None:
    """The one year and basis of a chart whose places all share them (for its title), else None."""
    groups = frame[column].dropna().unique() if column in frame else []
    return str(groups[0]) if len(groups) == 1 else None


def comparability_caveat(frame: pd.DataFrame, lang: str, column: str = "detail") -> str | None:
    """The note a chart carries when its places are not all at one year on one basis (None when they are)."""
    groups = list(dict.fromkeys(frame[column].dropna())) if column in frame else []
    if len(groups) <= 1:
        return None
    shown = "; ".join(groups[:3]) + (f" +{len(groups) - 3}" if len(groups) > 3 else "")
    return t("chart.not_comparable", lang=lang, groups=shown)


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
