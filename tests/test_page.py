"""The page object: a page applies only the filters it declares and shows; links carry only what the target
uses; state a reader can trust (clearing filters, the selected place, presentation without charts)."""

from __future__ import annotations

import pytest

from lcd.filters import FILTER_NAMES, Filters, restrict
from lcd.page import NAVIGATION, PAGES, declared_filters
from tests.test_app import VIEWS, open_page, shown

EVERY_FILTER = {"countries": "TH", "places": "lamphun,tak", "years": "2016-2018", "ages": "age_65_plus", "themes": "culture"}


@pytest.fixture(autouse=True)
def _db(app_db):
    yield


def test_restrict_keeps_only_the_named_filters_and_the_readers_choices():
    full = Filters(places=("tak",), countries=("TH",), years=(2010, 2012), ages=("age_65_plus",), themes=("digital",),
                   place="yala", lang="th", buddhist_era=True)
    kept = restrict(full, ("places", "years"))
    assert kept == Filters(places=("tak",), years=(2010, 2012), place="yala", lang="th", buddhist_era=True)


def test_every_page_declares_known_filters():
    for name in NAVIGATION:
        assert set(declared_filters(name)) <= set(FILTER_NAMES), name


@pytest.mark.parametrize("name,view", [(name, view) for name, _ in PAGES for view in VIEWS.get(name, [None])])
def test_a_page_applies_only_the_filters_it_declares(name, view):
    """Every filter in the URL gives the same page as only the declared ones: nothing hidden narrows it."""
    base = {"view": view} if view else {}
    declared = {k: v for k, v in EVERY_FILTER.items() if k in declared_filters(name)}
    everything = open_page(name, {**base, **EVERY_FILTER})
    assert shown(everything) == shown(open_page(name, {**base, **declared}))
    offered = {w.key for w in (*everything.multiselect, *everything.selectbox)}
    for undeclared in set(FILTER_NAMES) - set(declared_filters(name)):
        assert f"url_{undeclared}" not in offered and f"url_{undeclared}_from" not in offered


def test_the_overview_participants_ignore_a_places_filter_it_does_not_show():
    plain = {m.label: m.value for m in open_page("overview").metric}
    narrowed = {m.label: m.value for m in open_page("overview", {"places": "lamphun"}).metric}
    assert plain == narrowed


def test_the_data_page_applies_a_theme_filter_only_where_it_shows_one(app_db):
    from tests.conftest import read

    with read(app_db) as con:
        (places,) = con.execute("SELECT count(*) FROM places").fetchone()
        (culture,) = con.execute("SELECT count(*) FROM programs WHERE theme = 'culture'").fetchone()
    hidden = open_page("data", {"table": "places", "themes": "culture"})  # places have no theme: the filter is not shown
    assert len(hidden.dataframe[0].value) == places and not [w for w in hidden.multiselect if w.key == "url_themes"]
    shown = open_page("data", {"table": "programs", "themes": "culture"})  # programmes have one: shown and applied
    assert len(shown.dataframe[0].value) == culture and shown.multiselect(key="url_themes").value == ["culture"]


def test_links_carry_only_what_the_target_page_uses_plus_language_and_era():
    at = open_page("participation", {**EVERY_FILTER, "lang": "th", "era": "be", "place": "tak"})
    links = {link.proto.page: link.proto.query_string for link in at.get("page_link")}
    ageing = dict(part.split("=") for part in links["ageing"].split("&"))
    assert set(ageing) == set(declared_filters("ageing")) | {"place", "lang", "era"}
    assert "themes" not in ageing and "ages" not in ageing
    assert dict(part.split("=") for part in links["place"].split("&")) == {"place": "tak", "lang": "th", "era": "be"}


def test_clearing_filters_keeps_language_era_and_view_and_shows_only_when_a_filter_is_set():
    assert not [b for b in open_page("ageing", {"lang": "th", "era": "be"}).button if b.key is None and "ตัวกรอง" in b.label]
    at = open_page("ageing", {"lang": "th", "era": "be", "places": "tak", "view": "share65"})
    next(b for b in at.button if "ล้างตัวกรอง" in b.label).click().run()
    query = {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert query == {"lang": "th", "era": "be", "view": "share65"}


def test_a_click_on_a_place_is_answered_beside_the_chart_with_a_link_to_its_profile():
    at = open_page("participation")
    at.session_state["participation_places"] = {
        "selection": {"points": [{"customdata": ["lamphun"], "x": 1, "y": "Lamphun"}], "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    assert any("Lamphun" in m.value for m in at.markdown if m.value.startswith("Selected place"))
    assert any(link.proto.label == "Open its profile" and "place=lamphun" in link.proto.query_string
               for link in at.get("page_link"))


def test_presenting_a_page_without_charts_says_so():
    at = open_page("data", {"present": "1"})
    text = " ".join(m.value for m in at.markdown)
    assert "of 0" not in text and "no charts to present" in text
