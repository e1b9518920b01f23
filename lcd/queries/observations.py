"""Indicator values: series, headline values, cross-place comparisons, a place's indicators."""

from __future__ import annotations

import pandas as pd

from lcd import db
from lcd.queries.core import among, cached, in_list, name_of


@cached
def series(indicator_ids: tuple[str, ...], place_ids: tuple[str, ...], years: tuple[int, int], lang: str = "en") -> pd.DataFrame:
    """One row per place × indicator × basis × year × flag: value (in `unit`), basis, flag, series_id,
    source_ids, note, headline (the row is in the place's headline series), place name. Series never mix
    bases: `series_id` = place|indicator|basis."""
    return db.fetch(
        f"""
        SELECT o.place_id, p.{name_of('', lang)} AS place, o.indicator_id, o.year, o.value, o.unit, o.basis, o.flag,
               o.series_id, o.source_ids, o.note, o.headline, p.country_iso
        FROM observations o JOIN places p USING (place_id)
        WHERE o.indicator_id IN (SELECT unnest($indicators))
          AND o.place_id IN (SELECT unnest($places))
          AND o.year BETWEEN $y0 AND $y1
        ORDER BY o.place_id, o.indicator_id, o.basis, o.year, o.flag
        """,
        {"indicators": list(indicator_ids), "places": list(place_ids), "y0": years[0], "y1": years[1]},
    )


@cached
def latest_values(indicator_id: str, place_ids: tuple[str, ...] | None = None, lang: str = "en") -> pd.DataFrame:
    """One row per place: the latest value of its headline series of an indicator (the headline rule,
    `headline_rule.csv`: the best-ranked basis of its country that has a value, then the latest year, then
    the best flag; never a projection), in the indicator's unit, with year, basis, flag and source_ids."""
    return db.fetch(
        f"""
        SELECT o.place_id, p.{name_of('', lang)} AS place, p.country_iso, p.level, o.year, o.value, o.unit,
               o.basis, o.flag, o.source_ids
        FROM observations o JOIN places p USING (place_id)
        WHERE o.indicator_id = $indicator AND o.headline AND o.flag_rank IS NOT NULL
          AND {among('o.place_id', 'places')}
        QUALIFY row_number() OVER (PARTITION BY o.place_id ORDER BY o.year DESC, o.flag_rank) = 1
        ORDER BY o.value DESC
        """,
        {"indicator": indicator_id, "places": in_list(place_ids)},
    )


@cached
def indicator_values(indicator_id: str, place_ids: tuple[str, ...] | None = None, lang: str = "en") -> pd.DataFrame:
    """The values a cross-place comparison chooses from (lcd.comparable): one row per place × year × basis
    with its best flag (headline flags only: no projection), value in the indicator's unit, basis_rank,
    flag, source_ids, place name, country and level."""
    return db.fetch(
        f"""
        SELECT o.place_id, p.{name_of('', lang)} AS place, p.country_iso, p.level, o.year, o.value, o.unit,
               o.basis, o.basis_rank, o.flag, o.source_ids, o.headline
        FROM observations o JOIN places p USING (place_id)
        WHERE o.indicator_id = $indicator AND o.flag_rank IS NOT NULL AND p.country_iso IS NOT NULL
          AND {among('o.place_id', 'places')}
        QUALIFY row_number() OVER (PARTITION BY o.place_id, o.year, o.basis ORDER BY o.flag_rank) = 1
        ORDER BY o.place_id, o.year, o.basis_rank
        """,
        {"indicator": indicator_id, "places": in_list(place_ids)},
    )


@cached
def place_indicators(place_id: str, lang: str = "en") -> pd.DataFrame:
    """One row per indicator and basis of one place: its latest value (not a projection, best flag), year,
    unit, flag, source_ids, note, indicator name and category, and headline (the row is the indicator's
    headline value: its headline series); headline rows first."""
    return db.fetch(
        f"""
        SELECT o.indicator_id, i.{name_of('', lang)} AS indicator, i.category, o.basis, o.year, o.value, o.unit,
               o.flag, o.source_ids, o.note, o.headline
        FROM observations o JOIN indicators i USING (indicator_id)
        WHERE o.place_id = $place AND o.flag_rank IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY o.indicator_id, o.basis ORDER BY o.year DESC, o.flag_rank) = 1
        ORDER BY i.category, o.indicator_id, o.headline DESC, o.basis_rank
        """,
        {"place": place_id},
    )


@cached
def ageing_gap(countries: tuple[str, ...], lang: str = "en") -> pd.DataFrame:
    """The 60+ shares of places with at least one programme (lcd.comparable picks one per place; see
    indicator_values for the columns), with older_programmes (programmes aimed at older adults) and
    programmes (all). Places without programmes in this dataset are left out: that no programme is
    listed does not mean that none exists."""
    return db.fetch(
        f"""
        SELECT o.place_id, p.{name_of('', lang)} AS place, p.country_iso, p.level, o.year, o.value, o.unit,
               o.basis, o.basis_rank, o.flag, o.source_ids,
               (SELECT count(*) FROM programs g WHERE g.place_id = o.place_id AND g.target_age_group = 'older_adults') AS older_programmes,
               p.programs AS programmes
        FROM observations o JOIN places p USING (place_id)
        WHERE o.indicator_id = 'population_60plus_pct' AND o.flag_rank IS NOT NULL AND p.programs > 0
          AND p.level NOT IN ('country', 'network') AND {among('p.country_iso', 'countries')}
        QUALIFY row_number() OVER (PARTITION BY o.place_id, o.year, o.basis ORDER BY o.flag_rank) = 1
        ORDER BY o.place_id, o.year
        """,
        {"countries": in_list(countries)},
    )


@cached
def coverage_values(place_ids: tuple[str, ...] | None, countries: tuple[str, ...], categories: tuple[str, ...] | None,
                    lang: str = "en") -> pd.DataFrame:
    """What exists, for the coverage matrix: one row per place × indicator × year × basis with its best flag
    (projections included: flag_rank is then null), place (in `lang`), country_iso, indicator (in `lang`),
    category, value (in the indicator's unit), basis, basis_rank, flag, flag_rank, source_ids."""
    return db.fetch(
        f"""
        SELECT o.place_id, p.{name_of('', lang)} AS place, p.country_iso, p.level, o.indicator_id, i.{name_of('', lang)} AS indicator,
               o.category, o.unit, o.year, o.value, o.basis, o.basis_rank, o.flag, o.flag_rank, o.source_ids
        FROM observations o JOIN places p USING (place_id) JOIN indicators i USING (indicator_id)
        WHERE p.country_iso IS NOT NULL AND {among('o.place_id', 'places')} AND {among('p.country_iso', 'countries')}
          AND {among('o.category', 'categories')}
        QUALIFY row_number() OVER (PARTITION BY o.place_id, o.indicator_id, o.year, o.basis ORDER BY o.flag_rank NULLS LAST) = 1
        ORDER BY o.indicator_id, o.place_id, o.year
        """,
        {"places": in_list(place_ids), "countries": in_list(countries), "categories": in_list(categories)},
    )


@cached
def ageing_and_programmes(themes: tuple[str, ...], ages: tuple[str, ...], lang: str = "en") -> pd.DataFrame:
    """One row per network place × year with a value, for the moving-bubbles chart: share60 (percent) on the
    one basis the place has most years of (basis, flag), residents (total and aged 60+, from age_population,
    never a value carried from another year: population_basis, population_flag), programmes started by that
    year (known start years; `themes` narrows them), programmes_per_100k (per 100,000 aged 60+) and
    rate_per_1000 (participants per 1,000 residents of `ages`, rate_flag, usually synthetic), country_iso,
    place (in `lang`), source_ids. A year without a share, or without residents, has no row."""
    return db.fetch(
        f"""
        WITH network AS (
            SELECT place_id FROM places
            WHERE (programs > 0 OR is_gnlc_member) AND level NOT IN ('country', 'network')
        ),
        share AS (
            SELECT place_id, year, value, basis, flag, basis_rank, flag_rank, source_ids FROM observations
            WHERE indicator_id = 'population_60plus_pct' AND flag <> 'projection' AND place_id IN (SELECT place_id FROM network)
        ),
        chosen AS (
            SELECT place_id, basis FROM share GROUP BY place_id, basis
            QUALIFY row_number() OVER (PARTITION BY place_id ORDER BY count(DISTINCT year) DESC, min(basis_rank), basis) = 1
        ),
        one AS (
            SELECT * FROM share JOIN chosen USING (place_id, basis)
            QUALIFY row_number() OVER (PARTITION BY place_id, year ORDER BY flag_rank NULLS LAST) = 1
        ),
        residents AS (
            SELECT place_id, year, sum(population) AS population,
                   sum(population) FILTER (WHERE age_group IN ('age_60_64', 'age_65_plus')) AS aged,
                   any_value(basis) AS population_basis,
                   CASE WHEN bool_or(flag = 'estimate') THEN 'estimate' WHEN bool_or(flag = 'derived') THEN 'derived'
                        ELSE 'reported' END AS population_flag
            FROM age_population WHERE carried_from IS NULL GROUP BY place_id, year
        ),
        started AS (
            SELECT o.place_id, o.year, count(g.program_id) AS programmes FROM one o
            LEFT JOIN programs g ON g.place_id = o.place_id AND g.start_year <= o.year AND {among('g.theme', 'themes')}
            GROUP BY o.place_id, o.year
        ),
        rates AS (
            SELECT place_id, year, 1000 * sum(participants) / nullif(sum(population), 0) AS rate_per_1000,
                   CASE WHEN bool_or(flag = 'synthetic') THEN 'synthetic' ELSE 'reported' END AS rate_flag
            FROM participation_rates WHERE {among('age_group', 'ages')} GROUP BY place_id, year
        )
        SELECT o.place_id, p.{name_of('', lang)} AS place, p.country_iso, o.year, o.value AS share60, o.basis, o.flag,
               r.population, r.aged, r.population_basis, r.population_flag, s.programmes,
               1e5 * s.programmes / nullif(r.aged, 0) AS programmes_per_100k, t.rate_per_1000, t.rate_flag, o.source_ids
        FROM one o JOIN places p USING (place_id) JOIN residents r USING (place_id, year) JOIN started s USING (place_id, year)
        LEFT JOIN rates t USING (place_id, year)
        ORDER BY o.year, p.country_iso, o.place_id
        """,
        {"themes": in_list(themes), "ages": in_list(ages)},
    )
