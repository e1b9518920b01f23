"""What changed since the last build: a compact fingerprint of the built tables, and its difference with
the fingerprint the previous database kept.

Every build stores, for each keyed table, one row per key with a 64-bit hash of the whole row
(`build_fingerprint`). The next build compares its own with the live database's and records, per table,
the rows added, removed and changed, with a few keys as examples (`build_changes`); `python -m etl`
prints the same list. The first build has nothing to compare with and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

# The tables compared, with the columns that identify a row (as the mart checks declare them).
KEYS = {
    "sources": ("source_id",),
    "places": ("place_id",),
    "indicators": ("indicator_id",),
    "observations": ("place_id", "indicator_id", "year", "basis", "flag"),
    "programs": ("program_id",),
    "program_features": ("program_id", "feature_id"),
    "participation_reported": ("place_id", "year", "program_or_scope", "measure"),
    "participation_cube": ("program_id", "year", "age_group", "sex", "flag"),
    "gnlc_membership": ("city_en",),
    "milestones": ("place_id", "date_text", "event_id"),
    "vocabulary": ("kind", "code"),
}
EXAMPLES = 5  # keys kept per table and kind of change


@dataclass(frozen=True)
class Change:
    table: str
    change: str  # added, removed, changed
    rows: int
    examples: tuple[tuple[str, ...], ...]  # the key values of a few rows


def fingerprint(con: duckdb.DuckDBPyConnection) -> None:
    """Create `build_fingerprint` (table_name, key: the key values, row_hash) for the keyed tables present."""
    present = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
    parts = []
    for table, key in KEYS.items():
        if table in present:
            columns = ", ".join(f"coalesce(CAST({k} AS VARCHAR), '')" for k in key)
            parts.append(f"SELECT '{table}' AS table_name, [{columns}] AS key, hash(t) AS row_hash FROM {table} t")
    con.execute("CREATE TABLE build_fingerprint AS " + " UNION ALL ".join(parts) + " ORDER BY table_name, key")


def compare(con: duckdb.DuckDBPyConnection, previous: Path | None) -> tuple[str | None, list[Change] | None]:
    """The previous build's data version and the changes against its fingerprint (None, None when there is
    nothing to compare with), stored as `build_changes` (table_name, change, rows, examples)."""
    con.execute("CREATE TABLE build_changes (table_name VARCHAR, change VARCHAR, rows BIGINT, examples VARCHAR[][])")
    if previous is None or not previous.exists():
        return None, None
    try:
        old = duckdb.connect(str(previous), read_only=True)
    except duckdb.Error:  # a database another process is writing, or not a database: nothing to compare with
        return None, None
    try:
        tables = {r[0] for r in old.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if not {"build_fingerprint", "build_info"} <= tables:
            return None, None
        version = old.execute("SELECT data_version FROM build_info").fetchone()[0]
        con.register("previous_fingerprint", old.execute("SELECT * FROM build_fingerprint").df())
    finally:
        old.close()
    con.execute(f"""
        INSERT INTO build_changes
        WITH joined AS (
            SELECT coalesce(n.table_name, o.table_name) AS table_name, coalesce(n.key, o.key) AS key,
                   CASE WHEN o.key IS NULL THEN 'added' WHEN n.key IS NULL THEN 'removed'
                        WHEN n.row_hash <> o.row_hash THEN 'changed' END AS change
            FROM build_fingerprint n FULL JOIN previous_fingerprint o ON n.table_name = o.table_name AND n.key = o.key
        )
        SELECT table_name, change, count(*) AS rows, list(key ORDER BY key)[:{EXAMPLES}] AS examples
        FROM joined WHERE change IS NOT NULL GROUP BY ALL ORDER BY table_name, change
    """)
    con.unregister("previous_fingerprint")
    return version, [Change(t, c, n, tuple(tuple(k) for k in ex)) for t, c, n, ex in
                     con.execute("SELECT * FROM build_changes ORDER BY table_name, change").fetchall()]


def describe(changes: list[Change] | None) -> list[str]:
    """The changes as lines for the console: `observations: 837 added, 5 changed (e.g. lamphun | … : added)`."""
    if changes is None:
        return ["no previous build to compare with"]
    if not changes:
        return ["no rows changed since the previous build"]
    lines = []
    for table in sorted({c.table for c in changes}):
        mine = [c for c in changes if c.table == table]
        counts = ", ".join(f"{c.rows:,} {c.change}" for c in mine)
        example = next(c for c in mine)
        lines.append(f"{table}: {counts} (e.g. {' | '.join(example.examples[0])}: {example.change})")
    return lines
