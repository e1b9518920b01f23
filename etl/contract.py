"""The data contract: every raw table, its columns, types, units, allowed values and keys.

This is the one declaration that the reader, the validator, the tests and the data
documentation (`data/README.md`) all follow. A file that meets it builds; one that does
not is reported, row by row, before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Allowed values of the coded columns. Display names live in data/raw/vocabulary.csv.
ENUMS: dict[str, tuple[str, ...]] = {
    "theme": (
        "culture", "digital", "elderly_health", "green_esd",
        "intergenerational", "literacy", "vocational", "other",
    ),
    "target_age_group": ("all", "children", "youth", "adults", "older_adults"),
    "age_group": ("age_0_59", "age_60_64", "age_65_plus"),
    "sex": ("female", "male"),
    "provider_type": (
        "community", "community_college", "community_school", "elderly_care_institution",
        "elderly_university", "enterprise", "multi_stakeholder", "municipality",
        "national_agency", "national_fund", "ngo", "provincial_admin", "school", "temple",
        "tv_broadcaster", "university", "vocational_school",
    ),
    "basis": (
        "hukou", "resident", "census", "nbs", "dopa_registration", "registered",
        "dopa_thai_nationals", "dopa_model_calibrated", "wpp_estimate", "wb_estimate",
        "survey", "administrative", "unspecified", "participation_records",
    ),
    "flag": ("reported", "derived", "estimate", "projection", "synthetic"),
    "category": ("population", "ageing", "learning_system", "network", "participation"),
    "level": ("network", "country", "municipality", "district", "province", "city", "subdistrict"),
    "country": ("CN", "TH"),
    "membership": ("member", "not_member"),
    # published participation figures (participation_reported.csv)
    "measure": (
        "learners", "participants", "enrolments", "participation_rate_pct", "registered_users", "visits",
        "institutions", "classes", "courses", "study_places", "activities", "projects",
    ),
    "reported_age_group": ("older_adults", "adults", "children_youth", "all_ages"),
    "qualifier": ("exact", "about", "more_than", "cumulative"),
    "figure_status": ("outturn", "target"),
    "ranked": ("basis", "flag"),  # what a row of headline_rule.csv ranks
    "assessor": ("project", "source"),  # who linked a programme to a part of UNESCO's framework
}
# Kinds that have display names in vocabulary.csv but no fixed list of values: units are free text
# (a new unit is allowed and shown as written until it gets names); events and key features are named by their own tables' ids.
NAMED_ONLY = ("unit", "event", "key_feature")
ENUMS["kind"] = tuple(ENUMS) + NAMED_ONLY  # vocabulary.csv names the kinds above

YEAR_MIN, YEAR_MAX = 1900, 2100

TYPE_SQL = {"text": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "year": "INTEGER"}
TYPE_WORDS = {
    "text": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "year": f"a year ({YEAR_MIN}–{YEAR_MAX})",
}


@dataclass(frozen=True)
class Column:
    """One column of a raw table."""

    name: str
    type: str
    description: str
    required: bool = True
    enum: str | None = None  # key into ENUMS
    enum_by: str | None = None  # the value must be in ENUMS[<value of this other column>]
    ref: str | None = None  # "table.column" that every value must exist in
    multi: bool = False  # several values separated by ";"
    min: float | None = None
    max: float | None = None
    unit: str = ""

    @property
    def sql_type(self) -> str:
        return TYPE_SQL[self.type]

    @property
    def read_type(self) -> str:
        """Type to read the file with: whole numbers are read as DOUBLE so that `12.5` is
        reported rather than silently rounded (DuckDB's cast to BIGINT rounds)."""
        return "DOUBLE" if self.type in ("int", "year") else self.sql_type

    def bounds(self) -> tuple[float | None, float | None]:
        if self.type == "year":
            return (YEAR_MIN if self.min is None else self.min, YEAR_MAX if self.max is None else self.max)
        return (self.min, self.max)


@dataclass(frozen=True)
class RowRule:
    """A rule on one row that involves more than one column, written as SQL over the raw table."""

    column: str
    bad_when: str  # SQL condition, true for a bad row; uses only contract column names
    message: str


@dataclass(frozen=True)
class Table:
    """One raw table: a file `<name>.csv` (or `<name>.xlsx`) in the raw folder."""

    name: str
    grain: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    optional: bool = False  # the build can run without this file
    min_rows: int = 1
    rules: tuple[RowRule, ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _source(required: bool = True) -> Column:
    return Column(
        "source_id", "text",
        "Source ids from sources.csv, separated by ';'.",
        required=required, ref="sources.source_id", multi=True,
    )


def _names() -> tuple[Column, ...]:
    """The name of a thing in the three languages of the dashboard."""
    return (
        Column("name_en", "text", "English name."),
        Column("name_zh", "text", "Simplified Chinese name."),
        Column("name_th", "text", "Thai name."),
    )


SOURCES = Table(
    "sources", "one source: a document, dataset or page a value was read from",
    (
        Column("source_id", "text", "Short unique id, e.g. `S25` or `unwpp2024_mapstor`."),
        Column("name_en", "text", "Short name a chart's source line shows, without a year, e.g. `Thai civil registration (DOPA)`."),
        Column("name_zh", "text", "The short name in Simplified Chinese."),
        Column("name_th", "text", "The short name in Thai."),
        Column("year", "year", "The year a source line shows beside the name: a yearbook's edition, a dataset's reference year, "
                               "else the year of publication; empty when no single year applies.", required=False),
        Column("title", "text", "Title of the document or dataset."),
        Column("publisher", "text", "Who published it.", required=False),
        Column("url", "text", "Where it can be read (may be empty for print sources; then say so in `note`).", required=False),
        Column("year_published", "text", "Year of publication or access, as printed (may be a range or empty).", required=False),
        Column("note", "text", "What was read, caveats, licence.", required=False),
    ),
    key=("source_id",),
)

PLACES = Table(
    "places", "one place: a country, municipality, district, province, city or the GNLC network",
    (
        Column("place_id", "text", "Short ASCII id used in URLs, e.g. `udon_thani`."),
        *_names(),
        Column("country_iso", "text", "ISO country code; empty only for the `network` level.", required=False, enum="country"),
        Column("level", "text", "Kind of place.", enum="level"),
        Column("parent_place_id", "text", "The place this one belongs to (a district's municipality, a province's country).", required=False, ref="places.place_id"),
        Column("lat", "float", "Latitude (WGS84) of the centre; see `source_id` `approx` for approximate points.", required=False, min=-90, max=90, unit="degrees"),
        Column("lon", "float", "Longitude (WGS84) of the centre.", required=False, min=-180, max=180, unit="degrees"),
        Column("area_km2", "float", "Land area.", required=False, min=0, max=2e7, unit="km²"),
        Column("area_source_id", "text", "The source of `area_km2`; required when an area is given.", required=False,
               ref="sources.source_id"),
        Column("source_id", "text", "Sources of the names and coordinates, separated by ';'.", ref="sources.source_id", multi=True),
        Column("note", "text", "How names or points were checked, variants not used, doubts.", required=False),
    ),
    key=("place_id",),
    rules=(
        RowRule("area_source_id", "area_km2 IS NOT NULL AND area_source_id IS NULL",
                "an area without its source (expected the source of area_km2 in area_source_id)"),
    ),
)

INDICATORS = Table(
    "indicators", "one indicator: what a value in observations measures",
    (
        Column("indicator_id", "text", "Short ASCII id, e.g. `population_60plus_pct`."),
        Column("category", "text", "Group the indicator belongs to.", enum="category"),
        Column("unit", "text", "Unit of every value of this indicator, e.g. `percent`, `persons`."),
        *_names(),
        Column("definition_en", "text", "What is counted, for whom, and known caveats."),
    ),
    key=("indicator_id",),
)

OBSERVATIONS = Table(
    "observations", "one value of one indicator for one place and year, on one basis, with one quality flag",
    (
        Column("place_id", "text", "The place.", ref="places.place_id"),
        Column("year", "year", "Calendar year (CE) the value refers to."),
        Column("indicator_id", "text", "What is measured.", ref="indicators.indicator_id"),
        Column("value", "float", "The value, in `unit`. Never negative; at most 10^15.", min=0, max=1e15),
        Column("unit", "text", "Unit as reported, with qualifiers such as `(more than)` when the source gives a bound."),
        Column("basis", "text", "Which population the value counts. Never mix two bases in one series.", enum="basis"),
        Column("flag", "text", "Quality of the value.", enum="flag"),
        _source(),
        Column("note", "text", "Definition used, how a derived value was computed, doubts.", required=False),
    ),
    key=("place_id", "indicator_id", "year", "basis", "flag"),
    rules=(
        RowRule("value", "unit = 'percent' AND value > 100", "a percentage over 100 (expected 0–100)"),
    ),
)

PROGRAMS = Table(
    "programs", "one learning-city programme or initiative in one place",
    (
        Column("program_id", "text", "Short ASCII id."),
        Column("place_id", "text", "Where it runs.", ref="places.place_id"),
        *_names(),
        Column("theme", "text", "Main theme.", enum="theme"),
        Column("target_age_group", "text", "Who it is for.", enum="target_age_group"),
        Column("provider_type", "text", "Kinds of provider, separated by ';'.", enum="provider_type", multi=True),
        Column("start_year", "year", "Year it started, if known.", required=False),
        Column("description_en", "text", "What it does."),
        Column("verified", "bool", "`false` when the description comes from a single news item not confirmed elsewhere."),
        _source(),
        Column("note", "text", "Caveats and coding decisions.", required=False),
    ),
    key=("program_id",),
)

PARTICIPATION = Table(
    "participation",
    "one participation record: the learners of one programme, year, age group and sex in one class, course or event "
    "(records are additive; there is no key)",
    (
        Column("program_id", "text", "The programme.", ref="programs.program_id"),
        Column("place_id", "text", "Where the learners live and learn.", ref="places.place_id"),
        Column("year", "year", "Calendar year (CE)."),
        Column("age_group", "text", "Age band of the learners.", enum="age_group"),
        Column("sex", "text", "Sex of the learners.", enum="sex"),
        Column("participants", "int", "Number of distinct learners in the record.", min=0, max=1e9, unit="persons"),
        Column("learning_hours", "float", "Total learning hours of these learners.", min=0, max=1e12, unit="hours"),
        Column("flag", "text", "`synthetic` for generated demonstration records, `reported` for real ones.", enum="flag"),
        _source(),
    ),
    optional=True,
    min_rows=0,
)

GNLC_MEMBERSHIP = Table(
    "gnlc_membership", "one Chinese or Thai city and its status in UNESCO's Global Network of Learning Cities (GNLC)",
    (
        Column("city_en", "text", "The city as the network lists it (the member body is named in `note`)."),
        Column("country_iso", "text", "Country.", enum="country"),
        Column("place_id", "text", "The member body's place, if it is in places.csv (e.g. `tak_town`, Tak Town Municipality, "
                                   "in Tak province).", required=False, ref="places.place_id"),
        Column("status", "text", "`member`, or `not_member` for a city listed here because sources discuss it.", enum="membership"),
        Column("joined_year", "year", "Year it joined, if known.", required=False),
        Column("award_year", "year", "Year of a UNESCO Learning City Award.", required=False),
        _source(),
        Column("note", "text", "Member body, dates, doubts.", required=False),
    ),
    key=("city_en",),
)

KEY_FEATURES = Table(
    "key_features", "one area or sub-area of UNESCO's Key Features of Learning Cities framework (top two levels)",
    (
        Column("feature_id", "text", "Outline number, e.g. `2.3`."),
        Column("area", "text", "Top-level area."),
        Column("subarea", "text", "Sub-area (empty on an area row).", required=False),
        Column("feature_text_en", "text", "Text of the feature."),
        Column("example_indicator", "text", "An example measure, if the framework gives one.", required=False),
        _source(),
    ),
    key=("feature_id",),
)

PARTICIPATION_REPORTED = Table(
    "participation_reported",
    "one published participation figure: one measure of one programme or scope in one place, in a year where the source dates it",
    (
        Column("place_id", "text", "The place the figure is for.", ref="places.place_id"),
        Column("year", "year", "Year the figure refers to; empty when the source does not date it (the note gives the likely period).",
               required=False),
        Column("program_or_scope", "text", "What is counted, in the source's terms (a programme, an institution, a network)."),
        Column("program_id", "text", "The programme of programs.csv the figure counts, when it counts one.", required=False,
               ref="programs.program_id"),
        Column("measure", "text", "What kind of count: persons (`learners`, `participants`), `enrolments` (once per course), "
                                  "`visits`, `registered_users`, institutions… Figures of different measures are never added.",
               enum="measure"),
        Column("value", "float", "The figure, in `unit`.", min=0, max=1e12),
        Column("unit", "text", "The unit in the source's terms, e.g. `persons`, `students`, `person-enrolments (人次)`."),
        Column("age_group", "text", "Who is counted.", enum="reported_age_group"),
        Column("qualifier", "text", "`exact`, `about`, `more_than` (the source gives a lower bound) or `cumulative` (a total to date).",
               enum="qualifier"),
        Column("status", "text", "`outturn` (what happened) or `target` (a plan's goal, never shown as participation).",
               enum="figure_status"),
        _source(),
        Column("quote", "text", "The source's own words.", required=False),
        Column("note", "text", "Reference period, definition, doubts.", required=False),
    ),
    optional=True,
    min_rows=0,
)

MILESTONES = Table(
    "milestones", "one dated event for a place (network joins, awards, laws, exchanges)",
    (
        Column("place_id", "text", "The place.", ref="places.place_id"),
        Column("date", "text", "`YYYY` or `YYYY-MM-DD`."),
        Column("event_id", "text", "Kind of event, e.g. `gnlc_joined`."),
        Column("event_en", "text", "What happened."),
        _source(),
    ),
    key=("place_id", "date", "event_id"),
    rules=(
        RowRule("date", "NOT regexp_full_match(date, '\\d{4}(-\\d{2}-\\d{2})?')", "not a date (expected YYYY or YYYY-MM-DD)"),
    ),
)

VOCABULARY = Table(
    "vocabulary", "the display name of one coded value (a theme, age group, basis, flag…) in three languages",
    (
        Column("kind", "text", "Which coded column the value belongs to.", enum="kind"),
        Column("code", "text", "The code as it appears in the data; one of the allowed values of `kind` (any text for `unit`).", enum_by="kind"),
        *_names(),
        Column("description_en", "text", "One sentence explaining the code."),
        Column("description_zh", "text", "The explanation in Chinese (where it is written; else the English one is shown).",
               required=False),
        Column("description_th", "text", "The explanation in Thai (where it is written; else the English one is shown).",
               required=False),
    ),
    key=("kind", "code"),
)

PROGRAM_FEATURES = Table(
    "program_features",
    "one part of UNESCO's Key Features of Learning Cities that one programme serves: a building block (2.x) or an "
    "area of benefit (1.x), and who assessed it",
    (
        Column("program_id", "text", "The programme.", ref="programs.program_id"),
        Column("feature_id", "text", "The building block or area of benefit, a `feature_id` of key_features.csv.",
               ref="key_features.feature_id"),
        Column("assessed_by", "text", "`project`: this project's reading of the programme's description; `source`: a source "
                                      "states the link (then `source_id` names it). Never UNESCO's own assessment.",
               enum="assessor"),
        Column("source_id", "text", "The source that states the link, when `assessed_by` is `source`.", required=False,
               ref="sources.source_id"),
        Column("note", "text", "Why: the words of the description or source that the tag rests on.", required=False),
    ),
    key=("program_id", "feature_id"),
    optional=True,
    min_rows=0,
    rules=(
        RowRule("feature_id", "NOT regexp_full_match(feature_id, '[12]\\.\\d')",
                "not a building block or area of benefit (expected 1.1–1.3 or 2.1–2.6)"),
        RowRule("source_id", "assessed_by = 'source' AND source_id IS NULL", "a link said to come from a source without it "
                "(expected the source's id)"),
    ),
)

PLACE_CONDITIONS = Table(
    "place_conditions",
    "one fundamental condition of UNESCO's Key Features of Learning Cities (3.x) that a source states for a place",
    (
        Column("place_id", "text", "The place.", ref="places.place_id"),
        Column("feature_id", "text", "The fundamental condition, 3.1–3.3 of key_features.csv.", ref="key_features.feature_id"),
        Column("statement", "text", "What the source states, in a sentence (English)."),
        Column("source_id", "text", "The source that states it.", ref="sources.source_id"),
    ),
    key=("place_id", "feature_id", "source_id"),
    optional=True,
    min_rows=0,
    rules=(
        RowRule("feature_id", "NOT regexp_full_match(feature_id, '3\\.\\d')",
                "not a fundamental condition (expected 3.1, 3.2 or 3.3)"),
    ),
)

HEADLINE_RULE = Table(
    "headline_rule",
    "the rank of one basis in one country, or of one quality flag, when the dashboard picks a place's headline series "
    "(the lowest rank wins)",
    (
        Column("country_iso", "text", "The country whose places the basis rank applies to; empty for a flag (every country).",
               required=False, enum="country"),
        Column("kind", "text", "`basis` or `flag`.", enum="ranked"),
        Column("code", "text", "The basis or flag ranked.", enum_by="kind"),
        Column("rank", "int", "1 is preferred. A basis not listed ranks after every listed one; a flag not listed "
                                 "(a projection, synthetic data) never makes a headline.", min=1, max=1000),
        Column("note", "text", "Why this order.", required=False),
    ),
    key=("country_iso", "kind", "code"),
    rules=(
        RowRule("country_iso", "kind = 'basis' AND country_iso IS NULL", "a basis rank without its country (expected CN or TH)"),
    ),
)

# In dependency order: a table's references point only to tables before it.
TABLES: tuple[Table, ...] = (
    SOURCES, VOCABULARY, PLACES, INDICATORS, OBSERVATIONS, PROGRAMS,
    PARTICIPATION, PARTICIPATION_REPORTED, GNLC_MEMBERSHIP, KEY_FEATURES, MILESTONES, HEADLINE_RULE,
    PROGRAM_FEATURES, PLACE_CONDITIONS,
)
BY_NAME = {t.name: t for t in TABLES}
