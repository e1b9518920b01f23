"""Problems found in raw files, reported as `file:row:column: what is wrong (expected ...)`."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_PER_RULE = 20  # lines shown per file, column and rule; the rest are counted


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one cell, row, column or file.

    `row` counts records as a spreadsheet does: the header is row 1, the first data row is 2.
    `row` 0 means the whole file, `column` "" the whole row.
    """

    file: str
    row: int
    column: str
    message: str  # in English, for the console
    key: str = field(default="", compare=False)  # the message's catalogue key (`problem.<key>`), for other languages
    values: tuple[tuple[str, str], ...] = field(default=(), compare=False)  # what fills the key's placeholders

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


def problem(file: str, row: int, column: str, key: str, message: str, /, **values) -> Problem:
    """A problem whose message can also be said in another language (lcd.problems_text reads `key` and `values`)."""
    return Problem(file, row, column, message, key, tuple((k, str(v)) for k, v in values.items()))


class BuildFailed(Exception):
    """Nothing was written: the raw files break the contract (`stage` "validation", problems are Problem
    rows) or the built tables break a declared check ("checks", problems are etl.checks.Failure). Carries
    every problem found, each printable as one line."""

    def __init__(self, problems: list, stage: str = "validation"):
        super().__init__(f"{len(problems)} problem(s) in the raw data" if stage == "validation"
                         else f"{len(problems)} mart check(s) failed")
        self.problems, self.stage = problems, stage


def show(value: object, limit: int = 40) -> str:
    """Quote a cell value for a message, shortened and with control characters escaped."""
    text = "" if value is None else str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


def capped(problems: list[Problem], total: int, file: str, column: str, what: str) -> list[Problem]:
    """Keep the first MAX_PER_RULE problems of one rule and count the rest in one line."""
    if total <= len(problems):
        return problems
    more = problem(file, problems[-1].row, column, "more", f"… and {total - len(problems)} more rows {what}",
                   count=total - len(problems))
    return problems + [more]
