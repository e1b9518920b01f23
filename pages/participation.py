"""Participation (`/participation`): participants and rates by place, age group, year and programme."""

import streamlit as st

from lcd import charts, queries as q, ui
from lcd.i18n import t

filters = ui.start("participation")
lang = filters.lang
ui.header("participation")
ui.synthetic_notice()
scope = (filters.places, filters.countries, filters.years, filters.ages)
unit = t("unit.participants")

by_age = q.participation_by("place_age", *scope, filters.themes, lang)
fig = charts.place_bars(by_age, "participants", title=t("participation.by_place_title"), unit=unit, lang=lang,
                        source=charts.source_text(by_age.source_ids), stack="age_group", stack_label="age_group_name",
                        selected=filters.place)
ui.chart(fig, by_age, "participation_by_place", ["place", "age_group_name", "participants", "learning_hours", "records", "flags", "source_ids"],
         filters, empty_message=t("empty.participation"))

rates = q.participation_rates(*scope, lang)
latest = rates[rates.year == rates.year.max()] if not rates.empty else rates
rate_title = t("participation.rate_title", year=ui.year_label(latest.year.max()) if not latest.empty else "")
fig = charts.place_bars(latest, "rate_per_1000", title=rate_title, unit=t("unit.per_1000"), lang=lang, fmt=",.1f",
                        source=charts.source_text(latest.source_ids), stack="age_group",
                        stack_label="age_group_name", selected=filters.place)
fig.update_layout(barmode="group")
ui.chart(fig, latest, "participation_rates", ["place", "year", "age_group_name", "participants", "population", "population_basis",
                                              "population_flag", "rate_per_1000", "flag"], filters,
         empty_message=t("empty.participation"))
st.caption(t("participation.rate_note"))

trend = q.participation_by("place_year", *scope, filters.themes, lang)
fig = charts.place_lines(trend, "year", "participants", title=t("participation.trend_title"), x_title=t("axis.year"),
                         unit=unit, source=charts.source_text(trend.source_ids), lang=lang, selected=filters.place)
ui.chart(fig, trend, "participation_trend", ["place", "year", "participants", "learning_hours", "flags"], filters,
         empty_message=t("empty.participation"))

by_sex = q.participation_by("place_sex", *scope, filters.themes, lang)
fig = charts.place_bars(by_sex, "participants", title=t("participation.sex_title"), unit=unit, lang=lang,
                        source=charts.source_text(by_sex.source_ids), stack="sex", stack_label="sex_name", selected=filters.place)
ui.chart(fig, by_sex, "participation_by_sex", ["place", "sex_name", "participants", "learning_hours", "flags"], filters,
         empty_message=t("empty.participation"))

top = q.participation_by("program", *scope, filters.themes, lang).head(10)
top = top.assign(place=top.program.str.slice(0, 60) + " (" + top.place + ")")
fig = charts.place_bars(top, "participants", title=t("participation.top_title"), unit=unit, lang=lang,
                        source=charts.source_text(top.source_ids), selected=filters.place)
ui.chart(fig, top, "participation_top", ["program", "participants", "learning_hours", "flags", "source_ids"], filters,
         empty_message=t("empty.participation"))
ui.footer()
