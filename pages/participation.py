"""Participation (`/participation`): participants and rates by place, age group, year, sex and programme, and the
published figures; one at a time."""

import streamlit as st

from etl.contract import ENUMS
from lcd import charts, queries as q, summaries, ui
from lcd.controls import COUNTRIES
from lcd.i18n import t

VIEWS = ("places", "rates", "trend", "sex", "programmes", "published")

page = ui.start("participation", filters=("countries", "places", "years", "ages", "themes"))
view = ui.option_value("view", list(VIEWS))
if view == "published":  # published figures have no age groups or themes of ours
    page.offer("countries", "places", "years")
filters, lang = page.filters, page.lang
ui.header(page)
ui.synthetic_notice()
scope = (filters.places, filters.countries, filters.years, filters.ages)
unit = t("axis.participants")
empty = page.no_participation()


def by_place() -> ui.Panel:
    frame = q.participation_by("place_age", *scope, filters.themes, lang)
    fig = charts.place_bars(frame, "participants", title=t("participation.by_place_title"), unit=unit, lang=lang,
                            source=page.source_line(frame.source_ids), stack="age_group", stack_label="age_group_name",
                            selected=filters.place)
    summary = summaries.ranking(frame, page.words(), "participants", unit)
    return ui.Panel(fig, frame, ["place", "age_group_name", "participants", "learning_hours", "records", "flags", "source_ids"], empty,
                    summary=summary)


def rates() -> ui.Panel:
    frame = q.participation_rates(*scope, lang)
    latest = frame[frame.year == frame.year.max()] if not frame.empty else frame
    # each bar names the year and basis of its residents (a population carried from an earlier year shows that year)
    latest = page.with_detail(latest, year=latest.population_carried_from.fillna(latest.year), basis=latest.population_basis)
    title = t("participation.rate_title", year=page.year(latest.year.max()) if not latest.empty else "")
    fig = charts.place_bars(latest, "rate_per_1000", title=page.compared_title(title, latest), unit=t("axis.per_1000"), lang=lang,
                            fmt=",.1f", source=page.source_line(latest.source_ids), stack="age_group",
                            stack_label="age_group_name", selected=filters.place, caveat=charts.comparability_caveat(latest, lang))
    fig.update_layout(barmode="group")
    return ui.Panel(fig, latest, ["place", "year", "age_group_name", "participants", "population", "population_basis",
                                  "population_flag", "population_carried_from", "rate_per_1000", "flag", "population_note",
                                  "source_ids"], empty, note=t("participation.rate_note"),
                    summary=summaries.ranking(latest, page.words(), "rate_per_1000", t("axis.per_1000")))


def trend() -> ui.Panel:
    frame = q.participation_by("place_year", *scope, filters.themes, lang)
    fig = charts.place_lines(frame, "year", "participants", title=t("participation.trend_title"), x_title=t("axis.year"),
                             unit=unit, source=page.source_line(frame.source_ids), lang=lang, selected=filters.place)
    if milestones:
        charts.with_milestones(fig, q.milestones(tuple(frame.place_id.unique()), lang), lang, page.year)
    return ui.Panel(fig, frame, ["place", "year", "participants", "learning_hours", "flags"], empty,
                    summary=summaries.trend(frame, page.words(), "participants", unit), series=(["place"], "participants", "flags"))


def by_sex() -> ui.Panel:
    frame = q.participation_by("place_sex", *scope, filters.themes, lang)
    fig = charts.place_bars(frame, "participants", title=t("participation.sex_title"), unit=unit, lang=lang,
                            source=page.source_line(frame.source_ids), stack="sex", stack_label="sex_name", selected=filters.place)
    return ui.Panel(fig, frame, ["place", "sex_name", "participants", "learning_hours", "flags"], empty,
                    summary=summaries.ranking(frame, page.words(), "participants", unit))


def top_programmes() -> ui.Panel:
    frame = q.participation_by("program", *scope, filters.themes, lang).head(10)
    frame = frame.assign(place=frame.program.str.slice(0, 60) + " (" + frame.place + ")")
    fig = charts.place_bars(frame, "participants", title=t("participation.top_title"), unit=unit, lang=lang,
                            source=page.source_line(frame.source_ids), selected=filters.place)
    return ui.Panel(fig, frame, ["program", "participants", "learning_hours", "flags", "source_ids"], empty,
                    summary=summaries.ranking(frame, page.words(), "participants", unit))


def published() -> ui.Panel:
    figures = q.published_figures(filters.places or None, lang)
    figures = figures[(figures.country_iso.isin(filters.countries or COUNTRIES))
                      & (figures.year.isna() | figures.year.between(*filters.years))]
    frame = figures[figures.measure == measure]
    names = q.code_names(lang)
    fig = charts.published_figures(frame, title=t("participation.published_title", measure=names["measure"].get(measure, measure)),
                                   y_title=names["measure"].get(measure, measure), source=page.source_line(frame.source_ids),
                                   lang=lang, qualifier_names=names["qualifier"], target_label=t("participation.target"),
                                   year_label=page.year)
    return ui.Panel(fig, figures, ["place", "year", "program_or_scope", "program", "measure", "value", "unit", "age_group",
                                   "qualifier", "status", "source_ids", "quote", "note"], empty,
                    note=t("participation.published_note"),
                    summary=summaries.published(frame, page.words(), names["measure"].get(measure, measure)))


measure = "learners"
milestones = ui.toggle("milestones", t("milestones.show")) if view == "trend" else True
if view == "published":  # one measure at a time: figures of different measures are never put on one axis
    present = set(q.published_figures(None, lang).measure)
    measure = ui.option("measure", {m: q.code_names(lang)["measure"][m] for m in ENUMS["measure"] if m in present},
                        t("participation.published_measure"), widget=st.selectbox)
ui.views(page, {"places": (t("participation.view.places"), by_place), "rates": (t("participation.view.rates"), rates),
                "trend": (t("participation.view.trend"), trend), "sex": (t("participation.view.sex"), by_sex),
                "programmes": (t("participation.view.programmes"), top_programmes),
                "published": (t("participation.view.published"), published)})
ui.footer(page)
