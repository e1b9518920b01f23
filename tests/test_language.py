"""Thai and Chinese that read as native: one name per concept, the Buddhist Era wherever it is chosen,
local number words."""

from __future__ import annotations

import csv
import json
import re

import pandas as pd
import pytest

from lcd import formats
from lcd.i18n import LOCALES_DIR, catalogue
from lcd.page import PAGES
from lcd.tables import YEAR_COLUMNS
from tests.conftest import RAW
from tests.figures import figure
from tests.test_app import VIEWS, open_page

THAI = re.compile("[\u0e00-\u0e7f]")
CE_YEAR = re.compile(r"(?<![\w.\-/=])(19\d\d|20\d\d)(?![\w\-/])")
LATIN_COMPACT = re.compile(r"\d(?:[.,]\d+)?\s?[KMB]\b")
# Columns whose cells are English data text or identifiers, not translated text (marked as such in the app).
ENGLISH_OR_ID_COLUMNS = {"source_ids", "note", "quote", "description_en", "url", "title", "publisher", "program_or_scope",
                         "population_note", "source_id", "program_id", "place_id", "indicator_id", "name_en", "code",
                         "gnlc_member_place_id", "parent_place_id", "area_source_id"}
# Words a concept must not be called in a language, beside its one name (the review's drift, found again = a failure).
VARIANTS = {
    "th": ["การมีส่วนร่วม", "ค่าประมาณการ", "ใดๆ", "สังคมผู้สูงอายุ", "ค.ศ."],
    "zh": ["推算值", "户籍登记（内政部", "GNLC成员", "加入GNLC", "居民人数"],
}
# Another concept that uses a variant's words: stakeholders' participation in governance (UNESCO's condition 3.2)
# is การมีส่วนร่วม in Thai usage, unlike learners taking part in programmes (การเข้าร่วม).
OTHER_CONCEPTS = {"th": ["การมีส่วนร่วมของผู้มีส่วนได้ส่วนเสีย"]}


@pytest.fixture(autouse=True)
def _db(app_db):
    yield


def catalogue_files() -> dict[str, dict[str, str]]:
    return {lang: json.loads((LOCALES_DIR / f"{lang}.json").read_text(encoding="utf-8")) for lang in ("en", "zh", "th")}


def vocabulary() -> list[dict]:
    with (RAW / "vocabulary.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_concept_names_live_only_in_the_vocabulary():
    """Flags, bases, countries, themes, age groups, units… are named in vocabulary.csv; no catalogue repeats them."""
    kinds = {row["kind"] for row in vocabulary()}
    for lang, entries in catalogue_files().items():
        repeated = [key for key in entries if key.split(".")[0] in kinds | {"vocab"}]
        assert not repeated, (lang, repeated)
    assert catalogue("th")["vocab.flag.estimate"] == next(r["name_th"] for r in vocabulary() if (r["kind"], r["code"]) == ("flag", "estimate"))


@pytest.mark.parametrize("lang", ["en", "zh", "th"])
def test_one_name_per_concept_in_each_language(lang):
    """Within a kind, two codes never share a name (two concepts one name), and no text uses a known variant."""
    names: dict[tuple[str, str], str] = {}
    for row in vocabulary():
        key = (row["kind"], row[f"name_{lang}"])
        assert key not in names, f"{row['kind']} {row['code']} and {names[key]} are both called {row[f'name_{lang}']!r}"
        names[key] = row["code"]
    texts = list(catalogue_files()[lang].values()) + [row[f"name_{lang}"] for row in vocabulary()]
    for name in ("programs", "places", "indicators"):
        with (RAW / f"{name}.csv").open(encoding="utf-8") as handle:
            texts += [row[f"name_{lang}"] for row in csv.DictReader(handle)]
    for phrase in OTHER_CONCEPTS.get(lang, []):
        texts = [text.replace(phrase, "") for text in texts]
    for variant in VARIANTS.get(lang, []):
        assert not [text for text in texts if variant in text], (lang, variant)


def test_catalogues_never_write_a_year_into_a_sentence():
    for lang, entries in catalogue_files().items():
        for key, text in entries.items():
            assert not CE_YEAR.search(text) and "ค.ศ." not in text, (lang, key, text)


def test_compact_numbers_use_the_languages_own_words():
    assert formats.compact(19_020_000, "th") == "19 ล้าน" and not LATIN_COMPACT.search(formats.compact(7_812_811, "th"))
    assert formats.compact(19_020_000, "zh") == "1902万" and formats.compact(1_234_567_890, "zh").endswith("亿")
    assert formats.compact(19_020_000, "en") == "19M"


def test_dates_follow_the_era():
    import datetime

    moment = datetime.datetime(2026, 11, 30, 12, 15, tzinfo=datetime.timezone.utc)
    assert "2569" in formats.moment(moment, "th", True) and "2026" not in formats.moment(moment, "th", True)
    assert formats.day(moment.date(), "th", True) == "30 พฤศจิกายน 2569"
    assert "ค.ศ." not in formats.day(moment.date(), "th", True)


def page_text(at) -> list[str]:
    """What a reader of an AppTest run sees as text: headings, messages, metrics, widget labels and options,
    charts (titles, source lines, axes, legends, annotations, year ticks) and tables (headers and every
    translated or numeric cell; English notes and identifiers aside)."""
    texts = [e.value for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "success", "error")
             for e in getattr(at, kind)]
    texts += [f"{m.label} {m.value} {m.proto.help}" for m in at.metric]
    for widget in (*at.selectbox, *at.multiselect, *at.get("segmented_control"), *at.button):
        texts.append(getattr(widget, "label", "") or "")
        texts += [str(o) for o in getattr(widget, "options", [])]
    for index in range(len(at.get("plotly_chart"))):
        fig = figure(at, index)
        layout = fig.layout
        texts += [layout.title.text or "", layout.title.subtitle.text or "", layout.xaxis.title.text or "",
                  layout.yaxis.title.text or ""]
        texts += [a.text or "" for a in layout.annotations] + [a.hovertext or "" for a in layout.annotations]
        texts += [trace.name or "" for trace in fig.data]
        if (layout.meta or {}).get("year_axis"):
            texts += [str(x) for trace in fig.data for x in (trace.x or []) if isinstance(x, (int, float))]
    headers = {catalogue(lang).get(f"col.{c}") for lang in ("th", "zh") for c in ENGLISH_OR_ID_COLUMNS}
    years = {catalogue(lang).get(f"col.{c}") for lang in ("th", "zh") for c in YEAR_COLUMNS}
    for frame in at.dataframe:
        table = frame.value
        texts += [str(c) for c in table.columns]
        for column in table.columns:
            if column in years or (column not in headers and table[column].dtype == object):
                texts += [str(v) for v in table[column].dropna()]  # years and translated text; not counts or notes
    return texts


THAI_VIEWS = [(name, view) for name, _ in PAGES if name != "upload" for view in VIEWS.get(name, [None])]


@pytest.mark.parametrize("name,view", THAI_VIEWS)
def test_a_thai_reader_with_the_buddhist_era_sees_no_ce_year_and_no_latin_number_words(name, view):
    at = open_page(name, {"lang": "th", "era": "be", **({"view": view} if view else {}), "show": "chart"})
    table = open_page(name, {"lang": "th", "era": "be", **({"view": view} if view else {}), "show": "table"}) if view else None
    for text in page_text(at) + (page_text(table) if table else []):
        if re.search("[A-Za-z]{3}", text) and not THAI.search(text):
            continue  # English data text (a source's own note, marked as English on the page), not a translation
        assert "ค.ศ." not in text, text
        years = [int(y) for y in CE_YEAR.findall(text)]
        assert not [y for y in years if y <= 2100], (name, view, text)
        assert not LATIN_COMPACT.search(text), (name, view, text)


def test_chinese_headline_numbers_are_in_wan_and_yi():
    at = open_page("overview", {"lang": "zh"})
    participants = next(m for m in at.metric if "参与" in m.label)
    assert re.search(r"\d(\.\d)?[万亿]$", participants.value), participants.value


def test_thresholds_use_each_countrys_terms_with_the_others_on_hover():
    for lang, levels in (("th", {20, 28}), ("zh", {20, 30})):
        fig = figure(open_page("ageing", {"lang": lang}))
        assert {shape.y0 for shape in fig.layout.shapes if shape.name != "milestone"} == levels
        hovers = [a.hovertext for a in fig.layout.annotations if a.hovertext and a.name != "milestone"]
        assert len(hovers) == 2 and all(re.search("[\u0e00-\u0e7f]", h) and re.search("[\u4e00-\u9fff]", h) for h in hovers)


def test_year_and_basis_in_words_follow_each_languages_punctuation():
    """The detail a comparison shows ("…, 2021") reads as each language writes it: no Latin comma in Chinese or Thai."""
    from lcd import charts

    frame = pd.DataFrame({"year": [2021], "basis": ["dopa_registration"]})
    names = {"dopa_registration": "DOPA"}
    assert ", 2021" in charts.with_detail(frame, names, lang="en").detail[0]
    chinese = charts.with_detail(frame, names, lang="zh").detail[0]
    assert "," not in chinese and "2021年" in chinese
    thai = charts.with_detail(frame, names, buddhist_era=True, lang="th").detail[0]
    assert "," not in thai and "2564" in thai and "2021" not in thai
