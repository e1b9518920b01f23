"""Bring your own data (`/upload`): validate files in the data contract and use them in this session only."""

from itertools import groupby

import streamlit as st

from etl.problems import BuildFailed
from lcd import overlay, problems_text, ui
from lcd.i18n import t
from lcd.page import page_file

page = ui.start("upload")
ui.header(page)
st.markdown(t("upload.how", mb=overlay.MAX_FILE_MB, rows=f"{overlay.ROW_LIMIT:,}"))

current = st.session_state.get(overlay.SESSION_KEY)
if current and overlay.exists(current):
    st.success(t("upload.active", files=", ".join(overlay.files(current))))
    if st.button(t("upload.remove"), icon=":material/delete:"):
        overlay.drop(current)
        del st.session_state[overlay.SESSION_KEY]
        st.query_params.pop("data", None)  # the view is of the shared data again
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
            for file, found in groupby(sorted(failed.problems), key=lambda p: p.file):
                found = list(found)
                with st.container(border=True, key=f"problems_{file}"):
                    st.markdown(f"**{ui.md(file)}**")
                    # every message whole, in the reader's language (a table's cell cut the expected columns off)
                    st.markdown("\n".join(f"- {t('upload.where', row=p.row, column=ui.md(p.column or '–'))}: "
                                           f"{ui.md(problems_text.text(p, page.lang))}" for p in found))
                    table = problems_text.table_of(found[0])
                    if table:
                        st.page_link(page_file("contract"), label=t("problem.see_contract", file=file),
                                     query_params={"table": table, **({"lang": page.lang} if page.url_filters.lang else {})},
                                     icon=":material/menu_book:")
        else:
            st.error(t("upload.checks", count=len(failed.problems)))
            st.code("\n".join(str(f) for f in failed.problems), language=None)
    else:
        if current:
            overlay.drop(current)
        st.session_state[overlay.SESSION_KEY] = new
        st.rerun()
ui.footer(page)
