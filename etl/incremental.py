"""Adding records without rebuilding the rest: a build that only handles the participation partitions that
were added, changed or removed since the previous build (etl.partitions).

It applies when the previous database was built from partitions and no other raw file changed (the
digest of the other files, `build_info.inputs_digest`, is the same); otherwise `python -m etl` makes a full
build. Steps, all in a copy of the previous database that replaces it only at the end (os.replace), so a
failed add leaves it byte-identical:
1. validate the new and changed files alone, by the same contract rules (problems as `file:row:column`);
2. replace their rows in `participation_parts` (the rollup per partition) and drop the removed ones';
3. sum again only the `participation_cube` cells those partitions touch (programme × year);
4. recompute the small tables that depend on the cube or on the years covered (`age_population`,
   `participation_rates`), run the mart checks, record the partitions and the data version.
The data version is the one a full build of the same files would give, and so are the tables' contents.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import duckdb

from etl import fingerprint, partitions
from etl.build import (MEMORY_LIMIT, BuildResult, _age_population, _build_lock, _files_digest, _inputs_digest, _sql, _stepper,
                       checked_and_counted, data_version, last_year, parts_sql, record_partitions,
                       store_age_population, written_atomically)
from etl.contract import BY_NAME
from etl.problems import BuildFailed
from etl.read import RawTable
from etl.validate import validate

REFERENCED = ("programs", "places", "sources")  # tables the records' ids refer to (validated with them)


def _previous(db_path: Path) -> tuple[dict, dict[str, partitions.Partition]] | None:
    """The previous build's info and partitions, or None when it cannot be built on (missing, older)."""
    if not db_path.exists():
        return None
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error:
        return None
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if not {"build_info", "build_partitions", "participation_parts"} <= tables:
            return None
        info = con.execute("SELECT * FROM build_info").df().iloc[0].to_dict()
        if "inputs_digest" not in info:
            return None
        known = {r[0]: partitions.Partition(*r[:4]) for r in con.execute(
            "SELECT path, size, mtime_ns, sha256 FROM build_partitions").fetchall()}
    finally:
        con.close()
    return info, known


def build_incremental(raw_dir: Path, db_path: Path, progress: Callable[[str], None] | None = None) -> BuildResult | None:
    """Build `db_path` from its previous version and the changed partitions; None when a full build is needed."""
    started = time.perf_counter()
    step = _stepper(progress)
    with _build_lock(db_path):
        previous = _previous(db_path)
        part_files = partitions.files(raw_dir)
        if previous is None or not part_files:
            return None
        info, known = previous
        if not known:  # the previous build read no partitions: nothing to build on
            return None
        with step("compare the raw files with the previous build"):
            if _inputs_digest(raw_dir) != info["inputs_digest"]:
                return None  # something besides the records changed: a full build
            manifest = partitions.manifest(raw_dir, known)
        now = {p.path: p for p in manifest}
        added = [p for p in manifest if p.path not in known]
        changed = [p for p in manifest if p.path in known and known[p.path].sha256 != p.sha256]
        removed = [path for path in known if path not in now]
        counts = json.loads(info["row_counts"])
        if not (added or changed or removed):
            if progress:
                progress(f"nothing changed since data version {info['data_version']}: the database is left as it is")
            return BuildResult(db_path, info["data_version"], counts, time.perf_counter() - started,
                               ("no rows changed since the previous build",))
        if progress:
            progress(f"{len(added)} partition(s) added, {len(changed)} changed, {len(removed)} removed")
        tmp = db_path.with_name(db_path.name + ".tmp")
        with tempfile.TemporaryDirectory(prefix="lcd-etl-") as work:
            with step("copy the previous database"):
                tmp.unlink(missing_ok=True)
                shutil.copyfile(db_path, tmp)
            with written_atomically(tmp, db_path, step) as con:
                version, counts, changes = _apply(con, raw_dir, db_path, manifest, added + changed, removed, info, step, Path(work))
    return BuildResult(db_path, version, counts, time.perf_counter() - started, tuple(changes))


def _apply(con, raw_dir: Path, db_path: Path, manifest: list, new: list, removed: list[str], info: dict, step, work: Path):
    con.execute(f"SET enable_progress_bar = false; SET preserve_insertion_order = true; SET temp_directory = '{work}'; "
                f"SET memory_limit = '{MEMORY_LIMIT}'")
    new_paths = [raw_dir / p.path for p in new]
    with step(f"validate {len(new)} new or changed partition(s)"):
        problems = partitions.check_files(con, raw_dir, new_paths)
        if problems:
            raise BuildFailed(sorted(problems, key=lambda p: (p.file, p.row, p.column)))
        con.execute(f"CREATE TEMP VIEW raw_new AS {partitions.records_sql(raw_dir, new_paths)}")
        loaded = {"participation": RawTable(BY_NAME["participation"], f"{partitions.FOLDER}/", rid="_rid", name="raw_new"),
                  **{name: RawTable(BY_NAME[name], f"{name}.csv", rows=con.execute(f"SELECT count(*) FROM raw.{name}").fetchone()[0])
                     for name in REFERENCED}}
        problems = validate(con, loaded) + partitions.check_paths(con, "raw_new")
        if problems:
            raise BuildFailed(sorted(problems, key=lambda p: (p.file, p.row, p.column)))
    with step("roll up the new partitions; sum the cube cells they touch"):
        gone = [p.path for p in new] + removed
        con.execute("CREATE TEMP TABLE new_parts AS " + parts_sql("_rid.f", "raw_new"))
        con.execute("CREATE TEMP TABLE touched AS SELECT DISTINCT program_id, year FROM participation_parts "
                    "WHERE partition IN (SELECT unnest(?)) UNION SELECT DISTINCT program_id, year FROM new_parts", [gone])
        con.execute("DELETE FROM participation_parts WHERE partition IN (SELECT unnest(?))", [gone])
        con.execute("INSERT INTO participation_parts SELECT * FROM new_parts")
        con.execute("DELETE FROM participation_cube WHERE (program_id, year) IN (SELECT (program_id, year) FROM touched)")
        cube = _sql("marts", "participation_cube").replace(
            "from participation_parts", "from participation_parts where (program_id, year) in (select (program_id, year) from touched)")
        con.execute(f"INSERT INTO participation_cube {cube}")
        files = [raw_dir / p.path for p in manifest]
        con.execute(f"CREATE OR REPLACE VIEW raw.participation AS {partitions.records_sql(raw_dir, files)}")
    with step("residents and rates"):
        store_age_population(con, _age_population(con, last_year(con)))
        con.execute(f"CREATE OR REPLACE TABLE participation_rates AS {_sql('marts', 'participation_rates')}")
    previous_version, changes, counts = checked_and_counted(con, db_path, step)
    version = data_version(raw_dir, None, _files_digest(raw_dir, manifest, info["inputs_digest"]))
    con.execute("DROP TABLE build_partitions")
    record_partitions(con, manifest)
    con.execute("UPDATE build_info SET built_at = ?::TIMESTAMPTZ, data_version = ?, row_counts = ?, participation_source = ?, "
                "previous_version = ?", [datetime.now(timezone.utc), version, json.dumps(counts),
                                         f"{len(manifest)} participation partition(s)", previous_version])
    return version, counts, fingerprint.describe(changes)
