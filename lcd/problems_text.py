"""Upload problems (etl.problems.Problem) in the reader's language: each problem's catalogue key filled with
its values, the column's meaning and the rule's message taken from the contract in that language."""

from __future__ import annotations

from etl.problems import Problem
from lcd import contract_text
from lcd.i18n import t


def text(problem: Problem, lang: str) -> str:
    """What is wrong, in `lang` (the English message where a problem has no key)."""
    if not problem.key:
        return problem.message
    values = dict(problem.values)
    if "type" in values:
        values["type"] = contract_text.text(f"type.{values['type']}", lang)
    if "column_key" in values:  # a required value: say what the column holds
        table, column = values.pop("column_key").split(".", 1)
        values["expected"] = contract_text.text(f"column.{table}.{column}", lang).rstrip(".。")
    if "rule_key" in values:
        table, number = values.pop("rule_key").rsplit(".", 1)
        values["rule"] = contract_text.text(f"rule.{table}.{number}", lang)
    if "range" in values:
        values["expected"] = t(f"problem.{values.pop('range')}", lang=lang, low=values.pop("low", ""), high=values.pop("high", ""))
    return t(f"problem.{problem.key}", lang=lang, **values)


def table_of(problem: Problem) -> str | None:
    """The contract table a problem's file belongs to (`observations.csv` → observations), if any."""
    from etl.contract import BY_NAME

    stem = problem.file.rsplit(".", 1)[0]
    return stem if stem in BY_NAME else None
