"""Bring your own data (`/upload`): validate files in the data contract and use them in this session only."""

import pandas as pd
import streamlit as st

from etl.problems import BuildFailed
from lcd import overlay, ui
from lcd.i18n import t

page = ui.start("upload")
ui.header(page)
st.markdown(t("upload.how", mb=overlay.MAX_FILE_MB, rows=f"{overlay.ROW_LIMIT:,}"))

current = st.session_state.get(overlay.SESSION_KEY)
if current and overlay.exists(current):
    st.success(t("upload.active", files=", ".join(overlay.files(current))))
    if st.button(t("upload.remove"), icon=":material/delete:"):
        overlay.drop(current)
        del st.session_state[overlay.SESSION_KEY]
        st.rerun()

if page.lang != "en":  # Streamlit writes the uploader's own words in English: put the reader's in their place
    st.html(ui.uploader_words(t("upload.button"), t("upload.limit", mb=overlay.MAX_FILE_MB)))
uploads = st.file_uploader(t("upload.files"), type=["csv", "xlsx"], accept_multiple_files=True, key="uploader")
if uploads and st.button(t("upload.validate"), type="primary", icon=":material/fact_check:"):
    try:
        with st.spinner(t("upload.building")):
            new = overlay.build({f.name: f.getvalue() for f in uploads})
    except BuildFailed as failed:
        if failed.stage == "validation":
            st.error(t("upload.problems", count=len(failed.problems)))
            ui.table(page, pd.DataFrame([vars(p) for p in failed.problems]), ["file", "row", "column", "message"])
        else:
            st.error(t("upload.checks", count=len(failed.problems)))
            st.code("\n".join(str(f) for f in failed.problems), language=None)
    else:
        if current:
            overlay.drop(current)
        st.session_state[overlay.SESSION_KEY] = new
        st.rerun()
ui.footer(page)
