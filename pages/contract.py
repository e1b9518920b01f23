"""Data contract (`/contract`): every table and column the data is built from, with its type, unit,
allowed values and meaning in the reader's language, the rows each holds now, and a link to each on /data.
The contract itself is etl/contract.py; this page and data/README.md are both drawn from it."""

import json
import re

import pandas as pd
import streamlit as st

from etl.contract import ENUMS, TABLES, Table
from lcd import contract_text, queries as q, ui
from lcd.formats import number
from lcd.i18n import t
from lcd.page import page_file

YEARS = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")
page = ui.start("contract")
lang = page.lang
ui.header(page)
counts = json.loads(q.build_info().iloc[0].row_counts)
names = q.code_names(lang)
def file_of(table: Table) -> str:
    return f"{table.name}.csv"  # a file name: the same in every language


chosen = ui.option("table", {"": t("contract.all_tables"), **{table.name: file_of(table) for table in TABLES}},
                   t("contract.table"), widget=st.selectbox)


def allowed(column, table: Table) -> str:
    """What a column may hold, in words: its allowed values by name, the table its ids come from, a range."""
    sep = t("list.separator")
    parts = []
    if column.enum:
        named = names.get(column.enum, {})
        parts.append(sep.join(f"{code} ({named[code]})" if named.get(code) else code
                              for code in ENUMS[column.enum]))
    if column.enum_by:
        parts.append(t("contract.enum_by", column=column.enum_by))
    if column.ref:
        ref_table, ref_column = column.ref.split(".")
        parts.append(t("contract.ref", column=ref_column, file=f"{ref_table}.csv"))
    low, high = column.bounds()
    shown = page.year if column.type == "year" else (lambda v: number(v, lang))  # years in the reader's era
    if low is not None and high is not None:
        parts.append(f"{shown(low)}–{shown(high)}")
    elif low is not None:
        parts.append(t("problem.range_at_least", low=shown(low)))
    if column.multi:
        parts.append(t("contract.multi"))
    return "; ".join(parts)


def columns_of(table: Table) -> pd.DataFrame:
    return pd.DataFrame([{
        "column": column.name, "type": YEARS.sub(lambda m: page.year(int(m.group())), contract_text.text(f"type.{column.type}", lang)),
        "unit": column.unit,
        "required": t("contract.yes") if column.required else t("contract.no"), "allowed": allowed(column, table),
        "meaning": contract_text.text(f"column.{table.name}.{column.name}", lang),
    } for column in table.columns])


for table in [tb for tb in TABLES if not chosen or tb.name == chosen]:
    with st.container(border=True, key=f"contract_{table.name}"):
        st.subheader(file_of(table))
        rows = counts.get(table.name)
        status = t("contract.optional") if table.optional else t("contract.required")
        st.markdown(t("contract.summary", status=status, rows=number(rows, lang) if rows is not None else "–",
                      key_columns=", ".join(table.key) or "–"))
        st.caption(t("contract.grain", grain=contract_text.text(f"table.{table.name}", lang)))
        if table.name in q.DATA_TABLES:
            st.page_link(page_file("data"), label=t("contract.open", file=f"{table.name}.csv"), query_params={"table": table.name},
                         icon=":material/table_view:")
        ui.table(page, columns_of(table), ["column", "type", "unit", "required", "allowed", "meaning"], static=True)
        if table.rules:
            st.markdown(t("contract.rules") + "\n" + "\n".join(
                f"- `{rule.column}`: {ui.md(contract_text.text(f'rule.{table.name}.{n}', lang))}"
                for n, rule in enumerate(table.rules, start=1)))
ui.footer(page)
