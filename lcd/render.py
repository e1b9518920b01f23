"""Draw saved views without a browser: each (page, URL parameters) is run headlessly and its chart taken.

    python -m lcd.render < request.json > figures.json

The request is {"db": path, "steps": [{"page": "ageing", "params": {...}}, ...]}; the answer is one
{"figure": plotly JSON or null, "summary": str} per step. Pages are run with Streamlit's AppTest, which
replaces Streamlit's runtime while it runs, so it runs in a process of its own, never inside the
server (`render()` starts it). A story's deck and offline pack are drawn this way, from the shared
database: so a story reopened after a rebuild is drawn from the data as it is now.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import plotly.graph_objects as go

from lcd.config import ROOT

STEP_TIMEOUT = 60  # seconds one page may take to run


def _run_steps(steps: list[dict]) -> list[dict]:
    from streamlit.testing.v1 import AppTest

    from lcd.page import page_file
    from lcd.panels import NOT_IN_PANEL

    out = []
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=STEP_TIMEOUT)  # pages run under the entry script
    app.run()
    for step in steps:
        app.query_params.clear()
        for key, value in step.get("params", {}).items():
            if key not in NOT_IN_PANEL:  # the chart, never its table or a slide
                app.query_params[key] = value
        app.switch_page(page_file(step["page"]))
        app.run()
        charts = app.get("plotly_chart")
        if app.exception or not charts:
            out.append({"figure": None, "summary": "", "error": "; ".join(str(e.value) for e in app.exception)[:500]})
            continue
        figure = json.loads(charts[0].proto.spec)
        out.append({"figure": figure, "summary": (figure.get("layout", {}).get("meta") or {}).get("summary", "")})
    return out


def main() -> None:
    logging.disable(logging.WARNING)  # AppTest warns that it runs without a browser session
    request = json.loads(sys.stdin.read())
    os.environ["LCD_DB"] = request["db"]
    json.dump(_run_steps(request["steps"]), sys.stdout)


def render(steps: list[tuple[str, dict]], db_path: Path) -> list[tuple[go.Figure | None, str]]:
    """The chart and summary of each (page, params), drawn in a separate process from the database at
    `db_path`; (None, "") for a step whose page draws no chart."""
    request = {"db": str(db_path), "steps": [{"page": page, "params": params} for page, params in steps]}
    done = subprocess.run([sys.executable, "-m", "lcd.render"], input=json.dumps(request), capture_output=True, text=True,
                          cwd=ROOT, timeout=STEP_TIMEOUT * (len(steps) + 2), check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    if done.returncode != 0:
        raise RuntimeError(f"lcd.render failed: {done.stderr[-2000:]}")
    return [(go.Figure(item["figure"]) if item["figure"] else None, item["summary"]) for item in json.loads(done.stdout)]


if __name__ == "__main__":
    main()
