"""Reference tables: places, indicators, vocabulary, sources, the network, build facts."""

from __future__ import annotations

import pandas as pd

from lcd import db
from lcd.queries.core import among, cached, in_list, name_of


@cached
def year_range() -> tuple[int, int]:
    """The first and last year any value or participation record has (projections included): the years a filter offers."""
    low, high = db.fetch("SELECT min(y), max(y) FROM (SELECT year AS y FROM observations UNION ALL "
                         "SELECT year FROM participation_cube)").iloc[0]
    return int(low), int(high)


@cached
def build_info() -> pd.DataFrame:
    """One row: built_at (UTC), data_version, row_counts (JSON), participation_source."""
    return db.fetch("SELECT built_at, data_version, row_counts, participation_source, previous_version FROM build_info")


@cached
def places(lang: str = "en") -> pd.DataFrame:
    """One row per place: place_id, name (in `lang`), name_en/zh/th, country_iso, level, parent_place_id,
    lat, lon (degrees), area_km2, gnlc_joined_year, unesco_award_year, programs (count), is_gnlc_member."""
    return db.fetch(f"SELECT *, {name_of('', lang)} AS name, {name_of('', lang)} AS place FROM places ORDER BY country_iso, name_en")


@cached
def vocabulary(lang: str = "en") -> pd.DataFrame:
    """One row per coded value: kind, code, name and description (in `lang`; the English description where
    none is written in it), description_en."""
    described = f"coalesce(nullif(description_{lang}, ''), description_en)" if lang != "en" else "description_en"
    return db.fetch(f"SELECT kind, code, {name_of('', lang)} AS name, {described} AS description, description_en "
                    "FROM vocabulary ORDER BY kind, code")


@cached
def code_names(lang: str = "en") -> dict[str, dict[str, str]]:
    """Display names of coded values in `lang`, by kind: code_names("th")["theme"]["digital"].
    Cached like the queries: every table, filter bar and export asks for it."""
    return {kind: dict(zip(part.code, part.name)) for kind, part in vocabulary(lang).groupby("kind")}


@cached
def indicators(lang: str = "en") -> pd.DataFrame:
    """One row per indicator: indicator_id, category, unit, name (in `lang`), definition_en."""
    return db.fetch(f"SELECT indicator_id, category, unit, {name_of('', lang)} AS name, definition_en FROM indicators")


@cached
def sources() -> pd.DataFrame:
    """One row per source: source_id, title, publisher, url, year_published, note."""
    return db.fetch("SELECT * FROM sources ORDER BY source_id")


@cached
def source_names(lang: str = "en") -> pd.DataFrame:
    """One row per source: source_id, name (its short name in `lang`, as a source line shows it), year."""
    return db.fetch(f"SELECT source_id, {name_of('', lang)} AS name, year FROM sources ORDER BY source_id")


@cached
def gnlc_growth() -> pd.DataFrame:
    """One row per country × year: members_joined that year and cumulative members (cities), for
    members with a known join year; plus unknown_join (members whose join year is not known)."""
    return db.fetch(
        """
        WITH members AS (SELECT * FROM gnlc_membership WHERE status = 'member'),
        known AS (
            SELECT country_iso, joined_year AS year, count(*) AS joined FROM members
            WHERE joined_year IS NOT NULL GROUP BY ALL
        ),
        unknown AS (
            SELECT country_iso, count(*) AS unknown_join FROM members WHERE joined_year IS NULL GROUP BY ALL
        )
        SELECT k.country_iso, k.year, k.joined,
               sum(k.joined) OVER (PARTITION BY k.country_iso ORDER BY k.year) AS members,
               coalesce(u.unknown_join, 0) AS unknown_join
        FROM known k LEFT JOIN unknown u USING (country_iso)
        ORDER BY k.country_iso, k.year
        """
    )


@cached
def gnlc_members(lang: str = "en") -> pd.DataFrame:
    """One row per GNLC member city (China, Thailand): city_en, country_iso, place_id (the member body),
    body (its name in `lang`), province_id and province (the place it lies in, for a Thai municipality),
    joined_year, award_year, note, source_ids."""
    return db.fetch(
        f"""
        SELECT m.*, b.{name_of('', lang)} AS body, parent.place_id AS province_id, parent.{name_of('', lang)} AS province
        FROM gnlc_membership m
        LEFT JOIN places b ON b.place_id = m.place_id
        LEFT JOIN places parent ON parent.place_id = b.parent_place_id AND parent.level = 'province'
        WHERE m.status = 'member'
        ORDER BY m.country_iso, m.city_en
        """
    )


@cached
def build_changes() -> pd.DataFrame:
    """One row per table and kind of change since the previous build: table_name, change (added, removed,
    changed), rows, examples (a few keys, each a list of key values). Empty when nothing changed or there
    was nothing to compare with (build_info.previous_version says which)."""
    return db.fetch("SELECT * FROM build_changes ORDER BY table_name, change")


@cached
def milestones(place_ids: tuple[str, ...] | None = None, lang: str = "en") -> pd.DataFrame:
    """One row per dated event of the chosen places: place_id, place (in `lang`), year, date_text (YYYY or
    YYYY-MM-DD), event_id, event (its name in `lang`, from the vocabulary; else the English text), source_ids."""
    return db.fetch(
        f"""
        SELECT m.place_id, p.{name_of('', lang)} AS place, m.year, m.date_text, m.event_id,
               coalesce(v.{name_of('', lang)}, m.event_en) AS event, m.source_ids
        FROM milestones m JOIN places p USING (place_id)
        LEFT JOIN vocabulary v ON v.kind = 'event' AND v.code = m.event_id
        WHERE {among('m.place_id', 'places')}
        ORDER BY m.date_text, m.place_id
        """,
        {"places": in_list(place_ids)},
    )


@cached
def network_places(lang: str = "en") -> pd.DataFrame:
    """The network's places (rows of `places`): those with a programme in this dataset or a GNLC membership,
    not countries, and a member municipality shown as its province (its own row left out)."""
    return db.fetch(
        f"""
        SELECT p.*, {name_of('', lang)} AS name, {name_of('', lang)} AS place FROM places p
        WHERE (p.programs > 0 OR p.is_gnlc_member) AND p.level NOT IN ('country', 'network')
          AND NOT coalesce(p.parent_place_id IN (SELECT place_id FROM places WHERE level = 'province'), false)
        ORDER BY p.country_iso, p.name_en
        """
    )
