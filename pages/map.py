"""Map (`/map`): Thai provinces and Shanghai districts coloured by an indicator; works with no network."""

import streamlit as st

from lcd import charts, geo, queries as q, ui
from lcd.i18n import t

filters = ui.start("map")
lang = filters.lang
ui.header("map")
metric = ui.option("metric", {"share60": t("map.metric.share60"), "programmes": t("map.metric.programmes"),
                              "rate": t("map.metric.rate")}, t("map.metric"))
ui.offer_filters("countries", "years", *(("ages",) if metric == "rate" else ()))
places = q.places(lang)
year = min(filters.years[1], 2025)

if metric == "share60":
    values = q.latest_values("population_60plus_pct", None, lang, max_year=filters.years[1]).assign(metric=lambda d: d.value)
    unit = t("unit.percent")
elif metric == "programmes":
    values = places[places.programs > 0].assign(metric=lambda d: d.programs, flag="reported")
    unit = t("unit.programmes")
else:
    rates = q.participation_rates((), filters.countries, (year, year), filters.ages, lang)
    values = rates.groupby(["place_id", "place", "flag"], as_index=False)[["participants", "population"]].sum()
    values = values.assign(metric=1000 * values.participants / values.population, source_ids=[["synthetic_participation"]] * len(values))
    unit = t("unit.per_1000")



def region(country: str, load_shapes, center: dict, zoom: float):
    def build() -> ui.Panel:
        shapes = load_shapes()
        ids = {f["id"] for f in shapes["features"]}
        shown = values[values.place_id.isin(ids)]
        points = places[(places.country_iso == country) & places.lat.notna() & ~places.level.isin(["country", "network"])]
        title = t("map.title", region=t(f"map.region.{country}"), metric=t(f"map.metric.{metric}"))
        fig = charts.choropleth(shapes, shown, feature_key="place_id", value="metric", title=title, unit=unit,
                                source=charts.source_text(shown.get("source_ids", [])), lang=lang, center=center, zoom=zoom,
                                points=points)
        return ui.Panel(fig, shown if not shown.empty else points, ["place", "metric", "year", "basis", "flag"])
    return build


regions = {"TH": region("TH", geo.thai_provinces, {"lat": 13.2, "lon": 100.9}, 4.2),
           "CN": region("CN", geo.shanghai_districts, {"lat": 31.15, "lon": 121.45}, 7.6)}
ui.views({country.lower(): (t(f"map.region.{country}"), build) for country, build in regions.items()
          if not filters.countries or country in filters.countries})
st.caption(t("map.note"))
ui.footer()
