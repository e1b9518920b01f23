"""Build the warehouse: read → validate → staging → marts → checks → build_info → swap.

The database is written to `<db>.tmp`, checkpointed, and only then moved over the live file
with `os.replace`, so a failed build leaves the previous database byte-identical and readers
never see a half-written file.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import duckdb

from etl import fingerprint, partitions, synth
from etl.checks import run_checks
from etl.contract import BY_NAME, TABLES
from etl.population import age_population
from etl.problems import BuildFailed, Problem, problem
from etl.read import RawTable, find_files, load_csv, xlsx_to_csv
from etl.validate import validate

SQL_DIR = Path(__file__).parent / "sql"
DEFAULT_SYNTHETIC_ROWS = 200_000
DEFAULT_SEED = 42
MEMORY_LIMIT = "600MB"  # DuckDB spills to the work folder beyond this; keeps 10M-row builds under 1 GB
# Marts that are views over staging rather than copies: the record table is large, and pages
# read the rollups built from it, so copying it would double the build's biggest write.
VIEW_MARTS = {"participation"}
MARTS = (
    "sources", "vocabulary", "headline_rule", "places", "indicators", "observations", "programs", "program_providers",
    "participation", "participation_cube", "participation_rates", "participation_reported", "gnlc_membership",
    "key_features", "milestones", "program_features", "place_conditions",
)
POPULATION_FROM = 2010  # the first year residents by age group (the rates' denominators) are derived for
_GENERATOR_CODE = (Path(synth.__file__), Path(synth.__file__).with_name("population.py"))


@dataclass(frozen=True)
class BuildResult:
    db_path: Path
    data_version: str
    row_counts: dict[str, int]
    seconds: float
    changes: tuple[str, ...] = ()  # what changed since the previous build, one line per table (etl.fingerprint)


def _inputs_digest(raw_dir: Path) -> str:
    """SHA-256 over every raw file's path and bytes but the participation partitions (read in chunks)."""
    digest = hashlib.sha256()
    parts = partitions.folder(raw_dir).resolve()
    for path in sorted(p for p in raw_dir.rglob("*") if p.is_file() and parts not in p.resolve().parents):
        digest.update(str(path.relative_to(raw_dir)).encode() + b"\0")
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 22):
                digest.update(chunk)
    return digest.hexdigest()


def _files_digest(raw_dir: Path, manifest: list | None = None, inputs: str | None = None) -> bytes:
    """The digest of every input: the other raw files' bytes, and each partition's path and SHA-256 (so that a
    build adding one partition and a full build of the same files agree on the data version)."""
    digest = hashlib.sha256((inputs or _inputs_digest(raw_dir)).encode())
    for part in manifest if manifest is not None else partitions.manifest(raw_dir):
        digest.update(f"{part.path}\0{part.sha256}\0".encode())
    return digest.digest()


def inputs_of(raw_dir: Path) -> tuple[str, list]:
    """(the digest of the raw files other than partitions, the partitions' manifest)."""
    return _inputs_digest(raw_dir), partitions.manifest(raw_dir)


def data_version(raw_dir: Path, synthetic: str | None, files_digest: bytes | None = None) -> str:
    """A hash of every input: each raw file's path and bytes, and the generator and its settings if used."""
    digest = hashlib.sha256(files_digest or _files_digest(raw_dir))
    if synthetic:
        digest.update(synthetic.encode())
        for code in _GENERATOR_CODE:
            digest.update(code.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def _build_lock(db_path: Path):
    """One build at a time per database (the app and the CLI may both try)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with open(db_path.with_name(db_path.name + ".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def written_atomically(tmp: Path, db_path: Path, step):
    """A connection to `tmp` for a build to fill; when the block ends well, `tmp` is checkpointed and moved over
    `db_path` in one step (os.replace); when it fails, `tmp` and its WAL go and `db_path` stays byte-identical."""
    con = duckdb.connect(str(tmp))
    try:
        yield con
        with step("write"):
            con.execute("CHECKPOINT")
            con.close()
            os.replace(tmp, db_path)
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        raise


def _sql(layer: str, name: str) -> str:
    return (SQL_DIR / layer / f"{name}.sql").read_text()


def _load(con, files: dict[str, Path], work: Path, step) -> tuple[dict[str, RawTable], list[Problem]]:
    loaded: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for name, path in files.items():
        table = BY_NAME[name]
        csv_path = path
        if path.suffix == ".xlsx":
            csv_path = work / f"{name}.csv"
            problems += xlsx_to_csv(path, csv_path)
            if not csv_path.exists():
                continue
        with step(f"read {path.name}") as note:
            raw, found = load_csv(con, table, csv_path, path.name)
            problems += found
            if raw is not None:
                loaded[name] = raw
                note(f"{raw.rows:,} rows")
    return loaded, problems


def _age_population(con, last_year: int | None = None):
    """Residents per place, year and age group, from the validated raw tables (see etl.population), from
    POPULATION_FROM to the latest observed year (or `last_year`, the participation records' latest, if later)."""
    latest = con.execute("SELECT max(year)::INTEGER FROM raw.observations WHERE flag <> 'projection'").fetchone()[0]
    ranks = con.execute("SELECT country_iso, code AS basis, rank FROM raw.headline_rule WHERE kind = 'basis'").df()
    years = range(POPULATION_FROM, max(latest or POPULATION_FROM, last_year or POPULATION_FROM) + 1)
    return age_population(con.execute("SELECT * FROM raw.observations").df(),
                          con.execute("SELECT place_id, parent_place_id, country_iso FROM raw.places").df(), years, ranks)


def last_year(con) -> int | None:
    """The last year of the participation records (from their rollup)."""
    return con.execute("SELECT max(year)::INTEGER FROM participation_parts").fetchone()[0]


def store_age_population(con, population) -> None:
    """`age_population`: residents per place, year and age group (etl.population), as the rates divide by them."""
    con.register("residents", population)
    con.execute("CREATE OR REPLACE TABLE age_population AS SELECT * EXCLUDE (source_id), id_list(source_id) AS source_ids "
                "FROM residents ORDER BY place_id, year, age_group")
    con.unregister("residents")


def _empty_optional_tables(con, files: dict[str, Path], part_files: list[Path] = ()) -> None:
    """An empty raw table for each optional table without a file (but participation, which is generated or
    read from its partitions)."""
    for table in TABLES:
        if table.optional and table.name not in files and table.name != "participation":
            columns = ", ".join(f'"{c.name}" {c.sql_type}' for c in table.columns)
            con.execute(f"CREATE TABLE raw.{table.name} ({columns})")


def _stepper(progress: Callable[[str], None] | None):
    """A context manager that times one build step and reports it (with details) to `progress`."""
    say = progress or (lambda _: None)

    @contextmanager
    def step(what: str):
        t0 = time.perf_counter()
        details: list[str] = []
        yield details.append
        extra = f": {', '.join(details)}" if details else ""
        say(f"{what}{extra} ({time.perf_counter() - t0:.2f} s)")

    return step


def build_into(con: duckdb.DuckDBPyConnection, raw_dir: Path, work: Path, *, synthetic_rows: int = DEFAULT_SYNTHETIC_ROWS,
               seed: int = DEFAULT_SEED, progress: Callable[[str], None] | None = None,
               row_limits: dict[str, int] | None = None, inputs: Callable[[], tuple[str, list]] | None = None,
               previous: Path | None = None) -> tuple[str, dict, list[str]]:
    """Read, validate and build every table into `con` (a file or an in-memory database).

    Returns (data_version, row counts, changes since the previous build). Raises BuildFailed on bad data.
    `row_limits` caps the rows of given tables (uploads); `inputs` supplies (the other raw files' digest,
    the partitions' manifest), computed meanwhile in another thread; `previous` is the database this build
    will replace, whose fingerprint it is compared with (etl.fingerprint)."""
    step = _stepper(progress)
    con.execute(f"SET enable_progress_bar = false; SET preserve_insertion_order = true; SET temp_directory = '{work}'; "
                f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute("CREATE SCHEMA raw; CREATE SCHEMA staging")
    con.execute("CREATE MACRO id_list(t) AS list_filter(list_transform(string_split(t, ';'), lambda s: trim(s)), lambda s: s <> '')")
    files, problems = find_files(raw_dir, TABLES)
    synthetic = population = None
    loaded, found = _load(con, files, work, step)
    problems += found
    part_files = partitions.files(raw_dir)
    if part_files and "participation" in files:
        problems.append(problem(files["participation"].name, 0, "", "two_sources", "participation records both in this file and "
                                f"in the {partitions.FOLDER}/ folder (expected one of the two)", folder=partitions.FOLDER))
    elif part_files:
        with step(f"read {len(part_files)} participation partition(s)"):
            unreadable = partitions.check_files(con, raw_dir, part_files)
            problems += unreadable
            if not unreadable:
                con.execute(f"CREATE VIEW raw.participation AS {partitions.records_sql(raw_dir, part_files)}")
                loaded["participation"] = RawTable(BY_NAME["participation"], f"{partitions.FOLDER}/", rid="_rid")
                problems += partitions.check_paths(con, "raw.participation")
    problems += validate(con, loaded) + _over_limits(loaded, row_limits or {})
    _empty_optional_tables(con, files, part_files)
    if not problems and "participation" not in files and not part_files:
        synthetic = f"synthetic:{synthetic_rows}:{seed}"
        with step(f"generate {synthetic_rows:,} synthetic participation records (seed {seed})"):
            population = _age_population(con, synth.LAST_YEAR)
            synth.generate_from(population, con.execute("SELECT * FROM raw.programs").df(), work / "participation.csv",
                                synthetic_rows, seed, con.execute("SELECT * FROM raw.participation_reported").df())
        more, found = _load(con, {"participation": work / "participation.csv"}, work, step)
        problems += found + validate(con, more)
        loaded.update(more)
    if problems:
        raise BuildFailed(sorted(problems, key=lambda p: (p.file, p.row, p.column)))
    with step("staging"):
        for table in TABLES:
            con.execute(f"CREATE VIEW staging.{table.name} AS {_sql('staging', table.name)}")
    with step("marts"):
        # the rollup per partition first: the cube sums it, and it gives the last year without reading the records again
        con.execute(f"CREATE TABLE participation_parts AS {parts_sql(part_label(loaded))} ORDER BY ALL")
        store_age_population(con, population if population is not None else _age_population(con, last_year(con)))
        for name in MARTS:
            kind = "VIEW" if name in VIEW_MARTS else "TABLE"
            con.execute(f"CREATE {kind} main.{name} AS {_sql('marts', name)}")
    previous_version, changes, counts = checked_and_counted(con, previous, step)
    digest, manifest = inputs() if inputs else inputs_of(raw_dir)
    version = data_version(raw_dir, synthetic, _files_digest(raw_dir, manifest, digest))
    record_partitions(con, manifest)
    source = synthetic or (f"{len(manifest)} participation partition(s)" if part_files else "participation file")
    con.execute(
        "CREATE TABLE build_info AS SELECT ?::TIMESTAMPTZ AS built_at, ? AS data_version, ? AS row_counts, "
        "? AS participation_source, ? AS raw_dir, ?::VARCHAR AS previous_version, ? AS inputs_digest",
        [datetime.now(timezone.utc), version, json.dumps(counts), source, str(raw_dir), previous_version, digest],
    )
    return version, counts, fingerprint.describe(changes)


def checked_and_counted(con, previous: Path | None, step) -> tuple[str | None, list, dict[str, int]]:
    """The end of a build, full or incremental: the mart checks (BuildFailed if one fails), the comparison with
    the previous build (etl.fingerprint), and the rows of every table and view but the bookkeeping written after
    them (build_info, build_partitions)."""
    with step("checks"):
        failures = run_checks(con)
    if failures:
        raise BuildFailed(failures, stage="checks")
    with step("compare with the previous build"):
        con.execute("DROP TABLE IF EXISTS build_fingerprint; DROP TABLE IF EXISTS build_changes")
        fingerprint.fingerprint(con)
        previous_version, changes = fingerprint.compare(con, previous)
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary "
        "AND table_name NOT IN ('build_info', 'build_partitions') "
        "UNION SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal AND NOT temporary "
        "ORDER BY 1").fetchall()]
    return previous_version, changes, {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def part_label(loaded: dict[str, RawTable]) -> str:
    """SQL naming the partition of a record: its file for partitions, the one file's name otherwise."""
    raw = loaded.get("participation")
    if raw is not None and raw.rid == "_rid":
        return "_rid.f"
    return "'" + (raw.label if raw is not None else "participation.csv").replace("'", "''") + "'"


def parts_sql(partition: str, source: str = "raw.participation") -> str:
    """The rollup of records per partition and cube cell (what participation_cube sums). Learning hours are
    summed as exact decimals, so that any way of adding partitions up gives the same total."""
    return f"""
        SELECT {partition} AS partition, program_id, place_id, CAST(year AS INTEGER) AS year, age_group, sex, flag,
               CAST(sum(participants) AS BIGINT) AS participants, sum(CAST(learning_hours AS DECIMAL(38, 3))) AS learning_hours,
               count(*) AS records, list_sort(list_distinct(id_list(string_agg(DISTINCT source_id, ';')))) AS source_ids
        FROM {source} GROUP BY ALL"""


def record_partitions(con, manifest: list) -> None:
    """`build_partitions`: each partition's path, size, modification time, SHA-256, records and participants."""
    con.execute("CREATE TABLE build_partitions (path VARCHAR, size BIGINT, mtime_ns BIGINT, sha256 VARCHAR, records BIGINT, "
                "participants BIGINT)")
    if manifest:
        con.executemany("INSERT INTO build_partitions VALUES (?, ?, ?, ?, NULL, NULL)",
                        [(p.path, p.size, p.mtime_ns, p.sha256) for p in manifest])
        con.execute("UPDATE build_partitions b SET records = s.records, participants = s.participants FROM "
                    "(SELECT partition, sum(records) AS records, sum(participants) AS participants FROM participation_parts "
                    "GROUP BY ALL) s WHERE s.partition = b.path")
        con.execute("UPDATE build_partitions SET records = coalesce(records, 0), participants = coalesce(participants, 0)")


def _over_limits(loaded: dict[str, RawTable], limits: dict[str, int]) -> list[Problem]:
    problems = []
    for name, limit in limits.items():
        if name in loaded and loaded[name].rows > limit:
            problems.append(problem(loaded[name].label, 0, "", "too_many_rows", f"{loaded[name].rows:,} rows is too many (expected at most {limit:,})",
                                    rows=f"{loaded[name].rows:,}", limit=f"{limit:,}"))
    return problems


def build(raw_dir: Path, db_path: Path, *, synthetic_rows: int = DEFAULT_SYNTHETIC_ROWS, seed: int = DEFAULT_SEED,
          progress: Callable[[str], None] | None = None) -> BuildResult:
    """Build the database at `db_path` from `raw_dir`. Raises BuildFailed on bad data.

    Written to `<db>.tmp`, checkpointed, then moved over `db_path`: a failure leaves it untouched."""
    started = time.perf_counter()
    tmp = db_path.with_name(db_path.name + ".tmp")
    with _build_lock(db_path), tempfile.TemporaryDirectory(prefix="lcd-etl-") as work_dir, \
            ThreadPoolExecutor(max_workers=1) as background:
        hashing = background.submit(inputs_of, raw_dir)  # hashlib releases the GIL: overlaps the load
        tmp.unlink(missing_ok=True)
        with written_atomically(tmp, db_path, _stepper(progress)) as con:
            version, counts, changes = build_into(con, raw_dir, Path(work_dir), synthetic_rows=synthetic_rows, seed=seed,
                                                  progress=progress, inputs=hashing.result, previous=db_path)
    return BuildResult(db_path, version, counts, time.perf_counter() - started, tuple(changes))
