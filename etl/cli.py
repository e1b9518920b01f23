"""`python -m etl`: build the warehouse from the raw folder.

Exit codes: 0 built; 1 the raw data breaks the contract or a mart check (every problem is
listed on stderr as `file:row:column: what is wrong (expected ...)`); 2 bad usage.
"""

from __future__ import annotations

import argparse
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
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not args.raw.is_dir():
        p.error(f"--raw {args.raw} is not a folder")
    if args.synthetic_rows < 0:
        p.error("--synthetic-rows must be 0 or more")
    progress = None if args.quiet else (lambda message: print(f"[etl] {message}", file=sys.stderr, flush=True))
    try:
        result = build(args.raw, args.db, synthetic_rows=args.synthetic_rows, seed=args.seed, progress=progress)
    except BuildFailed as failed:
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
