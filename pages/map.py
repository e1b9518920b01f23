"""Map (`/map`): Thai provinces and Shanghai districts coloured by an indicator; works with no network."""

import pandas as pd
import streamlit as st

from lcd import charts, comparable, geo, queries as q, summaries, ui
from lcd.i18n import t

REGIONS = {"TH": geo.thai_provinces, "CN": geo.shanghai_districts}
METRICS = ("share60", "programmes", "rate")
MODES = ("one", "two", "change")  # share aged 60+: one year, two years side by side, or the change between them

page = ui.start("map", filters=("countries", "years", "ages"))
metric = ui.option_value("metric", list(METRICS))
page.offer("countries", *(("years", "ages") if metric == "rate" else ()))  # the years and ages apply to rates only
filters, lang = page.filters, page.lang
ui.header(page)
ui.option("metric", {m: t(f"map.metric.{m}") for m in METRICS}, t("map.metric"))
places = q.places(lang)
bases = q.code_names(lang)["basis"]
region_ids = {country: {f["id"] for f in shapes()["features"]} for country, shapes in REGIONS.items()}

mode, pair = "one", None
if metric == "share60":
    candidates = q.indicator_values("population_60plus_pct", None, lang)
    candidates = candidates[candidates.place_id.isin(set().union(*region_ids.values()))]
    with st.container(horizontal=True, vertical_alignment="bottom"):
        mode = ui.option("mode", {m: t(f"map.mode.{m}") for m in MODES}, t("map.mode"))
        if mode == "one":
            year = ui.year_choice(page, candidates, t("map.year"))
        else:  # the two years, for the region of the chart shown
            shown_region = ui.option_value("view", [c.lower() for c in REGIONS if not filters.countries or c in filters.countries])
            mine = candidates[candidates.place_id.isin(region_ids[shown_region.upper()])]
            years = {str(y): page.year(y) for y in comparable.years(mine)}
            default = comparable.two_years(mine)
            if default:
                pair = (int(ui.option("before", years, t("map.before"), widget=st.selectbox, default=str(default[0]))),
                        int(ui.option("after", years, t("map.after"), widget=st.selectbox, default=str(default[1]))))
    if mode == "one":
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


def named_points(country: str):
    """The places a map of `country` names: those with programmes, at the level of the map's own units."""
    unnamed = ["country", "network", "subdistrict"] + (["district"] if country == "TH" else [])
    return places[(places.country_iso == country) & places.lat.notna() & (places.programs > 0) & ~places.level.isin(unnamed)]


def two_years(country: str) -> ui.Panel:
    """The region in two years: side by side on one colour scale, or the change where both share a basis."""
    mine = candidates[candidates.place_id.isin(region_ids[country])]
    region_name = t(f"map.region.{country}")
    if pair is None:
        return ui.Panel(charts.empty(t("map.two_years_missing"), region_name), mine.head(0), ["place"], t("map.two_years_missing"))
    # each map holds the values of its own year only (no nearby year stands in for it)
    before, after = (page.with_detail(comparable.pick(mine, year, tolerance=0)).assign(metric=lambda d: d.value) for year in pair)
    points = named_points(country)
    source = page.source_line([*before.source_ids, *after.source_ids])
    words = page.words()
    diff = comparable.change(before, after) if mode == "change" else None
    if diff is not None:
        fig = charts.choropleth(REGIONS[country](), diff.assign(metric=diff.value, detail=""), feature_key="place_id", value="metric",
                                title=t("map.change_title", region=region_name, before=page.year(pair[0]), after=page.year(pair[1]),
                                        basis=bases.get(diff.basis.iloc[0], "") if not diff.empty else ""),
                                unit=t("axis.points"), source=source, lang=lang, points=points, diverging=True)
        return ui.Panel(fig, diff, ["place", "value_before", "value_after", "value", "basis", "flag", "source_ids"], t("empty.no_data"),
                        summary=summaries.change_map(diff, words, pair))
    titles = tuple(f"{page.year(y)} · {t('list.separator').join(bases.get(b, b) for b in sorted(set(side.basis)))}"
                   for side, y in ((before, pair[0]), (after, pair[1])))
    fig = charts.before_after(REGIONS[country](), before, after, feature_key="place_id", value="metric", titles=titles,
                              title=t("map.two_title", region=region_name, before=page.year(pair[0]), after=page.year(pair[1])),
                              unit=unit, source=source, lang=lang, points=points)
    both = pd.concat([before.assign(side=page.year(pair[0])), after.assign(side=page.year(pair[1]))])
    note = t("map.not_a_change") if mode == "change" else None
    return ui.Panel(fig, both, ["side", "place", "metric", "year", "basis", "flag", "source_ids"], t("empty.no_data"), note=note,
                    summary=summaries.two_maps(before, after, words, pair))


def region(country: str):
    load_shapes = REGIONS[country]

    def build() -> ui.Panel:
        if mode != "one":
            return two_years(country)
        shown = values[values.place_id.isin(region_ids[country])]
        points = named_points(country)
        title = t("map.title", region=t(f"map.region.{country}"), metric=t(f"map.metric.{metric}"))
        fig = charts.choropleth(load_shapes(), shown, feature_key="place_id", value="metric", title=page.compared_title(title, shown),
                                unit=unit, source=page.source_line(shown.get("source_ids", [])), lang=lang,
                                points=points, caveat=charts.comparability_caveat(shown, lang))
        summary = summaries.ranking(shown, page.words(), "metric", t(f"map.metric.{metric}"), "percent" if metric == "share60" else "")
        return ui.Panel(fig, shown if not shown.empty else points, ["place", "metric", "year", "basis", "flag", "source_ids"],
                        summary=summary)
    return build


ui.views(page, {country.lower(): (t(f"map.region.{country}"), region(country)) for country in REGIONS
                if not filters.countries or country in filters.countries})
st.caption(t("map.note"))
ui.footer(page)
