"""One read-only, sandboxed way to read the warehouse, and the first-start build.

Connections are short-lived (one per query): the ETL swaps the file with `os.replace`, and a
long-lived connection would keep reading the old one. Caches key on `identity()`, which
changes when the file is replaced, so a rebuilt database is picked up without a restart.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from lcd.config import RAW_DIR, database_path, manages_database

MEMORY_LIMIT = "512MB"
THREADS = 2


def identity(path: Path | None = None) -> str:
    """Changes whenever the database file is replaced (inode, size, modification time)."""
    stat = (path or database_path()).stat()
    return f"{stat.st_ino}-{stat.st_size}-{stat.st_mtime_ns}"


def connect(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection with external access off and its configuration locked."""
    return duckdb.connect(
        str(path or database_path()),
        read_only=True,
        config={
            "enable_external_access": False,
            "memory_limit": MEMORY_LIMIT,
            "threads": THREADS,
            "lock_configuration": True,
        },
    )


def fetch(sql: str, params: list | dict | None = None, path: Path | None = None) -> pd.DataFrame:
    """Run one bound query on a fresh read-only connection and return a DataFrame."""
    con = connect(path)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def _newest_raw_mtime(raw_dir: Path = RAW_DIR) -> float:
    return max((p.stat().st_mtime for p in raw_dir.rglob("*") if p.is_file()), default=0.0)


def needs_build(path: Path | None = None, raw_dir: Path = RAW_DIR) -> bool:
    """True when the app should build: its own database is missing or older than data/raw."""
    path = path or database_path()
    if not path.exists():
        return True
    return manages_database() and path.stat().st_mtime < _newest_raw_mtime(raw_dir)


def build_default(progress=None):
    """Build data/warehouse.duckdb from data/raw (the app's first start)."""
    from etl.build import build

    return build(RAW_DIR, database_path(), progress=progress)
