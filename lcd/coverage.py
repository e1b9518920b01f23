"""The coverage page's tables, in words: which years, bases and flags each place has for each indicator,
how comparable each cell is with its column, and where a place's series changes basis.

Pure functions over comparable.coverage / definition_breaks and the names a page passes in; the page
draws them (charts.grid) and the summaries say them (lcd.summaries.coverage).
"""

from __future__ import annotations

import pandas as pd

from lcd import formats
from lcd.comparable import STATUS
from lcd.i18n import t


def year_runs(years, buddhist_era: bool = False) -> str:
    """Years as runs: `2010–2017, 2020, 2022–2024` (a run of two or more consecutive years as a span)."""
    found = sorted({int(y) for y in years if pd.notna(y)})
    runs: list[list[int]] = []
    for y in found:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(formats.year(r[0], buddhist_era) if len(r) == 1 else
                     f"{formats.year(r[0], buddhist_era)}–{formats.year(r[-1], buddhist_era)}" for r in runs)


def cells(matrix: pd.DataFrame, places: dict, indicators: dict, words) -> pd.DataFrame:
    """`matrix` (comparable.coverage) with what a reader sees in a cell: place and indicator names,
    years as runs, bases and flags as names, the status in words and the hover text."""
    if matrix.empty:
        return matrix.assign(place=[], indicator=[], years_text=[], bases_text=[], flags_text=[], status_text=[], hover=[])
    era = words.year("2000") != "2000"
    status_names = {s: t(f"coverage.status.{s}", lang=words.lang) for s in STATUS}
    out = matrix.assign(
        place=matrix.place_id.map(lambda p: places.get(p, p)),
        indicator=matrix.indicator_id.map(lambda i: indicators.get(i, i)),
        years_text=[year_runs(y, era) for y in matrix["years"]],
        bases_text=[words.join(words.basis.get(b, b) for b in bases) for bases in matrix["bases"]],
        flags_text=[words.join(words.flag.get(f, f) for f in flags) for flags in matrix["flags"]],
        status_text=matrix.status.map(status_names),
        reference=[t("coverage.reference", lang=words.lang, basis=words.basis.get(b, b), year=words.year(y))
                   if isinstance(b, str) else "" for b, y in zip(matrix.ref_basis, matrix.ref_year)],
    )
    out["hover"] = [
        "<br>".join(part for part in (
            f"<b>{r.place}</b> · {r.indicator}",
            t("coverage.hover_years", lang=words.lang, years=r.years_text) if r.years_text else t("coverage.status.none", lang=words.lang),
            t("coverage.hover_bases", lang=words.lang, bases=r.bases_text) if r.bases_text else "",
            t("coverage.hover_flags", lang=words.lang, flags=r.flags_text) if r.flags_text else "",
            f"{r.status_text}" + (f" ({r.reference})" if r.reference else ""),
        ) if part)
        for r in out.itertuples()]
    return out


def year_cells(values: pd.DataFrame, words) -> pd.DataFrame:
    """One row per place × year of one indicator (rows of queries.coverage_values): the basis that stands
    for the year (the best-ranked observed one; projections only when nothing else), its flag, value and
    the hover text naming every basis the year has."""
    if values.empty:
        return values.assign(basis_name=[], hover=[])
    ordered = values.sort_values(["place_id", "year", "flag_rank", "basis_rank"], na_position="last")
    rows = []
    for (place_id, year), part in ordered.groupby(["place_id", "year"], sort=False):
        best = part.iloc[0]
        every = [f"{words.basis.get(r.basis, r.basis)}: {words.number(r.value, 'percent' if r.unit == 'percent' else '')}"
                 f" ({words.flag.get(r.flag, r.flag)})" for r in part.itertuples()]
        rows.append({**best.to_dict(), "basis_name": words.basis.get(best.basis, best.basis),
                     "hover": "<br>".join([f"<b>{best.place}</b> · {words.year(year)}", *every])})
    return pd.DataFrame(rows)


def break_marks(breaks: pd.DataFrame, places: dict, words) -> pd.DataFrame:
    """Definition breaks (comparable.definition_breaks) as marks between two year cells of a place's row."""
    if breaks.empty:
        return breaks.assign(x_before=[], x_after=[], y=[], hover=[])
    return breaks.assign(
        x_before=breaks.year_before, x_after=breaks.year_after, y=breaks.place_id.map(lambda p: places.get(p, p)),
        hover=[t("coverage.break_hover", lang=words.lang, place=places.get(r.place_id, r.place_id), before=words.basis.get(r.basis_before, r.basis_before),
                 after=words.basis.get(r.basis_after, r.basis_after), year_before=words.year(r.year_before),
                 year_after=words.year(r.year_after)) for r in breaks.itertuples()])
