"""Every export is parsed back and holds exactly the filtered rows and the view's metadata."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from lcd import charts, export, queries as q
from lcd.filters import Filters, describe

HOSTILE = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "safe text", "ตาก 上海"]


@pytest.fixture(autouse=True)
def _db(app_db):
    yield


@pytest.fixture
def meta():
    return export.ViewMeta(title="Participation · Learning Cities Dashboard", filters_text="Places: Tak, Yala; Years: 2016–2018",
                           data_version="abc123", built_at="2026-11-29 10:00 UTC", url="http://localhost/participation?places=tak,yala",
                           lang="en", accessed="2026-11-29", flags=("synthetic",), page="Participation")


@pytest.fixture
def frame():
    return q.data_table("participation", ("tak", "yala"), (), (2016, 2018), (), (), ("place", "year", "sex"))


def test_csv_has_a_bom_and_exactly_the_rows(frame):
    data = export.csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(back) == len(frame) and list(back.columns) == list(frame.columns)
    assert back.participants.sum() == frame.participants.sum()
    assert set(back.source_ids) == {"synthetic_participation"}


def test_formulas_are_neutralised_in_csv_and_xlsx(meta):
    hostile = pd.DataFrame({"name": HOSTILE, "value": range(len(HOSTILE))})
    rows = list(csv.reader(io.StringIO(export.csv_bytes(hostile).decode("utf-8-sig"))))[1:]
    names = [r[0] for r in rows]
    assert names[:5] == ["'" + v for v in HOSTILE[:5]] and names[5:] == HOSTILE[5:]
    assert [r[1] for r in rows] == [str(i) for i in range(len(HOSTILE))]  # numbers are untouched
    workbook = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(hostile, meta, pd.DataFrame(columns=["source_id"]))))
    cells = [row[0].value for row in workbook["data"].iter_rows(min_row=2)]
    assert all(not str(c).startswith(("=", "+", "-", "@")) for c in cells)
    assert all(row[0].data_type != "f" for row in workbook["data"].iter_rows(min_row=2))


def test_xlsx_has_data_metadata_and_sources_sheets(frame, meta):
    sources = q.sources()
    used = sources[sources.source_id.isin({"synthetic_participation"})]
    workbook = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(frame, meta, used)))
    assert workbook.sheetnames == ["data", "metadata", "sources"]
    assert workbook["data"].max_row - 1 == len(frame)
    metadata = {row[0].value: row[1].value for row in workbook["metadata"].iter_rows(min_row=2)}
    assert metadata["Filters"] == meta.filters_text and metadata["Data version"] == "abc123"
    assert metadata["View URL"] == meta.url and "abc123" in metadata["Citation"] and meta.url in metadata["Citation"]
    assert "synthetic" in metadata["Warning"].lower()
    assert [row[0].value for row in workbook["sources"].iter_rows(min_row=2)] == ["synthetic_participation"]


def test_parquet_round_trip_with_metadata(frame, meta):
    table = pq.read_table(io.BytesIO(export.parquet_bytes(frame, meta)))
    assert table.num_rows == len(frame)
    assert table.to_pandas().participants.sum() == frame.participants.sum()
    view = json.loads(table.schema.metadata[b"lcd_view"])
    assert view["data_version"] == "abc123" and view["url"] == meta.url
    assert table.schema.metadata[b"lcd_citation"].decode() == meta.citation()


def test_data_package_holds_csv_descriptor_and_readme(frame, meta):
    archive = zipfile.ZipFile(io.BytesIO(export.data_package(frame, meta, q.sources().head(2))))
    assert sorted(archive.namelist()) == ["README.md", "data.csv", "datapackage.json"]
    back = pd.read_csv(archive.open("data.csv"), encoding="utf-8-sig")
    assert len(back) == len(frame)
    descriptor = json.loads(archive.read("datapackage.json"))
    assert descriptor["version"] == "abc123" and descriptor["citation"] == meta.citation()
    assert [f["name"] for f in descriptor["resources"][0]["schema"]["fields"]] == list(frame.columns)
    assert len(descriptor["sources"]) == 2
    assert meta.filters_text in archive.read("README.md").decode()


def figures():
    part = q.participation_by("place_age", ("tak", "yala"), (), (2016, 2018), (), ())
    shares = q.series(("population_60plus_pct",), ("tak", "shanghai"), (1990, 2036), "th")
    return [
        charts.place_bars(part, "participants", title="Participants", unit="persons", source="S1", lang="en", stack="age_group"),
        charts.series_lines(shares, title="สัดส่วนผู้สูงอายุ 60+", unit="%", source="S2", lang="th", basis_names={}),
    ]


def test_html_pack_is_standalone(meta):
    html = export.html_pack(export.page_slides(figures(), meta), meta).decode("utf-8")
    thai = "สัดส่วนผู้สูงอายุ 60+"
    assert "Participants" in html and (thai in html or json.dumps(thai)[1:-1] in html) and meta.url in html
    assert html.count('class="plotly-graph-div"') == 2
    assert "Plotly.newPlot" in html and len(html) > 3_000_000  # plotly.js is embedded
    assert not re.search(r"""<script[^>]+src=|<link[^>]+href=["']https?:|url\(["']?https?:|@import""", html)


def test_images_have_the_footer_and_render(meta):
    fig = figures()[1]
    assert meta.url in export.with_footer(fig, meta).layout.annotations[-1].text
    png = export.figure_image(fig, "png", meta)
    assert png.startswith(b"\x89PNG")
    svg = export.figure_image(fig, "svg", meta).decode("utf-8")
    assert svg.startswith("<svg") and "abc123" in svg and "Noto Sans Thai" in svg


def test_pptx_has_a_title_slide_and_one_slide_per_chart(meta):
    from pptx import Presentation

    charts_ = figures()
    charts_[1].update_layout(meta={**charts_[1].layout.meta, "summary": "Tak: 16.2% in 2024."})
    deck = Presentation(io.BytesIO(export.pptx_bytes(export.page_slides(charts_, meta), meta)))
    slides = list(deck.slides)
    assert len(slides) == 3
    assert slides[0].shapes.title.text == meta.title
    for slide, title in zip(slides[1:], ["Participants", "สัดส่วนผู้สูงอายุ 60+"]):
        assert slide.shapes.title.text == title  # in the title placeholder: the outline lists it
        text = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame and s != slide.shapes.title)
        assert meta.filters_text in text and "abc123" in text and meta.url in text
        assert title not in text and "S1" not in text and "S2" not in text  # neither title nor sources repeated
        picture = next(s for s in slide.shapes if s.shape_type == 13)
        assert abs((picture.left + picture.width / 2) - deck.slide_width / 2) < deck.slide_width * 0.01  # centred
    assert slides[2].notes_slide.notes_text_frame.text == "Tak: 16.2% in 2024."  # the summary, for the presenter
    assert not slides[1].has_notes_slide or not slides[1].notes_slide.notes_text_frame.text


def test_missing_chromium_gives_a_clear_message(monkeypatch, meta):
    monkeypatch.setattr(export.shutil, "which", lambda name: None)
    assert not export.images_available()
    with pytest.raises(export.ImageExportUnavailable, match="apt-get install chromium"):
        export.figure_image(figures()[0], "png", meta)


def test_filters_in_words_and_citation(meta):
    text = describe(Filters(places=("tak", "yala"), years=(2016, 2018), themes=("digital",)),
                    {"tak": "Tak", "yala": "Yala"}, {"theme": {"digital": "Digital skills"}}, "en")
    assert text == "Places: Tak, Yala; Years: 2016–2018; Programme themes: Digital skills"
    assert describe(Filters(), {}, {}, "en") == "Places: all places"
    assert describe(Filters(), {}, {}, "en", applied=()) == "no filters (all places and years)"
    # a filter the view does not apply is never described (programmes have no years)
    assert describe(Filters(years=(2010, 2017)), {}, {}, "en", applied=("places", "countries")) == "Places: all places"
    citation = meta.citation()
    assert citation.startswith("Learning Cities Dashboard project. Participation [data set], data version abc123")
    assert citation.count("Learning Cities Dashboard") == 1  # named once, as the publisher
