"""Every user-visible string goes through `t()`; catalogues live in lcd/locales/<lang>.json.

Names of coded concepts (quality flags, population bases, themes, age groups, units, measures…) are not
in the catalogues: they have one source, `data/raw/vocabulary.csv`, which the catalogues refer to as
`vocab.<kind>.<code>` (e.g. `t("vocab.flag.estimate")`), so a concept cannot get two names in one language.
"""

from __future__ import annotations

import csv
import json
import threading
from functools import lru_cache
from pathlib import Path

from lcd.config import RAW_DIR

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGES = ("en", "zh", "th")
DEFAULT_LANGUAGE = "en"


class _Current(threading.local):
    """The language of this script run (Streamlit runs each session in its own thread)."""

    lang = DEFAULT_LANGUAGE


_current = _Current()


VOCABULARY = RAW_DIR / "vocabulary.csv"


@lru_cache(maxsize=None)
def vocabulary_names(lang: str) -> dict[str, str]:
    """`vocab.<kind>.<code>` → the code's name in `lang`, from vocabulary.csv (the one source of concept names)."""
    if not VOCABULARY.exists():
        return {}
    with VOCABULARY.open(encoding="utf-8") as handle:
        return {f"vocab.{row['kind']}.{row['code']}": row.get(f"name_{lang}") or row["name_en"] for row in csv.DictReader(handle)}


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """The catalogue of one language (missing files give an empty catalogue), with the vocabulary's names."""
    path = LOCALES_DIR / f"{lang}.json"
    own = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {**own, **vocabulary_names(lang)}


def set_language(lang: str) -> str:
    """Make `lang` the language of this script run; unknown codes fall back to English."""
    _current.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return _current.lang


def language() -> str:
    return _current.lang


def has(key: str) -> bool:
    """True when `key` is in the catalogue (in English at least)."""
    return key in catalogue(DEFAULT_LANGUAGE)


def t(key: str, lang: str | None = None, **values) -> str:
    """The text for `key` in the current language (English if untranslated), formatted with `values`."""
    text = catalogue(lang or language()).get(key) or catalogue(DEFAULT_LANGUAGE).get(key)
    if text is None:
        raise KeyError(f"no catalogue entry {key!r}")
    return text.format(**values) if values else text
