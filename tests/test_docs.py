"""Docs and metadata stay honest: the contract in data/README.md, names for every code, sources."""

from __future__ import annotations

import csv

from etl import docs
from etl.contract import ENUMS, NAMED_ONLY, TABLES
from tests.conftest import RAW, ROOT


def test_data_readme_holds_the_current_contract():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert f"{docs.BEGIN}\n{docs.render()}{docs.END}" in text, "run: python -m etl.docs --write"


def test_contract_documents_every_column():
    for table in TABLES:
        assert table.grain
        for column in table.columns:
            assert column.description, f"{table.name}.{column.name}"


def test_vocabulary_names_every_code_in_three_languages():
    with (RAW / "vocabulary.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    named = {(r["kind"], r["code"]) for r in rows if r["name_en"] and r["name_zh"] and r["name_th"]}
    expected = {(kind, code) for kind, codes in ENUMS.items() if kind != "kind" for code in codes}
    assert expected == {(kind, code) for kind, code in named if kind not in NAMED_ONLY}
    assert {kind for kind, _ in named} - set(ENUMS) == set(NAMED_ONLY)  # units: named, not enumerated


def test_every_source_has_a_url_or_a_note():
    with (RAW / "sources.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert row["url"] or row["note"], row["source_id"]


def test_readme_shows_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
