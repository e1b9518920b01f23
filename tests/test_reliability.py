"""Bring your own data, the SQL console, hostile names, and concurrent readers across rebuilds."""

from __future__ import annotations

import hashlib
import html
import json
import threading

import pytest

from etl.build import build
from lcd import charts, console, db, export, overlay, queries as q
from tests.conftest import RAW
from tests.test_app import open_page
from tests.test_etl_validation import rows, write_rows

EVIL = "<img src=x onerror=alert(1)>"
EVIL_PROGRAMME = "**bold** [x](javascript:alert(1)) </script>"
REAL_RECORDS = ("program_id,place_id,year,age_group,sex,participants,learning_hours,flag,source_id\n"
                "lamphun-elderly-club,lamphun,2024,age_65_plus,female,140,1680,reported,S76\n"
                "lamphun-elderly-club,lamphun,2024,age_65_plus,male,95,1140,reported,S76\n")


@pytest.fixture(autouse=True)
def _db(app_db):
    yield


# --- bring your own data ------------------------------------------------------------------------

def test_valid_upload_is_used_by_that_session_only(app_db):
    before = hashlib.sha256(app_db.read_bytes()).hexdigest()
    at = open_page("upload")
    at.file_uploader[0].upload("participation.csv", REAL_RECORDS.encode(), "text/csv").run()
    next(b for b in at.button if b.label == "Check and use these files").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert overlay.SESSION_KEY in at.session_state
    assert any("in use in this session" in s.value for s in at.success)
    at.switch_page("pages/data.py")
    at.query_params["table"] = "participation"
    at.run()
    frame = at.dataframe[0].value
    assert frame["Participants"].sum() == 235 and set(frame["Flags"]) == {"reported"}
    other = open_page("data", {"table": "participation"})  # another session still sees the shared data
    assert other.dataframe[0].value["Participants"].sum() > 235
    assert hashlib.sha256(app_db.read_bytes()).hexdigest() == before  # nothing written to the shared file
    overlay.drop(at.session_state[overlay.SESSION_KEY])


def test_bad_upload_lists_every_problem_and_loads_nothing():
    bad = REAL_RECORDS.replace("female,140", "woman,-4").replace("S76\n", "S76\n", 1) + "nobody,lamphun,2024,age_0_59,male,1,1,reported,S76\n"
    at = open_page("upload")
    at.file_uploader[0].upload("participation.csv", bad.encode(), "text/csv").run()
    next(b for b in at.button if b.label == "Check and use these files").click().run()
    assert not at.exception and overlay.SESSION_KEY not in at.session_state
    listed = " ".join(m.value for m in at.markdown)  # every problem, whole, under its file
    assert "participation.csv" in listed
    for row, column in ((2, "sex"), (2, "participants"), (4, "program_id")):
        assert f"Row {row}, column {column}:" in listed.replace("\\", ""), (row, column)


def test_upload_name_size_and_row_limits():
    with pytest.raises(Exception) as failed:
        overlay.build({"notes.txt": b"hello", "places.csv": b"x" * (overlay.MAX_FILE_MB * 2**20 + 1)})
    messages = [str(p) for p in failed.value.problems]
    assert any(m.startswith("notes.txt:0::") and "not a table of the contract" in m for m in messages)
    assert any(m.startswith("places.csv:0::") and "MB (expected at most" in m for m in messages)
    many = REAL_RECORDS.splitlines()[0] + "\n" + (REAL_RECORDS.splitlines()[1] + "\n") * (overlay.ROW_LIMIT + 1)
    with pytest.raises(Exception) as failed:
        overlay.build({"participation.csv": many.encode()})
    assert any("rows is too many (expected at most 200,000)" in str(p) for p in failed.value.problems)


# --- SQL console --------------------------------------------------------------------------------

@pytest.mark.parametrize("sql,key", [
    ("select * from read_csv('/etc/passwd')", "console.forbidden"),
    ("select * from glob('/*')", "console.forbidden"),
    ("copy places to '/tmp/x.csv'", "console.only_select"),
    ("attach '/tmp/other.duckdb'", "console.only_select"),
    ("install httpfs", "console.only_select"),
    ("load httpfs", "console.only_select"),
    ("set memory_limit = '50GB'", "console.only_select"),
    ("pragma database_list", "console.only_select"),
    ("drop table places", "console.only_select"),
    ("select 1; select 2", "console.one_statement"),
    ("selec 1", "console.syntax"),
    ("", "console.empty"),
])
def test_console_refuses_with_a_clear_message(sql, key):
    with pytest.raises(console.Refused) as refused:
        console.run(sql)
    assert refused.value.key == key


def test_console_stops_runaway_queries_and_caps_rows():
    with pytest.raises(console.Refused) as refused:
        console.run("select count(*) from range(100000000) a, range(100000000) b", time_limit=0.5)
    assert refused.value.key == "console.timeout"
    result = console.run("select * from range(50000)")
    assert len(result.frame) == console.ROW_CAP and result.truncated
    places = len((RAW / "places.csv").read_text(encoding="utf-8").strip().splitlines()) - 1
    assert console.run("select count(*) AS n from places").frame.n[0] == places  # the connection still works


def test_console_on_the_data_page():
    at = open_page("data")
    buttons = len(at.get("download_button"))
    at.text_area(key="console_sql").set_value("select place_id, programs from places order by programs desc limit 3").run()
    next(b for b in at.button if b.label == "Run query").click().run()
    assert not at.exception
    assert list(at.dataframe[-1].value.columns) == ["place_id", "place_name", "programs"] and len(at.dataframe[-1].value) == 3
    assert len(at.get("download_button")) == buttons + 4  # the result downloads like any other view
    at.text_area(key="console_sql").set_value("copy places to '/tmp/x.csv'").run()
    next(b for b in at.button if b.label == "Run query").click().run()
    assert any("Only SELECT" in e.value for e in at.error)


# --- hostile names ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def evil_db(tmp_path_factory):
    return make_evil_db(tmp_path_factory.mktemp("evil"))


def make_evil_db(directory):
    """A warehouse where a place and a programme carry HTML and Markdown in their names."""
    import shutil

    raw = directory / "raw"
    shutil.copytree(RAW, raw)
    places = rows(raw / "places.csv")
    header = places[0]
    evil = dict(zip(header, next(r for r in places if r[0] == "tak")))
    evil.update(place_id="evil", name_en=EVIL, name_zh=EVIL, name_th=EVIL, parent_place_id="thailand", source_id="approx")
    write_rows(raw / "places.csv", places + [[evil[h] for h in header]])
    programs = rows(raw / "programs.csv")
    program = dict(zip(programs[0], programs[1]))
    program.update(program_id="evil-programme", place_id="evil", name_en=EVIL_PROGRAMME, name_zh=EVIL_PROGRAMME, name_th=EVIL_PROGRAMME)
    write_rows(raw / "programs.csv", programs + [[program[h] for h in programs[0]]])
    with (raw / "observations.csv").open("a", encoding="utf-8") as handle:
        for year in (2016, 2017):
            handle.write(f"evil,{year},population_total,500000,persons,dopa_model_calibrated,estimate,S17,\n")
            handle.write(f"evil,{year},population_60plus_pct,21.5,percent,dopa_model_calibrated,estimate,S17,\n")
            handle.write(f"evil,{year},population_65plus_pct,14.5,percent,dopa_model_calibrated,estimate,S17,\n")
    db_path = raw.parent / "evil.duckdb"
    build(raw, db_path, synthetic_rows=3000)
    return db_path


def test_hostile_names_are_text_in_charts_pages_and_exports(evil_db, monkeypatch):
    monkeypatch.setenv("LCD_DB", str(evil_db))
    frame = q.participation_by("place_age", ("evil", "tak"), (), (1990, 2036), (), ())
    assert EVIL in set(frame.place)
    fig = charts.place_bars(frame, "participants", title="t", unit="u", source="s", lang="en", stack="age_group")
    spec = fig.to_json()
    assert "<img" not in spec and html.escape(EVIL, quote=False) in json.loads(spec)["data"][0]["y"]
    page = open_page("place", {"place": "evil"})
    assert page.title[0].value == "\\<img src=x onerror=alert\\(1\\)\\>"  # escaped Markdown shows the characters
    table = open_page("data", {"table": "programs", "places": "evil"}).dataframe[0].value
    assert EVIL_PROGRAMME in set(table["Name"])
    meta = export.ViewMeta(title=EVIL, filters_text=EVIL, data_version="v", built_at="b", url="u", lang="en", accessed="a")
    assert EVIL in export.csv_bytes(frame).decode("utf-8-sig")
    html_pack = export.html_pack(export.page_slides([fig], meta), meta).decode()
    assert "<img src=x" not in html_pack and "</script>\\n" not in html_pack.split("<script")[-1][:10]


# --- concurrency across a rebuild ---------------------------------------------------------------

def test_concurrent_readers_survive_rebuilds(tmp_path, raw_copy):
    path = tmp_path / "live.duckdb"
    versions = {build(raw_copy, path, synthetic_rows=500, seed=1).data_version}
    errors: list[BaseException] = []
    seen: set[str] = set()
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                seen.add(db.fetch("SELECT data_version FROM build_info", path=path).data_version[0])
                db.fetch("SELECT count(*) FROM participation_cube", path=path)
            except BaseException as error:  # noqa: BLE001 - any failure is what this test looks for
                errors.append(error)

    threads = [threading.Thread(target=reader) for _ in range(6)]
    for thread in threads:
        thread.start()
    for seed in (2, 3, 4):
        versions.add(build(raw_copy, path, synthetic_rows=500, seed=seed).data_version)
    stop.set()
    for thread in threads:
        thread.join()
    assert errors == []
    assert seen <= versions and len(seen) >= 2  # readers moved on to new versions without a restart


def test_a_view_whose_upload_is_gone_says_so_and_offers_to_upload_again():
    """A replica lost: the browser comes back to a server that never had its upload (data=upload in the URL)."""
    at = open_page("ageing", {"data": "upload", "places": "tak"})
    assert any("Upload your files again" in w.value for w in at.warning)
    links = [link.proto for link in at.get("page_link") if link.proto.label == "Upload the files again"]
    assert links and "upload" in links[0].page and "data=" not in links[0].query_string
    assert at.get("plotly_chart")  # and the view itself still shows, from the shared data
    plain = open_page("ageing", {"places": "tak"})
    assert not any("Upload your files again" in w.value for w in plain.warning)
