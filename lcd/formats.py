"""Numbers and years in the reader's locale (babel)."""

from __future__ import annotations

import math
import re

import pandas as pd

from babel.numbers import format_compact_decimal, format_decimal, format_percent

LOCALES = {"en": "en_US", "zh": "zh_CN", "th": "th_TH"}


def _missing(value) -> bool:
    """None, NaN or pandas' NA."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def number(value, lang: str = "en", digits: int = 0) -> str:
    """`1,234,567` (en, th) or `1,234,567` (zh); `–` when there is no value."""
    if _missing(value):
        return "–"
    return format_decimal(round(float(value), digits), format=f"#,##0.{'0' * digits}" if digits else "#,##0",
                          locale=LOCALES.get(lang, "en_US"))


def compact(value, lang: str = "en") -> str:
    """Short form for headline numbers in the language's own number words: `19M` (en), `1902万` (zh),
    `19 ล้าน` (th: the long form; Thai readers do not write M or K)."""
    if _missing(value):
        return "–"
    return format_compact_decimal(float(value), locale=LOCALES.get(lang, "en_US"), fraction_digits=1,
                                  format_type="long" if lang == "th" else "short")


def percent(value_pct, lang: str = "en", digits: int = 1) -> str:
    """A value already in percent (e.g. 37.6) as `37.6%`."""
    if _missing(value_pct):
        return "–"
    return format_percent(float(value_pct) / 100, format=f"#,##0.{'0' * digits}%", locale=LOCALES.get(lang, "en_US"))


def _era(text: str, year: int, buddhist_era: bool) -> str:
    """A formatted date with its CE year given in the Buddhist Era (and babel's "ค.ศ." marker dropped)."""
    if not buddhist_era:
        return text
    return re.sub(rf"(ค\.ศ\.\s*)?\b{year}\b", str(year + BE_OFFSET), text)


def moment(value, lang: str = "en", buddhist_era: bool = False) -> str:
    """A build time in the reader's locale and era, e.g. `Nov 29, 2026, 2:56 PM UTC` / `2026年11月29日 14:56 UTC`
    / `29 พ.ย. 2569 14:56:00 UTC`."""
    from babel.dates import format_datetime

    text = format_datetime(value, "medium", tzinfo="UTC", locale=LOCALES.get(lang, "en_US"))
    return f"{_era(text, value.year, buddhist_era)} UTC"


def day(value, lang: str = "en", buddhist_era: bool = False) -> str:
    """A date in words in the reader's locale and era: `November 30, 2026` / `2026年11月30日` / `30 พฤศจิกายน 2569`."""
    from babel.dates import format_date

    return _era(format_date(value, "long", locale=LOCALES.get(lang, "en_US")), value.year, buddhist_era)


BE_OFFSET = 543  # Buddhist Era year = CE year + 543


def year(value, buddhist_era: bool = False) -> str:
    """A year as the reader wants it: CE, or the Buddhist Era (CE + 543)."""
    if _missing(value):
        return "–"
    return str(int(value) + (BE_OFFSET if buddhist_era else 0))


def year_span(years, buddhist_era: bool = False) -> str:
    """Years in a few characters: `2021`, `2018–2021` (consecutive), `2012, 2017`."""
    found = sorted({int(y) for y in years if not _missing(y)})
    if not found:
        return ""
    if len(found) > 2 and found[-1] - found[0] == len(found) - 1:
        return f"{year(found[0], buddhist_era)}–{year(found[-1], buddhist_era)}"
    return ", ".join(year(y, buddhist_era) for y in found)


def source_line(source_ids, names, buddhist_era: bool = False, shown: int = 4, separator: str = "; ") -> str:
    """Readable sources of a frame's values: `Thai civil registration (DOPA) 2021; Shanghai Statistical
    Yearbook 2013, 2018`. `source_ids` holds lists of ids (one per row); `names` maps an id to its
    (short name, year). Sources of one name are grouped with their years; beyond `shown` names, `+N`."""
    grouped: dict[str, set] = {}
    for value in source_ids:
        for source in (value if isinstance(value, (list, tuple)) or hasattr(value, "tolist") else [value]):
            if _missing(source):
                continue
            name, when = names.get(str(source), (str(source), None))
            grouped.setdefault(name, set()).update([] if _missing(when) else [when])
    parts = [f"{name} {year_span(years, buddhist_era)}".strip() for name, years in sorted(grouped.items())]
    return separator.join(parts[:shown]) + (f" +{len(parts) - shown}" if len(parts) > shown else "")
