"""Participation: the rollups (`participation_cube`, `participation_rates`), never the record table, so
their cost does not grow with the number of records; coverage; the published figures."""

from __future__ import annotations

import pandas as pd

from lcd import db
from lcd.queries.core import among, cached, in_list, name_of
from lcd.queries.programmes import programs
from lcd.queries.reference import code_names, places


def participation_where() -> str:
    return f"""
        {among('c.place_id', 'places')}
        AND {among('c.country_iso', 'countries')}
        AND c.year BETWEEN $y0 AND $y1
        AND {among('c.age_group', 'ages')}
        AND {among('c.theme', 'themes')}
    """


def participation_params(place_ids, countries, years, ages, themes) -> dict:
    return {"places": in_list(place_ids), "countries": in_list(countries), "y0": years[0], "y1": years[1],
            "ages": in_list(ages), "themes": in_list(themes)}


@cached
def participation_by(group: str, place_ids: tuple[str, ...], countries: tuple[str, ...], years: tuple[int, int],
                     ages: tuple[str, ...], themes: tuple[str, ...], lang: str = "en") -> pd.DataFrame:
    """Participants (persons) and learning hours summed from the rollup, one row per value of `group`:
    'place' (place_id, place), 'place_age' (+ age_group), 'place_year' (+ year), 'place_sex' (+ sex),
    'program' (program_id, program, place), 'sex', 'year'. Also records and flags (e.g. 'synthetic') and source_ids."""
    keys = {
        "place": ["place_id"],
        "place_age": ["place_id", "age_group"],
        "place_year": ["place_id", "year"],
        "program": ["program_id", "place_id"],
        "sex": ["sex"],
        "place_sex": ["place_id", "sex"],
        "year": ["year"],
    }[group]
    select = ", ".join(f"c.{k}" for k in keys)
    frame = db.fetch(
        f"""
        SELECT {select}, cast(sum(c.participants) AS BIGINT) AS participants, sum(c.learning_hours) AS learning_hours,
               cast(sum(c.records) AS BIGINT) AS records, string_agg(DISTINCT c.flag, ', ' ORDER BY c.flag) AS flags,
               list_sort(list_distinct(flatten(list(c.source_ids)))) AS source_ids
        FROM participation_cube c
        WHERE {participation_where()}
        GROUP BY {select}
        ORDER BY participants DESC
        """,
        participation_params(place_ids, countries, years, ages, themes),
    )
    return with_names(frame, lang)


def with_names(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Add place, program and age-group names in `lang` next to their codes."""
    if "place_id" in frame:
        frame["place"] = frame.place_id.map(places(lang).set_index("place_id").name)
    if "program_id" in frame:
        frame["program"] = frame.program_id.map(programs(lang).set_index("program_id").name)
    names = code_names(lang)
    for coded in ("age_group", "sex"):
        if coded in frame:
            frame[f"{coded}_name"] = frame[coded].map(names[coded])
    return frame


@cached
def participation_rates(place_ids: tuple[str, ...], countries: tuple[str, ...], years: tuple[int, int],
                        ages: tuple[str, ...], lang: str = "en") -> pd.DataFrame:
    """One row per place × year × age group: participants (all programmes, both sexes), residents of the
    age group (persons, with their basis and flag), rate_per_1000 (participants per 1,000 residents),
    flag of the participants. Themes do not apply: the rate counts every programme."""
    frame = db.fetch(
        f"""
        SELECT r.*, p.country_iso
        FROM participation_rates r JOIN places p USING (place_id)
        WHERE {among('r.place_id', 'places')}
          AND {among('p.country_iso', 'countries')}
          AND r.year BETWEEN $y0 AND $y1
          AND {among('r.age_group', 'ages')}
          AND r.population IS NOT NULL
        ORDER BY r.place_id, r.year, r.age_group
        """,
        {"places": in_list(place_ids), "countries": in_list(countries), "y0": years[0], "y1": years[1], "ages": in_list(ages)},
    )
    return with_names(frame, lang)


@cached
def program_coverage(place_ids: tuple[str, ...] | None, countries: tuple[str, ...], themes: tuple[str, ...],
                     year: int, lang: str = "en") -> pd.DataFrame:
    """One row per programme with participants in `year`: participants (persons, both sexes), the
    residents of its target age groups (persons), coverage_pct = participants ÷ target population × 100,
    flags and source_ids of the participants."""
    frame = db.fetch(
        f"""
        WITH part AS (
            SELECT program_id, place_id, cast(sum(participants) AS BIGINT) AS participants,
                   string_agg(DISTINCT flag, ', ') AS flags, list_sort(list_distinct(flatten(list(source_ids)))) AS source_ids
            FROM participation_cube c
            WHERE year = $year
              AND {among('c.place_id', 'places')}
              AND {among('c.country_iso', 'countries')}
              AND {among('c.theme', 'themes')}
            GROUP BY ALL
        ),
        targets AS (
            SELECT DISTINCT program_id, place_id, age_group
            FROM participation_cube WHERE year = $year
        ),
        target_population AS (
            SELECT t.program_id, cast(sum(a.population) AS BIGINT) AS target_population, any_value(a.basis) AS basis
            FROM targets t JOIN age_population a ON a.place_id = t.place_id AND a.age_group = t.age_group AND a.year = $year
            GROUP BY ALL
        )
        SELECT part.*, tp.target_population, tp.basis AS population_basis,
               100.0 * part.participants / nullif(tp.target_population, 0) AS coverage_pct
        FROM part JOIN target_population tp USING (program_id)
        ORDER BY coverage_pct DESC
        """,
        {"year": year, "places": in_list(place_ids), "countries": in_list(countries), "themes": in_list(themes)},
    )
    return with_names(frame, lang)


@cached
def participation_years() -> pd.DataFrame:
    """One row per year with participation records: year, participants (persons), flags."""
    return db.fetch("SELECT year, cast(sum(participants) AS BIGINT) AS participants, "
                    "string_agg(DISTINCT flag, ', ' ORDER BY flag) AS flags FROM participation_cube GROUP BY year ORDER BY year")


@cached
def published_figures(place_ids: tuple[str, ...] | None = None, lang: str = "en") -> pd.DataFrame:
    """One row per published participation figure (participation_reported) in the chosen places:
    place (in `lang`), year (None when undated), program_or_scope, program (name in `lang`, when it counts
    one programme), measure, value (in `unit`), age_group, qualifier, status (outturn or target), source_ids, quote, note."""
    return db.fetch(
        f"""
        SELECT r.place_id, p.{name_of('', lang)} AS place, r.country_iso, r.year, r.program_or_scope, r.program_id,
               g.{name_of('', lang)} AS program, r.measure, r.value, r.unit, r.age_group, r.qualifier, r.status,
               r.source_ids, r.quote, r.note
        FROM participation_reported r JOIN places p USING (place_id) LEFT JOIN programs g USING (program_id)
        WHERE {among('r.place_id', 'places')}
        ORDER BY r.year NULLS LAST, r.place_id, r.measure
        """,
        {"places": in_list(place_ids)},
    )
