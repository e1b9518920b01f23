"""Data (`/data`): the researcher's table explorer with sourced, cited downloads of exactly the filtered view."""

import streamlit as st

from lcd import export, queries as q, ui
from lcd.i18n import t

filters = ui.start("data")
lang = filters.lang
ui.header("data")

table = ui.option("table", {name: t(f"data.table.{name}") for name in q.DATA_TABLES}, t("data.table"))
grain = ("place", "year")
if table == "participation":
    grain = tuple(ui.choice("grain", list(q.GRAINS), ["place", "year"], t("data.grain"), lambda g: t(f"data.grain.{g}")))
    ui.synthetic_notice()
frame = q.data_table(table, filters.places, filters.countries, filters.years, filters.ages, filters.themes, grain, lang)

columns = ui.choice("cols", list(frame.columns), list(frame.columns), t("data.columns"), lambda c: t(f"col.{c}"))
left, right = st.columns([3, 1])
with left:
    sort = ui.option("sort", {"": t("data.sort_none"), **{c: t(f"col.{c}") for c in columns}}, t("data.sort"), widget=st.selectbox)
with right:
    order = ui.option("order", {"asc": t("data.ascending"), "desc": t("data.descending")}, t("data.order"))
view = frame[columns]
if sort:
    view = view.sort_values(sort, ascending=order == "asc", kind="stable")
st.markdown(t("data.rows", count=len(view)))
if view.empty:
    st.info(t("empty.no_data"))
st.dataframe(ui.localised(view, columns), hide_index=True)

exported = ui.localised(view, columns)
meta = ui.view_meta()
sources = q.sources()
used = {s for ids in frame.get("source_ids", []) for s in (list(ids) if ids is not None else [])}
sources = sources[sources.source_id.isin(used)] if table != "sources" else sources
st.subheader(t("data.download"))
buttons = st.columns(4)
files = (("csv", "text/csv", lambda: export.csv_bytes(exported)),
         ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", lambda: export.xlsx_bytes(exported, meta, sources)),
         ("parquet", "application/vnd.apache.parquet", lambda: export.parquet_bytes(view, meta)),
         ("zip", "application/zip", lambda: export.data_package(exported, meta, sources)))
for column, (fmt, mime, build) in zip(buttons, files):
    column.download_button(t(f"data.download.{fmt}"), data=build, file_name=f"learning-cities-{table}.{fmt}", mime=mime,
                           on_click="ignore", icon=":material/download:", disabled=view.empty)
st.subheader(t("data.citation"))
st.code(meta.citation(), language=None, wrap_lines=True)
ui.footer()
