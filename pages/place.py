"""Place profile (`/place?place=ID`): membership, key indicators, programmes, position against peers."""

import pandas as pd
import streamlit as st

from lcd import charts, queries as q, ui
from lcd.i18n import t

filters = ui.start("place")
lang = filters.lang
places = q.places(lang).set_index("place_id")
place_id = filters.place or "shanghai"
if not filters.place:
    st.caption(t("place.default"))
row = places.loc[place_id]
st.title(ui.md(row["name"]))
st.caption(" · ".join(filter(None, [*map(ui.md, (row.name_en, row.name_zh, row.name_th)), t(f"country.{row.country_iso}") if pd.notna(row.country_iso) else "",
                                    q.code_names(lang)["level"].get(row.level, row.level)])))

member = q.gnlc_members().query("city_en == @row.name_en")
if pd.notna(row.gnlc_joined_year) or not member.empty:
    joined = ui.year_label(row.gnlc_joined_year) if pd.notna(row.gnlc_joined_year) else "?"
    st.success(t("place.gnlc_member", year=joined, body=ui.md(member.note.iloc[0]) if not member.empty else ""))
else:
    st.info(t("place.not_member"))
if pd.notna(row.unesco_award_year):
    st.success(t("place.award", year=ui.year_label(row.unesco_award_year)))

st.subheader(t("place.indicators_title"))
values = q.place_indicators(place_id, lang)
if values.empty:
    st.info(t("empty.place_indicators"))
else:
    ui.table(values, ["indicator", "value", "unit", "year", "basis", "flag", "source_ids", "note"])

st.subheader(t("place.programmes_title"))
listed = q.program_list((place_id,), (), (), lang)
if listed.empty:
    st.info(t("empty.place_programmes"))
else:
    ui.table(listed, ["name", "theme", "target_age_group", "start_year", "verified", "description_en", "source_ids"])



def peers() -> ui.Panel:
    frame = q.latest_values("population_60plus_pct", None, lang)
    frame = frame[(frame.country_iso == row.country_iso) & (frame.level.isin(["province", "municipality", "district", "city"]))]
    fig = charts.place_bars(frame, "value", title=t("place.peers_title"), unit=t("unit.percent"), lang=lang, fmt=".1f",
                            source=charts.source_text(frame.source_ids), selected=place_id)
    return ui.Panel(fig, frame, ["place", "value", "year", "basis", "flag", "source_ids"], t("empty.peers"))


ui.views({"peers": (t("place.peers_title"), peers)})
ui.footer()
