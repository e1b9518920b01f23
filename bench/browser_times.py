"""Browser time from navigation to the page's charts drawn, against a bare one-chart Streamlit page.

    python -m bench.browser_times DB [--rounds 9] PATH...

Cold: the first request to a fresh server, one server per page. Warm: a bare server and an app server
run side by side and the pages are loaded in turn, `rounds` times (medians), so the ratios come from
the same conditions. For our pages it also reports *complete*: until the last control (the share
button at the end of the page) is drawn, since the controls are sent after the chart.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from contextlib import ExitStack
from pathlib import Path

from tests.browser import browser_page, streamlit_server

BARE = "bench/bare_app.py"
APP = "lcd/server.py"  # the app as `make run` serves it
DRAWN = """(n) => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
              .filter(e => e.querySelector('svg.main-svg, canvas')).length >= n"""
COMPLETE = ".st-key-share"  # the footer's share popover, drawn after every other control


def load(page, url: str, charts: int = 1, complete: bool = False) -> tuple[float, float]:
    """Seconds from navigation to `charts` charts drawn, and to the page complete (or the same time)."""
    page.goto("about:blank")
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function(DRAWN, arg=charts, timeout=120_000, polling=20)
    drawn = time.perf_counter() - started
    if complete:
        page.locator(COMPLETE).wait_for(timeout=120_000)
    return drawn, time.perf_counter() - started


def cold(db: Path, script: str, path: str, complete: bool) -> float:
    with streamlit_server(db, script) as url, browser_page(1400, 1000) as page:
        return load(page, f"{url}{path}", complete=complete)[0]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.browser_times")
    parser.add_argument("db", type=Path)
    parser.add_argument("paths", nargs="+", help="page paths of the app, e.g. / /programs")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args(argv)
    result = {"bare": {"cold": cold(args.db, BARE, "/", False)},
              "pages": {path: {"cold": cold(args.db, APP, path, True)} for path in args.paths}}
    with ExitStack() as stack:
        bare = stack.enter_context(streamlit_server(args.db, BARE))
        app = stack.enter_context(streamlit_server(args.db, APP))
        page = stack.enter_context(browser_page(1400, 1000))
        targets = [("bare", f"{bare}/", False)] + [(path, f"{app}{path}", True) for path in args.paths]
        times: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in targets}
        for name, url, complete in targets:  # warm the servers' caches and the browser's
            load(page, url, complete=complete)
        for _ in range(args.rounds):
            for name, url, complete in targets:
                times[name].append(load(page, url, complete=complete))
    result["bare"]["warm"] = statistics.median(t[0] for t in times["bare"])
    for path in args.paths:
        result["pages"][path]["warm"] = statistics.median(t[0] for t in times[path])
        result["pages"][path]["complete"] = statistics.median(t[1] for t in times[path])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
