"""Ageing (`/ageing`): 60+ and 65+ shares per place and basis, thresholds, old-age dependency; one at a time."""

import streamlit as st

from lcd import charts, queries as q, ui
from lcd.filters import places_in_scope
from lcd.i18n import t

DEFAULT_PLACES = ("shanghai", "thailand", "lamphun", "tak", "yala")

filters = ui.start("ageing")
lang = filters.lang
ui.header("ageing")
places = q.places(lang)
chosen = places_in_scope(filters, zip(places.place_id, places.country_iso), DEFAULT_PLACES)
if not filters.places:
    st.caption(t("ageing.default_places"))
bases = q.code_names(lang)["basis"]
columns = ["place", "year", "value", "unit", "basis", "flag", "source_ids", "note"]


def share(indicator: str, name: str):
    def build() -> ui.Panel:
        frame = q.series((indicator,), chosen, filters.years, lang)
        fig = charts.series_lines(frame, title=t("ageing.share_title", indicator=t(name)), unit=t("unit.percent"),
                                  source=charts.source_text(frame.source_ids), lang=lang, basis_names=bases, thresholds=True,
                                  selected=filters.place)
        return ui.Panel(fig, frame, columns, t("empty.ageing"), note=t("ageing.bases_note"))
    return build


def dependency() -> ui.Panel:
    frame = q.series(("old_age_dependency_ratio", "old_age_dependency_ratio_60"), chosen, filters.years, lang)
    names = q.indicators(lang).set_index("indicator_id").name
    frame = frame.assign(indicator=frame.indicator_id.map(names))
    fig = charts.series_lines(frame, title=t("ageing.dependency_title"), unit=t("unit.per_100_working"),
                              source=charts.source_text(frame.source_ids), lang=lang, basis_names=bases, selected=filters.place)
    return ui.Panel(fig, frame, ["place", "indicator"] + columns[1:], t("empty.dependency"))


ui.views({"share60": (t("ageing.share60"), share("population_60plus_pct", "ageing.share60")),
          "share65": (t("ageing.share65"), share("population_65plus_pct", "ageing.share65")),
          "dependency": (t("ageing.view.dependency"), dependency)})
ui.footer()
