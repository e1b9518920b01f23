"""Issue 16: stories (round trip, hostile input, reopening after a rebuild, deck and pack of every step),
the moving bubbles, before-and-after maps, one colour per place, named offline maps, presenter comfort."""

from __future__ import annotations

import base64
import io
import json
import zlib

import pandas as pd
import plotly.graph_objects as go
import pytest

from lcd import charts, comparable, export, geo, queries as q, story
from lcd.charts.base import PLACE_COLORS, color_for
from lcd.presenting import FONT_MIN, large

PAGES = ("overview", "ageing", "compare", "map", "framework", "coverage", "data")


@pytest.fixture(autouse=True)
def _db(app_db):
    yield


def three_steps() -> story.Story:
    return story.Story((story.step_of("overview", {"lang": "th"}, "ที่เครือข่ายยืนอยู่"),
                        story.step_of("ageing", {"places": "lamphun,tak", "lang": "th", "present": "1"}, "ลำพูนสูงวัยเร็ว"),
                        story.step_of("framework", {"view": "compare", "place": "shanghai"}, "What Shanghai does differently")),
                       "v1", "th")


def test_a_story_round_trips_through_its_link_and_its_file():
    made = three_steps()
    assert story.decode(story.encode(made), PAGES) == made
    assert story.from_json(story.to_json(made), PAGES) == made
    assert len(story.encode(made)) < 600  # compact enough for a link in a chat message
    assert "present" not in made.steps[1].query  # a step keeps the view, never presentation state


def test_steps_are_added_reordered_captioned_and_removed():
    made = three_steps()
    moved = made.move(2, -1)
    assert [s.page for s in moved.steps] == ["overview", "framework", "ageing"]
    assert made.move(0, -1) == made and made.move(2, 1) == made  # nothing moves past either end
    assert moved.caption(0, "  Where we stand\x07 ").steps[0].caption == "Where we stand"
    assert [s.page for s in moved.remove(1).steps] == ["overview", "ageing"]
    full = story.Story(tuple(story.step_of("ageing", {}) for _ in range(story.MAX_STEPS)))
    with pytest.raises(story.StoryError) as refused:
        full.add(story.step_of("overview", {}))
    assert refused.value.key == "story.error.too_many"


@pytest.mark.parametrize("raw,key", [
    (b"[1, 2]", "story.error.shape"),
    (b"{not json", "story.error.json"),
    (b"\xff\xfe", "story.error.json"),
    (json.dumps({"version": 2, "steps": []}).encode(), "story.error.version"),
    (json.dumps({"version": 1, "steps": [{"page": "../../etc/passwd"}]}).encode(), "story.error.page"),
    (json.dumps({"version": 1, "steps": [{"page": "ageing", "params": {"evil": "<script>"}}]}).encode(), "story.error.param"),
    (json.dumps({"version": 1, "steps": [{"page": "ageing", "params": {"places": "x" * 5000}}]}).encode(), "story.error.param"),
    (json.dumps({"version": 1, "steps": [{"page": "ageing", "caption": "c" * 301}]}).encode(), "story.error.caption"),
    (json.dumps({"version": 1, "steps": ["ageing"]}).encode(), "story.error.step"),
    (b"{" * 70_000, "story.error.too_big"),
    (b"[" * 30_000 + b"]" * 30_000, "story.error.json"),  # deep nesting: refused before it can exhaust the stack
])
def test_a_hostile_story_file_is_refused_with_its_reason(raw, key):
    with pytest.raises(story.StoryError) as refused:
        story.from_json(raw, PAGES)
    assert refused.value.key == key


def test_a_damaged_or_bomb_link_is_refused():
    with pytest.raises(story.StoryError) as refused:
        story.decode(story.encode(three_steps())[:-7], PAGES)
    assert refused.value.key in ("story.error.link", "story.error.json")
    bomb = base64.urlsafe_b64encode(zlib.compress(b" " * 5_000_000, 9)).decode().rstrip("=")
    assert len(bomb) < 10_000
    with pytest.raises(story.StoryError) as refused:
        story.decode(bomb, PAGES)
    assert refused.value.key == "story.error.too_big"


def test_a_step_whose_place_or_indicator_has_gone_says_which():
    step = story.step_of("coverage", {"places": "lamphun,atlantis", "place": "atlantis", "indicator": "gone_indicator"})
    missing = story.gone(step, q.places().place_id, q.indicators().indicator_id)
    assert missing.places == ("atlantis",) and missing.indicators == ("gone_indicator",)
    assert not story.gone(story.step_of("ageing", {"places": "lamphun"}), q.places().place_id, q.indicators().indicator_id)


def test_the_deck_and_pack_hold_every_step_with_caption_chart_lines_and_notes(app_db, tmp_path):
    from pptx import Presentation

    from lcd import storyboard

    made = story.Story((*three_steps().steps, story.step_of("ageing", {"places": "atlantis"}, "A place that has gone")), "v0", "en")
    slides = storyboard.slides(made, "en", "http://host")
    assert [s.title for s in slides] == [s.caption for s in made.steps]
    assert all(s.figure is not None for s in slides[:3]) and "atlantis" in slides[3].message
    assert all(s.lines[-1].startswith("http://host/") for s in slides) and "places=lamphun%2Ctak" in slides[1].lines[-1] \
        or "places=lamphun,tak" in slides[1].lines[-1]
    assert all(s.notes for s in slides[:3])  # each chart's summary, for the notes
    meta = export.ViewMeta(title="Story", filters_text="", data_version="v9", built_at="b", url="http://host/story", lang="en",
                           accessed="2026-11-30")
    deck = Presentation(io.BytesIO(export.pptx_bytes(slides, meta)))
    shown = list(deck.slides)[1:]
    assert [s.shapes.title.text for s in shown] == [s.caption for s in made.steps]
    assert [sum(p.shape_type == 13 for p in s.shapes) for s in shown] == [1, 1, 1, 1]
    gone = "\n".join(p.text_frame.text for p in shown[3].shapes if p.has_text_frame)
    assert "atlantis" in gone  # the step whose place has gone says so, and shows what remains
    assert shown[1].notes_slide.notes_text_frame.text == slides[1].notes
    version = q.build_info().iloc[0].data_version  # the data the steps were drawn from, now
    assert all(version in "\n".join(p.text_frame.text for p in s.shapes if p.has_text_frame) for s in shown)
    html = export.html_pack(slides, meta).decode()
    assert all(caption in html for caption in ("ที่เครือข่ายยืนอยู่", "ลำพูนสูงวัยเร็ว", "What Shanghai does differently"))
    assert html.count('class="plotly-graph-div"') == 4 and "atlantis" in html and "PlotlyGeoAssets" in html


def bubble_frame() -> pd.DataFrame:
    return q.ageing_and_programmes((), ())


def test_bubbles_move_through_the_years_and_never_invent_a_value():
    frame = bubble_frame()
    fig = charts.bubbles(frame, "programmes_per_100k", title="t", y_title="y", source="s", lang="th", basis_names={},
                         year_label=lambda y: str(int(y) + 543), trails=("lamphun",))
    years = sorted(frame.dropna(subset=["programmes_per_100k"]).year.unique())
    assert [f.name for f in fig.frames] == [str(y) for y in years]
    assert [s.label for s in fig.layout.sliders[0].steps] == [str(y + 543) for y in years]  # the reader's era
    assert fig.layout.updatemenus[0].buttons[0].method == "animate"
    known = {(r.place_id, r.year) for r in frame.itertuples()}
    for f in fig.frames:
        for trace in f.data:
            assert all((c[0], int(f.name)) in known for c in trace.customdata)  # only places with values that year
    trail = next(t for t in fig.data if t.name == "Lamphun")
    assert len(trail.x) == len(frame[frame.place_id == "lamphun"])
    lamphun = frame[frame.place_id == "lamphun"]
    assert lamphun.basis.nunique() == 1  # one basis per place


def test_the_bubbles_summary_speaks_of_the_year_the_chart_opens_on():
    """A year where a place lacks its residents is not drawn; the summary must not open on it either."""
    from lcd import summaries
    from tests.test_insight import words

    def opening(frame) -> int:
        fig = charts.bubbles(frame, "programmes_per_100k", title="t", y_title="y", source="s", lang="en", basis_names={})
        return int(fig.frames[fig.layout.sliders[0].active].name)

    frame = bubble_frame()
    before = opening(frame)
    frame.loc[frame.year == before, "population"] = None  # the chart cannot size a bubble that year
    opened = opening(frame)
    assert opened != before
    text = summaries.bubbles(frame, words("en"), "programmes_per_100k", "programmes")
    assert text.startswith(f"In {opened},"), text


def test_the_rate_bubbles_are_labelled_synthetic():
    fig = charts.bubbles(bubble_frame(), "rate_per_1000", title="t", y_title="y", source="s", lang="en", basis_names={})
    assert any(a.name == "synthetic" for a in fig.layout.annotations)


def test_before_and_after_share_one_scale_and_a_change_needs_one_basis():
    values = q.indicator_values("population_60plus_pct", None)
    districts = {f["id"] for f in geo.shanghai_districts()["features"]}
    shanghai = values[values.place_id.isin(districts)]
    assert comparable.two_years(shanghai) == (2012, 2017)
    before, after = (comparable.pick(shanghai, y, tolerance=0) for y in (2012, 2017))
    diff = comparable.change(before, after)
    assert diff is not None and len(diff) == 16 and set(diff.basis) == {"hukou"}
    assert (diff.value == diff.value_after - diff.value_before).all()
    fig = charts.before_after(geo.shanghai_districts(), before.assign(detail=""), after.assign(detail=""), feature_key="place_id",
                              value="value", titles=("2012", "2017"), title="t", unit="%", source="s", lang="en")
    valued = [t for t in fig.data if t.type == "choropleth" and t.name]
    assert {t.geo for t in valued} == {"geo", "geo2"} and len({(t.zmin, t.zmax) for t in valued}) == 1
    provinces = {f["id"] for f in geo.thai_provinces()["features"]}
    thai = values[values.place_id.isin(provinces)]
    two = comparable.two_years(thai)
    thai_before, thai_after = (comparable.pick(thai, y, tolerance=0) for y in two)
    if set(thai_before.basis) != set(thai_after.basis):
        assert comparable.change(thai_before, thai_after) is None  # never a change across bases


def test_maps_name_their_places_and_fetch_nothing():
    places = q.places()
    points = places[places.place_id.isin(["lamphun", "tak", "yala", "chengdu"])]
    fig = charts.choropleth(geo.thai_provinces(), q.latest_values("population_60plus_pct", ("lamphun", "tak")), feature_key="place_id",
                            value="value", title="t", unit="%", source="s", lang="en", points=points)
    names = next(t for t in fig.data if t.type == "scattergeo")
    assert set(names.text) == {"Lamphun", "Tak", "Yala"} and "text" in names.mode  # Chengdu is off this map
    assert fig.layout.geo.visible is False and "http" not in fig.to_json()


def test_every_place_keeps_one_distinct_colour_blind_safe_colour():
    assert len(set(PLACE_COLORS.values())) == len(PLACE_COLORS)
    assert set(PLACE_COLORS.values()) <= set(charts.PALETTE)
    for defaults in (("shanghai", "bangkok", "lamphun"), ("shanghai", "thailand", "lamphun", "tak", "yala")):
        assert len({color_for(p) for p in defaults}) == len(defaults)
    assert color_for("some_new_place") == color_for("some_new_place") and color_for("some_new_place") in charts.PALETTE


def test_presentation_text_is_readable_from_the_back_of_the_room():
    fig = charts.series_lines(q.series(("population_60plus_pct",), ("tak",), (1990, 2036)), title="t", unit="%", source="s",
                              lang="en", basis_names={}, thresholds=True)
    big = large(fig)
    assert big.layout.font.size >= 20 and big.layout.title.font.size >= 30
    assert all(a.font.size >= FONT_MIN for a in big.layout.annotations)


def test_milestone_labels_on_a_slide_each_have_a_row_of_their_own():
    """On a slide the labels grow to FONT_MIN; sharing the chart's four rows, they ran into each other."""
    fig = go.Figure(go.Scatter(x=[2000, 2025], y=[1, 2]))
    events = pd.DataFrame({"year": [2001, 2005, 2010, 2015, 2020, 2024], "place": ["A"] * 6, "event": ["e"] * 6,
                           "date_text": ["2001"] * 6})
    fig = charts.with_milestones(fig, events, "en")
    assert len({a.y for a in fig.layout.annotations if a.name == "milestone"}) < 6  # the chart shares rows
    rows = [a.y for a in large(fig).layout.annotations if a.name == "milestone"]
    assert len(rows) == 6 and len(set(rows)) == 6


def test_images_put_the_legend_beside_the_plot_and_the_title_off_the_edge():
    fig = go.Figure([go.Scatter(x=[1], y=[1], name="a"), go.Scatter(x=[1], y=[2], name="b")])
    fig.update_layout(legend={"orientation": "h", "y": -0.2}, margin={"l": 10})
    meta = export.ViewMeta(title="t", filters_text="", data_version="v", built_at="b", url="u", lang="en", accessed="a")
    out = export.with_footer(fig, meta)
    assert out.layout.legend.orientation == "v" and out.layout.legend.x >= 1
    assert out.layout.margin.l >= 40 and out.layout.title.pad.l >= 20
