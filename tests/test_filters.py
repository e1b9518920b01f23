"""The filter state and its URL form, and the cross-filter logic (pure functions)."""

from __future__ import annotations

import pytest

from lcd.filters import YEAR_MAX, YEAR_MIN, Filters, clicked_data, from_query, places_in_scope, to_query

PLACES = ("shanghai", "tak", "yala", "thailand", "pudong")


def test_round_trip_keeps_every_filter():
    state = Filters(places=("tak", "yala"), countries=("TH",), years=(2010, 2017), ages=("age_65_plus",),
                    themes=("digital", "culture"), place="tak", lang="th")
    assert from_query(to_query(state), PLACES) == state


def test_defaults_leave_the_url_empty():
    assert to_query(Filters()) == {}
    assert from_query({}, PLACES) == Filters()


def test_url_values_are_short_ascii_codes():
    query = to_query(Filters(places=("tak", "yala"), years=(2000, 2020)))
    assert query == {"places": "tak,yala", "years": "2000-2020"}
    assert all(value.isascii() for value in query.values())


@pytest.mark.parametrize("query,expected", [
    ({"places": "tak,atlantis,tak"}, Filters(places=("tak",))),
    ({"countries": "TH,FR"}, Filters(countries=("TH",))),
    ({"years": "2030-2010"}, Filters(years=(2010, 2030))),
    ({"years": "1066-3000"}, Filters(years=(YEAR_MIN, YEAR_MAX))),
    ({"years": "soon"}, Filters()),
    ({"ages": "age_65_plus,age_200"}, Filters(ages=("age_65_plus",))),
    ({"themes": "digital,<script>"}, Filters(themes=("digital",))),
    ({"place": "narnia"}, Filters()),
    ({"lang": "fr"}, Filters()),
    ({"places": ["shanghai", "tak"]}, Filters(places=("tak",))),  # a repeated key: the last value wins
])
def test_unknown_or_odd_values_are_dropped_not_fatal(query, expected):
    assert from_query(query, PLACES) == expected


def test_click_on_a_place_selects_it():
    event = {"selection": {"points": [{"customdata": ["tak"], "x": 3}], "point_indices": [0], "box": [], "lasso": []}}
    assert clicked_data(event) == ["tak"]


def test_click_on_a_cell_gives_all_its_keys():
    event = {"selection": {"points": [{"customdata": ["tak", "population_60plus_pct"]}, {"customdata": ["yala", "x"]}]}}
    assert clicked_data(event) == ["tak", "population_60plus_pct"]


@pytest.mark.parametrize("event", [None, {}, {"selection": {"points": []}}, {"selection": {"points": [{"x": 1}]}}])
def test_no_click_selects_nothing(event):
    assert clicked_data(event) is None


def test_places_in_scope_uses_defaults_and_countries():
    pairs = [("shanghai", "CN"), ("tak", "TH"), ("yala", "TH"), ("pudong", "CN")]
    assert places_in_scope(Filters(), pairs, ("shanghai", "tak")) == ("shanghai", "tak")
    assert places_in_scope(Filters(countries=("TH",)), pairs, ("shanghai", "tak")) == ("tak",)
    assert places_in_scope(Filters(places=("yala", "pudong")), pairs, ("shanghai",)) == ("yala", "pudong")
    assert places_in_scope(Filters(countries=("CN",)), pairs) == ("shanghai", "pudong")
