"""Bring your own data (`/upload`): validate files in the data contract and use them in this session only."""

import pandas as pd
import streamlit as st

from etl.build import ChecksFailed
from etl.problems import ValidationFailed
from lcd import overlay, ui
from lcd.i18n import t

filters = ui.start("upload")
ui.header("upload")
st.markdown(t("upload.how", mb=overlay.MAX_FILE_MB, rows=f"{overlay.ROW_LIMIT:,}"))

token = st.session_state.get(overlay.SESSION_KEY)
if token and overlay.exists(token):
    st.success(t("upload.active", files=", ".join(overlay.files(token))))
    if st.button(t("upload.remove"), icon=":material/delete:"):
        overlay.drop(token)
        del st.session_state[overlay.SESSION_KEY]
        st.rerun()

uploads = st.file_uploader(t("upload.files"), type=["csv", "xlsx"], accept_multiple_files=True)
if uploads and st.button(t("upload.validate"), type="primary", icon=":material/fact_check:"):
    try:
        with st.spinner(t("upload.building")):
            new = overlay.build({f.name: f.getvalue() for f in uploads})
    except ValidationFailed as failed:
        st.error(t("upload.problems", count=len(failed.problems)))
        ui.table(pd.DataFrame([vars(p) for p in failed.problems]), ["file", "row", "column", "message"])
    except ChecksFailed as failed:
        st.error(t("upload.checks", count=len(failed.failures)))
        st.code("\n".join(str(f) for f in failed.failures), language=None)
    else:
        if token:
            overlay.drop(token)
        st.session_state[overlay.SESSION_KEY] = new
        st.rerun()
ui.footer()
