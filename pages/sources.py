"""Sources and method (`/sources`): every source with its link, flags and bases explained, build facts."""

import json

import pandas as pd
import streamlit as st

from lcd import queries as q, ui
from lcd.changes import change_words
from lcd.formats import moment, number
from lcd.i18n import has, t

page = ui.start("sources")
lang = page.lang
ui.header(page)

info = q.build_info().iloc[0]
ui.metric_row([
    (t("build.info.version"), info.data_version, None),
    (t("build.info.built_at"), moment(info.built_at, lang, page.buddhist_era), None),
    (t("build.info.participation"), t("sources.synthetic") if info.participation_source.startswith("synthetic") else t("sources.real"),
     info.participation_source),
])
st.warning(t("sources.synthetic_warning"))

with st.container(key="changes"):  # what changed since the previous build (etl.fingerprint)
    st.subheader(t("sources.changes_title"))
    changes = q.build_changes()
    if pd.isna(info.previous_version):
        st.info(t("sources.changes_first"))
    elif changes.empty:
        st.info(t("sources.changes_none", version=info.previous_version))
    else:
        st.caption(t("sources.changes_since", version=info.previous_version))
        vocab_names = q.code_names(lang)
        names = {"place_id": q.places(lang).set_index("place_id").name.to_dict(),
                 "indicator_id": q.indicators(lang).set_index("indicator_id").name.to_dict(),
                 "program_id": q.programs(lang).set_index("program_id").name.to_dict(),
                 **{kind: vocab_names.get(kind, {}) for kind in ("basis", "flag", "age_group", "sex", "measure", "kind")}}
        for table, part in changes.groupby("table_name", sort=True):
            counts = t("list.separator").join(f"{number(r.rows, lang)} {t('sources.change.' + r.change)}" for r in part.itertuples())
            examples = [change_words(table, tuple(key), t(f"sources.change.{r.change}"), names, page.year)
                        for r in part.itertuples() for key in r.examples[:2]]
            st.markdown(f"**{ui.md(t('data.table.' + table) if has('data.table.' + table) else table)}**: {counts}  \n"
                        + "  \n".join(f"· {ui.md(e)}" for e in examples))

vocab = q.vocabulary(lang)
left, right = st.columns(2)
for column, kind in ((left, "flag"), (right, "basis")):
    with column:
        st.subheader(t(f"sources.{kind}_title"))
        ui.table(page, vocab[vocab.kind == kind], ["code", "name", "description"])

st.subheader(t("sources.list_title"))
listed = q.sources()
ui.table(page, listed, ["source_id", "title", "publisher", "url", "year_published", "note"],
         column_config={t("col.url"): st.column_config.LinkColumn(t("col.url"))})

with st.expander(t("sources.tables_title")):
    counts = pd.DataFrame(json.loads(info.row_counts).items(), columns=["table", "rows"])
    ui.table(page, counts, ["table", "rows"])
st.markdown(t("sources.method"))
ui.footer(page)
