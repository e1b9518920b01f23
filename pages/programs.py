"""Programme coverage (`/programs`): themes × age groups, providers, timeline, coverage rate, gaps."""

import streamlit as st

from lcd import charts, queries as q, ui
from lcd.i18n import t

filters = ui.start("programs")
lang = filters.lang
ui.header("programs")
ui.synthetic_notice()
vocab = q.code_names(lang)
scope = (filters.places or None, filters.countries, filters.themes)
source_all = charts.source_text(q.programs(lang).source_ids)

matrix = q.program_matrix(*scope)
fig = charts.heatmap(matrix, x="target_age_group", y="theme", value="programmes", x_names=vocab["target_age_group"],
                     y_names=vocab["theme"], title=t("programs.matrix_title"), unit=t("unit.programmes"), source=source_all, lang=lang)
ui.chart(fig, matrix, "programs_matrix", ["theme", "target_age_group", "programmes", "program_ids"], filters,
         empty_message=t("empty.programs"))

left, right = st.columns(2)
with left:
    providers = q.programs_by_provider(*scope)
    fig = charts.category_bars(providers, category="provider_type", value="programmes", names=vocab["provider_type"],
                               color="country_iso", color_names={c: t(f"country.{c}") for c in ("CN", "TH")},
                               title=t("programs.providers_title"), unit=t("unit.programmes"), source=source_all, lang=lang)
    ui.chart(fig, providers, "programs_providers", ["provider_type", "country_iso", "programmes"], filters, empty_message=t("empty.programs"))
with right:
    listed = q.program_list(*scope, lang)
    fig = charts.timeline(listed, title=t("programs.timeline_title"), source=charts.source_text(listed.source_ids),
                          lang=lang, theme_names=vocab["theme"])
    ui.chart(fig, listed.dropna(subset=["start_year"]), "programs_timeline", ["name", "place", "theme", "start_year", "verified", "source_ids"],
             filters, empty_message=t("empty.no_start_years"))

year = min(filters.years[1], 2025)
coverage = q.program_coverage(*scope, year, lang)
coverage = coverage.assign(place=coverage.program.str.slice(0, 60) + " (" + coverage.place + ")")
fig = charts.place_bars(coverage.head(15), "coverage_pct", title=t("programs.coverage_title", year=ui.year_label(year)), unit=t("unit.percent_of_target"),
                        source=charts.source_text(coverage.source_ids), lang=lang, fmt=",.2f", selected=filters.place)
ui.chart(fig, coverage.head(15), "programs_coverage", ["program", "participants", "target_population", "population_basis", "coverage_pct", "flags"],
         filters, empty_message=t("empty.participation"))

gap = q.ageing_gap(filters.countries, lang)
fig = charts.gap_scatter(gap, title=t("programs.gap_title"), source=charts.source_text(gap.source_ids), lang=lang, selected=filters.place)
ui.chart(fig, gap, "programs_gap", ["place", "share_60plus_pct", "year", "basis", "flag", "older_programmes", "programmes"], filters)
st.caption(t("programs.gap_note"))

with st.expander(t("programs.list_title")):
    st.dataframe(ui.localised(listed, ["name", "place", "theme", "target_age_group", "provider_types", "start_year", "verified",
                                       "description_en", "source_ids"]), hide_index=True)
ui.footer()
