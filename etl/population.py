"""Population by participation age group (0–59, 60–64, 65+) per place and year.

Participation rates and the synthetic generator both need the number of residents in each
age group. No source gives that directly, so it is derived from `observations`: a total
population and the shares aged 60+ and 65+, all on ONE basis per place (bases are never
mixed). Years between observations are interpolated linearly and years outside them take
the nearest observed value; such values are flagged `estimate`, values computed from figures
of the same year `derived`. A district with a total but no age shares borrows its parent's
shares on the same basis (flagged `estimate`, said in the note). Places with no total on any
usable basis get no rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

YEARS = range(2010, 2026)
AGE_GROUPS = ("age_0_59", "age_60_64", "age_65_plus")
COLUMNS = ["place_id", "year", "age_group", "population", "basis", "flag", "source_id", "note"]

_TOTAL = "population_total"
_SHARE = {60: ("population_60plus_pct", "population_60plus_count"), 65: ("population_65plus_pct", "population_65plus_count")}
_NEEDED = {_TOTAL, *(i for pair in _SHARE.values() for i in pair)}


def _shares(obs: pd.DataFrame) -> pd.DataFrame:
    """Share (0–1) aged 60+ and 65+ per place, basis and year, from the percent indicator or
    count ÷ total of the same place, basis and year. Columns: place_id, basis, age, year, share, source_id."""
    keys = ["place_id", "basis", "year"]
    totals = obs[obs.indicator_id == _TOTAL][keys + ["value", "source_id"]]
    parts = []
    for age, (pct_id, count_id) in _SHARE.items():
        pct = obs[obs.indicator_id == pct_id]
        parts.append(pct[keys + ["source_id"]].assign(age=age, share=pct.value / 100))
        ratio = obs[obs.indicator_id == count_id][keys + ["value", "source_id"]].merge(totals, on=keys, suffixes=("", "_t"))
        parts.append(ratio[keys].assign(age=age, share=ratio.value / ratio.value_t, source_id=ratio.source_id + ";" + ratio.source_id_t))
    both = pd.concat(parts, ignore_index=True)
    return both.groupby(["place_id", "basis", "age", "year"], as_index=False).agg(share=("share", "mean"), source_id=("source_id", "first"))


def _at(series: pd.DataFrame, column: str, year: int) -> tuple[float, bool]:
    """Value of `column` in `year`: exact, interpolated, or the nearest year's; and whether exact."""
    years = series.year.to_numpy()
    values = series[column].to_numpy(dtype=float)
    order = np.argsort(years)
    return float(np.interp(year, years[order], values[order])), bool((years == year).any())


def _choose(place: str, totals: dict, shares: dict, parent: str | None):
    """The basis to use for a place, with its total and share series; None if none is complete."""
    best = None
    for (where, basis), total in totals.items():
        if where != place:
            continue
        own = [shares.get((place, basis, age)) for age in (60, 65)]
        borrowed = any(s is None for s in own)
        if borrowed and parent is not None:
            own = [s if s is not None else shares.get((parent, basis, age)) for s, age in zip(own, (60, 65))]
        if any(s is None for s in own):
            continue
        rank = (not borrowed, int(total.year.max()), len(total))
        if best is None or rank > best[0]:
            best = (rank, basis, total, own, borrowed)
    return best


def age_population(observations: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Rows of COLUMNS: residents per place, year (YEARS) and age group, with basis and flag.

    `observations` needs place_id, year, indicator_id, value, basis, source_id (';'-joined text);
    `places` needs place_id and parent_place_id.
    """
    obs = observations[observations.indicator_id.isin(_NEEDED) & (observations.flag != "projection")]
    obs = obs.assign(source_id=obs.source_id.astype(str))
    parents = dict(zip(places.place_id, places.parent_place_id.where(places.parent_place_id.notna(), None)))
    all_totals = dict(iter(obs[obs.indicator_id == _TOTAL].groupby(["place_id", "basis"])))
    all_shares = dict(iter(_shares(obs).groupby(["place_id", "basis", "age"])))
    rows = []
    for place in sorted(obs.place_id.unique()):
        chosen = _choose(place, all_totals, all_shares, parents.get(place))
        if chosen is None:
            continue
        _, basis, totals, (s60, s65), borrowed = chosen
        sources = ";".join(sorted({s for frame in (totals, s60, s65) for ids in frame.source_id for s in ids.split(";")}))
        for year in YEARS:
            total, exact_t = _at(totals, "value", year)
            share60, exact_60 = _at(s60, "share", year)
            share65, exact_65 = _at(s65, "share", year)
            share65 = min(share65, share60)
            exact = exact_t and exact_60 and exact_65 and not borrowed
            counts = (total * (1 - share60), total * (share60 - share65), total * share65)
            note = f"basis={basis}; total × shares aged 60+ and 65+"
            if borrowed:
                note += f"; age shares of {parents[place]} (same basis)"
            if not exact:
                note += "; interpolated or carried from the nearest observed year"
            for group, count in zip(AGE_GROUPS, counts):
                rows.append((place, year, group, int(round(count)), basis, "derived" if exact else "estimate", sources, note))
    return pd.DataFrame(rows, columns=COLUMNS)
