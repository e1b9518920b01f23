"""Residents by participation age group (0–59, 60–64, 65+) per place and year: the denominators.

Participation rates and the synthetic generator both need the number of residents in each age
group. No source gives that directly, so it is derived from `observations`: a total and the 60+
and 65+ counts or shares, all on ONE basis per place and year (bases are never mixed in a value).

For each place and year the basis is chosen by how much of it is observed in that year (total,
60+, 65+), then by how near its 60+ observation is, then by the headline rule's basis rank
(`headline_rule.csv`). Within a basis:
- a value observed in the year is used as it is (a count directly; a share times the total);
- between two observed years it is interpolated linearly (flag `estimate`);
- outside them it is carried from the nearest observed year (flag `estimate`, `carried_from` set,
  said in the note), never silently;
- a place with a total but no age shares borrows its parent's shares on the same basis, and a basis
  with a 60+ share but no 65+ takes the 65+ part of the 60+ from the place's (or its parent's) nearest
  other basis (both `estimate`, said in the note).
A computed value takes the weakest flag of what it was computed from, and never better than `derived`.
A `TERRITORY:` remark in an input's note (e.g. Udon Thani's model series including Nong Bua Lam Phu)
is carried into the note. Places with no total on any basis get no rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

AGE_GROUPS = ("age_0_59", "age_60_64", "age_65_plus")
COLUMNS = ["place_id", "year", "age_group", "population", "basis", "flag", "source_id", "note", "carried_from"]
FLAG_ORDER = ("reported", "derived", "estimate", "projection", "synthetic")  # strongest first

MAX_CARRY = 5  # years a value is carried beyond its observations at most; further, the place has no row
BORROWED_PENALTY = 3  # years' worth of distance that using the parent's age shares costs a basis
_TOTAL = "population_total"
_AGES = {60: ("population_60plus_pct", "population_60plus_count"), 65: ("population_65plus_pct", "population_65plus_count")}
_NEEDED = {_TOTAL, *(i for pair in _AGES.values() for i in pair)}
_TERRITORY = re.compile(r"TERRITORY:[^;]*")


def weakest(*flags: str) -> str:
    """The weakest of quality flags (a value is never better than what it was made from)."""
    return max(flags, key=FLAG_ORDER.index)


Point = tuple[float, str, str, str]  # value, flag, source ids (';'-joined), note
Observed = dict[str, dict[str, dict[str, dict[int, Point]]]]  # place → basis → indicator → year → point


@dataclass
class _Series:
    """Observed points of one quantity (a total, or a 60+ / 65+ share) of one place on one basis."""

    points: dict[int, Point]
    label: str  # how the note names it, e.g. "60+ share"
    first: int = field(init=False)
    last: int = field(init=False)
    sources: set[str] = field(init=False)
    territory: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.first, self.last = min(self.points), max(self.points)
        self.sources = {s for _, _, ids, _ in self.points.values() for s in ids.split(";") if s}
        self.territory = {m.group(0).strip() for *_, note in self.points.values() for m in _TERRITORY.finditer(note or "")}

    def at(self, year: int) -> tuple[float, str, int | None, str]:
        """(value, flag, carried_from, how) in `year`: observed, interpolated or carried."""
        if year in self.points:
            value, flag, _, _ = self.points[year]
            return value, flag, None, ""
        if self.first < year < self.last:
            before = max(y for y in self.points if y < year)
            after = min(y for y in self.points if y > year)
            low, high = self.points[before][0], self.points[after][0]
            return low + (high - low) * (year - before) / (after - before), "estimate", None, f"{self.label} interpolated"
        nearest = self.first if year < self.first else self.last
        return self.points[nearest][0], "estimate", nearest, f"{self.label} carried from {nearest}"

    def distance(self, year: int) -> int:
        return min(abs(y - year) for y in self.points)

    def gap(self, year: int) -> int:
        """Years between `year` and the observed range (0 inside it)."""
        return max(self.first - year, year - self.last, 0)


def _observed(obs: pd.DataFrame) -> Observed:
    """The observations as nested dicts; of two rows for one key, the one with the stronger flag."""
    found: Observed = {}
    for place, basis, indicator, year, value, flag, source, note in zip(
            obs.place_id, obs.basis, obs.indicator_id, obs.year, obs.value, obs.flag, obs.source_id, obs.note):
        points = found.setdefault(place, {}).setdefault(basis, {}).setdefault(indicator, {})
        year = int(year)
        if year not in points or FLAG_ORDER.index(flag) < FLAG_ORDER.index(points[year][1]):
            points[year] = (float(value), flag, str(source), "" if pd.isna(note) else str(note))
    return found


def _shares(mine: dict[str, dict[int, Point]], age: int) -> _Series | None:
    """The share (0–1) aged `age`+ on one basis, per observed year: the percent indicator, else the count
    over the total of the same year (its flag `derived` at best)."""
    pct_id, count_id = _AGES[age]
    totals = mine.get(_TOTAL, {})
    points = {year: (value / 100, flag, source, note) for year, (value, flag, source, note) in mine.get(pct_id, {}).items()}
    for year, (count, flag, source, note) in mine.get(count_id, {}).items():
        if year not in points and year in totals and totals[year][0]:
            total, total_flag, total_source, _ = totals[year]
            points[year] = (count / total, weakest("derived", flag, total_flag), f"{source};{total_source}", note)
    return _Series(points, f"{age}+ share") if points else None


@dataclass
class _Candidate:
    basis: str
    rank: int
    total: _Series
    share60: _Series
    share65: _Series | None  # None: the 65+ part of the 60+ comes from another basis
    counts60: dict
    counts65: dict
    borrowed: str | None  # the parent whose shares are used

    def score(self, year: int) -> tuple:
        """Lower is better: years to the nearest observations of the total and the 60+ share (0 inside their
        range), a borrowed share counting BORROWED_PENALTY more, then the headline rank."""
        return (self.total.gap(year) + self.share60.gap(year) + (BORROWED_PENALTY if self.borrowed else 0), self.rank)

    def reaches(self, year: int) -> bool:
        return max(self.total.gap(year), self.share60.gap(year)) <= MAX_CARRY


def _ratio65(candidates: list[_Candidate], fallback: list[_Candidate], year: int) -> tuple[float, str, set[str]] | None:
    """The 65+ part of the 60+ from the nearest basis that has both, for a basis that lacks 65+."""
    usable = [c for c in candidates + fallback if c.share65 is not None]
    if not usable:
        return None
    best = min(usable, key=lambda c: (c.share65.distance(year), c.rank))
    s60, _, from60, _ = best.share60.at(year)
    s65, _, from65, _ = best.share65.at(year)
    where = best.basis + (f", {from65 or from60}" if (from65 or from60) else "") + (f", of {best.borrowed}" if best.borrowed else "")
    return (min(s65 / s60, 1.0) if s60 else 0.0), where, best.share60.sources | best.share65.sources


def _candidates(observed: Observed, place: str, parent: str | None, ranks: dict[str, int]) -> list[_Candidate]:
    found = []
    for basis, mine in observed.get(place, {}).items():
        if not mine.get(_TOTAL):
            continue
        source, borrowed = mine, None
        if _shares(mine, 60) is None and parent is not None:
            source, borrowed = observed.get(parent, {}).get(basis, {}), parent
        share60 = _shares(source, 60)
        if share60 is None:
            continue
        counts = {age: {} if borrowed else {y: (v, f, s) for y, (v, f, s, _) in mine.get(_AGES[age][1], {}).items()}
                  for age in _AGES}
        found.append(_Candidate(basis, ranks.get(basis, len(ranks) + 1), _Series(mine[_TOTAL], "total"), share60,
                                _shares(source, 65), counts[60], counts[65], borrowed))
    return found


def _part(series: _Series | None, counts: dict, year: int,
          total: tuple[float, str, int | None]) -> tuple[float, str, int | None, str, set[str]]:
    """Persons aged 60+ or 65+ in `year` on one basis: an observed count as it is, else the total (value, flag,
    carried_from) times the share (observed, interpolated or carried): (persons, flag, carried_from, how, sources)."""
    if year in counts:
        persons, flag, source = counts[year]
        return persons, flag, None, "", set(source.split(";"))
    share, flag, carried_from, how = series.at(year)
    value, total_flag, total_from = total
    carried = [y for y in (carried_from, total_from) if y is not None]
    return (value * share, weakest("derived", flag, total_flag),
            max(carried, key=lambda y: abs(y - year)) if carried else None, how, series.sources)


def _place_rows(place: str, chosen: _Candidate, candidates: list[_Candidate], fallback: list[_Candidate],
                year: int) -> list[tuple]:
    total, total_flag, total_from, total_how = chosen.total.at(year)
    n60, flag60, from60, how60, sources60 = _part(chosen.share60, chosen.counts60, year, (total, total_flag, total_from))
    notes = [f"basis={chosen.basis}", total_how, how60]
    sources = chosen.total.sources | sources60
    territory = chosen.total.territory | chosen.share60.territory
    if chosen.share65 is not None:
        n65, flag65, from65, how65, sources65 = _part(chosen.share65, chosen.counts65, year, (total, total_flag, total_from))
        notes.append(how65)
    else:
        split = _ratio65(candidates, fallback, year)
        if split is None:
            return []
        ratio, other, sources65 = split
        n65, flag65, from65 = n60 * ratio, "estimate", from60
        notes.append(f"65+ part of the 60+ from basis {other}")
    sources |= sources65
    if chosen.borrowed:
        notes.append(f"age shares of {chosen.borrowed} (same basis)")
        flag60 = flag65 = "estimate"
    n60 = min(n60, total)
    n65 = min(n65, n60)
    note = "; ".join([n for n in notes if n] + sorted(territory))
    # each group depends on different inputs: 0–59 on the total and the 60+, 60–64 on the 60+ and 65+, 65+ on the 65+
    inputs = {"age_0_59": ((total_flag, total_from), (flag60, from60)), "age_60_64": ((flag60, from60), (flag65, from65)),
              "age_65_plus": ((flag65, from65),)}
    counts = {"age_0_59": total - n60, "age_60_64": n60 - n65, "age_65_plus": n65}
    source_id = ";".join(sorted(sources))
    rows = []
    for group in AGE_GROUPS:
        flag = weakest("derived", *(f for f, _ in inputs[group])) if group != "age_65_plus" else flag65
        carried = [y for _, y in inputs[group] if y is not None]
        carried_from = max(carried, key=lambda y: abs(y - year)) if carried else None
        rows.append((place, year, group, int(round(counts[group])), chosen.basis, flag, source_id, note, carried_from))
    return rows


def age_population(observations: pd.DataFrame, places: pd.DataFrame, years: range,
                   basis_rank: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows of COLUMNS: residents per place, year (in `years`) and age group, with basis, flag and carried_from.

    `observations` needs place_id, year, indicator_id, value, basis, flag, source_id (';'-joined text), note;
    `places` needs place_id, parent_place_id, country_iso; `basis_rank` (country_iso, basis, rank) is the
    headline rule's order of bases (missing: every basis ranks the same).
    """
    obs = observations[observations.indicator_id.isin(_NEEDED) & observations.flag.isin(FLAG_ORDER[:3])]
    obs = obs.assign(source_id=obs.source_id.astype(str), year=obs.year.astype(int))
    parents = dict(zip(places.place_id, places.parent_place_id.where(places.parent_place_id.notna(), None)))
    countries = dict(zip(places.place_id, places.country_iso))
    ranks: dict[str, dict[str, int]] = {}
    if basis_rank is not None:
        for row in basis_rank.itertuples():
            ranks.setdefault(row.country_iso, {})[row.basis] = int(row.rank)
    observed = _observed(obs)
    rows: list[tuple] = []
    for place in sorted(observed):
        parent = parents.get(place)
        country_ranks = ranks.get(countries.get(place), {})
        candidates = _candidates(observed, place, parent, country_ranks)
        if not candidates:
            continue
        fallback = _candidates(observed, parent, parents.get(parent), country_ranks) if parent else []
        for year in years:
            reaching = [c for c in candidates if c.reaches(year)]
            if reaching:
                rows += _place_rows(place, min(reaching, key=lambda c: c.score(year)), candidates, fallback, year)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["carried_from"] = frame.carried_from.astype("Int64")
    return frame
