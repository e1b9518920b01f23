"""Check loaded raw tables against the contract, in SQL, and report every problem at once.

Built to scale to millions of records with few passes over a table:
- row rules (required, whole numbers, ranges, cross-column rules) are counted together in ONE
  aggregate scan per table; only a rule that fails is queried again for its first rows;
- value rules (allowed values, references to other tables) are checked on the DISTINCT values of
  a column, then the rows holding a bad value are fetched;
- duplicate keys are looked for with one grouped query per table that has a key.
Column names come from the contract, never from the file; values are bound parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import duckdb

from etl.contract import ENUMS, TYPE_WORDS, Column, Table
from etl.problems import MAX_PER_RULE, Problem, capped, problem, show
from etl.read import RawTable


@dataclass(frozen=True)
class _RowRule:
    column: str
    bad_when: str  # SQL condition over the raw table
    value: str  # SQL expression shown in the message
    message: Callable[[object], tuple[str, str, dict]]  # value → (key, English message, values)


def _enum_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE enum_values (kind VARCHAR, code VARCHAR)")
    con.executemany("INSERT INTO enum_values VALUES (?, ?)", [(k, c) for k, codes in ENUMS.items() for c in codes])


def _problems(con, raw: RawTable, column: str, sql: str, params: list, message) -> list[Problem]:
    """Turn a query returning (rid, val) rows into problems: the first MAX_PER_RULE, and a count."""
    rows = con.execute(
        f"SELECT rid, val, count(*) OVER () AS total FROM ({sql}) ORDER BY rid LIMIT {MAX_PER_RULE}", params
    ).fetchall()
    if not rows:
        return []
    found = []
    for rid, val, _ in rows:
        key, text, values = message(val)
        found.append(problem(*raw.locate(rid), column, key, text, **values))
    return capped(found, rows[0][2], found[-1].file, column, "with the same problem")


def _row_rules(table: Table) -> list[_RowRule]:
    rules = []
    for col in table.columns:
        name = f'"{col.name}"'
        if col.required:
            blank = f" OR trim({name}) = ''" if col.type == "text" else ""
            expected = col.description.rstrip(".").lower()
            rules.append(_RowRule(col.name, f"{name} IS NULL{blank}", "NULL",
                                  lambda _, e=expected, c=f"{table.name}.{col.name}": (
                                      "required", f"required value is empty (expected {e})", {"column_key": c})))
        if col.type in ("int", "year", "float"):
            rules.append(_RowRule(col.name, f"isnan({name}) OR isinf({name})", name,
                                  lambda v: ("not_finite", f"{show(f'{v}')} is not a finite number (expected {TYPE_WORDS['float']})",
                                             {"value": show(f"{v}")})))
        if col.type in ("int", "year"):
            words = TYPE_WORDS[col.type]
            rules.append(_RowRule(col.name, f"{name} <> floor({name})", name,
                                  lambda v, w=words, k=col.type: ("wrong_type", f"wrong type: {show(f'{v:g}')} is not {w} (expected {w})",
                                                                  {"value": show(f"{v:g}"), "type": k})))
        low, high = col.bounds()
        if low is not None or high is not None:
            expected = f"{low:g} or more" if high is None else f"{low:g}–{high:g}" if low is not None else f"at most {high:g}"
            shape = "range_at_least" if high is None else "range_between" if low is not None else "range_at_most"
            bounds = {"low": f"{low:g}" if low is not None else "", "high": f"{high:g}" if high is not None else ""}
            parts = ([f"{name} < {low!r}"] if low is not None else []) + ([f"{name} > {high!r}"] if high is not None else [])
            rules.append(_RowRule(col.name, " OR ".join(parts), name,
                                  lambda v, e=expected, sh=shape, b=bounds: ("out_of_range", f"{v:g} is out of range (expected {e})",
                                                                             {"value": f"{v:g}", "range": sh, **b})))
    for number, rule in enumerate(table.rules, start=1):
        rules.append(_RowRule(rule.column, rule.bad_when, f'"{rule.column}"',
                              lambda v, r=rule, k=f"{table.name}.{number}": ("rule", f"{show(v)}: {r.message}",
                                                                           {"value": show(v), "rule_key": k})))
    return rules


def _check_row_rules(con, raw: RawTable) -> list[Problem]:
    """All row rules of a table counted in one scan; failing rules are then listed row by row."""
    rules = _row_rules(raw.table)
    if not rules:
        return []
    counts = con.execute(
        "SELECT " + ", ".join(f"count_if({r.bad_when})" for r in rules) + f" FROM {raw.sql_name}").fetchone()
    problems = []
    for rule, count in zip(rules, counts):
        if count:
            problems += _problems(con, raw, rule.column,
                                  f"SELECT {raw.rid} AS rid, {rule.value} AS val FROM {raw.sql_name} WHERE {rule.bad_when}",
                                  [], rule.message)
    return problems


def _parts(col: Column, source: str) -> str:
    """SQL yielding (val) for each distinct value of a column; a multi-value column yields each part."""
    name = f'"{col.name}"'
    distinct = f"SELECT DISTINCT {name} AS whole FROM {source} WHERE {name} IS NOT NULL"
    if not col.multi:
        return f"SELECT whole AS val, whole FROM ({distinct})"
    return (f"SELECT trim(part) AS val, whole FROM (SELECT unnest(string_split(whole, ';')) AS part, whole FROM ({distinct})) "
            f"WHERE trim(part) <> ''")


def _check_values(con, raw: RawTable, col: Column, allowed_sql: str, params: list, message) -> list[Problem]:
    """Rows whose value (or one of whose parts) is not in `allowed_sql`, found through distinct values."""
    bad = con.execute(f"SELECT DISTINCT val, whole FROM ({_parts(col, raw.sql_name)}) WHERE val NOT IN ({allowed_sql})",
                      params).fetchall()
    if not bad:
        return []
    wholes = {whole: val for val, whole in bad}
    name = f'"{col.name}"'
    return _problems(con, raw, col.name,
                     f"SELECT {raw.rid} AS rid, {name} AS val FROM {raw.sql_name} WHERE {name} IN (SELECT unnest(?))",
                     [list(wholes)], lambda whole: message(wholes[whole]))


def _check_column_values(con, raw: RawTable, col: Column, loaded: dict[str, RawTable]) -> list[Problem]:
    problems: list[Problem] = []
    if col.enum:
        allowed = ", ".join(ENUMS[col.enum])
        problems += _check_values(con, raw, col, "SELECT code FROM enum_values WHERE kind = ?", [col.enum],
                                  lambda v: ("unknown_enum", f"unknown {col.enum} {show(v)} (expected one of: {allowed})",
                                             {"value": show(v), "allowed": allowed}))
    if col.ref:
        ref_table, ref_col = col.ref.split(".")
        target = loaded.get(ref_table)
        if target is not None:
            problems += _check_values(con, raw, col, f'SELECT "{ref_col}" FROM {target.sql_name} WHERE "{ref_col}" IS NOT NULL', [],
                                      lambda v: ("unknown_ref", f"unknown {ref_col} {show(v)} (expected an id listed in {target.label})",
                                                 {"id_column": ref_col, "value": show(v), "file": target.label}))
    if col.enum_by:
        name, other = f'"{col.name}"', f'"{col.enum_by}"'
        problems += _problems(con, raw, col.name,
                              f"SELECT r.{raw.rid} AS rid, r.{name} AS val FROM {raw.sql_name} r WHERE r.{other} IN (SELECT kind FROM enum_values) "
                              f"AND NOT EXISTS (SELECT 1 FROM enum_values e WHERE e.kind = r.{other} AND e.code = r.{name})",
                              [], lambda v: ("unknown_code", f"unknown code {show(v)} for its {col.enum_by} (expected an allowed value of that "
                                                             f"{col.enum_by})", {"value": show(v), "kind": col.enum_by}))
    return problems


def _check_key(con, raw: RawTable) -> list[Problem]:
    table = raw.table
    if not table.key:
        return []
    keys = ", ".join(f'"{k}"' for k in table.key)
    label = "+".join(table.key)
    sql = (f"SELECT rid, val FROM (SELECT {raw.rid} AS rid, concat_ws(' | ', {keys}) AS val, "
           f"row_number() OVER (PARTITION BY {keys} ORDER BY {raw.rid}) AS n FROM {raw.sql_name}) WHERE n > 1")
    return _problems(con, raw, label, sql, [], lambda v: ("duplicate_key", f"duplicate key {show(v, 80)} (expected each {label} once)",
                                                         {"value": show(v, 80), "key_columns": label}))


def validate(con: duckdb.DuckDBPyConnection, loaded: dict[str, RawTable]) -> list[Problem]:
    """Every contract problem in the loaded tables; an empty list means the data is valid."""
    _enum_table(con)
    problems: list[Problem] = []
    for raw in loaded.values():
        if raw.rows + len(raw.rejected_rows) < raw.table.min_rows:
            problems.append(problem(raw.label, 0, "", "no_rows", f"no data rows (expected at least {raw.table.min_rows})",
                                    min=raw.table.min_rows))
        problems += _check_row_rules(con, raw)
        for col in raw.table.columns:
            problems += _check_column_values(con, raw, col, loaded)
        problems += _check_key(con, raw)
    return problems
