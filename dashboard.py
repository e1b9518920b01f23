"""Overview (`/`): headline numbers, a small map and the learning-city network's growth.

The app's main script (`make run` serves it through lcd/server.py; the pages in pages/ share lcd.ui.start()).
"""

from lcd import charts, geo, queries as q, summaries, ui
from lcd.controls import COUNTRIES
from lcd.formats import compact, number, percent
from lcd.i18n import t

page = ui.start("overview", filters=("countries", "years", "ages", "themes"))
filters, lang = page.filters, page.lang
ui.header(page)

places = q.places(lang)
members = q.gnlc_members(lang)
shares = q.latest_values("population_60plus_pct", ("shanghai", "thailand"), lang).set_index("place_id")
years = q.participation_years()
in_range = years[years.year.between(*filters.years)]
latest_year = int(in_range.year.max()) if not in_range.empty else None
participants = q.participation_by("year", (), filters.countries, (latest_year, latest_year), filters.ages, filters.themes,
                                  lang) if latest_year else in_range
synthetic = "synthetic" in charts.flags_of(participants)
bases = q.code_names(lang)["basis"]


def share_metric(place_id: str) -> tuple[str, str, str]:
    row = shares.loc[place_id]
    return (t("overview.share_60plus", place=ui.md(row.place)), percent(row.value, lang),
            t("overview.share_help", year=page.year(row.year), basis=bases.get(row.basis, row.basis),
              flag=t(f"vocab.flag.{row.flag}"), source=page.source_line([row.source_ids])))


in_scope = places[places.country_iso.isin(filters.countries or COUNTRIES)]
network = q.network_places(lang)  # places with programmes or GNLC membership (a member municipality as its province)
network = network[network.country_iso.isin(filters.countries or COUNTRIES)]
ui.metric_row([
    (t("overview.places"), number(len(network), lang), t("overview.places_help")),
    (t("overview.programmes"), number(in_scope.programs.sum(), lang), None),
    (t("overview.gnlc_members"), f"{(members.country_iso == 'CN').sum()} / {(members.country_iso == 'TH').sum()}", t("overview.gnlc_help", year=page.year(members.joined_year.max()))),
    share_metric("shanghai"),
    share_metric("thailand"),
    (t("overview.participants_synthetic" if synthetic else "overview.participants", year=page.year(latest_year) if latest_year else "–"),
     compact(participants.participants.sum(), lang) if not participants.empty else "–", t("chart.synthetic_note") if synthetic else None),
])


def network_map() -> ui.Panel:
    points = network.dropna(subset=["lat", "lon"])
    fig = charts.points_map(points, geo.outlines(), title=t("overview.map_title"), source=page.source_line(points.source_ids), lang=lang)
    countries = {c: t(f"vocab.country.{c}") for c in COUNTRIES}
    return ui.Panel(fig, points, ["place", "country_iso", "level", "gnlc_joined_year", "programs"],
                    summary=summaries.network(points, page.words(), countries))


def growth() -> ui.Panel:
    frame = q.gnlc_growth()
    frame = frame[frame.country_iso.isin(filters.countries or COUNTRIES)]
    fig = charts.growth_lines(frame, title=t("overview.growth_title"), source=page.source_line(members.source_ids), lang=lang)
    return ui.Panel(fig, frame, ["country_iso", "year", "joined", "members", "unknown_join"],
                    note=t("overview.growth_note", unknown=int(frame.unknown_join.max()) if not frame.empty else 0),
                    summary=summaries.growth(frame, page.words(), {c: t(f"vocab.country.{c}") for c in COUNTRIES}))


ui.views(page, {"map": (t("overview.view.map"), network_map), "growth": (t("overview.view.growth"), growth)})
ui.footer(page)
