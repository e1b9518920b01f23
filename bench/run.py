"""`python -m bench --rows N`: measure the ETL, the pages, the pandas pattern and the browser in one run.

Writes bench/report.md and bench/report.json. Everything is compared as ratios measured in the
same run on the same machine, because absolute timings on these machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from bench.measure import python, run

ROOT = Path(__file__).resolve().parent.parent
SMALL_ROWS = 100_000
BROWSER_PAGES = {"overview": "/", "participation": "/participation", "ageing": "/ageing", "programs": "/programs",
                 "compare": "/compare", "place": "/place", "map": "/map"}  # every page with a chart
GOALS = {
    "etl_vs_raw_load": 1.5,
    "etl_peak_mb": 1024,
    "page_large_vs_small": 1.5,
    "page_miss_seconds": 0.3,
    "pandas_time_ratio": 5.0,
    "pandas_memory_ratio": 5.0,
    "browser_complete_vs_bare": 1.3,
}


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def best(runs: list[dict], key: str = "seconds") -> dict:
    """The run with the smallest `key` (the least disturbed by other load on the machine)."""
    return min(runs, key=lambda r: r[key])


def prepare(work: Path, rows: int, seed: int) -> Path:
    """A raw folder: the shipped data plus `rows` synthetic participation records."""
    raw = work / f"raw_{rows}"
    shutil.copytree(ROOT / "data" / "raw", raw)
    run([sys.executable, "-m", "etl.synth", "--rows", str(rows), "--seed", str(seed), "--out", str(raw / "participation.csv")],
        cwd=ROOT)
    return raw


def measure_etl(work: Path, raw: Path, repeats: int) -> dict:
    etl, load = [], []
    for i in range(repeats):  # alternate, so drifting load on the machine hits both
        db = work / f"etl_{i}.duckdb"
        etl.append(run([sys.executable, "-m", "etl", "--raw", str(raw), "--db", str(db), "--quiet"], cwd=ROOT))
        load.append(python("bench.raw_load", str(raw / "participation.csv"), str(work / f"load_{i}.duckdb"), cwd=ROOT))
    etl_best, load_best = best(etl), best(load)
    return {"etl_seconds": etl_best["seconds"], "etl_peak_mb": max(r["peak_mb"] for r in etl),
            "raw_load_seconds": load_best["seconds"], "raw_load_peak_mb": max(r["peak_mb"] for r in load),
            "etl_vs_raw_load": etl_best["seconds"] / load_best["seconds"]}


def measure_pages(db: Path) -> dict:
    return python("bench.page_times", env={"LCD_DB": str(db)}, cwd=ROOT)["result"]


def measure_pattern(raw: Path, db: Path) -> dict:
    ours = python("bench.interaction", "ours", env={"LCD_DB": str(db)}, cwd=ROOT)
    pandas = python("bench.interaction", "pandas", str(raw / "participation.csv"), str(db), cwd=ROOT)
    return {
        "ours_queries_seconds": ours["result"]["queries_seconds"], "ours_peak_mb": ours["peak_mb"],
        "pandas_load_seconds": pandas["result"]["load_seconds"], "pandas_queries_seconds": pandas["result"]["queries_seconds"],
        "pandas_peak_mb": pandas["peak_mb"],
        "time_ratio_warm": pandas["result"]["queries_seconds"] / ours["result"]["queries_seconds"],
        "time_ratio_cold": (pandas["result"]["load_seconds"] + pandas["result"]["queries_seconds"]) / ours["result"]["queries_seconds"],
        "memory_ratio": pandas["peak_mb"] / ours["peak_mb"],
    }


def measure_browser(db: Path) -> dict:
    measured = python("bench.browser_times", str(db), *BROWSER_PAGES.values(), cwd=ROOT)["result"]
    bare, chrome = measured["bare"], measured["chrome"]
    pages = {name: measured["pages"][path] for name, path in BROWSER_PAGES.items()}
    heaviest = max(pages, key=lambda name: pages[name]["complete"])
    return {"bare": bare, "chrome": chrome, "pages": pages, "heaviest": heaviest,
            "complete_vs_bare": pages[heaviest]["complete"] / bare["complete"],
            "cold_vs_bare": pages[heaviest]["cold"] / bare["cold"],
            "chrome_vs_bare": chrome["complete"] / bare["complete"],
            "met": sum(v["complete"] / bare["complete"] <= GOALS["browser_complete_vs_bare"] for v in pages.values())}


def verdict(value: float, goal: float) -> str:
    return "meets" if value <= goal else "misses"


def report_markdown(r: dict) -> str:
    e, p, b, pat = r["etl"], r["pages"], r["browser"], r["pattern"]
    rows = [
        "| measure | value | goal | |",
        "|---|---|---|---|",
        f"| ETL build, {r['rows']:,} records | {e['etl_seconds']:.2f} s | | |",
        f"| DuckDB `CREATE TABLE AS SELECT * FROM read_csv` of the same file | {e['raw_load_seconds']:.2f} s | | |",
        f"| ETL ÷ raw load | {e['etl_vs_raw_load']:.2f}× | ≤ {GOALS['etl_vs_raw_load']}× | {verdict(e['etl_vs_raw_load'], GOALS['etl_vs_raw_load'])} |",
        f"| ETL peak memory | {e['etl_peak_mb']:.0f} MB | ≤ {GOALS['etl_peak_mb']} MB | {verdict(e['etl_peak_mb'], GOALS['etl_peak_mb'])} |",
        f"| slowest page, cache miss, {r['rows']:,} records ({p['slowest']}) | {p['slowest_miss']:.3f} s | ≤ {GOALS['page_miss_seconds']} s "
        f"| {verdict(p['slowest_miss'], GOALS['page_miss_seconds'])} |",
        f"| page time at {r['rows']:,} ÷ at {SMALL_ROWS:,} (worst page, cache miss) | {p['worst_ratio']:.2f}× | ≤ {GOALS['page_large_vs_small']}× "
        f"| {verdict(p['worst_ratio'], GOALS['page_large_vs_small'])} |",
        f"| pandas pattern ÷ ours, time per interaction (data already in memory) | {pat['time_ratio_warm']:.0f}× faster | ≥ {GOALS['pandas_time_ratio']:.0f}× "
        f"| {'meets' if pat['time_ratio_warm'] >= GOALS['pandas_time_ratio'] else 'misses'} |",
        f"| pandas pattern ÷ ours, first interaction (load + queries) | {pat['time_ratio_cold']:.0f}× faster | | |",
        f"| pandas pattern ÷ ours, peak memory | {pat['memory_ratio']:.1f}× less | ≥ {GOALS['pandas_memory_ratio']:.0f}× "
        f"| {'meets' if pat['memory_ratio'] >= GOALS['pandas_memory_ratio'] else 'misses'} |",
        f"| browser, page complete, heaviest page ({b['heaviest']}) ÷ bare page, warm server | {b['complete_vs_bare']:.2f}× "
        f"| ≤ {GOALS['browser_complete_vs_bare']}× | {verdict(b['complete_vs_bare'], GOALS['browser_complete_vs_bare'])} |",
        f"| browser, pages meeting ≤ {GOALS['browser_complete_vs_bare']}× (warm) | {b['met']} of {len(b['pages'])} | | |",
        f"| browser, same page, cold server (first request) | {b['cold_vs_bare']:.2f}× | | |",
        f"| browser, Streamlit page with the same controls and no dashboard code ÷ bare page | {b['chrome_vs_bare']:.2f}× | | |",
    ]
    page_rows = ["| page | miss, 100k | hit, 100k | miss, large | hit, large | large ÷ 100k |", "|---|---|---|---|---|---|"]
    for page, small in p["small"].items():
        large = p["large"][page]
        page_rows.append(f"| {page} | {small['miss']:.3f} s | {small['hit']:.3f} s | {large['miss']:.3f} s | {large['hit']:.3f} s "
                         f"| {large['miss'] / small['miss']:.2f}× |")
    browser_rows = ["| page | complete, warm | ÷ bare | ÷ same controls | chart drawn, warm | complete, cold | ÷ bare, cold |",
                    "|---|---|---|---|---|---|---|"]
    for name, v in [("bare: one chart, one selectbox", b["bare"]), ("same controls, no dashboard code", b["chrome"]),
                    *b["pages"].items()]:
        browser_rows.append(f"| {name} | {v['complete']:.2f} s | {v['complete'] / b['bare']['complete']:.2f}× "
                            f"| {v['complete'] / b['chrome']['complete']:.2f}× | {v['chart']:.2f} s | {v['cold']:.2f} s "
                            f"| {v['cold'] / b['bare']['cold']:.2f}× |")
    return "\n".join([
        f"# Benchmark report ({r['rows']:,} participation records)", "",
        f"Run {r['when']} on {r['machine']}. Reproduce: `python -m bench --rows {r['rows']}`.", "",
        "## Summary (ratios from this run)", "", *rows, "",
        "## Pages: server time of a full page run (AppTest, median of 5)", "",
        "*miss*: warm server, data and chart caches cleared; *hit*: cached rerun.", "", *page_rows, "",
        "## The usual pattern: the whole record table in a pandas DataFrame", "",
        f"Participation page queries for two filter states. Ours: {pat['ours_queries_seconds']:.3f} s, peak {pat['ours_peak_mb']:.0f} MB. "
        f"pandas: load {pat['pandas_load_seconds']:.2f} s, queries {pat['pandas_queries_seconds']:.3f} s, peak {pat['pandas_peak_mb']:.0f} MB.", "",
        "## Browser: navigation to the page complete", "",
        "*Complete*: the page's script has finished, its last control is drawn and its chart is interactive. Warm: medians "
        "of interleaved loads of every page on servers running side by side (the bare page: one plotly chart and one selectbox; "
        "*same controls*: the bare page plus the sidebar, filter buttons, chart chooser and buttons every page has, and no "
        "dashboard code, bench/chrome_app.py). Cold: the first request to a fresh server.", "",
        *browser_rows, "",
    ]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="participation records (default 10,000,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3, help="ETL and raw-load runs (the best of each is reported)")
    parser.add_argument("--skip-browser", action="store_true", help="leave out the browser timings (no chromium)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench", help="folder for report.md and report.json")
    args = parser.parse_args(argv)
    if args.rows < SMALL_ROWS:
        parser.error(f"--rows must be at least {SMALL_ROWS:,}")
    with tempfile.TemporaryDirectory(prefix="lcd-bench-") as tmp:
        work = Path(tmp)
        say(f"generating {args.rows:,} and {SMALL_ROWS:,} records")
        raw_large, raw_small = prepare(work, args.rows, args.seed), prepare(work, SMALL_ROWS, args.seed)
        say("ETL against the raw DuckDB load")
        etl = measure_etl(work, raw_large, args.repeats)
        db_large, db_small = work / "large.duckdb", work / "small.duckdb"
        run([sys.executable, "-m", "etl", "--raw", str(raw_large), "--db", str(db_large), "--quiet"], cwd=ROOT)
        run([sys.executable, "-m", "etl", "--raw", str(raw_small), "--db", str(db_small), "--quiet"], cwd=ROOT)
        say("pages (AppTest)")
        small, large = measure_pages(db_small), measure_pages(db_large)
        slowest = max(large, key=lambda page: large[page]["miss"])
        pages = {"small": small, "large": large, "slowest": slowest, "slowest_miss": large[slowest]["miss"],
                 "worst_ratio": max(large[page]["miss"] / small[page]["miss"] for page in large)}
        say("the pandas pattern")
        pattern = measure_pattern(raw_large, db_large)
        browser = None
        if not args.skip_browser:
            say("browser")
            browser = measure_browser(db_large)
    result = {"rows": args.rows, "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
              "etl": etl, "pages": pages, "pattern": pattern, "browser": browser, "goals": GOALS}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(result, indent=2))
    if browser is None:
        nan = float("nan")
        result["browser"] = {"heaviest": "-", "complete_vs_bare": nan, "cold_vs_bare": nan, "chrome_vs_bare": nan, "met": 0,
                             "bare": {"cold": nan, "complete": nan, "chart": nan}, "chrome": {"cold": nan, "complete": nan, "chart": nan},
                             "pages": {}}
    (args.out / "report.md").write_text(report_markdown(result))
    say(f"wrote {args.out / 'report.md'}")
    print((args.out / "report.md").read_text())
    return 0
