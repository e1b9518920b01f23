"""The build: data version, marts and their checks, the synthetic generator, a user's own records."""

from __future__ import annotations

import json
import tracemalloc

import duckdb
import numpy as np
import pandas as pd
import pytest

from etl import synth
from etl.build import build, data_version
from etl.checks import run_checks
from etl.contract import ENUMS
from tests.conftest import RAW, read
from tests.test_etl_validation import participation_file


def test_same_inputs_same_version_changed_input_new_version(raw_copy):
    first = data_version(raw_copy, "synthetic:100:1")
    assert data_version(raw_copy, "synthetic:100:1") == first
    assert data_version(raw_copy, "synthetic:100:2") != first
    with (raw_copy / "observations.csv").open("a") as handle:
        handle.write("tak,2019,population_total,1,persons,registered,reported,S17,\n")
    assert data_version(raw_copy, "synthetic:100:1") != first


def test_rebuild_of_same_inputs_keeps_the_version(raw_copy, tmp_path):
    a = build(raw_copy, tmp_path / "a.duckdb", synthetic_rows=300)
    b = build(raw_copy, tmp_path / "b.duckdb", synthetic_rows=300)
    assert a.data_version == b.data_version


def test_build_info_records_version_and_row_counts(warehouse):
    con = read(warehouse)
    built_at, version, counts, source = con.execute(
        "SELECT built_at, data_version, row_counts, participation_source FROM build_info").fetchone()
    counts = json.loads(counts)
    assert len(version) == 16 and built_at is not None
    assert source.startswith("synthetic:")
    for table in ("places", "indicators", "observations", "programs", "participation", "sources",
                  "gnlc_membership", "key_features", "participation_cube", "participation_rates"):
        assert counts[table] == con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    assert counts["participation"] == 5_000


def test_marts_pass_their_checks(warehouse):
    con = read(warehouse)
    assert run_checks(con) == []


def test_checks_catch_a_broken_mart(warehouse, tmp_path):
    copy = tmp_path / "broken.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    con = duckdb.connect(str(copy))
    con.execute("INSERT INTO places SELECT * FROM places LIMIT 1")
    con.execute("UPDATE observations SET basis = 'vibes' WHERE place_id = 'tak'")
    names = {f.check for f in run_checks(con)}
    assert "places: unique (place_id)" in names
    assert "observations.basis: accepted values" in names


def test_no_series_mixes_two_bases(warehouse):
    con = read(warehouse)
    mixed = con.execute("SELECT series_id FROM observations GROUP BY series_id HAVING count(DISTINCT basis) > 1").fetchall()
    assert mixed == []
    # Shanghai's registered (hukou) and resident 60+ shares stay two separate series.
    series = {r[0] for r in con.execute(
        "SELECT series_id FROM observations WHERE place_id = 'shanghai' AND indicator_id = 'population_60plus_pct'").fetchall()}
    assert {"shanghai|population_60plus_pct|hukou", "shanghai|population_60plus_pct|resident"} <= series


def test_every_value_traces_to_a_source_and_carries_a_flag(warehouse):
    con = read(warehouse)
    for table in ("observations", "participation_cube", "age_population"):
        bad = con.execute(f"SELECT count(*) FROM {table} WHERE flag NOT IN ({', '.join('?' * len(ENUMS['flag']))}) "
                          "OR len(source_ids) = 0", list(ENUMS["flag"])).fetchone()[0]
        assert bad == 0, table
    assert con.execute("SELECT DISTINCT flag FROM participation").fetchall() == [("synthetic",)]


def _raw_population():
    observations = synth.read_raw(RAW / "observations.csv").astype({"value": float, "year": int})
    programs = synth.read_raw(RAW / "programs.csv").astype({"start_year": "Int64"})
    from etl.population import age_population
    return age_population(observations, synth.read_raw(RAW / "places.csv"), synth.YEARS), programs


def test_generator_is_deterministic_per_seed(tmp_path):
    a, b, c = (tmp_path / n for n in ("a.csv", "b.csv", "c.csv"))
    for out, seed in ((a, 7), (b, 7), (c, 8)):
        assert synth.main(["--rows", "3000", "--seed", str(seed), "--out", str(out), "--raw", str(RAW)]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    assert sum(1 for _ in a.open()) == 3001


def test_generated_participants_stay_within_their_age_group(tmp_path):
    out = tmp_path / "p.csv"
    synth.generate(RAW, out, 20_000, seed=3)
    population, _ = _raw_population()
    records = pd.read_csv(out)
    assert (records.flag == "synthetic").all() and (records.participants >= 1).all()
    summed = records.groupby(["place_id", "year", "age_group"], as_index=False).participants.sum()
    joined = summed.merge(population, on=["place_id", "year", "age_group"], how="left")
    assert joined.population.notna().all()
    assert (joined.participants <= joined.population).all()


def test_rows_are_allocated_exactly_and_never_above_a_cells_budget():
    budgets = np.array([5, 1, 100, 40])
    for n in (0, 3, 4, 50, 146):
        allocated = synth.allocate_rows(budgets, n)
        assert allocated.sum() == n and (allocated <= budgets).all()
    with pytest.raises(ValueError):
        synth.allocate_rows(budgets, 147)


def test_generator_memory_stays_flat_as_rows_grow(tmp_path):
    population, programs = _raw_population()

    def peak(rows: int) -> int:
        tracemalloc.start()
        synth.generate_from(population, programs, tmp_path / f"{rows}.csv", rows, seed=1)
        _, high = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return high

    large = peak(1_000_000)
    written = (tmp_path / "1000000.csv").stat().st_size
    # The file is ~90 MB; a generator that held its rows would need at least that much.
    assert large < 16 * 2**20 and large < written / 5, (large, written)


def test_users_own_participation_file_replaces_the_synthetic_one(raw_copy, tmp_path):
    participation_file(raw_copy, [{}, {"sex": "male", "participants": "8"}])
    result = build(raw_copy, tmp_path / "own.duckdb")
    con = read(result.db_path)
    assert con.execute("SELECT participation_source FROM build_info").fetchone()[0] == "participation file"
    assert con.execute("SELECT count(*), sum(participants), any_value(flag) FROM participation").fetchone() == (2, 20, "reported")
