"""Each contract rule has a bad fixture that fails with its own `file:row:column` message."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from etl.build import build
from etl.problems import BuildFailed
from tests.conftest import ROOT

SMALL = 500  # synthetic records in builds that should succeed


def rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, table: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)


def set_cell(raw: Path, file: str, row: int, column: str, value: str) -> None:
    """Set one cell; `row` counts like the messages do (header = 1)."""
    table = rows(raw / file)
    table[row - 1][table[0].index(column)] = value
    write_rows(raw / file, table)


def problems_for(raw: Path, tmp_path: Path) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        build(raw, tmp_path / "out.duckdb", synthetic_rows=SMALL)
    return [str(p) for p in failed.value.problems]


def participation_file(raw: Path, records: list[dict]) -> None:
    header = ["program_id", "place_id", "year", "age_group", "sex", "participants", "learning_hours", "flag", "source_id"]
    base = dict(program_id="tak-city-museum", place_id="tak", year="2024", age_group="age_65_plus", sex="female",
                participants="12", learning_hours="30.5", flag="reported", source_id="S17")
    write_rows(raw / "participation.csv", [header] + [[{**base, **r}[h] for h in header] for r in records])


CELL_CASES = [
    # (file, row, column, bad value, expected message fragment)
    ("observations.csv", 2, "value", "lots", "wrong type: 'lots' is not a number"),
    ("observations.csv", 3, "year", "20x4", "wrong type: '20x4' is not a year"),
    ("programs.csv", 2, "verified", "maybe", "wrong type: 'maybe' is not true or false"),
    ("places.csv", 3, "name_en", "", "required value is empty"),
    ("observations.csv", 4, "place_id", "atlantis", "unknown place_id 'atlantis' (expected an id listed in places.csv)"),
    ("observations.csv", 5, "indicator_id", "happiness", "unknown indicator_id 'happiness' (expected an id listed in indicators.csv)"),
    ("observations.csv", 6, "source_id", "S88;S999", "unknown source_id 'S999' (expected an id listed in sources.csv)"),
    ("programs.csv", 3, "place_id", "narnia", "unknown place_id 'narnia'"),
    ("observations.csv", 7, "value", "-3", "-3 is out of range (expected 0–1e+15)"),
    ("observations.csv", 8, "year", "1492", "1492 is out of range (expected 1900–2100)"),
    ("observations.csv", 9, "flag", "guess", "unknown flag 'guess' (expected one of: reported, derived"),
    ("observations.csv", 10, "basis", "vibes", "unknown basis 'vibes'"),
    ("programs.csv", 4, "theme", "magic", "unknown theme 'magic'"),
    ("programs.csv", 5, "target_age_group", "elves", "unknown target_age_group 'elves'"),
    ("programs.csv", 6, "provider_type", "municipality;wizard", "unknown provider_type 'wizard'"),
    ("vocabulary.csv", 2, "code", "age_200_plus", "unknown code 'age_200_plus' for its kind"),
    ("milestones.csv", 2, "date", "sometime", "not a date (expected YYYY or YYYY-MM-DD)"),
    ("places.csv", 4, "lat", "123", "123 is out of range (expected -90–90)"),
]


@pytest.mark.parametrize("file,row,column,value,message", CELL_CASES, ids=[f"{c[0]}:{c[2]}:{c[3]}" for c in CELL_CASES])
def test_bad_cell_is_reported_with_file_row_and_column(raw_copy, tmp_path, file, row, column, value, message):
    set_cell(raw_copy, file, row, column, value)
    found = problems_for(raw_copy, tmp_path)
    assert any(p.startswith(f"{file}:{row}:{column}: ") and message in p for p in found), found


def test_percentage_over_100_is_reported(raw_copy, tmp_path):
    table = rows(raw_copy / "observations.csv")
    row = next(i for i, r in enumerate(table) if r[table[0].index("unit")] == "percent") + 1
    set_cell(raw_copy, "observations.csv", row, "value", "140")
    assert any(p.startswith(f"observations.csv:{row}:value: ") and "a percentage over 100" in p
               for p in problems_for(raw_copy, tmp_path))


@pytest.mark.parametrize("column,value,message", [
    ("participants", "-5", "-5 is out of range (expected 0–1e+09)"),
    ("age_group", "age_100", "unknown age_group 'age_100'"),
    ("sex", "x", "unknown sex 'x'"),
    ("program_id", "no-such-programme", "unknown program_id 'no-such-programme' (expected an id listed in programs.csv)"),
    ("participants", "12.5", "wrong type: '12.5' is not a whole number"),
])
def test_bad_participation_record_is_reported(raw_copy, tmp_path, column, value, message):
    participation_file(raw_copy, [{}, {column: value}, {}])
    assert any(p.startswith(f"participation.csv:3:{column}: ") and message in p for p in problems_for(raw_copy, tmp_path))


def test_duplicate_key_names_the_second_row(raw_copy, tmp_path):
    table = rows(raw_copy / "places.csv")
    write_rows(raw_copy / "places.csv", table + [table[5]])
    found = problems_for(raw_copy, tmp_path)
    assert any(p.startswith(f"places.csv:{len(table) + 1}:place_id: duplicate key '{table[5][0]}'") for p in found), found


def test_missing_and_unexpected_columns(raw_copy, tmp_path):
    table = rows(raw_copy / "programs.csv")
    table[0][table[0].index("theme")] = "topic"
    write_rows(raw_copy / "programs.csv", table)
    found = problems_for(raw_copy, tmp_path)
    assert "programs.csv:1:theme: missing column (expected columns: program_id, place_id, name_en, name_zh, name_th, theme" in "\n".join(found)
    assert any(p.startswith("programs.csv:1:topic: unexpected column") for p in found)


def test_ragged_row(raw_copy, tmp_path):
    table = rows(raw_copy / "indicators.csv")
    table[3] = table[3][:3]
    write_rows(raw_copy / "indicators.csv", table)
    assert any(p.startswith("indicators.csv:4:") and "row has too few cells (expected 7" in p for p in problems_for(raw_copy, tmp_path))


def test_file_that_is_not_utf8(raw_copy, tmp_path):
    text = (raw_copy / "places.csv").read_text(encoding="utf-8")
    (raw_copy / "places.csv").write_bytes(text.encode("utf-16"))
    assert any(p.startswith("places.csv:0::") and "binary data" in p or "not UTF-8" in p for p in problems_for(raw_copy, tmp_path))


def test_row_in_another_encoding_is_reported_by_row(raw_copy, tmp_path):
    table = (raw_copy / "milestones.csv").read_bytes().split(b"\n")
    table[2] = table[2].replace(b"Wuhan", "Wuhán".encode("latin-1"))
    (raw_copy / "milestones.csv").write_bytes(b"\n".join(table))
    assert any(p.startswith("milestones.csv:3:") and "not UTF-8" in p for p in problems_for(raw_copy, tmp_path))


def test_empty_file(raw_copy, tmp_path):
    (raw_copy / "sources.csv").write_text("")
    assert any(p.startswith("sources.csv:0::") and "file is empty (expected a header row: source_id, name_en" in p
               for p in problems_for(raw_copy, tmp_path))


@pytest.mark.parametrize("content", [b'{"places": [1, 2, 3]}', b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"])
def test_file_that_is_not_a_table(raw_copy, tmp_path, content):
    (raw_copy / "gnlc_membership.csv").write_bytes(content)
    found = problems_for(raw_copy, tmp_path)
    assert any(p.startswith("gnlc_membership.csv:") and ("not a table" in p or "not a text table" in p) for p in found), found


def test_header_only_file_has_no_data_rows(raw_copy, tmp_path):
    write_rows(raw_copy / "indicators.csv", rows(raw_copy / "indicators.csv")[:1])
    assert "indicators.csv:0:: no data rows (expected at least 1)" in problems_for(raw_copy, tmp_path)


def test_missing_file_and_doubled_file(raw_copy, tmp_path):
    (raw_copy / "key_features.csv").unlink()
    (raw_copy / "milestones.xlsx").write_bytes(b"not really a workbook")
    found = "\n".join(problems_for(raw_copy, tmp_path))
    assert "key_features.csv:0:: file is missing" in found
    assert "two files for table milestones" in found


def test_every_problem_is_reported_in_one_run(raw_copy, tmp_path):
    for file, row, column, value, _ in CELL_CASES[:6]:
        set_cell(raw_copy, file, row, column, value)
    (raw_copy / "key_features.csv").write_text("")
    found = problems_for(raw_copy, tmp_path)
    for file, row, column, *_ in CELL_CASES[:6]:
        assert any(p.startswith(f"{file}:{row}:{column}:") for p in found)
    assert any(p.startswith("key_features.csv:0:") for p in found)


def test_many_bad_rows_are_counted_not_listed(raw_copy, tmp_path):
    participation_file(raw_copy, [{"sex": "x"}] * 50)
    found = [p for p in problems_for(raw_copy, tmp_path) if ":sex:" in p]
    assert len(found) == 21
    assert found[-1].endswith("… and 30 more rows with the same problem")


def xlsx_from_csv(csv_path: Path, xlsx_path: Path, formula_at: tuple[int, int] | None = None) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for r, row in enumerate(rows(csv_path), start=1):
        for c, value in enumerate(row, start=1):
            sheet.cell(r, c, value if value != "" else None)
    if formula_at:
        sheet.cell(*formula_at, "=1+1")
    workbook.save(xlsx_path)


def test_xlsx_in_the_same_contract_builds(raw_copy, tmp_path):
    xlsx_from_csv(raw_copy / "programs.csv", raw_copy / "programs.xlsx")
    (raw_copy / "programs.csv").unlink()
    result = build(raw_copy, tmp_path / "x.duckdb", synthetic_rows=SMALL)
    assert result.row_counts["programs"] == len(rows(ROOT / "data/raw/programs.csv")) - 1


def test_xlsx_formula_is_reported(raw_copy, tmp_path):
    xlsx_from_csv(raw_copy / "programs.csv", raw_copy / "programs.xlsx", formula_at=(3, 2))
    (raw_copy / "programs.csv").unlink()
    assert any(p.startswith("programs.xlsx:3:place_id: cell holds a formula '=1+1'") for p in problems_for(raw_copy, tmp_path))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_failed_build_leaves_previous_database_byte_identical(raw_copy, tmp_path):
    db = tmp_path / "live.duckdb"
    build(raw_copy, db, synthetic_rows=SMALL)
    before = sha(db)
    set_cell(raw_copy, "observations.csv", 2, "value", "not-a-number")
    with pytest.raises(BuildFailed):
        build(raw_copy, db, synthetic_rows=SMALL)
    assert sha(db) == before
    assert not db.with_name(db.name + ".tmp").exists()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_cli_exit_1_lists_problems_without_traceback(raw_copy, tmp_path):
    set_cell(raw_copy, "observations.csv", 2, "flag", "guess")
    (raw_copy / "sources.csv").write_bytes(b"\xff\xfe\x00garbage")
    done = run_cli("--raw", str(raw_copy), "--db", str(tmp_path / "w.duckdb"), "--quiet")
    assert done.returncode == 1
    assert "observations.csv:2:flag: unknown flag 'guess'" in done.stderr
    assert "sources.csv:0::" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "w.duckdb").exists()


@pytest.mark.parametrize("args", [["--no-such-flag"], ["--raw", "/no/such/folder"], ["--synthetic-rows", "-1"]])
def test_cli_bad_usage_exits_2(args):
    assert run_cli(*args).returncode == 2


def test_cli_progress_and_quiet(raw_copy, tmp_path):
    loud = run_cli("--raw", str(raw_copy), "--db", str(tmp_path / "a.duckdb"), "--synthetic-rows", "100")
    quiet = run_cli("--raw", str(raw_copy), "--db", str(tmp_path / "b.duckdb"), "--synthetic-rows", "100", "--quiet")
    assert loud.returncode == quiet.returncode == 0
    rows = len((raw_copy / "observations.csv").read_text(encoding="utf-8").strip().splitlines()) - 1
    assert f"[etl] read observations.csv: {rows:,} rows" in loud.stderr and "[etl] marts" in loud.stderr
    assert quiet.stderr == ""


@pytest.mark.parametrize("value,message", [("NaN", "'nan' is not a finite number"), ("inf", "'inf' is not a finite number"),
                                           ("1e308", "1e+308 is out of range (expected 0–1e+15)")])
def test_non_finite_and_absurd_numbers_are_reported(raw_copy, tmp_path, value, message):
    set_cell(raw_copy, "observations.csv", 5, "value", value)
    found = problems_for(raw_copy, tmp_path)
    assert any(p.startswith("observations.csv:5:value: ") and message in p for p in found), found
