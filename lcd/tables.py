"""Tables as a reader sees them: coded values as names, years in the reader's era, headers in their
language, missing values as a dash; and Markdown escaping for data text."""

from __future__ import annotations

import re
from typing import Iterable

import pandas as pd
import streamlit as st

from lcd import formats, queries
from lcd.i18n import t

CODED_COLUMNS = {"basis": "basis", "population_basis": "basis", "flag": "flag", "population_flag": "flag", "theme": "theme",
                 "target_age_group": "target_age_group", "age_group": "age_group", "provider_type": "provider_type", "sex": "sex",
                 "level": "level", "country_iso": "country", "category": "category", "unit": "unit", "measure": "measure",
                 "qualifier": "qualifier", "status": "figure_status", "gnlc_status": "membership"}
YEAR_COLUMNS = ("year", "start_year", "gnlc_joined_year", "joined_year", "award_year", "unesco_award_year",
                "population_carried_from")
TEXT_YEAR_COLUMNS = ("year_published",)  # text holding years as printed ("2019", "2020-2021")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
MISSING = "–"  # how a table shows a value the data does not have (e.g. an unknown start year)


def localised(frame: pd.DataFrame, columns: Iterable[str], lang: str, buddhist_era: bool = False,
              keep_codes: bool = False) -> pd.DataFrame:
    """The columns of a frame a table shows, coded values as names, headers in `lang`, years in the reader's era.
    `keep_codes` (exports): each coded column keeps its codes in a column of its own beside the names, for machines."""
    shown = frame[[c for c in columns if c in frame]].copy()
    vocab = queries.code_names(lang)
    codes = {}
    for column, kind in CODED_COLUMNS.items():
        if column in shown:
            names = vocab.get(kind, {})
            codes[column] = shown[column]
            shown[column] = shown[column].map(lambda v: names.get(v, v))
    if buddhist_era:
        for column in YEAR_COLUMNS:
            if column in shown:
                shown[column] = shown[column].map(lambda y: formats.BE_OFFSET + int(y) if pd.notna(y) else y)
        for column in TEXT_YEAR_COLUMNS:
            if column in shown:
                shown[column] = shown[column].map(
                    lambda text: _YEAR.sub(lambda m: str(int(m.group(1)) + formats.BE_OFFSET), text) if isinstance(text, str) else text)
    for column in shown:
        if shown[column].map(lambda v: isinstance(v, (list, tuple)) or hasattr(v, "tolist")).any():
            sep = ", " if column in ("source_ids", "provider_types") else t("list.separator", lang=lang)
            shown[column] = shown[column].map(lambda v, s=sep: s.join(map(str, v)) if v is not None else "")
    headers = {c: t(f"col.{c}", lang=lang) for c in shown.columns}
    if keep_codes and codes:
        for column, values in codes.items():
            shown.insert(shown.columns.get_loc(column) + 1, f"{column}__code", values)
            headers[f"{column}__code"] = t("col.code_of", lang=lang, column=headers[column])
    return shown.rename(columns=headers)


def with_names(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A query result with a name beside every code (console results): after `basis`, `basis_name`; after
    `place_id`, `place_name`, and so on; the codes stay as they are."""
    vocab = queries.code_names(lang)
    lookups = {column: vocab.get(kind, {}) for column, kind in CODED_COLUMNS.items()}
    lookups["place_id"] = queries.places(lang).set_index("place_id").name.to_dict()
    lookups["indicator_id"] = queries.indicators(lang).set_index("indicator_id").name.to_dict()
    lookups["program_id"] = queries.programs(lang).set_index("program_id").name.to_dict()
    out = frame.copy()
    for column in [c for c in frame.columns if c in lookups]:
        name = f"{column.removesuffix('_id')}_name"
        if name in out or not out[column].map(lambda v: isinstance(v, str)).any():
            continue
        out.insert(out.columns.get_loc(column) + 1, name, out[column].map(lambda v, m=lookups[column]: m.get(v, v)))
    return out


def table(page, frame: pd.DataFrame, columns: Iterable[str], static: bool = False, **kwargs) -> None:
    """`frame[columns]` as a table in the page's language and era (see localised), missing values shown as MISSING.
    `static`: a few rows of long text, shown whole (wrapped) rather than in a scrolling grid."""
    shown = localised(frame, columns, page.lang, page.buddhist_era)
    if static:
        st.table(shown.fillna(MISSING).replace("", MISSING).set_index(shown.columns[0]))
    else:
        st.dataframe(shown, hide_index=True, placeholder=MISSING, **kwargs)


def uploader_words(button: str, limit: str) -> str:
    """CSS that shows `button` and `limit` in place of the English words Streamlit's file uploader (key
    `uploader`) writes itself: "Upload" and "20MB per file • CSV, XLSX". The words are CSS-escaped."""
    zone = '.st-key-uploader [data-testid="stFileUploaderDropzone"]'
    return (f"<style>{zone} button p {{ font-size: 0 }} {zone} button p::after {{ content: {_css(button)}; font-size: 1rem }}"
            f" {zone} [data-testid=\"stFileUploaderDropzoneInstructions\"] span {{ font-size: 0 }}"
            f" {zone} [data-testid=\"stFileUploaderDropzoneInstructions\"] span::after {{ content: {_css(limit)};"
            f" font-size: .875rem }}</style>")


def _css(text: str) -> str:
    """`text` as a CSS string: quotes and backslashes escaped, and no `<` that could end the style element."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ") + '"'


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|<>~$:"})


def md(text) -> str:
    """Data text made safe for Streamlit's Markdown: every special character escaped, so a name like
    `<img src=x onerror=…>` or `**bold**` shows as the characters it is made of."""
    return str(text).translate(_MARKDOWN)
