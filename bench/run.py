"""`python -m bench --rows N`: measure the ETL, adding a year, the pages, the pandas pattern and the browser.

The records are Parquet partitions (year=YYYY/place=ID), as a network shares them. Writes bench/report.md,
bench/report.json and bench/cost_vs_size.png (cost against size, log-log, 10k records to N). Everything is
compared as ratios measured in the same run on the same machine, because absolute timings here are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
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
CURVE = (10_000, 100_000, 1_000_000, 10_000_000)  # sizes of the cost curve below --rows
GOALS = {
    "etl_vs_raw_load": 1.5,
    "etl_peak_mb": 2048,
    "add_vs_load_year": 1.3,
    "noop_seconds": 2.0,
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
    """A raw folder: the shipped data plus `rows` synthetic participation records as Parquet partitions."""
    raw = work / f"raw_{rows}"
    shutil.copytree(ROOT / "data" / "raw", raw)
    run([sys.executable, "-m", "etl.synth", "--rows", str(rows), "--seed", str(seed), "--parquet", "--out",
         str(raw / "participation")], cwd=ROOT)
    return raw


def _internal_seconds(result: dict) -> float:
    """The build's own time, as `python -m etl` reports it (`… in 1.2 s`), leaving out the interpreter's start."""
    import re

    found = re.findall(r"in ([\d.]+) s\b", result.get("stderr", ""))
    return float(found[-1]) if found else result["seconds"]


def _mb(path: Path) -> float:
    files = path.rglob("*") if path.is_dir() else [path]
    return sum(f.stat().st_size for f in files if f.is_file()) / 1e6


def measure_etl(work: Path, raw: Path, repeats: int) -> dict:
    """The full ETL against DuckDB's own load of the same files, alternated `repeats` times; the first build
    (work/etl_0.duckdb) is kept for the pages and the pandas pattern."""
    etl, load = [], []
    sizes = {"parquet_mb": _mb(raw / "participation")}
    for i in range(repeats):  # alternate, so drifting load on the machine hits both
        db = work / f"etl_{i}.duckdb"
        etl.append(run([sys.executable, "-m", "etl", "--raw", str(raw), "--db", str(db), "--full"], cwd=ROOT))
        load.append(python("bench.raw_load", str(raw / "participation"), str(work / f"load_{i}.duckdb"), cwd=ROOT))
        sizes.update(warehouse_mb=_mb(db), raw_load_mb=_mb(work / f"load_{i}.duckdb"))
        (work / f"load_{i}.duckdb").unlink(missing_ok=True)
        if i:
            db.unlink(missing_ok=True)
    for r in etl:
        r["seconds"] = _internal_seconds(r)
    for r in load:
        r["seconds"] = r["result"]["seconds"]
    etl_best, load_best = best(etl), best(load)
    return {"etl_seconds": etl_best["seconds"], "etl_peak_mb": max(r["peak_mb"] for r in etl),
            "raw_load_seconds": load_best["seconds"], "raw_load_peak_mb": max(r["peak_mb"] for r in load),
            "etl_vs_raw_load": etl_best["seconds"] / load_best["seconds"], **sizes}


def measure_add(work: Path, raw: Path, repeats: int = 2) -> dict:
    """Adding the last year (about a tenth of the records) to a database of the others, against DuckDB loading
    that year alone; then a build with nothing changed."""
    years = sorted(p for p in (raw / "participation").iterdir() if p.name.startswith("year="))
    last = years[-1]
    adds, loads, noops = [], [], []
    for i in range(repeats):
        base = work / f"base_{i}"
        shutil.copytree(raw, base, copy_function=os.link, ignore=shutil.ignore_patterns(last.name))  # hard links: no copy
        later = work / f"later_{i}"
        shutil.copytree(last, later / last.name, copy_function=os.link)
        db = work / f"add_{i}.duckdb"
        run([sys.executable, "-m", "etl", "--raw", str(base), "--db", str(db), "--quiet"], cwd=ROOT)
        added = run([sys.executable, "-m", "etl", "--raw", str(base), "--db", str(db), "--add", str(later)], cwd=ROOT)
        shutil.rmtree(later)
        adds.append({**added, "seconds": _internal_seconds(added)})
        loaded = python("bench.raw_load", str(last), str(work / f"year_{i}.duckdb"), cwd=ROOT)
        loads.append({"seconds": loaded["result"]["seconds"]})
        noops.append(run([sys.executable, "-m", "etl", "--raw", str(base), "--db", str(db), "--quiet"], cwd=ROOT))
        (work / f"year_{i}.duckdb").unlink(missing_ok=True)
        db.unlink(missing_ok=True)
        shutil.rmtree(base)
    add, load = best(adds), best(loads)
    records = sum(1 for _ in last.rglob("*.parquet"))
    return {"year": last.name, "partitions": records, "add_seconds": add["seconds"], "add_peak_mb": max(a["peak_mb"] for a in adds),
            "load_year_seconds": load["seconds"], "add_vs_load_year": add["seconds"] / load["seconds"],
            "noop_seconds": best(noops)["seconds"]}


def measure_pages(db: Path) -> dict:
    return python("bench.page_times", env={"LCD_DB": str(db)}, cwd=ROOT)["result"]


def measure_pattern(raw: Path, db: Path) -> dict:
    ours = python("bench.interaction", "ours", env={"LCD_DB": str(db)}, cwd=ROOT)
    pandas = python("bench.interaction", "pandas", str(raw / "participation"), str(db), cwd=ROOT)
    return {
        "ours_queries_seconds": ours["result"]["queries_seconds"], "ours_peak_mb": ours["peak_mb"],
        "pandas_load_seconds": pandas["result"]["load_seconds"], "pandas_queries_seconds": pandas["result"]["queries_seconds"],
        "pandas_peak_mb": pandas["peak_mb"],
        "time_ratio_warm": pandas["result"]["queries_seconds"] / ours["result"]["queries_seconds"],
        "time_ratio_cold": (pandas["result"]["load_seconds"] + pandas["result"]["queries_seconds"]) / ours["result"]["queries_seconds"],
        "memory_ratio": pandas["peak_mb"] / ours["peak_mb"],
    }


def memory_mb() -> float:
    """The machine's memory (MemTotal)."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024
    return float("inf")


def pandas_projection(points: list[dict], size: int) -> float:
    """The pandas pattern's peak memory (MB) at `size` records, scaled from the largest size it was measured at
    (0 when it was never measured)."""
    fitted = [p["pandas"] for p in points if p.get("pandas") and "pandas_peak_mb" in p["pandas"]]
    return fitted[-1]["pandas_peak_mb"] * size / fitted[-1]["rows"] if fitted else 0


def fits(projected_mb: float) -> bool:
    """Whether the pandas pattern may run: its projected peak under 60% of this machine's memory."""
    return projected_mb < 0.6 * memory_mb()


def measure_curve(work: Path, sizes: list[int], seed: int) -> list[dict]:
    """Cost against size: a full ETL, adding the last year, the participation page (cache miss) and, while the
    record table fits in this machine's memory, the pandas pattern. One run per size."""
    points = []
    for size in sizes:
        say(f"curve: {size:,} records")
        raw = prepare(work, size, seed)
        db = work / f"curve_{size}.duckdb"
        etl = run([sys.executable, "-m", "etl", "--raw", str(raw), "--db", str(db), "--full"], cwd=ROOT)
        page = python("bench.page_times", "3", "participation", env={"LCD_DB": str(db)}, cwd=ROOT)["result"]["participation"]["miss"]
        add = measure_add(work, raw, repeats=1)
        point = {"rows": size, "etl_seconds": _internal_seconds(etl), "etl_peak_mb": etl["peak_mb"], "add_seconds": add["add_seconds"],
                 "load_year_seconds": add["load_year_seconds"], "page_seconds": page, "pandas": None}
        projected = pandas_projection(points, size)
        if fits(projected):
            point["pandas"] = {"rows": size, **measure_pattern(raw, db)}
        else:
            point["pandas"] = {"rows": size, "skipped": f"projected {projected / 1024:.0f} GB > 60% of {memory_mb() / 1024:.0f} GB"}
        points.append(point)
        db.unlink(missing_ok=True)
        shutil.rmtree(raw)
    return points


def plot(points: list[dict], path: Path) -> None:
    """Cost against size, log-log: the ETL, one added year and a page (cache miss), one picture."""
    import plotly.graph_objects as go

    from lcd import export
    from lcd.charts.base import FONT, PALETTE

    rows = [p["rows"] for p in points]
    fig = go.Figure()
    for key, name, color in (("etl_seconds", "full ETL", PALETTE[0]), ("add_seconds", "add the last year (a tenth)", PALETTE[1]),
                             ("load_year_seconds", "DuckDB loading that year alone", PALETTE[4]),
                             ("page_seconds", "participation page, cache miss", PALETTE[2])):
        fig.add_scatter(x=rows, y=[p[key] for p in points], mode="lines+markers+text", name=name, line={"color": color, "width": 3},
                        text=[f"{p[key]:.2f} s" for p in points], textposition="top left", textfont={"size": 11})
    fig.update_xaxes(type="log", title="participation records", tickvals=rows, ticktext=[f"{r:,}" for r in rows])
    fig.update_yaxes(type="log", title="seconds")
    fig.update_layout(title="Cost against size (log-log): the build grows with the data, an added year with the year, a page not at all",
                      font={"family": FONT, "size": 14}, template="plotly_white", width=1200, height=700,
                      legend={"orientation": "h", "y": -0.15})
    export._ensure_kaleido()
    path.write_bytes(fig.to_image(format="png", width=1200, height=700))


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
    e, p, b, pat, a = r["etl"], r["pages"], r["browser"], r["pattern"], r["add"]
    rows = [
        "| measure | value | goal | |",
        "|---|---|---|---|",
        f"| ETL build, {r['rows']:,} records in Parquet partitions | {e['etl_seconds']:.2f} s | | |",
        f"| DuckDB `CREATE TABLE AS SELECT * FROM read_parquet` of the same files | {e['raw_load_seconds']:.2f} s | | |",
        f"| ETL ÷ raw load | {e['etl_vs_raw_load']:.2f}× | ≤ {GOALS['etl_vs_raw_load']}× | {verdict(e['etl_vs_raw_load'], GOALS['etl_vs_raw_load'])} |",
        f"| ETL peak memory | {e['etl_peak_mb']:.0f} MB | ≤ {GOALS['etl_peak_mb']} MB | {verdict(e['etl_peak_mb'], GOALS['etl_peak_mb'])} |",
        f"| on disk: the records as Parquet (zstd) · the warehouse the ETL writes (rollups, no copy of the records) · "
        f"DuckDB's own table of them | {e['parquet_mb']:,.0f} MB ({e['parquet_mb'] * 1e6 / r['rows']:.1f} bytes a record) · "
        f"{e['warehouse_mb']:,.0f} MB · {e['raw_load_mb']:,.0f} MB | | |",
        f"| add one year ({a['year']}, {a['partitions']} partitions): `python -m etl --add` | {a['add_seconds']:.2f} s | | |",
        f"| DuckDB loading that year alone | {a['load_year_seconds']:.2f} s | | |",
        f"| add ÷ load of the year | {a['add_vs_load_year']:.2f}× | ≤ {GOALS['add_vs_load_year']}× "
        f"| {verdict(a['add_vs_load_year'], GOALS['add_vs_load_year'])} |",
        f"| a build with nothing changed (`python -m etl`, wall time with the interpreter's start) | {a['noop_seconds']:.2f} s "
        f"| ≤ {GOALS['noop_seconds']} s | {verdict(a['noop_seconds'], GOALS['noop_seconds'])} |",
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
        "The ETL validates every record by the contract and rolls them up, but keeps no copy of them (a view over the "
        "Parquet files), where DuckDB's own load writes them into a table: hence an ETL quicker than the load. The synthetic "
        "records repeat a lot (few distinct values per partition), so they compress to a byte or two each; real exports with "
        "a learner id and a date per record take more disk and more time to read, in the same proportions for both.", "",
        "## Pages: server time of a full page run (AppTest, median of 5)", "",
        "*miss*: warm server, data and chart caches cleared; *hit*: cached rerun.", "", *page_rows, "",
        "## The usual pattern: the whole record table in a pandas DataFrame", "",
        f"Participation page queries for two filter states, at {pat['rows']:,} records"
        f"{' (' + pat['note'] + ')' if pat.get('note') else ''}. Ours: {pat['ours_queries_seconds']:.3f} s, peak "
        f"{pat['ours_peak_mb']:.0f} MB. pandas: load {pat['pandas_load_seconds']:.2f} s, queries {pat['pandas_queries_seconds']:.3f} s, "
        f"peak {pat['pandas_peak_mb']:.0f} MB.", "",
        "## Cost against size", "",
        "![cost against size, log-log](cost_vs_size.png)", "",
        "| records | full ETL | its peak memory | add the last year | DuckDB loads that year | participation page, miss | pandas pattern |",
        "|---:|---:|---:|---:|---:|---:|---|",
        *[f"| {c['rows']:,} | {c['etl_seconds']:.2f} s | {c['etl_peak_mb']:.0f} MB | {c['add_seconds']:.2f} s | {c['load_year_seconds']:.2f} s "
          f"| {c['page_seconds']:.3f} s | " + (f"{c['pandas']['pandas_peak_mb']:.0f} MB, load {c['pandas']['pandas_load_seconds']:.1f} s"
                                               if c.get('pandas') and 'pandas_peak_mb' in c['pandas'] else
                                               (c['pandas']['skipped'] if c.get('pandas') and 'skipped' in c['pandas'] else '–')) + " |"
          for c in r.get("curve", [])], "",
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
    parser.add_argument("--skip-curve", action="store_true", help="leave out the cost curve (sizes below --rows)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench", help="folder for report.md, report.json and the plot")
    args = parser.parse_args(argv)
    if args.rows < SMALL_ROWS:
        parser.error(f"--rows must be at least {SMALL_ROWS:,}")
    from etl import synth

    most = synth.max_rows(ROOT / "data" / "raw", args.seed)
    if args.rows > most:  # say so now, not after the curve's quarter of an hour
        parser.error(f"--rows {args.rows:,}: the synthetic generator writes at most {most:,} records from data/raw (each record "
                     f"has at least one participant, and a place's participants never exceed its residents); "
                     f"try --rows {most // 10_000_000 * 10_000_000:,}")
    with tempfile.TemporaryDirectory(prefix="lcd-bench-", dir=os.environ.get("LCD_BENCH_DIR")) as tmp:
        work = Path(tmp)
        curve = [] if args.skip_curve else measure_curve(work, [n for n in CURVE if n < args.rows], args.seed)
        say(f"generating {args.rows:,} and {SMALL_ROWS:,} records")
        raw_large, raw_small = prepare(work, args.rows, args.seed), prepare(work, SMALL_ROWS, args.seed)
        say("ETL against the raw DuckDB load")
        etl = measure_etl(work, raw_large, args.repeats)
        say("adding a year; a build with nothing changed")
        add = measure_add(work, raw_large)
        db_large, db_small = work / "etl_0.duckdb", work / "small.duckdb"  # the first measured build of raw_large, kept
        run([sys.executable, "-m", "etl", "--raw", str(raw_small), "--db", str(db_small), "--quiet"], cwd=ROOT)
        say("pages (AppTest)")
        small, large = measure_pages(db_small), measure_pages(db_large)
        slowest = max(large, key=lambda page: large[page]["miss"])
        pages = {"small": small, "large": large, "slowest": slowest, "slowest_miss": large[slowest]["miss"],
                 "worst_ratio": max(large[page]["miss"] / small[page]["miss"] for page in large)}
        say("the pandas pattern")
        projected = pandas_projection(curve, args.rows)
        if fits(projected):
            pattern = {"rows": args.rows, **measure_pattern(raw_large, db_large)}
        else:
            fitted = [p["pandas"] for p in curve if p.get("pandas") and "pandas_peak_mb" in p["pandas"]]
            pattern = {**fitted[-1], "note": f"at {args.rows:,} records the table would need about {projected / 1024:.0f} GB "
                                             f"(this machine has {memory_mb() / 1024:.0f} GB): shown at {fitted[-1]['rows']:,}"}
        curve.append({"rows": args.rows, "etl_seconds": etl["etl_seconds"], "etl_peak_mb": etl["etl_peak_mb"],
                      "add_seconds": add["add_seconds"], "load_year_seconds": add["load_year_seconds"],
                      "page_seconds": large["participation"]["miss"], "pandas": pattern if pattern.get("rows") == args.rows else None})
        browser = None
        if not args.skip_browser:
            say("browser")
            browser = measure_browser(db_large)
    args.out.mkdir(parents=True, exist_ok=True)
    if len(curve) > 1:
        plot(curve, args.out / "cost_vs_size.png")
    result = {"rows": args.rows, "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
                         f"{os.cpu_count()} cores, {memory_mb() / 1024:.0f} GB",
              "etl": etl, "add": add, "pages": pages, "pattern": pattern, "curve": curve, "browser": browser, "goals": GOALS}
    (args.out / "report.json").write_text(json.dumps(result, indent=2))
    if browser is None:
        nan = float("nan")
        result["browser"] = {"heaviest": "-", "complete_vs_bare": nan, "cold_vs_bare": nan, "chrome_vs_bare": nan, "met": 0,
                             "bare": {"cold": nan, "complete": nan, "chart": nan}, "chrome": {"cold": nan, "complete": nan, "chart": nan},
                             "pages": {}}
    report = args.out / "report.md"
    previous = report.read_text(encoding="utf-8") if report.exists() else ""
    report.write_text(report_markdown(result))
    from bench import protocol  # keep the serving figures, which python -m bench.load --protocol writes

    if protocol.BEGIN in previous:
        protocol.write_section(report, protocol.BEGIN + previous.split(protocol.BEGIN, 1)[1].split(protocol.END, 1)[0] + protocol.END + "\n")
    say(f"wrote {args.out / 'report.md'}")
    print((args.out / "report.md").read_text())
    return 0
