"""Paths and settings shared by the read side."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = ROOT / "data" / "raw"
DEFAULT_DB = ROOT / "data" / "warehouse.duckdb"
GEO_DIR = RAW_DIR / "geo"


def database_path() -> Path:
    """The database the app reads: `LCD_DB` if set, else data/warehouse.duckdb."""
    return Path(os.environ.get("LCD_DB", DEFAULT_DB))


def manages_database() -> bool:
    """True when the app may (re)build the database itself: only the default one, from data/raw."""
    return "LCD_DB" not in os.environ
