"""Load: N concurrent browser sessions change filters for S seconds against a local server.

    python -m bench.load [--sessions 8] [--seconds 60] [--db PATH]
    python -m bench.load --protocol [--replicas 1,2] [--session-counts 50,100,200] [--seconds 60]   (bench/protocol.py)

Each session opens the ageing page (default places: Shanghai and four Thai places) and alternates two
interactions: choose Thailand in the Countries filter, then Clear filters. An interaction ends when
the first chart has been redrawn with the new data: its legend loses Shanghai, then has it again.
Reports errors (app exceptions shown in a page, timeouts; must be 0), p50/p95 seconds per
interaction and the server's CPU use, and writes bench/load.json. The browsers run on the same
machine as the server. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import time
from pathlib import Path

from playwright.async_api import async_playwright

from lcd import db as lcd_db
from tests.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_MS = 60_000  # one interaction
CHART = '[data-testid="stPlotlyChart"] svg.main-svg'
# Whether the first chart's legend names Shanghai, i.e. the chart was redrawn for the Countries filter or its reset.
LEGEND_HAS_SHANGHAI = """(want) => {
  const legend = document.querySelector('[data-testid="stPlotlyChart"] g.legend');
  return !!legend && legend.textContent.includes('Shanghai') === want;
}"""
OPEN_TIMEOUT_MS = 180_000  # first page load while every other session is loading too


async def session(browser, url: str, window: dict, record: dict, delay: float, opened: asyncio.Barrier) -> None:
    await asyncio.sleep(delay)  # sessions arrive over a few seconds, as people join a meeting
    context = await browser.new_context(viewport={"width": 1100, "height": 800})
    page = await context.new_page()
    try:
        await page.goto(url, timeout=OPEN_TIMEOUT_MS)
        await page.locator(CHART).first.wait_for(timeout=OPEN_TIMEOUT_MS)
        await opened.wait()  # the measured window starts when every session is open
        window.setdefault("deadline", time.perf_counter() + window["seconds"])
        turn = 0
        while time.perf_counter() < window["deadline"]:
            started = time.perf_counter()
            try:
                if turn % 2 == 0:
                    await page.locator(".st-key-filter_bar").get_by_role("button", name=re.compile("^Countries")).click(timeout=TIMEOUT_MS)
                    await page.get_by_role("combobox", name="Countries").click(timeout=TIMEOUT_MS)
                    await page.get_by_role("option", name="Thailand", exact=True).click(timeout=TIMEOUT_MS)
                    await page.keyboard.press("Escape")
                else:
                    await page.get_by_role("button", name="Clear filters").click(timeout=TIMEOUT_MS)
                await page.wait_for_function(LEGEND_HAS_SHANGHAI, arg=turn % 2 == 1, timeout=TIMEOUT_MS, polling=25)
                record["times"].append(time.perf_counter() - started)
            except Exception as error:  # noqa: BLE001 - every failure counts as an error
                record["errors"].append(f"{type(error).__name__}: {str(error).splitlines()[0][:120]}")
                await page.goto(url)
            exceptions = await page.locator('[data-testid="stException"]').count()
            if exceptions:
                record["errors"].append(f"{exceptions} app exception(s) shown")
                await page.goto(url)
            turn += 1
    finally:
        await context.close()


async def run(url: str, sessions: int, seconds: float) -> dict:
    record: dict = {"times": [], "errors": []}
    async with async_playwright() as playwright:
        # Many pages in one browser: keep the ones not in front from being throttled like background tabs.
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + [
            "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows", "--disable-renderer-backgrounding"])
        window = {"seconds": seconds}
        opened = asyncio.Barrier(sessions)
        results = await asyncio.gather(*(session(browser, url, window, record, 0.5 * i, opened) for i in range(sessions)),
                                       return_exceptions=True)
        record["errors"] += [f"session failed to open: {type(r).__name__}" for r in results if isinstance(r, BaseException)]
        await browser.close()
    return record


def _server_cpu_seconds(url: str) -> float:
    """CPU time (user + system) of the Streamlit server listening on `url`'s port, from /proc."""
    port = url.rsplit(":", 1)[1]
    ticks = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if b"streamlit" in stat.read_bytes() and port.encode() in stat.read_bytes():
                fields = (stat.parent / "stat").read_text().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / ticks
        except OSError:
            continue
    return float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=8, help="browser sessions (default 8: the browsers render on the same cores as the server)")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--db", type=Path, default=lcd_db.database_path())
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "load.json")
    parser.add_argument("--protocol", action="store_true", help="speak Streamlit's websocket protocol through nginx, no browser "
                        "(bench/protocol.py); --session-counts and --replicas take comma-separated lists")
    parser.add_argument("--replicas", default="1,2", help="with --protocol: the numbers of replicas to run (default 1,2)")
    parser.add_argument("--session-counts", default="50,100,200", help="with --protocol: concurrent sessions (default 50,100,200)")
    args = parser.parse_args(argv)
    if args.protocol:
        return protocol_main(args)
    with streamlit_server(args.db) as url:
        server_cpu = _server_cpu_seconds(url)
        started = time.perf_counter()
        record = asyncio.run(run(f"{url}/ageing", args.sessions, args.seconds))
        server_share = (_server_cpu_seconds(url) - server_cpu) / (time.perf_counter() - started)
    times = sorted(record["times"])
    result = {
        "page": "ageing", "sessions": args.sessions, "seconds": args.seconds, "interactions": len(times), "errors": len(record["errors"]),
        "error_samples": record["errors"][:10],
        "p50_seconds": statistics.median(times) if times else None,
        "p95_seconds": times[int(0.95 * (len(times) - 1))] if times else None,
        "server_cpu_share": round(server_share, 2),  # CPU-seconds of the server per second, whole run (2 cores = 2.0)
    }
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0 if result["errors"] == 0 else 1


def protocol_main(args) -> int:
    from bench import protocol

    rows = []
    for replicas in (int(n) for n in args.replicas.split(",")):
        rows += protocol.measure(replicas, [int(n) for n in args.session_counts.split(",")], args.seconds, db=args.db)
    result = {"runs": rows, "cores": os.cpu_count(), "capacity": protocol.capacity(rows, os.cpu_count() or 1)}
    out = args.out.with_name("load_protocol.json") if args.out.name == "load.json" else args.out
    out.write_text(json.dumps(result, indent=2))
    protocol.write_section(out.with_name("report.md"), protocol.section(result))
    print(result["capacity"])
    return 0 if all(r["errors"] == 0 for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
