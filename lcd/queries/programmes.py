"""Programmes: the list, themes × age groups, providers."""

from __future__ import annotations

import pandas as pd

from lcd import db
from lcd.queries.core import among, cached, in_list, name_of


@cached
def programs(lang: str = "en") -> pd.DataFrame:
    """One row per programme: program_id, name (in `lang`), place_id, country_iso, theme, target_age_group,
    provider_types (list), start_year, description_en (English only), verified, source_ids, note."""
    return db.fetch(f"SELECT *, {name_of('', lang)} AS name FROM programs ORDER BY program_id")


@cached
def program_matrix(place_ids: tuple[str, ...] | None, countries: tuple[str, ...], themes: tuple[str, ...],
                   lang: str = "en") -> pd.DataFrame:
    """One row per theme × target age group: programmes (count) in the chosen places, their names
    (programme_names, in `lang`) and source_ids."""
    return db.fetch(
        f"""
        SELECT theme, target_age_group, count(*) AS programmes, list({name_of('', lang)} ORDER BY program_id) AS programme_names,
               list_sort(list_distinct(flatten(list(source_ids)))) AS source_ids
        FROM programs
        WHERE {among('place_id', 'places')}
          AND {among('country_iso', 'countries')}
          AND {among('theme', 'themes')}
        GROUP BY ALL ORDER BY theme, target_age_group
        """,
        {"places": in_list(place_ids), "countries": in_list(countries), "themes": in_list(themes)},
    )


@cached
def programs_by_provider(place_ids: tuple[str, ...] | None, countries: tuple[str, ...], themes: tuple[str, ...]) -> pd.DataFrame:
    """One row per provider type × country: programmes (count) in which that kind of provider takes part, source_ids."""
    return db.fetch(
        f"""
        SELECT pp.provider_type, g.country_iso, count(*) AS programmes,
               list_sort(list_distinct(flatten(list(g.source_ids)))) AS source_ids
        FROM program_providers pp JOIN programs g USING (program_id)
        WHERE {among('g.place_id', 'places')}
          AND {among('g.country_iso', 'countries')}
          AND {among('g.theme', 'themes')}
        GROUP BY ALL ORDER BY programmes DESC
        """,
        {"places": in_list(place_ids), "countries": in_list(countries), "themes": in_list(themes)},
    )


@cached
def program_list(place_ids: tuple[str, ...] | None, countries: tuple[str, ...], themes: tuple[str, ...],
                 lang: str = "en") -> pd.DataFrame:
    """One row per programme in the chosen places, countries and themes: name and place (in `lang`),
    place_id, country_iso, theme, target_age_group, provider_types, start_year, description_en, verified, source_ids."""
    return db.fetch(
        f"""
        SELECT g.program_id, g.{name_of('', lang)} AS name, p.{name_of('', lang)} AS place, g.place_id, g.country_iso, g.theme,
               g.target_age_group, g.provider_types, g.start_year, g.description_en, g.verified, g.source_ids, g.note
        FROM programs g JOIN places p USING (place_id)
        WHERE {among('g.place_id', 'places')}
          AND {among('g.country_iso', 'countries')}
          AND {among('g.theme', 'themes')}
        ORDER BY g.country_iso, place, g.program_id
        """,
        {"places": in_list(place_ids), "countries": in_list(countries), "themes": in_list(themes)},
    )


@cached
def framework_tags(place_ids: tuple[str, ...] | None, countries: tuple[str, ...], themes: tuple[str, ...],
                   lang: str = "en") -> pd.DataFrame:
    """One row per programme × part of UNESCO's Key Features it serves (program_features): place_id, place
    (in `lang`), country_iso, program_id, program (in `lang`), theme, feature_id, feature (its name in `lang`),
    assessed_by, source_ids (the programme's sources, and the tag's own when a source states the link), note."""
    return db.fetch(
        f"""
        SELECT f.place_id, p.{name_of('', lang)} AS place, f.country_iso, f.program_id, g.{name_of('', lang)} AS program,
               g.theme, f.feature_id, coalesce(v.{name_of('', lang)}, f.subarea) AS feature, f.assessed_by,
               list_sort(list_distinct(list_concat(g.source_ids, coalesce(f.source_ids, []))))
                   AS source_ids,
               f.note
        FROM program_features f JOIN programs g USING (program_id) JOIN places p ON p.place_id = f.place_id
        LEFT JOIN vocabulary v ON v.kind = 'key_feature' AND v.code = f.feature_id
        WHERE {among('f.place_id', 'places')} AND {among('f.country_iso', 'countries')} AND {among('g.theme', 'themes')}
        ORDER BY f.country_iso, f.place_id, f.feature_id, f.program_id
        """,
        {"places": in_list(place_ids), "countries": in_list(countries), "themes": in_list(themes)},
    )


@cached
def key_features(lang: str = "en") -> pd.DataFrame:
    """The parts of UNESCO's Key Features of Learning Cities: feature_id, part (1 benefits, 2 building blocks,
    3 fundamental conditions), name (in `lang`), source_ids."""
    return db.fetch(
        f"""
        SELECT k.feature_id, split_part(k.feature_id, '.', 1) AS part, coalesce(v.{name_of('', lang)}, k.subarea, k.area) AS name,
               k.source_ids
        FROM key_features k LEFT JOIN vocabulary v ON v.kind = 'key_feature' AND v.code = k.feature_id
        ORDER BY k.feature_id
        """
    )


@cached
def place_conditions(place_ids: tuple[str, ...] | None, lang: str = "en") -> pd.DataFrame:
    """One row per fundamental condition (3.x) a source states for a place: place_id, place (in `lang`),
    feature_id, statement (English, as the source states it), source_ids."""
    return db.fetch(
        f"""
        SELECT c.place_id, p.{name_of('', lang)} AS place, c.feature_id, c.statement, c.source_ids
        FROM place_conditions c JOIN places p USING (place_id)
        WHERE {among('c.place_id', 'places')}
        ORDER BY c.place_id, c.feature_id, c.source_ids
        """,
        {"places": in_list(place_ids)},
    )
