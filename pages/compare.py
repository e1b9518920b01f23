"""Compare (`/compare`): 2–4 places side by side: headline figures and indexed trends."""

import pandas as pd
import streamlit as st

from lcd import charts, comparable, queries as q, summaries, ui
from lcd.formats import number, percent
from lcd.i18n import t

DEFAULT_PLACES = ("shanghai", "bangkok", "lamphun")

page = ui.start("compare", filters=("places", "years", "ages", "themes"))
filters, lang = page.filters, page.lang
ui.header(page)
ui.synthetic_notice()
chosen = filters.places[:4] if len(filters.places) >= 2 else DEFAULT_PLACES
if len(filters.places) < 2 or len(filters.places) > 4:
    st.info(t("compare.choose", count=len(filters.places)))

names = q.places(lang).set_index("place_id").name
places = q.places(lang).set_index("place_id").loc[list(chosen)]
share = q.latest_values("population_60plus_pct", chosen, lang).set_index("place_id")
total = q.latest_values("population_total", chosen, lang).set_index("place_id")
years = q.participation_years()
years = years[years.year <= filters.years[1]]
year = int(years.year.max()) if not years.empty else filters.years[1]
parts = q.participation_by("place", chosen, (), (year, year), filters.ages, filters.themes, lang).set_index("place_id")
bases = q.code_names(lang)["basis"]


def cell(frame: pd.DataFrame, place_id: str, fmt) -> str:
    if place_id not in frame.index:
        return "–"
    row = frame.loc[place_id]
    return f"{fmt(row.value)} ({page.year(row.year)}, {bases.get(row.basis, row.basis)}, {t('vocab.flag.' + row.flag)})"


def gnlc(place_id: str) -> str:
    """The join year, and the member body where it is not the place itself (Tak: Tak Town Municipality)."""
    row = places.loc[place_id]
    if row.gnlc_status != "member":
        return "–"
    joined = page.year(row.gnlc_joined_year) if pd.notna(row.gnlc_joined_year) else t("compare.gnlc_year_unknown")
    body = row.gnlc_member_place_id
    return joined if body == place_id or pd.isna(body) else f"{joined} ({names.get(body, body)})"


summary = pd.DataFrame({
    t("compare.row.country"): [t(f"vocab.country.{c}") for c in places.country_iso],
    t("compare.row.population"): [cell(total, p, lambda v: number(v, lang)) for p in chosen],
    t("compare.row.share60"): [cell(share, p, lambda v: percent(v, lang)) for p in chosen],
    t("compare.row.programmes"): [number(v, lang) for v in places.programs],
    t("compare.row.gnlc"): [gnlc(p) for p in chosen],
    t("compare.row.participants", year=page.year(year)): [number(parts.participants.get(p), lang) + (" *" if p in parts.index else "")
                                                         for p in chosen],
}, index=places.name).T
st.subheader(t("compare.summary_title"))
st.table(summary)  # a static table: six rows, read on a projector; lighter to draw than a data grid
st.caption(t("compare.summary_note"))
st.caption(t("chart.source", source=page.source_line([*share.source_ids, *total.source_ids])))


milestones = ui.toggle("milestones", t("milestones.show"))
events = q.milestones(tuple(chosen), lang) if milestones else None


def indexed() -> ui.Panel:
    frame = q.participation_by("place_year", chosen, (), filters.years, filters.ages, filters.themes, lang)
    fig = charts.indexed_lines(frame, "participants", title=t("compare.index_title"), source=page.source_line(frame.source_ids), lang=lang)
    if events is not None:
        charts.with_milestones(fig, events, lang, page.year)
    summary = summaries.trend(frame, page.words(), "participants", t("axis.participants"))
    return ui.Panel(fig, frame, ["place", "year", "participants", "flags"], page.no_participation(), summary=summary,
                    series=(["place"], "participants", "flags"))


def shares() -> ui.Panel:
    frame = comparable.default_series(q.series(("population_60plus_pct",), chosen, filters.years, lang))
    fig = charts.series_lines(frame, title=t("ageing.share_title", indicator=t("ageing.share60")), unit=t("axis.percent"),
                              source=page.source_line(frame.source_ids), lang=lang, basis_names=bases, thresholds=True)
    if events is not None:
        charts.with_milestones(fig, events, lang, page.year)
    summary = summaries.series(frame, page.words(), t("ageing.share60"), "percent")
    return ui.Panel(fig, frame, ["place", "year", "value", "basis", "flag", "source_ids"], t("empty.ageing"), summary=summary,
                    series=(["place", "basis"], "value", "flag"))


BUBBLE_Y = {"programmes": "programmes_per_100k", "rate": "rate_per_1000"}
bubble_y = "programmes"
if ui.option_value("view", ["index", "share60", "bubbles"]) == "bubbles":
    bubble_y = ui.option("bubble_y", {k: t(f"compare.bubbles_y.{k}") for k in BUBBLE_Y}, t("compare.bubbles_y"))


def bubbles() -> ui.Panel:
    frame = q.ageing_and_programmes(filters.themes, filters.ages, lang)
    frame = frame[frame.year.between(*filters.years)]
    y, measure = BUBBLE_Y[bubble_y], t(f"compare.bubbles_y.{bubble_y}")
    estimates = frame[(frame.country_iso == "TH") & (frame.flag == "estimate")]
    note = t("compare.bubbles_note", last=page.year(estimates.year.max()) if not estimates.empty else "–")
    fig = charts.bubbles(frame, y, title=t("compare.bubbles_title", measure=measure), y_title=measure,
                         source=page.source_line(frame.source_ids), lang=lang, basis_names=bases, year_label=page.year,
                         trails=tuple(chosen))
    return ui.Panel(fig, frame.dropna(subset=[y]), ["place", "year", "share60", "basis", "flag", "population", "population_basis",
                                                   "population_flag", "programmes", y, *(["rate_flag"] if bubble_y == "rate" else []),
                                                   "source_ids"],
                    t("empty.no_data"), note=note, summary=summaries.bubbles(frame, page.words(), y, measure))


ui.views(page, {"index": (t("compare.view.index"), indexed), "share60": (t("ageing.share60"), shares),
                "bubbles": (t("compare.view.bubbles"), bubbles)})
ui.footer(page)
