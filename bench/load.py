"""Load: N concurrent browser sessions change filters for S seconds against a local server.

    python -m bench.load [--sessions 20] [--seconds 60] [--db PATH]

Each session opens the overview and alternates two interactions: choose Thailand in the Countries
filter, then Reset filters. An interaction ends when the headline "Places" number shows the count
expected for that filter. Reports errors (app exceptions shown in a page, timeouts; must be 0) and
p50/p95 seconds per interaction, and writes bench/load.json. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path

from playwright.async_api import async_playwright

from lcd import db as lcd_db
from tests.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_MS = 30_000


async def session(browser, url: str, deadline: float, expected: dict[str, str], record: dict) -> None:
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    places = page.locator('[data-testid="stMetricValue"]').first
    try:
        await page.goto(url)
        await places.wait_for(timeout=TIMEOUT_MS)
        turn = 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                if turn % 2 == 0:
                    await page.get_by_role("combobox", name="Countries").click()
                    await page.get_by_role("option", name="Thailand", exact=True).click()
                    await page.keyboard.press("Escape")
                    want = expected["TH"]
                else:
                    await page.get_by_role("button", name="Reset filters").click()
                    want = expected["all"]
                await page.wait_for_function(
                    "(want) => { const m = document.querySelector('[data-testid=\"stMetricValue\"]');"
                    " return m && m.textContent.trim() === want; }", arg=want, timeout=TIMEOUT_MS, polling=25)
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


async def run(url: str, sessions: int, seconds: float, expected: dict[str, str]) -> dict:
    record: dict = {"times": [], "errors": []}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(session(browser, url, deadline, expected, record) for _ in range(sessions)))
        await browser.close()
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--db", type=Path, default=lcd_db.database_path())
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "load.json")
    args = parser.parse_args(argv)
    counts = lcd_db.fetch("SELECT count(*) FILTER (WHERE country_iso = 'TH') AS th, "
                          "count(*) FILTER (WHERE country_iso IN ('CN', 'TH')) AS all_ FROM places", path=args.db)
    expected = {"TH": str(counts.th[0]), "all": str(counts.all_[0])}
    with streamlit_server(args.db) as url:
        record = asyncio.run(run(url + "/", args.sessions, args.seconds, expected))
    times = sorted(record["times"])
    result = {
        "sessions": args.sessions, "seconds": args.seconds, "interactions": len(times), "errors": len(record["errors"]),
        "error_samples": record["errors"][:10],
        "p50_seconds": statistics.median(times) if times else None,
        "p95_seconds": times[int(0.95 * (len(times) - 1))] if times else None,
    }
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
