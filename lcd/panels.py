"""A page's charts, one at a time: views, the cache of built panels, drawing, and click-to-select.

A page declares its charts as views (`views(page, {"rates": (label, build), …})`); only the chosen
one (`?view=`, the first by default) is queried, built and sent, as a chart or as its table
(`?show=table`). Presentation mode shows the slide's chart; the meeting pack builds them all when
it is downloaded (lcd.downloads).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lcd import charts, db
from lcd.controls import option, option_value
from lcd.filters import clicked_data
from lcd.i18n import t
from lcd.page import Page, page_file
from lcd.tables import md, table

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
SHOW = ("chart", "table")
NOT_IN_PANEL = ("show", "present", "slide", "story", "step")  # URL parameters of how a panel is shown, not what it holds


@dataclass
class Panel:
    """One chart of a page, with the table behind it and what to say when it is empty."""

    fig: go.Figure
    frame: pd.DataFrame
    columns: list[str]
    empty_message: str | None = None
    note: str | None = None  # a caption under the chart
    summary: str | None = None  # what the chart shows, in plain words (lcd.summaries): above it, and in exports
    series: tuple[list[str], str, str] | None = None  # a time series table: (series keys, value column, flag column)
    on_click: Callable[[list], dict[str, str]] | None = None  # a clicked point's customdata → the URL parameters it sets

    def __post_init__(self) -> None:
        if self.summary:  # the figure carries it into images, the deck's notes and the offline pack
            self.fig.update_layout(meta={**(self.fig.layout.meta or {}), "summary": self.summary})

    @property
    def empty(self) -> bool:
        return self.frame.empty or bool((self.fig.layout.meta or {}).get("empty"))

    def figure(self, page: Page) -> go.Figure:
        """The figure as this page's reader sees it (years in the Buddhist Era when that option is on)."""
        return charts.with_buddhist_era(self.fig, page.lang) if page.buddhist_era else self.fig


View = tuple[str, Callable[[], Panel]]  # (label, builder): the builder runs only when the chart is shown or exported


@st.cache_resource(max_entries=512, show_spinner=False)
def _built(key: tuple, _build: Callable[[], Panel]) -> Panel:
    """A panel built once per `key`. Building a figure in plotly costs 10-70 ms of the server's time,
    before the chart can be sent. Panels are shared between sessions, so none is changed once built."""
    return _build()


def clear_cache() -> None:
    """Forget every built panel (benchmarks measure cache misses)."""
    _built.clear()


def _panel(page: Page, name: str, build: Callable[[], Panel]) -> Panel:
    """The page's view `name`, from the cache of built panels. A view is a function of the page, its
    URL, the reader's language and the data it reads (the shared file's identity or the session's
    upload), which is the key."""
    params = tuple(sorted((k, v) for k, v in st.query_params.to_dict().items() if k not in NOT_IN_PANEL))
    return _built((page.name, name, page.lang, params, db.identity(page.source), str(page.source)), build)


def views(page: Page, page_views: dict[str, View]) -> str:
    """Show one of a page's charts at a time, chosen with buttons and kept in the URL (`view=`; the first
    is the default), as a chart or as its table (`show=table`). Returns the chosen view's name."""
    page.views = page_views
    names = list(page_views)
    if page.present:
        from lcd import presenting

        # a story's step shows the view its URL names; a page's own slides step through its views
        name = option_value("view", names) if page.story else names[min(page.slide, len(names) - 1)]
        presenting.slide(page, _panel(page, name, page_views[name][1]), f"{page.name}_{name}")
        return name
    with st.container(horizontal=True, gap="medium", vertical_alignment="bottom"):
        if len(page_views) > 1:
            option("view", {n: label for n, (label, _) in page_views.items()}, t("view.label"))
        option("show", {code: t(f"tab.{code}") for code in SHOW}, t("view.show"))
    name, as_table = option_value("view", names), option_value("show", list(SHOW)) == "table"
    panel = _panel(page, name, page_views[name][1])
    _draw(page, panel, f"{page.name}_{name}", as_table)
    if panel.note:
        st.caption(panel.note)
    return name


def _draw(page: Page, panel: Panel, key: str, as_table: bool) -> None:
    """Draw a panel's figure, or the table behind it; a click on a place selects it across pages."""
    from lcd import downloads

    title = md(panel.fig.layout.title.text or "")
    if panel.empty:
        st.markdown(f"**{title}**")
        st.info(panel.empty_message or t("empty.no_data"))
        return
    if panel.summary:
        with st.container(key="summary"):
            st.markdown(md(panel.summary))
    if as_table:
        from lcd.changes import changes

        st.markdown(f"**{title}**")
        table(page, panel.frame, panel.columns)
        shown = [c for c in panel.columns if c in panel.frame]
        downloads.data(page, panel.frame, shown, downloads.sources_of(panel.frame), key, summary=panel.summary)
        if panel.series:
            keys, value, flag = panel.series
            st.markdown(f"**{t('table.changes_title')}**")
            change = changes(panel.frame, keys, value, flag)
            table(page, change, [*[k for k in keys if k != "series_id"], *change.columns[len(keys):]])
        return
    fig = panel.figure(page)
    event = st.plotly_chart(fig, key=key, on_select="rerun", selection_mode="points", config=PLOTLY_CONFIG)
    clicked = clicked_data(event)
    if clicked:
        wanted = panel.on_click(clicked) if panel.on_click else {"place": str(clicked[0])}
        if any(st.query_params.get(k) != v for k, v in wanted.items()):
            st.query_params.update(wanted)
            st.rerun()
    selected_note(page)
    from lcd import storyboard

    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        downloads.images(page, fig, key)
        storyboard.add_button(page, panel.fig.layout.title.text or "")


def selected_note(page: Page) -> None:
    """Where the reader is looking after a click: the selected place, with a link to its profile."""
    place = page.url_filters.place
    if not place or page.name == "place":
        return
    from lcd import queries

    name = queries.places(page.lang).set_index("place_id").name.get(place, place)
    with st.container(horizontal=True, vertical_alignment="center", key="selected_place"):
        st.markdown(t("selected.place", place=md(name)))
        st.page_link(page_file("place"), label=t("selected.open_profile"), query_params=page.link_query("place"),
                     icon=":material/arrow_forward:")


def all_figures(page: Page) -> list[go.Figure]:
    """Every chart of a page that has data, as its reader sees it (for the meeting pack and deck)."""
    panels = [build() for _, build in page.views.values()]
    return [panel.figure(page) for panel in panels if not panel.empty]
