"""Presentation mode (`?present=1&slide=N`): no sidebar, filters or Streamlit chrome, large type, one chart
per screen with previous and next, still driven by the URL."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from lcd.i18n import t
from lcd.page import Page

CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > :not(:has(> .st-key-slide)):not(:has(> .st-key-present_nav))
{ display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1rem; max-width: 100%; }
.st-key-present_nav p, .st-key-present_nav button { font-size: 1.4rem; }
</style>"""


def chrome():
    """Hide everything but the slide and its navigation; returns the navigation's place at the top
    (navigation() fills it once the page's views are known)."""
    st.html(CSS)
    return st.container(key="present_nav")


def slide(page: Page, panel, key: str) -> None:
    """The slide's chart, large."""
    with st.container(key="slide"):
        if panel.empty:
            st.info(panel.empty_message or t("empty.no_data"))
            return
        big = go.Figure(panel.figure(page)).update_layout(height=760, font={"size": 20}, title={"font": {"size": 30}})
        st.plotly_chart(big, key=key, config={"displaylogo": False, "responsive": True})


def _goto(number: int) -> None:
    st.query_params["slide"] = str(number)


def _leave() -> None:
    for name in ("present", "slide"):
        st.query_params.pop(name, None)


def navigation(page: Page) -> None:
    """Previous, position, next and exit; a page without charts says so instead of "chart 1 of 0"."""
    count = len(page.views)
    current = min(page.slide, max(count - 1, 0)) + 1
    with page.nav_box:
        back, where, forward, leave = st.columns([1, 3, 1, 1])
        back.button(t("present.previous"), on_click=_goto, args=(current - 1,), disabled=current <= 1 or not count,
                    icon=":material/arrow_back:")
        where.markdown(t("present.position", page=t("nav." + page.name), current=current, count=count) if count
                       else t("present.no_charts"))
        forward.button(t("present.next"), on_click=_goto, args=(current + 1,), disabled=current >= count,
                       icon=":material/arrow_forward:")
        leave.button(t("present.exit"), on_click=_leave, icon=":material/close:")
