"""Read raw files into DuckDB tables `raw.<name>`, turning every structural fault into a Problem.

CSV files are read by DuckDB with the contract's types and `store_rejects`, so a cell of the
wrong type, a ragged row or a non-UTF-8 byte becomes a rejected row with its line number
instead of an exception. `.xlsx` files are converted to a CSV first, then read the same way.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.contract import TYPE_WORDS, Table
from etl.problems import MAX_PER_RULE, Problem, capped, problem, show

_SNIFF_BYTES = 64 * 1024


@dataclass
class RawTable:
    """A raw table loaded into DuckDB, and how to turn its rowids back into file rows."""

    table: Table
    label: str  # file name used in messages, e.g. "observations.csv"
    rejected_rows: list[int] = field(default_factory=list)  # file rows DuckDB could not read
    rows: int = 0  # rows loaded
    rid: str = "rowid"  # SQL naming one row: a table's rowid, or `_rid` ({f: file, r: row}) of records read from several files
    name: str = ""  # the SQL table or view, when not raw.<table>

    @property
    def sql_name(self) -> str:
        return self.name or f"raw.{self.table.name}"

    def locate(self, rid) -> tuple[str, int]:
        """The file and file row a problem's row is in."""
        if isinstance(rid, dict):
            return rid["f"], int(rid["r"])
        return self.label, self.file_row(rid)

    def file_row(self, rowid: int) -> int:
        """File row (header = 1) of the table row with this rowid, skipping rejected rows."""
        row = rowid + 2
        for rejected in self.rejected_rows:
            if rejected <= row:
                row += 1
            else:
                break
        return row


def find_files(raw_dir: Path, tables: tuple[Table, ...]) -> tuple[dict[str, Path], list[Problem]]:
    """The file for each table (`name.csv` or `name.xlsx`); missing or doubled files are problems."""
    found: dict[str, Path] = {}
    problems = []
    for table in tables:
        candidates = [raw_dir / f"{table.name}{ext}" for ext in (".csv", ".xlsx") if (raw_dir / f"{table.name}{ext}").is_file()]
        if len(candidates) > 1:
            problems.append(problem(candidates[0].name, 0, "", "two_files",
                                    f"two files for table {table.name} (expected one of {table.name}.csv or {table.name}.xlsx)",
                                    table=table.name))
        elif candidates:
            found[table.name] = candidates[0]
        elif not table.optional:
            problems.append(problem(f"{table.name}.csv", 0, "", "missing_file", f"file is missing (expected {raw_dir / table.name}.csv or .xlsx)",
                                    expected=f"{table.name}.csv / {table.name}.xlsx"))
    return found, problems


def column_problems(label: str, row: int, header: list[str], table: Table) -> list[Problem]:
    """What is wrong with a file's columns (the header of a CSV, the schema of a Parquet file), reported on `row`:
    missing, unexpected, repeated, and a misspelt column as one problem with a suggestion, not "unexpected x"
    and "missing y"."""
    expected = ", ".join(table.column_names)
    missing = [name for name in table.column_names if name not in header]
    renamed = {}
    for name in header:
        if name and name not in table.column_names:
            close = difflib.get_close_matches(name.lower(), [m for m in missing if m not in renamed.values()], n=1, cutoff=0.75)
            if close:
                renamed[name] = close[0]
    problems = [problem(label, row, name, "missing_column", f"missing column (expected columns: {expected})", expected=expected)
                for name in missing if name not in renamed.values()]
    for i, name in enumerate(header):
        if name in renamed:
            problems.append(problem(label, row, name, "did_you_mean",
                                    f"unknown column: did you mean {renamed[name]}? (expected columns: {expected})",
                                    suggestion=renamed[name], expected=expected))
        elif name not in table.column_names:
            problems.append(problem(label, row, name or f"#{i + 1}", "unexpected_column", f"unexpected column (expected only: {expected})",
                                    expected=expected))
    problems += [problem(label, row, name, "twice", "column appears twice (expected each column once)")
                 for i, name in enumerate(header) if name in header[:i] and name in table.column_names]
    return problems


def _header(path: Path, label: str, table: Table) -> tuple[list[str] | None, list[Problem]]:
    """The header row of a CSV file, or the problems that stop it being read as a table."""
    expected = ", ".join(table.column_names)
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if not head.strip():
        return None, [problem(label, 0, "", "empty_file", f"file is empty (expected a header row: {expected})", expected=expected)]
    if b"\x00" in head:
        return None, [problem(label, 0, "", "binary", "not a text table: the file holds binary data (expected a UTF-8 CSV file)")]
    first_line = head.split(b"\n", 1)[0]
    try:
        text = first_line.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [problem(label, 1, "", "not_utf8", "file is not UTF-8 text (expected UTF-8: save it as 'CSV UTF-8')")]
    try:
        header = [name.strip() for name in next(csv.reader(io.StringIO(text.rstrip("\r"), newline="")), [])]
    except csv.Error as error:
        return None, [problem(label, 1, "", "header_unreadable", f"the header row cannot be read ({error}; expected a header row: {expected})",
                              error=error, expected=expected)]
    known = [name for name in header if name in table.column_names]
    if not known:
        return None, [problem(label, 1, "", "unknown_table",
                              f"not a table in the contract: no known column in the first row (expected a header row: {expected})",
                              expected=expected)]
    problems = column_problems(label, 1, header, table)
    return (None if problems else header), problems


def xlsx_to_csv(path: Path, out: Path) -> list[Problem]:
    """Write the first sheet of a workbook as CSV; formulas and unreadable workbooks are problems."""
    import openpyxl

    label = path.name
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        return [problem(label, 0, "", "not_xlsx", f"not an Excel workbook ({type(error).__name__}; expected an .xlsx file)",
                        error=type(error).__name__)]
    problems = []
    header: list[str] = []
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for number, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            if number == 1:
                header = ["" if v is None else str(v).strip() for v in row]
            cells = []
            for i, value in enumerate(row):
                if isinstance(value, str) and value.startswith("="):
                    column = header[i] if i < len(header) else f"#{i + 1}"
                    problems.append(problem(label, number, column, "formula",
                                            f"cell holds a formula {show(value)} (expected a plain value: paste values only)",
                                            value=show(value)))
                if hasattr(value, "isoformat"):
                    value = value.isoformat()
                elif isinstance(value, float) and value.is_integer():
                    value = int(value)
                cells.append("" if value is None else value)
            writer.writerow(cells)
    workbook.close()
    return problems


def _reject_problem(raw: RawTable, header: list[str], line: int, column: str | None, kind: str, csv_line: str) -> Problem:
    if kind == "CAST" and column:
        cells = next(csv.reader(io.StringIO(csv_line)), [])
        position = header.index(column) if column in header else -1
        value = cells[position] if 0 <= position < len(cells) else csv_line
        kind_of = raw.table.column(column).type
        words = TYPE_WORDS[kind_of]
        return problem(raw.label, line, column, "wrong_type", f"wrong type: {show(value)} is not {words} (expected {words})",
                       value=show(value), type=kind_of)
    n = len(header)
    messages = {
        "MISSING COLUMNS": ("too_few_cells", f"row has too few cells (expected {n}, one per header column)"),
        "TOO MANY COLUMNS": ("too_many_cells", f"row has too many cells (expected {n}, one per header column)"),
        "INVALID ENCODING": ("bad_encoding", "not UTF-8 text (expected UTF-8: save the file as 'CSV UTF-8')"),
        "UNQUOTED VALUE": ("bad_quoting", "broken quoting (expected values with commas or quotes inside double quotes)"),
    }
    key, message = messages.get(kind, ("unreadable_row", f"unreadable row: {kind.lower()} (expected a CSV row)"))
    return problem(raw.label, line, column or "", key, message, n=n, kind=kind.lower())


def load_csv(con: duckdb.DuckDBPyConnection, table: Table, path: Path, label: str) -> tuple[RawTable | None, list[Problem]]:
    """Load one CSV into raw.<name> with the contract's types; rejected rows become problems."""
    header, problems = _header(path, label, table)
    if header is None:
        return None, problems
    raw = RawTable(table, label)
    types = ", ".join(f"'{name}': '{table.column(name).read_type}'" for name in header)
    try:
        con.execute(
            f"CREATE TABLE {raw.sql_name} AS SELECT * FROM read_csv(?, header = true, auto_detect = false, "
            f"columns = {{{types}}}, delim = ',', quote = '\"', escape = '\"', strict_mode = true, "
            f"store_rejects = true, rejects_table = 'rejects_{table.name}', rejects_scan = 'reject_scans_{table.name}')",
            [str(path)],
        )
    except duckdb.Error as error:  # structural faults DuckDB cannot skip row by row (e.g. mixed line endings)
        text = str(error)
        line = re.search(r"Line: (\d+)", text)
        reason = text.split("Error:", 1)[-1].strip().splitlines()[0]
        return None, problems + [problem(label, int(line.group(1)) if line else 0, "", "unreadable_csv",
                                         f"unreadable CSV: {reason} (expected one record per line, commas between cells)",
                                         reason=reason)]
    rejects = con.execute(
        f"SELECT line, column_name, error_type, csv_line FROM rejects_{table.name} ORDER BY line, column_idx"
    ).fetchall()
    raw.rejected_rows = sorted({int(line) for line, *_ in rejects})
    raw.rows = con.execute(f"SELECT count(*) FROM {raw.sql_name}").fetchone()[0]
    by_kind: dict[str, list[Problem]] = {}
    for line, column, kind, csv_line in rejects:
        by_kind.setdefault(f"{kind}:{column}", []).append(_reject_problem(raw, header, int(line), column, kind, csv_line or ""))
    for key, found in by_kind.items():
        problems += capped(found[:MAX_PER_RULE], len(found), label, found[0].column, "with the same problem")
    return raw, problems
