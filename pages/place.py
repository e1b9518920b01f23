"""Place profile (`/place?place=ID`): membership, key indicators, published figures, programmes, position against peers."""

import pandas as pd
import streamlit as st

from lcd import charts, comparable, queries as q, summaries, ui
from lcd.i18n import t


page = ui.start("place")
lang = page.lang
places = q.places(lang).set_index("place_id")
place_id = page.url_filters.place or "shanghai"
if not page.url_filters.place:
    st.caption(t("place.default"))
row = places.loc[place_id]
st.title(ui.md(row["name"]))
st.caption(" · ".join(filter(None, [*map(ui.md, (row.name_en, row.name_zh, row.name_th)),
                                    t(f"vocab.country.{row.country_iso}") if pd.notna(row.country_iso) else "",
                                    q.code_names(lang)["level"].get(row.level, row.level)])))

if pd.notna(row.gnlc_status):
    body = places.loc[row.gnlc_member_place_id] if row.gnlc_member_place_id in places.index else row
    parent = body.parent_place_id
    where = t("place.gnlc_body_in", body=body["name"], province=places.loc[parent, "name"]) \
        if pd.notna(parent) and parent in places.index and places.loc[parent, "level"] == "province" else body["name"]
    if row.gnlc_status == "member":
        joined = page.year(row.gnlc_joined_year) if pd.notna(row.gnlc_joined_year) else t("place.gnlc_year_unknown")
        st.success(ui.md(t("place.gnlc_member", body=where, year=joined)))
    else:
        st.info(ui.md(t("place.not_member_body", body=where)))
    if pd.notna(row.gnlc_note):  # the sources' own notes are in English: one click away for other readers
        if lang == "en":
            st.caption(ui.md(row.gnlc_note))
        else:
            with st.expander(t("place.gnlc_note_title")):
                st.caption(ui.md(row.gnlc_note))
else:
    st.info(t("place.not_member"))
if pd.notna(row.unesco_award_year):
    st.success(t("place.award", year=page.year(row.unesco_award_year)))

st.subheader(t("place.indicators_title"))
values = q.place_indicators(place_id, lang)
if values.empty:
    st.info(t("empty.place_indicators"))
else:
    ui.table(page, values, ["indicator", "headline", "value", "unit", "year", "basis", "flag", "source_ids", "note"])

published = q.published_figures((place_id,), lang)
if not published.empty:
    st.subheader(t("place.published_title"))
    ui.table(page, published, ["year", "program_or_scope", "measure", "value", "unit", "qualifier", "status", "source_ids", "quote"])

st.subheader(t("place.programmes_title"))
listed = q.program_list((place_id,), (), (), lang)
if listed.empty:
    st.info(t("empty.place_programmes"))
else:
    ui.table(page, listed, ["name", "theme", "target_age_group", "start_year", "verified", "description_en", "source_ids"])

candidates = q.indicator_values("population_60plus_pct", None, lang)
candidates = candidates[(candidates.country_iso == row.country_iso) & candidates.level.isin(comparable.PEER_LEVELS)]
year = ui.year_choice(page, candidates, t("compare.year"))


def peers() -> ui.Panel:
    frame = page.with_detail(comparable.pick(candidates, year))
    fig = charts.place_bars(frame, "value", title=page.compared_title(t("place.peers_title"), frame), unit=t("axis.percent"),
                            lang=lang, fmt=".1f", source=page.source_line(frame.source_ids), selected=place_id,
                            caveat=charts.comparability_caveat(frame, lang))
    summary = summaries.position(frame, page.words(), place_id, t("ageing.share60"), "percent")
    return ui.Panel(fig, frame, ["place", "value", "year", "basis", "flag", "comparable", "source_ids"], t("empty.peers"),
                    summary=summary)


ui.views(page, {"peers": (t("place.peers_title"), peers)})
ui.footer(page)
