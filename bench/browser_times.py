"""Browser time from navigation to all charts drawn, on a cold server (its first request) and a warm one.

    python -m bench.browser_times DB PAGE_PATH CHARTS [SCRIPT]
Prints one JSON line {"cold": s, "warm": s} (warm: median of 3 new page loads on the same server).
"""

import json
import statistics
import sys
import time

from tests.browser import browser_page, streamlit_server

DRAWN = """(n) => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
              .filter(e => e.querySelector('svg.main-svg, canvas')).length >= n"""


def load(page, url: str, charts: int) -> float:
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function(DRAWN, arg=charts, timeout=120_000, polling=20)
    return time.perf_counter() - started


def main() -> None:
    db, path, charts = sys.argv[1], sys.argv[2], int(sys.argv[3])
    script = sys.argv[4] if len(sys.argv) > 4 else "dashboard.py"
    with streamlit_server(db, script) as url, browser_page(1400, 1000) as page:
        cold = load(page, f"{url}{path}", charts)
        warm = []
        for _ in range(3):
            page.goto("about:blank")
            warm.append(load(page, f"{url}{path}", charts))
    print(json.dumps({"cold": cold, "warm": statistics.median(warm)}))


if __name__ == "__main__":
    main()
