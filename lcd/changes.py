"""Change columns for a time series table, in the manner of Our World in Data's table tab: per series, the
first and last value of the selected years, the absolute and the relative change between them, each
with its year, basis and quality flag. A change is only ever computed within one series (one basis)."""

from __future__ import annotations

import pandas as pd

from etl.population import weakest

COLUMNS = ["first_year", "first_value", "first_flag", "last_year", "last_value", "last_flag", "change", "change_pct", "change_flag"]


def _one(flags: str) -> str:
    """The weakest of a cell's flags (a rollup may hold several, comma-separated)."""
    return weakest(*[f.strip() for f in str(flags).split(",") if f.strip()] or ["reported"])


def changes(frame: pd.DataFrame, keys: list[str], value: str = "value", flag: str = "flag") -> pd.DataFrame:
    """One row per series (`keys`, which must include the basis where there is one): the first and last
    year's value and flag within the frame, the change between them (in the value's unit) and the relative
    change (percent of the first value), flagged with the weaker of the two flags. A series with one year
    has no change; projections are left out (a change is between observed values)."""
    if frame.empty:
        return pd.DataFrame(columns=[*keys, *COLUMNS])
    observed = frame[frame[flag] != "projection"] if flag in frame else frame
    rows = []
    for key, part in observed.dropna(subset=[value]).sort_values("year").groupby(keys, sort=True, dropna=False):
        first, last = part.iloc[0], part.iloc[-1]
        flags = (_one(first.get(flag, "reported")), _one(last.get(flag, "reported")))
        one_year = first.year == last.year
        change = None if one_year else last[value] - first[value]
        rows.append((*key, int(first.year), first[value], flags[0], int(last.year), last[value],
                     flags[1], change, None if one_year or not first[value] else 100 * change / first[value],
                     None if one_year else weakest(*flags)))
    return pd.DataFrame(rows, columns=[*keys, *COLUMNS])


def change_words(table: str, key: tuple[str, ...], change: str, names: dict[str, dict[str, str]], year) -> str:
    """One changed row in words, e.g. "Lamphun, Share of population aged 60+, 2020, …: added". `names` maps a
    key column (place_id, indicator_id, program_id, or a vocabulary kind such as basis) to display names;
    `year` formats a year in the reader's era; `change` is already in the reader's language."""
    from etl.fingerprint import KEYS

    words = []
    for column, value in zip(KEYS.get(table, ()), key):
        if column == "year" and value.isdigit():
            words.append(year(int(value)))
        elif value:
            words.append(names.get(column, {}).get(value, value))
    return f"{', '.join(words)}: {change}"
