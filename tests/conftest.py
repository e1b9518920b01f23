"""Shared fixtures: a copy of the shipped raw data, and a small warehouse built by the real ETL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl.build import build

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
FIXTURE_SYNTHETIC_ROWS = 5_000


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw to break on purpose."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> Path:
    """A warehouse built by the real ETL from the shipped raw data (5,000 synthetic records)."""
    db = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    build(RAW, db, synthetic_rows=FIXTURE_SYNTHETIC_ROWS)
    return db


@pytest.fixture(scope="session")
def app_db(warehouse):
    """Point the read side (LCD_DB) at the fixture warehouse for the whole session."""
    import os

    previous = os.environ.get("LCD_DB")
    os.environ["LCD_DB"] = str(warehouse)
    yield warehouse
    if previous is None:
        os.environ.pop("LCD_DB", None)
    else:
        os.environ["LCD_DB"] = previous


def read(path: Path):
    """A read-only connection to a built database, configured like the app's own (lcd.db.connect), so
    tests can open it while the app's shared connection to the same file is open in this process."""
    from lcd.db import connect

    return connect(path)
