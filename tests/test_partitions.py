"""Issue 19: participation records as Parquet partitions; validated like any input (file:row:column), added,
changed and removed without rebuilding the rest, with the same tables as a full rebuild, atomically."""

from __future__ import annotations

import hashlib
import json
import shutil

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from etl import cli, partitions, synth
from etl.build import build
from etl.incremental import build_incremental
from etl.problems import BuildFailed
from tests.conftest import RAW

ROWS = 30_000


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    """Synthetic records as partitions (year=/place=), written once for the module."""
    folder = tmp_path_factory.mktemp("parts") / "participation"
    synth.generate(RAW, folder, ROWS, 7, parquet=True)
    return folder


@pytest.fixture
def raw(tmp_path, records):
    """A raw folder of the shipped tables and the partitions, but 2025's (kept aside to add)."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    shutil.copytree(records, target / "participation", ignore=shutil.ignore_patterns("year=2025"))
    shutil.copytree(records / "year=2025", tmp_path / "later" / "year=2025")
    return target


def contents(db) -> dict:
    """Every main table's rows, in a canonical order, as a hash per table (build bookkeeping left out)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                                            "AND table_name NOT LIKE 'build_%'").fetchall()]
        return {t: con.execute(f'SELECT count(*), sum(hash(x)) FROM (SELECT * FROM "{t}" ORDER BY ALL) x').fetchone() for t in tables}
    finally:
        con.close()


def version(db) -> tuple[str, dict]:
    """The data version and the row counts that build_info records (but of build_changes: what changed since
    each database's own previous build)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        data_version, counts = con.execute("SELECT data_version, row_counts FROM build_info").fetchone()
    finally:
        con.close()
    return data_version, {k: v for k, v in json.loads(counts).items() if k != "build_changes"}


def test_the_generator_writes_the_same_records_as_partitions_or_one_csv(tmp_path, records):
    synth.generate(RAW, tmp_path / "one.csv", ROWS, 7)
    con = duckdb.connect()
    csv = con.execute("SELECT count(*), sum(participants), sum(learning_hours) FROM read_csv(?)", [str(tmp_path / "one.csv")]).fetchone()
    parquet = con.execute("SELECT count(*), sum(participants), sum(learning_hours) FROM read_parquet(?, hive_partitioning = false)",
                          [str(records / "**" / "*.parquet")]).fetchone()
    assert csv[:2] == parquet[:2] and abs(csv[2] - parquet[2]) < 1e-6 * csv[2]
    assert all(p.parent.parent.name.startswith("year=") and p.parent.name.startswith("place=") for p in records.rglob("*.parquet"))


def test_adding_changing_and_removing_partitions_gives_the_full_rebuilds_tables(raw, tmp_path):
    db = tmp_path / "w.duckdb"
    build(raw, db)
    # add a year
    assert cli.main(["--raw", str(raw), "--db", str(db), "--add", str(tmp_path / "later"), "--quiet"]) == 0
    full = tmp_path / "full.duckdb"
    build(raw, full)
    assert contents(db) == contents(full) and version(db) == version(full)
    # change one partition (fewer records), remove another
    changed = next(raw.glob("participation/year=2024/place=tak/*.parquet"))
    table = pq.read_table(changed)
    pq.write_table(table.slice(0, max(1, table.num_rows // 2)), changed)
    shutil.rmtree(next(raw.glob("participation/year=2023/place=lamphun")))
    result = build_incremental(raw, db)
    assert result is not None and "participation_cube" in " ".join(result.changes)
    build(raw, full)
    assert contents(db) == contents(full) and version(db) == version(full)
    con = duckdb.connect(str(db), read_only=True)
    assert not con.execute("SELECT count(*) FROM build_partitions WHERE path LIKE '%year=2023/place=lamphun%'").fetchone()[0]
    con.close()


def test_each_partitions_hash_is_recorded_and_a_no_op_build_writes_nothing(raw, tmp_path):
    db = tmp_path / "w.duckdb"
    build(raw, db)
    con = duckdb.connect(str(db), read_only=True)
    recorded = dict(con.execute("SELECT path, sha256 FROM build_partitions").fetchall())
    records = con.execute("SELECT sum(records) FROM build_partitions").fetchone()[0]
    con.close()
    files = sorted(raw.glob("participation/**/*.parquet"))
    assert set(recorded) == {partitions.label(raw, p) for p in files}
    for path in files:
        assert recorded[partitions.label(raw, path)] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert records > 0
    before = (db.stat().st_mtime_ns, hashlib.sha256(db.read_bytes()).hexdigest())
    result = build_incremental(raw, db)
    assert result.changes == ("no rows changed since the previous build",)
    assert (db.stat().st_mtime_ns, hashlib.sha256(db.read_bytes()).hexdigest()) == before


def write_partition(path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    base = dict(program_id="tak-city-museum", place_id="tak", year=2024, age_group="age_65_plus", sex="female", participants=12,
                learning_hours=30.5, flag="reported", source_id="S17")
    pq.write_table(pa.Table.from_pylist([{**base, **r} for r in rows]), path)


def test_a_bad_partition_is_reported_by_file_row_and_column_and_nothing_changes(raw, tmp_path):
    db = tmp_path / "w.duckdb"
    build(raw, db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    listing = sorted(p.relative_to(raw) for p in raw.rglob("*"))
    bad = tmp_path / "bad"
    write_partition(bad / "year=2026" / "place=tak" / "part-0.parquet",
                    [{}, {}, {"participants": -4}, {"program_id": "no-such-programme"}, {"year": 2025}, {"sex": "woman"}])
    assert cli.main(["--raw", str(raw), "--db", str(db), "--add", str(bad), "--quiet"]) == 1
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before  # the previous database, byte-identical
    assert sorted(p.relative_to(raw) for p in raw.rglob("*")) == listing  # and the raw folder as it was
    # the same files in place, read by a full build: every problem at once, with file, row (1 = first record) and column
    write_partition(raw / "participation" / "year=2026" / "place=tak" / "part-0.parquet",
                    [{}, {}, {"participants": -4}, {"program_id": "no-such-programme"}, {"year": 2025}, {"sex": "woman"}])
    with pytest.raises(BuildFailed) as failed:
        build(raw, tmp_path / "other.duckdb")
    found = {(p.file, p.row, p.column) for p in failed.value.problems}
    name = "participation/year=2026/place=tak/part-0.parquet"
    assert {(name, 3, "participants"), (name, 4, "program_id"), (name, 5, "year"), (name, 6, "sex")} <= found, found
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_a_partition_with_a_misspelt_or_mistyped_column_is_refused_whole(raw, tmp_path):
    folder = raw / "participation" / "year=2026" / "place=tak"
    folder.mkdir(parents=True)
    pq.write_table(pa.table({"program_id": ["tak-city-museum"], "place_id": ["tak"], "year": [2026], "age_group": ["age_65_plus"],
                             "sex": ["female"], "partcipants": [3], "learning_hours": ["lots"], "flag": ["reported"],
                             "source_id": ["S17"]}), folder / "part-0.parquet")
    (raw / "participation" / "notes.txt").write_text("hello")
    with pytest.raises(BuildFailed) as failed:
        build(raw, tmp_path / "w.duckdb")
    problems = {(p.file, p.column, p.key) for p in failed.value.problems}
    name = "participation/year=2026/place=tak/part-0.parquet"
    assert (name, "partcipants", "did_you_mean") in problems and (name, "learning_hours", "wrong_column_type") in problems
    assert ("participation/notes.txt", "", "not_parquet") in problems
    assert not [p for p in failed.value.problems if p.key == "missing_column" and p.column == "participants"]  # one problem, not two


def test_records_in_both_forms_are_refused(raw, tmp_path):
    shutil.copy(RAW / "participation_reported.csv", raw / "participation_reported.csv")
    (raw / "participation.csv").write_text("program_id,place_id,year,age_group,sex,participants,learning_hours,flag,source_id\n")
    with pytest.raises(BuildFailed) as failed:
        build(raw, tmp_path / "w.duckdb")
    assert any(p.key == "two_sources" for p in failed.value.problems)


def test_an_add_that_collides_part_way_removes_every_copy_it_made(raw, tmp_path):
    db = tmp_path / "w.duckdb"
    build(raw, db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    listing = sorted(p.relative_to(raw) for p in raw.rglob("*"))
    existing = next(raw.glob("participation/year=2024/place=tak/*.parquet"))
    again = tmp_path / "again" / "year=2024" / "place=tak"
    again.mkdir(parents=True)
    shutil.copy(existing, again / existing.name)
    # the first folder copies a whole year before the second one collides with a partition already there
    assert cli.main(["--raw", str(raw), "--db", str(db), "--add", str(tmp_path / "later"), "--add", str(tmp_path / "again"),
                     "--quiet"]) == 1
    assert sorted(p.relative_to(raw) for p in raw.rglob("*")) == listing
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_the_generator_says_how_many_records_it_can_write(tmp_path):
    most = synth.max_rows(RAW, 7)
    assert most > 1_000_000  # the benchmark's sizes up to tens of millions
    with pytest.raises(ValueError, match="more participants than the populations hold"):
        synth.generate(RAW, tmp_path / "too_many.csv", most + 1, 7)
    assert not (tmp_path / "too_many.csv").exists()
