"""The dashboard's web server: Streamlit's own ASGI app for `dashboard.py`, serving its pages' HTML
with three additions: two so that a link to a page is usable sooner, one so that maps never go online.

    streamlit run lcd/server.py      (what `make run` does; Streamlit finds `app` below)

1. **The server's address.** Streamlit's browser code finds its server by trying the page's URL
   first: a link to `/ageing` asks `/ageing/_stcore/health`, gets a 404, waits, and only then asks
   `/_stcore/health` (streamlit/streamlit#7074). Every shared link to a page paid that, 0.1-0.2 s
   before anything was drawn. The HTML here sets `window.__streamlit.BACKEND_BASE_URL`, the setting
   Streamlit reads when it is hosted, to the app's root, so the browser connects at once.
2. **The base map plotly's `geo` maps ask for**, an empty topology, so a map never fetches one from
   a CDN (lcd/charts/maps.py).
3. **The chart library, fetched early.** Every chart page needs Streamlit's plotly bundle, which the
   browser otherwise starts to fetch only when the first chart arrives. A `modulepreload` link lets
   it fetch and compile the bundle while the page connects.

It also imports the dashboard's modules (pandas, DuckDB, plotly and lcd.*) when the server starts, not
on the first request: the first delegate to open a link after a restart no longer waits for them.

Everything else is Streamlit's server unchanged; the page scripts do not depend on this file, and
`streamlit run dashboard.py` still works without these additions.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

import streamlit as st
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

import lcd.downloads  # noqa: F401  (imported at start: see the module's docstring)
import lcd.panels  # noqa: F401
import lcd.queries  # noqa: F401
from lcd.charts.maps import GEO_ASSETS_SCRIPT

ROOT = Path(__file__).resolve().parent.parent
MAIN = ROOT / "dashboard.py"
STATIC = Path(st.__file__).parent / "static"
# The app's root is the directory of a page's URL (`/ageing` → `/`), which also holds under a path prefix.
ADDRESS = "<script>window.__streamlit = {BACKEND_BASE_URL: new URL('.', window.location.href).href}</script>"
# The empty base-map topology plotly's geo maps ask for (lcd/charts/maps.py), given before they ask: no fetch.
GEO_ASSETS = GEO_ASSETS_SCRIPT


def page_paths(pages: Path = ROOT / "pages") -> list[str]:
    """The URL of the overview and of each page in `pages/` (Streamlit's folder pages: the file name)."""
    return ["/"] + sorted(f"/{path.stem}" for path in pages.glob("*.py") if not path.name.startswith("_"))


def chart_bundle(static: Path = STATIC) -> str | None:
    """The relative URL of Streamlit's plotly bundle (its name carries a hash), or None if not exactly one."""
    found = sorted((static / "static" / "js").glob("PlotlyChart.*.js"))
    if len(found) != 1:
        logging.getLogger(__name__).warning("expected one PlotlyChart bundle in %s, found %d: not preloading", static, len(found))
        return None
    return f"./static/js/{found[0].name}"


@cache
def page_html(static: Path = STATIC) -> str:
    """Streamlit's index.html with the app's address set before its scripts run and the chart bundle preloaded."""
    index = static / "index.html"
    html = index.read_text(encoding="utf-8")
    if html.count("<head>") != 1 or html.count("</head>") != 1:
        raise RuntimeError(f"{index} is not the page lcd/server.py expects (one <head>); check it against this Streamlit")
    bundle = chart_bundle(static)
    preload = f'<link rel="modulepreload" crossorigin href="{bundle}">' if bundle else ""
    return html.replace("<head>", "<head>" + ADDRESS + GEO_ASSETS, 1).replace("</head>", preload + "</head>", 1)


async def page(request: Request) -> HTMLResponse:
    return HTMLResponse(page_html(), headers={"Cache-Control": "no-cache"})


app = st.App(MAIN, routes=[Route(path, page, methods=["GET", "HEAD"]) for path in page_paths()])
