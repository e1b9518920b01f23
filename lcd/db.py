"""One read-only, sandboxed way to read the warehouse, and the first-start build.

Each query runs on its own cursor of one shared read-only connection per database file. The
ETL swaps the file with `os.replace`; when the file's identity changes, the next query waits
for queries still running on the old file, closes that connection and opens the new file
(DuckDB caches one instance per path, so the old one must be closed before the new one can be
opened). Query caches key on `identity()` too, so a rebuilt database is picked up without a restart.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from contextlib import contextmanager
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from lcd.config import RAW_DIR, database_path, manages_database

MEMORY_LIMIT = "512MB"
THREADS = 2


@dataclass(frozen=True)
class Overlay:
    """A session's uploaded data: an in-memory database held by lcd.overlay under `token`."""

    token: str

    def __str__(self) -> str:
        return f"overlay:{self.token}"


Source = Path | Overlay  # what a session reads: the database file, or its uploaded overlay
_local = threading.local()


def source() -> Source:
    """The database this thread reads: the one set by using(), else the shared file."""
    return getattr(_local, "source", None) or database_path()


@contextmanager
def using(src: Source):
    """Read `src` (the file or an overlay) in this thread for the duration of the block."""
    previous = getattr(_local, "source", None)
    _local.source = src
    try:
        yield
    finally:
        _local.source = previous


def identity(src: Source | None = None) -> str:
    """Changes whenever the database file is replaced (inode, size, modification time); an overlay's token."""
    src = src or source()
    if isinstance(src, Overlay):
        return str(src)
    stat = src.stat()
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


@dataclass
class _Shared:
    """The shared connection to one database path, the file identity it was opened on, queries in flight."""

    connection: duckdb.DuckDBPyConnection | None = None
    identity: str | None = None
    active: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)


_shared: dict[str, _Shared] = {}
_shared_lock = threading.Lock()


def cursor(path: Source) -> tuple[_Shared | None, duckdb.DuckDBPyConnection]:
    """A cursor on the shared read-only connection to `path`, opened on the file's current identity
    (or on a session's overlay). Give it back with release()."""
    if isinstance(path, Overlay):
        from lcd import overlay

        return None, overlay.connection(path).cursor()
    with _shared_lock:
        shared = _shared.setdefault(str(path), _Shared())
    current = identity(path)
    with shared.changed:
        while shared.identity != current:
            if shared.active == 0:  # nobody reads the old file any more: move to the new one
                if shared.connection is not None:
                    shared.connection.close()
                shared.connection, shared.identity = connect(path), current
            else:
                shared.changed.wait(timeout=1)
        shared.active += 1
        return shared, shared.connection.cursor()


def fetch(sql: str, params: list | dict | None = None, path: Source | None = None) -> pd.DataFrame:
    """Run one bound query on its own cursor of the shared read-only connection; return a DataFrame."""
    shared, cur = cursor(path or source())
    try:
        return cur.execute(sql, params or []).df()
    finally:
        release(shared, cur)


def release(shared: _Shared | None, cur: duckdb.DuckDBPyConnection) -> None:
    """Close a cursor from cursor(); the last one out lets a rebuilt file be opened."""
    cur.close()
    if shared is None:
        return
    with shared.changed:
        shared.active -= 1
        shared.changed.notify_all()


def _newest_raw_mtime(raw_dir: Path = RAW_DIR) -> float:
    return max((p.stat().st_mtime for p in raw_dir.rglob("*") if p.is_file()), default=0.0)


def needs_build(path: Path | None = None, raw_dir: Path = RAW_DIR) -> bool:
    """True when the app should build: its own database is missing or older than data/raw."""
    path = path or database_path()
    if not path.exists():
        return True
    return manages_database() and path.stat().st_mtime < _newest_raw_mtime(raw_dir)


def build_default() -> None:
    """Build data/warehouse.duckdb from data/raw (the app's first start), in its own process: the build
    then compares with the previous database (which this process holds open, read-only, with another
    configuration) and its memory is given back when it ends. Raises BuildFailed with the ETL's lines."""
    from etl.problems import BuildFailed

    done = subprocess.run([sys.executable, "-m", "etl", "--raw", str(RAW_DIR), "--db", str(database_path()), "--quiet"],
                          capture_output=True, text=True, cwd=RAW_DIR.parent.parent)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line and not line.startswith("[etl]")] or [done.stderr.strip()]
        raise BuildFailed(lines)
