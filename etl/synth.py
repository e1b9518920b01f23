"""Deterministic generator of synthetic participation records, calibrated on real populations.

No public per-programme participation series exist for these cities, so the default build
ships generated records, every one flagged `synthetic`. For each programme, year, age group
and sex (a *cell*) a participation rate per 1,000 residents is drawn once per seed; the
cell's participants (the rate times the residents of the age group, from
`etl.population.age_population`) are then split over the cell's records.

The few published figures (`participation_reported.csv`) calibrate it: where a figure counts
the learners of one programme in one year, that programme's whole series is scaled so that its
total in that year falls in the figure's range (ALLOWED: within a factor of two of an exact or
approximate figure; one to three times a "more than" figure, e.g. a semester's "more than
25,000" is a year of 25,000 to 75,000; a quarter to all of a cumulative total). A mart check
fails the build if any synthetic total leaves its range. Participants in a place, year and age
group, summed over all programmes and both sexes, never exceed the residents of that age group.
Records are written in chunks, so memory stays flat as N grows.

    python -m etl.synth --rows N --seed S --out FILE [--raw DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from etl.population import age_population

SOURCE_ID = "synthetic_participation"
FIRST_YEAR, LAST_YEAR = 2015, 2025
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)
CHUNK_ROWS = 100_000
MAX_SHARE = 0.8  # all programmes of a place together reach at most this share of an age group
TARGET_GROUPS = {
    "older_adults": ("age_60_64", "age_65_plus"),
    "children": ("age_0_59",),
    "youth": ("age_0_59",),
    "adults": ("age_0_59",),
    "all": ("age_0_59", "age_60_64", "age_65_plus"),
}
# Median participants per 1,000 residents of the target group, by target; hours per learner by theme.
RATE_PER_1000 = {"older_adults": 25.0, "children": 6.0, "youth": 6.0, "adults": 4.0, "all": 3.0}
HOURS_PER_LEARNER = {"vocational": 40.0, "digital": 12.0, "elderly_health": 30.0, "literacy": 10.0}
DEFAULT_HOURS = 8.0
SEXES = ("female", "male")
# Published figures that count learners, as (low, high) multiples of the figure a year's synthetic total
# of the same programme must fall in, by the figure's qualifier, and the multiple the generator aims at
# (the figure itself, just above a lower bound, half of a cumulative total).
PERSON_MEASURES = ("learners", "participants", "enrolments")
ALLOWED = {"exact": (0.5, 2.0), "about": (0.5, 2.0), "more_than": (1.0, 3.0), "cumulative": (0.25, 1.0)}
AIM = {"exact": 1.0, "about": 1.0, "more_than": 1.25, "cumulative": 0.5}
COLUMNS = ["program_id", "place_id", "year", "age_group", "sex", "participants", "learning_hours", "flag", "source_id"]


def anchors(reported: pd.DataFrame | None) -> pd.DataFrame:
    """The published figures that calibrate a programme: outturns counting its learners in a dated year.
    Columns: program_id, year, value, qualifier, low, high (the allowed range of the year's synthetic total), aim."""
    columns = ["program_id", "year", "value", "qualifier", "low", "high", "aim"]
    if reported is None or reported.empty:
        return pd.DataFrame(columns=columns)
    usable = reported[reported.program_id.notna() & reported.year.notna() & reported.measure.isin(PERSON_MEASURES)
                      & (reported.status == "outturn")]
    bounds = usable.qualifier.map(ALLOWED)
    return usable.assign(year=usable.year.astype(int), low=usable.value * bounds.str[0], high=usable.value * bounds.str[1],
                         aim=usable.value * usable.qualifier.map(AIM))[columns].reset_index(drop=True)


def _calibrate(frame: pd.DataFrame, wanted: pd.Series, targets: pd.DataFrame) -> pd.Series:
    """`wanted` scaled per programme so that its total in each anchored year sits at the anchor's aim
    (several anchors: the geometric mean of their factors). Other programmes unchanged."""
    if targets.empty:
        return wanted
    totals = wanted.groupby([frame.program_id, frame.year]).sum()
    factors: dict[str, list[float]] = {}
    for anchor in targets.itertuples():
        current = totals.get((anchor.program_id, anchor.year), 0.0)
        if current > 0:
            factors.setdefault(anchor.program_id, []).append(anchor.aim / current)
    scale = frame.program_id.map({p: float(np.exp(np.mean(np.log(f)))) for p, f in factors.items()}).fillna(1.0)
    return wanted * scale


def cells(population: pd.DataFrame, programs: pd.DataFrame, seed: int, reported: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per cell with its participant budget; independent of the number of records.

    `population` is `etl.population.age_population(...)`; `programs` the programmes table;
    `reported` the published figures (participation_reported) that calibrate it.
    """
    rng = np.random.default_rng([seed, 1])
    rows = []
    for program in programs.sort_values("program_id").itertuples():
        start = FIRST_YEAR if pd.isna(program.start_year) else max(FIRST_YEAR, int(program.start_year))
        rate = RATE_PER_1000[program.target_age_group] * rng.lognormal(0.0, 0.6)
        for year in range(start, LAST_YEAR + 1):
            trend = rng.lognormal(0.0, 0.1) * (1 + 0.04 * (year - start))
            for group in TARGET_GROUPS[program.target_age_group]:
                for sex in SEXES:
                    rows.append((program.program_id, program.place_id, program.theme, year, group, sex,
                                 rate * trend * rng.uniform(0.85, 1.15)))
    frame = pd.DataFrame(rows, columns=["program_id", "place_id", "theme", "year", "age_group", "sex", "rate"])
    frame = frame.merge(population[["place_id", "year", "age_group", "population"]], on=["place_id", "year", "age_group"])
    targets = anchors(reported)
    wanted = _calibrate(frame, frame.rate / 1000 * frame.population / len(SEXES), targets)
    # Scale down where a place's programmes together would reach too many residents: the programmes a published
    # figure calibrates keep their size, the others share what is left (all scale down if that is not enough).
    keys = [frame.place_id, frame.year, frame.age_group]
    anchored = frame.program_id.isin(set(targets.program_id))
    room = MAX_SHARE * frame.population
    fixed = wanted.where(anchored, 0.0).groupby(keys).transform("sum")
    free = wanted.where(~anchored, 0.0).groupby(keys).transform("sum")
    scale_free = np.clip((room - fixed) / free.where(free > 0), 0.0, 1.0).fillna(1.0)
    scale_all = np.minimum(1.0, room / fixed.where(fixed > room)).fillna(1.0)
    frame["budget"] = np.floor(wanted * np.where(anchored, scale_all, scale_free * scale_all)).astype(np.int64)
    frame = frame[frame.budget > 0].sort_values(["program_id", "year", "age_group", "sex"], ignore_index=True)
    return frame


def allocate_rows(budgets: np.ndarray, n_rows: int, first: np.ndarray | None = None) -> np.ndarray:
    """Records per cell: at least one per cell, the rest in proportion to the budget, never above it. With
    fewer records than cells, the cells in `first` (those a published figure calibrates) get theirs first,
    so that their totals hold at any size; the rest go in proportion to the budget."""
    if n_rows > budgets.sum():
        raise ValueError(f"{n_rows:,} records would need more participants than the populations hold ({budgets.sum():,})")
    if n_rows < len(budgets):
        rows = np.zeros(len(budgets), dtype=np.int64)
        if first is not None:
            rows[np.flatnonzero(first)[:n_rows]] = 1
        left = n_rows - rows.sum()
        open_ = rows == 0
        share = np.where(open_, budgets, 0) / np.where(open_, budgets, 0).sum() * left if left else np.zeros(len(budgets))
        more = np.floor(share).astype(np.int64)
        rest = left - more.sum()
        more[np.argsort(-(share - more), kind="stable")[:rest]] += 1
        return rows + more
    rows = np.ones(len(budgets), dtype=np.int64)
    for _ in range(100):  # water-filling: spread the remainder, capped at each cell's budget
        rest = n_rows - rows.sum()
        room = budgets - rows
        if rest == 0 or room.sum() == 0:
            break
        share = np.minimum(room, np.floor(room / room.sum() * rest)).astype(np.int64)
        if share.sum() == 0:
            share[np.argsort(-room, kind="stable")[:rest]] = 1
        rows += share
    return rows


def read_raw(path: Path, **kwargs) -> pd.DataFrame | None:
    """A raw CSV as text cells (so ids like `nan`, Nan province, stay text); None when the file is absent."""
    if not path.is_file():
        return None
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, **kwargs)
    return frame.replace({"": None})


def generate(raw_dir: Path, out: Path, n_rows: int, seed: int, parquet: bool = False) -> int:
    """Write `n_rows` synthetic records calibrated on the raw CSVs in `raw_dir` (assumed valid); `parquet`:
    as Parquet partitions under the folder `out` (year=YYYY/place=ID/part-0.parquet), else one CSV."""
    population, programs, reported = _calibration(raw_dir)
    return generate_from(population, programs, out, n_rows, seed, reported, parquet=parquet)


def max_rows(raw_dir: Path, seed: int) -> int:
    """The most records the generator can write from `raw_dir`: each record carries at least one participant, and
    the participants of a place, year and age group never exceed its residents."""
    population, programs, reported = _calibration(raw_dir)
    return int(cells(population, programs, seed, reported).budget.sum())


def _calibration(raw_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """(the residents per place, year and age group; the programmes; the published figures) from `raw_dir`."""
    observations = read_raw(raw_dir / "observations.csv").astype({"value": float, "year": int})
    programs = read_raw(raw_dir / "programs.csv").astype({"start_year": "Int64"})
    reported = read_raw(raw_dir / "participation_reported.csv")
    if reported is not None:
        reported = reported.astype({"value": float, "year": "Int64"})
    rule = read_raw(raw_dir / "headline_rule.csv")
    ranks = None if rule is None else rule[rule.kind == "basis"].rename(columns={"code": "basis"})
    return age_population(observations, read_raw(raw_dir / "places.csv"), YEARS, ranks), programs, reported


class _Partitions:
    """One Parquet writer per year and place, under `folder` (year=YYYY/place=ID/part-0.parquet)."""

    def __init__(self, folder: Path, schema: pa.Schema):
        self.folder, self.schema, self.writers = folder, schema, {}

    def write_table(self, table: pa.Table) -> None:
        year, place = int(table["year"][0].as_py()), table["place_id"][0].as_py()
        writer = self.writers.get((year, place))
        if writer is None:
            path = self.folder / f"year={year}" / f"place={place}" / "part-0.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            writer = self.writers[(year, place)] = pq.ParquetWriter(path, self.schema, compression="zstd")
        writer.write_table(table)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        for writer in self.writers.values():
            writer.close()


def generate_from(population: pd.DataFrame, programs: pd.DataFrame, out: Path, n_rows: int, seed: int,
                  reported: pd.DataFrame | None = None, chunk_rows: int = CHUNK_ROWS, parquet: bool = False) -> int:
    """Write `n_rows` synthetic records to `out` (CSV; or, `parquet`, partitions under the folder `out`), at most
    `chunk_rows` in memory at once. The same seed gives the same records in either form."""
    table = cells(population, programs, seed, reported)
    calibrated = set(zip(*anchors(reported)[["program_id", "year"]].to_numpy().T)) if reported is not None else set()
    first = np.array([(p, y) in calibrated for p, y in zip(table.program_id, table.year)], dtype=bool)
    rows_per_cell = allocate_rows(table.budget.to_numpy(), n_rows, first)
    rng = np.random.default_rng([seed, 2])
    schema = pa.schema([(c, pa.int64() if c in ("year", "participants") else pa.float64() if c == "learning_hours" else pa.string())
                        for c in COLUMNS])
    written = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    sink = _Partitions(out, schema) if parquet else pacsv.CSVWriter(out, schema, write_options=pacsv.WriteOptions(quoting_style="none"))
    with sink as writer:
        for cell, n_cell in zip(table.itertuples(), rows_per_cell):
            if n_cell == 0:
                continue
            hours = HOURS_PER_LEARNER.get(cell.theme, DEFAULT_HOURS)
            chunks = -(-n_cell // chunk_rows)
            sizes = np.full(chunks, n_cell // chunks) + (np.arange(chunks) < n_cell % chunks)
            extras = rng.multinomial(cell.budget - n_cell, sizes / n_cell)
            for size, extra in zip(sizes, extras):
                participants = 1 + rng.multinomial(extra, np.full(size, 1.0 / size))
                learning_hours = np.round(participants * hours * rng.gamma(4.0, 0.25, size), 1)
                batch = {
                    "program_id": [cell.program_id] * size, "place_id": [cell.place_id] * size,
                    "year": np.full(size, cell.year), "age_group": [cell.age_group] * size,
                    "sex": [cell.sex] * size, "participants": participants, "learning_hours": learning_hours,
                    "flag": ["synthetic"] * size, "source_id": [SOURCE_ID] * size,
                }
                writer.write_table(pa.table(batch, schema=schema))
                written += int(size)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.synth", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, required=True, help="number of records to write")
    parser.add_argument("--seed", type=int, default=42, help="random seed (same seed, same file)")
    parser.add_argument("--out", type=Path, required=True, help="CSV file to write (with --parquet: the folder of partitions)")
    parser.add_argument("--parquet", action="store_true",
                        help="write Parquet partitions (OUT/year=YYYY/place=ID/part-0.parquet), e.g. into data/raw/participation")
    parser.add_argument("--raw", type=Path, default=Path("data/raw"), help="raw data folder to calibrate on")
    args = parser.parse_args(argv)
    if args.rows < 0:
        parser.error("--rows must be 0 or more")
    if not (args.raw / "observations.csv").is_file():
        parser.error(f"{args.raw} has no observations.csv to calibrate on")
    try:
        written = generate(args.raw, args.out, args.rows, args.seed, parquet=args.parquet)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {written:,} synthetic participation records to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
