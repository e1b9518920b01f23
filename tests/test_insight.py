"""Issue 15's features as pure functions: plain-language summaries in three languages, change columns,
coverage and definition breaks, framework tags and conditions, and the build diff."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest

from etl.build import build
from etl.problems import BuildFailed
from lcd import comparable, coverage, formats, framework, summaries
from lcd.changes import changes
from lcd.i18n import LANGUAGES, t
from tests.conftest import read

BASES = {"en": {"dopa_registration": "civil registration", "dopa_model_calibrated": "model estimate"},
         "zh": {"dopa_registration": "户籍登记", "dopa_model_calibrated": "模型估计"},
         "th": {"dopa_registration": "ทะเบียนราษฎร", "dopa_model_calibrated": "ค่าประมาณ"}}


def words(lang: str, buddhist_era: bool = False) -> summaries.Words:
    flags = {f: t(f"vocab.flag.{f}", lang=lang) for f in ("reported", "derived", "estimate", "projection", "synthetic")}
    return summaries.Words(lang, lambda y: formats.year(y, buddhist_era), BASES[lang], flags)


def series_frame(rows) -> pd.DataFrame:
    """Rows of queries.series: (place_id, place, basis, year, value, flag, headline)."""
    frame = pd.DataFrame(rows, columns=["place_id", "place", "basis", "year", "value", "flag", "headline"])
    return frame.assign(series_id=frame.place_id + "|x|" + frame.basis, country_iso="TH")


LAMPHUN = series_frame([
    ("lamphun", "Lamphun", "dopa_registration", 2020, 24.6, "reported", True),
    ("lamphun", "Lamphun", "dopa_registration", 2024, 27.9, "reported", True),
    ("lamphun", "Lamphun", "dopa_model_calibrated", 2010, 15.0, "estimate", False),
    ("tak", "Tak", "dopa_registration", 2024, 16.2, "reported", True),
])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_series_summary_states_the_latest_value_and_a_change_within_one_basis(lang):
    text = summaries.series(LAMPHUN, words(lang), "60+", "percent", focus="lamphun")
    assert "{" not in text and "Lamphun" in text
    assert formats.percent(27.9, lang) in text and formats.percent(24.6, lang) in text  # 2024, and 2020 on the same basis
    assert formats.percent(15.0, lang) not in text  # the model estimate of 2010 is another basis: no change from it
    assert BASES[lang]["dopa_registration"] in text
    assert t("summary.rank_shown", lang=lang, rank=words(lang).ordinal(1), n=2) in text


def test_series_summary_uses_the_readers_era_and_says_synthetic():
    text = summaries.series(LAMPHUN, words("th", buddhist_era=True), "60+", "percent", focus="lamphun")
    assert "2567" in text and "2563" in text and "2024" not in text and "2020" not in text
    synthetic = LAMPHUN.assign(flag="synthetic")
    for lang in LANGUAGES:
        assert t("summary.synthetic", lang=lang) in summaries.series(synthetic, words(lang), "60+", "percent")
        assert t("summary.synthetic", lang=lang) not in summaries.series(LAMPHUN, words(lang), "60+", "percent")


def test_a_comparison_across_bases_says_so():
    mixed = LAMPHUN.assign(basis=["dopa_registration", "dopa_registration", "dopa_model_calibrated", "dopa_model_calibrated"],
                           headline=True)
    mixed = mixed[mixed.year != 2010]
    for lang in LANGUAGES:
        assert t("summary.mixed", lang=lang) in summaries.series(mixed, words(lang), "60+", "percent")
        assert t("summary.mixed", lang=lang) not in summaries.series(LAMPHUN, words(lang), "60+", "percent")


def test_numbers_in_summaries_follow_the_locale():
    frame = pd.DataFrame({"place": ["Shanghai", "Tak"], "place_id": ["shanghai", "tak"], "participants": [1234567.0, 2000.0]})
    english = summaries.ranking(frame, words("en"), "participants", "participants")
    assert "1,234,567" in english and "Shanghai" in english and "Tak" in english


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_summary_template_fills_all_its_placeholders(lang):
    w = words(lang)
    cells = pd.DataFrame({"place_id": ["a", "a", "b", "b"], "indicator_id": ["x", "y", "x", "y"], "indicator": ["X", "Y", "X", "Y"],
                          "status": ["same", "none", "other_basis", "estimate_only"]})
    texts = [summaries.coverage(cells, w), summaries.series(LAMPHUN, w, "60+"),
             summaries.breaks(pd.DataFrame({"place_id": ["a"], "year": [2020]}), pd.DataFrame(
                 {"place_id": ["a"], "y": ["A"], "year_after": [2021], "basis_before": ["dopa_model_calibrated"],
                  "basis_after": ["dopa_registration"]}), w, "60+")]
    for text in texts:
        assert text and "{" not in text and "}" not in text, text
    assert BASES[lang]["dopa_registration"] in texts[2]


def test_change_columns_are_per_series_with_flags():
    table = changes(LAMPHUN, ["place", "basis"])
    registration = table[(table.place == "Lamphun") & (table.basis == "dopa_registration")].iloc[0]
    assert (registration.first_year, registration.last_year) == (2020, 2024)
    assert registration.change == pytest.approx(3.3) and registration.change_pct == pytest.approx(100 * 3.3 / 24.6)
    assert registration.first_flag == registration.last_flag == registration.change_flag == "reported"
    one_year = table[table.basis == "dopa_model_calibrated"].iloc[0]
    assert pd.isna(one_year.change) and pd.isna(one_year.change_pct)  # one year: no change, not zero
    mixed_flags = changes(LAMPHUN.assign(flag=["estimate", "reported", "estimate", "reported"]), ["place", "basis"])
    registration = mixed_flags[mixed_flags.basis == "dopa_registration"]
    assert registration.change_flag.iloc[0] == "estimate" and pd.isna(registration.change_flag.iloc[1])  # the weaker end
    projected = pd.concat([LAMPHUN, LAMPHUN.iloc[[1]].assign(year=2030, value=40.0, flag="projection")])
    assert changes(projected, ["place", "basis"]).last_year.max() == 2024  # a change is between observed values


def test_a_series_keyed_by_one_column_is_named_by_its_value_not_a_tuple():
    """pandas hands a one-item list of keys back as 1-tuples: "('Shanghai',) has the most participants"."""
    frame = pd.DataFrame({"place": ["Shanghai", "Shanghai", "Lamphun", "Lamphun"], "year": [2015, 2025, 2015, 2025],
                          "participants": [3_000, 7_000, 10, 14], "flags": ["synthetic"] * 4})
    assert set(changes(frame.rename(columns={"participants": "value"}), ["place"]).place) == {"Shanghai", "Lamphun"}
    text = summaries.trend(frame, words("en"), "participants", "participants")
    assert text.startswith("Shanghai") and "(" not in text.split(" has ")[0], text


def values_frame(rows) -> pd.DataFrame:
    """Rows of queries.coverage_values: (place_id, country_iso, indicator_id, year, basis, basis_rank, flag)."""
    frame = pd.DataFrame(rows, columns=["place_id", "country_iso", "indicator_id", "year", "basis", "basis_rank", "flag"])
    return frame.assign(flag_rank=frame.flag.map({"reported": 1, "derived": 2, "estimate": 3}), value=1.0, unit="percent",
                        place=frame.place_id)


def test_coverage_colours_each_cell_against_its_column():
    values = values_frame([
        ("a", "TH", "share", 2024, "dopa_registration", 1, "reported"),
        ("b", "TH", "share", 2024, "dopa_registration", 1, "reported"),
        ("c", "TH", "share", 2010, "dopa_model_calibrated", 3, "estimate"),
        ("d", "TH", "share", 2024, "registered", 2, "reported"),
    ])
    matrix = comparable.coverage(values, ["a", "b", "c", "d", "e"], ["share"]).set_index("place_id")
    assert matrix.status.to_dict() == {"a": "same", "b": "same", "c": "estimate_only", "d": "other_basis", "e": "none"}
    assert matrix.loc["a", "ref_basis"] == "dopa_registration" and matrix.loc["a", "ref_year"] == 2024
    assert matrix.loc["e", "years"] == [] and matrix.loc["c", "years"] == [2010]


def test_definition_breaks_mark_where_a_series_changes_basis():
    values = values_frame([
        ("a", "TH", "share", 2016, "dopa_model_calibrated", 3, "estimate"),
        ("a", "TH", "share", 2017, "dopa_model_calibrated", 3, "estimate"),
        ("a", "TH", "share", 2020, "dopa_registration", 1, "reported"),
        ("b", "TH", "share", 2020, "dopa_registration", 1, "reported"),
        ("b", "TH", "share", 2021, "dopa_registration", 1, "reported"),
    ])
    breaks = comparable.definition_breaks(values)
    assert breaks[["place_id", "year_before", "year_after", "basis_before", "basis_after"]].values.tolist() == [
        ["a", 2017, 2020, "dopa_model_calibrated", "dopa_registration"]]
    marks = coverage.break_marks(breaks, {"a": "Lamphun"}, words("th", buddhist_era=True))
    assert "2560" in marks.hover.iloc[0] and "2563" in marks.hover.iloc[0] and marks.y.iloc[0] == "Lamphun"


def test_year_runs_shorten_consecutive_years():
    assert coverage.year_runs([2010, 2011, 2012, 2017, 2020, 2021]) == "2010–2012, 2017, 2020–2021"
    assert coverage.year_runs([2020], buddhist_era=True) == "2563"
    assert coverage.year_runs([]) == ""


def test_framework_gaps_are_zero_cells_and_conditions_unknown_unless_stated():
    tags = pd.DataFrame({"place_id": ["tak", "tak", "yala"], "program_id": ["p1", "p2", "p3"], "program": ["P1", "P2", "P3"],
                         "feature_id": ["2.1", "2.1", "2.6"], "assessed_by": ["project", "source", "project"],
                         "source_ids": [["S1"], ["S2"], ["S3"]]})
    cells = framework.served(tags, ["tak", "yala"]).set_index(["place_id", "feature_id"])
    assert cells.loc[("tak", "2.1"), "programmes"] == 2 and cells.loc[("tak", "2.1"), "assessed_by"] == ["project", "source"]
    assert cells.loc[("tak", "2.6"), "programmes"] == 0 and len(cells) == 2 * 9
    assert framework.gaps(cells.reset_index(), "tak") == ["2.2", "2.3", "2.4", "2.5", "2.6"]
    conditions = pd.DataFrame({"place_id": ["tak"], "feature_id": ["3.1"], "statement": ["Tak: province of learning"],
                               "source_ids": [["S102"]]})
    checklist = framework.checklist(conditions, "tak", {}, "en").set_index("feature_id")
    assert checklist.loc["3.1", "status"] == t("framework.condition.stated", lang="en")
    assert checklist.loc["3.1", "source_ids"] == ["S102"]
    assert checklist.loc["3.2", "status"] == checklist.loc["3.3", "status"] == t("framework.condition.unknown", lang="en")
    assert checklist.loc["3.2", "statement"] == ""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_framework_summaries_never_attribute_the_assessment_to_unesco_alone(lang):
    cells = framework.served(pd.DataFrame({"place_id": ["tak", "shanghai"], "program_id": ["p1", "p2"], "program": ["P1", "P2"],
                                           "feature_id": ["2.1", "2.4"], "assessed_by": ["project", "project"],
                                           "source_ids": [["S1"], ["S2"]]}), ["tak", "shanghai"]).assign(place=lambda f: f.place_id)
    texts = [summaries.framework_network(cells, words(lang), {}), summaries.framework_place(cells[cells.place_id == "tak"],
             words(lang), "Tak", {}, ["2.2"]), summaries.framework_compare(cells, words(lang), "tak", {})]
    for text in texts:
        assert t("summary.framework_assessed", lang=lang) in text and "{" not in text


def test_every_tagged_programme_and_key_feature_is_named_in_three_languages(warehouse):
    con = read(warehouse)
    names = con.execute("SELECT code, name_en, name_zh, name_th FROM vocabulary WHERE kind = 'key_feature'").fetchall()
    features = {r[0] for r in con.execute("SELECT feature_id FROM key_features").fetchall()}
    assert {n[0] for n in names} == features and all(all(n) for n in names)
    untagged = con.execute("SELECT count(*) FROM programs WHERE program_id NOT IN (SELECT program_id FROM program_features)").fetchone()
    assert untagged[0] == 0  # every programme is linked to at least one block or benefit
    assessors = {r[0] for r in con.execute("SELECT DISTINCT assessed_by FROM program_features").fetchall()}
    assert assessors <= {"project", "source"}


def _rewrite(path, change):
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    fields = list(rows[0])
    rows = change(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(rows)


def test_a_tag_that_claims_a_source_without_one_or_tags_a_condition_is_refused(raw_copy, tmp_path):
    def broken(rows):
        return rows + [{**rows[0], "feature_id": "2.5", "assessed_by": "source", "source_id": ""},
                       {**rows[0], "feature_id": "3.1"}]
    _rewrite(raw_copy / "program_features.csv", broken)
    with pytest.raises(BuildFailed) as failed:
        build(raw_copy, tmp_path / "w.duckdb", synthetic_rows=500)
    text = "\n".join(map(str, failed.value.problems))
    assert "program_features.csv" in text and "source_id" in text and "3.1" in text


def test_the_build_lists_what_changed_since_the_previous_build(raw_copy, tmp_path):
    db = tmp_path / "w.duckdb"
    first = build(raw_copy, db, synthetic_rows=500)
    assert first.changes == ("no previous build to compare with",) or list(first.changes) == ["no previous build to compare with"]

    def edit(rows):
        lamphun = [r for r in rows if r["place_id"] == "lamphun" and r["indicator_id"] == "population_60plus_pct"]
        gone = lamphun[0]
        changed = {**lamphun[1], "value": str(float(lamphun[1]["value"]) + 1)}
        added = {**lamphun[2], "year": "2031", "flag": "projection"}
        return [changed if r is lamphun[1] else r for r in rows if r is not gone] + [added]
    _rewrite(raw_copy / "observations.csv", edit)
    second = build(raw_copy, db, synthetic_rows=500)
    line = next(line for line in second.changes if line.startswith("observations:"))
    assert re.search(r"\b1 added\b", line) and re.search(r"\b1 changed\b", line) and re.search(r"\b1 removed\b", line), line
    con = read(db)
    rows = con.execute("SELECT change, rows, examples FROM build_changes WHERE table_name = 'observations'").fetchall()
    assert {(c, n) for c, n, _ in rows} == {("added", 1), ("changed", 1), ("removed", 1)}
    added = next(ex for c, _, ex in rows if c == "added")[0]
    assert added[:3] == ["lamphun", "population_60plus_pct", "2031"]
    previous = con.execute("SELECT previous_version FROM build_info").fetchone()[0]
    assert previous == first.data_version
    con.close()  # (a connection this process holds with another configuration would hide the previous build)
    third = build(raw_copy, db, synthetic_rows=500)
    assert list(third.changes) == ["no rows changed since the previous build"]
