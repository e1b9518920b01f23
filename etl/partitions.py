"""Participation records as Parquet partitions: `data/raw/participation/year=YYYY/place=ID/*.parquet` (or flat
`*.parquet` files in that folder), beside the single `participation.csv`/`.xlsx`.

Each file is a partition. The warehouse keeps no copy of the records: it validates them where they lie,
keeps one row per partition in `build_partitions` (path, size, modification time, SHA-256, rows) and their
rollup per partition in `participation_parts`, from which `participation_cube` is summed. A later build
compares the folder with that list: an added, changed or removed partition is validated and rolled up on
its own, and only the cube rows it touches are summed again (etl.incremental.build_incremental).

Rows are numbered within their file (the first record is row 1), and problems name the file by its path
under the raw folder, e.g. `participation/year=2024/place=tak/part-0.parquet:12:participants`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.contract import BY_NAME, TYPE_WORDS
from etl.problems import Problem, problem
from etl.read import column_problems

FOLDER = "participation"
TABLE = BY_NAME["participation"]
PARQUET_TYPES = {"text": {"VARCHAR"}, "int": {"BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER", "USMALLINT",
                                             "UTINYINT", "DOUBLE", "FLOAT", "HUGEINT"},
                 "year": {"BIGINT", "INTEGER", "SMALLINT", "USMALLINT", "UINTEGER", "DOUBLE"},
                 "float": {"DOUBLE", "FLOAT", "BIGINT", "INTEGER", "DECIMAL"}, "bool": {"BOOLEAN"}}


@dataclass(frozen=True)
class Partition:
    path: str  # relative to the raw folder, with forward slashes
    size: int
    mtime_ns: int
    sha256: str


def folder(raw_dir: Path) -> Path:
    return raw_dir / FOLDER


def files(raw_dir: Path) -> list[Path]:
    """Every file in the partitions folder (sorted), whatever its name: a non-Parquet file is a problem."""
    base = folder(raw_dir)
    return sorted(p for p in base.rglob("*") if p.is_file() and not p.name.startswith(".")) if base.is_dir() else []


def label(raw_dir: Path, path: Path | str) -> str:
    return Path(path).resolve().relative_to(raw_dir.resolve()).as_posix()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def manifest(raw_dir: Path, known: dict[str, Partition] | None = None) -> list[Partition]:
    """The partitions as they are now. A file whose size and modification time match `known` (the previous
    build's list) keeps its recorded hash; any other is hashed: a no-op build reads no record."""
    known = known or {}
    found = []
    for path in files(raw_dir):
        stat = path.stat()
        name = label(raw_dir, path)
        before = known.get(name)
        if before and before.size == stat.st_size and before.mtime_ns == stat.st_mtime_ns:
            found.append(before)
        else:
            found.append(Partition(name, stat.st_size, stat.st_mtime_ns, _sha256(path)))
    return found


def check_files(con: duckdb.DuckDBPyConnection, raw_dir: Path, paths: list[Path]) -> list[Problem]:
    """Problems with the partition files themselves: not Parquet, columns missing, misspelt (one problem,
    with a suggestion) or unexpected, columns of a type that cannot hold the contract's."""
    problems: list[Problem] = []
    for path in paths:
        name = label(raw_dir, path)
        if path.suffix.lower() != ".parquet":
            problems.append(problem(name, 0, "", "not_parquet", "not a Parquet file (expected *.parquet in the participation folder)"))
            continue
        try:
            types = {row[0]: row[1] for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?, hive_partitioning = false)", [str(path)]).fetchall()}
        except duckdb.Error as error:
            reason = str(error).splitlines()[0][:80]
            problems.append(problem(name, 0, "", "unreadable_parquet", f"not a readable Parquet file ({reason})", reason=reason))
            continue
        problems += column_problems(name, 0, list(types), TABLE)
        for column in TABLE.columns:
            kind = types.get(column.name, "")
            if column.name in types and kind.split("(")[0] not in PARQUET_TYPES[column.type]:
                words = TYPE_WORDS[column.type]
                problems.append(problem(name, 0, column.name, "wrong_column_type",
                                        f"column of type {kind} (expected {words})", found=kind, type=column.type))
    return problems


def records_sql(raw_dir: Path, paths: list[Path]) -> str:
    """SQL reading the records of `paths`, one row per record, with the contract's column types and `_rid`:
    the record's file (its label) and row within it (first record = 1)."""
    if not paths:
        columns = ", ".join(f"NULL::{c.read_type} AS \"{c.name}\"" for c in TABLE.columns)
        return f"SELECT {columns}, {{'f': NULL::VARCHAR, 'r': NULL::BIGINT}} AS _rid WHERE false"
    listed = ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths)
    base = str(raw_dir.resolve()).rstrip("/") + "/"
    columns = ", ".join(f"CAST(\"{c.name}\" AS {c.read_type}) AS \"{c.name}\"" for c in TABLE.columns)
    return (f"SELECT {columns}, {{'f': replace(filename, '{base.replace(chr(39), chr(39) * 2)}', ''), 'r': file_row_number + 1}} AS _rid "
            f"FROM read_parquet([{listed}], filename = true, file_row_number = true, union_by_name = true, hive_partitioning = false)")


def path_rules(view: str) -> list[tuple[str, str, str, str]]:
    """Rows that disagree with their partition's folder names (`year=2024/place=tak`): (column, condition,
    key, English message) for etl.validate-like checks over `view`."""
    year = "try_cast(regexp_extract(_rid.f, '(?:^|/)year=([^/]+)', 1) AS INTEGER)"
    place = "nullif(regexp_extract(_rid.f, '(?:^|/)place=([^/]+)', 1), '')"
    return [("year", f"{year} IS NOT NULL AND \"year\" <> {year}", "partition_year", "year differs from its partition folder's year="),
            ("place_id", f"{place} IS NOT NULL AND place_id <> {place}", "partition_place", "place_id differs from its partition folder's place=")]


def check_paths(con: duckdb.DuckDBPyConnection, view: str, limit: int = 20) -> list[Problem]:
    """Records whose year or place_id is not the one their folder names."""
    problems = []
    for column, bad_when, key, message in path_rules(view):
        rows = con.execute(f"SELECT _rid.f, _rid.r, \"{column}\" FROM {view} WHERE {bad_when} ORDER BY _rid LIMIT {limit}").fetchall()
        problems += [problem(f, r, column, key, f"{value!r}: {message}", value=repr(value)) for f, r, value in rows]
    return problems
