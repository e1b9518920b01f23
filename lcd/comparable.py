"""Like with like: which value of each place a chart that puts places side by side shows.

Pure functions over the candidate values of one indicator: one row per place × year × basis with
the best flag of that key, headline flags only (`queries.indicator_values`). Places of one country
are compared at a *reference*: the year and basis that most of them share (or, when a year is
chosen, the basis most of them have in that year). A place without a value there shows its nearest
value within TOLERANCE years (the same basis first, then the nearest year, then the basis rank),
marked as not comparable. Two countries never share a basis, so a chart holding both is never
strictly comparable, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

TOLERANCE = 5  # years a place's value may be from the reference year and still be shown (marked)


PEER_LEVELS = ("province", "municipality", "district", "city")  # places compared as peers (not countries or the network)


@dataclass(frozen=True)
class Reference:
    """The year and basis most places of one country share."""

    country_iso: str
    year: int
    basis: str | None  # None: no place of the country has a value in the chosen year
    places: int


def references(frame: pd.DataFrame, year: int | None = None) -> dict[str, Reference]:
    """Per country, the (year, basis) with the most places: over all years (ties: the later year, then the
    better-ranked basis), or within `year` when one is chosen. (Plain Python over the rows: a pandas group-by
    per country cost 25 ms a call, and the coverage page calls it once per indicator.)"""
    places: dict[str, dict[tuple[int, str], set]] = {}
    ranks: dict[tuple[str, int, str], float] = {}
    for country, row_year, basis, place, rank in zip(frame.country_iso, frame.year, frame.basis, frame.place_id, frame.basis_rank):
        if pd.isna(country):
            continue
        cells = places.setdefault(country, {})
        if pd.isna(row_year) or pd.isna(basis) or (year is not None and row_year != year):
            continue  # a group-by leaves out missing keys
        key = (int(row_year), basis)
        cells.setdefault(key, set()).add(place)
        if not pd.isna(rank):
            ranks[(country, *key)] = min(ranks.get((country, *key), float("inf")), float(rank))
    found: dict[str, Reference] = {}
    for country in sorted(places):
        cells = places[country]
        if not cells:
            found[country] = Reference(country, int(year), None, 0)
            continue
        (best_year, basis), members = min(cells.items(), key=lambda item: (-len(item[1]), -item[0][0],
                                                                           ranks.get((country, *item[0]), float("inf")), item[0][1]))
        found[country] = Reference(country, best_year, basis, len(members))
    return found


def pick(frame: pd.DataFrame, year: int | None = None, tolerance: int = TOLERANCE) -> pd.DataFrame:
    """One row per place: its value at its country's reference, else its nearest within `tolerance` years.
    Adds ref_year, ref_basis and comparable (the value is at the reference year and basis)."""
    if frame.empty:
        return frame.assign(ref_year=pd.Series(dtype="Int64"), ref_basis=pd.Series(dtype=object),
                            comparable=pd.Series(dtype=bool))
    refs = references(frame, year)
    ref_year = frame.country_iso.map({c: r.year for c, r in refs.items()})
    ref_basis = frame.country_iso.map({c: r.basis for c, r in refs.items()})
    ranked = frame.assign(ref_year=ref_year, ref_basis=ref_basis, distance=(frame.year - ref_year).abs(),
                          other_basis=frame.basis != ref_basis)
    ranked = ranked[ranked.distance <= tolerance]
    ranked = ranked.sort_values(["place_id", "other_basis", "distance", "basis_rank", "year"], ascending=[True, True, True, True, False])
    chosen = ranked.drop_duplicates("place_id").drop(columns=["distance", "other_basis"])
    chosen["comparable"] = (chosen.year == chosen.ref_year) & (chosen.basis == chosen.ref_basis)
    return chosen.reset_index(drop=True)


def strictly_comparable(picked: pd.DataFrame) -> bool:
    """True when every value shown is at one year and on one basis."""
    return picked.empty or (bool(picked.comparable.all()) and picked[["year", "basis"]].drop_duplicates().shape[0] == 1)


def years(frame: pd.DataFrame) -> list[int]:
    """The years a comparison can be made for, latest first."""
    return sorted({int(y) for y in frame.year}, reverse=True)


CONTEXT_POINTS = 3  # a headline series with fewer values than this in a time chart gets a context series


def default_series(frame: pd.DataFrame) -> pd.DataFrame:
    """A time chart's default series (rows of `queries.series`): each place's headline series, and where that
    has fewer than CONTEXT_POINTS years in the frame (Thai provinces' registration: 2020–2021 only), also the
    place's longest other series, so the place keeps a trend, drawn as another basis. The rest stay one click away."""
    if frame.empty:
        return frame
    years = frame.groupby("series_id").year.nunique()
    keep = set(frame.series_id[frame.headline])
    for _, part in frame.groupby(["place_id", "indicator_id"]):
        own = set(part.series_id)
        head = own & keep
        if max((years[s] for s in head), default=0) < CONTEXT_POINTS and own - head:
            keep.add(max(sorted(own - head), key=lambda s: years[s]))
    return frame[frame.series_id.isin(keep)]


STATUS = ("same", "other_basis", "estimate_only", "none")  # a coverage cell against the rest of its column, best first


def coverage(values: pd.DataFrame, place_ids: list[str], indicator_ids: list[str]) -> pd.DataFrame:
    """The coverage matrix (rows of queries.coverage_values → one row per place × indicator, every pair of
    `place_ids` × `indicator_ids`): years (sorted list), bases, flags, first_year, last_year, and `status`:
    `same` (a value on the basis most of the country's places share, within TOLERANCE years of their
    year), `other_basis` (reported or derived values on another basis or years), `estimate_only` (model
    estimates only), `none` (nothing, or projections only); ref_year and ref_basis of the column."""
    observed = values[values.flag_rank.notna()] if not values.empty else values
    # one pass over the rows (a boolean mask per place × indicator made the page slow: hundreds of cells)
    found: dict[tuple[str, str], tuple[set, set, set, str]] = {}
    for indicator, place, year, basis, flag, country in zip(values.indicator_id, values.place_id, values.year, values.basis,
                                                           values.flag, values.country_iso):
        cell = found.setdefault((indicator, place), (set(), set(), set(), country))
        cell[0].add(int(year))
        cell[1].add(basis)
        cell[2].add(flag)
    seen: dict[tuple[str, str], list[tuple[str, int, str]]] = {}
    for indicator, place, year, basis, flag in zip(observed.indicator_id, observed.place_id, observed.year, observed.basis, observed.flag):
        seen.setdefault((indicator, place), []).append((basis, int(year), flag))
    rows = []
    for indicator in indicator_ids:
        column = observed[observed.indicator_id == indicator]
        refs = references(column) if not column.empty else {}
        for place in place_ids:
            years, bases, flags, country = found.get((indicator, place), (set(), set(), set(), None))
            ref = refs.get(country)
            status = "none"
            mine_seen = seen.get((indicator, place), [])
            if mine_seen:
                near = ref is not None and any(b == ref.basis and abs(y - ref.year) <= TOLERANCE for b, y, _ in mine_seen)
                status = "same" if near else "estimate_only" if {f for _, _, f in mine_seen} <= {"estimate"} else "other_basis"
            rows.append((place, indicator, sorted(years), sorted(bases), sorted(flags), min(years) if years else None,
                         max(years) if years else None, status, ref.year if ref else None, ref.basis if ref else None))
    return pd.DataFrame(rows, columns=["place_id", "indicator_id", "years", "bases", "flags", "first_year", "last_year",
                                       "status", "ref_year", "ref_basis"])


def definition_breaks(values: pd.DataFrame) -> pd.DataFrame:
    """Where a place's values of one indicator change basis from one observed year to the next (a break in
    the definition: the two sides cannot be joined into one line). One row per break: place_id, indicator_id,
    year_before, year_after, basis_before, basis_after. Within a year, the best-ranked basis stands for it."""
    rows = []
    observed = values[values.flag_rank.notna()] if not values.empty else values
    for (place, indicator), part in observed.groupby(["place_id", "indicator_id"]):
        yearly = part.sort_values(["year", "basis_rank"]).drop_duplicates("year")
        for before, after in zip(yearly.itertuples(), yearly.iloc[1:].itertuples()):
            if before.basis != after.basis:
                rows.append((place, indicator, int(before.year), int(after.year), before.basis, after.basis))
    return pd.DataFrame(rows, columns=["place_id", "indicator_id", "year_before", "year_after", "basis_before", "basis_after"])


def two_years(frame: pd.DataFrame) -> tuple[int, int] | None:
    """The default years of a before-and-after map of one region's places: after = the reference year (most
    places, latest); before = an earlier year that at least half as many places have: the earliest such
    year on the reference's basis (a change can be drawn), else the latest on any basis (side by side
    only). None when there is no such year."""
    if frame.empty:
        return None
    ref = references(frame.assign(country_iso="_"))["_"]
    earlier = frame[frame.year < ref.year]
    enough = max(2, ref.places // 2)
    same = earlier[earlier.basis == ref.basis].groupby("year").place_id.nunique()
    same = same[same >= enough]
    if not same.empty:
        return int(same.index.min()), ref.year
    other = earlier.groupby("year").place_id.nunique()
    other = other[other >= enough]
    return (int(other.index.max()), ref.year) if not other.empty else None


def change(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame | None:
    """Each place's change between two picks (rows of `pick`, one place each), only where both values are at
    their reference year on one shared basis: a change is never computed across bases. None when the two
    references differ in basis (then the maps may stand side by side, not as a change)."""
    if before.empty or after.empty or set(before.ref_basis.dropna()) != set(after.ref_basis.dropna()) \
            or before.ref_basis.nunique() != 1:
        return None
    both = before[before.comparable].merge(after[after.comparable], on="place_id", suffixes=("_before", "_after"))
    return both.assign(value=both.value_after - both.value_before, basis=both.basis_after, year=both.year_after,
                       place=both.place_after, flag=both.flag_after.where(both.flag_after == both.flag_before, "derived"),
                       source_ids=[sorted({*a, *b}) for a, b in zip(both.source_ids_before, both.source_ids_after)])
