"""Checks the marts must pass before a build is allowed to replace the live database.

Declared once, like dbt's schema tests: unique keys, not-null columns, relationships,
accepted values, and the project's own invariants (one basis per series, synthetic records
within the population). Each check is a query returning offending rows; any row fails the build.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from etl.contract import ENUMS
from etl.synth import ALLOWED, PERSON_MEASURES

UNIQUE = {
    "places": ("place_id",),
    "indicators": ("indicator_id",),
    "sources": ("source_id",),
    "programs": ("program_id",),
    "program_providers": ("program_id", "provider_type"),
    "observations": ("place_id", "indicator_id", "year", "basis", "flag"),
    "vocabulary": ("kind", "code"),
    "gnlc_membership": ("city_en",),
    "key_features": ("feature_id",),
    "age_population": ("place_id", "year", "age_group"),
    "participation_cube": ("program_id", "year", "age_group", "sex", "flag"),
    "participation_rates": ("place_id", "year", "age_group", "flag"),
}
NOT_NULL = {
    "places": ("place_id", "name_en", "name_zh", "name_th", "level"),
    "sources": ("source_id", "name_en", "name_zh", "name_th", "title"),
    "observations": ("place_id", "indicator_id", "year", "value", "unit", "basis", "flag", "source_ids"),
    "programs": ("program_id", "place_id", "theme", "target_age_group", "source_ids"),
    "participation_cube": ("participants", "learning_hours", "flag", "source_ids"),
    "age_population": ("population", "basis", "flag"),
}
RELATIONSHIPS = (
    ("observations", "place_id", "places", "place_id"),
    ("observations", "indicator_id", "indicators", "indicator_id"),
    ("programs", "place_id", "places", "place_id"),
    ("participation_cube", "program_id", "programs", "program_id"),
    ("participation_cube", "place_id", "places", "place_id"),
    ("age_population", "place_id", "places", "place_id"),
    ("milestones", "place_id", "places", "place_id"),
    ("participation_reported", "program_id", "programs", "program_id"),
    ("gnlc_membership", "place_id", "places", "place_id"),
    ("program_features", "program_id", "programs", "program_id"),
    ("place_conditions", "place_id", "places", "place_id"),
)
# Every table whose values must trace to a source.
SOURCED = ("places", "observations", "programs", "participation_cube", "participation_reported", "gnlc_membership",
           "key_features", "milestones", "age_population", "program_features", "place_conditions")
ACCEPTED = (
    ("observations", "flag", "flag"),
    ("observations", "basis", "basis"),
    ("participation_cube", "flag", "flag"),
    ("age_population", "flag", "flag"),
    ("age_population", "age_group", "age_group"),
    ("programs", "theme", "theme"),
)
INVARIANTS = {
    "one unit per series (place × indicator × basis)":
        "SELECT series_id FROM observations GROUP BY series_id HAVING count(DISTINCT unit) > 1",
    "one basis per place and year of age_population":
        "SELECT place_id, year FROM age_population GROUP BY ALL HAVING count(DISTINCT basis) > 1",
    "synthetic participants within the population of their age group":
        "SELECT place_id, year, age_group, participants, population FROM participation_rates "
        "WHERE flag = 'synthetic' AND participants > population",
    "synthetic participants only where a population is known":
        "SELECT place_id, year, age_group FROM participation_rates WHERE flag = 'synthetic' AND population IS NULL",
    "the residents aged 60+ of a place and year equal a count observed on the same basis":
        "SELECT a.place_id, a.year, a.basis, a.older, o.value FROM (SELECT place_id, year, basis, sum(population) AS older "
        "FROM age_population WHERE age_group <> 'age_0_59' GROUP BY ALL) a JOIN observations o ON o.place_id = a.place_id "
        "AND o.year = a.year AND o.basis = a.basis AND o.indicator_id = 'population_60plus_count' "
        "AND o.flag IN ('reported', 'derived') WHERE abs(a.older - o.value) > 0.005 * o.value",
    "one headline series per place and indicator":
        "SELECT place_id, indicator_id FROM observations WHERE headline GROUP BY ALL HAVING count(DISTINCT basis) > 1",
    "participation_cube adds up to its partitions' rollups":
        "SELECT 1 FROM (SELECT (SELECT coalesce(sum(participants), 0) FROM participation_parts) AS a, "
        "(SELECT coalesce(sum(participants), 0) FROM participation_cube) AS b) WHERE a <> b",
}


@dataclass(frozen=True)
class Failure:
    check: str
    count: int
    examples: list[tuple]

    def __str__(self) -> str:
        return f"check failed: {self.check}: {self.count} offending row(s), e.g. {self.examples}"


def _published_ranges() -> str:
    """Synthetic totals of a programme and year outside the range a published figure allows (etl.synth.ALLOWED)."""
    low = " ".join(f"WHEN '{q}' THEN {lo}" for q, (lo, _) in ALLOWED.items())
    high = " ".join(f"WHEN '{q}' THEN {hi}" for q, (_, hi) in ALLOWED.items())
    measures = ", ".join(f"'{m}'" for m in PERSON_MEASURES)
    return (
        "SELECT r.program_id, r.year, r.value, r.qualifier, s.participants FROM participation_reported r "
        "JOIN (SELECT program_id, year, sum(participants) AS participants FROM participation_cube WHERE flag = 'synthetic' "
        "GROUP BY ALL) s USING (program_id, year) "
        f"WHERE r.status = 'outturn' AND r.measure IN ({measures}) AND (s.participants < r.value * CASE r.qualifier {low} END "
        f"OR s.participants > r.value * CASE r.qualifier {high} END)")


def _queries() -> dict[str, str]:
    queries = {}
    for table, key in UNIQUE.items():
        cols = ", ".join(key)
        queries[f"{table}: unique ({cols})"] = f"SELECT {cols}, count(*) FROM {table} GROUP BY ALL HAVING count(*) > 1"
    for table, cols in NOT_NULL.items():
        for col in cols:
            queries[f"{table}.{col}: not null"] = f"SELECT * FROM {table} WHERE {col} IS NULL"
    for table, col, target, target_col in RELATIONSHIPS:
        queries[f"{table}.{col} → {target}.{target_col}"] = (
            f"SELECT {col} FROM {table} WHERE {col} IS NOT NULL AND {col} NOT IN (SELECT {target_col} FROM {target})")
    for table in SOURCED:
        queries[f"{table}.source_ids → sources"] = (
            f"SELECT s FROM (SELECT unnest(source_ids) AS s FROM {table}) WHERE s NOT IN (SELECT source_id FROM sources)")
    for table, col, enum in ACCEPTED:
        allowed = ", ".join(f"'{v}'" for v in ENUMS[enum])
        queries[f"{table}.{col}: accepted values"] = f"SELECT {col} FROM {table} WHERE {col} NOT IN ({allowed})"
    queries.update(INVARIANTS)
    queries["synthetic totals within the range of a published figure for the same programme and year"] = _published_ranges()
    return queries


def run_checks(con: duckdb.DuckDBPyConnection) -> list[Failure]:
    """Every failing check, with up to three offending rows each."""
    failures = []
    for name, sql in _queries().items():
        count = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
        if count:
            failures.append(Failure(name, count, con.execute(f"{sql} LIMIT 3").fetchall()))
    return failures
