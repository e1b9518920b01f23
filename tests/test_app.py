"""AppTest for every page: renders, every filter changes what is shown, the URL round trip, clicks."""

from __future__ import annotations

import csv
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from lcd.page import PAGES
from lcd.tables import md
from tests.conftest import ROOT

ENTRY = str(ROOT / "dashboard.py")
FILTER_VALUES = {
    "countries": ["CN"],
    "places": ["tak", "yala"],
    "years": (2016, 2018),
    "ages": ["age_65_plus"],
    "themes": ["digital"],
}
PAGES_WITHOUT_FILTERS = ("place", "sources", "upload", "story", "contract")
# The charts of each page as links name them (`?view=`): part of the URL contract, first is the default.
VIEWS = {
    "overview": ["map", "growth"],
    "participation": ["places", "rates", "trend", "sex", "programmes", "published"],
    "ageing": ["share60", "share65", "dependency"],
    "programs": ["matrix", "providers", "timeline", "coverage", "gaps"],
    "compare": ["index", "share60", "bubbles"],
    "map": ["th", "cn"],
    "coverage": ["matrix", "years", "series"],
    "framework": ["network", "place", "compare"],
}
PAGE_OPTIONS = {"map": {"metric": "rate"}}  # options under which a page offers all its filters


@pytest.fixture(autouse=True)
def _db(app_db):
    yield


def open_page(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        at.switch_page(dict(PAGES)[page])
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at: AppTest) -> str:
    """Everything a page shows that filters can change: figures, tables, metrics, messages, text."""
    return json.dumps([
        [json.loads(c.proto.spec)["data"] for c in at.get("plotly_chart")],
        [df.value.to_csv() for df in at.dataframe],
        [(m.label, m.value) for m in at.metric],
        [i.value for i in at.info],
        [m.value for m in at.markdown],  # e.g. the title over an empty chart's message
    ], default=str)


@pytest.mark.parametrize("page", [p for p, _ in PAGES])
def test_page_renders_with_title_and_content(page):
    at = open_page(page)
    assert at.title and at.title[0].value
    assert at.get("plotly_chart") or at.dataframe or at.file_uploader or at.table


def set_filter(at: AppTest, name: str, value) -> AppTest:
    """Choose a filter's value as a reader would (years: the two year selects), and run."""
    if name == "years":
        at.selectbox(key="url_years_from").set_value(value[0])
        at.selectbox(key="url_years_to").set_value(value[1])
    else:
        at.multiselect(key=f"url_{name}").set_value(value)
    return at.run()


def offered_filters(at: AppTest) -> list[str]:
    keys = {w.key for w in (*at.multiselect, *at.selectbox)}
    return [name for name in FILTER_VALUES if f"url_{name}" in keys or f"url_{name}_from" in keys]


@pytest.mark.parametrize("page", [p for p, _ in PAGES])
def test_each_offered_filter_changes_one_of_the_page_charts(page):
    """A page offers only filters it uses: each one changes at least one of its charts (or tables)."""
    first = open_page(page, PAGE_OPTIONS.get(page))
    offered = offered_filters(first)
    assert bool(offered) == (page not in PAGES_WITHOUT_FILTERS)
    assert bool([w for w in first.get("segmented_control") if w.key == "url_view"]) == (page in VIEWS)
    for name in offered:
        for view in VIEWS.get(page, [None]):
            at = open_page(page, {**PAGE_OPTIONS.get(page, {}), **({"view": view} if view else {})})
            before = shown(at)
            set_filter(at, name, FILTER_VALUES[name])
            assert not at.exception, [e.value for e in at.exception]
            assert name in at.query_params  # the change is in the URL
            if shown(at) != before:
                break
        else:
            pytest.fail(f"the {name} filter changes none of the charts on {page}")


@pytest.mark.parametrize("page", VIEWS)
def test_one_chart_at_a_time_chosen_in_the_url(page):
    at = open_page(page)
    views = VIEWS[page]
    assert len(at.segmented_control(key="url_view").options) == len(views) and len(at.get("plotly_chart")) == 1
    specs = {at.get("plotly_chart")[0].proto.spec}
    for view in views[1:]:
        at.segmented_control(key="url_view").set_value(view).run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.query_params["view"] in (view, [view])
        charts = at.get("plotly_chart")
        assert len(charts) == 1 or at.info  # one chart, or the view's empty message
        specs |= {c.proto.spec for c in charts}
        reopened = open_page(page, {"view": view})  # the link reopens the same chart
        assert [c.proto.spec for c in reopened.get("plotly_chart")] == [c.proto.spec for c in charts]
    assert len(specs) == len(views)  # every view is a different chart


@pytest.mark.parametrize("page", VIEWS)
def test_every_chart_view_carries_its_summary_in_thai(page):
    """The plain-language summary is in the figure (alt text, exports) and shown above it, in the reader's language."""
    for view in VIEWS[page]:
        at = open_page(page, {"view": view, "lang": "th"})
        for chart in at.get("plotly_chart"):
            summary = json.loads(chart.proto.spec)["layout"].get("meta", {}).get("summary", "")
            assert re.search("[\u0e00-\u0e7f]", summary), (page, view, summary)
            assert "{" not in summary
            assert md(summary) in [m.value for m in at.markdown], (page, view)  # shown above the chart


def test_a_coverage_cell_opens_the_chart_of_its_place_and_indicator():
    at = open_page("coverage", {"view": "series", "place": "lamphun", "indicator": "population_60plus_pct"})
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = {trace.get("customdata", [[None]])[0][0] for trace in spec["data"] if trace.get("customdata")}
    assert names == {"lamphun"}, names
    assert "Lamphun" in spec["layout"]["title"]["text"] and "60+" in spec["layout"]["title"]["text"]
    empty = open_page("coverage", {"view": "series", "place": "lamphun", "indicator": "life_expectancy"})
    assert empty.info and "Lamphun" in empty.info[0].value  # a place without that indicator says so


def test_framework_place_view_shows_the_conditions_checklist_with_unknowns():
    at = open_page("framework", {"view": "place", "place": "trang"})
    checklist = at.table[0].value
    assert len(checklist) == 3 and "Unknown" in checklist.iloc[:, 0].tolist()
    assert any("assessed by this project" in c.value for c in at.caption)


def test_table_instead_of_the_chart_is_in_the_url():
    at = open_page("participation", {"view": "rates"})
    title = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    at.segmented_control(key="url_show").set_value("table").run()
    assert at.query_params["show"] in ("table", ["table"])
    assert not at.get("plotly_chart") and at.dataframe
    assert "Per 1,000 residents" in at.dataframe[0].value.columns and len(at.dataframe[0].value) > 0
    assert any(title.split("<")[0][:20] in m.value for m in at.markdown)  # the chart's title heads its table


def test_url_round_trip_restores_the_state():
    at = open_page("participation")
    for name, value in FILTER_VALUES.items():
        set_filter(at, name, value)
    query = {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert query["years"] == "2016-2018" and query["countries"] == "CN"
    reopened = open_page("participation", query)
    assert reopened.multiselect(key="url_countries").value == ["CN"]
    assert (reopened.selectbox(key="url_years_from").value, reopened.selectbox(key="url_years_to").value) == (2016, 2018)
    assert reopened.multiselect(key="url_ages").value == ["age_65_plus"]
    assert reopened.multiselect(key="url_themes").value == ["digital"]
    assert shown(reopened) == shown(at)


def test_deep_link_with_filters_opens_that_view():
    at = open_page("ageing", {"places": "tak,yala", "years": "2000-2017"})
    assert at.multiselect(key="url_places").value == ["tak", "yala"]
    names = {trace["name"] for c in at.get("plotly_chart") for trace in json.loads(c.proto.spec)["data"]}
    assert names and all(n.startswith(("Tak", "Yala")) for n in names)


def test_click_on_a_place_selects_it_across_pages():
    at = open_page("participation")
    at.session_state["participation_places"] = {
        "selection": {"points": [{"customdata": ["lamphun"], "x": 1, "y": "Lamphun"}], "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    assert at.query_params["place"] in ("lamphun", ["lamphun"])
    at.switch_page("pages/place.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Lamphun"


def test_empty_filters_show_a_message_not_an_error():
    at = open_page("participation", {"places": "xuhui", "years": "1990-1995"})
    assert not at.exception
    assert at.info and not at.get("plotly_chart")


@pytest.mark.parametrize("query", [{"places": "<img src=x onerror=alert(1)>"}, {"years": "abc"}, {"place": "../../etc"},
                                   {"place": "global"}, {"place": "xuhui"},
                                   {"lang": "xx"}, {"themes": ",,,"}])
def test_odd_urls_do_not_crash(query):
    for page in ("overview", "participation", "place"):
        open_page(page, query)


def test_first_start_builds_the_missing_database(tmp_path, monkeypatch):
    import lcd.config

    monkeypatch.delenv("LCD_DB")
    monkeypatch.setattr(lcd.config, "DEFAULT_DB", tmp_path / "fresh.duckdb")
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert (tmp_path / "fresh.duckdb").exists()
    with (ROOT / "data" / "raw" / "programs.csv").open(encoding="utf-8") as handle:
        programmes = sum(1 for _ in csv.DictReader(handle))
    assert at.metric and at.metric[1].label == "Programmes" and at.metric[1].value == str(programmes)


def test_a_rebuilt_database_is_read_without_a_restart(tmp_path, monkeypatch, raw_copy):
    from etl.build import build

    db = tmp_path / "live.duckdb"
    first = build(raw_copy, db, synthetic_rows=300, seed=1)
    monkeypatch.setenv("LCD_DB", str(db))
    at = open_page("sources")
    assert at.metric[0].value == first.data_version
    second = build(raw_copy, db, synthetic_rows=300, seed=2)
    assert second.data_version != first.data_version
    at.run()
    assert not at.exception
    assert at.metric[0].value == second.data_version


@pytest.mark.parametrize("table", ["observations", "programs", "participation", "places", "sources"])
def test_data_page_shows_each_table_with_row_count_and_downloads(table):
    at = open_page("data", {"table": table})
    assert at.dataframe and len(at.dataframe[0].value) > 0
    rows = next(m.value for m in at.markdown if "rows in this view" in m.value)
    assert f"**{len(at.dataframe[0].value)}**" in rows
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"CSV (Excel, UTF-8)", "Excel workbook", "Parquet", "Data package (zip)"} <= set(labels)
    assert any("data version" in c.value for c in at.code)  # the citation


def test_data_page_columns_sort_and_grain_follow_the_url():
    at = open_page("data", {"table": "participation", "grain": "place,sex", "cols": "place_id,sex,participants",
                            "sort": "participants", "order": "desc"})
    frame = at.dataframe[0].value
    assert list(frame.columns) == ["Place id", "Sex", "Participants"]
    assert frame["Participants"].is_monotonic_decreasing
    assert set(frame["Sex"]) == {"Female", "Male"}
    at.multiselect(key="url_grain").set_value(["year"]).run()
    assert "grain" in at.query_params and not at.exception


def test_presentation_mode_shows_one_chart_and_moves_by_the_url():
    at = open_page("participation", {"present": "1"})
    assert len(at.get("plotly_chart")) == 1
    first = at.get("plotly_chart")[0].proto.spec
    next_button = next(b for b in at.button if b.label == "Next")
    next_button.click().run()
    assert at.query_params["slide"] in ("2", ["2"])
    assert len(at.get("plotly_chart")) == 1 and at.get("plotly_chart")[0].proto.spec != first
    next(b for b in at.button if b.label == "Next").click().run()
    assert at.query_params["slide"] in ("3", ["3"])
    next(b for b in at.button if b.label == "Exit").click().run()
    assert "present" not in at.query_params and "slide" not in at.query_params
    assert at.segmented_control(key="url_view")  # the page with its chooser again


def test_share_link_and_meeting_pack_are_offered():
    at = open_page("ageing", {"places": "tak,yala"})
    assert any("places=tak,yala" in c.value for c in at.code)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Standalone HTML (works offline)" in labels and "PowerPoint deck (PPTX)" in labels
    assert "PNG image" in labels and "SVG image" in labels


def test_a_built_chart_is_reused_for_the_same_view_and_rebuilt_when_the_view_changes(monkeypatch):
    from lcd import charts, panels

    langs = []
    real = charts.series_lines
    monkeypatch.setattr(charts, "series_lines", lambda *a, **k: langs.append(k["lang"]) or real(*a, **k))
    panels.clear_cache()
    try:
        first = shown(open_page("ageing"))
        assert langs == ["en"]
        assert shown(open_page("ageing")) == first and langs == ["en"]  # another session on the same link
        assert not open_page("ageing", {"show": "table"}).get("plotly_chart") and langs == ["en"]  # its table
        open_page("ageing", {"lang": "th"})
        assert langs == ["en", "th"]
        assert shown(open_page("ageing", {"places": "tak"})) != first and len(langs) == 3
    finally:
        panels.clear_cache()


def test_tables_show_a_missing_value_as_a_dash_not_none():
    at = open_page("place", {"place": "tak"})
    assert at.dataframe and all(table.proto.placeholder == "–" for table in at.dataframe)
    assert any(table.value.isna().any().any() for table in at.dataframe)  # e.g. a programme's unknown start year


def test_a_story_link_reopens_its_steps_and_a_damaged_one_says_so():
    from lcd import story

    made = story.Story((story.step_of("ageing", {"places": "lamphun"}, "Lamphun ages fast"),
                        story.step_of("coverage", {"places": "atlantis"}, "A place that has gone")))
    at = open_page("story", {"story": story.encode(made)})
    captions = [w.value for w in at.text_input]
    assert captions == ["Lamphun ages fast", "A place that has gone"]
    assert any("atlantis" in w.value for w in at.warning)
    at.button(key="story_down_0").click().run()  # reorder: the URL follows
    assert [w.value for w in at.text_input] == ["A place that has gone", "Lamphun ages fast"]
    reordered = story.decode(at.query_params["story"][0] if isinstance(at.query_params["story"], list) else at.query_params["story"],
                             [p for p, _ in PAGES])
    assert [s.caption for s in reordered.steps] == ["A place that has gone", "Lamphun ages fast"]
    damaged = open_page("story", {"story": "not-a-story"})
    assert damaged.error and "damaged" in damaged.error[0].value


def test_add_to_story_collects_views_across_pages():
    at = open_page("ageing", {"places": "tak"})
    at.button(key="story_add_ageing").click().run()
    at.switch_page("pages/story.py").run()
    assert [w.value for w in at.text_input] and "Share aged 60+" in at.text_input[0].value
