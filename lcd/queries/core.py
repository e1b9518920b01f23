"""The query machinery: each named query is cached on (its name, the database identity, its arguments),
and reads what the session reads (its upload, else the shared file); helpers for bound parameters."""

from __future__ import annotations

import functools
from typing import Callable

import pandas as pd
import streamlit as st

from lcd import db
from lcd.db import Overlay
from lcd.i18n import LANGUAGES


_QUERIES: dict[str, Callable[..., pd.DataFrame]] = {}


@st.cache_data(max_entries=1024, show_spinner=False)
def _run(name: str, identity: str, path: str, args: tuple, kwargs: tuple) -> pd.DataFrame:
    """The cached call of one named query; `identity` changes when the database file is replaced."""
    return _QUERIES[name](*args, **dict(kwargs))


def cached(func: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    """Cache a query on (its name, database identity, arguments); arguments must be hashable."""
    _QUERIES[func.__name__] = func

    @functools.wraps(func)
    def wrapper(*args, **kwargs) -> pd.DataFrame:
        src = current_source()
        with db.using(src):
            return _run(func.__name__, db.identity(src), str(src), args, tuple(sorted(kwargs.items())))

    wrapper.uncached = func
    return wrapper


def current_source() -> db.Source:
    """What this session reads: its uploaded overlay if it has a live one, else the shared database."""
    from lcd import overlay

    try:
        uploaded = st.session_state.get(overlay.SESSION_KEY)
    except Exception:  # no Streamlit session (scripts, benchmarks)
        uploaded = None
    return uploaded if isinstance(uploaded, Overlay) and overlay.exists(uploaded) else db.source()


def in_list(values) -> list:
    """A bound list parameter; an empty selection means 'no restriction' and is passed as NULL."""
    return list(values) if values else None


def among(column: str, param: str) -> str:
    """SQL: `column` is one of the bound list `$param`, or `$param` is NULL (no restriction)."""
    return f"(${param} IS NULL OR {column} IN (SELECT unnest(${param})))"


def name_of(prefix: str, lang: str) -> str:
    return f"{prefix}name_{lang if lang in LANGUAGES else 'en'}"
