"""Coverage (`/coverage`): which places have which indicators, for which years, on which bases; how
comparable each cell is with its column; where a series changes basis. A click on a cell opens the
chart of that place and indicator (view `series`)."""

import streamlit as st

from etl.contract import ENUMS

from lcd import charts, comparable, coverage, queries as q, summaries, ui
from lcd.filters import places_in_scope
from lcd.i18n import t

VIEWS = ("matrix", "years", "series")
BASIS_COLOURS = dict(zip(ENUMS["basis"], charts.PALETTE * 3))  # one colour per basis, the same in every view

page = ui.start("coverage", filters=("countries", "places", "years"))
filters, lang = page.filters, page.lang
ui.header(page)
words = page.words()
places = q.places(lang)
place_names = places.set_index("place_id").name.to_dict()
network = q.network_places(lang)
default = list(dict.fromkeys(p for country, top in (("CN", "shanghai"), ("TH", "thailand"))
                             for p in (top, *network[network.country_iso == country].place_id)))  # each country, then its places
chosen = places_in_scope(filters, zip(places.place_id, places.country_iso), default)
if not filters.places:
    st.caption(t("coverage.default_places"))

categories = q.code_names(lang)["category"]
with st.container(horizontal=True, vertical_alignment="bottom"):
    category = ui.option("category", {c: categories[c] for c in ("ageing", "population", "learning_system", "network")},
                         t("coverage.category"), widget=st.selectbox)
values = q.coverage_values(chosen, filters.countries, (category,), lang)
values = values[values.year.between(*filters.years)]
indicator_names = q.indicators(lang).set_index("indicator_id").name.to_dict()
# The category's indicators, best covered first (the default of the years and series views is the most shared one)
present = values.groupby("indicator_id").place_id.nunique().reset_index().sort_values(["place_id", "indicator_id"],
                                                                                    ascending=[False, True]).indicator_id.tolist()
indicator = ui.option_value("indicator", present) if present else None  # the years and series views' indicator
if ui.option_value("view", list(VIEWS)) != "matrix" and present:
    with st.container(horizontal=True, vertical_alignment="bottom"):
        indicator = ui.option("indicator", {i: indicator_names.get(i, i) for i in present}, t("coverage.indicator"),
                              widget=st.selectbox)
source = page.source_line(values.source_ids)
status_names = {s: t(f"coverage.status.{s}") for s in comparable.STATUS}
columns = ["place", "indicator", "years_text", "bases_text", "flags_text", "status_text", "reference"]


def matrix() -> ui.Panel:
    shown = [p for p in chosen if p in set(values.place_id)] or list(chosen)
    cells = coverage.cells(comparable.coverage(values, shown, present), place_names, indicator_names, words)
    axes = {"indicator": [indicator_names.get(i, i) for i in present], "place": [place_names.get(p, p) for p in shown]}
    rows = "indicator" if len(present) > max(20, len(shown)) else "place"  # many indicators, few places: indicators as rows
    columns_of = "place" if rows == "indicator" else "indicator"
    fig = charts.grid(cells, x=columns_of, y=rows, colour="status", colours=charts.STATUS_COLORS, colour_names=status_names,
                      hover="hover", title=t("coverage.matrix_title", category=categories[category]), source=source, lang=lang,
                      x_order=axes[columns_of], y_order=axes[rows], custom=["place_id", "indicator_id"])
    return ui.Panel(fig, cells, columns, t("coverage.empty"), note=t("coverage.matrix_note"),
                    summary=summaries.coverage(cells, words),
                    on_click=lambda c: {"place": c[0], "indicator": c[1], "view": "series"})


def years() -> ui.Panel:
    mine = values[values.indicator_id == indicator]
    cells = coverage.year_cells(mine, words)
    breaks = coverage.break_marks(comparable.definition_breaks(mine), place_names, words)
    shown = [place_names.get(p, p) for p in chosen if p in set(mine.place_id)]
    fig = charts.grid(cells, x="year", y="place", colour="basis", colours=BASIS_COLOURS,
                      colour_names=words.basis, hover="hover", y_order=shown, custom=["place_id"], year_axis=True, breaks=breaks,
                      title=t("coverage.years_title", indicator=indicator_names.get(indicator, indicator)), source=source, lang=lang)
    return ui.Panel(fig, cells, ["place", "year", "value", "unit", "basis", "flag", "source_ids"], t("coverage.empty"),
                    note=t("coverage.years_note"), summary=summaries.breaks(cells, breaks, words, indicator_names.get(indicator, "")),
                    on_click=lambda c: {"place": c[0], "view": "series"})


def series() -> ui.Panel:
    having = set(values[values.indicator_id == indicator].place_id)
    place = filters.place or next((p for p in chosen if p in having), None)  # the clicked place, else the first with values
    frame = q.series((indicator,), (place,) if place in having else (), filters.years, lang)
    unit = frame.unit.iloc[0] if not frame.empty else ""
    name = indicator_names.get(indicator, indicator)
    fig = charts.series_lines(frame, title=t("coverage.series_title", place=place_names.get(place, ""), indicator=name),
                              unit=q.code_names(lang)["unit"].get(unit, unit), source=page.source_line(frame.source_ids), lang=lang,
                              basis_names=words.basis)
    empty = t("coverage.no_series", place=place_names.get(place, "–"), indicator=name)
    return ui.Panel(fig, frame, ["place", "year", "value", "unit", "basis", "flag", "source_ids", "note"], empty,
                    note=t("coverage.series_note"), series=(["place", "basis"], "value", "flag"),
                    summary=summaries.series(frame, words, name, "percent" if unit == "percent" else ""))


ui.views(page, {"matrix": (t("coverage.view.matrix"), matrix), "years": (t("coverage.view.years"), years),
                "series": (t("coverage.view.series"), series)})
ui.footer(page)
