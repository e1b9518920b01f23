"""Numbers and years in the reader's locale (babel)."""

from __future__ import annotations

import math

from babel.numbers import format_compact_decimal, format_decimal, format_percent

LOCALES = {"en": "en_US", "zh": "zh_CN", "th": "th_TH"}


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value, lang: str = "en", digits: int = 0) -> str:
    """`1,234,567` (en, th) or `1,234,567` (zh); `–` when there is no value."""
    if _missing(value):
        return "–"
    return format_decimal(round(float(value), digits), format=f"#,##0.{'0' * digits}" if digits else "#,##0",
                          locale=LOCALES.get(lang, "en_US"))


def compact(value, lang: str = "en") -> str:
    """Short form for headline numbers: `19M` (en), `1902万` (zh), `19M` (th)."""
    if _missing(value):
        return "–"
    return format_compact_decimal(float(value), locale=LOCALES.get(lang, "en_US"), fraction_digits=1)


def percent(value_pct, lang: str = "en", digits: int = 1) -> str:
    """A value already in percent (e.g. 37.6) as `37.6%`."""
    if _missing(value_pct):
        return "–"
    return format_percent(float(value_pct) / 100, format=f"#,##0.{'0' * digits}%", locale=LOCALES.get(lang, "en_US"))


def moment(value, lang: str = "en") -> str:
    """A build time in the reader's locale, e.g. `Nov 29, 2026, 2:56 PM UTC` / `2026年11月29日 14:56 UTC`."""
    from babel.dates import format_datetime

    return f"{format_datetime(value, 'medium', tzinfo='UTC', locale=LOCALES.get(lang, 'en_US'))} UTC"
