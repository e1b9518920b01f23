"""The researchers' SQL console: one read-only SELECT at a time, sandboxed, time-limited and row-capped.

Defences, in order: only a single SELECT (or WITH … SELECT) statement is accepted; it runs on a
cursor of the read-only connection whose configuration is locked with external access off (no
file reads, COPY, ATTACH, INSTALL/LOAD, SET, PRAGMA), under a memory and thread limit; a timer
interrupts it after TIME_LIMIT seconds (runaway cross joins); at most ROW_CAP rows come back.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import duckdb
import pandas as pd

from lcd import db

TIME_LIMIT = 5.0  # seconds
ROW_CAP = 10_000
ALLOWED = {duckdb.StatementType.SELECT}


class Refused(ValueError):
    """The statement is not allowed or failed; the message is for the researcher (a catalogue key + values)."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


@dataclass(frozen=True)
class Result:
    frame: pd.DataFrame
    truncated: bool  # more rows than ROW_CAP existed
    seconds: float


def check(sql: str) -> None:
    """Refuse anything but one SELECT statement, before it reaches the database."""
    text = (sql or "").strip()
    if not text:
        raise Refused("console.empty")
    try:
        statements = duckdb.extract_statements(text)
    except duckdb.Error as error:
        raise Refused("console.syntax", detail=str(error).splitlines()[0]) from None
    if len(statements) != 1:
        raise Refused("console.one_statement")
    if statements[0].type not in ALLOWED:
        raise Refused("console.only_select", kind=statements[0].type.name)


def run(sql: str, src: db.Source | None = None, time_limit: float = TIME_LIMIT, row_cap: int = ROW_CAP) -> Result:
    """Run one checked SELECT on `src` (default: the shared database) with a time limit and a row cap;
    refusals and errors raise Refused."""
    check(sql)
    shared, cursor = db.cursor(src or db.source())
    timer = threading.Timer(time_limit, cursor.interrupt)
    started = time.perf_counter()
    timer.start()
    try:
        frame = cursor.sql(sql.strip().rstrip(";")).limit(row_cap + 1).df()
    except duckdb.InterruptException:
        raise Refused("console.timeout", seconds=time_limit) from None
    except duckdb.PermissionException as error:
        raise Refused("console.forbidden", detail=str(error).splitlines()[0]) from None
    except duckdb.Error as error:
        if "interrupt" in str(error).lower():
            raise Refused("console.timeout", seconds=time_limit) from None
        raise Refused("console.error", detail=str(error).splitlines()[0]) from None
    finally:
        timer.cancel()
        db.release(shared, cursor)
    return Result(frame.head(row_cap), len(frame) > row_cap, time.perf_counter() - started)


# Questions a researcher asks first, each runnable as written (a test runs them all).
EXAMPLES = {
    "ageing": """SELECT place_id, year, value AS share_60plus_pct, basis, flag
FROM observations
WHERE indicator_id = 'population_60plus_pct' AND headline AND flag <> 'projection'
ORDER BY place_id, year""",
    "latest": """SELECT p.name_en AS place, o.year, o.value, o.basis
FROM observations o JOIN places p USING (place_id)
WHERE o.indicator_id = 'population_60plus_pct' AND o.headline AND p.level = 'province'
QUALIFY row_number() OVER (PARTITION BY o.place_id ORDER BY o.year DESC) = 1
ORDER BY o.value DESC""",
    "programmes": """SELECT g.place_id, f.feature_id, count(*) AS programmes
FROM programs g JOIN program_features f USING (program_id)
GROUP BY ALL ORDER BY g.place_id, f.feature_id""",
    "participation": """SELECT place_id, year, sum(participants) AS participants
FROM participation_cube
GROUP BY ALL
ORDER BY participants DESC""",
}
EXAMPLE = EXAMPLES["participation"]
