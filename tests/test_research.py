"""Issue 17: the researcher's slice: indicator filter and exact years (URL and exports), workbooks ready to
use, the data contract in the app in three languages, upload problems that teach, the console's schema and
examples, codes read as names with the codes kept."""

from __future__ import annotations

import io
import re

import duckdb
import openpyxl
import pytest

from etl.build import build
from etl.contract import TABLES
from etl.problems import BuildFailed
from lcd import console, contract_text, export, overlay, problems_text, queries as q
from lcd.i18n import LANGUAGES, t
from lcd.tables import localised, with_names
from tests.conftest import RAW
from tests.test_app import open_page

SCRIPT = {"zh": re.compile("[\u4e00-\u9fff]"), "th": re.compile("[\u0e00-\u0e7f]")}


@pytest.fixture(autouse=True)
def _db(app_db):
    yield


def test_the_indicator_filter_and_exact_years_narrow_the_table_through_the_url():
    at = open_page("data", {"table": "observations", "indicators": "population_60plus_pct", "countries": "TH", "years": "2010-2017"})
    table = at.dataframe[0].value
    assert set(table["Indicator id"]) == {"population_60plus_pct"} and len(table) > 0
    assert table["Year"].between(2010, 2017).all() and {2010, 2017} <= set(table["Year"])
    assert at.multiselect(key="url_indicators").value == ["population_60plus_pct"]
    assert at.selectbox(key="url_years_from").value == 2010 and at.selectbox(key="url_years_to").value == 2017
    everything = open_page("data", {"table": "observations", "countries": "TH", "years": "2010-2017"}).dataframe[0].value
    assert len(everything) > len(table)  # no indicator chosen: all of them
    programmes = open_page("data", {"table": "programs", "themes": "culture"})
    assert at.multiselect(key="url_indicators") and not [w for w in programmes.multiselect if w.key == "url_indicators"]
    assert [w for w in programmes.multiselect if w.key == "url_themes"]  # themes only where the table has them
    assert not [w for w in at.multiselect if w.key in ("url_themes", "url_ages")]


def meta(lang: str = "en") -> export.ViewMeta:
    return export.ViewMeta(title="Data", filters_text="Indicators: Share of population aged 60+", data_version="v", built_at="b",
                           url="u", lang=lang, accessed="2026-11-30")


def test_the_workbook_is_ready_to_use():
    from lcd.downloads import glossary

    frame = q.data_table("observations", (), ("TH",), (2010, 2017), (), (), ("place", "year"), "th", ("population_60plus_pct",))
    columns = ["place", "place_id", "indicator", "year", "value", "unit", "basis", "flag", "source_ids", "note"]
    shown = localised(frame, columns, "th", keep_codes=True)
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(shown, meta("th"), q.sources().head(3), glossary("th"))))
    data = book.worksheets[0]
    assert data.freeze_panes == "A2" and data.auto_filter.ref == data.dimensions
    header = [c.value for c in data[1]]
    assert t("col.basis", lang="th") in header and t("col.code_of", lang="th", column=t("col.basis", lang="th")) in header
    values = [row[header.index(t("col.value", lang="th"))] for row in data.iter_rows(min_row=2, values_only=True)]
    assert len(values) == len(frame) and all(isinstance(v, (int, float)) for v in values)  # numbers as numbers
    years = [row[header.index(t("col.year", lang="th"))] for row in data.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(y, int) and 2010 <= y <= 2017 for y in years)
    codes = {row[header.index(t("col.code_of", lang="th", column=t("col.basis", lang="th")))] for row in data.iter_rows(min_row=2, values_only=True)}
    assert codes <= set(frame.basis)  # the codes kept beside the names
    widths = {c: data.column_dimensions[c].width for c in "ABCDEFGH"}
    assert widths["A"] > 8 and len(set(widths.values())) > 2  # sized to the content
    sheets = [s.title for s in book.worksheets]
    assert t("export.sheet.glossary", lang="th") in sheets
    glossary_rows = list(book[t("export.sheet.glossary", lang="th")].iter_rows(min_row=2, values_only=True))
    described = [r for r in glossary_rows if r[1] == "dopa_registration"]
    assert described and SCRIPT["th"].search(described[0][2]) and SCRIPT["th"].search(described[0][3])  # meaning in Thai
    assert {r[1] for r in glossary_rows} >= {"reported", "derived", "estimate", "projection", "synthetic"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_contract_page_lists_every_table_and_column(lang):
    at = open_page("contract", {"lang": lang})
    shown = {}
    for table in at.table:
        frame = table.value
        shown[tuple(frame.index)] = frame
    for table in TABLES:
        frame = shown[tuple(c.name for c in table.columns)]  # each table's columns, in order
        meaning = frame[t("col.meaning", lang=lang)].tolist()
        assert all(meaning), table.name
        if lang in SCRIPT:
            assert all(SCRIPT[lang].search(m) for m in meaning), (table.name, meaning)
    assert len(shown) == len(TABLES)


def test_every_contract_text_is_translated():
    english = contract_text.english()
    for lang in ("zh", "th"):
        translated = contract_text._translated(lang)
        assert set(translated) == set(english), lang
        for key, text in translated.items():
            assert sorted(re.findall(r"\{\w+\}", text)) == sorted(re.findall(r"\{\w+\}", english[key])), key


def upload(files: dict[str, bytes]) -> list:
    with pytest.raises(BuildFailed) as failed:
        overlay.build(files)
    return failed.value.problems


def test_a_one_letter_typo_gets_one_problem_with_did_you_mean():
    text = (RAW / "programs.csv").read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    problems = upload({"programs.csv": (header.replace("start_year", "strat_year") + "\n" + rest).encode()})
    assert len(problems) == 1, [str(p) for p in problems]
    found = problems[0]
    assert found.column == "strat_year" and found.key == "did_you_mean" and dict(found.values)["suggestion"] == "start_year"
    assert "did you mean start_year?" in found.message
    expected = dict(found.values)["expected"]
    assert expected.split(", ") == [c.name for c in next(tb for tb in TABLES if tb.name == "programs").columns]  # in full
    for lang in ("zh", "th"):
        said = problems_text.text(found, lang)
        assert SCRIPT[lang].search(said) and "start_year" in said and expected in said
    assert problems_text.table_of(found) == "programs"


def test_problems_are_said_in_the_readers_language():
    raw_problem = next(p for p in upload({"observations.csv": b"place_id,year,indicator_id,value,unit,basis,flag,source_id,note\n"
                                                           b"tak,20x4,population_total,1,persons,dopa_registration,reported,S17,\n"})
                       if p.key == "wrong_type")
    for lang in ("zh", "th"):
        said = problems_text.text(raw_problem, lang)
        assert SCRIPT[lang].search(said) and "20x4" in said and "{" not in said


def test_the_consoles_examples_run_and_its_schema_lists_the_tables():
    for name, sql in console.EXAMPLES.items():
        result = console.run(sql)
        assert len(result.frame) > 0, name
    schema = q.schema()  # what the console lists beside its editor
    assert {"observations", "programs", "places", "participation_cube"} <= set(schema.table_name)
    assert {"place_id", "indicator_id", "value", "basis", "flag"} <= set(schema[schema.table_name == "observations"].column_name)


def test_codes_read_as_names_and_stay_as_codes():
    result = console.run(console.EXAMPLES["ageing"]).frame
    named = with_names(result, "zh")
    columns = list(named.columns)
    assert columns.index("place_name") == columns.index("place_id") + 1 and columns.index("basis_name") == columns.index("basis") + 1
    assert (named.basis == result.basis).all()  # codes unchanged
    shanghai = named[named.place_id == "shanghai"]
    assert set(shanghai.place_name) == {"上海市"} and set(shanghai.basis_name) <= set(q.code_names("zh")["basis"].values())


def test_flags_and_bases_are_explained_in_chinese_and_thai(tmp_path):
    result = build(RAW, tmp_path / "w.duckdb", synthetic_rows=200)
    con = duckdb.connect(str(result.db_path), read_only=True)
    described = con.execute("SELECT count(*) FROM vocabulary WHERE kind IN ('flag', 'basis') AND description_th <> ''").fetchone()[0]
    assert described == con.execute("SELECT count(*) FROM vocabulary WHERE kind IN ('flag', 'basis')").fetchone()[0]
