"""Browser time from navigation to the page complete, against a bare Streamlit page with one plotly chart
and one selectbox.

    python -m bench.browser_times DB [--rounds 9] PATH...

*Complete*: the page's script has finished, its last control is drawn (our pages: the share button at
the end; the bare page: its selectbox) and its chart is interactive (plotly's drag layer is in place).
*Chart*: the first chart drawn, reported beside it. *Chrome*: the bare page plus the controls every
dashboard page has (bench/chrome_app.py), to tell Streamlit's cost of drawing them from ours. Cold: the first request to a fresh server, one
server per page. Warm: a bare server and an app server run side by side and the pages are loaded in
turn, `rounds` times (medians), so the ratios come from the same conditions. Prints one JSON object.
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
CHROME = "bench/chrome_app.py"  # the bare page plus the controls every dashboard page has, and no dashboard code
APP = "lcd/server.py"  # the app as `make run` serves it
CHART = """() => !!document.querySelector('[data-testid="stPlotlyChart"] svg.main-svg, [data-testid="stPlotlyChart"] canvas')"""
COMPLETE = """(last) => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!(app && app.getAttribute('data-test-script-state') === 'notRunning'
            && document.querySelector(last)
            && document.querySelector('[data-testid="stPlotlyChart"] .draglayer, [data-testid="stPlotlyChart"] canvas'));
}"""
LAST = {"bare": '[data-testid="stSelectbox"]', "chrome": ".st-key-share", "app": ".st-key-share"}  # each page's last control


def load(page, url: str, last: str) -> tuple[float, float]:
    """Seconds from navigation to the first chart drawn, and to the page complete."""
    page.goto("about:blank")
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function(CHART, timeout=120_000, polling=20)
    chart = time.perf_counter() - started
    page.wait_for_function(COMPLETE, arg=last, timeout=120_000, polling=20)
    return chart, time.perf_counter() - started


def cold(db: Path, script: str, path: str, last: str) -> tuple[float, float]:
    with streamlit_server(db, script) as url, browser_page(1400, 1000) as page:
        return load(page, f"{url}{path}", last)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.browser_times")
    parser.add_argument("db", type=Path)
    parser.add_argument("paths", nargs="+", help="page paths of the app, e.g. / /programs")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args(argv)
    bare_cold = cold(args.db, BARE, "/", LAST["bare"])
    chrome_cold = cold(args.db, CHROME, "/", LAST["chrome"])
    result = {"bare": {"cold_chart": bare_cold[0], "cold": bare_cold[1]},
              "chrome": {"cold_chart": chrome_cold[0], "cold": chrome_cold[1]}, "pages": {}}
    for path in args.paths:
        chart, complete = cold(args.db, APP, path, LAST["app"])
        result["pages"][path] = {"cold_chart": chart, "cold": complete}
    with ExitStack() as stack:
        bare = stack.enter_context(streamlit_server(args.db, BARE))
        chrome = stack.enter_context(streamlit_server(args.db, CHROME))
        app = stack.enter_context(streamlit_server(args.db, APP))
        page = stack.enter_context(browser_page(1400, 1000))
        targets = [("bare", f"{bare}/", LAST["bare"]), ("chrome", f"{chrome}/", LAST["chrome"])] \
            + [(path, f"{app}{path}", LAST["app"]) for path in args.paths]
        times: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in targets}
        for name, url, last in targets:  # warm the servers' caches and the browser's
            load(page, url, last)
        for _ in range(args.rounds):
            for name, url, last in targets:
                times[name].append(load(page, url, last))
    for name, measured in times.items():
        entry = result[name] if name in ("bare", "chrome") else result["pages"][name]
        entry["chart"] = statistics.median(t[0] for t in measured)
        entry["complete"] = statistics.median(t[1] for t in measured)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
