"""Ageing (`/ageing`): 60+ and 65+ shares per place and basis, thresholds, old-age dependency; one at a time.

By default each place shows its headline series (the headline rule); `?bases=all` shows every basis."""

import streamlit as st

from lcd import charts, comparable, queries as q, summaries, ui
from lcd.filters import places_in_scope
from lcd.i18n import t

DEFAULT_PLACES = ("shanghai", "thailand", "lamphun", "tak", "yala")

page = ui.start("ageing", filters=("countries", "places", "years"))
filters, lang = page.filters, page.lang
ui.header(page)
places = q.places(lang)
chosen = places_in_scope(filters, zip(places.place_id, places.country_iso), DEFAULT_PLACES)
if not filters.places:
    st.caption(t("ageing.default_places"))
with st.container(horizontal=True, vertical_alignment="bottom"):
    every_basis = ui.option("bases", {"headline": t("ageing.series.headline"), "all": t("ageing.series.all")}, t("ageing.series")) == "all"
    milestones = ui.toggle("milestones", t("milestones.show"))
events = q.milestones(chosen, lang) if milestones else None
bases = q.code_names(lang)["basis"]
columns = ["place", "year", "value", "unit", "basis", "flag", "source_ids", "note"]


def peers(indicator: str):
    """Each place of a peer level at the year and basis its country's places share (for the summary's rank)."""
    values = q.indicator_values(indicator, None, lang)
    return comparable.pick(values[values.level.isin(comparable.PEER_LEVELS)])


def series(indicators: tuple[str, ...]):
    frame = q.series(indicators, chosen, filters.years, lang)
    return frame if every_basis else comparable.default_series(frame)


def share(indicator: str, name: str):
    def build() -> ui.Panel:
        frame = series((indicator,))
        fig = charts.series_lines(frame, title=t("ageing.share_title", indicator=t(name)), unit=t("axis.percent"),
                                  source=page.source_line(frame.source_ids), lang=lang, basis_names=bases, thresholds=True,
                                  selected=filters.place)
        if events is not None:
            charts.with_milestones(fig, events, lang, page.year)
        summary = summaries.series(frame, page.words(), t(name), "percent", peers(indicator), filters.place)
        return ui.Panel(fig, frame, columns, t("empty.ageing"), note=t("ageing.bases_note"), summary=summary,
                        series=(["place", "basis"], "value", "flag"))
    return build


def dependency() -> ui.Panel:
    frame = series(("old_age_dependency_ratio", "old_age_dependency_ratio_60"))
    names = q.indicators(lang).set_index("indicator_id").name
    frame = frame.assign(indicator=frame.indicator_id.map(names))
    fig = charts.series_lines(frame, title=t("ageing.dependency_title"), unit=t("axis.per_100_working"),
                              source=page.source_line(frame.source_ids), lang=lang, basis_names=bases, selected=filters.place)
    if events is not None:
        charts.with_milestones(fig, events, lang, page.year)
    summary = summaries.series(frame, page.words(), t("ageing.view.dependency"), "", focus=filters.place)
    return ui.Panel(fig, frame, ["place", "indicator"] + columns[1:], t("empty.dependency"), summary=summary,
                    series=(["place", "indicator", "basis"], "value", "flag"))


ui.views(page, {"share60": (t("ageing.share60"), share("population_60plus_pct", "ageing.share60")),
                "share65": (t("ageing.share65"), share("population_65plus_pct", "ageing.share65")),
                "dependency": (t("ageing.view.dependency"), dependency)})
ui.footer(page)
