"""What every chart shares: the palette and font, the title with its source line and caveat, the synthetic
label, empty figures, the Buddhist Era, milestones, and the year-and-basis words of comparisons."""

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


# Colour-blind-safe colours: Okabe and Ito's eight (without black and yellow, too dark or too pale for
# lines on white), then Paul Tol's "muted" set; categories take them in order.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
           "#332288", "#117733", "#882255", "#44AA99", "#999933", "#AA4499", "#DDCC77", "#88CCEE", "#CC6677")
COUNTRY_COLORS = {"CN": "#D55E00", "TH": "#0072B2"}
# One colour per place, the same on every page, view, export and language. The places officials put side
# by side most often get colours no two of which are confused (the ageing and compare defaults among them);
# any other place takes one from its id.
PLACE_COLORS = {
    "shanghai": "#D55E00", "thailand": "#0072B2", "bangkok": "#009E73", "lamphun": "#CC79A7", "tak": "#E69F00",
    "yala": "#56B4E9", "udon_thani": "#332288", "trang": "#117733", "phayao": "#882255", "chiang_mai": "#44AA99",
    "songjiang": "#AA4499", "pudong": "#999933", "lingang": "#88CCEE", "china": "#CC6677", "hat_yai": "#DDCC77",
}


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
    """A stable colour per place (or category), the same in every chart: PLACE_COLORS, else one from the id."""
    return PLACE_COLORS.get(key) or PALETTE[zlib.crc32(key.encode()) % len(PALETTE)]


def safe(values):
    """Data text for plotly, which reads a subset of HTML in labels: escape it so a name such as
    `<img src=x onerror=…>` is drawn as those characters. Accepts one value or a sequence."""
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        return html.escape(str(values), quote=False)
    return [html.escape(str(v), quote=False) for v in values]


def flags_of(frame: pd.DataFrame) -> set[str]:
    """Every quality flag of the values in a frame (`flag` column, or `flags` as comma-joined text or lists)."""
    found: set[str] = set()
    for column in ("flag", "flags", "population_flag"):
        if column in frame:
            for value in frame[column].dropna():
                parts = value if isinstance(value, (list, tuple)) else str(value).split(",")
                found.update(str(part).strip() for part in parts)
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
        if "year" in frame and frame.year.nunique() <= 12:  # few years: one tick each, never "2021, 2021"
            xaxis["dtick"] = 1
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
    for shape in shifted.layout.shapes:  # milestones: vertical lines at a year
        if shape.xref == "x" and isinstance(shape.x0, numbers.Number):
            shape.x0, shape.x1 = shape.x0 + BE_OFFSET, shape.x1 + BE_OFFSET
    for note in shifted.layout.annotations:
        if note.xref == "x" and isinstance(note.x, numbers.Number):
            note.x = note.x + BE_OFFSET
    shifted.update_xaxes(title_text=t("axis.year_be", lang=lang))
    return shifted


def with_milestones(fig: go.Figure, frame: pd.DataFrame, lang: str, year_label=str) -> go.Figure:
    """`fig` (a chart with a year axis) with the milestones of the places it shows (`queries.milestones`)
    drawn as labelled vertical lines within its years; the label names the place and the event in the
    reader's language, the hover adds the date. Nothing is drawn outside the chart's years."""
    years = [x for trace in fig.data if trace.x is not None for x in trace.x if isinstance(x, numbers.Number)]
    if frame.empty or not years or (fig.layout.meta or {}).get("empty"):
        return fig
    low, high = min(years), max(years)
    shown = frame[frame.year.between(low, high)]
    # Labels lie flat, in four staggered rows under the top edge, and point away from the nearer side, so
    # that events a year or two apart (an act, a visit and a join in 2023-2025) stay readable.
    for offset, row in enumerate(shown.sort_values(["year", "place"]).itertuples()):
        label = safe(f"{row.place}: {row.event}")
        fig.add_vline(x=row.year, line={"color": "#9a7b4f", "dash": "dot", "width": 1}, name="milestone")
        right_half = row.year > (low + high) / 2
        fig.add_annotation(x=row.year, y=1 - 0.075 * (offset % 4), xref="x", yref="paper", text=label, showarrow=False,
                           xanchor="right" if right_half else "left", yanchor="top", xshift=-3 if right_half else 3,
                           font={"size": 10, "color": "#7a5b2f"}, bgcolor="rgba(255,255,255,0.8)",
                           hovertext=safe(f"{row.place}, {year_label(row.year)}{row.date_text[4:]}: {row.event}"),
                           name="milestone")
    return fig


def _country_colors(frame: pd.DataFrame) -> list[str] | str:
    if "country_iso" not in frame:
        return PALETTE[0]
    return [COUNTRY_COLORS.get(c, PALETTE[0]) for c in frame.country_iso]


def with_detail(frame: pd.DataFrame, basis_names: dict, buddhist_era: bool = False, year: str | pd.Series = "year",
                basis: str | pd.Series = "basis", lang: str = "en") -> pd.DataFrame:
    """`frame` with `detail`: the year and basis of each value in words ("Thai civil registration (DOPA), 2021";
    "泰国民事登记（内政部省行政厅），2021年"), for hovers, labels and legends of charts that put places side by side.
    `year` and `basis` are columns (or series) to read them from."""
    if frame.empty:
        return frame.assign(detail=pd.Series(dtype=object))
    years = frame[year] if isinstance(year, str) else year
    bases = frame[basis] if isinstance(basis, str) else basis
    words = [t("chart.basis_year", lang=lang, basis=basis_names.get(b, b), year=formats.year(y, buddhist_era))
             for b, y in zip(bases, years)]
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
