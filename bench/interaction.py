"""The participation page's queries, done two ways on the same data, for time and memory.

    python -m bench.interaction ours      # our named queries on the rollups (LCD_DB)
    python -m bench.interaction pandas CSV|FOLDER  # the usual pattern: the whole table in a pandas
                                            # DataFrame (as st.cache_data would hold it), filtered in pandas
Both import the same libraries. Prints one JSON line: load seconds (pandas only) and the time of
the page's queries for two filter states (defaults, and Thailand 2016-2024 aged 65+).
"""

import json
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import streamlit  # noqa: F401  both patterns run inside a Streamlit app

SCENARIOS = [dict(countries=(), years=(1990, 2036), ages=()), dict(countries=("TH",), years=(2016, 2024), ages=("age_65_plus",))]


def ours() -> dict:
    from lcd import queries as q

    started = time.perf_counter()
    for s in SCENARIOS:
        scope = ((), s["countries"], s["years"], s["ages"])
        q.participation_by.uncached("place_age", *scope, ())
        q.participation_rates.uncached(*scope)
        q.participation_by.uncached("place_year", *scope, ())
        q.participation_by.uncached("program", *scope, ())
        q.participation_by.uncached("place_sex", *scope, ())
    return {"queries_seconds": time.perf_counter() - started}


def pandas_pattern(csv_path: str, db_path: str) -> dict:
    started = time.perf_counter()
    if Path(csv_path).is_dir():  # Parquet partitions (year=/place=): read every file as it is
        import pyarrow.dataset as ds

        records = ds.dataset(csv_path, format="parquet", partitioning=None).to_table().to_pandas()
    else:
        records = pd.read_csv(csv_path)  # what @st.cache_data would keep in memory
    con = duckdb.connect(db_path, read_only=True)
    programs = con.execute("SELECT program_id, theme FROM programs").df()
    places = con.execute("SELECT place_id, country_iso FROM places").df()
    population = con.execute("SELECT place_id, year, age_group, population FROM age_population").df()
    records = records.merge(programs, on="program_id").merge(places, on="place_id")
    loaded = time.perf_counter()
    for s in SCENARIOS:
        mask = records.year.between(*s["years"])
        if s["countries"]:
            mask &= records.country_iso.isin(s["countries"])
        if s["ages"]:
            mask &= records.age_group.isin(s["ages"])
        view = records[mask]
        view.groupby(["place_id", "age_group"]).participants.sum()
        rates = view.groupby(["place_id", "year", "age_group"], as_index=False).participants.sum().merge(population)
        rates.assign(rate=1000 * rates.participants / rates.population)
        view.groupby(["place_id", "year"]).participants.sum()
        view.groupby(["program_id", "place_id"]).participants.sum().nlargest(10)
        view.groupby(["place_id", "sex"]).participants.sum()
    return {"load_seconds": loaded - started, "queries_seconds": time.perf_counter() - loaded}


if __name__ == "__main__":
    result = ours() if sys.argv[1] == "ours" else pandas_pattern(sys.argv[2], sys.argv[3])
    print(json.dumps(result))
