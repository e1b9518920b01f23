"""Programme coverage (`/programs`): themes × age groups, providers, timeline, coverage rate, gaps; one at a time."""

import streamlit as st

from lcd import charts, comparable, queries as q, summaries, ui
from lcd.controls import COUNTRIES
from lcd.i18n import t
from lcd.page import page_file

VIEWS = ("matrix", "providers", "timeline", "coverage", "gaps")
OFFERED = {"coverage": ("countries", "places", "years", "themes"), "gaps": ("countries",)}  # others: all but years

page = ui.start("programs", filters=("countries", "places", "years", "themes"))
view = ui.option_value("view", list(VIEWS))
page.offer(*OFFERED.get(view, ("countries", "places", "themes")))
filters, lang = page.filters, page.lang
ui.header(page)
ui.synthetic_notice()
vocab = q.code_names(lang)
scope = (filters.places or None, filters.countries, filters.themes)


def matrix() -> ui.Panel:
    frame = q.program_matrix(*scope, lang)
    fig = charts.heatmap(frame, x="target_age_group", y="theme", value="programmes", x_names=vocab["target_age_group"],
                         y_names=vocab["theme"], title=t("programs.matrix_title"), unit=t("axis.programmes"),
                         source=page.source_line(frame.source_ids), lang=lang)
    return ui.Panel(fig, frame, ["theme", "target_age_group", "programmes", "programme_names", "source_ids"], t("empty.programs"),
                    summary=summaries.counts(frame, page.words(), "theme", vocab["theme"], "programmes", t("axis.programmes")))


def providers() -> ui.Panel:
    frame = q.programs_by_provider(*scope)
    fig = charts.category_bars(frame, category="provider_type", value="programmes", names=vocab["provider_type"],
                               color="country_iso", color_names={c: t(f"vocab.country.{c}") for c in COUNTRIES},
                               title=t("programs.providers_title"), unit=t("axis.programmes"),
                               source=page.source_line(frame.source_ids), lang=lang)
    return ui.Panel(fig, frame, ["provider_type", "country_iso", "programmes", "source_ids"], t("empty.programs"),
                    summary=summaries.counts(frame, page.words(), "provider_type", vocab["provider_type"], "programmes",
                                             t("axis.programmes")))


def timeline() -> ui.Panel:
    listed = q.program_list(*scope, lang)
    fig = charts.timeline(listed, title=t("programs.timeline_title"), source=page.source_line(listed.source_ids),
                          lang=lang, theme_names=vocab["theme"])
    return ui.Panel(fig, listed.dropna(subset=["start_year"]), ["name", "place", "theme", "start_year", "verified", "source_ids"],
                    t("empty.no_start_years"), summary=summaries.timeline(listed, page.words()))


def coverage() -> ui.Panel:
    years = q.participation_years()
    years = years[years.year.between(*filters.years)]
    year = int(years.year.max()) if not years.empty else filters.years[1]
    frame = q.program_coverage(*scope, year, lang).head(15)
    frame = frame.assign(place=frame.program.str.slice(0, 60) + " (" + frame.place + ")")
    fig = charts.place_bars(frame, "coverage_pct", title=t("programs.coverage_title", year=page.year(year)),
                            unit=t("axis.percent_of_target"), source=page.source_line(frame.source_ids), lang=lang, fmt=",.2f",
                            selected=filters.place)
    return ui.Panel(fig, frame, ["program", "participants", "target_population", "population_basis", "coverage_pct", "flags"],
                    page.no_participation(), summary=summaries.ranking(frame, page.words(), "coverage_pct", t("axis.percent_of_target")))


def gaps() -> ui.Panel:
    frame = page.with_detail(comparable.pick(q.ageing_gap(filters.countries, lang), gap_year))
    frame = frame.rename(columns={"value": "share_60plus_pct"})
    fig = charts.gap_scatter(frame, title=page.compared_title(t("programs.gap_title"), frame), source=page.source_line(frame.source_ids),
                             lang=lang, selected=filters.place, caveat=charts.comparability_caveat(frame, lang))
    return ui.Panel(fig, frame, ["place", "share_60plus_pct", "year", "basis", "flag", "comparable", "older_programmes",
                                 "programmes", "source_ids"], note=t("programs.gap_note"),
                    summary=summaries.gaps(frame, page.words(), charts.AGED_PCT))


gap_year = ui.year_choice(page, q.ageing_gap(filters.countries, lang), t("compare.year")) if view == "gaps" else None
ui.views(page, {"matrix": (t("programs.view.matrix"), matrix), "providers": (t("programs.view.providers"), providers),
                "timeline": (t("programs.view.timeline"), timeline), "coverage": (t("programs.view.coverage"), coverage),
                "gaps": (t("programs.view.gaps"), gaps)})
st.page_link(page_file("data"), label=t("programs.list_link"), icon=":material/table:",
             query_params=page.link_query("data", table="programs"))
ui.footer(page)
