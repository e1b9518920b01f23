"""Sources and method (`/sources`): every source with its link, flags and bases explained, build facts."""

import json

import pandas as pd
import streamlit as st

from lcd import queries as q, ui
from lcd.formats import moment
from lcd.i18n import t

page = ui.start("sources")
lang = page.lang
ui.header(page)

info = q.build_info().iloc[0]
ui.metric_row([
    (t("build.info.version"), info.data_version, None),
    (t("build.info.built_at"), moment(info.built_at, lang), None),
    (t("build.info.participation"), t("sources.synthetic") if info.participation_source.startswith("synthetic") else t("sources.real"),
     info.participation_source),
])
st.warning(t("sources.synthetic_warning"))

vocab = q.vocabulary(lang)
left, right = st.columns(2)
for column, kind in ((left, "flag"), (right, "basis")):
    with column:
        st.subheader(t(f"sources.{kind}_title"))
        ui.table(page, vocab[vocab.kind == kind], ["code", "name", "description_en"])

st.subheader(t("sources.list_title"))
listed = q.sources()
ui.table(page, listed, ["source_id", "title", "publisher", "url", "year_published", "note"],
         column_config={t("col.url"): st.column_config.LinkColumn(t("col.url"))})

with st.expander(t("sources.tables_title")):
    counts = pd.DataFrame(json.loads(info.row_counts).items(), columns=["table", "rows"])
    ui.table(page, counts, ["table", "rows"])
st.markdown(t("sources.method"))
ui.footer(page)
