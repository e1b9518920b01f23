"""Bring your own data: a session-only, in-memory database built from a researcher's uploaded files.

The uploaded files replace the shared raw files of the same tables (e.g. `participation.csv` with a
city's real records); everything else comes from data/raw. The real ETL builds it, with the same
contract and validation, into an in-memory DuckDB database that only the uploading session reads.
Nothing is written to the database file; uploaded bytes are staged in memory-backed /dev/shm when
the machine has it, and deleted as soon as the build has read them.
"""

from __future__ import annotations

import os
import tempfile
import threading
import uuid
from collections import OrderedDict
from pathlib import Path

import duckdb

from etl.build import build_into
from etl.contract import BY_NAME
from etl.problems import BuildFailed, Problem, problem
from lcd.config import RAW_DIR
from lcd.db import Overlay

SESSION_KEY = "overlay"
MAX_FILE_MB = 20  # also server.maxUploadSize in .streamlit/config.toml
ROW_LIMIT = 200_000  # rows per uploaded table
MAX_OVERLAYS = 8  # sessions with an overlay at once; the oldest is dropped beyond that
EXTENSIONS = (".csv", ".xlsx")

_overlays: OrderedDict[str, tuple[duckdb.DuckDBPyConnection, tuple[str, ...]]] = OrderedDict()
_lock = threading.Lock()


def _staging_dir() -> str | None:
    return "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def check_names(files: dict[str, bytes]) -> list[Problem]:
    """Problems with the uploaded files themselves: unknown table names, wrong types, too large."""
    problems = []
    tables: dict[str, str] = {}
    for name, data in files.items():
        stem, ext = os.path.splitext(os.path.basename(name))
        if ext.lower() not in EXTENSIONS or stem not in BY_NAME:
            expected = ", ".join(f"{t}.csv" for t in BY_NAME)
            problems.append(problem(name, 0, "", "not_a_table", f"not a table of the contract (expected a file named one of: {expected}, or .xlsx)",
                                    expected=expected))
        elif stem in tables:
            problems.append(problem(name, 0, "", "two_files", f"two files for table {stem} (expected one)", table=stem))
        elif len(data) > MAX_FILE_MB * 2**20:
            problems.append(problem(name, 0, "", "too_big", f"file is {len(data) / 2**20:.1f} MB (expected at most {MAX_FILE_MB} MB)",
                                    mb=f"{len(data) / 2**20:.1f}", limit=MAX_FILE_MB))
        tables[stem] = name
    return problems


def build(files: dict[str, bytes]) -> Overlay:
    """Validate and build an overlay from uploaded files (name → bytes); return it.

    Raises BuildFailed (every problem, as file:row:column lines, or the failed checks)."""
    problems = check_names(files)
    if problems:
        raise BuildFailed(problems)
    uploaded = {os.path.splitext(os.path.basename(n))[0]: (os.path.basename(n), data) for n, data in files.items()}
    with tempfile.TemporaryDirectory(prefix="lcd-upload-", dir=_staging_dir()) as tmp:
        raw, work = Path(tmp) / "raw", Path(tmp) / "work"
        raw.mkdir()
        work.mkdir()
        for path in RAW_DIR.iterdir():
            if path.is_file() and path.stem not in uploaded:
                (raw / path.name).symlink_to(path)
        for name, data in uploaded.values():
            (raw / name).write_bytes(data)
        con = duckdb.connect(":memory:")
        try:
            build_into(con, raw, work, row_limits={table: ROW_LIMIT for table in uploaded})
            # From now on the session reads it like the shared file: no file access, settings locked.
            con.execute("SET enable_external_access = false; SET memory_limit = '512MB'; SET lock_configuration = true")
        except BaseException:
            con.close()
            raise
    made = Overlay(uuid.uuid4().hex)
    with _lock:
        _overlays[made.token] = (con, tuple(sorted(n for n, _ in uploaded.values())))
        while len(_overlays) > MAX_OVERLAYS:
            _, (oldest, _) = _overlays.popitem(last=False)
            oldest.close()
    return made


def exists(made: Overlay) -> bool:
    with _lock:
        return made.token in _overlays


def files(made: Overlay) -> tuple[str, ...]:
    with _lock:
        return _overlays[made.token][1] if made.token in _overlays else ()


def connection(made: Overlay) -> duckdb.DuckDBPyConnection:
    with _lock:
        if made.token not in _overlays:
            raise KeyError("this session's uploaded data is no longer loaded")
        _overlays.move_to_end(made.token)
        return _overlays[made.token][0]


def drop(made: Overlay) -> None:
    with _lock:
        entry = _overlays.pop(made.token, None)
    if entry:
        entry[0].close()
