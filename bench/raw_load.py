"""The limit: DuckDB's own CREATE TABLE AS SELECT * FROM read_csv(...) of the same file, into a file."""

import sys
import time

import duckdb

csv_path, db_path = sys.argv[1], sys.argv[2]
con = duckdb.connect(db_path)
con.execute("SET enable_progress_bar = false")
started = time.perf_counter()
con.execute("CREATE TABLE participation AS SELECT * FROM read_csv(?)", [csv_path])
con.execute("CHECKPOINT")
print('{"seconds": %.4f}' % (time.perf_counter() - started))
