"""Benchmarks: `python -m bench --rows N` measures the ETL, pages, the pandas pattern and the browser."""
