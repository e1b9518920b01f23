"""Three languages everywhere: complete catalogues, no raw strings in the UI, pages in each script."""

from __future__ import annotations

import ast
import json
import re
import string

import pandas as pd
import pytest

from lcd.i18n import LANGUAGES, LOCALES_DIR, catalogue
from lcd.page import PAGES
from tests.conftest import ROOT

UI_FILES = [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py")), ROOT / "lcd" / "ui.py"]
# Streamlit calls whose text a user reads, and the keyword arguments that are text.
TEXT_CALLS = {"title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success", "button",
              "multiselect", "selectbox", "slider", "toggle", "segmented_control", "radio", "metric", "page_link", "tabs",
              "expander", "text_input", "text_area", "download_button", "file_uploader", "spinner", "status", "toast"}
TEXT_KEYWORDS = {"label", "title", "help", "placeholder", "unit", "x_title", "caption", "empty_message"}
THAI = re.compile(r"[\u0E00-\u0E7F]")
CJK = re.compile(r"[\u4E00-\u9FFF]")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogues_are_files_one_per_language():
    assert sorted(p.stem for p in LOCALES_DIR.glob("*.json")) == sorted(LANGUAGES)
    for lang in LANGUAGES:
        json.loads((LOCALES_DIR / f"{lang}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", [l for l in LANGUAGES if l != "en"])
def test_every_key_exists_in_every_language_with_the_same_placeholders(lang):
    english, other = catalogue("en"), catalogue(lang)
    assert set(other) == set(english), sorted(set(english) ^ set(other))
    for key, text in english.items():
        assert other[key].strip() or key.startswith("list."), key  # a list separator may be a space (Thai)
        assert placeholders(other[key]) == placeholders(text), key


@pytest.mark.parametrize("lang,script", [("th", THAI), ("zh", CJK)])
def test_translations_are_in_their_script(lang, script):
    untranslated = [k for k, v in catalogue(lang).items() if not script.search(v) and re.search("[A-Za-z]{4,}", v)
                    and not k.startswith("col.url")]
    assert len(untranslated) <= 3, untranslated  # a few entries may be names or codes only


def _literal_text(node: ast.AST) -> str | None:
    """Human text written literally in the code (not through t()), if any."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search("[A-Za-z]{2,}", node.value):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        return parts if re.search("[A-Za-z]{2,}", parts) else None
    return None


def raw_strings(path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", "") == "ui":
            name = ""  # the project's own helpers take page keys, not text
        args = list(node.args[:1]) if name in TEXT_CALLS else []
        if name == "tabs" and node.args and isinstance(node.args[0], ast.List):
            args = list(node.args[0].elts)
        args += [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        for arg in args:
            text = _literal_text(arg)
            if text and not text.endswith(".py"):
                found.append(f"{path.name}:{node.lineno}: {name}({text!r})")
    return found


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_no_raw_literal_string_reaches_a_widget_or_chart_title(path):
    assert raw_strings(path) == []


def test_the_scan_catches_a_raw_string(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('import streamlit as st\nst.title("Hello")\nst.multiselect(label="Places", options=[])\n'
                   'charts.place_bars(f, "v", title=f"Top {n}")\n', encoding="utf-8")
    assert len(raw_strings(bad)) == 3


SCRIPTS = {"th": THAI, "zh": CJK}


@pytest.mark.parametrize("lang", ["th", "zh"])
@pytest.mark.parametrize("page", [p for p, _ in PAGES])
def test_every_page_renders_in_the_language_and_its_script(app_db, page, lang):
    from tests.test_app import open_page

    script = SCRIPTS[lang]
    at = open_page(page, {"lang": lang})
    assert script.search(at.title[0].value), at.title[0].value
    choosers = [w for w in at.get("segmented_control") if w.key != "url_lang"]  # the language names stay in their own script
    labels = [w.label for w in (*at.multiselect, *at.selectbox, *choosers)] + [o for w in choosers for o in w.options]
    labels += [link.proto.label for link in at.get("page_link")]  # the navigation
    assert labels and all(script.search(label) for label in labels), labels
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert all(script.search(title) for title in titles), titles
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        axis_titles = [spec["layout"].get(a, {}).get("title", {}).get("text") for a in ("xaxis", "yaxis")]
        assert all(script.search(a) for a in axis_titles if a), axis_titles
    headers = [c for frame in at.dataframe for c in frame.value.columns]
    assert all(script.search(str(h)) for h in headers if re.search("[A-Za-z]{3,}", str(h))), headers


def test_browser_locale_sets_the_default_language():
    from lcd.filters import language_from_locale

    assert language_from_locale("th-TH") == "th"
    assert language_from_locale("zh-Hans-CN") == "zh"
    assert language_from_locale("fr-FR") == "en"
    assert language_from_locale(None) == "en"


def test_buddhist_era_shifts_year_axes_only():
    import pandas as pd

    from lcd import charts

    frame = pd.DataFrame({"place_id": ["tak", "tak"], "place": ["ตาก", "ตาก"], "year": [2016, 2017], "participants": [5, 6]})
    fig = charts.place_lines(frame, "year", "participants", title="t", x_title="x", unit="u", source="s", lang="th")
    shifted = charts.with_buddhist_era(fig, "th")
    assert list(shifted.data[0].x) == [2559, 2560] and list(fig.data[0].x) == [2016, 2017]
    assert THAI.search(shifted.layout.xaxis.title.text)
    bars = charts.place_bars(frame, "participants", title="t", unit="u", source="s", lang="th")
    assert charts.with_buddhist_era(bars, "th") is bars


@pytest.mark.parametrize("lang", ["th", "zh"])
def test_every_unit_in_the_data_has_a_name_in_the_language(app_db, lang):
    """Units are free text in indicators.csv; vocabulary.csv names the ones in use, so tables in Thai or
    Chinese do not show "persons" or "percent"."""
    from lcd import queries
    from lcd.tables import localised

    units = set(queries.indicators().unit)
    names = queries.code_names(lang).get("unit", {})
    assert units and units <= set(names), sorted(units - set(names))
    assert all(SCRIPTS[lang].search(names[u]) for u in units if names[u] != "%"), names
    shown = localised(pd.DataFrame({"unit": ["persons", "a unit nobody named"]}), ["unit"], lang)
    assert shown.iloc[0, 0] == names["persons"] and shown.iloc[1, 0] == "a unit nobody named"


def _problem_keys_in_etl() -> dict[str, set[str]]:
    """Each `problem(file, row, column, "key", message, **values)` call in etl/: its key and the value names passed."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "etl").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "problem" and len(node.args) >= 4
                    and isinstance(node.args[3], ast.Constant) and isinstance(node.args[3].value, str)):
                found.setdefault(node.args[3].value, set()).update(k.arg for k in node.keywords if k.arg)
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_problem_the_etl_reports_can_be_said_in_the_language(lang):
    """A new kind of problem (a Parquet partition's, say) must not reach a Thai reader as a bare key."""
    from etl import partitions

    keys = _problem_keys_in_etl()
    assert {"two_sources", "wrong_column_type", "not_parquet"} <= set(keys)  # the scan sees the calls
    keys.update({key: {"value"} for _, _, key, _ in partitions.path_rules("records")})  # keys kept in a table of rules
    texts = catalogue(lang)
    missing = sorted(k for k in keys if f"problem.{k}" not in texts)
    assert not missing, missing
    # every placeholder that a message uses is a value the ETL passes (or one lcd.problems_text derives)
    derived = {"expected", "rule"}
    unfilled = {k: placeholders(texts[f"problem.{k}"]) - values - derived for k, values in keys.items() if values}
    assert not {k: v for k, v in unfilled.items() if v}, unfilled
