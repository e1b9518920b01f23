"""Data (`/data`): the researcher's table explorer with sourced, cited downloads of exactly the filtered view."""

import streamlit as st

from lcd import console, contract_text, queries as q, ui
from lcd.tables import with_names
from lcd.i18n import t

# the shared filters each table follows: the page offers, applies and describes only those of the chosen table
FOLLOWS = {"observations": ("places", "countries", "years"), "programs": ("places", "countries", "themes"),
           "participation": ("places", "countries", "years", "ages", "themes"), "places": ("places", "countries"), "sources": ()}

page = ui.start("data", filters=("places", "countries", "years", "ages", "themes"))
table = ui.option_value("table", list(q.DATA_TABLES))
page.offer(*FOLLOWS.get(table, ("places", "countries") if q.has_places(table) else ()))
filters, lang = page.filters, page.lang
ui.header(page)

with st.container(horizontal=True, vertical_alignment="bottom"):
    ui.option("table", {name: t(f"data.table.{name}") for name in q.DATA_TABLES}, t("data.table"), widget=st.selectbox)
    indicators, indicator_words = (), []
    if table == "observations":  # one indicator (or a few), not all of them to filter by hand
        names = q.indicators(lang).set_index("indicator_id").name.to_dict()
        indicators = tuple(ui.choice("indicators", sorted(names, key=lambda i: names[i]), [], t("data.indicators"),
                                     lambda i: names.get(i, i), placeholder=t("data.indicators_all")))
        if indicators:
            indicator_words = [f"{t('data.indicators')}: {t('list.separator').join(names.get(i, i) for i in indicators)}"]
grain = ("place", "year")
if table == "participation":
    grain = tuple(ui.choice("grain", list(q.GRAINS), ["place", "year"], t("data.grain"), lambda g: t(f"data.grain.{g}")))
    ui.synthetic_notice()
frame = q.data_table(table, filters.places, filters.countries, filters.years, filters.ages, filters.themes, grain, lang,
                     indicators)

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
ui.table(page, view, columns)

st.subheader(t("data.download"))
ui.downloads(page, view, columns, q.sources() if table == "sources" else ui.sources_of(frame), f"learning-cities-{table}",
             more=indicator_words)
st.subheader(t("data.citation"))
st.code(ui.view_meta(page).citation(), language=None, wrap_lines=True)

with st.expander(t("console.title"), icon=":material/terminal:", expanded=bool(st.session_state.get("console_result"))):
    st.caption(t("console.help", seconds=console.TIME_LIMIT, rows=f"{console.ROW_CAP:,}"))
    editor, schema = st.columns([3, 2])
    with schema:  # what the query can read, beside the editor
        listed = q.schema()
        shown = st.selectbox(t("console.schema"), sorted(set(listed.table_name)), index=None, key="console_table",
                             placeholder=t("console.schema_pick"))
        if shown:
            part = listed[listed.table_name == shown]
            ui.table(page, part.assign(column=part.column_name, type=part.data_type, meaning=[
                contract_text.text(f"column.{shown}.{c}", lang) if f"column.{shown}.{c}" in contract_text.english() else ""
                for c in part.column_name]), ["column", "type", "meaning"])
    with editor:
        st.markdown(f"**{t('console.examples')}**")
        with st.container(horizontal=True, gap="small"):
            for key, example in console.EXAMPLES.items():
                st.button(t(f"console.example.{key}"), key=f"console_example_{key}", type="tertiary",
                          on_click=lambda e=example: st.session_state.update(console_sql=e))
        if "console_sql" not in st.session_state:
            st.session_state["console_sql"] = console.EXAMPLE
        sql = st.text_area(t("console.sql"), key="console_sql", height=160)
        if st.button(t("console.run"), icon=":material/play_arrow:"):
            try:
                st.session_state["console_result"] = console.run(sql, page.source)
            except console.Refused as refused:
                st.session_state["console_result"] = None
                st.error(t(refused.key, **refused.values))
    result = st.session_state.get("console_result")
    if result is not None:
        st.markdown(t("console.rows", count=len(result.frame), seconds=f"{result.seconds:.2f}"))
        if result.truncated:
            st.warning(t("console.truncated", rows=f"{console.ROW_CAP:,}"))
        st.caption(t("console.names_note"))
        st.dataframe(with_names(result.frame, lang), hide_index=True)
        ui.downloads(page, result.frame, list(result.frame.columns), q.sources().iloc[0:0], "learning-cities-query", translate=False,
                     applied=())
ui.footer(page)
