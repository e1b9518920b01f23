"""Overview page (`/`) and the app's entry: `streamlit run dashboard.py`."""

import json

import pandas as pd
import streamlit as st

from lcd import db
from lcd.i18n import t

st.set_page_config(page_title=t("app.title"), layout="wide")
st.title(t("app.title"))
st.caption(t("app.subtitle"))

if db.needs_build():
    from etl.problems import ValidationFailed

    with st.spinner(t("build.running")):
        try:
            db.build_default()
        except ValidationFailed as failed:
            st.error(t("build.failed" if db.database_path().exists() else "build.missing"))
            st.code("\n".join(str(p) for p in failed.problems), language=None)
            if not db.database_path().exists():
                st.stop()

info = db.fetch("SELECT * FROM build_info").iloc[0]
st.subheader(t("build.info.title"))
cols = st.columns(3)
cols[0].metric(t("build.info.version"), info.data_version)
cols[1].metric(t("build.info.built_at"), f"{info.built_at:%Y-%m-%d %H:%M} UTC")
cols[2].metric(t("build.info.participation"), info.participation_source)
counts = pd.DataFrame(json.loads(info.row_counts).items(), columns=[t("build.info.table"), t("build.info.rows")])
st.dataframe(counts, hide_index=True)
