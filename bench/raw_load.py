"""The limit: DuckDB's own CREATE TABLE AS SELECT * of the same records (a CSV file, or a folder of Parquet
partitions read with read_parquet), into a database file. Prints {"seconds": …}."""

import sys
import time
from pathlib import Path

import duckdb

source, db_path = Path(sys.argv[1]), sys.argv[2]
con = duckdb.connect(db_path)
con.execute("SET enable_progress_bar = false")
started = time.perf_counter()
if source.is_dir():
    con.execute("CREATE TABLE participation AS SELECT * FROM read_parquet(?, hive_partitioning = false)", [str(source / "**" / "*.parquet")])
else:
    con.execute("CREATE TABLE participation AS SELECT * FROM read_csv(?)", [str(source)])
con.execute("CHECKPOINT")
print('{"seconds": %.4f}' % (time.perf_counter() - started))
