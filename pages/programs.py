"""Programme coverage (`/programs`): themes × age groups, providers, timeline, coverage rate, gaps; one at a time."""

from lcd import charts, queries as q, ui
from lcd.i18n import t

filters = ui.start("programs")
lang = filters.lang
ui.header("programs")
ui.synthetic_notice()
vocab = q.code_names(lang)
scope = (filters.places or None, filters.countries, filters.themes)


def matrix() -> ui.Panel:
    frame = q.program_matrix(*scope)
    fig = charts.heatmap(frame, x="target_age_group", y="theme", value="programmes", x_names=vocab["target_age_group"],
                         y_names=vocab["theme"], title=t("programs.matrix_title"), unit=t("unit.programmes"),
                         source=charts.source_text(q.programs(lang).source_ids), lang=lang)
    return ui.Panel(fig, frame, ["theme", "target_age_group", "programmes", "program_ids"], t("empty.programs"))


def providers() -> ui.Panel:
    frame = q.programs_by_provider(*scope)
    fig = charts.category_bars(frame, category="provider_type", value="programmes", names=vocab["provider_type"],
                               color="country_iso", color_names={c: t(f"country.{c}") for c in ("CN", "TH")},
                               title=t("programs.providers_title"), unit=t("unit.programmes"),
                               source=charts.source_text(q.programs(lang).source_ids), lang=lang)
    return ui.Panel(fig, frame, ["provider_type", "country_iso", "programmes"], t("empty.programs"))


def timeline() -> ui.Panel:
    listed = q.program_list(*scope, lang)
    fig = charts.timeline(listed, title=t("programs.timeline_title"), source=charts.source_text(listed.source_ids),
                          lang=lang, theme_names=vocab["theme"])
    return ui.Panel(fig, listed.dropna(subset=["start_year"]), ["name", "place", "theme", "start_year", "verified", "source_ids"],
                    t("empty.no_start_years"))


def coverage() -> ui.Panel:
    year = min(filters.years[1], 2025)
    frame = q.program_coverage(*scope, year, lang).head(15)
    frame = frame.assign(place=frame.program.str.slice(0, 60) + " (" + frame.place + ")")
    fig = charts.place_bars(frame, "coverage_pct", title=t("programs.coverage_title", year=ui.year_label(year)),
                            unit=t("unit.percent_of_target"), source=charts.source_text(frame.source_ids), lang=lang, fmt=",.2f",
                            selected=filters.place)
    return ui.Panel(fig, frame, ["program", "participants", "target_population", "population_basis", "coverage_pct", "flags"],
                    t("empty.participation"))


def gaps() -> ui.Panel:
    frame = q.ageing_gap(filters.countries, lang)
    fig = charts.gap_scatter(frame, title=t("programs.gap_title"), source=charts.source_text(frame.source_ids), lang=lang,
                             selected=filters.place)
    return ui.Panel(fig, frame, ["place", "share_60plus_pct", "year", "basis", "flag", "older_programmes", "programmes"],
                    note=t("programs.gap_note"))


ui.views({"matrix": (t("programs.view.matrix"), matrix), "providers": (t("programs.view.providers"), providers),
          "timeline": (t("programs.view.timeline"), timeline), "coverage": (t("programs.view.coverage"), coverage),
          "gaps": (t("programs.view.gaps"), gaps)})

ui.link("data", t("programs.list_link"), icon=":material/table:", table="programs")
ui.footer()
