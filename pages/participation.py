"""Participation (`/participation`): participants and rates by place, age group, year, sex and programme; one at a time."""

from lcd import charts, queries as q, ui
from lcd.i18n import t

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
                            source=charts.source_text(frame.source_ids), stack="age_group", stack_label="age_group_name",
                            selected=filters.place)
    return ui.Panel(fig, frame, ["place", "age_group_name", "participants", "learning_hours", "records", "flags", "source_ids"], empty)


def rates() -> ui.Panel:
    frame = q.participation_rates(*scope, lang)
    latest = frame[frame.year == frame.year.max()] if not frame.empty else frame
    title = t("participation.rate_title", year=ui.year_label(latest.year.max()) if not latest.empty else "")
    fig = charts.place_bars(latest, "rate_per_1000", title=title, unit=t("unit.per_1000"), lang=lang, fmt=",.1f",
                            source=charts.source_text(latest.source_ids), stack="age_group",
                            stack_label="age_group_name", selected=filters.place)
    fig.update_layout(barmode="group")
    return ui.Panel(fig, latest, ["place", "year", "age_group_name", "participants", "population", "population_basis",
                                  "population_flag", "rate_per_1000", "flag"], empty, note=t("participation.rate_note"))


def trend() -> ui.Panel:
    frame = q.participation_by("place_year", *scope, filters.themes, lang)
    fig = charts.place_lines(frame, "year", "participants", title=t("participation.trend_title"), x_title=t("axis.year"),
                             unit=unit, source=charts.source_text(frame.source_ids), lang=lang, selected=filters.place)
    return ui.Panel(fig, frame, ["place", "year", "participants", "learning_hours", "flags"], empty)


def by_sex() -> ui.Panel:
    frame = q.participation_by("place_sex", *scope, filters.themes, lang)
    fig = charts.place_bars(frame, "participants", title=t("participation.sex_title"), unit=unit, lang=lang,
                            source=charts.source_text(frame.source_ids), stack="sex", stack_label="sex_name", selected=filters.place)
    return ui.Panel(fig, frame, ["place", "sex_name", "participants", "learning_hours", "flags"], empty)


def top_programmes() -> ui.Panel:
    frame = q.participation_by("program", *scope, filters.themes, lang).head(10)
    frame = frame.assign(place=frame.program.str.slice(0, 60) + " (" + frame.place + ")")
    fig = charts.place_bars(frame, "participants", title=t("participation.top_title"), unit=unit, lang=lang,
                            source=charts.source_text(frame.source_ids), selected=filters.place)
    return ui.Panel(fig, frame, ["program", "participants", "learning_hours", "flags", "source_ids"], empty)


ui.views({"places": (t("participation.view.places"), by_place), "rates": (t("participation.view.rates"), rates),
          "trend": (t("participation.view.trend"), trend), "sex": (t("participation.view.sex"), by_sex),
          "programmes": (t("participation.view.programmes"), top_programmes)})
ui.footer()
