"""The researcher's table view (`/data`)."""

from __future__ import annotations

import pandas as pd

from lcd import db
from lcd.queries.core import among, cached, in_list, name_of
from lcd.queries.participation import participation_params, participation_where, with_names
from lcd.queries.programmes import program_list
from lcd.queries.reference import sources


# The tables /data shows: the researcher's main five, then every other table of the data contract as built.
MAIN_TABLES = ("observations", "programs", "participation", "places", "sources")
OTHER_TABLES = ("indicators", "participation_reported", "gnlc_membership", "milestones", "key_features", "program_features",
                "place_conditions", "headline_rule", "vocabulary")
DATA_TABLES = MAIN_TABLES + OTHER_TABLES


GRAINS = {"place": "place_id", "year": "year", "age_group": "age_group", "sex": "sex", "program": "program_id", "theme": "theme"}


@cached
def data_table(table: str, place_ids: tuple[str, ...], countries: tuple[str, ...], years: tuple[int, int],
               ages: tuple[str, ...], themes: tuple[str, ...], grain: tuple[str, ...] = ("place", "year"),
               lang: str = "en", indicators: tuple[str, ...] = ()) -> pd.DataFrame:
    """The researcher's view of one table under the shared filters (see each branch for its rows).

    observations: one row per place × indicator × year × basis × flag (value in `unit`);
    programs: one row per programme; participation: participants (persons), learning_hours (hours)
    and records summed at `grain` (any of place, year, age_group, sex, program, theme), with flags and
    source_ids; places: one row per place; sources: one row per source; any other table of the contract
    as built (with its place's name, filtered by place and country, when it has a place_id). `indicators`
    narrows observations. `table` and `grain` come from fixed lists, never from SQL text."""
    if table not in DATA_TABLES:
        raise ValueError(f"unknown table {table!r}")
    params = {"places": in_list(place_ids), "countries": in_list(countries), "y0": years[0], "y1": years[1]}
    if table in OTHER_TABLES:
        return _other_table(table, params, lang)
    name = name_of("", lang)
    if table == "observations":
        return db.fetch(
            f"""
            SELECT o.place_id, p.{name} AS place, o.indicator_id, i.{name} AS indicator, o.year, o.value, o.unit,
                   o.basis, o.flag, o.source_ids, o.note
            FROM observations o JOIN places p USING (place_id) JOIN indicators i USING (indicator_id)
            WHERE {among('o.place_id', 'places')}
              AND {among('p.country_iso', 'countries')}
              AND {among('o.indicator_id', 'indicators')}
              AND o.year BETWEEN $y0 AND $y1
            ORDER BY o.place_id, o.indicator_id, o.basis, o.year
            """, {**params, "indicators": in_list(indicators)})
    if table == "programs":
        return program_list.uncached(place_ids or None, countries, themes, lang)
    if table == "places":
        return db.fetch(
            f"""
            SELECT place_id, {name} AS place, name_en, name_zh, name_th, country_iso, level, parent_place_id, lat, lon,
                   area_km2, area_source_id, gnlc_status, gnlc_member_place_id, gnlc_joined_year, unesco_award_year,
                   programs, source_ids
            FROM places
            WHERE {among('place_id', 'places')}
              AND {among('country_iso', 'countries')}
            ORDER BY country_iso, place_id
            """, {"places": params["places"], "countries": params["countries"]})
    if table == "sources":
        return sources.uncached()
    keys = [GRAINS[g] for g in GRAINS if g in grain] or ["place_id"]
    select = ", ".join(f"c.{k}" for k in keys)
    frame = db.fetch(
        f"""
        SELECT {select}, cast(sum(c.participants) AS BIGINT) AS participants, round(sum(c.learning_hours), 1) AS learning_hours,
               cast(sum(c.records) AS BIGINT) AS records, string_agg(DISTINCT c.flag, ', ' ORDER BY c.flag) AS flags,
               list_sort(list_distinct(flatten(list(c.source_ids)))) AS source_ids
        FROM participation_cube c
        WHERE {participation_where()}
        GROUP BY {select} ORDER BY {select}
        """, participation_params(place_ids, countries, years, ages, themes))
    named = with_names(frame, lang)  # codes stay codes here: tables show their names (lcd.ui.localised)
    return named.drop(columns=[c for c in named.columns if c.endswith("_name")])


def has_places(table: str) -> bool:
    """True when a /data table has a place_id column (the places and countries filters then apply to it)."""
    return table in ("observations", "programs", "participation", "places") or "place_id" in columns_of(table)


@cached
def table_columns(table: str) -> pd.DataFrame:
    """The columns of a built table: column_name, data_type (for /data's filters and the console's schema)."""
    return db.fetch("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $t AND schema_name = 'main' "
                    "ORDER BY column_index", {"t": table})


@cached
def schema() -> pd.DataFrame:
    """The tables and columns a console query can read: table_name, column_name, data_type (the console's map of
    the data, beside its editor)."""
    return db.fetch("SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' "
                    "AND table_name IN (SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main') "
                    "ORDER BY table_name, column_index")


def columns_of(table: str) -> list[str]:
    return table_columns(table).column_name.tolist()


def _other_table(table: str, params: dict, lang: str) -> pd.DataFrame:
    """Every row of one more table of the contract, with its place named and filtered when it has places."""
    if "place_id" not in columns_of(table):
        return db.fetch(f"SELECT * FROM {table}")
    name = name_of("", lang)
    return db.fetch(
        f"""
        SELECT t.place_id, p.{name} AS place, t.* EXCLUDE (place_id) FROM {table} t LEFT JOIN places p USING (place_id)
        WHERE {among('t.place_id', 'places')} AND {among('p.country_iso', 'countries')}
        ORDER BY t.place_id
        """, {"places": params["places"], "countries": params["countries"]})
