"""Map (`/map`): Thai provinces and Shanghai districts coloured by an indicator; works with no network."""

import streamlit as st

from lcd import charts, comparable, geo, queries as q, summaries, ui
from lcd.i18n import t

REGIONS = {"TH": (geo.thai_provinces, {"lat": 13.2, "lon": 100.9}, 4.2),
           "CN": (geo.shanghai_districts, {"lat": 31.15, "lon": 121.45}, 7.6)}
METRICS = ("share60", "programmes", "rate")

page = ui.start("map", filters=("countries", "years", "ages"))
metric = ui.option_value("metric", list(METRICS))
page.offer("countries", *(("years", "ages") if metric == "rate" else ()))  # the years and ages apply to rates only
filters, lang = page.filters, page.lang
ui.header(page)
ui.option("metric", {m: t(f"map.metric.{m}") for m in METRICS}, t("map.metric"))
places = q.places(lang)
region_ids = {country: {f["id"] for f in shapes()["features"]} for country, (shapes, _, _) in REGIONS.items()}

if metric == "share60":
    candidates = q.indicator_values("population_60plus_pct", None, lang)
    candidates = candidates[candidates.place_id.isin(set().union(*region_ids.values()))]
    year = ui.year_choice(page, candidates, t("map.year"))
    values = page.with_detail(comparable.pick(candidates, year)).assign(metric=lambda d: d.value)
    unit = t("axis.percent")
elif metric == "programmes":
    values = places[places.programs > 0].assign(metric=lambda d: d.programs, flag="reported", detail="")
    unit = t("axis.programmes")
else:
    years = q.participation_years()
    years = years[years.year.between(*filters.years)]
    year = int(years.year.max()) if not years.empty else filters.years[1]
    rates = q.participation_rates((), filters.countries, (year, year), filters.ages, lang)
    rates = rates.assign(basis=rates.population_basis, year=rates.population_carried_from.fillna(rates.year))
    values = page.with_detail(rates.groupby(["place_id", "place", "flag", "population_flag", "basis", "year"], as_index=False)
                              .agg(participants=("participants", "sum"), population=("population", "sum"),
                                   source_ids=("source_ids", lambda ids: sorted({s for part in ids for s in part}))))
    values = values.assign(metric=1000 * values.participants / values.population)
    unit = t("axis.per_1000")


def region(country: str):
    load_shapes, center, zoom = REGIONS[country]

    def build() -> ui.Panel:
        shown = values[values.place_id.isin(region_ids[country])]
        points = places[(places.country_iso == country) & places.lat.notna() & (places.programs > 0)
                        & ~places.level.isin(["country", "network"])]
        title = t("map.title", region=t(f"map.region.{country}"), metric=t(f"map.metric.{metric}"))
        fig = charts.choropleth(load_shapes(), shown, feature_key="place_id", value="metric", title=page.compared_title(title, shown),
                                unit=unit, source=page.source_line(shown.get("source_ids", [])), lang=lang, center=center,
                                zoom=zoom, points=points, caveat=charts.comparability_caveat(shown, lang))
        summary = summaries.ranking(shown, page.words(), "metric", t(f"map.metric.{metric}"), "percent" if metric == "share60" else "")
        return ui.Panel(fig, shown if not shown.empty else points, ["place", "metric", "year", "basis", "flag", "source_ids"],
                        summary=summary)
    return build


ui.views(page, {country.lower(): (t(f"map.region.{country}"), region(country)) for country in REGIONS
                if not filters.countries or country in filters.countries})
st.caption(t("map.note"))
ui.footer(page)
