"""Server-side time of a full page run (AppTest) for every page: cache miss and cache hit.

Run with LCD_DB pointing at the database. Each page is run once first so imports are warm (a warm
server), then the data and chart caches are cleared before each 'miss' run; 'hit' reruns with the cache full.
Prints one JSON line: {page: {"miss": seconds, "hit": seconds}} with medians of REPEATS runs.
"""

import json
import statistics
import sys
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from lcd import panels
from lcd.page import PAGES

ROOT = Path(__file__).resolve().parent.parent
REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
ONLY = set(sys.argv[2].split(",")) if len(sys.argv) > 2 else None  # some pages only (the cost curve times one)


def timed(at: AppTest) -> float:
    started = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - started
    if at.exception:
        raise RuntimeError([e.value for e in at.exception])
    return seconds


results = {}
for page, path in PAGES:
    if ONLY and page not in ONLY:
        continue
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    if page != "overview":
        at.switch_page(path)
    timed(at)  # warm server: imports and module state ready
    misses, hits = [], []
    for _ in range(REPEATS):
        st.cache_data.clear()
        panels.clear_cache()
        misses.append(timed(at))
        hits.append(timed(at))
    results[page] = {"miss": statistics.median(misses), "hit": statistics.median(hits)}
print(json.dumps(results))
