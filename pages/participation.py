"""Participation (`/participation`): participants and rates by place, age group, year, sex and programme; one at a time."""

import streamlit as st

from etl.contract import ENUMS
from lcd import charts, queries as q, ui
from lcd.i18n import t

PUBLISHED_ORDER = ENUMS["measure"]  # persons first

filters = ui.start("participation")
lang = filters.lang
ui.header("participation")
ui.synthetic_notice()
scope = (filters.places, filters.countries, filters.years, filters.ages)
unit = t("unit.participants")
empty = t("empty.participation")


def by_place() -> ui.Panel:
    frame = q.participation_by("place_age", *scope, filters.themes, lang)
    fig = charts.place_bars(frame, "participants", title=t("participation.by_place_title"), unit=unit, lang=lang,
                            source=ui.source_line(frame.source_ids), stack="age_group", stack_label="age_group_name",
                            selected=filters.place)
    return ui.Panel(fig, frame, ["place", "age_group_name", "participants", "learning_hours", "records", "flags", "source_ids"], empty)


def rates() -> ui.Panel:
    frame = q.participation_rates(*scope, lang)
    latest = frame[frame.year == frame.year.max()] if not frame.empty else frame
    # each bar names the year and basis of its residents (a population carried from an earlier year shows that year)
    latest = ui.with_detail(latest, year=latest.population_carried_from.fillna(latest.year), basis=latest.population_basis)
    title = t("participation.rate_title", year=ui.year_label(latest.year.max()) if not latest.empty else "")
    fig = charts.place_bars(latest, "rate_per_1000", title=ui.compared_title(title, latest), unit=t("unit.per_1000"), lang=lang, fmt=",.1f",
                            source=ui.source_line(latest.source_ids), stack="age_group",
                            stack_label="age_group_name", selected=filters.place,
                            caveat=charts.comparability_caveat(latest, lang))
    fig.update_layout(barmode="group")
    return ui.Panel(fig, latest, ["place", "year", "age_group_name", "participants", "population", "population_basis",
                                  "population_flag", "population_carried_from", "rate_per_1000", "flag", "population_note",
                                  "source_ids"], empty, note=t("participation.rate_note"))


def trend() -> ui.Panel:
    frame = q.participation_by("place_year", *scope, filters.themes, lang)
    fig = charts.place_lines(frame, "year", "participants", title=t("participation.trend_title"), x_title=t("axis.year"),
                             unit=unit, source=ui.source_line(frame.source_ids), lang=lang, selected=filters.place)
    return ui.Panel(fig, frame, ["place", "year", "participants", "learning_hours", "flags"], empty)


def by_sex() -> ui.Panel:
    frame = q.participation_by("place_sex", *scope, filters.themes, lang)
    fig = charts.place_bars(frame, "participants", title=t("participation.sex_title"), unit=unit, lang=lang,
                            source=ui.source_line(frame.source_ids), stack="sex", stack_label="sex_name", selected=filters.place)
    return ui.Panel(fig, frame, ["place", "sex_name", "participants", "learning_hours", "flags"], empty)


def published() -> ui.Panel:
    figures = q.published_figures(filters.places or None, lang)
    figures = figures[(figures.country_iso.isin(filters.countries or ("CN", "TH")))
                      & (figures.year.isna() | figures.year.between(*filters.years))]
    frame = figures[figures.measure == measure]
    names = q.code_names(lang)
    fig = charts.published_figures(frame, title=t("participation.published_title", measure=names["measure"].get(measure, measure)),
                                   y_title=names["measure"].get(measure, measure), source=ui.source_line(frame.source_ids),
                                   lang=lang, qualifier_names=names["qualifier"], target_label=t("participation.target"))
    return ui.Panel(fig, figures, ["place", "year", "program_or_scope", "program", "measure", "value", "unit", "age_group",
                                   "qualifier", "status", "source_ids", "quote", "note"], empty,
                    note=t("participation.published_note"))


def top_programmes() -> ui.Panel:
    frame = q.participation_by("program", *scope, filters.themes, lang).head(10)
    frame = frame.assign(place=frame.program.str.slice(0, 60) + " (" + frame.place + ")")
    fig = charts.place_bars(frame, "participants", title=t("participation.top_title"), unit=unit, lang=lang,
                            source=ui.source_line(frame.source_ids), selected=filters.place)
    return ui.Panel(fig, frame, ["program", "participants", "learning_hours", "flags", "source_ids"], empty)


VIEWS = {"places": (t("participation.view.places"), by_place), "rates": (t("participation.view.rates"), rates),
         "trend": (t("participation.view.trend"), trend), "sex": (t("participation.view.sex"), by_sex),
         "programmes": (t("participation.view.programmes"), top_programmes),
         "published": (t("participation.view.published"), published)}
measure = "learners"
if ui.option_value("view", list(VIEWS)) == "published":  # published figures: one measure at a time; no ages or themes
    ui.offer_filters("places", "countries", "years")
    present = [m for m in q.code_names(lang)["measure"] if m in set(q.published_figures(None, lang).measure)]
    measure = ui.option("measure", {m: q.code_names(lang)["measure"][m] for m in sorted(present, key=PUBLISHED_ORDER.index)},
                        t("participation.published_measure"), widget=st.selectbox)
ui.views(VIEWS)
ui.footer()
