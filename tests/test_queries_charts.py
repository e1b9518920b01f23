"""Queries and chart builders on a fixture database built by the real ETL."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from lcd import charts, queries as q
from tests.conftest import RAW, read

ALL_YEARS = (1990, 2036)


@pytest.fixture(autouse=True)
def _db(app_db):
    yield


def direct(app_db, sql, params=None):
    con = read(app_db)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def trace_names(fig):
    return [trace.name for trace in fig.data]


def test_participation_by_place_adds_up_to_the_records(app_db):
    frame = q.participation_by("place", (), (), ALL_YEARS, (), ())
    (total,) = direct(app_db, "SELECT sum(participants) FROM participation")[0]
    assert frame.participants.sum() == total
    filtered = q.participation_by("place", ("tak",), (), (2020, 2022), ("age_65_plus",), ())
    (expected,) = direct(app_db, "SELECT sum(participants) FROM participation WHERE place_id = 'tak' "
                                 "AND year BETWEEN 2020 AND 2022 AND age_group = 'age_65_plus'")[0]
    assert filtered.participants.tolist() == [expected]


def test_theme_filter_restricts_participation(app_db):
    digital = q.participation_by("program", (), (), ALL_YEARS, (), ("digital",))
    themes = dict(direct(app_db, "SELECT program_id, theme FROM programs"))
    assert not digital.empty and {themes[p] for p in digital.program_id} == {"digital"}


def test_rate_is_participants_per_1000_residents(app_db):
    rates = q.participation_rates(("lamphun",), (), (2020, 2020), ())
    assert set(rates.age_group) == {"age_0_59", "age_60_64", "age_65_plus"}
    for row in rates.itertuples():
        assert row.rate_per_1000 == pytest.approx(1000 * row.participants / row.population)
        assert row.participants <= row.population


def test_series_keep_bases_apart():
    frame = q.series(("population_60plus_pct",), ("shanghai",), ALL_YEARS)
    fig = charts.series_lines(frame, title="x", unit="%", source="s", lang="en", basis_names={}, thresholds=True)
    bases = dict(zip(frame.series_id, frame.basis))
    for trace in fig.data:  # one trace per series: one basis each (the legend group is the series id)
        assert trace.legendgroup in bases and trace.name.split(" · ")[1].startswith(bases[trace.legendgroup]), trace.name
    assert any("hukou" in n for n in trace_names(fig)) and any("resident" in n for n in trace_names(fig))


def test_ageing_chart_draws_thresholds_dashed_projections_and_open_estimates():
    frame = q.series(("population_60plus_pct",), ("shanghai", "tak"), ALL_YEARS)
    fig = charts.series_lines(frame, title="x", unit="%", source="s", lang="en", basis_names={}, thresholds=True)
    assert sorted(shape.y0 for shape in fig.layout.shapes) == [20, 28]
    dashed = [t for t in fig.data if t.line.dash == "dash"]
    assert dashed and all("projection" in t.name.lower() for t in dashed)
    projection = next(r["name_en"] for r in csv.DictReader((RAW / "vocabulary.csv").open(encoding="utf-8"))
                      if (r["kind"], r["code"]) == ("flag", "projection"))
    assert all({row[1] for row in t.customdata} == {projection} for t in dashed)  # the flag named in the reader's language
    tak = next(t for t in fig.data if "Tak" in t.name and "dopa_model_calibrated" in t.name)
    assert set(tak.marker.symbol) == {"circle-open"}  # model-calibrated estimates


def test_synthetic_label_is_inside_every_figure_drawing_synthetic_values():
    frame = q.participation_by("place_age", (), (), ALL_YEARS, (), ())
    fig = charts.place_bars(frame, "participants", title="t", unit="u", source="s", lang="en", stack="age_group")
    labels = [a.text for a in fig.layout.annotations if a.name == "synthetic"]
    assert labels == ["Illustrative synthetic data"]
    ageing = charts.series_lines(q.series(("population_60plus_pct",), ("tak",), ALL_YEARS), title="t", unit="%",
                                 source="s", lang="en", basis_names={})
    assert not [a for a in ageing.layout.annotations if a.name == "synthetic"]


def test_every_figure_has_title_units_and_source_line():
    frame = q.participation_by("place_year", ("tak", "yala"), (), ALL_YEARS, (), ())
    fig = charts.place_lines(frame, "year", "participants", title="Participants per year", x_title="Year",
                             unit="persons", source="S1", lang="en")
    assert fig.layout.title.text == "Participants per year"
    assert fig.layout.yaxis.title.text == "persons" and fig.layout.xaxis.title.text == "Year"
    assert "Source: S1" in fig.layout.title.subtitle.text and "synthetic" in fig.layout.title.subtitle.text.lower()
    assert {tuple(t.customdata[0]) for t in fig.data} == {("tak",), ("yala",)}


@pytest.mark.parametrize("builder", [
    lambda f: charts.place_bars(f, "participants", title="t", unit="u", source="s", lang="en"),
    lambda f: charts.place_lines(f, "year", "participants", title="t", x_title="x", unit="u", source="s", lang="en"),
    lambda f: charts.series_lines(f, title="t", unit="u", source="s", lang="en", basis_names={}),
    lambda f: charts.gap_scatter(f, title="t", source="s", lang="en"),
    lambda f: charts.indexed_lines(f, "participants", title="t", source="s", lang="en"),
    lambda f: charts.growth_lines(f, title="t", source="s", lang="en"),
    lambda f: charts.timeline(f.assign(start_year=[]), title="t", source="s", lang="en", theme_names={}),
])
def test_empty_frames_give_a_message_not_an_empty_axis(builder):
    fig = builder(pd.DataFrame(columns=["place_id", "place", "year", "participants", "series_id"]))
    assert fig.layout.meta["empty"] is True
    assert "No data" in fig.layout.annotations[0].text or "start year" in fig.layout.annotations[0].text


def test_no_match_queries_return_empty_frames():
    assert q.participation_by("place", ("shanghai",), ("TH",), ALL_YEARS, (), ()).empty
    assert q.participation_rates((), (), (1990, 1995), ()).empty
    assert q.series(("population_60plus_pct",), ("cheongdoi",), ALL_YEARS).empty
    assert q.program_matrix(("cheongdoi",), ("CN",), ()).empty


def test_programme_matrix_counts_programmes(app_db):
    matrix = q.program_matrix(None, (), ())
    (total,) = direct(app_db, "SELECT count(*) FROM programs")[0]
    assert matrix.programmes.sum() == total


def test_coverage_rate_is_participants_over_target_population():
    coverage = q.program_coverage(None, (), (), 2024)
    assert not coverage.empty
    for row in coverage.itertuples():
        assert row.coverage_pct == pytest.approx(100 * row.participants / row.target_population)


def test_gap_view_counts_older_adult_programmes(app_db):
    gap = q.ageing_gap(())
    (lamphun,) = direct(app_db, "SELECT count(*) FROM programs WHERE place_id='lamphun' AND target_age_group='older_adults'")[0]
    assert set(gap[gap.place_id == "lamphun"].older_programmes) == {lamphun}
    assert "thailand" not in set(gap.place_id)  # countries are not peers of cities
    (without,) = direct(app_db, "SELECT count(*) FROM places WHERE programs = 0 AND place_id IN "
                                "(SELECT place_id FROM observations WHERE indicator_id = 'population_60plus_pct')")[0]
    assert without > 0 and gap.programmes.min() > 0  # places with no programme listed are not shown as gaps


def test_latest_values_never_pick_a_projection():
    latest = q.latest_values("population_60plus_pct", ("shanghai", "thailand"))
    assert set(latest.flag) <= {"reported", "derived", "estimate"}
    assert (latest.year <= 2025).all()


def test_map_choropleth_is_offline():
    from lcd import geo

    frame = q.latest_values("population_60plus_pct", None)
    fig = charts.choropleth(geo.thai_provinces(), frame[frame.country_iso == "TH"], feature_key="place_id", value="value",
                            title="t", unit="%", source="s", lang="en")
    assert fig.layout.geo.visible is False  # no base layers: nothing drawn from a base map
    assert "http" not in fig.to_json()
