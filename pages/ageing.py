"""Ageing (`/ageing`): 60+ and 65+ shares per place and basis, thresholds, old-age dependency."""

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
indicator = ui.option("share", {"population_60plus_pct": t("ageing.share60"), "population_65plus_pct": t("ageing.share65")},
                      t("ageing.indicator"))
bases = q.code_names(lang)["basis"]
columns = ["place", "year", "value", "unit", "basis", "flag", "source_ids", "note"]

shares = q.series((indicator,), chosen, filters.years, lang)
title = t("ageing.share_title", indicator=t("ageing.share60" if indicator.startswith("population_60") else "ageing.share65"))
fig = charts.series_lines(shares, title=title, unit=t("unit.percent"), source=charts.source_text(shares.source_ids),
                          lang=lang, basis_names=bases, thresholds=True, selected=filters.place)
ui.chart(fig, shares, "ageing_shares", columns, filters, empty_message=t("empty.ageing"))
st.caption(t("ageing.bases_note"))

ratios = q.series(("old_age_dependency_ratio", "old_age_dependency_ratio_60"), chosen, filters.years, lang)
names = q.indicators(lang).set_index("indicator_id").name
ratios = ratios.assign(indicator=ratios.indicator_id.map(names), series_id=ratios.series_id)
fig = charts.series_lines(ratios, title=t("ageing.dependency_title"), unit=t("unit.per_100_working"),
                          source=charts.source_text(ratios.source_ids), lang=lang, basis_names=bases, selected=filters.place)
ui.chart(fig, ratios, "ageing_dependency", ["place", "indicator"] + columns[1:], filters, empty_message=t("empty.dependency"))
ui.footer()
