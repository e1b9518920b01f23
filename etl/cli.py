"""`python -m etl`: build the warehouse from the raw folder.

Exit codes: 0 built; 1 the raw data breaks the contract or a mart check (every problem is
listed on stderr as `file:row:column: what is wrong (expected ...)`); 2 bad usage.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from etl.build import DEFAULT_SEED, DEFAULT_SYNTHETIC_ROWS, build
from etl.problems import BuildFailed

DEFAULT_RAW = Path("data/raw")
DEFAULT_DB = Path("data/warehouse.duckdb")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m etl", description="Build the Learning Cities warehouse (DuckDB) from raw files.")
    p.add_argument("--raw", type=Path, default=DEFAULT_RAW, help=f"folder of raw files (default {DEFAULT_RAW})")
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"database to write (default {DEFAULT_DB})")
    p.add_argument("--synthetic-rows", type=int, default=DEFAULT_SYNTHETIC_ROWS,
                   help="synthetic participation records to generate when the raw folder has no participation file")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the synthetic generator")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.add_argument("--add", type=Path, metavar="PATH", action="append",
                   help="add participation records: a Parquet file or a folder of partitions (year=YYYY/place=ID/*.parquet), "
                        "copied into RAW/participation/ and built incrementally; refused whole if any is invalid")
    p.add_argument("--full", action="store_true", help="rebuild everything, even when only partitions changed")
    return p


def _add(raw: Path, paths: list[Path], copied: list[Path]) -> None:
    """Copy the files to add into raw/participation/ (keeping a folder's year=/place= layout), listing each copy in
    `copied` as it is made, so that a failure part-way can remove them all."""
    from etl import partitions

    target = partitions.folder(raw)
    for path in paths:
        sources = sorted(path.rglob("*.parquet")) if path.is_dir() else [path]
        for source in sources:
            destination = target / (source.relative_to(path) if path.is_dir() else Path(source.name))
            if destination.exists():
                raise FileExistsError(f"{destination} already exists (remove or replace it to change that partition)")
            destination.parent.mkdir(parents=True, exist_ok=True)
            copied.append(destination)
            shutil.copy2(source, destination)


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not args.raw.is_dir():
        p.error(f"--raw {args.raw} is not a folder")
    if args.synthetic_rows < 0:
        p.error("--synthetic-rows must be 0 or more")
    progress = None if args.quiet else (lambda message: print(f"[etl] {message}", file=sys.stderr, flush=True))
    copied: list[Path] = []
    try:
        if args.add:
            for path in args.add:
                if not path.exists():
                    p.error(f"--add {path}: no such file or folder")
            _add(args.raw, args.add, copied)
        from etl.incremental import build_incremental

        result = None if args.full else build_incremental(args.raw, args.db, progress)
        if result is None:
            result = build(args.raw, args.db, synthetic_rows=args.synthetic_rows, seed=args.seed, progress=progress)
    except BaseException as failed:
        for path in copied:  # an add that fails leaves the raw folder as it was, too (its new folders included)
            path.unlink(missing_ok=True)
            for parent in path.parents:
                if parent == args.raw or not parent.is_relative_to(args.raw) or not parent.exists() or any(parent.iterdir()):
                    break
                parent.rmdir()
        if isinstance(failed, FileExistsError):
            print(f"[etl] {failed}; nothing was added", file=sys.stderr)
            return 1
        if not isinstance(failed, BuildFailed):
            raise
        for problem in failed.problems:
            print(problem, file=sys.stderr)
        what = "problem(s)" if failed.stage == "validation" else "check(s) failed"
        print(f"[etl] {len(failed.problems)} {what}; nothing was written ({args.db} is unchanged)", file=sys.stderr)
        return 1
    if progress:
        progress(f"built {result.db_path} (data version {result.data_version}) in {result.seconds:.1f} s")
    print(f"changes since the previous build of {args.db}:")
    for line in result.changes:
        print(f"  {line}")
    return 0
