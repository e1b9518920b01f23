"""lcd/server.py: every page's URL is served with the app's address and the chart bundle preloaded."""

from __future__ import annotations

import re

import pytest

from lcd import server
from lcd.page import NAVIGATION


def test_every_page_of_the_app_has_a_route_and_nothing_else_does():
    expected = sorted("/" if name == "overview" else f"/{name}" for name in NAVIGATION)
    assert sorted(server.page_paths()) == expected
    assert sorted(route.path for route in server.app._user_routes) == expected


def test_page_html_sets_the_address_before_streamlit_runs_and_preloads_an_existing_bundle():
    html = server.page_html()
    assert html.index(server.ADDRESS) < html.index('<script type="module"')
    assert html.index(server.GEO_ASSETS) < html.index('<script type="module"')  # maps find their base topology in the page
    preload = re.search(r'<link rel="modulepreload" crossorigin href="\./(static/js/PlotlyChart\.[^"]+\.js)">', html)
    assert preload, "the chart bundle is not preloaded"
    assert (server.STATIC / preload.group(1)).is_file()
    # Streamlit's page is otherwise unchanged
    stock = (server.STATIC / "index.html").read_text(encoding="utf-8")
    for addition in (server.ADDRESS, server.GEO_ASSETS, preload.group(0)):
        html = html.replace(addition, "", 1)
    assert html == stock


@pytest.mark.parametrize("bundles", [0, 2])
def test_no_preload_unless_exactly_one_chart_bundle(tmp_path, bundles):
    (tmp_path / "static" / "js").mkdir(parents=True)
    for n in range(bundles):
        (tmp_path / "static" / "js" / f"PlotlyChart.hash{n}.js").write_text("")
    (tmp_path / "index.html").write_text("<html><head><title>x</title></head><body></body></html>")
    assert server.chart_bundle(tmp_path) is None
    html = server.page_html.__wrapped__(tmp_path)
    assert "modulepreload" not in html and server.ADDRESS in html


def test_an_unexpected_streamlit_page_is_a_clear_error(tmp_path):
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "index.html").write_text("<html><body>no head</body></html>")
    with pytest.raises(RuntimeError, match="index.html is not the page"):
        server.page_html.__wrapped__(tmp_path)
