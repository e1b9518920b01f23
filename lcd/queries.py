"""Every SQL the app runs, as named functions with bound parameters.

Each returns a DataFrame whose columns and units the docstring states. Participation queries
read the rollups (`participation_cube`, `participation_rates`), never the record table, so
their cost does not grow with the number of records. Results are cached per database
identity, so a rebuilt database is read on the next interaction without a restart.
"""

from __future__ import annotations

import functools
from typing import Callable

import pandas as pd
import streamlit as st

from lcd import db

NAME_LANGS = ("en", "zh", "th")


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
        token = st.session_state.get(overlay.SESSION_KEY)
    except Exception:  # no Streamlit session (scripts, benchmarks)
        token = None
    return token if token and overlay.exists(token) else db.source()


def _in(values) -> list:
    """A bound list parameter; an empty selection means 'no restriction' and is passed as NULL."""
    return list(values) if values else None


def _among(column: str, param: str) -> str:
    """SQL: `column` is one of the bound list `$param`, or `$param` is NULL (no restriction)."""
    return f"(${param} IS NULL OR {column} IN (SELECT unnest(${param})))"


def _name(prefix: str, lang: str) -> str:
    return f"{prefix}name_{lang if lang in NAME_LANGS else 'en'}"


@cached
def build_info() -> pd.DataFrame:
    """One row: built_at (UTC), data_version, row_counts (JSON), participation_source."""
    return db.fetch("SELECT built_at, data_version, row_counts, participation_source FROM build_info")


@cached
def places(lang: str = "en") -> pd.DataFrame:
    """One row per place: place_id, name (in `lang`), name_en/zh/th, country_iso, level, parent_place_id,
    lat, lon (degrees), area_km2, gnlc_joined_year, unesco_award_year, programs (count), is_gnlc_member."""
    return db.fetch(f"SELECT *, {_name('', lang)} AS name, {_name('', lang)} AS place FROM places ORDER BY country_iso, name_en")


@cached
def vocabulary(lang: str = "en") -> pd.DataFrame:
    """One row per coded value: kind, code, name (in `lang`), description_en."""
    return db.fetch(f"SELECT kind, code, {_name('', lang)} AS name, description_en FROM vocabulary ORDER BY kind, code")


@cached
def code_names(lang: str = "en") -> dict[str, dict[str, str]]:
    """Display names of coded values in `lang`, by kind: code_names("th")["theme"]["digital"].
    Cached like the queries: every table, filter bar and export asks for it."""
    return {kind: dict(zip(part.code, part.name)) for kind, part in vocabulary(lang).groupby("kind")}


@cached
def indicators(lang: str = "en") -> pd.DataFrame:
    """One row per indicator: indicator_id, category, unit, name (in `lang`), definition_en."""
    return db.fetch(f"SELECT indicator_id, category, unit, {_name('', lang)} AS name, definition_en FROM indicators")


@cached
def sources() -> pd.DataFrame:
    """One row per source: source_id, title, publisher, url, year_published, note."""
    return db.fetch("SELECT * FROM sources ORDER BY source_id")


@cached
def series(indicator_ids: tuple[str, ...], place_ids: tuple[str, ...], years: tuple[int, int], lang: str = "en") -> pd.DataFrame:
    """One row per place × indicator × basis × year × flag: value (in `unit`), basis, flag, series_id,
    source_ids, note, headline (the row is in the place's headline series), place name. Series never mix
    bases: `series_id` = place|indicator|basis."""
    return db.fetch(
        f"""
        SELECT o.place_id, p.{_name('', lang)} AS place, o.indicator_id, o.year, o.value, o.unit, o.basis, o.flag,
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
        SELECT o.place_id, p.{_name('', lang)} AS place, p.country_iso, p.level, o.year, o.value, o.unit,
               o.basis, o.flag, o.source_ids
        FROM observations o JOIN places p USING (place_id)
        WHERE o.indicator_id = $indicator AND o.headline AND o.flag_rank IS NOT NULL
          AND {_among('o.place_id', 'places')}
        QUALIFY row_number() OVER (PARTITION BY o.place_id ORDER BY o.year DESC, o.flag_rank) = 1
        ORDER BY o.value DESC
        """,
        {"indicator": indicator_id, "places": _in(place_ids)},
    )


@cached
def indicator_values(indicator_id: str, place_ids: tuple[str, ...] | None = None, lang: str = "en") -> pd.DataFrame:
    """The values a cross-place comparison chooses from (lcd.comparable): one row per place × year × basis
    with its best flag (headline flags only: no projection), value in the indicator's unit, basis_rank,
    flag, source_ids, place name, country and level."""
    return db.fetch(
        f"""
        SELECT o.place_id, p.{_name('', lang)} AS place, p.country_iso, p.level, o.year, o.value, o.unit,
               o.basis, o.basis_rank, o.flag, o.source_ids, o.headline
        FROM observations o JOIN places p USING (place_id)
        WHERE o.indicator_id = $indicator AND o.flag_rank IS NOT NULL AND p.country_iso IS NOT NULL
          AND {_among('o.place_id', 'places')}
        QUALIFY row_number() OVER (PARTITION BY o.place_id, o.year, o.basis ORDER BY o.flag_rank) = 1
        ORDER BY o.place_id, o.year, o.basis_rank
        """,
        {"indicator": indicator_id, "places": _in(place_ids)},
    )


@cached
def place_indicators(place_id: str, lang: str = "en") -> pd.DataFrame:
    """One row per indicator and basis of one place: its latest value (not a projection, best flag), year,
    unit, flag, source_ids, note, indicator name and category, and headline (the row is the indicator's
    headline value: its headline series); headline rows first."""
    return db.fetch(
        f"""
        SELECT o.indicator_id, i.{_name('', lang)} AS indicator, i.category, o.basis, o.year, o.value, o.unit,
               o.flag, o.source_ids, o.note, o.headline
        FROM observations o JOIN indicators i USING (indicator_id)
        WHERE o.place_id = $place AND o.flag_rank IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY o.indicator_id, o.basis ORDER BY o.year DESC, o.flag_rank) = 1
        ORDER BY i.category, o.indicator_id, o.headline DESC, o.basis_rank
        """,
        {"place": place_id},
    )


def _participation_where() -> str:
    return f"""
        {_among('c.place_id', 'places')}
        AND {_among('c.country_iso', 'countries')}
        AND c.year BETWEEN $y0 AND $y1
        AND {_among('c.age_group', 'ages')}
        AND {_among('c.theme', 'themes')}
    """


def _participation_params(place_ids, countries, years, ages, themes) -> dict:
    return {"places": _in(place_ids), "countries": _in(countries), "y0": years[0], "y1": years[1],
            "ages": _in(ages), "themes": _in(themes)}


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
        WHERE {_participation_where()}
        GROUP BY {select}
        ORDER BY participants DESC
        """,
        _participation_params(place_ids, countries, years, ages, themes),
    )
    return _with_names(frame, lang)


def _with_names(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
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
        WHERE {_among('r.place_id', 'places')}
          AND {_among('p.country_iso', 'countries')}
          AND r.year BETWEEN $y0 AND $y1
          AND {_among('r.age_group', 'ages')}
          AND r.population IS NOT NULL
        ORDER BY r.place_id, r.year, r.age_group
        """,
        {"places": _in(place_ids), "countries": _in(countries), "y0": years[0], "y1": years[1], "ages": _in(ages)},
    )
    return _with_names(frame, lang)


@cached
def programs(lang: str = "en") -> pd.DataFrame:
    """One row per programme: program_id, name (in `lang`), place_id, country_iso, theme, target_age_group,
    provider_types (list), start_year, description_en (English only), verified, source_ids, note."""
    return db.fetch(f"SELECT *, {_name('', lang)} AS name FROM programs ORDER BY program_id")


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
              AND {_among('c.place_id', 'places')}
              AND {_among('c.country_iso', 'countries')}
              AND {_among('c.theme', 'themes')}
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
        {"year": year, "places": _in(place_ids), "countries": _in(countries), "themes": _in(themes)},
    )
    return _with_names(frame, lang)


@cached
def program_matrix(place_ids: tuple[str, ...] | None, countries: tuple[str, ...], themes: tuple[str, ...],
                   lang: str = "en") -> pd.DataFrame:
    """One row per theme × target age group: programmes (count) in the chosen places, their names
    (programme_names, in `lang`) and source_ids."""
    return db.fetch(
        f"""
        SELECT theme, target_age_group, count(*) AS programmes, list({_name('', lang)} ORDER BY program_id) AS programme_names,
               list_sort(list_distinct(flatten(list(source_ids)))) AS source_ids
        FROM programs
        WHERE {_among('place_id', 'places')}
          AND {_among('country_iso', 'countries')}
          AND {_among('theme', 'themes')}
        GROUP BY ALL ORDER BY theme, target_age_group
        """,
        {"places": _in(place_ids), "countries": _in(countries), "themes": _in(themes)},
    )


@cached
def programs_by_provider(place_ids: tuple[str, ...] | None, countries: tuple[str, ...], themes: tuple[str, ...]) -> pd.DataFrame:
    """One row per provider type × country: programmes (count) in which that kind of provider takes part, source_ids."""
    return db.fetch(
        f"""
        SELECT pp.provider_type, g.country_iso, count(*) AS programmes,
               list_sort(list_distinct(flatten(list(g.source_ids)))) AS source_ids
        FROM program_providers pp JOIN programs g USING (program_id)
        WHERE {_among('g.place_id', 'places')}
          AND {_among('g.country_iso', 'countries')}
          AND {_among('g.theme', 'themes')}
        GROUP BY ALL ORDER BY programmes DESC
        """,
        {"places": _in(place_ids), "countries": _in(countries), "themes": _in(themes)},
    )


@cached
def ageing_gap(countries: tuple[str, ...], lang: str = "en") -> pd.DataFrame:
    """The 60+ shares of places with at least one programme (lcd.comparable picks one per place; see
    indicator_values for the columns), with older_programmes (programmes aimed at older adults) and
    programmes (all). Places without programmes in this dataset are left out: that no programme is
    listed does not mean that none exists."""
    return db.fetch(
        f"""
        SELECT o.place_id, p.{_name('', lang)} AS place, p.country_iso, p.level, o.year, o.value, o.unit,
               o.basis, o.basis_rank, o.flag, o.source_ids,
               (SELECT count(*) FROM programs g WHERE g.place_id = o.place_id AND g.target_age_group = 'older_adults') AS older_programmes,
               p.programs AS programmes
        FROM observations o JOIN places p USING (place_id)
        WHERE o.indicator_id = 'population_60plus_pct' AND o.flag_rank IS NOT NULL AND p.programs > 0
          AND p.level NOT IN ('country', 'network') AND {_among('p.country_iso', 'countries')}
        QUALIFY row_number() OVER (PARTITION BY o.place_id, o.year, o.basis ORDER BY o.flag_rank) = 1
        ORDER BY o.place_id, o.year
        """,
        {"countries": _in(countries)},
    )


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
        SELECT m.*, b.{_name('', lang)} AS body, parent.place_id AS province_id, parent.{_name('', lang)} AS province
        FROM gnlc_membership m
        LEFT JOIN places b ON b.place_id = m.place_id
        LEFT JOIN places parent ON parent.place_id = b.parent_place_id AND parent.level = 'province'
        WHERE m.status = 'member'
        ORDER BY m.country_iso, m.city_en
        """
    )


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
        SELECT r.place_id, p.{_name('', lang)} AS place, r.country_iso, r.year, r.program_or_scope, r.program_id,
               g.{_name('', lang)} AS program, r.measure, r.value, r.unit, r.age_group, r.qualifier, r.status,
               r.source_ids, r.quote, r.note
        FROM participation_reported r JOIN places p USING (place_id) LEFT JOIN programs g USING (program_id)
        WHERE {_among('r.place_id', 'places')}
        ORDER BY r.year NULLS LAST, r.place_id, r.measure
        """,
        {"places": _in(place_ids)},
    )


@cached
def source_names(lang: str = "en") -> pd.DataFrame:
    """One row per source: source_id, name (its short name in `lang`, as a source line shows it), year."""
    return db.fetch(f"SELECT source_id, {_name('', lang)} AS name, year FROM sources ORDER BY source_id")


@cached
def program_list(place_ids: tuple[str, ...] | None, countries: tuple[str, ...], themes: tuple[str, ...],
                 lang: str = "en") -> pd.DataFrame:
    """One row per programme in the chosen places, countries and themes: name and place (in `lang`),
    place_id, country_iso, theme, target_age_group, provider_types, start_year, description_en, verified, source_ids."""
    return db.fetch(
        f"""
        SELECT g.program_id, g.{_name('', lang)} AS name, p.{_name('', lang)} AS place, g.place_id, g.country_iso, g.theme,
               g.target_age_group, g.provider_types, g.start_year, g.description_en, g.verified, g.source_ids, g.note
        FROM programs g JOIN places p USING (place_id)
        WHERE {_among('g.place_id', 'places')}
          AND {_among('g.country_iso', 'countries')}
          AND {_among('g.theme', 'themes')}
        ORDER BY g.country_iso, place, g.program_id
        """,
        {"places": _in(place_ids), "countries": _in(countries), "themes": _in(themes)},
    )


DATA_TABLES = ("observations", "programs", "participation", "places", "sources")
GRAINS = {"place": "place_id", "year": "year", "age_group": "age_group", "sex": "sex", "program": "program_id", "theme": "theme"}


@cached
def data_table(table: str, place_ids: tuple[str, ...], countries: tuple[str, ...], years: tuple[int, int],
               ages: tuple[str, ...], themes: tuple[str, ...], grain: tuple[str, ...] = ("place", "year"),
               lang: str = "en") -> pd.DataFrame:
    """The researcher's view of one table under the shared filters (see each branch for its rows).

    observations: one row per place × indicator × year × basis × flag (value in `unit`);
    programs: one row per programme; participation: participants (persons), learning_hours (hours)
    and records summed at `grain` (any of place, year, age_group, sex, program, theme), with flags and
    source_ids; places: one row per place; sources: one row per source. `table` and `grain` come from
    fixed lists, never from SQL text."""
    if table not in DATA_TABLES:
        raise ValueError(f"unknown table {table!r}")
    params = {"places": _in(place_ids), "countries": _in(countries), "y0": years[0], "y1": years[1]}
    name = _name("", lang)
    if table == "observations":
        return db.fetch(
            f"""
            SELECT o.place_id, p.{name} AS place, o.indicator_id, i.{name} AS indicator, o.year, o.value, o.unit,
                   o.basis, o.flag, o.source_ids, o.note
            FROM observations o JOIN places p USING (place_id) JOIN indicators i USING (indicator_id)
            WHERE {_among('o.place_id', 'places')}
              AND {_among('p.country_iso', 'countries')}
              AND o.year BETWEEN $y0 AND $y1
            ORDER BY o.place_id, o.indicator_id, o.basis, o.year
            """, params)
    if table == "programs":
        return program_list.uncached(place_ids or None, countries, themes, lang)
    if table == "places":
        return db.fetch(
            f"""
            SELECT place_id, {name} AS place, name_en, name_zh, name_th, country_iso, level, parent_place_id, lat, lon,
                   area_km2, area_source_id, gnlc_status, gnlc_member_place_id, gnlc_joined_year, unesco_award_year,
                   programs, source_ids
            FROM places
            WHERE {_among('place_id', 'places')}
              AND {_among('country_iso', 'countries')}
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
        WHERE {_participation_where()}
        GROUP BY {select} ORDER BY {select}
        """, _participation_params(place_ids, countries, years, ages, themes))
    named = _with_names(frame, lang)  # codes stay codes here: tables show their names (lcd.ui.localised)
    return named.drop(columns=[c for c in named.columns if c.endswith("_name")])
