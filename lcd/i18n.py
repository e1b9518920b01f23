"""Every user-visible string goes through `t()`; catalogues live in lcd/locales/<lang>.json."""

from __future__ import annotations

import json
import threading
from functools import lru_cache
from pathlib import Path

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGES = ("en", "zh", "th")
DEFAULT_LANGUAGE = "en"


class _Current(threading.local):
    """The language of this script run (Streamlit runs each session in its own thread)."""

    lang = DEFAULT_LANGUAGE


_current = _Current()


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """The catalogue of one language (missing files give an empty catalogue)."""
    path = LOCALES_DIR / f"{lang}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def set_language(lang: str) -> str:
    """Make `lang` the language of this script run; unknown codes fall back to English."""
    _current.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return _current.lang


def language() -> str:
    return _current.lang


def t(key: str, lang: str | None = None, **values) -> str:
    """The text for `key` in the current language (English if untranslated), formatted with `values`."""
    text = catalogue(lang or language()).get(key) or catalogue(DEFAULT_LANGUAGE).get(key)
    if text is None:
        raise KeyError(f"no catalogue entry {key!r}")
    return text.format(**values) if values else text
