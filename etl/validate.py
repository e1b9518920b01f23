"""Check loaded raw tables against the contract, in SQL, and report every problem at once.

Each rule is one query over `raw.<table>` that returns the offending rows (at most
MAX_PER_RULE of them, with the total count), so the checks scale to millions of records.
Column names come from the contract, never from the file; values are bound parameters.
"""

from __future__ import annotations

import duckdb

from etl.contract import ENUMS, TYPE_WORDS, Column, Table
from etl.problems import MAX_PER_RULE, Problem, capped, show
from etl.read import RawTable


def _enum_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE enum_values (kind VARCHAR, code VARCHAR)")
    con.executemany("INSERT INTO enum_values VALUES (?, ?)", [(k, c) for k, codes in ENUMS.items() for c in codes])


def _offenders(con, raw: RawTable, column: str, select_sql: str, params: list, message) -> list[Problem]:
    """Run a query returning (rowid, value, total) and turn its rows into problems."""
    rows = con.execute(
        f"SELECT rid, val, count(*) OVER () AS total FROM ({select_sql}) ORDER BY rid LIMIT {MAX_PER_RULE}", params
    ).fetchall()
    if not rows:
        return []
    found = [Problem(raw.label, raw.file_row(rid), column, message(val)) for rid, val, _ in rows]
    return capped(found, rows[0][2], raw.label, column, "with the same problem")


def _values(raw: RawTable, col: Column) -> str:
    """SQL yielding (rid, val) for each value of a column; a multi-value column yields one row per part."""
    name = f'"{col.name}"'
    if col.multi:
        return (f"SELECT rid, trim(part) AS val FROM (SELECT rowid AS rid, unnest(string_split({name}, ';')) AS part "
                f"FROM {raw.sql_name} WHERE {name} IS NOT NULL) WHERE trim(part) <> ''")
    return f"SELECT rowid AS rid, {name} AS val FROM {raw.sql_name} WHERE {name} IS NOT NULL"


def _column_problems(con, raw: RawTable, col: Column, loaded: dict[str, RawTable]) -> list[Problem]:
    name = f'"{col.name}"'
    problems: list[Problem] = []
    if col.required:
        blank = f" OR trim({name}) = ''" if col.type == "text" else ""
        problems += _offenders(con, raw, col.name, f"SELECT rowid AS rid, NULL AS val FROM {raw.sql_name} WHERE {name} IS NULL{blank}",
                               [], lambda _: f"required value is empty (expected {col.description.rstrip('.').lower()})")
    if col.type in ("int", "year"):
        words = TYPE_WORDS[col.type]
        problems += _offenders(con, raw, col.name, f"SELECT rowid AS rid, {name} AS val FROM {raw.sql_name} WHERE {name} <> floor({name})",
                               [], lambda v: f"wrong type: {show(f'{v:g}')} is not {words} (expected {words})")
    if col.enum:
        allowed = ", ".join(ENUMS[col.enum])
        problems += _offenders(con, raw, col.name,
                               f"SELECT * FROM ({_values(raw, col)}) WHERE val NOT IN (SELECT code FROM enum_values WHERE kind = ?)",
                               [col.enum], lambda v: f"unknown {col.enum} {show(v)} (expected one of: {allowed})")
    if col.enum_by:
        other = f'"{col.enum_by}"'
        problems += _offenders(con, raw, col.name,
                               f"SELECT r.rowid AS rid, r.{name} AS val FROM {raw.sql_name} r WHERE r.{other} IN (SELECT kind FROM enum_values) "
                               f"AND NOT EXISTS (SELECT 1 FROM enum_values e WHERE e.kind = r.{other} AND e.code = r.{name})",
                               [], lambda v: f"unknown code {show(v)} for its {col.enum_by} (expected an allowed value of that {col.enum_by})")
    if col.ref:
        ref_table, ref_col = col.ref.split(".")
        target = loaded.get(ref_table)
        if target is not None:
            problems += _offenders(con, raw, col.name,
                                   f"SELECT * FROM ({_values(raw, col)}) WHERE val NOT IN "
                                   f'(SELECT "{ref_col}" FROM {target.sql_name} WHERE "{ref_col}" IS NOT NULL)',
                                   [], lambda v: f"unknown {ref_col} {show(v)} (expected an id listed in {target.label})")
    low, high = col.bounds()
    if low is not None or high is not None:
        expected = f"{low:g} or more" if high is None else f"{low:g}–{high:g}" if low is not None else f"at most {high:g}"
        problems += _offenders(con, raw, col.name,
                               f"SELECT rowid AS rid, {name} AS val FROM {raw.sql_name} WHERE {name} < ? OR {name} > ?",
                               [low if low is not None else float("-inf"), high if high is not None else float("inf")],
                               lambda v: f"{v:g} is out of range (expected {expected})")
    return problems


def _key_problems(con, raw: RawTable) -> list[Problem]:
    table = raw.table
    if not table.key:
        return []
    keys = ", ".join(f'"{k}"' for k in table.key)
    label = "+".join(table.key)
    sql = (f"SELECT rid, val FROM (SELECT rowid AS rid, concat_ws(' | ', {keys}) AS val, "
           f"row_number() OVER (PARTITION BY {keys} ORDER BY rowid) AS n FROM {raw.sql_name}) WHERE n > 1")
    return _offenders(con, raw, label, sql, [], lambda v: f"duplicate key {show(v, 80)} (expected each {label} once)")


def validate(con: duckdb.DuckDBPyConnection, loaded: dict[str, RawTable]) -> list[Problem]:
    """Every contract problem in the loaded tables; an empty list means the data is valid."""
    _enum_table(con)
    problems: list[Problem] = []
    for raw in loaded.values():
        table: Table = raw.table
        count = con.execute(f"SELECT count(*) FROM {raw.sql_name}").fetchone()[0]
        if count + len(raw.rejected_rows) < table.min_rows:
            problems.append(Problem(raw.label, 0, "", f"no data rows (expected at least {table.min_rows})"))
        for col in table.columns:
            problems += _column_problems(con, raw, col, loaded)
        problems += _key_problems(con, raw)
        for rule in table.rules:
            problems += _offenders(con, raw, rule.column,
                                   f'SELECT rowid AS rid, "{rule.column}" AS val FROM {raw.sql_name} WHERE {rule.bad_when}',
                                   [], lambda v, r=rule: f"{show(v)}: {r.message}")
    return problems
