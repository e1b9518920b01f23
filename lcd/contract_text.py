"""The data contract (etl/contract.py) in the reader's language: each table's grain, each column's meaning,
each row rule's message and each type's words.

English comes from the contract itself (one source); Chinese and Thai from lcd/locales/contract/{zh,th}.json,
keyed `table.<table>`, `column.<table>.<column>`, `rule.<table>.<n>` and `type.<type>`. A test keeps the
translations' keys equal to the contract's; a missing one falls back to English, marked as such.
"""

from __future__ import annotations

import json
from functools import cache

from etl.contract import TABLES, TYPE_WORDS
from lcd.config import ROOT

FOLDER = ROOT / "lcd" / "locales" / "contract"


@cache
def english() -> dict[str, str]:
    texts = {f"type.{code}": words for code, words in TYPE_WORDS.items()}
    for table in TABLES:
        texts[f"table.{table.name}"] = table.grain
        for column in table.columns:
            texts[f"column.{table.name}.{column.name}"] = column.description
        for number, rule in enumerate(table.rules, start=1):
            texts[f"rule.{table.name}.{number}"] = rule.message
    return texts


@cache
def _translated(lang: str) -> dict[str, str]:
    path = FOLDER / f"{lang}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def text(key: str, lang: str) -> str:
    """One contract text in `lang` (English where no translation exists)."""
    if lang != "en":
        found = _translated(lang).get(key)
        if found:
            return found
    return english()[key]


if __name__ == "__main__":  # python -m lcd.contract_text: the English texts, to translate
    print(json.dumps(english(), ensure_ascii=False, indent=1))
